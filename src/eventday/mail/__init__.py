"""Outgoing mail through an outbox table.

A feature writes the mail with :func:`enqueue` inside the same write transaction as
the change it reports, so a mail exists exactly when the change was committed, and a
failing mail server can never undo the change. The :class:`Outbox` worker sends due
mail after the commit (woken by the ``MailQueued`` effect that :func:`enqueue` emits,
and on a timer), retries with a growing delay and, after the last attempt, leaves the
mail ``failed`` with its error for the organiser to see and resend. Several processes
may run workers: a mail is claimed in a write transaction before it is sent.

Attachments that take CPU to make (a ticket's QR code and calendar) are not made in
the transaction: the mail stores an :class:`AttachmentSpec` (what to make, from
which row) and the worker makes the files when it sends, with the composer the
feature registered (:meth:`Outbox.add_composer`). A registration burst then pays only
for a row insert, and the files show the state when the mail goes out.

Scheduled mail (reminders, thank-you mail) is queued by schedulers the features
register (:meth:`Outbox.add_scheduler`), which the worker runs before each round. A
scheduled mail carries a ``once_key``: a unique index makes it exist once however
many processes and restarts try to queue it. Its ``expires_at`` is the moment after
which it is no longer worth sending (a reminder after the start): the worker then
marks it ``expired`` instead of sending it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from email.message import EmailMessage

import aiosmtplib
import msgspec

from eventday.clock import from_db, now_db, to_db, utcnow
from eventday.db import Database, Reader, Row, Transaction
from eventday.mail import queries
from eventday.mail.models import MailRecord, MailServer, QueuedMail, ServerState
from eventday.settings import Settings

log = logging.getLogger("eventday.mail")

MAX_ATTEMPTS = 6
FIRST_RETRY_SECONDS = 30
CLAIM_SECONDS = 300
CLAIM_BATCH = 50
POLL_SECONDS = 30.0


class Attachment(msgspec.Struct, frozen=True):
    filename: str
    content_type: str
    data: bytes


class AttachmentSpec(msgspec.Struct, frozen=True):
    """Attachments to make when the mail is sent: ``kind`` names a composer registered
    with :meth:`Outbox.add_composer`, ``ref`` is the row it makes them from."""

    kind: str
    ref: int


Composer = Callable[[Database, int], Awaitable[list[Attachment]]]
Scheduler = Callable[[], Awaitable[int]]
"""Queues the scheduled mail that is due now; returns how many it queued."""


class OutgoingMail(msgspec.Struct, frozen=True, kw_only=True):
    recipient: str
    subject: str
    body: str
    attachments: list[Attachment] = msgspec.field(default_factory=list)
    compose: list[AttachmentSpec] = msgspec.field(default_factory=list)


_ATTACHMENTS = msgspec.json.Decoder(list[Attachment])
_SPECS = msgspec.json.Decoder(list[AttachmentSpec])


class MailQueued(msgspec.Struct, frozen=True):
    """Effect: mail was queued in the outbox (the outbox worker wakes once committed)."""


async def enqueue(
    conn: Transaction,
    mail: OutgoingMail,
    *,
    event_id: int | None = None,
    registration_id: int | None = None,
    once_key: str | None = None,
    scheduled_for: datetime | None = None,
    send_after: datetime | None = None,
    expires_at: datetime | None = None,
) -> int:
    """Queue ``mail`` inside the caller's write transaction; sent after the commit, not
    before ``send_after`` and not after ``expires_at``. A mail with a ``once_key``
    already queued is not queued again: then the answer is 0, else the mail's id."""
    now = now_db()
    mail_id = await queries.insert(
        conn,
        QueuedMail(
            event_id=event_id,
            registration_id=registration_id,
            recipient=mail.recipient,
            subject=mail.subject,
            body=mail.body,
            attachments=msgspec.json.encode(mail.attachments).decode(),
            compose=msgspec.json.encode(mail.compose).decode(),
            next_attempt_at=to_db(send_after) if send_after else now,
            created_at=now,
            once_key=once_key,
            scheduled_for=to_db(scheduled_for) if scheduled_for else None,
            expires_at=to_db(expires_at) if expires_at else None,
        ),
    )
    if mail_id:
        conn.emit(MailQueued())
    return mail_id


async def mail_of_event(db: Reader, event_id: int, limit: int = 200) -> list[MailRecord]:
    """The newest mail of an event, failures first, for the organiser's outbox view."""
    return await queries.mail_of_event(db, event_id, limit)


async def mail_server(db: Reader, settings: Settings) -> MailServer:
    """The mail server as the outbox last found it (``off`` when none is set)."""
    if not settings.smtp_host:
        return MailServer(state=ServerState.OFF)
    return await queries.mail_server(db)


async def mail_to_registration(db: Reader, registration_id: int) -> list[MailRecord]:
    return await queries.mail_to_registration(db, registration_id)


def _expired(row: Row, now: datetime) -> bool:
    return bool(row["expires_at"]) and from_db(row["expires_at"]) <= now


