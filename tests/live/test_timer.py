"""Countdowns: the server owns the deadline (stored with the activity), phones get it
with the server's clock, and at zero the activity closes exactly once, whichever
process sees it first, also after a restart. The clock is moved (``time_machine``),
never waited for."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from litestar.testing import AsyncTestClient

from eventday.app import create_app
from eventday.clock import from_db, utcnow
from eventday.db import Database
from eventday.db.migrations import migrate
from eventday.errors import Conflict
from eventday.events import service as events
from eventday.events.models import Event, EventIn
from eventday.live import activities, queries, timers
from eventday.live.effects import ActivityChanged, CountdownEnded
from eventday.live.models import ActivityConfig, ActivityIn, ActivityKind, ActivityState
from eventday.settings import Settings
from tests.conftest import Client
from tests.live.helpers import create, snapshot_where, until

SLUG = "kompetensdagen"
POLL = {"kind": "choice", "title": "Fika?", "config": {"options": ["Ja", "Nej"]}}


async def _database(path: Path) -> Database:
    db = Database(path)
    await db.connect()
    await migrate(db)
    return db


async def _open_poll(db: Database) -> tuple[Event, int]:
    starts = utcnow() + timedelta(days=1)
    event = await events.create_event(
        db, EventIn(name="Dagen", starts_at=starts, ends_at=starts + timedelta(hours=8))
    )
    async with db.transaction() as tx:
        poll = await activities.create_activity(
            tx,
            event,
            ActivityIn(
                kind=ActivityKind.CHOICE,
                title="Fika?",
                config=ActivityConfig(options=["Ja", "Nej"]),
            ),
        )
        await activities.set_state(tx, poll, ActivityState.OPEN)
    return event, poll.id


@pytest.fixture
async def service_db(tmp_path: Path) -> AsyncIterator[Database]:
    db = await _database(tmp_path / "t.db")
    yield db
    await db.close()


async def test_a_countdown_closes_its_activity_at_zero_and_not_before(
    service_db: Database, now: datetime
) -> None:
    db = service_db
    emitted: list[object] = []
    db.on(ActivityChanged, emitted.append)
    db.on(CountdownEnded, emitted.append)
    event, poll = await _open_poll(db)
    activity = await queries.activity_by_id(db, poll)
    assert activity is not None
    with time_machine.travel(now, tick=False):
        async with db.transaction() as tx:
            started = await activities.start_timer(tx, activity, 30)
        assert started.deadline is not None
        assert from_db(started.deadline) == now + timedelta(seconds=30)
        emitted.clear()
    with time_machine.travel(now + timedelta(seconds=29), tick=False):
        assert await timers.close_due(db) == []
    assert emitted == []
    with time_machine.travel(now + timedelta(seconds=30), tick=False):
        assert await timers.close_due(db) == [poll]
        assert await timers.close_due(db) == []  # once
    closed = await queries.activity_by_id(db, poll)
    assert closed is not None
    assert closed.state is ActivityState.CLOSED
    assert closed.deadline is None
    assert closed.version > started.version
    assert emitted == [ActivityChanged(poll), CountdownEnded(event.id, poll)]


async def test_extend_adds_to_the_deadline_and_cancel_keeps_the_activity_open(
    service_db: Database, now: datetime
) -> None:
    db = service_db
    _, poll = await _open_poll(db)
    activity = await queries.activity_by_id(db, poll)
    assert activity is not None
    with time_machine.travel(now, tick=False):
        async with db.transaction() as tx:
            await activities.start_timer(tx, activity, 60)
            extended = await activities.extend_timer(tx, activity, 30)
    assert extended.deadline is not None
    assert from_db(extended.deadline) == now + timedelta(seconds=90)
    with time_machine.travel(now + timedelta(seconds=60), tick=False):
        assert await timers.close_due(db) == []
        async with db.transaction() as tx:
            cancelled = await activities.cancel_timer(tx, activity)
    assert cancelled.deadline is None
    with time_machine.travel(now + timedelta(hours=1), tick=False):
        assert await timers.close_due(db) == []
    still = await queries.activity_by_id(db, poll)
    assert still is not None
    assert still.state is ActivityState.OPEN
    async with db.transaction() as tx:
        with pytest.raises(Conflict) as no_timer:
            await activities.extend_timer(tx, activity, 30)
    assert no_timer.value.code == "no-timer"


async def test_a_timer_needs_an_open_activity_and_closing_by_hand_drops_it(
    service_db: Database,
) -> None:
    db = service_db
    _, poll = await _open_poll(db)
    activity = await queries.activity_by_id(db, poll)
    assert activity is not None
    async with db.transaction() as tx:
        await activities.start_timer(tx, activity, 30)
        closed = await activities.set_state(tx, activity, ActivityState.CLOSED)
    assert closed.deadline is None
    async with db.transaction() as tx:
        with pytest.raises(Conflict) as refused:
            await activities.start_timer(tx, closed, 30)
    assert refused.value.code == "not-open"


async def test_two_processes_close_a_countdown_exactly_once(tmp_path: Path, now: datetime) -> None:
    """Two databases on one file stand for two processes ticking together."""
    first = await _database(tmp_path / "shared.db")
    second = Database(tmp_path / "shared.db")
    await second.connect()
    try:
        _, poll = await _open_poll(first)
        activity = await queries.activity_by_id(first, poll)
        assert activity is not None
        with time_machine.travel(now, tick=False):
            async with first.transaction() as tx:
                await activities.start_timer(tx, activity, 30)
        with time_machine.travel(now + timedelta(seconds=31), tick=False):
            closed = await asyncio.gather(
                *(timers.close_due(db) for db in (first, second, first, second))
            )
        assert sorted(map(len, closed)) == [0, 0, 0, 1]
        assert [poll] in closed
    finally:
        await second.close()
        await first.close()


async def _start(client: Client, headers: dict[str, str], poll: int, seconds: int) -> Any:
    response = await client.put(
        f"/api/v1/events/{SLUG}/live/activities/{poll}/timer",
        json={"seconds": seconds},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_phones_get_the_deadline_and_the_server_clock_and_the_poll_closes_at_zero(
    client: Client, event: Event, headers: dict[str, str], participant: Any, now: datetime
) -> None:
    poll = await create(client, headers, SLUG, **POLL)
    opened = await client.post(
        f"/api/v1/events/{SLUG}/live/activities/{poll}/open", headers=headers
    )
    assert opened.status_code == 200
    with await participant() as phone:
        hello = until(phone, lambda m: m["type"] == "hello")
        server_now = datetime.fromisoformat(hello["now"])
        assert abs((server_now - utcnow()).total_seconds()) < 5
        started = await _start(client, headers, poll, 30)
        counting = snapshot_where(phone, poll, lambda m: m["activity"].get("deadline"))
        assert counting["activity"]["deadline"] == started["deadline"]
        assert from_db(started["deadline"]) - server_now > timedelta(seconds=25)
        extended = await client.post(
            f"/api/v1/events/{SLUG}/live/activities/{poll}/timer/extend",
            json={"seconds": 30},
            headers=headers,
        )
        assert extended.status_code == 200
        later = snapshot_where(
            phone, poll, lambda m: m["activity"].get("deadline") == extended.json()["deadline"]
        )
        assert from_db(later["activity"]["deadline"]) - from_db(started["deadline"]) == timedelta(
            seconds=30
        )
        with time_machine.travel(from_db(later["activity"]["deadline"]), tick=True):
            closed = snapshot_where(phone, poll, lambda m: m["activity"]["state"] == "closed")
    assert "deadline" not in closed["activity"] or closed["activity"]["deadline"] is None


async def test_timer_errors_are_problem_documents(
    client: Client, event: Event, headers: dict[str, str]
) -> None:
    poll = await create(client, headers, SLUG, **POLL)
    base = f"/api/v1/events/{SLUG}/live/activities/{poll}/timer"
    draft = await client.put(base, json={"seconds": 30}, headers=headers)
    assert draft.status_code == 409
    assert draft.json()["type"].endswith(":not-open")
    await client.post(f"/api/v1/events/{SLUG}/live/activities/{poll}/open", headers=headers)
    too_short = await client.put(base, json={"seconds": 1}, headers=headers)
    assert too_short.status_code == 422
    assert "seconds" in too_short.text
    none_running = await client.post(f"{base}/extend", json={}, headers=headers)
    assert none_running.status_code == 409
    assert none_running.json()["type"].endswith(":no-timer")
    cancel = await client.delete(base, headers=headers)
    assert cancel.status_code == 409


async def test_the_deadline_survives_a_restart_and_the_new_process_closes_it(
    settings: Settings, now: datetime
) -> None:
    app = create_app(settings)
    async with AsyncTestClient(app, base_url="http://testserver.local"):
        _event, poll = await _open_poll(app.state.db)
        activity = await queries.activity_by_id(app.state.db, poll)
        assert activity is not None
        async with app.state.db.transaction() as tx:
            started = await activities.start_timer(tx, activity, 30)
    assert started.deadline is not None
    restarted = create_app(settings)
    async with AsyncTestClient(restarted, base_url="http://testserver.local"):
        db: Database = restarted.state.db
        kept = await queries.activity_by_id(db, poll)
        assert kept is not None
        assert kept.deadline == started.deadline
        with time_machine.travel(from_db(started.deadline), tick=True):
            for _ in range(100):
                current = await queries.activity_by_id(db, poll)
                assert current is not None
                if current.state is ActivityState.CLOSED:
                    break
                await asyncio.sleep(0.05)
    assert current.state is ActivityState.CLOSED


async def test_the_stage_lists_q_and_a_and_activities_marked_always_open(
    client: Client, event: Event, headers: dict[str, str], participant: Any
) -> None:
    qa = await create(client, headers, SLUG, kind="qa", title="Frågor")
    ideas = await create(client, headers, SLUG, kind="ideas", title="Idéer")
    poll = await create(client, headers, SLUG, **POLL)
    for activity in (qa, ideas, poll):  # the poll, opened last, is on stage
        opened = await client.post(
            f"/api/v1/events/{SLUG}/live/activities/{activity}/open", headers=headers
        )
        assert opened.status_code == 200
    with await participant() as phone:
        first = until(phone, lambda m: m["type"] == "stage")
        assert first["activity"] == poll
        assert first["always_open"] == [qa]
        marked = await client.put(
            f"/api/v1/events/{SLUG}/live/activities/{ideas}/always-open",
            json={"on": True},
            headers=headers,
        )
        assert marked.status_code == 200
        assert marked.json()["always_open"] is True
        later = until(phone, lambda m: m["type"] == "stage" and m["version"] > first["version"])
        assert later["always_open"] == [qa, ideas]
        assert later["activity"] == poll
        # Answerable beside the poll: a question to the Q&A while the poll is on stage.
        phone.send_json({"type": "question", "activity": qa, "text": "Hur?", "ref": "q1"})
        ack = until(phone, lambda m: m.get("ref") == "q1")
    assert ack["type"] == "ack"
    assert ack["id"] is not None


async def test_timer_actions_through_the_console_socket_are_logged_once_each(
    client: Client, event: Event, headers: dict[str, str], participant: Any
) -> None:
    from tests.conftest import log_in
    from tests.console.helpers import Socket

    poll = await create(client, headers, SLUG, **POLL)
    await log_in(client, "org@example.se")
    with await client.websocket_connect(f"/console/{SLUG}/ws") as ws:
        console = Socket(ws)
        assert (await console({"type": "open", "activity": poll})).ok
        started = await console({"type": "timer", "activity": poll, "seconds": 60})
        extended = await console({"type": "extend_timer", "activity": poll})
        cancelled = await console({"type": "cancel_timer", "activity": poll})
        again = await console({"type": "cancel_timer", "activity": poll})
        bad = await console({"type": "timer", "activity": poll, "seconds": 4})
        ws.send_json({"type": "ping", "ref": "p"})
        pong = console.until(lambda m: m["type"] == "pong")
    assert started.ok
    assert extended.ok
    assert from_db(extended.result["deadline"]) - from_db(started.result["deadline"]) == timedelta(
        seconds=30
    )
    assert cancelled.ok
    assert cancelled.result["deadline"] is None
    assert cancelled.result["state"] == "open"
    assert (again.ok, again.code) == (False, "no-timer")
    assert (bad.ok, bad.code) == (False, "malformed")
    assert abs((datetime.fromisoformat(pong["now"]) - utcnow()).total_seconds()) < 5
    state = (await client.get(f"/api/v1/events/{SLUG}/console", headers=headers)).json()
    actions = [entry["action"] for entry in state["audit"]]
    assert actions[:4] == ["cancel_timer", "extend_timer", "timer", "open"]
