"""SQL for registrations, the registration form and workshop bookings."""

from __future__ import annotations

from typing import Any

import msgspec

from eventday.db import Reader, Row, Transaction
from eventday.db.rows import from_row, from_rows
from eventday.registration.models import (
    Answer,
    Booking,
    Builtin,
    EmailChange,
    FieldMode,
    NewRegistration,
    Question,
    QuestionIn,
    Registration,
    RegistrationCounts,
    RegistrationForm,
    RegistrationStatus,
)

_ANSWERS = msgspec.json.Decoder(dict[str, Answer])
_BUILTINS = msgspec.json.Decoder(dict[Builtin, FieldMode])
_OPTIONS = msgspec.json.Decoder(list[str])


def to_registration(row: Row) -> Registration:
    """A ``registrations`` row (``SELECT *`` or ``r.*``) as a Registration."""
    return from_row(Registration, row, answers=_ANSWERS.decode(row["answers"]))


async def registration_form(db: Reader, event_id: int) -> RegistrationForm:
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
        from_row(
            Question,
            r,
            options=_OPTIONS.decode(r["options"]),
            options_en=_OPTIONS.decode(r["options_en"]),
        )
        for r in rows
    ]
    if row is None:
        return RegistrationForm(
            builtins={}, consent_text="", consent_version=0, questions=questions
        )
    return from_row(
        RegistrationForm, row, builtins=_BUILTINS.decode(row["builtins"]), questions=questions
    )


async def save_form(
    tx: Transaction, event_id: int, builtins: str, consent_text: str, consent_text_en: str
) -> None:
    """Store the form's settings; a changed consent text (in either language) gets the
    next version."""
    await tx.execute(
        "INSERT INTO registration_forms (event_id, builtins, consent_text, consent_text_en,"
        " consent_version) VALUES (?, ?, ?, ?, 1) ON CONFLICT (event_id) DO UPDATE SET"
        " builtins = excluded.builtins, consent_version = consent_version"
        " + (registration_forms.consent_text != excluded.consent_text"
        " OR registration_forms.consent_text_en != excluded.consent_text_en),"
        " consent_text = excluded.consent_text, consent_text_en = excluded.consent_text_en",
        (event_id, builtins, consent_text, consent_text_en),
    )


async def add_question(tx: Transaction, event_id: int, data: QuestionIn) -> int:
    written = await tx.execute(
        "INSERT INTO registration_questions (event_id, position, label, kind, options, required,"
        " label_en, options_en) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            event_id,
            data.position,
            data.label,
            data.kind.value,
            msgspec.json.encode(data.options).decode(),
            int(data.required),
            data.label_en.strip(),
            msgspec.json.encode(data.options_en).decode(),
        ),
    )
    return written.lastrowid


async def delete_question(tx: Transaction, event_id: int, question_id: int) -> None:
    await tx.execute(
        "DELETE FROM registration_questions WHERE id = ? AND event_id = ?",
        (question_id, event_id),
    )


async def registration_by_id(db: Reader, event_id: int, reg_id: int) -> Registration | None:
    row = await db.fetch_one(
        "SELECT * FROM registrations WHERE event_id = ? AND id = ?", (event_id, reg_id)
    )
    return to_registration(row) if row else None


async def registration_by_token(db: Reader, token_hash: str) -> tuple[int, Registration] | None:
    """The event id and registration a private link's token belongs to."""
    row = await db.fetch_one("SELECT * FROM registrations WHERE token_hash = ?", (token_hash,))
    return (row["event_id"], to_registration(row)) if row else None


async def registration_anywhere(db: Reader, reg_id: int) -> tuple[int, Registration] | None:
    """The event id and registration of a registration id (the mail worker's ticket)."""
    row = await db.fetch_one("SELECT * FROM registrations WHERE id = ?", (reg_id,))
    return (row["event_id"], to_registration(row)) if row else None


async def live_registration_by_email(db: Reader, event_id: int, email: str) -> Registration | None:
    """The registration with this e-mail that is not cancelled."""
    row = await db.fetch_one(
        "SELECT * FROM registrations WHERE event_id = ? AND email = ? AND status != 'cancelled'",
        (event_id, email),
    )
    return to_registration(row) if row else None


async def insert_registration(tx: Transaction, registration: NewRegistration) -> int:
    written = await tx.execute(
        "INSERT INTO registrations (event_id, status, name, email, organisation, answers,"
        " language, ticket_code, token_hash, consent_version, consent_text, consent_language,"
        " consented_at, created_at, updated_at) VALUES (:event_id, :status, :name, :email,"
        " :organisation, :answers, :language, :ticket_code, :token_hash, :consent_version,"
        " :consent_text, :consent_language, :consented_at, :created_at, :created_at)",
        msgspec.structs.asdict(registration),
    )
    return written.lastrowid


