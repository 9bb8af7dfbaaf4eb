"""The scheduler the outbox worker runs before each round: it queues every reminder
and thank-you mail that is due, each under a ``once_key``, so it exists once however
many processes and restarts run this. A reminder is queued only between its moment
and the start, and expires at the start (the outbox then never sends it); when the
server was down past several reminders, only the latest is sent; who registered after
a reminder's moment does not get it."""

from __future__ import annotations

from datetime import datetime, timedelta

from eventday.checkin.attendance import event_attendance
from eventday.clock import utcnow
from eventday.db import Database
from eventday.events.models import Event
from eventday.mail import OutgoingMail, enqueue
from eventday.registration.models import RegistrationStatus
from eventday.webinar import evaluation, queries
from eventday.webinar.links import mail_key
from eventday.webinar.mails import WebinarMails
from eventday.webinar.models import MAX_REMINDER_MINUTES

THANK_YOU_AFTER = timedelta(hours=1)
"""The thank-you mail goes an hour after the end, once late check-ins are in."""
THANK_YOU_UNTIL = timedelta(days=14)


def reminder_prefix(event_id: int, minutes: int) -> str:
    """The keys of one reminder of an event start so; a registration's id ends them."""
    return f"reminder:{event_id}:{minutes}:"


def reminder_key(event_id: int, minutes: int, registration_id: int) -> str:
    return f"{reminder_prefix(event_id, minutes)}{registration_id}"


def thank_you_key(event_id: int, registration_id: int) -> str:
    return f"thanks:{event_id}:{registration_id}"


def reminder_due(event: Event, minutes: int) -> datetime:
    return event.starts_at - timedelta(minutes=minutes)


class Scheduler:
    def __init__(self, db: Database, mails: WebinarMails, secret: bytes) -> None:
        self.db = db
        self.mails = mails
        self.secret = secret

    async def __call__(self) -> int:
        now = utcnow()
        queued = 0
        soon = now + timedelta(minutes=MAX_REMINDER_MINUTES)
        for event in await queries.events_between(self.db, "starts_at", now, soon):
            queued += await self._reminders(event, now)
        for event in await queries.events_between(
            self.db, "ends_at", now - THANK_YOU_AFTER - THANK_YOU_UNTIL, now - THANK_YOU_AFTER
        ):
            queued += await self._thank_you(event, now)
        return queued

    async def _reminders(self, event: Event, now: datetime) -> int:
        settings = await queries.settings_of(self.db, event.id)
        due_now = [m for m in settings.reminders if reminder_due(event, m) <= now]
        if not due_now:
            return 0
        # Whoever needs a reminder now needs the latest one due: a round with nothing
        # to queue costs one indexed count, not a pass over every registration.
        latest = min(due_now)
        if not await queries.missing_reminders(
            self.db, event.id, reminder_due(event, latest), reminder_prefix(event.id, latest)
        ):
            return 0
        done = await queries.once_keys(self.db, event.id, f"reminder:{event.id}:")
        queued = 0
        registrations = await queries.with_status(self.db, event.id, RegistrationStatus.CONFIRMED)
        async with self.db.transaction() as tx:
            for reg, token_hash in registrations:
                due = [
                    m for m in settings.reminders if reg.created_at <= reminder_due(event, m) <= now
                ]
                if not due:
                    continue
                newest = min(due)  # the others are superseded by it
                key = reminder_key(event.id, newest, reg.id)
                if key in done:
                    continue
                mail = self.mails.reminder(
                    event, reg, mail_key(self.secret, reg.id, token_hash), now
                )
                queued += bool(
                    await enqueue(
                        tx,
                        mail,
                        event_id=event.id,
                        registration_id=reg.id,
                        once_key=key,
                        scheduled_for=reminder_due(event, newest),
                        expires_at=event.starts_at,
                    )
                )
        return queued

    async def _thank_you(self, event: Event, now: datetime) -> int:
        """The thank-you mail to every attendee (with the evaluation's link if it has
        questions), and later one reminder to answer to those who have not."""
        settings = await queries.settings_of(self.db, event.id)
        if not settings.thank_you:
            return 0
        thanked = await queries.once_keys(self.db, event.id, f"thanks:{event.id}:")
        reminded = await queries.once_keys(self.db, event.id, f"evaluation:{event.id}:")
        evaluating = bool(await queries.questions_of(self.db, event.id))
        remind_at = (
            event.ends_at + THANK_YOU_AFTER + timedelta(days=settings.evaluation_reminder_days)
        )
        seen = await event_attendance(self.db, event)
        registrations = await queries.with_status(self.db, event.id, RegistrationStatus.CONFIRMED)
        mails: list[tuple[int, OutgoingMail, str, datetime]] = []
        for reg, token_hash in registrations:
            key = mail_key(self.secret, reg.id, token_hash)
            if thank_you_key(event.id, reg.id) not in thanked:
                if seen.of(reg.id).attended:
                    mail = self.mails.thank_you(event, reg, key, evaluating)
                    mails.append(
                        (
                            reg.id,
                            mail,
                            thank_you_key(event.id, reg.id),
                            event.ends_at + THANK_YOU_AFTER,
                        )
                    )
            elif (
                evaluating
                and remind_at <= now
                and f"evaluation:{event.id}:{reg.id}" not in reminded
                and not await evaluation.has_answered(self.db, self.secret, event, reg.id)
            ):
                mail = self.mails.evaluation_reminder(event, reg, key)
                mails.append((reg.id, mail, f"evaluation:{event.id}:{reg.id}", remind_at))
        async with self.db.transaction() as tx:
            for reg_id, mail, once_key, due in mails:
                await enqueue(
                    tx,
                    mail,
                    event_id=event.id,
                    registration_id=reg_id,
                    once_key=once_key,
                    scheduled_for=due,
                    expires_at=event.ends_at + THANK_YOU_AFTER + THANK_YOU_UNTIL,
                )
        return len(mails)
