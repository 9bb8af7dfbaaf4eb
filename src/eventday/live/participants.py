"""Participants: the signed token a phone (or a native client) keeps, and joining.
Nothing about the person is stored."""

from __future__ import annotations

import base64
import hashlib
import hmac

from eventday.db import Database
from eventday.events.models import Event
from eventday.live import queries


def _signature(secret: bytes, event_id: int, participant_id: int) -> str:
    digest = hmac.new(secret, f"participant:{event_id}:{participant_id}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()[:18]).decode()


def participant_token(secret: bytes, event_id: int, participant_id: int) -> str:
    """The signed identity a participant keeps in a cookie (or a native client keeps)."""
    return f"{event_id}.{participant_id}.{_signature(secret, event_id, participant_id)}"


def read_participant_token(secret: bytes, token: str, event_id: int) -> int | None:
    """The participant id in ``token`` if it is genuine and belongs to ``event_id``."""
    parts = token.split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    if int(parts[0]) != event_id:
        return None
    participant_id = int(parts[1])
    if not hmac.compare_digest(parts[2], _signature(secret, event_id, participant_id)):
        return None
    return participant_id


async def join(db: Database, event: Event) -> int:
    """A new participant of ``event`` (a short write: a hall joins at once)."""
    return await db.write_inline(lambda tx: queries.add_participant(tx, event.id))


async def link_registration(db: Database, participant_id: int, registration_id: int) -> None:
    """Tie a participant to a registered attendee (their private link), for attendance."""
    await db.write_inline(lambda tx: queries.link_registration(tx, participant_id, registration_id))
