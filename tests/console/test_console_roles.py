"""Only the event's moderators and organisers reach the console, on every route and
on the console socket, whatever an attendee or check-in staff sends by hand."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.exceptions import WebSocketDisconnect

from eventday.accounts.models import EventRole, Role
from eventday.db import Database
from eventday.events import service as events
from eventday.events.models import Event, EventIn
from eventday.live.activities import create_activity, get_activity
from eventday.live.models import ActivityIn, ActivityKind
from tests.conftest import AccountMaker, Client, grant, log_in
from tests.console.conftest import SLUG
from tests.live.helpers import api_token, join_token, receive, send

ACTION = "/api/v1/events/{slug}/console/actions"
CRAFTED = [
    {"type": "open", "activity": 1},
    {"type": "announce", "text": "Hacked"},
    {"type": "stage", "activity": 1},
    {"type": "hide_word", "activity": 1, "key": "x"},
    {"type": "mute", "activity": 1, "item": 1},
]


async def draft(db: Database, event: Event) -> int:
    async with db.transaction() as tx:
        activity = await create_activity(
            tx, event, ActivityIn(kind=ActivityKind.WORDCLOUD, title="Ord")
        )
    return activity.id


async def untouched(db: Database, event: Event, activity_id: int) -> bool:
    activity = await get_activity(db, event, activity_id)
    announced = await db.fetch_value("SELECT COUNT(*) FROM console_announcements")
    return activity.state.value == "draft" and announced == 0


@pytest.fixture
async def staff(db: Database, event: Event, make_account: AccountMaker) -> str:
    await make_account(Role.STAFF, "staff@example.se")
    await grant(db, event, "staff@example.se", EventRole.STAFF)
    return "staff@example.se"


async def test_attendee_cannot_reach_console_routes(
    client: Client, db: Database, event: Event
) -> None:
    activity = await draft(db, event)
    await client.get(f"/{event.join_code}")  # becomes a participant (cookie)
    token = await join_token(client, event.join_code)
    bearer = {"Authorization": f"Bearer {token}"}
    page = await client.get(f"/console/{SLUG}", follow_redirects=False)
    state = await client.get(f"/api/v1/events/{SLUG}/console", headers=bearer)
    stats = await client.get(f"/api/v1/events/{SLUG}/console/stats", headers=bearer)
    actions = [await client.post(ACTION.format(slug=SLUG), json=m, headers=bearer) for m in CRAFTED]
    assert (page.status_code, state.status_code, stats.status_code) == (401, 401, 401)
    assert {r.status_code for r in actions} == {401}
    assert await untouched(db, event, activity)


async def test_check_in_staff_cannot_reach_console_routes(
    client: Client, db: Database, event: Event, staff: str
) -> None:
    activity = await draft(db, event)
    headers = await api_token(db, staff)
    await log_in(client, staff)
    page = await client.get(f"/console/{SLUG}")
    state = await client.get(f"/api/v1/events/{SLUG}/console", headers=headers)
    actions = [
        await client.post(ACTION.format(slug=SLUG), json=m, headers=headers) for m in CRAFTED
    ]
    assert (page.status_code, state.status_code) == (403, 403)
    assert {r.status_code for r in actions} == {403}
    assert await untouched(db, event, activity)


async def test_console_socket_refuses_attendees_and_staff_whatever_they_send(
    client: Client, db: Database, event: Event, staff: str
) -> None:
    activity = await draft(db, event)
    await client.get(f"/{event.join_code}")  # an attendee's participant cookie
    closes = []
    for who in ("attendee", "staff"):
        if who == "staff":
            await log_in(client, staff)
        with await client.websocket_connect(f"/console/{SLUG}/ws") as ws:
            refused = receive(ws)
            for message in CRAFTED:
                ws.send_json({**message, "activity": activity})
            with pytest.raises(WebSocketDisconnect) as closing:
                ws.receive(timeout=5)
        closes.append((refused["code"], closing.value.code))
    assert closes == [("not-authenticated", 4401), ("forbidden", 4403)]
    assert await untouched(db, event, activity)


async def test_console_actions_on_the_live_socket_are_malformed_and_do_nothing(
    client: Client, db: Database, event: Event
) -> None:
    activity = await draft(db, event)
    token = await join_token(client, event.join_code)
    with await client.websocket_connect(f"/{event.join_code}/ws?token={token}") as ws:
        replies = [send(ws, {**m, "activity": activity}) for m in CRAFTED]
    assert {r["code"] for r in replies} == {"malformed"}
    assert await untouched(db, event, activity)


async def test_a_moderator_reaches_only_the_events_granted(
    client: Client, db: Database, event: Event, make_account: AccountMaker
) -> None:
    other = await events.create_event(
        db, EventIn(name="Annan dag", starts_at=event.starts_at, ends_at=event.ends_at)
    )
    await make_account(Role.MODERATOR, "mod@example.se")
    await grant(db, event, "mod@example.se", EventRole.MODERATOR)
    await log_in(client, "mod@example.se")
    own = await client.get(f"/console/{SLUG}")
    foreign = await client.get(f"/console/{other.slug}")
    with await client.websocket_connect(f"/console/{other.slug}/ws") as ws:
        refused: dict[str, Any] = receive(ws)
    assert (own.status_code, foreign.status_code, refused["code"]) == (200, 403, "forbidden")
