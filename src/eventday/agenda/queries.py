"""SQL for the programme."""

from __future__ import annotations

import uuid
from collections import defaultdict

from eventday.agenda.models import (
    Room,
    RoomIn,
    Session,
    Speaker,
    SpeakerIn,
    SpeakerRef,
    Track,
    TrackIn,
)
from eventday.db import Reader, Transaction, Written
from eventday.db.rows import from_row, from_rows

SESSION_SELECT = (
    "SELECT s.id, s.guid, s.title, s.description, s.kind, s.starts_at, s.ends_at, s.room_id,"
    " r.name AS room, s.track_id, t.name AS track, s.capacity, s.stream_url, s.title_en,"
    " s.description_en"
    " FROM sessions s LEFT JOIN rooms r ON r.id = s.room_id"
    " LEFT JOIN tracks t ON t.id = s.track_id"
)
SPEAKER_SELECT = (
    "SELECT id, name, title, organisation, title_en, bio, bio_en,"
    " photo IS NOT NULL AS has_photo, photo_version, guid FROM speakers"
)
ITEM_TABLES = {"rooms", "tracks", "speakers", "sessions"}


# --- reading ------------------------------------------------------------------------------


async def rooms_of_event(db: Reader, event_id: int) -> list[Room]:
    rows = await db.fetch_all(
        "SELECT id, name, position, guid FROM rooms WHERE event_id = ? ORDER BY position, name",
        (event_id,),
    )
    return from_rows(Room, rows)


async def tracks_of_event(db: Reader, event_id: int) -> list[Track]:
    rows = await db.fetch_all(
        "SELECT id, name, colour FROM tracks WHERE event_id = ? ORDER BY name", (event_id,)
    )
    return from_rows(Track, rows)


async def speakers_of_event(db: Reader, event_id: int) -> list[Speaker]:
    rows = await db.fetch_all(f"{SPEAKER_SELECT} WHERE event_id = ? ORDER BY name", (event_id,))
    return from_rows(Speaker, rows)


async def speaker_by_id(db: Reader, event_id: int, speaker_id: int) -> Speaker | None:
    row = await db.fetch_one(
        f"{SPEAKER_SELECT} WHERE event_id = ? AND id = ?", (event_id, speaker_id)
    )
    return from_row(Speaker, row) if row else None


async def speaker_photo(db: Reader, event_id: int, speaker_id: int) -> bytes | None:
    value: bytes | None = await db.fetch_value(
        "SELECT photo FROM speakers WHERE event_id = ? AND id = ?", (event_id, speaker_id)
    )
    return value


async def _speakers_by_session(db: Reader, session_ids: list[int]) -> dict[int, list[SpeakerRef]]:
    found: dict[int, list[SpeakerRef]] = defaultdict(list)
    if not session_ids:
        return found
    marks = ",".join("?" * len(session_ids))
    rows = await db.fetch_all(
        "SELECT ss.session_id, sp.id, sp.name, sp.title, sp.organisation, sp.title_en"
        " FROM session_speakers ss JOIN speakers sp ON sp.id = ss.speaker_id"
        f" WHERE ss.session_id IN ({marks}) ORDER BY ss.position, sp.name",
        session_ids,
    )
    for r in rows:
        found[r["session_id"]].append(from_row(SpeakerRef, r))
    return found


async def _sessions(db: Reader, where: str, params: tuple[object, ...]) -> list[Session]:
    rows = await db.fetch_all(
        f"{SESSION_SELECT} WHERE {where} ORDER BY s.starts_at, r.position, r.name, s.id", params
    )
    speakers = await _speakers_by_session(db, [r["id"] for r in rows])
    return [from_row(Session, r, speakers=speakers.get(r["id"], [])) for r in rows]


async def sessions_of_event(db: Reader, event_id: int) -> list[Session]:
    return await _sessions(db, "s.event_id = ?", (event_id,))


async def sessions_of_speaker(db: Reader, event_id: int, speaker_id: int) -> list[Session]:
    return await _sessions(
        db,
        "s.event_id = ? AND s.id IN (SELECT session_id FROM session_speakers WHERE speaker_id = ?)",
        (event_id, speaker_id),
    )


async def session_by_id(db: Reader, event_id: int, session_id: int) -> Session | None:
    found = await _sessions(db, "s.event_id = ? AND s.id = ?", (event_id, session_id))
    return found[0] if found else None


async def overlapping_session(
    db: Reader,
    room_id: int,
    starts_at: str,
    ends_at: str,
    except_id: int | None,
) -> str | None:
    """The title of a session in ``room_id`` that overlaps the given span, if any."""
    row = await db.fetch_one(
        "SELECT title FROM sessions WHERE room_id = ? AND id IS NOT ? AND starts_at < ? AND"
        " ends_at > ? ORDER BY starts_at LIMIT 1",
        (room_id, except_id, ends_at, starts_at),
    )
    return str(row[0]) if row else None


async def ids_in_event(db: Reader, table: str, event_id: int, ids: list[int]) -> set[int]:
    """Which of ``ids`` belong to the event in ``table`` (a constant table name)."""
    assert table in ITEM_TABLES
    if not ids:
        return set()
    marks = ",".join("?" * len(ids))
    return {
        row[0]
        for row in await db.fetch_all(
            f"SELECT id FROM {table} WHERE event_id = ? AND id IN ({marks})", (event_id, *ids)
        )
    }


async def id_named(db: Reader, table: str, event_id: int, name: str) -> int | None:
    """The id of the room, track or speaker called ``name`` in the event, if any."""
    assert table in ITEM_TABLES
    value = await db.fetch_value(
        f"SELECT id FROM {table} WHERE event_id = ? AND name = ?", (event_id, name)
    )
    return None if value is None else int(value)


