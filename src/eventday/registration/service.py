"""Registration actions.

Capacity is held by one rule: counting the seats taken and writing the new
registration (or booking) happen in ONE write transaction (``BEGIN IMMEDIATE``, one
writer), so concurrent requests for the last seat give exactly one seat and the rest
join the waitlist in arrival order. Cancelling frees the seat and promotes the first
on the waitlist in the same transaction. Mail is queued in that transaction too and
sent after the commit.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from collections.abc import Awaitable, Callable, Iterable, Mapping
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any

import msgspec

from eventday.agenda import queries as agenda_queries
from eventday.agenda.models import Session
from eventday.bounds import MAX_INT64
from eventday.clock import now_db, to_db, utcnow
from eventday.codes import new_code
from eventday.db import Database, Reader, Transaction
from eventday.errors import N_, Conflict, InvalidInput, NotFound
from eventday.events import queries as event_queries
from eventday.events.models import Event, EventStatus
from eventday.registration import queries
from eventday.registration.mails import Mailer
from eventday.registration.models import (
    EMAIL_CHANGE_VALID_HOURS,
    GENDER_OPTIONS,
    REGIONS,
    Answer,
    Builtin,
    FieldMode,
    NewRegistration,
    Question,
    QuestionIn,
    QuestionKind,
    Registered,
    Registration,
    RegistrationForm,
    RegistrationFormIn,
    RegistrationIn,
    RegistrationStatus,
    SelfServiceEdit,
)

TICKET_CODE_LENGTH = 8
MAX_TEXT_ANSWER = 1000
RawAnswers = Mapping[str, list[str]]
DUPLICATE = N_("This e-mail address is already registered for this event.")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(24)


# --- the form -----------------------------------------------------------------------


async def form_of(db: Reader, event: Event) -> RegistrationForm:
    return await queries.registration_form(db, event.id)


async def save_form(db: Database, event: Event, data: RegistrationFormIn) -> RegistrationForm:
    """Store which built-in questions are asked and the consent texts; a change to
    either language gets the next version, so each registration records what it
    accepted."""
    builtins = msgspec.json.encode(
        {k.value: v.value for k, v in data.builtins.items() if v is not FieldMode.OFF}
    ).decode()
    async with db.transaction() as tx:
        await queries.save_form(tx, event.id, builtins, data.consent_text, data.consent_text_en)
    return await form_of(db, event)


def _check_question(data: QuestionIn) -> None:
    if data.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and len(data.options) < 2:
        raise InvalidInput(field_errors={"options": N_("Give at least two options.")})
    if data.options_en and len(data.options_en) != len(data.options):
        raise InvalidInput(
            field_errors={"options_en": N_("Give one English text per choice, or none.")}
        )


async def add_question(db: Database, event: Event, data: QuestionIn) -> Question:
    _check_question(data)
    async with db.transaction() as tx:
        question_id = await queries.add_question(tx, event.id, data)
    return Question(id=question_id, **msgspec.structs.asdict(data))


async def delete_question(db: Database, event: Event, question_id: int) -> None:
    async with db.transaction() as tx:
        await queries.delete_question(tx, event.id, question_id)


def raw_from_api(answers: Mapping[str, Answer]) -> dict[str, list[str]]:
    """API answers in the shape a form post has: every value a list of strings."""
    raw: dict[str, list[str]] = {}
    for key, value in answers.items():
        if isinstance(value, bool):
            raw[key] = ["on"] if value else []
        elif isinstance(value, list):
            raw[key] = [str(v) for v in value]
        else:
            raw[key] = [str(value)]
    return raw


def _answer(
    kind: QuestionKind, options: Iterable[str], required: bool, values: list[str]
) -> tuple[Answer | None, str | None]:
    """One validated answer, or the message for the field."""
    values = [v.strip() for v in values if v.strip()]
    if kind is QuestionKind.CHECKBOX:
        checked = bool(values)
        return (checked, N_("This field is required.") if required and not checked else None)
    if not values:
        return None, N_("This field is required.") if required else None
    if kind is QuestionKind.MULTIPLE:
        allowed = set(options)
        if any(v not in allowed for v in values) or len(values) > len(allowed):
            return None, N_("Please choose one of the options.")
        return list(dict.fromkeys(values)), None
    if len(values) > 1:
        return None, N_("Please give one answer.")
    value = values[0]
    if kind is QuestionKind.SINGLE:
        return (
            (value, None)
            if value in set(options)
            else (None, N_("Please choose one of the options."))
        )
    if kind is QuestionKind.NUMBER:
        try:
            number = int(value)
        except ValueError:
            return None, N_("Please enter a whole number.")
        if abs(number) > MAX_INT64:  # kept and sent as a 64-bit integer
            return None, N_("Please enter a smaller number.")
        return number, None
    if len(value) > MAX_TEXT_ANSWER:
        return None, N_("Please use at most 1000 characters.")
    return value, None


BUILTIN_KINDS: dict[Builtin, tuple[QuestionKind, tuple[str, ...]]] = {
    Builtin.REGION: (QuestionKind.SINGLE, REGIONS),
    Builtin.GENDER: (QuestionKind.SINGLE, tuple(GENDER_OPTIONS)),
}


def validate_answers(
    form: RegistrationForm, raw: RawAnswers
) -> tuple[dict[str, Answer], dict[str, str]]:
    """Answers to the built-in and custom questions, and a message per wrong field.
    Keys not asked on the form are ignored."""
    answers: dict[str, Answer] = {}
    errors: dict[str, str] = {}
    fields: list[tuple[str, QuestionKind, Iterable[str], bool]] = []
    kind: QuestionKind
    options: Iterable[str]
    for builtin in Builtin:
        mode = form.mode(builtin)
        if mode is not FieldMode.OFF:
            kind, options = BUILTIN_KINDS.get(builtin, (QuestionKind.TEXT, ()))
            fields.append((builtin.value, kind, options, mode is FieldMode.REQUIRED))
    fields += [(q.key, q.kind, q.options, q.required) for q in form.questions]
    for key, kind, options, required in fields:
        value, error = _answer(kind, options, required, list(raw.get(key, [])))
        if error:
            errors[key] = error
        elif value is not None:
            answers[key] = value
    return answers, errors


def check_consent(form: RegistrationForm, consent: bool) -> dict[str, str]:
    if form.asks_consent and not consent:
        return {"consent": N_("Please accept the terms to register.")}
    return {}


def registration_open(event: Event, moment: datetime) -> bool:
    """Open while the event is published, between its opening and closing times."""
    if event.status is not EventStatus.PUBLISHED:
        return False
    if event.registration_opens_at and moment < event.registration_opens_at:
        return False
    closes = event.registration_closes_at or event.ends_at
    return moment < closes


# --- registering ----------------------------------------------------------------------


async def _load(db: Reader, event: Event, reg_id: int) -> Registration:
    reg = await queries.registration_by_id(db, event.id, reg_id)
    assert reg is not None
    return reg


async def _new_ticket_code(conn: Transaction) -> str:
    code = new_code(TICKET_CODE_LENGTH)
    while await queries.ticket_code_taken(conn, code):
        code = new_code(TICKET_CODE_LENGTH)
    return code


async def _booked_sessions(db: Reader, reg_id: int, sessions: list[Session]) -> list[Session]:
    booked = await queries.confirmed_sessions(db, reg_id)
    return [s for s in sessions if s.id in booked]


def offered_workshops(sessions: list[Session], moment: datetime) -> list[Session]:
    """The workshops one can still book: those with seats that have not ended."""
    return [s for s in sessions if s.bookable and s.ends_at > moment]


def _check_sessions(
    session_ids: Iterable[int], sessions: list[Session], moment: datetime
) -> list[Session]:
    offered = {s.id: s for s in offered_workshops(sessions, moment)}
    chosen = list(dict.fromkeys(session_ids))
    if any(sid not in offered for sid in chosen):
        raise InvalidInput(field_errors={"session_ids": N_("Please choose one of the options.")})
    return [offered[sid] for sid in chosen]


def _check_no_overlap(workshops: list[Session]) -> None:
    """Nobody holds seats in two workshops at the same time (run inside the
    transaction that books, with the bookings it holds, so two requests at once
    cannot each add one half of a clash)."""
    ordered = sorted(workshops, key=lambda s: s.starts_at)
    for first, second in pairwise(ordered):
        if second.starts_at < first.ends_at:
            raise InvalidInput(
                N_("Two of the workshops are at the same time: %(first)s and %(second)s."),
                params={"first": first.title, "second": second.title},
                field_errors={"session_ids": OVERLAP},
            )


OVERLAP = N_("Two of these workshops are at the same time; choose one of them.")


async def _book(
    conn: Transaction, reg_id: int, session: Session, now: str, holds_seat: bool
) -> RegistrationStatus:
    """Book a seat in a workshop, or a waitlist place when it is full (same transaction
    as the count, like the event's own capacity). Someone without a seat at the event
    itself queues for the workshop until they get one."""
    assert session.capacity is not None
    status = RegistrationStatus.WAITLISTED
    if holds_seat and await queries.booked_count(conn, session.id) < session.capacity:
        status = RegistrationStatus.CONFIRMED
    await queries.book(conn, session.id, reg_id, status, now)
    return status


async def register(
    db: Database,
    mailer: Mailer,
    event: Event,
    data: RegistrationIn,
    raw_answers: RawAnswers,
    session_ids: Iterable[int] = (),
    language: str = "sv",
    *,
    walk_in: bool = False,
    at: datetime | None = None,
) -> Registered:
    """Register one person: a seat if one is free, else the waitlist (or pending when
    the organiser approves registrations). Refuses a second live registration with
    the same e-mail. The confirmation mail is queued in the same transaction.

    A walk-in (registered by check-in staff at the door) is standing in the room: it
    gets a seat whatever the capacity, even when registration has closed, and the
    form's other questions are left for the person to answer from the private link.

    ``at`` is the moment the registration is made, the clock's now unless given (the
    demo seeds registrations made in the weeks before its day)."""
    form = await form_of(db.inline, event)
    answers, errors = validate_answers(form, raw_answers) if not walk_in else ({}, {})
    errors |= check_consent(form, data.consent)
    sessions = await agenda_queries.sessions_of_event(db.inline, event.id)
    now = at or utcnow()
    chosen = _check_sessions(session_ids, sessions, now)
    # A new registration holds no bookings yet, so its own choice is all to check.
    _check_no_overlap(chosen)
    if errors:
        raise InvalidInput(field_errors=errors)
    if not walk_in and not registration_open(event, now):
        raise Conflict(N_("Registration for this event is closed."))
    token = new_token()
    stamp = to_db(now)

    async def write(conn: Transaction) -> Registration:
        if await queries.live_registration_by_email(conn, event.id, data.email):
            raise Conflict(DUPLICATE, field_errors={"email": DUPLICATE})
        if walk_in:
            status = RegistrationStatus.CONFIRMED
        elif event.requires_approval:
            status = RegistrationStatus.PENDING
        elif event.capacity is None or (
            await queries.confirmed_count(conn, event.id) < event.capacity
        ):
            status = RegistrationStatus.CONFIRMED
        else:
            status = RegistrationStatus.WAITLISTED
        reg_id = await queries.insert_registration(
            conn,
            NewRegistration(
                event_id=event.id,
                status=status.value,
                name=data.name,
                email=data.email,
                organisation=data.organisation,
                answers=msgspec.json.encode(answers).decode(),
                language=language,
                ticket_code=await _new_ticket_code(conn),
                token_hash=token_hash(token),
                consent_version=form.consent_version if form.asks_consent else None,
                consent_text=form.local_consent_text(language),
                consent_language=form.consent_language(language) if form.asks_consent else None,
                consented_at=stamp if form.asks_consent else None,
                created_at=stamp,
            ),
        )
        for session in chosen:
            await _book(conn, reg_id, session, stamp, status is RegistrationStatus.CONFIRMED)
        registered = await _load(conn, event, reg_id)
        await mailer.confirmation(
            conn,
            event,
            registered,
            await _booked_sessions(conn, reg_id, sessions),
            token,
            await queries.waitlist_position(conn, event.id, reg_id),
        )
        return registered

    try:
        # At once on the event loop's thread, without a thread hop per statement
        # (see ``db.inline``): the hot path of a registration burst.
        registration = await db.write_inline(write)
    except sqlite3.IntegrityError as exc:
        # The partial unique index is the last line against a duplicate (e.g. from
        # another process); report it the same way as the check above.
        raise Conflict(DUPLICATE, field_errors={"email": DUPLICATE}) from exc
    return Registered(registration=registration, token=token)


async def send_link_again(db: Database, mailer: Mailer, event: Event, email: str) -> bool:
    """Mail a fresh private link to a live registration with this e-mail; the old link
    stops working. Returns whether one was found (the page says the same either way)."""
    token = new_token()
    async with db.transaction() as conn:
        reg = await queries.live_registration_by_email(conn, event.id, email.strip())
        if reg is None:
            return False
        await queries.set_token_hash(conn, reg.id, token_hash(token))
        await mailer.private_link(conn, event, reg, token)
    return True


async def registration_for_token(db: Database, token: str) -> tuple[Event, Registration]:
    """The event and registration of a private link."""
    found = await queries.registration_by_token(db.inline, token_hash(token))
    if found is None:
        raise NotFound(N_("This link is not valid. Ask for a new one on the event page."))
    event_id, registration = found
    event = await event_queries.event_by_id(db.inline, event_id)
    assert event is not None  # registrations are deleted with their event
    return event, registration


async def get_registration(db: Database, event: Event, reg_id: int) -> Registration:
    found = await queries.registration_by_id(db, event.id, reg_id)
    if found is None:
        raise NotFound(N_("There is no such registration."))
    return found


async def _check_email_free(conn: Reader, event: Event, reg: Registration, email: str) -> None:
    existing = await queries.live_registration_by_email(conn, event.id, email)
    if existing is not None and existing.id != reg.id:
        raise Conflict(DUPLICATE, field_errors={"email": DUPLICATE})


async def _write_details(
    db: Database,
    event: Event,
    reg: Registration,
    data: RegistrationIn,
    raw_answers: RawAnswers,
    email: str,
    also: Callable[[Transaction], Awaitable[None]] | None = None,
) -> Registration:
    """Validate the answers and write name, ``email``, organisation and answers (and
    whatever ``also`` adds) in one transaction. The e-mail must stay unique among live
    registrations."""
    form = await form_of(db, event)
    answers, errors = validate_answers(form, raw_answers)
    if errors:
        raise InvalidInput(field_errors=errors)
    try:
        async with db.transaction() as conn:
            await _check_email_free(conn, event, reg, data.email)
            await queries.update_details(
                conn,
                reg.id,
                data.name,
                email,
                data.organisation,
                msgspec.json.encode(answers).decode(),
                now_db(),
            )
            if also is not None:
                await also(conn)
    except sqlite3.IntegrityError as exc:
        raise Conflict(DUPLICATE, field_errors={"email": DUPLICATE}) from exc
    return await get_registration(db, event, reg.id)


async def update_registration(
    db: Database, event: Event, reg: Registration, data: RegistrationIn, raw_answers: RawAnswers
) -> Registration:
    """The organiser's edit: name, e-mail (at once), organisation and answers."""
    return await _write_details(db, event, reg, data, raw_answers, data.email)


