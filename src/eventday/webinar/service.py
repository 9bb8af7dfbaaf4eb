"""The webinar companion's actions: its settings, what is scheduled, mail to a group."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from eventday.checkin.attendance import event_attendance
from eventday.checkin.models import Attendance
from eventday.clock import utcnow
from eventday.db import Database
from eventday.errors import N_, InvalidInput, NotFound
from eventday.events.models import Event
from eventday.mail import enqueue
from eventday.registration.models import Registration, RegistrationStatus
from eventday.web.i18n import current_language
from eventday.webinar import queries
from eventday.webinar.links import mail_key
from eventday.webinar.mails import PLACEHOLDERS, WebinarMails
from eventday.webinar.models import (
    Audience,
    GroupMailIn,
    GroupMailPreview,
    GroupMailRecord,
    ScheduledMail,
    WebinarSettings,
    WebinarSettingsIn,
)
from eventday.webinar.schedule import THANK_YOU_AFTER, reminder_due, reminder_prefix


async def save_settings(db: Database, event: Event, data: WebinarSettingsIn) -> WebinarSettings:
    """Keep the reminders (minutes before the start, each once, largest first)."""
    settings = WebinarSettings(
        reminders=sorted(set(data.reminders), reverse=True),
        stream_audience=data.stream_audience,
        thank_you=data.thank_you,
        evaluation_reminder_days=data.evaluation_reminder_days,
        evaluation_min_group=data.evaluation_min_group,
    )
    async with db.transaction() as tx:
        await queries.save_settings(tx, event.id, settings)
    return await queries.settings_of(db, event.id)


async def schedule_of(db: Database, event: Event) -> list[ScheduledMail]:
    """Every reminder and the thank-you mail: when, to how many, and how far along."""
    settings = await queries.settings_of(db, event.id)
    recipients = len(await queries.with_status(db, event.id, RegistrationStatus.CONFIRMED))
    result = []
    for minutes in settings.reminders:
        states = await queries.mail_states(db, event.id, reminder_prefix(event.id, minutes))
        result.append(
            _scheduled("reminder", minutes, reminder_due(event, minutes), recipients, states)
        )
    if settings.thank_you:
        states = await queries.mail_states(db, event.id, f"thanks:{event.id}:")
        result.append(_scheduled("thank_you", None, event.ends_at + THANK_YOU_AFTER, 0, states))
    return result


def _scheduled(
    kind: str, minutes: int | None, due_at: datetime, recipients: int, states: dict[str, int]
) -> ScheduledMail:
    return ScheduledMail(
        kind=kind,
        minutes=minutes,
        due_at=due_at,
        recipients=recipients,
        queued=states.get("queued", 0) + states.get("sending", 0),
        sent=states.get("sent", 0),
        failed=states.get("failed", 0),
        expired=states.get("expired", 0),
    )


async def preview_reminder(
    db: Database, mails: WebinarMails, secret: bytes, event: Event, minutes: int
) -> GroupMailPreview:
    """The reminder as the first confirmed attendee would read it at its moment."""
    settings = await queries.settings_of(db, event.id)
    if minutes not in settings.reminders:
        raise NotFound(N_("There is no such reminder."))
    people = await queries.with_status(db, event.id, RegistrationStatus.CONFIRMED)
    sample = people[0][0] if people else _sample(event)
    key = mail_key(secret, sample.id, people[0][1] if people else "")
    mail = mails.reminder(event, sample, key, reminder_due(event, minutes))
    return GroupMailPreview(recipients=len(people), subject=mail.subject, body=mail.body)


def _sample(event: Event) -> Registration:
    """A made-up attendee for previews while nobody has registered."""
    now = utcnow()
    return Registration(
        id=0,
        status=RegistrationStatus.CONFIRMED,
        name="Anna Andersson",
        email="anna@example.se",
        organisation="",
        answers={},
        ticket_code="ABC123",
        language=current_language(),
        consent_version=None,
        consent_text="",
        consented_at=None,
        created_at=now,
        updated_at=now,
        cancelled_at=None,
    )


# --- mail to a group --------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def check_group_mail(data: GroupMailIn) -> None:
    errors = {}
    for field in ("subject", "body"):
        text = getattr(data, field)
        if not text.strip():
            errors[field] = N_("Write something to send.")
        elif any(p not in PLACEHOLDERS for p in _PLACEHOLDER.findall(text)):
            errors[field] = N_("Only the placeholders {name} and {link} can be used.")
    if data.audience is Audience.WORKSHOP and data.session_id is None:
        errors["session_id"] = N_("Choose the workshop.")
    if errors:
        raise InvalidInput(field_errors=errors)


async def recipients_of(
    db: Database, event: Event, data: GroupMailIn
) -> list[tuple[Registration, str]]:
    """The registrations the group holds, with their token hash (for their links)."""
    audience = data.audience
    if audience is Audience.WAITLISTED:
        return await queries.with_status(db, event.id, RegistrationStatus.WAITLISTED)
    people = await queries.with_status(db, event.id, RegistrationStatus.CONFIRMED)
    if audience is Audience.CONFIRMED:
        return people
    if audience is Audience.WORKSHOP:
        booked = await queries.booked(db, event.id, data.session_id or 0)
        if booked is None:
            raise InvalidInput(field_errors={"session_id": N_("Choose the workshop.")})
        return [p for p in people if p[0].id in booked]
    seen = await event_attendance(db, event)
    return [p for p in people if _in_group(audience, seen.of(p[0].id))]


def _in_group(audience: Audience, seen: Attendance) -> bool:
    if audience is Audience.ATTENDED_ONSITE:
        return seen.attended and seen.onsite
    if audience is Audience.ATTENDED_ONLINE:
        return seen.attended and not seen.onsite
    if audience is Audience.ABSENT:
        return not seen.attended
    return seen.attended


async def preview_group_mail(
    db: Database, mails: WebinarMails, secret: bytes, event: Event, data: GroupMailIn
) -> GroupMailPreview:
    """The text as the first recipient reads it, and how many receive it."""
    check_group_mail(data)
    people = await recipients_of(db, event, data)
    reg, token_hash = people[0] if people else (_sample(event), "")
    mail = mails.to_group(data.subject, data.body, reg, mail_key(secret, reg.id, token_hash))
    return GroupMailPreview(recipients=len(people), subject=mail.subject, body=mail.body)


async def send_group_mail(
    db: Database,
    mails: WebinarMails,
    secret: bytes,
    event: Event,
    data: GroupMailIn,
    account_id: int | None,
    per_minute: int,
) -> GroupMailRecord:
    """Queue the mail to every recipient, spread over time at ``per_minute``, and log it."""
    check_group_mail(data)
    people = await recipients_of(db, event, data)
    if not people:
        raise InvalidInput(N_("Nobody is in this group, so nothing was sent."))
    now = utcnow()
    async with db.transaction() as tx:
        group_mail_id = await queries.insert_group_mail(
            tx,
            event.id,
            data.audience,
            data.session_id if data.audience is Audience.WORKSHOP else None,
            data.subject,
            data.body,
            len(people),
            account_id,
        )
        for index, (reg, token_hash) in enumerate(people):
            await enqueue(
                tx,
                mails.to_group(data.subject, data.body, reg, mail_key(secret, reg.id, token_hash)),
                event_id=event.id,
                registration_id=reg.id,
                once_key=f"group:{group_mail_id}:{reg.id}",
                send_after=now + timedelta(seconds=60 * index / per_minute),
            )
    return (await queries.group_mails_of(db, event.id))[0]
