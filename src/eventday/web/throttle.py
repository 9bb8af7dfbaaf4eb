"""Counting attempts in a window with the ``limits`` library, in memory or in Redis,
so the limit holds across processes when Redis is configured.

An attempt is counted *before* the work it allows (``reserve``), with an increment
that cannot be lost: in one process the counter is bumped without awaiting between
the read and the write, and in Redis by ``INCR`` (its expiry set with the first one).
So a hundred concurrent requests from one address let exactly the limit through.
"""

from __future__ import annotations

from typing import Any

from limits import RateLimitItemPerSecond
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import FixedWindowRateLimiter
from litestar.connection import ASGIConnection

from eventday.settings import Settings


def client_address(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """The client's network address, as throttle keys count it (behind a proxy, the
    forwarded one: uvicorn runs with proxy headers)."""
    return connection.client.host if connection.client else "-"


def build_storage(settings: Settings) -> Storage:
    """Where attempts are counted: Redis when configured, else this process's memory."""
    if settings.redis_url:
        return RedisStorage(
            settings.redis_url, implementation="redispy", key_prefix="eventday:throttle"
        )
    return MemoryStorage()


class Throttle:
    """At most ``limit`` attempts per key in a window that starts at the key's first
    attempt (``limit`` 0: no limit)."""

    def __init__(self, storage: Storage, limit: int, window_seconds: int) -> None:
        self.limit = limit
        self.limiter = FixedWindowRateLimiter(storage)
        self.item = RateLimitItemPerSecond(max(limit, 1), max(window_seconds, 1))

    async def reserve(self, key: str) -> bool:
        """Count one attempt; whether it is within the limit (then go ahead)."""
        return self.limit <= 0 or await self.limiter.hit(self.item, key)

    async def reset(self, key: str) -> None:
        await self.limiter.clear(self.item, key)
