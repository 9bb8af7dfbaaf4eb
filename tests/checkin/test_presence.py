"""Online attendance: the private link joins the live session as the registered
person; each connected participant is a presence interval; a short reconnect is merged away;
minutes are counted per session and against the organiser's rule."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import websockets

from eventday.agenda import service as agenda
from eventday.agenda.models import SessionIn, SessionKind
from eventday.checkin import service
from eventday.checkin.attendance import event_attendance
from eventday.checkin.models import AttendanceSettingsIn
from eventday.checkin.presence import merge
from eventday.clock import to_db, utcnow
from eventday.db import Database
from eventday.events.models import Event
from eventday.live import participants as live
from eventday.settings import Settings
from tests.checkin.conftest import register
from tests.conftest import Client
from tests.live.helpers import receive
from tests.registration.conftest import CSRF_FIELD, Served, make_event

# Dates here are relative to the clock: the tests also run a year ahead and back.
pytestmark = pytest.mark.any_date


T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def test_merge_joins_short_reconnects_only() -> None:
    spans = [
        (T0, T0 + timedelta(minutes=30)),
        (T0 + timedelta(minutes=31), T0 + timedelta(minutes=60)),  # 1 minute away
        (T0 + timedelta(minutes=70), T0 + timedelta(minutes=80)),  # 10 minutes away
    ]

    assert merge(spans) == [
        (T0, T0 + timedelta(minutes=60)),
        (T0 + timedelta(minutes=70), T0 + timedelta(minutes=80)),
    ]


async def test_private_link_joins_live_and_reconnect_is_one_interval(
    served: Served, settings: Settings
) -> None:
    now = utcnow()
    event = await make_event(
        served.db, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1)
    )
    registered = await register(served.db, settings, event, 1)
    async with httpx.AsyncClient(base_url=served.url, timeout=30) as client:
        page = await client.get(f"/r/{registered.token}")
        csrf = CSRF_FIELD.search(page.text)
        assert csrf, "no join form on the private link page"
        joined = await client.post(
            f"/r/{registered.token}/live", data={"_csrf_token": csrf.group(1)}
        )
        cookie = client.cookies.get(f"eventday_participant_{event.id}")
    assert joined.status_code == 303
    assert joined.headers["location"] == f"/{event.join_code}"
    assert cookie
    url = f"ws://{served.url.removeprefix('http://')}/{event.join_code}/ws?token={cookie}"

    for _ in range(2):  # connect, drop, reconnect at once
        async with websockets.connect(url) as ws:
            hello = json.loads(await asyncio.wait_for(ws.recv(), 10))
            assert hello["type"] == "hello"
    await _until_closed(served.db)

    rows = await served.db.fetch_all(
        "SELECT p.started_at, p.ended_at, lp.registration_id FROM presence_intervals p"
        " JOIN live_participants lp ON lp.id = p.participant_id ORDER BY p.id"
    )
    # One interval per participant connected: two if the server saw the first socket
    # close before the second opened, one if the two overlapped.
    registrations = [r["registration_id"] for r in rows]
    assert set(registrations) == {registered.registration.id}
    assert len(registrations) in (1, 2)
    spans = [(datetime.fromisoformat(r[0]), datetime.fromisoformat(r[1])) for r in rows]
    assert len(merge(spans)) == 1


async def test_private_link_token_joins_live_through_the_api(
    client: Client, db: Database, settings: Settings
) -> None:
    now = utcnow()
    event = await make_event(
        db, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1)
    )
    registered = await register(db, settings, event, 1)
    joined = await client.post(f"/api/v1/r/{registered.token}/live")
    wrong = await client.post("/api/v1/r/not-a-private-link/live")
    assert joined.status_code == 201
    body = joined.json()
    assert (body["event"], body["code"]) == (event.id, event.join_code)
    with await client.websocket_connect(f"/{body['code']}/ws?token={body['token']}") as ws:
        hello = receive(ws)
    assert hello["participant"] == body["participant"]
    await _until_closed(db)
    rows = await db.fetch_all(
        "SELECT lp.registration_id FROM presence_intervals p"
        " JOIN live_participants lp ON lp.id = p.participant_id"
    )
    assert [r["registration_id"] for r in rows] == [registered.registration.id]
    assert (wrong.status_code, wrong.headers["content-type"]) == (404, "application/problem+json")
    assert wrong.json()["type"] == "urn:eventday:problem:not-found"


async def _until_closed(db: Database) -> None:
    """The server ends an interval after the last socket's close arrives; wait for it."""
    for _ in range(100):
        still_open = await db.fetch_value(
            "SELECT COUNT(*) FROM presence_intervals WHERE ended_at IS NULL"
        )
        if still_open == 0 and await db.fetch_value("SELECT COUNT(*) FROM presence_intervals"):
            return
        await asyncio.sleep(0.05)
    raise AssertionError("presence intervals were not closed")


async def _online(
    db: Database, event: Event, reg_id: int | None, spans: list[tuple[int, int]]
) -> None:
    participant = await live.join(db, event)
    if reg_id is not None:
        await live.link_registration(db, participant, reg_id)
    for start, end in spans:
        await db.execute(
            "INSERT INTO presence_intervals (event_id, participant_id, started_at, ended_at)"
            " VALUES (?, ?, ?, ?)",
            (
                event.id,
                participant,
                to_db(event.starts_at + timedelta(minutes=start)),
                to_db(event.starts_at + timedelta(minutes=end)),
            ),
        )


async def test_online_minutes_per_session_and_rule(
    db: Database, settings: Settings, event: Event
) -> None:
    talk = await agenda.save_session(
        db,
        event,
        SessionIn(
            title="Inledning",
            kind=SessionKind.TALK,
            starts_at=event.starts_at,
            ends_at=event.starts_at + timedelta(minutes=120),
        ),
    )
    long_stay = (await register(db, settings, event, 1)).registration
    short_stay = (await register(db, settings, event, 2)).registration
    # 0-50 and 51-95 (a one-minute reconnect), then away: 95 minutes.
    await _online(db, event, long_stay.id, [(0, 50), (51, 95)])
    await _online(db, event, short_stay.id, [(0, 20)])
    await _online(db, event, None, [(0, 30)])
    await service.save_attendance_settings(db, event, AttendanceSettingsIn(online_percent=15))

    result = await event_attendance(db, event)

    long_seen, short_seen = result.of(long_stay.id), result.of(short_stay.id)
    assert (long_seen.online_minutes, long_seen.online_total) == ({talk.id: 95}, 95)
    assert long_seen.event_minutes == 480
    assert (long_seen.attended, short_seen.attended) == (True, False)
    assert long_seen.sessions_attended == [talk.id]
    assert result.anonymous_online == 1
