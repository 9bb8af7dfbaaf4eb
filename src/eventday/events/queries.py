"""SQL for events."""

from __future__ import annotations

from eventday.clock import from_db, from_db_or_none
from eventday.db import Database, Row, Transaction
from eventday.events.models import Event, EventFormat, EventStatus

EVENT_COLUMNS = (
    "id, slug, name, description, venue, online_url, format, starts_at, ends_at, timezone,"
    " capacity, registration_opens_at, registration_closes_at, requires_approval,"
    " contact_email, join_code, name_en, description_en, status"
)


def event_from_row(row: Row) -> Event:
    return Event(
        id=row["id"],
        slug=row["slug"],
        name=row["name"],
        description=row["description"],
        venue=row["venue"],
        online_url=row["online_url"],
        format=EventFormat(row["format"]),
        starts_at=from_db(row["starts_at"]),
        ends_at=from_db(row["ends_at"]),
        timezone=row["timezone"],
        capacity=row["capacity"],
        registration_opens_at=from_db_or_none(row["registration_opens_at"]),
        registration_closes_at=from_db_or_none(row["registration_closes_at"]),
        requires_approval=bool(row["requires_approval"]),
        contact_email=row["contact_email"],
        join_code=row["join_code"],
        name_en=row["name_en"],
        description_en=row["description_en"],
        status=EventStatus(row["status"]),
    )


async def event_by_slug(db: Database, slug: str) -> Event | None:
    row = await db.fetch_one(f"SELECT {EVENT_COLUMNS} FROM events WHERE slug = ?", (slug,))
    return event_from_row(row) if row else None


async def event_by_id(db: Database, event_id: int) -> Event | None:
    row = await db.fetch_one(f"SELECT {EVENT_COLUMNS} FROM events WHERE id = ?", (event_id,))
    return event_from_row(row) if row else None


async def event_by_join_code(db: Database, code: str) -> Event | None:
    row = await db.fetch_one(f"SELECT {EVENT_COLUMNS} FROM events WHERE join_code = ?", (code,))
    return event_from_row(row) if row else None


async def all_events(db: Database) -> list[Event]:
    rows = await db.fetch_all(f"SELECT {EVENT_COLUMNS} FROM events ORDER BY starts_at DESC")
    return [event_from_row(r) for r in rows]


async def published_events(db: Database) -> list[Event]:
    """The front page's events: published ones, the latest first."""
    rows = await db.fetch_all(
        f"SELECT {EVENT_COLUMNS} FROM events WHERE status = 'published' ORDER BY starts_at DESC"
    )
    return [event_from_row(r) for r in rows]


async def events_of_account(db: Database, account_id: int) -> list[Event]:
    rows = await db.fetch_all(
        f"SELECT {EVENT_COLUMNS} FROM events WHERE id IN"
        " (SELECT event_id FROM event_roles WHERE account_id = ?) ORDER BY starts_at DESC",
        (account_id,),
    )
    return [event_from_row(r) for r in rows]


async def slug_taken(conn: Transaction, slug: str) -> bool:
    return await conn.fetch_one("SELECT 1 FROM events WHERE slug = ?", (slug,)) is not None


async def join_code_taken(conn: Transaction, code: str) -> bool:
    return await conn.fetch_one("SELECT 1 FROM events WHERE join_code = ?", (code,)) is not None
