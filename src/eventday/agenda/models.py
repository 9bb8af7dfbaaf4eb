"""Rooms, tracks, speakers and sessions of an event's programme."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated

import msgspec

from eventday.bounds import Id
from eventday.errors import N_
from eventday.web.i18n import localised, localised_language

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
LongText = Annotated[str, msgspec.Meta(max_length=10_000)]
ShortText = Annotated[str, msgspec.Meta(max_length=200)]
Colour = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^#[0-9a-fA-F]{6}$",
        extra={"message": N_("Please give a colour such as #0b5cab.")},
    ),
]


class SessionKind(enum.StrEnum):
    TALK = "talk"
    PANEL = "panel"
    WORKSHOP = "workshop"
    BREAK = "break"
    OTHER = "other"


class Room(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    name: str
    position: int
    guid: str


class RoomIn(msgspec.Struct, frozen=True, kw_only=True):
    name: Name
    position: Annotated[int, msgspec.Meta(ge=0, le=10_000)] = 0


class Track(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    name: str
    colour: str


class TrackIn(msgspec.Struct, frozen=True, kw_only=True):
    name: Name
    colour: Colour = "#0b5cab"


class SpeakerRef(msgspec.Struct, frozen=True, kw_only=True):
    """A speaker as a session lists them. ``title`` (their role, such as "VD") is
    Swedish, ``title_en`` its optional English version; name and organisation are
    the same in both languages."""

    id: int
    name: str
    title: str
    organisation: str
    title_en: str = ""

    @property
    def local_title(self) -> str:
        """The title in the visitor's language (see :func:`localised`)."""
        return localised(self.title, self.title_en)

    @property
    def title_language(self) -> str:
        """The language of :attr:`local_title`, for its ``lang``."""
        return localised_language(self.title, self.title_en)


class Speaker(SpeakerRef, frozen=True, kw_only=True):
    """A speaker with their text about themselves (``bio``, Swedish; ``bio_en``)."""

    bio: str
    has_photo: bool
    photo_version: int
    guid: str
    bio_en: str = ""

    @property
    def local_bio(self) -> str:
        return localised(self.bio, self.bio_en)

    @property
    def bio_language(self) -> str:
        return localised_language(self.bio, self.bio_en)


class SpeakerIn(msgspec.Struct, frozen=True, kw_only=True):
    """``title`` and ``bio`` are Swedish; ``title_en`` and ``bio_en`` their optional
    English versions."""

    name: Name
    title: ShortText = ""
    organisation: ShortText = ""
    bio: LongText = ""
    title_en: ShortText = ""
    bio_en: LongText = ""


class Session(msgspec.Struct, frozen=True, kw_only=True):
    """A session as shown and exported: with its room, track and speakers."""

    id: int
    guid: str
    title: str
    description: str
    kind: SessionKind
    starts_at: datetime
    ends_at: datetime
    room_id: int | None
    room: str | None
    track_id: int | None
    track: str | None
    capacity: int | None
    speakers: list[SpeakerRef]
    stream_url: str = ""
    title_en: str = ""
    description_en: str = ""

    @property
    def bookable(self) -> bool:
        return self.capacity is not None

    @property
    def local_title(self) -> str:
        """The title in the visitor's language (see :func:`localised`)."""
        return localised(self.title, self.title_en)

    @property
    def title_language(self) -> str:
        """The language of :attr:`local_title`, for its ``lang``."""
        return localised_language(self.title, self.title_en)

    @property
    def local_description(self) -> str:
        return localised(self.description, self.description_en)

    @property
    def description_language(self) -> str:
        return localised_language(self.description, self.description_en)


class SessionIn(msgspec.Struct, frozen=True, kw_only=True):
    """A new or changed session. Times without an offset are in the event's time zone.
    ``title`` and ``description`` are Swedish; ``title_en`` and ``description_en``
    their optional English versions."""

    title: Name
    starts_at: datetime
    ends_at: datetime
    description: LongText = ""
    kind: SessionKind = SessionKind.TALK
    room_id: Id | None = None
    track_id: Id | None = None
    capacity: Annotated[int, msgspec.Meta(ge=1, le=100_000)] | None = None
    speaker_ids: Annotated[list[Id], msgspec.Meta(max_length=50)] = msgspec.field(
        default_factory=list
    )
    stream_url: Annotated[str, msgspec.Meta(max_length=500)] = ""
    title_en: ShortText = ""
    description_en: LongText = ""


class Agenda(msgspec.Struct, frozen=True, kw_only=True):
    rooms: list[Room]
    tracks: list[Track]
    speakers: list[Speaker]
    sessions: list[Session]
