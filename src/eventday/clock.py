"""Time as eventday stores it: aware UTC datetimes, ISO 8601 text in the database.

This module is the one place the server reads the wall clock (a test keeps it so):
code asks ``utcnow()`` or ``wall_seconds()``, never ``datetime.now`` or ``time.time``,
so the whole server moves together when the clock is moved.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from eventday.errors import N_, InvalidInput


def utcnow() -> datetime:
    return datetime.now(UTC)


def wall_seconds() -> float:
    """Seconds since the epoch, for lining up ticks across processes."""
    return time.time()


def to_db(moment: datetime) -> str:
    """UTC ISO text for the database; refuses naive datetimes, which hide their zone,
    and (as invalid input) a moment whose UTC is beyond the years 1-9999."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: attach a time zone before storing")
    try:
        return moment.astimezone(UTC).isoformat(timespec="seconds")
    except OverflowError as exc:
        raise InvalidInput(N_("This date is out of range.")) from exc


def from_db(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def from_db_or_none(text: str | None) -> datetime | None:
    """For nullable time columns."""
    return from_db(text) if text else None


def now_db() -> str:
    return to_db(utcnow())


def server_time() -> str:
    """Now to the millisecond, for clients that count down to a stored moment."""
    return utcnow().isoformat(timespec="milliseconds")


def local(moment: datetime, timezone: str) -> datetime:
    return moment.astimezone(ZoneInfo(timezone))