async def update_own_registration(
    db: Database,
    mailer: Mailer,
    event: Event,
    reg: Registration,
    data: RegistrationIn,
    raw_answers: RawAnswers,
) -> SelfServiceEdit:
    """The attendee's edit on the private link. A new e-mail is not in force yet: a
    single-use link that expires is mailed to it, and the old address is told."""
    if data.email.casefold() == reg.email.casefold():  # the same address (NOCASE)
        updated = await _write_details(db, event, reg, data, raw_answers, data.email)
        return SelfServiceEdit(registration=updated, pending_email=None)
    token = new_token()

    async def ask(conn: Transaction) -> None:
        now = utcnow()
        await queries.replace_email_change(
            conn,
            reg.id,
            data.email,
            token_hash(token),
            to_db(now),
            to_db(now + timedelta(hours=EMAIL_CHANGE_VALID_HOURS)),
        )
        await mailer.email_change(conn, event, reg, data.email, token)

    updated = await _write_details(db, event, reg, data, raw_answers, reg.email, ask)
    return SelfServiceEdit(registration=updated, pending_email=data.email)


async def confirm_email_change(db: Database, token: str) -> tuple[Event, Registration]:
    """Follow the link mailed to the new address: it comes into force, once, in time,
    and only if no other live registration of the event took it meanwhile."""
    async with db.transaction() as conn:
        change = await queries.email_change_by_token_hash(conn, token_hash(token))
        if change is None:
            raise NotFound(N_("This link is not valid."))
        if change.used_at is not None:
            raise Conflict(N_("This link has already been used; the new address is in force."))
        if change.expires_at <= utcnow():
            raise Conflict(
                N_("This link has expired. Change the e-mail again on your private link.")
            )
        found = await queries.registration_anywhere(conn, change.registration_id)
        assert found is not None  # changes are deleted with their registration
        event_id, reg = found
        event = await event_queries.event_by_id(conn, event_id)
        assert event is not None
        taken = await queries.live_registration_by_email(conn, event.id, change.email)
        if taken is not None and taken.id != reg.id:
            raise Conflict(
                N_(
                    "%(email)s is now registered for this event by someone else; the e-mail"
                    " stays %(old)s."
                ),
                params={"email": change.email, "old": reg.email},
            )
        await queries.apply_email_change(conn, change, now_db())
    return event, await get_registration(db, event, reg.id)


