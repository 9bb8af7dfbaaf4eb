from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from litestar.testing import WebSocketTestSession

from eventday.accounts.models import Role
from eventday.db import Database
from eventday.events.models import Event
from tests.conftest import AccountMaker, Client, log_in
from tests.live.helpers import api_token, join_token

SLUG = "kompetensdagen"


@pytest.fixture
async def headers(db: Database, make_account: AccountMaker) -> dict[str, str]:
    """API headers of an organiser (also logged in on the client's session)."""
    await make_account(Role.ORGANISER, "org@example.se")
    return await api_token(db, "org@example.se")


@pytest.fixture
def participant(client: Client, event: Event) -> Callable[[], Any]:
    async def connect() -> AbstractContextManager[WebSocketTestSession]:
        token = await join_token(client, event.join_code)
        return await client.websocket_connect(f"/{event.join_code}/ws?token={token}")

    return connect


@pytest.fixture
async def console(client: Client, headers: dict[str, str]) -> Callable[[], Any]:
    """Open a console socket as the logged-in organiser."""
    await log_in(client, "org@example.se")

    async def connect() -> AbstractContextManager[WebSocketTestSession]:
        return await client.websocket_connect(f"/console/{SLUG}/ws")

    return connect
