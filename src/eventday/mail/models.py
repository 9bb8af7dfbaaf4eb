"""What the outbox stores: a queued mail as written, a mail as the organiser sees it."""

from __future__ import annotations

import msgspec


class QueuedMail(msgspec.Struct, frozen=True, kw_only=True):
    """An outbox row as it is first written (attachments and specs as JSON)."""

    event_id: int | None
    registration_id: int | None
    recipient: str
    subject: str
    body: str
    attachments: str
    compose: str
    next_attempt_at: str
    created_at: str
    once_key: str | None
    scheduled_for: str | None
    expires_at: str | None


class MailRecord(msgspec.Struct, frozen=True, kw_only=True):
    """A mail as the organiser sees it in the outbox."""

    id: int
    registration_id: int | None
    recipient: str
    subject: str
    status: str
    attempts: int
    last_error: str
    created_at: str
    sent_at: str | None
    scheduled_for: str | None = None
