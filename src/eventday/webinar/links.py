"""The links scheduled mail carries: opening the live page as the attendee, cancelling,
the certificate. The private link's token is stored only as a hash, so mail written
later cannot contain it; these links carry a key signed with the server's secret
instead, bound to the registration's current token hash, so they stop working
whenever the private link is renewed or the data is deleted."""

from __future__ import annotations

import hashlib
import hmac

from eventday.db import Database
from eventday.errors import NotFound
from eventday.events import queries as event_queries
from eventday.events.models import Event
from eventday.registration import queries
from eventday.registration.models import Registration
from eventday.webinar import queries as webinar_queries


def _signature(secret: bytes, registration_id: int, token_hash: str) -> str:
    message = f"mail-link:{registration_id}:{token_hash}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]


def mail_key(secret: bytes, registration_id: int, token_hash: str) -> str:
    return f"{registration_id}-{_signature(secret, registration_id, token_hash)}"


async def key_of(db: Database, secret: bytes, registration_id: int) -> str:
    token_hash = await webinar_queries.token_hash_of(db, registration_id)
    return mail_key(secret, registration_id, token_hash or "")


async def registration_for_key(db: Database, secret: bytes, key: str) -> tuple[Event, Registration]:
    """The event and registration of a mail link; 404 for a wrong or outdated key."""
    number, _, signature = key.partition("-")
    if not number.isdigit() or len(number) > 12:
        raise NotFound()
    stored = await webinar_queries.event_and_token_of(db, int(number))
    if stored is None or not hmac.compare_digest(
        signature, _signature(secret, int(number), stored[1])
    ):
        raise NotFound()
    found = await queries.registration_anywhere(db, int(number))
    event = await event_queries.event_by_id(db, stored[0])
    if found is None or event is None:
        raise NotFound()
    return event, found[1]
