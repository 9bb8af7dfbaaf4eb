"""SQL of the webinar companion."""

from __future__ import annotations

from datetime import datetime

import msgspec

from eventday.clock import to_db
from eventday.db import Database
from eventday.events import queries as event_queries
from eventday.events.models import Event
from eventday.registration.models import Registration
from eventday.registration.queries import to_registration
from eventday.webinar.models import StreamAudience, WebinarSettings

_MINUTES = msgspec.json.Decoder(list[int])


async def settings_of(db: Database, event_id: int) -> WebinarSettings:
    row = await db.fetch_one(
        "SELECT reminders, stream_audience, thank_you, evaluation_reminder_days"
        " FROM webinar_settings WHERE event_id = ?",
        (event_id,),
    )
    if row is None:
        return WebinarSettings()
    return WebinarSettings(
        reminders=_MINUTES.decode(row["reminders"]),
        stream_audience=StreamAudience(row["stream_audience"]),
        thank_you=bool(row["thank_you"]),
        evaluation_reminder_days=row["evaluation_reminder_days"],
    )


async def events_between(db: Database, column: str, start: datetime, end: datetime) -> list[Event]:
    """Events whose ``starts_at`` or ``ends_at`` lies in [start, end)."""
    assert column in ("starts_at", "ends_at")
    rows = await db.fetch_all(
        f"SELECT id FROM events WHERE {column} >= ? AND {column} < ?",
        (to_db(start), to_db(end)),
    )
    found = [await event_queries.event_by_id(db, row["id"]) for row in rows]
    return [e for e in found if e is not None]


async def confirmed(db: Database, event_id: int) -> list[tuple[Registration, str]]:
    """Confirmed registrations with their token hash (for their mail links)."""
    rows = await db.fetch_all(
        "SELECT * FROM registrations WHERE event_id = ? AND status = 'confirmed' ORDER BY id",
        (event_id,),
    )
    return [(to_registration(r), r["token_hash"]) for r in rows]


async def once_keys(db: Database, event_id: int, prefix: str) -> set[str]:
    rows = await db.fetch_all(
        "SELECT once_key FROM mail_outbox WHERE event_id = ? AND once_key LIKE ?",
        (event_id, prefix + "%"),
    )
    return {r[0] for r in rows}


async def mail_states(db: Database, event_id: int, prefix: str) -> dict[str, int]:
    rows = await db.fetch_all(
        "SELECT status, COUNT(*) FROM mail_outbox WHERE event_id = ? AND once_key LIKE ?"
        " GROUP BY status",
        (event_id, prefix + "%"),
    )
    return {r[0]: r[1] for r in rows}


async def waitlisted(db: Database, event_id: int) -> list[tuple[Registration, str]]:
    rows = await db.fetch_all(
        "SELECT * FROM registrations WHERE event_id = ? AND status = 'waitlisted' ORDER BY id",
        (event_id,),
    )
    return [(to_registration(r), r["token_hash"]) for r in rows]


async def booked(db: Database, event_id: int, session_id: int) -> set[int] | None:
    """Registrations with a confirmed seat in a session of the event; None if the
    event has no such session."""
    if not await db.fetch_value(
        "SELECT COUNT(*) FROM sessions WHERE id = ? AND event_id = ?", (session_id, event_id)
    ):
        return None
    rows = await db.fetch_all(
        "SELECT registration_id FROM session_bookings"
        " WHERE session_id = ? AND status = 'confirmed'",
        (session_id,),
    )
    return {r[0] for r in rows}


async def missing_reminders(db: Database, event_id: int, due: datetime, key_prefix: str) -> int:
    """Confirmed registrations made by ``due`` without the mail keyed ``key_prefix<id>``."""
    count: int = await db.fetch_value(
        "SELECT COUNT(*) FROM registrations r WHERE r.event_id = ? AND r.status = 'confirmed'"
        " AND r.created_at <= ? AND NOT EXISTS"
        " (SELECT 1 FROM mail_outbox m WHERE m.once_key = ? || r.id)",
        (event_id, to_db(due), key_prefix),
    )
    return count
