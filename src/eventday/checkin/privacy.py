"""Retention and "delete my data": personal data of registrations is anonymised,
while everything counted stays countable.

Anonymising a registration blanks its name, replaces its e-mail, drops every answer
except region and gender (the report's breakdowns, with no name beside them), ends
its private link, deletes the mail sent to it and the names it gave to questions in
the live session. The row, its status, organisation, check-ins and presence stay, so
registered and attended counts, the report and the series are the same afterwards.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import secrets
from datetime import datetime, timedelta

import msgspec

from eventday.checkin import queries
from eventday.clock import from_db, now_db, utcnow
from eventday.db import Database, Transaction
from eventday.errors import N_, Conflict
from eventday.events.models import Event
from eventday.registration import service as registration
from eventday.registration.mails import Mailer
from eventday.registration.models import Builtin, Registration, RegistrationStatus

KEPT_ANSWERS = (Builtin.REGION.value, Builtin.GENDER.value)
RETENTION_INTERVAL = timedelta(days=1)
log = logging.getLogger(__name__)


def person_key(email: str) -> str:
    return hashlib.sha256(email.strip().casefold().encode()).hexdigest()[:32]


async def _anonymise(conn: Transaction, reg_id: int, reason: str) -> bool:
    row = await queries.anonymisation_state(conn, reg_id)
    if row is None or row["done"] is not None:
        return False
    answers = msgspec.json.decode(row["answers"])
    kept = {k: v for k, v in answers.items() if k in KEPT_ANSWERS}
    await queries.anonymise(
        conn,
        reg_id,
        msgspec.json.encode(kept).decode(),
        secrets.token_hex(32),
        now_db(),
        reason,
        person_key(row["email"]),
    )
    return True


async def anonymise_event(db: Database, event_id: int) -> int:
    """Anonymise every registration of an event; returns how many were changed."""
    async with db.transaction() as conn:
        ids = await queries.registration_ids(conn, event_id)
        changed = sum([await _anonymise(conn, reg_id, "retention") for reg_id in ids])
        await queries.mark_anonymised(conn, event_id, now_db())
    return changed


async def apply_retention(db: Database, moment: datetime | None = None) -> dict[str, int]:
    """Anonymise the events whose retention time has passed (``retention_days``
    after the event's end); returns the registrations changed per event slug."""
    moment = moment or utcnow()
    rows = await queries.retention_due(db)
    done: dict[str, int] = {}
    for row in rows:
        if from_db(row["ends_at"]) + timedelta(days=row["retention_days"]) <= moment:
            done[row["slug"]] = await anonymise_event(db, row["id"])
    return done


async def delete_my_data(db: Database, mailer: Mailer, event: Event, reg: Registration) -> None:
    """The attendee's own request: a registration for an event still to come is
    cancelled first (its seat goes to the waitlist), then anonymised."""
    if reg.status is not RegistrationStatus.CANCELLED and event.ends_at > utcnow():
        await registration.cancel(db, mailer, event, reg)
    async with db.transaction() as conn:
        if not await _anonymise(conn, reg.id, "request"):
            raise Conflict(N_("This registration has already been anonymised."))


async def retention_loop(db: Database) -> None:
    """The daily job: apply retention now and then once a day."""
    while True:
        try:
            done = await apply_retention(db)
            for slug, count in done.items():
                log.info("anonymised %s registrations of %s", count, slug)
        except Exception:  # a failed run is retried tomorrow; the server keeps going
            log.exception("retention run failed")
        await asyncio.sleep(RETENTION_INTERVAL.total_seconds())


class RetentionJob:
    """Runs :func:`retention_loop` for the life of the app."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self.task = asyncio.get_running_loop().create_task(retention_loop(self.db))

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