# --- seats: cancel, promote, approve, workshops ------------------------------------------


async def _fill_event_seats(
    conn: Transaction, mailer: Mailer, event: Event, sessions: list[Session]
) -> list[int]:
    """Promote from the waitlist, in order, while seats are free."""
    promoted = []
    while event.capacity is None or await queries.confirmed_count(conn, event.id) < event.capacity:
        first = await queries.first_waitlisted(conn, event.id)
        if first is None:
            break
        await queries.set_status(conn, first, RegistrationStatus.CONFIRMED, now_db())
        reg = await _load(conn, event, first)
        await mailer.promoted(conn, event, reg, await _booked_sessions(conn, reg.id, sessions))
        promoted.append(reg.id)
    if promoted:
        await _fill_all_sessions(conn, mailer, event, sessions)
    return promoted


async def _fill_all_sessions(
    conn: Transaction, mailer: Mailer, event: Event, sessions: list[Session]
) -> None:
    for session in sessions:
        if session.bookable:
            await _fill_session_seats(conn, mailer, event, session, sessions)


async def _fill_session_seats(
    conn: Transaction,
    mailer: Mailer,
    event: Event,
    session: Session,
    sessions: list[Session],
) -> None:
    assert session.capacity is not None
    while await queries.booked_count(conn, session.id) < session.capacity:
        first = await queries.first_waitlisted_booking(conn, session.id)
        if first is None:
            return
        booking_id, reg_id = first
        await queries.confirm_booking(conn, booking_id)
        reg = await _load(conn, event, reg_id)
        await mailer.promoted(
            conn, event, reg, await _booked_sessions(conn, reg.id, sessions), session
        )


