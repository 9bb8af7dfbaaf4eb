"""Event actions: create an event with a unique slug and join code, find events."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec

from eventday.accounts.models import Account
from eventday.clock import now_db, to_db
from eventday.codes import new_code
from eventday.db import Database, Reader
from eventday.errors import N_, Conflict, InvalidInput, NotFound
from eventday.events import queries
from eventday.events.models import Event, EventChanged, EventIn, EventStatus
from eventday.events.streams import INVALID_URL, stream_url_ok

JOIN_CODE_LENGTH = 6


def slugify(text: str) -> str:
    """``Kompetensdagen i Sandviken 2026`` -> ``kompetensdagen-i-sandviken-2026``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].strip("-") or "event"


def check_event_input(data: EventIn) -> None:
    """Rules across fields that a single field's constraints cannot say."""
    errors = {}
    try:
        ZoneInfo(data.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        errors["timezone"] = N_("Unknown time zone.")
    for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
        value = getattr(data, name)
        if value is not None and value.tzinfo is None:
            errors[name] = N_("Give the time with its UTC offset.")
    # Compared to the second, as they are stored.
    if not errors and data.ends_at.replace(microsecond=0) <= data.starts_at.replace(microsecond=0):
        errors["ends_at"] = N_("The event must end after it starts.")
    if not stream_url_ok(data.online_url):
        errors["online_url"] = INVALID_URL
    if errors:
        raise InvalidInput(field_errors=errors)


TIME_FIELDS = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")


def localise_event_input(data: EventIn) -> EventIn:
    """Times typed into a page form carry no offset: read them in the event's zone."""
    try:
        tz = ZoneInfo(data.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return data
    changes: dict[str, datetime] = {}
    for name in TIME_FIELDS:
        value = getattr(data, name)
        if value is not None and value.tzinfo is None:
            changes[name] = value.replace(tzinfo=tz)
    return msgspec.structs.replace(data, **changes)


def _row_values(data: EventIn) -> tuple[object, ...]:
    """The values of an event's settings columns (``queries._SETTINGS``), in order."""
    return (
        data.name,
        data.description,
        data.venue,
        data.online_url,
        data.format.value,
        to_db(data.starts_at),
        to_db(data.ends_at),
        data.timezone,
        data.capacity,
        to_db(data.registration_opens_at) if data.registration_opens_at else None,
        to_db(data.registration_closes_at) if data.registration_closes_at else None,
        int(data.requires_approval),
        data.contact_email or "",
        data.name_en.strip(),
        data.description_en.strip(),
    )


async def update_event(db: Database, event: Event, data: EventIn) -> Event:
    """Change an event's details; its address (slug) and join code stay as they are,
    because links and printed QR codes already point at them."""
    check_event_input(data)
    async with db.transaction() as tx:
        await queries.update_settings(tx, event.id, _row_values(data))
        tx.emit(EventChanged(event.id))
    if data.status is not None:
        return await set_status(db, event, data.status)
    return await get_event(db, event.slug)


async def set_status(db: Database, event: Event, status: EventStatus) -> Event:
    """Publish, archive or take back to draft. Any status may follow any other: an
    archived event can be published again, a published one taken back to draft."""
    async with db.transaction() as tx:
        await queries.set_status(tx, event.id, status)
        tx.emit(EventChanged(event.id))
    return await get_event(db, event.slug)


async def create_event(db: Database, data: EventIn) -> Event:
    """Create an event; its slug comes from the name unless given, and is unique. It
    is published unless ``data.status`` says otherwise (the organiser's page creates
    drafts)."""
    check_event_input(data)
    status = data.status or EventStatus.PUBLISHED
    async with db.transaction() as conn:
        if data.slug:
            slug = data.slug
            if await queries.slug_taken(conn, slug):
                raise Conflict(N_("Another event already uses this address."))
        else:
            base = slug = slugify(data.name)
            suffix = 1
            while await queries.slug_taken(conn, slug):
                suffix += 1
                slug = f"{base}-{suffix}"
        join_code = new_code(JOIN_CODE_LENGTH)
        while await queries.join_code_taken(conn, join_code):
            join_code = new_code(JOIN_CODE_LENGTH)
        await queries.insert_event(conn, slug, _row_values(data), join_code, now_db(), status)
    event = await queries.event_by_slug(db, slug)
    assert event is not None
    return event


async def get_event(db: Reader, slug: str) -> Event:
    event = await queries.event_by_slug(db, slug)
    if event is None:
        raise NotFound(N_("There is no such event."))
    return event


def visible_to_public(event: Event) -> bool:
    """Drafts are seen only by their team; published and archived events by anyone."""
    return event.status is not EventStatus.DRAFT


async def events_for(db: Database, account: Account) -> list[Event]:
    """The events an account can work on: all for organisers, granted ones otherwise."""
    if account.is_organiser:
        return await queries.all_events(db)
    return await queries.events_of_account(db, account.id)
