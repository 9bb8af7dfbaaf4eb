"""Helpers for registration tests: events with a capacity, registering through the
page form, organiser API headers."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
import uvicorn

from eventday.accounts import service as accounts
from eventday.accounts.models import AccountIn, Role
from eventday.app import create_app
from eventday.clock import utcnow
from eventday.db import Database
from eventday.events import service as events
from eventday.events.models import Event, EventIn
from eventday.harness import free_port
from eventday.settings import Settings
from tests.conftest import PASSWORD, TEST_PASSWORDS, Client, csrf_token

CSRF_FIELD = re.compile(r'name="_csrf_token" value="([^"]+)"')
TOKEN_LINK = re.compile(r"^/r/([A-Za-z0-9_-]+)\?new=1$")


async def make_event(db: Database, name: str = "Industridagen", **fields: object) -> Event:
    """An event a month from the test's clock (``eventday.clock``, which ``any_date``
    moves)."""
    starts = utcnow() + timedelta(days=30)
    data: dict[str, object] = {
        "name": name,
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=8),
        **fields,
    }
    return await events.create_event(db, EventIn(**data))  # type: ignore[arg-type]


async def register(client: Client, event: Event, email: str, **fields: object):  # type: ignore[no-untyped-def]
    """Post the public form; returns the response (not followed)."""
    token = await csrf_token(client, f"/e/{event.slug}/register")
    data = {"name": "Test Person", "email": email, "organisation": "Verkstaden AB", **fields}
    return await client.post(
        f"/e/{event.slug}/register", data={**data, "_csrf_token": token}, follow_redirects=False
    )


def private_token(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 303, response.text
    match = TOKEN_LINK.match(response.headers["location"])
    assert match, response.headers["location"]
    return match.group(1)


@pytest.fixture
async def api(db: Database) -> dict[str, str]:
    """Authorization headers of an organiser's API token."""
    account = await accounts.create_account(
        db,
        TEST_PASSWORDS,
        AccountIn(email="api-org@example.se", role=Role.ORGANISER, password=PASSWORD),
    )
    token = await accounts.create_api_token(db, account.id, "tests")
    return {"Authorization": f"Bearer {token}"}


class Served:
    def __init__(self, url: str, db: Database) -> None:
        self.url = url
        self.db = db


async def serve(settings: Settings) -> AsyncIterator[Served]:
    """The app in a real uvicorn server on a free port, in this event loop (so its
    startup tasks, like the mail outbox, run where the requests run)."""
    app = create_app(settings)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", backlog=4096)
    )
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn offers no started event
        await asyncio.sleep(0.05)
    yield Served(f"http://127.0.0.1:{port}", app.state.db)
    server.should_exit = True
    await task


@pytest.fixture
async def served(settings: Settings) -> AsyncIterator[Served]:
    async for server in serve(settings):
        yield server
