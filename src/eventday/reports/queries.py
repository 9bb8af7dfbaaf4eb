"""SQL for the funder's report and event series."""

from __future__ import annotations

from eventday.clock import now_db
from eventday.db import Reader, Transaction
from eventday.db.rows import from_row, from_rows
from eventday.reports.models import Series, SeriesIn

SERIES_SELECT = "SELECT id, name, target_organisations, target_participants FROM event_series"


async def workforce(db: Reader, event_id: int) -> list[tuple[str, int]]:
    """The share of women per organisation, as the organiser typed the names."""
    rows = await db.fetch_all(
        "SELECT organisation, women_percent FROM organisation_workforce WHERE event_id = ?",
        (event_id,),
    )
    return [(r[0], r[1]) for r in rows]


async def save_workforce(tx: Transaction, event_id: int, organisation: str, percent: int) -> None:
    await tx.execute(
        "INSERT INTO organisation_workforce (event_id, organisation, women_percent)"
        " VALUES (?, ?, ?) ON CONFLICT (event_id, organisation)"
        " DO UPDATE SET women_percent = excluded.women_percent",
        (event_id, organisation, percent),
    )


async def insert_series(tx: Transaction, data: SeriesIn) -> int:
    written = await tx.execute(
        "INSERT INTO event_series (name, target_organisations, target_participants, created_at)"
        " VALUES (?, ?, ?, ?)",
        (data.name, data.target_organisations, data.target_participants, now_db()),
    )
    return written.lastrowid


async def series_by_id(db: Reader, series_id: int) -> Series | None:
    row = await db.fetch_one(f"{SERIES_SELECT} WHERE id = ?", (series_id,))
    return from_row(Series, row) if row else None


async def all_series(db: Reader) -> list[Series]:
    return from_rows(Series, await db.fetch_all(f"{SERIES_SELECT} ORDER BY name"))


async def series_of_event(db: Reader, event_id: int) -> int | None:
    value = await db.fetch_value(
        "SELECT series_id FROM event_series_members WHERE event_id = ?", (event_id,)
    )
    return int(value) if value is not None else None


async def leave_series(tx: Transaction, event_id: int) -> None:
    await tx.execute("DELETE FROM event_series_members WHERE event_id = ?", (event_id,))


async def join_series(tx: Transaction, event_id: int, series_id: int) -> None:
    """Put the event in the series (an event is in at most one)."""
    await tx.execute(
        "INSERT INTO event_series_members (event_id, series_id) VALUES (?, ?)"
        " ON CONFLICT (event_id) DO UPDATE SET series_id = excluded.series_id",
        (event_id, series_id),
    )


async def member_slugs(db: Reader, series_id: int) -> list[str]:
    """The series' events, the first first."""
    rows = await db.fetch_all(
        "SELECT e.slug FROM event_series_members m JOIN events e ON e.id = m.event_id"
        " WHERE m.series_id = ? ORDER BY e.starts_at",
        (series_id,),
    )
    return [r[0] for r in rows]


async def anonymised_keys(db: Reader, series_id: int) -> dict[int, str]:
    """The person key of each anonymised registration in the series' events."""
    rows = await db.fetch_all(
        "SELECT r.id, a.person_key FROM registrations r JOIN event_series_members m"
        " ON m.event_id = r.event_id JOIN anonymised_registrations a"
        " ON a.registration_id = r.id WHERE m.series_id = ?",
        (series_id,),
    )
    return {r[0]: r[1] for r in rows}
