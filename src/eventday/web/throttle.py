"""Counting attempts in a window, kept in a Litestar store (memory or Redis), so the
limit holds across processes when Redis is configured."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.stores.base import Store


def client_address(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """The client's network address, as throttle keys count it (behind a proxy, the
    forwarded one: uvicorn runs with proxy headers)."""
    return connection.client.host if connection.client else "-"


class Throttle:
    def __init__(self, store: Store, limit: int, window_seconds: int) -> None:
        self.store = store
        self.limit = limit
        self.window = window_seconds

    async def count(self, key: str) -> int:
        value = await self.store.get(key)
        return int(value) if value else 0

    async def blocked(self, key: str) -> bool:
        return await self.count(key) >= self.limit

    async def record(self, key: str) -> int:
        """Count one more attempt; the window starts at the first attempt."""
        count = await self.count(key) + 1
        remaining = await self.store.expires_in(key) if count > 1 else None
        await self.store.set(key, str(count), expires_in=remaining or self.window)
        return count

    async def reset(self, key: str) -> None:
        await self.store.delete(key)