async def cancel(db: Database, mailer: Mailer, event: Event, reg: Registration) -> None:
    """Cancel a registration and its workshop seats; the first on each waitlist moves
    up and is told by mail, in the same transaction."""
    if reg.status is RegistrationStatus.CANCELLED:
        return
    sessions = await agenda_queries.sessions_of_event(db, event.id)
    async with db.transaction() as conn:
        await queries.set_status(conn, reg.id, RegistrationStatus.CANCELLED, now_db())
        freed = await queries.confirmed_sessions(conn, reg.id)
        await queries.cancel_bookings(conn, reg.id)
        if not event.requires_approval:
            await _fill_event_seats(conn, mailer, event, sessions)
        for session in sessions:
            if session.id in freed:
                await _fill_session_seats(conn, mailer, event, session, sessions)


async def move_from_waitlist(
    db: Database, mailer: Mailer, event: Event, reg_id: int, *, over_capacity: bool
) -> Registration:
    """The organiser confirms a waitlisted or pending registration. Without
    ``over_capacity`` it needs a free seat; with it the organiser adds a seat."""
    reg = await get_registration(db, event, reg_id)
    if reg.status not in (RegistrationStatus.WAITLISTED, RegistrationStatus.PENDING):
        raise Conflict(N_("Only waitlisted or pending registrations can be confirmed."))
    sessions = await agenda_queries.sessions_of_event(db, event.id)
    async with db.transaction() as conn:
        full = (
            event.capacity is not None
            and await queries.confirmed_count(conn, event.id) >= event.capacity
        )
        status = (
            RegistrationStatus.WAITLISTED
            if full and not over_capacity
            else RegistrationStatus.CONFIRMED
        )
        await queries.set_status(conn, reg.id, status, now_db())
        changed = await _load(conn, event, reg.id)
        booked = await _booked_sessions(conn, reg.id, sessions)
        if changed.status is RegistrationStatus.CONFIRMED:
            await mailer.promoted(conn, event, changed, booked)
            await _fill_all_sessions(conn, mailer, event, sessions)
        elif reg.status is RegistrationStatus.PENDING:
            await mailer.confirmation(
                conn,
                event,
                changed,
                booked,
                None,
                await queries.waitlist_position(conn, event.id, reg.id),
            )
    return changed


