"""SQL for check-ins, scans, presence intervals and attendance settings."""

from __future__ import annotations

from eventday.checkin.models import AttendanceSettings, Checkin
from eventday.clock import from_db
from eventday.db import Database, Row, Transaction

CHECKIN_COLUMNS = (
    "c.id, c.registration_id, r.name, r.organisation, c.session_id, c.checked_in_at,"
    " c.staff_name, c.walk_in"
)


def checkin_from_row(row: Row) -> Checkin:
    return Checkin(
        id=row["id"],
        registration_id=row["registration_id"],
        name=row["name"],
        organisation=row["organisation"],
        session_id=row["session_id"],
        checked_in_at=from_db(row["checked_in_at"]),
        staff_name=row["staff_name"],
        walk_in=bool(row["walk_in"]),
    )


async def scan_by_nonce(conn: Transaction, event_id: int, nonce: str) -> Row | None:
    """A scan already handled (a retry of the same request)."""
    return await conn.fetch_one(
        "SELECT outcome, session_id, code, checkin_id, registration_id FROM checkin_scans WHERE"
        " event_id = ? AND nonce = ?",
        (event_id, nonce),
    )


async def registration_for_scan(
    conn: Transaction, event_id: int, code: str | None, registration_id: int | None
) -> Row | None:
    """The registration a ticket code names (in any event, so a wrong event can be
    told apart from an unknown code), or one of this event by id (search results)."""
    sql = (
        "SELECT r.id, r.event_id, r.status, r.name, r.organisation, e.name AS event_name"
        " FROM registrations r JOIN events e ON e.id = r.event_id WHERE "
    )
    params: tuple[object, ...]
    if code is not None:
        sql, params = sql + "r.ticket_code = ?", (code,)
    else:
        sql, params = sql + "r.id = ? AND r.event_id = ?", (registration_id, event_id)
    return await conn.fetch_one(sql, params)


async def standing_checkin(
    conn: Transaction, registration_id: int, session_id: int | None
) -> Row | None:
    return await conn.fetch_one(
        "SELECT id, checked_in_at, staff_name FROM checkins WHERE registration_id = ? AND"
        " COALESCE(session_id, 0) = ? AND undone_at IS NULL",
        (registration_id, session_id or 0),
    )


async def checkin_row(conn: Transaction, checkin_id: int) -> Row | None:
    return await conn.fetch_one(
        "SELECT id, checked_in_at, staff_name FROM checkins WHERE id = ?", (checkin_id,)
    )


async def has_workshop_seat(conn: Transaction, registration_id: int, session_id: int) -> bool:
    return (
        await conn.fetch_one(
            "SELECT 1 FROM session_bookings WHERE registration_id = ? AND session_id = ? AND"
            " status = 'confirmed'",
            (registration_id, session_id),
        )
        is not None
    )


async def recent_checkins(
    db: Database, event_id: int, session_id: int | None, limit: int
) -> list[Checkin]:
    """The newest standing check-ins of one list (for the staff page and undo)."""
    rows = await db.fetch_all(
        f"SELECT {CHECKIN_COLUMNS} FROM checkins c JOIN registrations r"
        " ON r.id = c.registration_id WHERE c.event_id = ? AND COALESCE(c.session_id, 0) = ?"
        " AND c.undone_at IS NULL ORDER BY c.id DESC LIMIT ?",
        (event_id, session_id or 0, limit),
    )
    return [checkin_from_row(r) for r in rows]


async def checkins_of_event(db: Database, event_id: int) -> list[Checkin]:
    rows = await db.fetch_all(
        f"SELECT {CHECKIN_COLUMNS} FROM checkins c JOIN registrations r"
        " ON r.id = c.registration_id WHERE c.event_id = ? AND c.undone_at IS NULL ORDER BY c.id",
        (event_id,),
    )
    return [checkin_from_row(r) for r in rows]


async def checkin_states(
    db: Database, event_id: int, session_id: int | None, registration_ids: list[int]
) -> dict[int, Checkin]:
    """Standing check-ins on one list of the given registrations."""
    if not registration_ids:
        return {}
    marks = ",".join("?" * len(registration_ids))
    rows = await db.fetch_all(
        f"SELECT {CHECKIN_COLUMNS} FROM checkins c JOIN registrations r"
        " ON r.id = c.registration_id WHERE c.event_id = ? AND COALESCE(c.session_id, 0) = ?"
        f" AND c.undone_at IS NULL AND c.registration_id IN ({marks})",
        (event_id, session_id or 0, *registration_ids),
    )
    return {r["registration_id"]: checkin_from_row(r) for r in rows}


async def checked_in_counts(db: Database, event_id: int) -> dict[int, int]:
    """Standing check-ins per list (0 is the door)."""
    rows = await db.fetch_all(
        "SELECT COALESCE(session_id, 0), COUNT(*) FROM checkins WHERE event_id = ?"
        " AND undone_at IS NULL GROUP BY COALESCE(session_id, 0)",
        (event_id,),
    )
    return {r[0]: r[1] for r in rows}


async def confirmed_bookings(db: Database, event_id: int) -> dict[int, int]:
    rows = await db.fetch_all(
        "SELECT b.session_id, COUNT(*) FROM session_bookings b JOIN registrations r"
        " ON r.id = b.registration_id WHERE r.event_id = ? AND b.status = 'confirmed'"
        " AND r.status = 'confirmed' GROUP BY b.session_id",
        (event_id,),
    )
    return {r[0]: r[1] for r in rows}


async def presence_rows(db: Database, event_id: int) -> list[Row]:
    """Every presence interval of the event with the registration its participant is
    linked to (NULL for anonymous participants)."""
    return await db.fetch_all(
        "SELECT p.participant_id, lp.registration_id, p.started_at, p.ended_at"
        " FROM presence_intervals p JOIN live_participants lp ON lp.id = p.participant_id"
        " WHERE p.event_id = ? ORDER BY p.started_at",
        (event_id,),
    )


async def attendance_settings(db: Database, event_id: int) -> AttendanceSettings:
    row = await db.fetch_one(
        "SELECT online_percent, retention_days, anonymised_at FROM attendance_settings"
        " WHERE event_id = ?",
        (event_id,),
    )
    if row is None:
        return AttendanceSettings()
    return AttendanceSettings(
        online_percent=row["online_percent"],
        retention_days=row["retention_days"],
        anonymised_at=from_db(row["anonymised_at"]) if row["anonymised_at"] else None,
    )