async def in_use(db: Reader, column: str, event_id: int, item_id: int) -> bool:
    """Whether a session of the event is in the room or track (``column`` a constant)."""
    assert column in ("room_id", "track_id")
    return bool(
        await db.fetch_value(
            f"SELECT 1 FROM sessions WHERE {column} = ? AND event_id = ? LIMIT 1",
            (item_id, event_id),
        )
    )


# --- writing ------------------------------------------------------------------------------


def new_guid() -> str:
    return str(uuid.uuid4())


async def insert_room(tx: Transaction, event_id: int, data: RoomIn, guid: str) -> Written:
    return await tx.execute(
        "INSERT INTO rooms (event_id, name, position, guid) VALUES (?, ?, ?, ?)",
        (event_id, data.name, data.position, guid),
    )


async def insert_room_last(tx: Transaction, event_id: int, name: str) -> int:
    """A room placed after the event's others."""
    written = await tx.execute(
        "INSERT INTO rooms (event_id, name, position, guid) VALUES"
        " (?, ?, (SELECT COUNT(*) FROM rooms WHERE event_id = ?), ?)",
        (event_id, name, event_id, new_guid()),
    )
    return written.lastrowid


async def update_room(tx: Transaction, event_id: int, room_id: int, data: RoomIn) -> Written:
    return await tx.execute(
        "UPDATE rooms SET name = ?, position = ? WHERE id = ? AND event_id = ?",
        (data.name, data.position, room_id, event_id),
    )


async def insert_track(tx: Transaction, event_id: int, data: TrackIn) -> Written:
    return await tx.execute(
        "INSERT INTO tracks (event_id, name, colour) VALUES (?, ?, ?)",
        (event_id, data.name, data.colour),
    )


async def insert_track_named(tx: Transaction, event_id: int, name: str) -> int:
    """A track with the default colour."""
    written = await tx.execute(
        "INSERT INTO tracks (event_id, name) VALUES (?, ?)", (event_id, name)
    )
    return written.lastrowid


async def update_track(tx: Transaction, event_id: int, track_id: int, data: TrackIn) -> Written:
    return await tx.execute(
        "UPDATE tracks SET name = ?, colour = ? WHERE id = ? AND event_id = ?",
        (data.name, data.colour, track_id, event_id),
    )


async def insert_speaker(tx: Transaction, event_id: int, data: SpeakerIn) -> int:
    written = await tx.execute(
        "INSERT INTO speakers (event_id, name, title, organisation, bio, title_en, bio_en, guid)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            event_id,
            data.name,
            data.title,
            data.organisation,
            data.bio,
            data.title_en,
            data.bio_en,
            new_guid(),
        ),
    )
    return written.lastrowid


async def update_speaker(
    tx: Transaction, event_id: int, speaker_id: int, data: SpeakerIn
) -> Written:
    return await tx.execute(
        "UPDATE speakers SET name = ?, title = ?, organisation = ?, bio = ?, title_en = ?,"
        " bio_en = ? WHERE id = ? AND event_id = ?",
        (
            data.name,
            data.title,
            data.organisation,
            data.bio,
            data.title_en,
            data.bio_en,
            speaker_id,
            event_id,
        ),
    )


async def set_speaker_photo(
    tx: Transaction, event_id: int, speaker_id: int, photo: bytes
) -> Written:
    """The new photo, under a new version so caches see it."""
    return await tx.execute(
        "UPDATE speakers SET photo = ?, photo_version = photo_version + 1"
        " WHERE id = ? AND event_id = ?",
        (photo, speaker_id, event_id),
    )


async def delete_item(tx: Transaction, table: str, event_id: int, item_id: int) -> int:
    """Delete a room, track, speaker or session (``table`` a constant); rows deleted."""
    assert table in ITEM_TABLES
    written = await tx.execute(
        f"DELETE FROM {table} WHERE id = ? AND event_id = ?", (item_id, event_id)
    )
    return written.rowcount


SessionValues = tuple[object, ...]
"""title, description, kind, starts_at, ends_at, room_id, track_id, capacity, stream_url,
title_en, description_en"""


async def insert_session(tx: Transaction, event_id: int, values: SessionValues) -> int:
    written = await tx.execute(
        "INSERT INTO sessions (title, description, kind, starts_at, ends_at, room_id,"
        " track_id, capacity, stream_url, title_en, description_en, event_id, guid)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*values, event_id, new_guid()),
    )
    return written.lastrowid


async def update_session(
    tx: Transaction, event_id: int, session_id: int, values: SessionValues
) -> int:
    """Change the session; rows changed (0: no such session in the event)."""
    written = await tx.execute(
        "UPDATE sessions SET title = ?, description = ?, kind = ?, starts_at = ?,"
        " ends_at = ?, room_id = ?, track_id = ?, capacity = ?, stream_url = ?, title_en = ?,"
        " description_en = ? WHERE id = ? AND event_id = ?",
        (*values, session_id, event_id),
    )
    return written.rowcount


async def set_session_speakers(tx: Transaction, session_id: int, speaker_ids: list[int]) -> None:
    """The session's speakers, in this order."""
    await tx.execute("DELETE FROM session_speakers WHERE session_id = ?", (session_id,))
    await tx.executemany(
        "INSERT INTO session_speakers (session_id, speaker_id, position) VALUES (?, ?, ?)",
        [(session_id, speaker_id, i) for i, speaker_id in enumerate(speaker_ids)],
    )