async def resend_confirmation(db: Database, mailer: Mailer, event: Event, reg_id: int) -> None:
    """Send the confirmation again, with a fresh private link (the old one stops)."""
    reg = await get_registration(db, event, reg_id)
    if reg.status is RegistrationStatus.CANCELLED:
        raise Conflict(N_("This registration is cancelled."))
    sessions = await agenda_queries.sessions_of_event(db, event.id)
    token = new_token()
    async with db.transaction() as conn:
        await queries.set_token_hash(conn, reg.id, token_hash(token))
        await mailer.confirmation(
            conn,
            event,
            reg,
            await _booked_sessions(conn, reg.id, sessions),
            token,
            await queries.waitlist_position(conn, event.id, reg.id),
        )


async def choose_sessions(
    db: Database, mailer: Mailer, event: Event, reg: Registration, session_ids: Iterable[int]
) -> None:
    """Set the workshops a registration wants: new ones are booked (or waitlisted)
    and dropped ones free their seat for the next on that workshop's waitlist."""
    if reg.status is RegistrationStatus.CANCELLED:
        raise Conflict(N_("This registration is cancelled."))
    sessions = await agenda_queries.sessions_of_event(db, event.id)
    now = utcnow()
    wanted = {s.id for s in _check_sessions(session_ids, sessions, now)}
    # Workshops that have ended are neither offered nor given up: what was booked
    # stays booked (it is the record of who had a seat).
    over = {s.id for s in sessions if s.bookable and s.ends_at <= now}
    stamp = now_db()
    async with db.transaction() as conn:
        current = {b.session_id: b.status for b in await queries.bookings_of(conn, reg.id)}
        wanted |= over & current.keys()
        _check_no_overlap([s for s in sessions if s.id in wanted])
        for session in sessions:
            if session.id in current and session.id not in wanted:
                await queries.cancel_booking(conn, session.id, reg.id)
                if current[session.id] is RegistrationStatus.CONFIRMED:
                    await _fill_session_seats(conn, mailer, event, session, sessions)
            elif session.id in wanted and session.id not in current:
                await _book(
                    conn, reg.id, session, stamp, reg.status is RegistrationStatus.CONFIRMED
                )


