"""SQL for registrations, the registration form and workshop bookings."""

from __future__ import annotations

from typing import Any

import msgspec

from eventday.clock import from_db, from_db_or_none
from eventday.db import Database, Row, Transaction
from eventday.registration.models import (
    Answer,
    Booking,
    Builtin,
    FieldMode,
    Question,
    QuestionKind,
    Registration,
    RegistrationCounts,
    RegistrationForm,
    RegistrationStatus,
)

REGISTRATION_COLUMNS = (
    "id, status, name, email, organisation, answers, ticket_code, language, consent_version,"
    " consent_text, consented_at, created_at, updated_at, cancelled_at, consent_language"
)
_ANSWERS = msgspec.json.Decoder(dict[str, Answer])
_BUILTINS = msgspec.json.Decoder(dict[Builtin, FieldMode])
_OPTIONS = msgspec.json.Decoder(list[str])


def registration_from_row(row: Row) -> Registration:
    return Registration(
        id=row["id"],
        status=RegistrationStatus(row["status"]),
        name=row["name"],
        email=row["email"],
        organisation=row["organisation"],
        answers=_ANSWERS.decode(row["answers"]),
        ticket_code=row["ticket_code"],
        language=row["language"],
        consent_version=row["consent_version"],
        consent_text=row["consent_text"],
        consented_at=from_db_or_none(row["consented_at"]),
        created_at=from_db(row["created_at"]),
        updated_at=from_db(row["updated_at"]),
        cancelled_at=from_db_or_none(row["cancelled_at"]),
        consent_language=row["consent_language"],
    )


async def registration_form(db: Database, event_id: int) -> RegistrationForm:
    row = await db.fetch_one(
        "SELECT builtins, consent_text, consent_text_en, consent_version FROM registration_forms"
        " WHERE event_id = ?",
        (event_id,),
    )
    rows = await db.fetch_all(
        "SELECT id, label, kind, options, required, position, label_en, options_en"
        " FROM registration_questions"
        " WHERE event_id = ? ORDER BY position, id",
        (event_id,),
    )
    questions = [
        Question(
            id=r["id"],
            label=r["label"],
            kind=QuestionKind(r["kind"]),
            options=_OPTIONS.decode(r["options"]),
            required=bool(r["required"]),
            position=r["position"],
            label_en=r["label_en"],
            options_en=_OPTIONS.decode(r["options_en"]),
        )
        for r in rows
    ]
    if row is None:
        return RegistrationForm(
            builtins={}, consent_text="", consent_version=0, questions=questions
        )
    return RegistrationForm(
        builtins=_BUILTINS.decode(row["builtins"]),
        consent_text=row["consent_text"],
        consent_text_en=row["consent_text_en"],
        consent_version=row["consent_version"],
        questions=questions,
    )


async def registration_by_id(db: Database, event_id: int, reg_id: int) -> Registration | None:
    row = await db.fetch_one(
        f"SELECT {REGISTRATION_COLUMNS} FROM registrations WHERE event_id = ? AND id = ?",
        (event_id, reg_id),
    )
    return registration_from_row(row) if row else None


async def registration_by_token(db: Database, token_hash: str) -> tuple[int, Registration] | None:
    """The event id and registration a private link's token belongs to."""
    row = await db.fetch_one(
        f"SELECT event_id, {REGISTRATION_COLUMNS} FROM registrations WHERE token_hash = ?",
        (token_hash,),
    )
    return (row["event_id"], registration_from_row(row)) if row else None


async def registration_anywhere(db: Database, reg_id: int) -> tuple[int, Registration] | None:
    """The event id and registration of a registration id (the mail worker's ticket)."""
    row = await db.fetch_one(
        f"SELECT event_id, {REGISTRATION_COLUMNS} FROM registrations WHERE id = ?", (reg_id,)
    )
    return (row["event_id"], registration_from_row(row)) if row else None


async def live_registration_by_email(conn: Transaction, event_id: int, email: str) -> Row | None:
    return await conn.fetch_one(
        f"SELECT {REGISTRATION_COLUMNS} FROM registrations WHERE event_id = ? AND email = ? AND"
        " status != 'cancelled'",
        (event_id, email),
    )


async def search_registrations(
    db: Database, event_id: int, text: str, status: RegistrationStatus | None, limit: int
) -> list[Registration]:
    """Registrations whose name, e-mail, organisation or ticket code contains ``text``;
    the waitlist in its order, the rest newest first."""
    where = ["event_id = ?"]
    params: list[Any] = [event_id]
    if text:
        like = _like(text)
        where.append(
            "(name LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\'"
            " OR organisation LIKE ? ESCAPE '\\' OR ticket_code LIKE ? ESCAPE '\\')"
        )
        params += [like, like, like, like]
    if status is not None:
        where.append("status = ?")
        params.append(status.value)
    rows = await db.fetch_all(
        f"SELECT {REGISTRATION_COLUMNS} FROM registrations WHERE {' AND '.join(where)}"
        " ORDER BY status = 'waitlisted' DESC, CASE WHEN status = 'waitlisted' THEN id"
        " ELSE -id END LIMIT ?",
        [*params, limit],
    )
    return [registration_from_row(r) for r in rows]