async def update_details(
    tx: Transaction, reg_id: int, name: str, email: str, organisation: str, answers: str, now: str
) -> None:
    await tx.execute(
        "UPDATE registrations SET name = ?, email = ?, organisation = ?, answers = ?,"
        " updated_at = ? WHERE id = ?",
        (name, email, organisation, answers, now, reg_id),
    )


async def replace_email_change(
    tx: Transaction, reg_id: int, email: str, token_hash: str, now: str, expires_at: str
) -> None:
    """Store the asked-for address; unused earlier requests stop working."""
    await tx.execute(
        "DELETE FROM email_changes WHERE registration_id = ? AND used_at IS NULL", (reg_id,)
    )
    await tx.execute(
        "INSERT INTO email_changes (registration_id, email, token_hash, created_at, expires_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (reg_id, email, token_hash, now, expires_at),
    )


async def email_change_by_token_hash(db: Reader, token_hash: str) -> EmailChange | None:
    row = await db.fetch_one(
        "SELECT id, registration_id, email, expires_at, used_at FROM email_changes"
        " WHERE token_hash = ?",
        (token_hash,),
    )
    return from_row(EmailChange, row) if row else None


async def apply_email_change(tx: Transaction, change: EmailChange, now: str) -> None:
    """Put the new address in force and use the request up."""
    await tx.execute(
        "UPDATE registrations SET email = ?, updated_at = ? WHERE id = ?",
        (change.email, now, change.registration_id),
    )
    await tx.execute("UPDATE email_changes SET used_at = ? WHERE id = ?", (now, change.id))


async def set_token_hash(tx: Transaction, reg_id: int, token_hash: str) -> None:
    await tx.execute("UPDATE registrations SET token_hash = ? WHERE id = ?", (token_hash, reg_id))


async def set_status(tx: Transaction, reg_id: int, status: RegistrationStatus, now: str) -> None:
    await tx.execute(
        "UPDATE registrations SET status = ?, updated_at = ?,"
        " cancelled_at = CASE WHEN ? = 'cancelled' THEN ? ELSE cancelled_at END WHERE id = ?",
        (status.value, now, status.value, now, reg_id),
    )


async def search_registrations(
    db: Reader, event_id: int, text: str, status: RegistrationStatus | None, limit: int
) -> list[Registration]:
    """Registrations whose name, e-mail, organisation or ticket code contains ``text``;
    the waitlist in its order, the rest newest first."""
    where, params = _where(event_id, ListFilter(q=text, status=status))
    rows = await db.fetch_all(
        f"SELECT r.* FROM registrations r WHERE {where}"
        " ORDER BY r.status = 'waitlisted' DESC, CASE WHEN r.status = 'waitlisted' THEN r.id"
        " ELSE -r.id END LIMIT ?",
        [*params, limit],
    )
    return [to_registration(r) for r in rows]


async def counts(db: Reader, event_id: int) -> RegistrationCounts:
    rows = await db.fetch_all(
        "SELECT status, COUNT(*) FROM registrations WHERE event_id = ? GROUP BY status",
        (event_id,),
    )
    return RegistrationCounts(**{r[0]: r[1] for r in rows})


async def confirmed_count(db: Reader, event_id: int) -> int:
    return int(
        await db.fetch_value(
            "SELECT COUNT(*) FROM registrations WHERE event_id = ? AND status = 'confirmed'",
            (event_id,),
        )
    )


async def waitlist_position(db: Reader, event_id: int, reg_id: int) -> int:
    """How many wait before this registration, itself included (0 off the waitlist)."""
    return int(
        await db.fetch_value(
            "SELECT COUNT(*) FROM registrations WHERE event_id = ? AND status = 'waitlisted'"
            " AND id <= ?",
            (event_id, reg_id),
        )
    )


async def first_waitlisted(db: Reader, event_id: int) -> int | None:
    """The id of the registration first in the event's waitlist."""
    found: int | None = await db.fetch_value(
        "SELECT id FROM registrations WHERE event_id = ? AND status = 'waitlisted' ORDER BY id"
        " LIMIT 1",
        (event_id,),
    )
    return found


async def ticket_code_taken(db: Reader, code: str) -> bool:
    return bool(
        await db.fetch_value("SELECT COUNT(*) FROM registrations WHERE ticket_code = ?", (code,))
    )


# --- workshop bookings ----------------------------------------------------------------


async def booked_count(db: Reader, session_id: int) -> int:
    return int(
        await db.fetch_value(
            "SELECT COUNT(*) FROM session_bookings WHERE session_id = ? AND status = 'confirmed'",
            (session_id,),
        )
    )