def personal_data(event: Event, reg: Registration, bookings: list[Any]) -> dict[str, Any]:
    """Everything held about one attendee (GDPR access), as plain JSON."""
    return {
        "event": {"name": event.name, "slug": event.slug},
        "registration": msgspec.to_builtins(reg),
        "session_bookings": msgspec.to_builtins(bookings),
    }


async def fill_seats(db: Database, mailer: Mailer, event: Event) -> list[int]:
    """Promote from the waitlist while seats are free (after the capacity grew)."""
    if event.requires_approval:
        return []
    sessions = await agenda_queries.sessions_of_event(db, event.id)
    async with db.transaction() as conn:
        promoted = await _fill_event_seats(conn, mailer, event, sessions)
    return promoted


async def toggle_favourite(db: Database, event: Event, reg: Registration, session_id: int) -> bool:
    """Add a session to the attendee's personal agenda, or take it out; returns
    whether it is in it now."""
    if await agenda_queries.session_by_id(db, event.id, session_id) is None:
        raise NotFound(N_("There is no such session."))
    async with db.transaction() as conn:
        if await queries.remove_favourite(conn, reg.id, session_id):
            return False
        await queries.add_favourite(conn, reg.id, session_id)
    return True


async def personal_sessions(db: Database, event: Event, reg: Registration) -> list[Session]:
    """The attendee's agenda: workshops with a seat and the sessions they marked."""
    wanted = await queries.favourites_of(db, reg.id)
    wanted |= {
        b.session_id
        for b in await queries.bookings_of(db, reg.id)
        if b.status is RegistrationStatus.CONFIRMED
    }
    return [s for s in await agenda_queries.sessions_of_event(db, event.id) if s.id in wanted]
