"""Rooms, tracks, speakers and sessions of an event's programme."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated

import msgspec

from eventday.errors import N_

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


class Speaker(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    name: str
    title: str
    organisation: str
    bio: str
    has_photo: bool
    photo_version: int
    guid: str


class SpeakerIn(msgspec.Struct, frozen=True, kw_only=True):
    name: Name
    title: ShortText = ""
    organisation: ShortText = ""
    bio: LongText = ""


class SpeakerRef(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    name: str
    title: str
    organisation: str


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

    @property
    def bookable(self) -> bool:
        return self.capacity is not None


class SessionIn(msgspec.Struct, frozen=True, kw_only=True):
    """A new or changed session. Times without an offset are in the event's time zone."""

    title: Name
    starts_at: datetime
    ends_at: datetime
    description: LongText = ""
    kind: SessionKind = SessionKind.TALK
    room_id: int | None = None
    track_id: int | None = None
    capacity: Annotated[int, msgspec.Meta(ge=1, le=100_000)] | None = None
    speaker_ids: Annotated[list[int], msgspec.Meta(max_length=50)] = msgspec.field(
        default_factory=list
    )
    stream_url: Annotated[str, msgspec.Meta(max_length=500)] = ""


class Agenda(msgspec.Struct, frozen=True, kw_only=True):
    rooms: list[Room]
    tracks: list[Track]
    speakers: list[Speaker]
    sessions: list[Session]
