"""Programme actions: rooms, tracks, speakers and sessions, and what is on now.

Sessions in one room may not overlap; the check and the write happen in one write
transaction so two organisers cannot slip overlapping sessions past each other.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import msgspec

from eventday.agenda import queries
from eventday.agenda.models import (
    Agenda,
    Room,
    RoomIn,
    Session,
    SessionIn,
    Speaker,
    SpeakerIn,
    Track,
    TrackIn,
)
from eventday.agenda.photos import prepare_photo
from eventday.clock import to_db
from eventday.db import Database, Reader, Transaction, Written
from eventday.errors import N_, Conflict, InvalidInput, NotFound
from eventday.events.models import Event
from eventday.events.streams import INVALID_URL, stream_url_ok


def localise(moment: datetime, timezone: str) -> datetime:
    """A time without an offset is read as wall-clock time in the event's zone; to the
    second, as it is stored (so the order checked is the order kept)."""
    moment = moment.replace(microsecond=0)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=ZoneInfo(timezone))
    return moment


async def load_agenda(db: Reader, event: Event) -> Agenda:
    return Agenda(
        rooms=await queries.rooms_of_event(db, event.id),
        tracks=await queries.tracks_of_event(db, event.id),
        speakers=await queries.speakers_of_event(db, event.id),
        sessions=await queries.sessions_of_event(db, event.id),
    )


def now_and_next(sessions: list[Session], moment: datetime) -> tuple[list[Session], list[Session]]:
    """Sessions running at ``moment``, and those starting next (all at the same time)."""
    running = [s for s in sessions if s.starts_at <= moment < s.ends_at]
    upcoming = [s for s in sessions if s.starts_at > moment]
    if not upcoming:
        return running, []
    first = min(s.starts_at for s in upcoming)
    return running, [s for s in upcoming if s.starts_at == first]


async def get_session(db: Reader, event: Event, session_id: int) -> Session:
    found = await queries.session_by_id(db, event.id, session_id)
    if found is None:
        raise NotFound(N_("There is no such session."))
    return found


async def get_speaker(db: Reader, event: Event, speaker_id: int) -> Speaker:
    found = await queries.speaker_by_id(db, event.id, speaker_id)
    if found is None:
        raise NotFound(N_("There is no such speaker."))
    return found


def _duplicate_name() -> Conflict:
    return Conflict(
        N_("This name is already used in this event."),
        field_errors={"name": N_("This name is already used in this event.")},
    )


async def _change(db: Database, write: Callable[[Transaction], Awaitable[Written]]) -> int:
    """Run one insert or update; a clash with a unique name becomes a clear conflict."""
    try:
        async with db.transaction() as tx:
            written = await write(tx)
            if written.rowcount == 0:
                raise NotFound()
            return written.lastrowid
    except sqlite3.IntegrityError as exc:
        raise _duplicate_name() from exc


async def create_room(db: Database, event: Event, data: RoomIn) -> Room:
    guid = queries.new_guid()
    room_id = await _change(db, lambda tx: queries.insert_room(tx, event.id, data, guid))
    return Room(id=room_id, name=data.name, position=data.position, guid=guid)


async def update_room(db: Database, event: Event, room_id: int, data: RoomIn) -> None:
    await _change(db, lambda tx: queries.update_room(tx, event.id, room_id, data))


async def create_track(db: Database, event: Event, data: TrackIn) -> Track:
    track_id = await _change(db, lambda tx: queries.insert_track(tx, event.id, data))
    return Track(id=track_id, name=data.name, colour=data.colour)


async def update_track(db: Database, event: Event, track_id: int, data: TrackIn) -> None:
    await _change(db, lambda tx: queries.update_track(tx, event.id, track_id, data))


async def create_speaker(db: Database, event: Event, data: SpeakerIn) -> Speaker:
    async with db.transaction() as tx:
        speaker_id = await queries.insert_speaker(tx, event.id, data)
    return await get_speaker(db, event, speaker_id)


async def update_speaker(db: Database, event: Event, speaker_id: int, data: SpeakerIn) -> Speaker:
    await _change(db, lambda tx: queries.update_speaker(tx, event.id, speaker_id, data))
    return await get_speaker(db, event, speaker_id)


async def set_speaker_photo(db: Database, event: Event, speaker_id: int, upload: bytes) -> Speaker:
    """Store a checked, resized photo; the version changes so caches see the new one."""
    await get_speaker(db, event, speaker_id)
    photo = await prepare_photo(upload)
    await _change(db, lambda tx: queries.set_speaker_photo(tx, event.id, speaker_id, photo))
    return await get_speaker(db, event, speaker_id)


IN_USE = {
    "rooms": N_("Sessions are still scheduled in this room. Move or delete them first."),
    "tracks": N_("Sessions still belong to this track. Move or delete them first."),
}
IN_USE_COLUMN = {"rooms": "room_id", "tracks": "track_id"}


async def delete_item(db: Database, event: Event, table: str, item_id: int) -> None:
    """Delete a room, track, speaker or session (``table`` is a constant). As in pretalx,
    a room or track that sessions still use is kept (409); a deleted speaker leaves
    their sessions; a deleted session takes its speaker links, bookings, marks and
    check-ins with it."""
    async with db.transaction() as tx:
        if table in IN_USE and await queries.in_use(tx, IN_USE_COLUMN[table], event.id, item_id):
            raise Conflict(IN_USE[table])
        if not await queries.delete_item(tx, table, event.id, item_id):
            raise NotFound()


async def write_session(
    tx: Transaction, event: Event, data: SessionIn, session_id: int | None = None
) -> int:
    """Check and insert (or update) a session inside the caller's write transaction."""
    starts = localise(data.starts_at, event.timezone)
    ends = localise(data.ends_at, event.timezone)
    errors: dict[str, str] = {}
    if ends <= starts:
        errors["ends_at"] = N_("The session must end after it starts.")
    if data.room_id is not None and not await queries.ids_in_event(
        tx, "rooms", event.id, [data.room_id]
    ):
        errors["room_id"] = N_("Please choose one of the options.")
    if data.track_id is not None and not await queries.ids_in_event(
        tx, "tracks", event.id, [data.track_id]
    ):
        errors["track_id"] = N_("Please choose one of the options.")
    wanted = list(dict.fromkeys(data.speaker_ids))
    if set(wanted) - await queries.ids_in_event(tx, "speakers", event.id, wanted):
        errors["speaker_ids"] = N_("Please choose one of the options.")
    if not stream_url_ok(data.stream_url):
        errors["stream_url"] = INVALID_URL
    if errors:
        raise InvalidInput(field_errors=errors)
    if data.room_id is not None:
        clash = await queries.overlapping_session(
            tx, data.room_id, to_db(starts), to_db(ends), session_id
        )
        if clash is not None:
            raise Conflict(
                N_("The room is taken at this time by “%(title)s”."),
                params={"title": clash},
                field_errors={"starts_at": N_("Another session is in this room at this time.")},
            )
    values = (
        data.title,
        data.description,
        data.kind.value,
        to_db(starts),
        to_db(ends),
        data.room_id,
        data.track_id,
        data.capacity,
        data.stream_url.strip(),
        data.title_en.strip(),
        data.description_en,
    )
    if session_id is None:
        session_id = await queries.insert_session(tx, event.id, values)
    elif not await queries.update_session(tx, event.id, session_id, values):
        raise NotFound(N_("There is no such session."))
    await queries.set_session_speakers(tx, session_id, wanted)
    return session_id


