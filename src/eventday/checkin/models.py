"""Check-in lists, scans and their outcomes, presence and attendance records."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated

import msgspec

from eventday.bounds import Id
from eventday.errors import N_
from eventday.web.forms import Email

Nonce = Annotated[str, msgspec.Meta(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
Code = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]


class Outcome(enum.StrEnum):
    """What a scan found. ``checked-in`` is green, ``already`` amber, the rest red."""

    CHECKED_IN = "checked-in"
    ALREADY = "already"
    NOT_REGISTERED = "not-registered"
    WRONG_EVENT = "wrong-event"
    CANCELLED = "cancelled"
    WAITLISTED = "waitlisted"
    PENDING = "pending"
    NO_SEAT = "no-seat"

    @property
    def colour(self) -> str:
        if self is Outcome.CHECKED_IN:
            return "green"
        return "amber" if self is Outcome.ALREADY else "red"


OUTCOME_TEXTS = {
    Outcome.CHECKED_IN: N_("Checked in"),
    Outcome.ALREADY: N_("Already checked in at %(time)s by %(staff)s"),
    Outcome.NOT_REGISTERED: N_("Not registered: no ticket has this code"),
    Outcome.WRONG_EVENT: N_("Wrong event: this ticket is for %(event)s"),
    Outcome.CANCELLED: N_("Cancelled: this registration was cancelled"),
    Outcome.WAITLISTED: N_("Waitlisted: this person has no seat yet"),
    Outcome.PENDING: N_("Not approved yet: the organiser has not approved this registration"),
    Outcome.NO_SEAT: N_("No seat in this workshop"),
}


class CheckinList(msgspec.Struct, frozen=True, kw_only=True):
    """The door (``session_id`` None) or a workshop session's room."""

    key: str
    session_id: int | None
    title: str
    starts_at: datetime | None = None


class ListCount(msgspec.Struct, frozen=True, kw_only=True):
    key: str
    title: str
    checked_in: int
    expected: int


class ScanIn(msgspec.Struct, frozen=True, kw_only=True):
    """One scan from a staff phone. The nonce is made by the phone per scan: sending
    the same scan again (a retry) gives the first answer and never counts twice."""

    nonce: Nonce
    code: Code | None = None
    registration_id: Id | None = None
    list: Annotated[str, msgspec.Meta(max_length=20, pattern=r"^(door|s[0-9]+)$")] = "door"


class ScanResult(msgspec.Struct, frozen=True, kw_only=True):
    outcome: Outcome
    colour: str
    message: str
    list: str
    registration_id: int | None = None
    name: str = ""
    organisation: str = ""
    checkin_id: int | None = None
    checked_in_at: datetime | None = None
    staff: str = ""
    other_event: str = ""


class Checkin(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    registration_id: int
    name: str
    organisation: str
    session_id: int | None
    checked_in_at: datetime
    staff_name: str
    walk_in: bool


class WalkInIn(msgspec.Struct, frozen=True, kw_only=True):
    """A person who comes without a registration: registered and checked in at once."""

    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    email: Email
    organisation: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    consent: bool = False


class ScanRecord(msgspec.Struct, frozen=True, kw_only=True):
    """One scan as it is kept, so a retried request gets the same answer."""

    event_id: int
    nonce: str
    session_id: int | None
    code: str
    outcome: str
    checkin_id: int | None
    registration_id: int | None
    staff_id: int
    created_at: str


class AttendanceSettings(msgspec.Struct, frozen=True, kw_only=True):
    online_percent: int = 50
    retention_days: int | None = None
    anonymised_at: datetime | None = None


class AttendanceSettingsIn(msgspec.Struct, frozen=True, kw_only=True):
    """The organiser's rule (online attendance counts from this share of the event)
    and how many days after the event personal data is kept."""

    online_percent: Annotated[int, msgspec.Meta(ge=1, le=100)] = 50
    retention_days: Annotated[int, msgspec.Meta(ge=0, le=3650)] | None = None


class Attendance(msgspec.Struct, frozen=True, kw_only=True):
    """One registration's attendance: check-ins per list, online minutes per
    session and in total, and whether it counts as attended by the event's rule."""

    registration_id: int
    checkins: dict[str, datetime]
    online_minutes: dict[int, int]
    online_total: int
    event_minutes: int
    sessions_attended: list[int]
    attended: bool
    onsite: bool
