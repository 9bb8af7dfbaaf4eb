"""Programme actions: rooms, tracks, speakers and sessions, and what is on now.

Sessions in one room may not overlap; the check and the write happen in one write
transaction so two organisers cannot slip overlapping sessions past each other.
"""

from __future__ import annotations

import sqlite3
import uuid
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
from eventday.db import Database, Transaction
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


async def load_agenda(db: Database, event: Event) -> Agenda:
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


async def get_session(db: Database, event: Event, session_id: int) -> Session:
    found = await queries.session_by_id(db, event.id, session_id)
    if found is None:
        raise NotFound(N_("There is no such session."))
    return found


async def get_speaker(db: Database, event: Event, speaker_id: int) -> Speaker:
    found = await queries.speaker_by_id(db, event.id, speaker_id)
    if found is None:
        raise NotFound(N_("There is no such speaker."))
    return found


def _duplicate_name() -> Conflict:
    return Conflict(
        N_("This name is already used in this event."),
        field_errors={"name": N_("This name is already used in this event.")},
    )


async def _change(db: Database, sql: str, params: tuple[object, ...]) -> int:
    """Run one insert or update; a clash with a unique name becomes a clear conflict."""
    try:
        async with db.transaction() as conn:
            cursor = await conn.execute(sql, params)
            if cursor.rowcount == 0:
                raise NotFound()
            return cursor.lastrowid or 0
    except sqlite3.IntegrityError as exc:
        raise _duplicate_name() from exc


async def create_room(db: Database, event: Event, data: RoomIn) -> Room:
    guid = str(uuid.uuid4())
    room_id = await _change(
        db,
        "INSERT INTO rooms (event_id, name, position, guid) VALUES (?, ?, ?, ?)",
        (event.id, data.name, data.position, guid),
    )
    return Room(id=room_id, name=data.name, position=data.position, guid=guid)


async def update_room(db: Database, event: Event, room_id: int, data: RoomIn) -> None:
    await _change(
        db,
        "UPDATE rooms SET name = ?, position = ? WHERE id = ? AND event_id = ?",
        (data.name, data.position, room_id, event.id),
    )


async def create_track(db: Database, event: Event, data: TrackIn) -> Track:
    track_id = await _change(
        db,
        "INSERT INTO tracks (event_id, name, colour) VALUES (?, ?, ?)",
        (event.id, data.name, data.colour),
    )
    return Track(id=track_id, name=data.name, colour=data.colour)


async def update_track(db: Database, event: Event, track_id: int, data: TrackIn) -> None:
    await _change(
        db,
        "UPDATE tracks SET name = ?, colour = ? WHERE id = ? AND event_id = ?",
        (data.name, data.colour, track_id, event.id),
    )


async def create_speaker(db: Database, event: Event, data: SpeakerIn) -> Speaker:
    async with db.transaction() as conn:
        speaker_id = await insert_speaker(conn, event.id, data)
    return await get_speaker(db, event, speaker_id)


async def insert_speaker(conn: Transaction, event_id: int, data: SpeakerIn) -> int:
    cursor = await conn.execute(
        "INSERT INTO speakers (event_id, name, title, organisation, bio, guid)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (event_id, data.name, data.title, data.organisation, data.bio, str(uuid.uuid4())),
    )
    return cursor.lastrowid or 0


async def update_speaker(db: Database, event: Event, speaker_id: int, data: SpeakerIn) -> Speaker:
    await _change(
        db,
        "UPDATE speakers SET name = ?, title = ?, organisation = ?, bio = ?"
        " WHERE id = ? AND event_id = ?",
        (data.name, data.title, data.organisation, data.bio, speaker_id, event.id),
    )
    return await get_speaker(db, event, speaker_id)


async def set_speaker_photo(db: Database, event: Event, speaker_id: int, upload: bytes) -> Speaker:
    """Store a checked, resized photo; the version changes so caches see the new one."""
    await get_speaker(db, event, speaker_id)
    photo = await prepare_photo(upload)
    await _change(
        db,
        "UPDATE speakers SET photo = ?, photo_version = photo_version + 1"
        " WHERE id = ? AND event_id = ?",
        (photo, speaker_id, event.id),
    )
    return await get_speaker(db, event, speaker_id)


IN_USE = {
    "rooms": N_("Sessions are still scheduled in this room. Move or delete them first."),
    "tracks": N_("Sessions still belong to this track. Move or delete them first."),
}


async def delete_item(db: Database, event: Event, table: str, item_id: int) -> None:
    """Delete a room, track, speaker or session (``table`` is a constant). As in pretalx,
    a room or track that sessions still use is kept (409); a deleted speaker leaves
    their sessions; a deleted session takes its speaker links, bookings, marks and
    check-ins with it."""
    assert table in {"rooms", "tracks", "speakers", "sessions"}
    async with db.transaction() as conn:
        if table in IN_USE:
            column = "room_id" if table == "rooms" else "track_id"
            if await conn.fetch_one(
                f"SELECT 1 FROM sessions WHERE {column} = ? AND event_id = ? LIMIT 1",
                (item_id, event.id),
            ):
                raise Conflict(IN_USE[table])
        cursor = await conn.execute(
            f"DELETE FROM {table} WHERE id = ? AND event_id = ?", (item_id, event.id)
        )
        if cursor.rowcount == 0:
            raise NotFound()


