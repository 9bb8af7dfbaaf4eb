"""What the outbox stores: a queued mail as written, a mail as the organiser sees it."""

from __future__ import annotations

import enum

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
    retry_at: str | None = None
    """When a mail whose attempt failed is tried again (``queued`` after a failure)."""
    expires_at: str | None = None
    """After this moment a scheduled mail is not sent (it becomes ``expired``)."""


class ServerState(enum.StrEnum):
    OFF = "off"  # no mail server is set: mail stays queued
    UNKNOWN = "unknown"  # nothing was sent yet
    REACHABLE = "reachable"
    UNREACHABLE = "unreachable"


class MailServer(msgspec.Struct, frozen=True, kw_only=True):
    """The mail server as the outbox last found it: its state, since when (the attempt
    that found it so) and, when it could not be reached, the error."""

    state: ServerState
    since: str | None = None
    error: str = ""