class Outbox:
    """Sends queued mail after the commit; one worker task per process."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings
        self._wakeup = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._composers: dict[str, Composer] = {}
        self._schedulers: list[Scheduler] = []
        db.on(MailQueued, lambda _: self.wake())

    def add_composer(self, kind: str, composer: Composer) -> None:
        """Make the attachments of ``AttachmentSpec(kind, ref)`` with ``composer``."""
        self._composers[kind] = composer

    def add_scheduler(self, scheduler: Scheduler) -> None:
        """Run ``scheduler`` before every round, to queue the scheduled mail now due."""
        self._schedulers.append(scheduler)

    async def build_message(self, row: Row) -> EmailMessage:
        """The mail of an outbox row, its attachments made now from their specs."""
        message = EmailMessage()
        message["From"] = self.settings.mail_from
        message["To"] = row["recipient"]
        message["Subject"] = row["subject"]
        message.set_content(row["body"])
        attachments = _ATTACHMENTS.decode(row["attachments"])
        for spec in _SPECS.decode(row["compose"]):
            attachments += await self._composers[spec.kind](self.db, spec.ref)
        for attachment in attachments:
            maintype, _, subtype = attachment.content_type.partition("/")
            message.add_attachment(
                attachment.data, maintype=maintype, subtype=subtype, filename=attachment.filename
            )
        return message

    @property
    def enabled(self) -> bool:
        return bool(self.settings.smtp_host)

    def wake(self) -> None:
        """Tell the worker that new mail was committed (``MailQueued`` does)."""
        self._wakeup.set()

    def start(self) -> None:
        if self.enabled and self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while True:
            try:
                await self.send_due()
            except Exception:  # the worker must outlive a broken database moment
                log.exception("mail outbox round failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), POLL_SECONDS)
            self._wakeup.clear()

    async def _claim(self) -> tuple[list[Row], bool]:
        """Claim a batch of due mail (expiring what is past its deadline); also
        whether the batch was full, so more may be due."""
        now = utcnow()
        async with self.db.transaction() as conn:
            rows = await queries.due(conn, to_db(now), CLAIM_BATCH)
            full = len(rows) == CLAIM_BATCH
            late = [r["id"] for r in rows if _expired(r, now)]
            await queries.expire(conn, late)
            rows = [r for r in rows if r["id"] not in late]
            # A claim that is never settled (a killed process) expires and is retried.
            await queries.claim(
                conn, [r["id"] for r in rows], to_db(now + timedelta(seconds=CLAIM_SECONDS))
            )
        return rows, full

    async def send_due(self) -> int:
        """Send every mail that is due now, a claimed batch at a time (a burst of
        registrations queues thousands), after the schedulers queued what is due;
        returns how many were sent."""
        for scheduler in self._schedulers:
            await scheduler()
        sent = 0
        while True:
            rows, full = await self._claim()
            for row in rows:
                sent += await self._send(row)
            if not full:
                return sent

    async def _send(self, row: Row) -> int:
        """Send one claimed mail; 1 if it went out, 0 if it failed (and was rescheduled)
        or its deadline passed while the batch was sent."""
        if _expired(row, utcnow()):
            async with self.db.transaction() as tx:
                await queries.expire(tx, [row["id"]])
            return 0
        try:
            message = await self.build_message(row)
        except Exception as exc:  # e.g. its registration is gone: fail this mail only
            log.exception("mail %s could not be composed", row["id"])
            await self._failed(row, exc)
            return 0
        try:
            await aiosmtplib.send(
                message,
                hostname=self.settings.smtp_host,
                port=self.settings.smtp_port,
                username=self.settings.smtp_username or None,
                password=self.settings.smtp_password or None,
                start_tls=self.settings.smtp_starttls,
                timeout=30,
            )
        except (aiosmtplib.SMTPException, OSError) as exc:
            # Connection errors (refused, timed out, dropped) are OSErrors: the server
            # is down; an SMTP answer (a refused recipient) means it is up.
            await self._failed(row, exc, reachable=not isinstance(exc, OSError))
            return 0
        async with self.db.transaction() as tx:
            await queries.sent(tx, row["id"], now_db())
            await queries.server_found(tx, True, now_db(), "")
        return 1

    async def _failed(self, row: Row, exc: Exception, reachable: bool | None = None) -> None:
        """Reschedule a failed mail (``failed`` after the last attempt); ``reachable``
        is what the attempt found the mail server to be (None: it did not try)."""
        attempts = row["attempts"] + 1
        log.warning("mail %s to %s failed: %s", row["id"], row["recipient"], exc)
        delay = timedelta(seconds=FIRST_RETRY_SECONDS * 2 ** (attempts - 1))
        async with self.db.transaction() as tx:
            await queries.attempt_failed(
                tx,
                row["id"],
                "failed" if attempts >= MAX_ATTEMPTS else "queued",
                attempts,
                str(exc)[:500],
                to_db(utcnow() + delay),
            )
            if reachable is not None:
                error = "" if reachable else str(exc)[:500]
                await queries.server_found(tx, reachable, now_db(), error)


async def retry_mail(db: Database, mail_id: int, event_id: int) -> None:
    """Put a failed mail back in the queue (the organiser's "try again")."""
    async with db.transaction() as tx:
        if await queries.requeue_failed(tx, mail_id, event_id, now_db()):
            tx.emit(MailQueued())