async def write_session(
    conn: Transaction, event: Event, data: SessionIn, session_id: int | None = None
) -> int:
    """Check and insert (or update) a session inside the caller's write transaction."""
    starts = localise(data.starts_at, event.timezone)
    ends = localise(data.ends_at, event.timezone)
    errors: dict[str, str] = {}
    if ends <= starts:
        errors["ends_at"] = N_("The session must end after it starts.")
    if data.room_id is not None and not await queries.ids_in_event(
        conn, "rooms", event.id, [data.room_id]
    ):
        errors["room_id"] = N_("Please choose one of the options.")
    if data.track_id is not None and not await queries.ids_in_event(
        conn, "tracks", event.id, [data.track_id]
    ):
        errors["track_id"] = N_("Please choose one of the options.")
    wanted = list(dict.fromkeys(data.speaker_ids))
    if set(wanted) - await queries.ids_in_event(conn, "speakers", event.id, wanted):
        errors["speaker_ids"] = N_("Please choose one of the options.")
    if not stream_url_ok(data.stream_url):
        errors["stream_url"] = INVALID_URL
    if errors:
        raise InvalidInput(field_errors=errors)
    if data.room_id is not None:
        clash = await queries.overlapping_session(
            conn, data.room_id, to_db(starts), to_db(ends), session_id
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
    )
    if session_id is None:
        cursor = await conn.execute(
            "INSERT INTO sessions (title, description, kind, starts_at, ends_at, room_id,"
            " track_id, capacity, stream_url, event_id, guid)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*values, event.id, str(uuid.uuid4())),
        )
        session_id = cursor.lastrowid or 0
    else:
        cursor = await conn.execute(
            "UPDATE sessions SET title = ?, description = ?, kind = ?, starts_at = ?,"
            " ends_at = ?, room_id = ?, track_id = ?, capacity = ?, stream_url = ?"
            " WHERE id = ? AND event_id = ?",
            (*values, session_id, event.id),
        )
        if cursor.rowcount == 0:
            raise NotFound(N_("There is no such session."))
        await conn.execute("DELETE FROM session_speakers WHERE session_id = ?", (session_id,))
    await conn.executemany(
        "INSERT INTO session_speakers (session_id, speaker_id, position) VALUES (?, ?, ?)",
        [(session_id, speaker_id, i) for i, speaker_id in enumerate(wanted)],
    )
    return session_id


async def save_session(
    db: Database, event: Event, data: SessionIn, session_id: int | None = None
) -> Session:
    """Create (``session_id`` None) or change a session; refuses overlaps in a room."""
    async with db.transaction() as conn:
        session_id = await write_session(conn, event, data, session_id)
    return await get_session(db, event, session_id)


async def duplicate_session(db: Database, event: Event, session_id: int) -> Session:
    """Copy a session (title, kind, description, room, track, seats, speakers) to start
    when it ends, with the same length; it keeps the room only if the room is free
    then. Bookings, check-ins and marks are not copied."""
    original = await get_session(db, event, session_id)
    length = original.ends_at - original.starts_at
    data = SessionIn(
        title=original.title,
        description=original.description,
        kind=original.kind,
        starts_at=original.ends_at,
        ends_at=original.ends_at + length,
        room_id=original.room_id,
        track_id=original.track_id,
        capacity=original.capacity,
        speaker_ids=[s.id for s in original.speakers],
    )
    async with db.transaction() as conn:
        if data.room_id is not None and await queries.overlapping_session(
            conn, data.room_id, to_db(data.starts_at), to_db(data.ends_at), None
        ):
            data = msgspec.structs.replace(data, room_id=None)
        copy_id = await write_session(conn, event, data)
    return await get_session(db, event, copy_id)


async def room_named(conn: Transaction, event_id: int, name: str) -> int:
    """The id of the room called ``name``, created if the event has none yet."""
    row = await conn.fetch_one(
        "SELECT id FROM rooms WHERE event_id = ? AND name = ?", (event_id, name)
    )
    if row:
        return int(row[0])
    cursor = await conn.execute(
        "INSERT INTO rooms (event_id, name, position, guid) VALUES"
        " (?, ?, (SELECT COUNT(*) FROM rooms WHERE event_id = ?), ?)",
        (event_id, name, event_id, str(uuid.uuid4())),
    )
    return cursor.lastrowid or 0


async def track_named(conn: Transaction, event_id: int, name: str) -> int:
    row = await conn.fetch_one(
        "SELECT id FROM tracks WHERE event_id = ? AND name = ?", (event_id, name)
    )
    if row:
        return int(row[0])
    cursor = await conn.execute(
        "INSERT INTO tracks (event_id, name) VALUES (?, ?)", (event_id, name)
    )
    return cursor.lastrowid or 0


async def speaker_named(conn: Transaction, event_id: int, data: SpeakerIn) -> int:
    row = await conn.fetch_one(
        "SELECT id FROM speakers WHERE event_id = ? AND name = ?", (event_id, data.name)
    )
    if row:
        return int(row[0])
    return await insert_speaker(conn, event_id, data)