async def counts(db: Database, event_id: int) -> RegistrationCounts:
    rows = await db.fetch_all(
        "SELECT status, COUNT(*) FROM registrations WHERE event_id = ? GROUP BY status",
        (event_id,),
    )
    return RegistrationCounts(**{r[0]: r[1] for r in rows})


async def count_in(conn: Transaction, sql: str, params: tuple[Any, ...]) -> int:
    row = await conn.fetch_one(sql, params)
    return int(row[0]) if row else 0


async def confirmed_count(conn: Transaction, event_id: int) -> int:
    return await count_in(
        conn,
        "SELECT COUNT(*) FROM registrations WHERE event_id = ? AND status = 'confirmed'",
        (event_id,),
    )


async def booked_count(conn: Transaction, session_id: int) -> int:
    return await count_in(
        conn,
        "SELECT COUNT(*) FROM session_bookings WHERE session_id = ? AND status = 'confirmed'",
        (session_id,),
    )


async def bookings_of(db: Database, registration_id: int) -> list[Booking]:
    rows = await db.fetch_all(
        "SELECT session_id, status FROM session_bookings"
        " WHERE registration_id = ? AND status != 'cancelled' ORDER BY session_id",
        (registration_id,),
    )
    return [Booking(session_id=r[0], status=RegistrationStatus(r[1])) for r in rows]


async def seats_taken(db: Database, event_id: int) -> dict[int, int]:
    """Confirmed bookings per workshop session of the event."""
    rows = await db.fetch_all(
        "SELECT b.session_id, COUNT(*) FROM session_bookings b"
        " JOIN sessions s ON s.id = b.session_id"
        " WHERE s.event_id = ? AND b.status = 'confirmed' GROUP BY b.session_id",
        (event_id,),
    )
    return {r[0]: r[1] for r in rows}


async def ticket_code_taken(conn: Transaction, code: str) -> bool:
    return (
        await count_in(conn, "SELECT COUNT(*) FROM registrations WHERE ticket_code = ?", (code,))
        > 0
    )


async def favourites_of(db: Database, registration_id: int) -> set[int]:
    rows = await db.fetch_all(
        "SELECT session_id FROM favourites WHERE registration_id = ?", (registration_id,)
    )
    return {r[0] for r in rows}


class ListFilter(msgspec.Struct, frozen=True, kw_only=True):
    """What the organiser's list shows: a search, a status, a workshop (a seat or a
    waitlist place in it), checked in at the door or not, and the order."""

    q: str = ""
    status: RegistrationStatus | None = None
    workshop: int | None = None
    checked_in: bool | None = None
    sort: str = "newest"


# The orders the list offers; each ends on id so pages never overlap.
SORTS = {
    "newest": "r.id DESC",
    "oldest": "r.id",
    "name": "r.name COLLATE NOCASE, r.id",
    "organisation": "r.organisation COLLATE NOCASE, r.name COLLATE NOCASE, r.id",
    "status": "r.status, r.id",
}


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _where(event_id: int, shown: ListFilter) -> tuple[str, list[Any]]:
    where = ["r.event_id = ?"]
    params: list[Any] = [event_id]
    if shown.q:
        like = _like(shown.q)
        where.append(
            "(r.name LIKE ? ESCAPE '\\' OR r.email LIKE ? ESCAPE '\\'"
            " OR r.organisation LIKE ? ESCAPE '\\' OR r.ticket_code LIKE ? ESCAPE '\\')"
        )
        params += [like, like, like, like]
    if shown.status is not None:
        where.append("r.status = ?")
        params.append(shown.status.value)
    if shown.workshop is not None:
        where.append(
            "EXISTS (SELECT 1 FROM session_bookings b WHERE b.registration_id = r.id"
            " AND b.session_id = ? AND b.status != 'cancelled')"
        )
        params.append(shown.workshop)
    if shown.checked_in is not None:
        where.append(
            ("" if shown.checked_in else "NOT ")
            + "EXISTS (SELECT 1 FROM checkins c WHERE c.registration_id = r.id"
            " AND c.session_id IS NULL AND c.undone_at IS NULL)"
        )
    return " AND ".join(where), params


async def list_page(
    db: Database, event_id: int, shown: ListFilter, offset: int, limit: int
) -> tuple[list[Registration], int]:
    """One page of the filtered list and how many match in all."""
    where, params = _where(event_id, shown)
    total = int(await db.fetch_value(f"SELECT COUNT(*) FROM registrations r WHERE {where}", params))
    rows = await db.fetch_all(f"{_select(where, shown)} LIMIT ? OFFSET ?", [*params, limit, offset])
    return [registration_from_row(r) for r in rows], total


async def list_all(db: Database, event_id: int, shown: ListFilter) -> list[Registration]:
    """Every registration the filter shows, in its order (for the export)."""
    where, params = _where(event_id, shown)
    return [registration_from_row(r) for r in await db.fetch_all(_select(where, shown), params)]


def _select(where: str, shown: ListFilter) -> str:
    columns = ", ".join(f"r.{c.strip()}" for c in REGISTRATION_COLUMNS.split(","))
    order = SORTS.get(shown.sort, SORTS["newest"])
    return f"SELECT {columns} FROM registrations r WHERE {where} ORDER BY {order}"
