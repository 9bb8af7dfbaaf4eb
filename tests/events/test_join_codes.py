"""The event of a join code, kept a few seconds (``events.join_codes``): a change made
here shows at once, one made by another process within the time kept, and a code
without an event is asked again every time."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import msgspec
import pytest

from eventday.db import Database
from eventday.events import service as events
from eventday.events.join_codes import JoinCodes
from eventday.events.models import Event, EventIn, EventStatus
from eventday.settings import Settings
from tests.conftest import tomorrow_at


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def db(settings: Settings) -> AsyncIterator[Database]:
    database = Database(settings.database)  # a copy of the migrated database
    await database.connect()
    yield database
    await database.close()


@pytest.fixture
async def event(db: Database, now: datetime) -> Event:
    starts = tomorrow_at(now, 8)
    return await events.create_event(
        db, EventIn(name="Kompetensdagen", starts_at=starts, ends_at=starts + timedelta(hours=8))
    )


def rename_elsewhere(db: Database, event: Event, name: str) -> None:
    """What another process's commit looks like to this one: a write on a connection
    of its own."""
    with sqlite3.connect(db.path) as other:
        other.execute("UPDATE events SET name = ? WHERE id = ?", (name, event.id))


async def test_a_change_committed_here_shows_at_once(db: Database, event: Event) -> None:
    codes = JoinCodes(db, clock=Clock())
    assert (await codes.event(event.join_code)) == event
    data = EventIn(
        name="Kompetensdagen i Sandviken", starts_at=event.starts_at, ends_at=event.ends_at
    )
    await events.update_event(db, event, data)
    assert (await codes.event(event.join_code)).name == "Kompetensdagen i Sandviken"  # type: ignore[union-attr]
    await events.set_status(db, event, EventStatus.ARCHIVED)
    assert (await codes.event(event.join_code)).status is EventStatus.ARCHIVED  # type: ignore[union-attr]


async def test_a_change_from_another_process_shows_once_the_time_kept_is_over(
    db: Database, event: Event
) -> None:
    clock = Clock()
    codes = JoinCodes(db, keep_seconds=10, clock=clock)
    assert (await codes.event(event.join_code)) == event
    rename_elsewhere(db, event, "Omdöpt")
    clock.now += 9.9
    assert (await codes.event(event.join_code)) == event  # kept
    clock.now += 0.2
    assert (await codes.event(event.join_code)) == msgspec.structs.replace(event, name="Omdöpt")


async def test_a_code_without_an_event_is_asked_again(db: Database, event: Event) -> None:
    codes = JoinCodes(db, clock=Clock())
    assert await codes.event("MWMWMW") is None
    with sqlite3.connect(db.path) as other:  # another process gives an event that code
        other.execute("UPDATE events SET join_code = 'MWMWMW' WHERE id = ?", (event.id,))
    found = await codes.event("MWMWMW")
    assert found is not None
    assert found.id == event.id
