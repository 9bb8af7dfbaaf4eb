"""Online presence: while a participant's live socket is open, one interval row.

The socket calls :func:`connected` when it opens and :func:`disconnected` when it
closes; nothing else on the socket path touches the database for attendance.
Reconnects make several rows; :func:`merge` joins them again when the gap is short,
so a phone that drops its connection for a minute still "attended" that minute.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from eventday.checkin import queries
from eventday.clock import now_db
from eventday.db import Database

RECONNECT_GRACE = timedelta(minutes=2)
Interval = tuple[datetime, datetime]


async def connected(db: Database, event_id: int, participant_id: int) -> int:
    """A participant's socket opened: start an interval; returns its id. Inline (one
    short insert): a join storm makes one for every phone."""
    return await db.write_inline(
        lambda tx: queries.start_presence(tx, event_id, participant_id, now_db())
    )


async def disconnected(db: Database, interval_id: int) -> None:
    """The socket closed: end its interval."""
    await db.write_inline(lambda tx: queries.end_presence(tx, interval_id, now_db()))


def merge(intervals: Iterable[Interval], grace: timedelta = RECONNECT_GRACE) -> list[Interval]:
    """Overlapping intervals, and those apart by less than ``grace``, as one."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start - merged[-1][1] < grace:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def overlap_seconds(intervals: Iterable[Interval], start: datetime, end: datetime) -> float:
    """How long the (merged) intervals cover the span from ``start`` to ``end``."""
    return sum(max(0.0, (min(b, end) - max(a, start)).total_seconds()) for a, b in intervals)
