"""SQL for events."""

from __future__ import annotations

from eventday.db import Reader, Transaction
from eventday.db.rows import from_row, from_rows
from eventday.events.models import Event, EventStatus

# The columns an event's settings write (in this order), beside its slug, join code,
# creation time and status.
_SETTINGS = (
    "name, description, venue, online_url, format, starts_at, ends_at, timezone, capacity,"
    " registration_opens_at, registration_closes_at, requires_approval, contact_email,"
    " name_en, description_en"
)


async def event_by_slug(db: Reader, slug: str) -> Event | None:
    row = await db.fetch_one("SELECT * FROM events WHERE slug = ?", (slug,))
    return from_row(Event, row) if row else None


async def event_by_id(db: Reader, event_id: int) -> Event | None:
    row = await db.fetch_one("SELECT * FROM events WHERE id = ?", (event_id,))
    return from_row(Event, row) if row else None


async def event_by_join_code(db: Reader, code: str) -> Event | None:
    row = await db.fetch_one("SELECT * FROM events WHERE join_code = ?", (code,))
    return from_row(Event, row) if row else None


async def all_events(db: Reader) -> list[Event]:
    return from_rows(Event, await db.fetch_all("SELECT * FROM events ORDER BY starts_at DESC"))


async def published_events(db: Reader) -> list[Event]:
    """The front page's events: published ones, the latest first."""
    rows = await db.fetch_all(
        "SELECT * FROM events WHERE status = 'published' ORDER BY starts_at DESC"
    )
    return from_rows(Event, rows)


async def events_of_account(db: Reader, account_id: int) -> list[Event]:
    rows = await db.fetch_all(
        "SELECT * FROM events WHERE id IN"
        " (SELECT event_id FROM event_roles WHERE account_id = ?) ORDER BY starts_at DESC",
        (account_id,),
    )
    return from_rows(Event, rows)


async def slug_taken(db: Reader, slug: str) -> bool:
    return await db.fetch_one("SELECT 1 FROM events WHERE slug = ?", (slug,)) is not None


async def join_code_taken(db: Reader, code: str) -> bool:
    return await db.fetch_one("SELECT 1 FROM events WHERE join_code = ?", (code,)) is not None


async def insert_event(
    tx: Transaction,
    slug: str,
    settings: tuple[object, ...],
    join_code: str,
    created_at: str,
    status: EventStatus,
) -> None:
    """A new event; ``settings`` are the values of ``_SETTINGS`` in order."""
    await tx.execute(
        f"INSERT INTO events (slug, {_SETTINGS}, join_code, created_at, status)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (slug, *settings, join_code, created_at, status.value),
    )


async def update_settings(tx: Transaction, event_id: int, settings: tuple[object, ...]) -> None:
    assignments = ", ".join(f"{column.strip()} = ?" for column in _SETTINGS.split(","))
    await tx.execute(f"UPDATE events SET {assignments} WHERE id = ?", (*settings, event_id))


async def set_status(tx: Transaction, event_id: int, status: EventStatus) -> None:
    await tx.execute("UPDATE events SET status = ? WHERE id = ?", (status.value, event_id))
