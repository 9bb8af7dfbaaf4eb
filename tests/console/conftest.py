from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from litestar.testing import WebSocketTestSession

from tests.conftest import Client, log_in
from tests.live.conftest import headers, participant

__all__ = ["console", "headers", "participant"]

SLUG = "kompetensdagen"


@pytest.fixture
async def console(client: Client, headers: dict[str, str]) -> Callable[[], Any]:
    """Open a console socket as the organiser (logged in on the client's session too)."""
    await log_in(client, "org@example.se")

    async def connect() -> AbstractContextManager[WebSocketTestSession]:
        return await client.websocket_connect(f"/console/{SLUG}/ws")

    return connect
