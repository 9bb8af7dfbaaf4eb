"""Websockets refuse a handshake from a foreign page (issue 14, item 4): a real uvicorn
server, real websocket clients sending the ``Origin`` a browser would send. A
logged-in moderator's cookies do not open the console socket from another site."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import msgspec
import pytest
import websockets
from websockets.exceptions import InvalidStatus

from eventday.accounts import service as accounts
from eventday.accounts.models import AccountIn, Role
from eventday.clock import utcnow
from eventday.events import service as events
from eventday.events.models import Event, EventIn
from eventday.settings import Settings
from eventday.web.origins import origin_of
from tests.conftest import PASSWORD, TEST_PASSWORDS
from tests.registration.conftest import CSRF_FIELD, Served, serve

FOREIGN = "https://evil.example"
PARTNER = "https://app.partner.example"


@pytest.fixture
async def server(settings: Settings) -> AsyncIterator[tuple[Served, Event, str]]:
    """A real server (base URL: its own address), an event, and an organiser's cookies."""
    async for served in serve(msgspec.structs.replace(settings, allowed_origins=PARTNER)):
        starts = utcnow() + timedelta(days=1)
        event = await events.create_event(
            served.db, EventIn(name="Dagen", starts_at=starts, ends_at=starts + timedelta(hours=8))
        )
        await accounts.create_account(
            served.db,
            TEST_PASSWORDS,
            AccountIn(email="org@example.se", role=Role.ORGANISER, password=PASSWORD),
        )
        async with httpx.AsyncClient(base_url=served.url) as client:
            token = CSRF_FIELD.search((await client.get("/login")).text)
            assert token
            await client.post(
                "/login",
                data={"email": "org@example.se", "password": PASSWORD, "_csrf_token": token[1]},
            )
            cookies = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
        yield served, event, cookies


async def first_message(url: str, origin: str | None, cookies: str) -> str:
    """The type of the first message on the socket, or the refused handshake's status."""
    try:
        async with websockets.connect(
            url,
            origin=origin,  # type: ignore[arg-type]
            additional_headers={"Cookie": cookies},
            open_timeout=10,
        ) as ws:
            return str(msgspec.json.decode(await ws.recv())["type"])
    except InvalidStatus as exc:
        return f"HTTP {exc.response.status_code}"


async def test_sockets_open_from_the_servers_own_and_allowed_origins_only(
    server: tuple[Served, Event, str],
) -> None:
    served, event, cookies = server
    ws = served.url.replace("http://", "ws://")
    own = served.url
    sockets = {
        "console": f"{ws}/console/{event.slug}/ws",
        "projector": f"{ws}/{event.join_code}/ws?view=moderator",
        "phone": f"{ws}/{event.join_code}/ws",
    }
    seen = {
        (name, origin): await first_message(url, origin, cookies)
        for name, url in sockets.items()
        for origin in (own, PARTNER, FOREIGN, None)
    }
    assert seen == {
        **{(name, FOREIGN): "HTTP 403" for name in sockets},
        ("console", own): "console",
        ("console", PARTNER): "console",
        ("console", None): "console",
        **{
            (name, origin): "hello"
            for name in ("projector", "phone")
            for origin in (own, PARTNER, None)
        },
    }


def test_origins_compare_as_browsers_serialise_them() -> None:
    assert origin_of("HTTPS://Event.Example.se:443/path?x=1") == "https://event.example.se"
    assert origin_of("http://127.0.0.1:8000/") == "http://127.0.0.1:8000"
    assert origin_of("http://[::1]:80") == "http://[::1]"
    assert origin_of("null") == "://"


async def test_the_base_url_is_allowed_whatever_host_the_request_names(
    settings: Settings,
) -> None:
    """Behind a proxy the handshake may name another host than the public address."""
    public = msgspec.structs.replace(settings, base_url="https://dagen.example.se")
    async for served in serve(public):
        starts = utcnow() + timedelta(days=1)
        event = await events.create_event(
            served.db, EventIn(name="Dagen", starts_at=starts, ends_at=starts + timedelta(hours=8))
        )
        url = f"{served.url.replace('http://', 'ws://')}/{event.join_code}/ws"
        public_page = await first_message(url, "https://dagen.example.se", "")
        other_page = await first_message(url, "https://dagen.example.se:8443", "")
    # An unknown participant is greeted with an error, but the socket opens.
    assert (public_page, other_page) == ("error", "HTTP 403")
