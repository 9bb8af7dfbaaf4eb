"""SQL for the mail outbox."""

from __future__ import annotations

import msgspec

from eventday.db import Reader, Row, Transaction
from eventday.db.rows import from_row, from_rows
from eventday.mail.models import MailRecord, MailServer, QueuedMail, ServerState


async def insert(tx: Transaction, mail: QueuedMail) -> int:
    """Queue a mail; 0 when one with its ``once_key`` is already queued, else its id."""
    written = await tx.execute(
        "INSERT INTO mail_outbox (event_id, registration_id, recipient, subject, body,"
        " attachments, compose, next_attempt_at, created_at, once_key, scheduled_for,"
        " expires_at) VALUES (:event_id, :registration_id, :recipient, :subject, :body,"
        " :attachments, :compose, :next_attempt_at, :created_at, :once_key, :scheduled_for,"
        " :expires_at) ON CONFLICT (once_key) WHERE once_key IS NOT NULL DO NOTHING",
        msgspec.structs.asdict(mail),
    )
    return written.lastrowid if written.rowcount else 0


async def mail_of_event(db: Reader, event_id: int, limit: int) -> list[MailRecord]:
    rows = await db.fetch_all(
        "SELECT *, CASE WHEN status = 'queued' AND attempts > 0 THEN next_attempt_at END"
        " AS retry_at FROM mail_outbox WHERE event_id = ?"
        " ORDER BY status = 'failed' DESC, id DESC LIMIT ?",
        (event_id, limit),
    )
    return from_rows(MailRecord, rows)


async def mail_to_registration(db: Reader, registration_id: int) -> list[MailRecord]:
    rows = await db.fetch_all(
        "SELECT * FROM mail_outbox WHERE registration_id = ? ORDER BY id", (registration_id,)
    )
    return from_rows(MailRecord, rows)


async def due(db: Reader, now: str, limit: int) -> list[Row]:
    """Queued mail due at ``now``, and claims that were never settled."""
    return await db.fetch_all(
        "SELECT * FROM mail_outbox WHERE status IN ('queued', 'sending') AND"
        " next_attempt_at <= ? ORDER BY id LIMIT ?",
        (now, limit),
    )


async def expire(tx: Transaction, mail_ids: list[int]) -> None:
    await tx.executemany(
        "UPDATE mail_outbox SET status = 'expired', last_error = 'not sent: its time had passed'"
        " WHERE id = ?",
        [(i,) for i in mail_ids],
    )


async def claim(tx: Transaction, mail_ids: list[int], until: str) -> None:
    """Mark mail as being sent; a claim not settled by ``until`` is retried."""
    await tx.executemany(
        "UPDATE mail_outbox SET status = 'sending', next_attempt_at = ? WHERE id = ?",
        [(until, i) for i in mail_ids],
    )


async def sent(tx: Transaction, mail_id: int, now: str) -> None:
    await tx.execute(
        "UPDATE mail_outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?,"
        " last_error = '' WHERE id = ?",
        (now, mail_id),
    )


async def attempt_failed(
    tx: Transaction, mail_id: int, status: str, attempts: int, error: str, retry_at: str
) -> None:
    await tx.execute(
        "UPDATE mail_outbox SET status = ?, attempts = ?, last_error = ?,"
        " next_attempt_at = ? WHERE id = ?",
        (status, attempts, error, retry_at, mail_id),
    )


async def requeue_failed(tx: Transaction, mail_id: int, event_id: int, now: str) -> bool:
    """Put a failed mail of the event back in the queue; whether there was one."""
    written = await tx.execute(
        "UPDATE mail_outbox SET status = 'queued', attempts = 0, next_attempt_at = ?"
        " WHERE id = ? AND event_id = ? AND status = 'failed'",
        (now, mail_id, event_id),
    )
    return written.rowcount > 0


async def server_found(tx: Transaction, reachable: bool, now: str, error: str) -> None:
    """Record what an attempt found the mail server to be; written only when that
    differs from what is recorded (``since`` stays the moment it became so)."""
    await tx.execute(
        "INSERT INTO mail_server (id, reachable, since, error) VALUES (1, ?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET error = excluded.error,"
        " since = CASE WHEN reachable = excluded.reachable THEN since ELSE excluded.since END,"
        " reachable = excluded.reachable"
        " WHERE reachable != excluded.reachable OR error != excluded.error",
        (reachable, now, error),
    )


async def mail_server(db: Reader) -> MailServer:
    row = await db.fetch_one("SELECT reachable, since, error FROM mail_server")
    if row is None:
        return MailServer(state=ServerState.UNKNOWN)
    state = ServerState.REACHABLE if row["reachable"] else ServerState.UNREACHABLE
    return from_row(MailServer, row, state=state)