async def bookings_of(db: Reader, registration_id: int) -> list[Booking]:
    """The registration's seats and waitlist places in workshops (not the cancelled)."""
    rows = await db.fetch_all(
        "SELECT session_id, status FROM session_bookings"
        " WHERE registration_id = ? AND status != 'cancelled' ORDER BY session_id",
        (registration_id,),
    )
    return from_rows(Booking, rows)


async def confirmed_sessions(db: Reader, registration_id: int) -> set[int]:
    """The workshops in which the registration holds a seat."""
    rows = await db.fetch_all(
        "SELECT session_id FROM session_bookings WHERE registration_id = ? AND status ="
        " 'confirmed'",
        (registration_id,),
    )
    return {r[0] for r in rows}


async def first_waitlisted_booking(db: Reader, session_id: int) -> tuple[int, int] | None:
    """The booking id and registration id first in a workshop's waitlist, among those
    with a seat at the event."""
    row = await db.fetch_one(
        "SELECT b.id, b.registration_id FROM session_bookings b JOIN registrations r ON r.id"
        " = b.registration_id WHERE b.session_id = ? AND b.status = 'waitlisted' AND r.status"
        " = 'confirmed' ORDER BY b.id LIMIT 1",
        (session_id,),
    )
    return (row[0], row[1]) if row else None


async def book(
    tx: Transaction, session_id: int, reg_id: int, status: RegistrationStatus, now: str
) -> None:
    await tx.execute(
        "INSERT INTO session_bookings (session_id, registration_id, status, created_at)"
        " VALUES (?, ?, ?, ?)",
        (session_id, reg_id, status.value, now),
    )


async def confirm_booking(tx: Transaction, booking_id: int) -> None:
    await tx.execute("UPDATE session_bookings SET status = 'confirmed' WHERE id = ?", (booking_id,))


async def cancel_bookings(tx: Transaction, reg_id: int) -> None:
    await tx.execute(
        "UPDATE session_bookings SET status = 'cancelled' WHERE registration_id = ?", (reg_id,)
    )


async def cancel_booking(tx: Transaction, session_id: int, reg_id: int) -> None:
    await tx.execute(
        "UPDATE session_bookings SET status = 'cancelled' WHERE session_id = ?"
        " AND registration_id = ? AND status != 'cancelled'",
        (session_id, reg_id),
    )


async def seats_taken(db: Reader, event_id: int) -> dict[int, int]:
    """Confirmed bookings per workshop session of the event."""
    rows = await db.fetch_all(
        "SELECT b.session_id, COUNT(*) FROM session_bookings b"
        " JOIN sessions s ON s.id = b.session_id"
        " WHERE s.event_id = ? AND b.status = 'confirmed' GROUP BY b.session_id",
        (event_id,),
    )
    return {r[0]: r[1] for r in rows}


# --- favourites (the personal agenda) -------------------------------------------------


async def favourites_of(db: Reader, registration_id: int) -> set[int]:
    rows = await db.fetch_all(
        "SELECT session_id FROM favourites WHERE registration_id = ?", (registration_id,)
    )
    return {r[0] for r in rows}


async def remove_favourite(tx: Transaction, reg_id: int, session_id: int) -> bool:
    """Take a session out of the personal agenda; whether it was in it."""
    written = await tx.execute(
        "DELETE FROM favourites WHERE registration_id = ? AND session_id = ?", (reg_id, session_id)
    )
    return written.rowcount > 0


async def add_favourite(tx: Transaction, reg_id: int, session_id: int) -> None:
    await tx.execute(
        "INSERT INTO favourites (registration_id, session_id) VALUES (?, ?)", (reg_id, session_id)
    )


# --- the organiser's list -------------------------------------------------------------


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
    db: Reader, event_id: int, shown: ListFilter, offset: int, limit: int
) -> tuple[list[Registration], int]:
    """One page of the filtered list and how many match in all."""
    where, params = _where(event_id, shown)
    total = int(await db.fetch_value(f"SELECT COUNT(*) FROM registrations r WHERE {where}", params))
    rows = await db.fetch_all(f"{_select(where, shown)} LIMIT ? OFFSET ?", [*params, limit, offset])
    return [to_registration(r) for r in rows], total


async def list_all(db: Reader, event_id: int, shown: ListFilter) -> list[Registration]:
    """Every registration the filter shows, in its order (for the export)."""
    where, params = _where(event_id, shown)
    return [to_registration(r) for r in await db.fetch_all(_select(where, shown), params)]


def _select(where: str, shown: ListFilter) -> str:
    order = SORTS.get(shown.sort, SORTS["newest"])
    return f"SELECT r.* FROM registrations r WHERE {where} ORDER BY {order}"
