"""Check-in actions: scan a ticket onto a list, undo, register a walk-in.

A scan is handled in ONE write transaction: the nonce is looked up first (a retried
request gets the first answer back and counts nothing), then the standing check-in
of the person on that list, then the new check-in and the scan's log row. The writer
is serialised, so two phones scanning the same ticket at the same moment give one
check-in and one "already checked in"; a partial unique index is the last line.
"""

from __future__ import annotations

from eventday.accounts.models import Account
from eventday.agenda import queries as agenda_queries
from eventday.agenda.models import Session, SessionKind
from eventday.checkin import queries
from eventday.checkin.models import (
    AttendanceSettings,
    AttendanceSettingsIn,
    CheckinList,
    ListCount,
    Outcome,
    ScanIn,
    ScanRecord,
    ScanResult,
    WalkInIn,
)
from eventday.clock import from_db, now_db
from eventday.codes import normalise_code
from eventday.db import Database, Row, Transaction
from eventday.errors import N_, InvalidInput, NotFound
from eventday.events.models import Event
from eventday.registration import queries as registration_queries
from eventday.registration import service as registration
from eventday.registration.mails import Mailer
from eventday.registration.models import RegistrationIn

DOOR = "door"
STATUS_OUTCOMES = {
    "cancelled": Outcome.CANCELLED,
    "waitlisted": Outcome.WAITLISTED,
    "pending": Outcome.PENDING,
}


def list_key(session_id: int | None) -> str:
    return DOOR if session_id is None else f"s{session_id}"


def workshop_lists(sessions: list[Session]) -> list[Session]:
    return [s for s in sessions if s.kind is SessionKind.WORKSHOP]


async def lists_of(db: Database, event: Event) -> list[CheckinList]:
    """The door, then one list per workshop session in time order."""
    sessions = await agenda_queries.sessions_of_event(db, event.id)
    return [CheckinList(key=DOOR, session_id=None, title="")] + [
        CheckinList(key=list_key(s.id), session_id=s.id, title=s.title, starts_at=s.starts_at)
        for s in workshop_lists(sessions)
    ]


async def find_list(db: Database, event: Event, key: str) -> CheckinList:
    for checkin_list in await lists_of(db, event):
        if checkin_list.key == key:
            return checkin_list
    raise NotFound(N_("There is no such check-in list."))


def staff_name(account: Account) -> str:
    return account.name or account.email


async def _outcome(
    conn: Transaction, event: Event, reg: Row | None, session_id: int | None
) -> tuple[Outcome, Row | None]:
    """What the scan means, and the standing check-in when there is one."""
    if reg is None:
        return Outcome.NOT_REGISTERED, None
    if reg["event_id"] != event.id:
        return Outcome.WRONG_EVENT, None
    if reg["status"] in STATUS_OUTCOMES:
        return STATUS_OUTCOMES[reg["status"]], None
    standing = await queries.standing_checkin(conn, reg["id"], session_id)
    if standing is not None:
        return Outcome.ALREADY, standing
    if session_id is not None:
        capacity = await queries.session_capacity(conn, session_id)
        if capacity is not None and not await queries.has_workshop_seat(
            conn, reg["id"], session_id
        ):
            return Outcome.NO_SEAT, None
    return Outcome.CHECKED_IN, None


async def _insert_checkin(
    conn: Transaction,
    event: Event,
    registration_id: int,
    session_id: int | None,
    account: Account,
    walk_in: bool = False,
) -> int:
    return await queries.insert_checkin(
        conn,
        event.id,
        registration_id,
        session_id,
        now_db(),
        account.id,
        staff_name(account),
        walk_in,
    )


async def _result(
    conn: Transaction,
    outcome: Outcome,
    checkin_list: CheckinList,
    reg: Row | None,
    checkin_id: int | None,
) -> ScanResult:
    checked = await queries.checkin_row(conn, checkin_id) if checkin_id is not None else None
    if reg is not None and outcome is Outcome.WRONG_EVENT:
        # The other event's name is the reason staff can give; the person is not shown.
        return ScanResult(
            outcome=outcome,
            colour=outcome.colour,
            message="",
            list=checkin_list.key,
            other_event=reg["event_name"],
        )
    return ScanResult(
        outcome=outcome,
        colour=outcome.colour,
        message="",
        list=checkin_list.key,
        registration_id=reg["id"] if reg is not None else None,
        name=reg["name"] if reg is not None else "",
        organisation=reg["organisation"] if reg is not None else "",
        checkin_id=checkin_id,
        checked_in_at=from_db(checked["checked_in_at"]) if checked else None,
        staff=checked["staff_name"] if checked else "",
    )


