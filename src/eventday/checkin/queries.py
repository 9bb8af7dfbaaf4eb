"""SQL for check-ins, scans, presence intervals and attendance settings."""

from __future__ import annotations

import msgspec

from eventday.checkin.models import AttendanceSettings, Checkin, ScanRecord
from eventday.db import Reader, Row, Transaction
from eventday.db.rows import from_row, from_rows

# A check-in with its registration's name and organisation (``c`` and ``r``).
_CHECKINS = (
    "SELECT c.*, r.name, r.organisation FROM checkins c JOIN registrations r"
    " ON r.id = c.registration_id"
)


async def scan_by_nonce(db: Reader, event_id: int, nonce: str) -> Row | None:
    """A scan already handled (a retry of the same request)."""
    return await db.fetch_one(
        "SELECT outcome, session_id, code, checkin_id, registration_id FROM checkin_scans WHERE"
        " event_id = ? AND nonce = ?",
        (event_id, nonce),
    )


async def registration_for_scan(
    db: Reader, event_id: int, code: str | None, registration_id: int | None
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
    return await db.fetch_one(sql, params)


async def standing_checkin(db: Reader, registration_id: int, session_id: int | None) -> Row | None:
    return await db.fetch_one(
        "SELECT id, checked_in_at, staff_name FROM checkins WHERE registration_id = ? AND"
        " COALESCE(session_id, 0) = ? AND undone_at IS NULL",
        (registration_id, session_id or 0),
    )


async def checkin_row(db: Reader, checkin_id: int) -> Row | None:
    return await db.fetch_one(
        "SELECT id, checked_in_at, staff_name FROM checkins WHERE id = ?", (checkin_id,)
    )


async def has_workshop_seat(db: Reader, registration_id: int, session_id: int) -> bool:
    return (
        await db.fetch_one(
            "SELECT 1 FROM session_bookings WHERE registration_id = ? AND session_id = ? AND"
            " status = 'confirmed'",
            (registration_id, session_id),
        )
        is not None
    )


async def recent_checkins(
    db: Reader, event_id: int, session_id: int | None, limit: int
) -> list[Checkin]:
    """The newest standing check-ins of one list (for the staff page and undo)."""
    rows = await db.fetch_all(
        f"{_CHECKINS} WHERE c.event_id = ? AND COALESCE(c.session_id, 0) = ?"
        " AND c.undone_at IS NULL ORDER BY c.id DESC LIMIT ?",
        (event_id, session_id or 0, limit),
    )
    return from_rows(Checkin, rows)


async def checkins_of_event(db: Reader, event_id: int) -> list[Checkin]:
    rows = await db.fetch_all(
        f"{_CHECKINS} WHERE c.event_id = ? AND c.undone_at IS NULL ORDER BY c.id",
        (event_id,),
    )
    return from_rows(Checkin, rows)


async def checkin_states(
    db: Reader, event_id: int, session_id: int | None, registration_ids: list[int]
) -> dict[int, Checkin]:
    """Standing check-ins on one list of the given registrations."""
    if not registration_ids:
        return {}
    marks = ",".join("?" * len(registration_ids))
    rows = await db.fetch_all(
        f"{_CHECKINS} WHERE c.event_id = ? AND COALESCE(c.session_id, 0) = ?"
        f" AND c.undone_at IS NULL AND c.registration_id IN ({marks})",
        (event_id, session_id or 0, *registration_ids),
    )
    return {r["registration_id"]: from_row(Checkin, r) for r in rows}


async def checked_in_counts(db: Reader, event_id: int) -> dict[int, int]:
    """Standing check-ins per list (0 is the door)."""
    rows = await db.fetch_all(
        "SELECT COALESCE(session_id, 0), COUNT(*) FROM checkins WHERE event_id = ?"
        " AND undone_at IS NULL GROUP BY COALESCE(session_id, 0)",
        (event_id,),
    )
    return {r[0]: r[1] for r in rows}


async def confirmed_bookings(db: Reader, event_id: int) -> dict[int, int]:
    rows = await db.fetch_all(
        "SELECT b.session_id, COUNT(*) FROM session_bookings b JOIN registrations r"
        " ON r.id = b.registration_id WHERE r.event_id = ? AND b.status = 'confirmed'"
        " AND r.status = 'confirmed' GROUP BY b.session_id",
        (event_id,),
    )
    return {r[0]: r[1] for r in rows}


async def presence_rows(db: Reader, event_id: int) -> list[Row]:
    """Every presence interval of the event with the registration its participant is
    linked to (NULL for anonymous participants)."""
    return await db.fetch_all(
        "SELECT p.participant_id, lp.registration_id, p.started_at, p.ended_at"
        " FROM presence_intervals p JOIN live_participants lp ON lp.id = p.participant_id"
        " WHERE p.event_id = ? ORDER BY p.started_at",
        (event_id,),
    )


async def attendance_settings(db: Reader, event_id: int) -> AttendanceSettings:
    row = await db.fetch_one(
        "SELECT online_percent, retention_days, anonymised_at FROM attendance_settings"
        " WHERE event_id = ?",
        (event_id,),
    )
    return from_row(AttendanceSettings, row) if row else AttendanceSettings()


async def session_capacity(db: Reader, session_id: int) -> int | None:
    capacity: int | None = await db.fetch_value(
        "SELECT capacity FROM sessions WHERE id = ?", (session_id,)
    )
    return capacity


async def insert_checkin(
    tx: Transaction,
    event_id: int,
    registration_id: int,
    session_id: int | None,
    now: str,
    staff_id: int,
    staff_name: str,
    walk_in: bool,
) -> int:
    written = await tx.execute(
        "INSERT INTO checkins (event_id, registration_id, session_id, checked_in_at, staff_id,"
        " staff_name, walk_in) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (event_id, registration_id, session_id, now, staff_id, staff_name, walk_in),
    )
    return written.lastrowid


async def insert_scan(tx: Transaction, scan: ScanRecord) -> None:
    await tx.execute(
        "INSERT INTO checkin_scans (event_id, nonce, session_id, code, outcome, checkin_id,"
        " registration_id, staff_id, created_at) VALUES (:event_id, :nonce, :session_id, :code,"
        " :outcome, :checkin_id, :registration_id, :staff_id, :created_at)",
        msgspec.structs.asdict(scan),
    )


async def undo_checkin(
    tx: Transaction, event_id: int, checkin_id: int, now: str, staff_name: str
) -> bool:
    """Mark a standing check-in undone; whether there was one."""
    written = await tx.execute(
        "UPDATE checkins SET undone_at = ?, undone_by = ? WHERE id = ? AND event_id = ?"
        " AND undone_at IS NULL",
        (now, staff_name, checkin_id, event_id),
    )
    return written.rowcount > 0


async def save_attendance_settings(
    tx: Transaction, event_id: int, online_percent: int, retention_days: int | None
) -> None:
    await tx.execute(
        "INSERT INTO attendance_settings (event_id, online_percent, retention_days)"
        " VALUES (?, ?, ?) ON CONFLICT (event_id) DO UPDATE SET"
        " online_percent = excluded.online_percent, retention_days = excluded.retention_days",
        (event_id, online_percent, retention_days),
    )


async def mark_anonymised(tx: Transaction, event_id: int, now: str) -> None:
    await tx.execute(
        "INSERT INTO attendance_settings (event_id, anonymised_at) VALUES (?, ?)"
        " ON CONFLICT (event_id) DO UPDATE SET anonymised_at = excluded.anonymised_at",
        (event_id, now),
    )


# --- online presence ----------------------------------------------------------------


async def start_presence(tx: Transaction, event_id: int, participant_id: int, now: str) -> int:
    written = await tx.execute(
        "INSERT INTO presence_intervals (event_id, participant_id, started_at) VALUES (?, ?, ?)",
        (event_id, participant_id, now),
    )
    return written.lastrowid


async def end_presence(tx: Transaction, interval_id: int, now: str) -> None:
    await tx.execute("UPDATE presence_intervals SET ended_at = ? WHERE id = ?", (now, interval_id))


async def add_presence(
    tx: Transaction, event_id: int, participant_id: int, started_at: str, ended_at: str
) -> None:
    """A whole interval at once (the demo's past day)."""
    await tx.execute(
        "INSERT INTO presence_intervals (event_id, participant_id, started_at, ended_at)"
        " VALUES (?, ?, ?, ?)",
        (event_id, participant_id, started_at, ended_at),
    )


# --- privacy: anonymising registrations ----------------------------------------------


async def anonymisation_state(db: Reader, reg_id: int) -> Row | None:
    """The registration's e-mail and answers, and ``done`` (not NULL once anonymised)."""
    return await db.fetch_one(
        "SELECT r.email, r.answers, a.registration_id AS done FROM registrations r LEFT JOIN"
        " anonymised_registrations a ON a.registration_id = r.id WHERE r.id = ?",
        (reg_id,),
    )


async def anonymise(
    tx: Transaction,
    reg_id: int,
    kept_answers: str,
    token_hash: str,
    now: str,
    reason: str,
    key: str,
) -> None:
    """Blank the person in the registration, drop their mail and their name on live
    questions, and record that it was done."""
    await tx.execute(
        "UPDATE registrations SET name = '', email = ?, answers = ?, token_hash = ?,"
        " consent_text = '', updated_at = ? WHERE id = ?",
        (f"anonymised-{reg_id}@anonymised.invalid", kept_answers, token_hash, now, reg_id),
    )
    await tx.execute("DELETE FROM mail_outbox WHERE registration_id = ?", (reg_id,))
    await tx.execute(
        "UPDATE live_questions SET author_name = '' WHERE participant_id IN"
        " (SELECT id FROM live_participants WHERE registration_id = ?)",
        (reg_id,),
    )
    await tx.execute(
        "INSERT INTO anonymised_registrations (registration_id, anonymised_at, reason,"
        " person_key) VALUES (?, ?, ?, ?)",
        (reg_id, now, reason, key),
    )


async def registration_ids(db: Reader, event_id: int) -> list[int]:
    rows = await db.fetch_all(
        "SELECT id FROM registrations WHERE event_id = ? ORDER BY id", (event_id,)
    )
    return [r[0] for r in rows]


async def retention_due(db: Reader) -> list[Row]:
    """Events with a retention time not yet anonymised: id, slug, ends_at, retention_days."""
    return await db.fetch_all(
        "SELECT e.id, e.slug, e.ends_at, s.retention_days FROM events e"
        " JOIN attendance_settings s ON s.event_id = e.id"
        " WHERE s.retention_days IS NOT NULL AND s.anonymised_at IS NULL"
    )
