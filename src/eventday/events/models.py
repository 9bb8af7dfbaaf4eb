"""Events."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated

import msgspec

from eventday.web.forms import Email
from eventday.web.i18n import localised, localised_language


class EventFormat(enum.StrEnum):
    ONSITE = "onsite"
    ONLINE = "online"
    HYBRID = "hybrid"


class EventStatus(enum.StrEnum):
    """An event's life: a draft only its team sees, then published, then archived."""

    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class Event(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    slug: str
    name: str
    description: str
    venue: str
    online_url: str
    format: EventFormat
    starts_at: datetime
    ends_at: datetime
    timezone: str
    capacity: int | None
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    requires_approval: bool
    contact_email: str
    join_code: str
    name_en: str = ""
    description_en: str = ""
    status: EventStatus = EventStatus.PUBLISHED

    @property
    def local_name(self) -> str:
        """The name in the visitor's language (see :func:`localised`)."""
        return localised(self.name, self.name_en)

    @property
    def local_description(self) -> str:
        return localised(self.description, self.description_en)

    @property
    def name_language(self) -> str:
        """The language of :attr:`local_name` ("sv" or "en"), for its ``lang``."""
        return localised_language(self.name, self.name_en)

    @property
    def description_language(self) -> str:
        return localised_language(self.description, self.description_en)


class EventChanged(msgspec.Struct, frozen=True):
    """An event's details or status changed (emitted in the transaction that changed
    them): what keeps events, such as ``join_codes``, reads it again."""

    event_id: int


class EventIn(msgspec.Struct, frozen=True, kw_only=True):
    """A new event. Times are aware datetimes (the API takes ISO 8601 with an offset).
    ``name`` and ``description`` are the Swedish texts; ``name_en`` and
    ``description_en`` their optional English versions. ``status`` left out means
    ``published`` for a new event and "unchanged" for an update."""

    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    starts_at: datetime
    ends_at: datetime
    timezone: Annotated[str, msgspec.Meta(max_length=64)] = "Europe/Stockholm"
    description: Annotated[str, msgspec.Meta(max_length=10_000)] = ""
    name_en: Annotated[str, msgspec.Meta(max_length=200)] = ""
    description_en: Annotated[str, msgspec.Meta(max_length=10_000)] = ""
    venue: Annotated[str, msgspec.Meta(max_length=300)] = ""
    online_url: Annotated[str, msgspec.Meta(max_length=500)] = ""
    format: EventFormat = EventFormat.ONSITE
    capacity: Annotated[int, msgspec.Meta(ge=1, le=1_000_000)] | None = None
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    requires_approval: bool = False
    contact_email: Email | None = None
    slug: Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")] | None = None
    status: EventStatus | None = None


class EventStatusIn(msgspec.Struct, frozen=True, kw_only=True):
    """A change of an event's status (the buttons on its edit page)."""

    status: EventStatus