async def scan(db: Database, event: Event, data: ScanIn, account: Account) -> ScanResult:
    """Check a ticket (by code) or a registration (by id, from a search) in on a list.
    The same nonce twice returns the first answer; nothing is counted again."""
    if data.code is None and data.registration_id is None:
        raise InvalidInput(field_errors={"code": N_("Type or scan a ticket code.")})
    checkin_list = await find_list(db, event, data.list)
    code = normalise_code(data.code) if data.code is not None else None
    async with db.transaction() as conn:
        prior = await queries.scan_by_nonce(conn, event.id, data.nonce)
        if prior is not None:
            reg = await queries.registration_for_scan(
                conn, event.id, prior["code"] or None, prior["registration_id"]
            )
            replay_list = await find_list(db, event, list_key(prior["session_id"]))
            outcome = Outcome(prior["outcome"])
            return await _result(conn, outcome, replay_list, reg, prior["checkin_id"])
        reg = await queries.registration_for_scan(conn, event.id, code, data.registration_id)
        outcome, standing = await _outcome(conn, event, reg, checkin_list.session_id)
        checkin_id = standing["id"] if standing is not None else None
        if outcome is Outcome.CHECKED_IN:
            assert reg is not None
            checkin_id = await _insert_checkin(
                conn, event, reg["id"], checkin_list.session_id, account
            )
        await queries.insert_scan(
            conn,
            ScanRecord(
                event_id=event.id,
                nonce=data.nonce,
                session_id=checkin_list.session_id,
                code=code or "",
                outcome=outcome.value,
                checkin_id=checkin_id,
                registration_id=reg["id"]
                if reg is not None and reg["event_id"] == event.id
                else None,
                staff_id=account.id,
                created_at=now_db(),
            ),
        )
        return await _result(conn, outcome, checkin_list, reg, checkin_id)


async def undo(db: Database, event: Event, checkin_id: int, account: Account) -> None:
    """Take a check-in back (a mistaken scan); who and when is kept with the row."""
    async with db.transaction() as conn:
        if not await queries.undo_checkin(
            conn, event.id, checkin_id, now_db(), staff_name(account)
        ):
            raise NotFound(N_("There is no such check-in."))


async def walk_in(
    db: Database, mailer: Mailer, event: Event, data: WalkInIn, account: Account, language: str
) -> ScanResult:
    """Register a person at the door and check them in on the door list. They get the
    confirmation mail with their private link, like everyone else."""
    registered = await registration.register(
        db,
        mailer,
        event,
        RegistrationIn(
            name=data.name, email=data.email, organisation=data.organisation, consent=data.consent
        ),
        {},
        language=language,
        walk_in=True,
    )
    reg_id = registered.registration.id
    door = CheckinList(key=DOOR, session_id=None, title="")
    async with db.transaction() as conn:
        checkin_id = await _insert_checkin(conn, event, reg_id, None, account, walk_in=True)
        reg = await queries.registration_for_scan(conn, event.id, None, reg_id)
        return await _result(conn, Outcome.CHECKED_IN, door, reg, checkin_id)


async def counts(db: Database, event: Event) -> list[ListCount]:
    """Checked in against expected, per list: the door against confirmed
    registrations, a workshop against its confirmed seats (or all confirmed when it
    has no seats to book)."""
    checked = await queries.checked_in_counts(db, event.id)
    confirmed = await registration_queries.confirmed_count(db, event.id)
    booked = await queries.confirmed_bookings(db, event.id)
    sessions = {s.id: s for s in await agenda_queries.sessions_of_event(db, event.id)}
    result = []
    for checkin_list in await lists_of(db, event):
        sid = checkin_list.session_id
        expected = confirmed
        if sid is not None and sessions[sid].capacity is not None:
            expected = booked.get(sid, 0)
        result.append(
            ListCount(
                key=checkin_list.key,
                title=checkin_list.title,
                checked_in=checked.get(sid or 0, 0),
                expected=expected,
            )
        )
    return result


async def attendance_settings(db: Database, event: Event) -> AttendanceSettings:
    return await queries.attendance_settings(db, event.id)


async def save_attendance_settings(
    db: Database, event: Event, data: AttendanceSettingsIn
) -> AttendanceSettings:
    async with db.transaction() as tx:
        await queries.save_attendance_settings(
            tx, event.id, data.online_percent, data.retention_days
        )
    return await attendance_settings(db, event)