async def save_session(
    db: Database, event: Event, data: SessionIn, session_id: int | None = None
) -> Session:
    """Create (``session_id`` None) or change a session; refuses overlaps in a room."""
    async with db.transaction() as tx:
        session_id = await write_session(tx, event, data, session_id)
    return await get_session(db, event, session_id)


async def duplicate_session(db: Database, event: Event, session_id: int) -> Session:
    """Copy a session (titles, kind, descriptions, room, track, seats, speakers) to start
    when it ends, with the same length; it keeps the room only if the room is free
    then. Bookings, check-ins and marks are not copied."""
    original = await get_session(db, event, session_id)
    length = original.ends_at - original.starts_at
    data = SessionIn(
        title=original.title,
        description=original.description,
        title_en=original.title_en,
        description_en=original.description_en,
        kind=original.kind,
        starts_at=original.ends_at,
        ends_at=original.ends_at + length,
        room_id=original.room_id,
        track_id=original.track_id,
        capacity=original.capacity,
        speaker_ids=[s.id for s in original.speakers],
    )
    async with db.transaction() as tx:
        if data.room_id is not None and await queries.overlapping_session(
            tx, data.room_id, to_db(data.starts_at), to_db(data.ends_at), None
        ):
            data = msgspec.structs.replace(data, room_id=None)
        copy_id = await write_session(tx, event, data)
    return await get_session(db, event, copy_id)


async def room_named(tx: Transaction, event_id: int, name: str) -> int:
    """The id of the room called ``name``, created if the event has none yet."""
    found = await queries.id_named(tx, "rooms", event_id, name)
    return found if found is not None else await queries.insert_room_last(tx, event_id, name)


async def track_named(tx: Transaction, event_id: int, name: str) -> int:
    found = await queries.id_named(tx, "tracks", event_id, name)
    return found if found is not None else await queries.insert_track_named(tx, event_id, name)


async def speaker_named(tx: Transaction, event_id: int, data: SpeakerIn) -> int:
    found = await queries.id_named(tx, "speakers", event_id, data.name)
    return found if found is not None else await queries.insert_speaker(tx, event_id, data)
