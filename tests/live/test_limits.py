"""Limits on the cheap live paths (issue 14, item 5): joins per address, pings and
error replies per connection, sockets per participant; "connected now" and online
presence count participants, not sockets."""

from __future__ import annotations

import asyncio

import msgspec
import pytest
from litestar import Litestar
from litestar.exceptions import WebSocketDisconnect
from litestar.testing import WebSocketTestSession

from eventday.db import Database
from eventday.events.models import Event
from eventday.settings import Settings
from tests.conftest import Client
from tests.live.helpers import join_token, receive, until

JOINS = 4


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return msgspec.structs.replace(
        settings,
        live_joins_per_address=JOINS,
        live_pings_per_second=2,
        live_error_replies_per_second=3,
        live_sockets_per_participant=2,
    )


def replies_until_pong(ws: WebSocketTestSession, ref: str) -> list[dict[str, str]]:
    """Every answer (error or pong) up to the pong for ``ref``."""
    replies = []
    while True:
        message = receive(ws)
        if message["type"] in ("error", "pong"):
            replies.append(message)
            if message["type"] == "pong" and message["ref"] == ref:
                return replies


async def test_joins_per_address_are_limited_on_the_api_and_the_page(
    client: Client, event: Event, db: Database
) -> None:
    statuses = [
        (await client.post(f"/api/v1/live/{event.join_code}/join")).status_code
        for _ in range(JOINS + 1)
    ]
    refused = await client.post(
        f"/api/v1/live/{event.join_code}/join", headers={"Accept-Language": "en"}
    )
    page = await client.get(f"/{event.join_code}")
    participants = await db.fetch_value(
        "SELECT COUNT(*) FROM live_participants WHERE event_id = ?", (event.id,)
    )
    assert statuses == [201] * JOINS + [429]
    assert refused.status_code == 429
    assert "Many people have just joined from your network" in refused.json()["detail"]
    assert page.status_code == 429
    assert "Många har just anslutit från ditt nätverk" in page.text
    assert participants == JOINS


async def test_pings_and_error_replies_are_limited_per_connection(
    client: Client, event: Event
) -> None:
    token = await join_token(client, event.join_code)
    with await client.websocket_connect(f"/{event.join_code}/ws?token={token}") as ws:
        until(ws, lambda m: m["type"] == "stage")
        for n in range(4):
            ws.send_text(f'{{"type":"ping","ref":"p{n}"}}')
        pings = replies_until_pong(ws, "p1")
        until(ws, lambda m: m.get("ref") == "p3")
        for n in range(6):
            ws.send_text(f"not json {n}")
        await asyncio.sleep(1.1)  # a new second for pings
        ws.send_text('{"type":"ping","ref":"after"}')
        errors = replies_until_pong(ws, "after")
    assert [(m["type"], m["ref"]) for m in pings] == [("pong", "p0"), ("pong", "p1")]
    # Two pings were refused with too-fast this second; so one error reply is left,
    # or, in the next second, three: never the six the frames asked for.
    assert 1 <= len([m for m in errors if m["type"] == "error"]) <= 3


async def test_a_participant_opens_only_so_many_sockets(client: Client, event: Event) -> None:
    token = await join_token(client, event.join_code)
    url = f"/{event.join_code}/ws?token={token}"
    with await client.websocket_connect(url) as first, await client.websocket_connect(url):
        until(first, lambda m: m["type"] == "stage")
        with await client.websocket_connect(url) as third:
            refused = receive(third)
            with pytest.raises(WebSocketDisconnect) as closing:
                third.receive(timeout=5)
    with await client.websocket_connect(url) as again:
        hello = receive(again)
    assert (refused["code"], closing.value.code, hello["type"]) == (
        "too-many-sockets",
        4429,
        "hello",
    )


async def test_connected_now_and_presence_count_participants_not_sockets(
    app: Litestar, client: Client, event: Event, db: Database
) -> None:
    hub = app.state.live.hub
    one, two = [await join_token(client, event.join_code) for _ in range(2)]
    base = f"/{event.join_code}/ws?token="
    with (
        await client.websocket_connect(base + one) as a,
        await client.websocket_connect(base + one) as b,
        await client.websocket_connect(base + two) as c,
    ):
        for ws in (a, b, c):
            until(ws, lambda m: m["type"] == "stage")
        connected = hub.connected_now(event.id)
        open_intervals = await db.fetch_value(
            "SELECT COUNT(*) FROM presence_intervals WHERE event_id = ? AND ended_at IS NULL",
            (event.id,),
        )
    assert (connected, open_intervals) == (2, 2)
