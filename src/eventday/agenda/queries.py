"""SQL for the programme."""

from __future__ import annotations

from collections import defaultdict

from eventday.agenda.models import Room, Session, SessionKind, Speaker, SpeakerRef, Track
from eventday.clock import from_db
from eventday.db import Database, Row, Transaction

SESSION_SELECT = (
    "SELECT s.id, s.guid, s.title, s.description, s.kind, s.starts_at, s.ends_at, s.room_id,"
    " r.name AS room, s.track_id, t.name AS track, s.capacity, s.stream_url"
    " FROM sessions s LEFT JOIN rooms r ON r.id = s.room_id"
    " LEFT JOIN tracks t ON t.id = s.track_id"
)
SPEAKER_COLUMNS = (
    "id, name, title, organisation, bio, photo IS NOT NULL AS has_photo, photo_version, guid"
)


def room_from_row(row: Row) -> Room:
    return Room(id=row["id"], name=row["name"], position=row["position"], guid=row["guid"])


def speaker_from_row(row: Row) -> Speaker:
    return Speaker(
        id=row["id"],
        name=row["name"],
        title=row["title"],
        organisation=row["organisation"],
        bio=row["bio"],
        has_photo=bool(row["has_photo"]),
        photo_version=row["photo_version"],
        guid=row["guid"],
    )


async def rooms_of_event(db: Database, event_id: int) -> list[Room]:
    rows = await db.fetch_all(
        "SELECT id, name, position, guid FROM rooms WHERE event_id = ? ORDER BY position, name",
        (event_id,),
    )
    return [room_from_row(r) for r in rows]


async def tracks_of_event(db: Database, event_id: int) -> list[Track]:
    rows = await db.fetch_all(
        "SELECT id, name, colour FROM tracks WHERE event_id = ? ORDER BY name", (event_id,)
    )
    return [Track(id=r["id"], name=r["name"], colour=r["colour"]) for r in rows]


async def speakers_of_event(db: Database, event_id: int) -> list[Speaker]:
    rows = await db.fetch_all(
        f"SELECT {SPEAKER_COLUMNS} FROM speakers WHERE event_id = ? ORDER BY name", (event_id,)
    )
    return [speaker_from_row(r) for r in rows]


async def speaker_by_id(db: Database, event_id: int, speaker_id: int) -> Speaker | None:
    row = await db.fetch_one(
        f"SELECT {SPEAKER_COLUMNS} FROM speakers WHERE event_id = ? AND id = ?",
        (event_id, speaker_id),
    )
    return speaker_from_row(row) if row else None


async def speaker_photo(db: Database, event_id: int, speaker_id: int) -> bytes | None:
    value: bytes | None = await db.fetch_value(
        "SELECT photo FROM speakers WHERE event_id = ? AND id = ?", (event_id, speaker_id)
    )
    return value


async def _speakers_by_session(db: Database, session_ids: list[int]) -> dict[int, list[SpeakerRef]]:
    found: dict[int, list[SpeakerRef]] = defaultdict(list)
    if not session_ids:
        return found
    marks = ",".join("?" * len(session_ids))
    rows = await db.fetch_all(
        "SELECT ss.session_id, sp.id, sp.name, sp.title, sp.organisation"
        " FROM session_speakers ss JOIN speakers sp ON sp.id = ss.speaker_id"
        f" WHERE ss.session_id IN ({marks}) ORDER BY ss.position, sp.name",
        session_ids,
    )
    for r in rows:
        found[r["session_id"]].append(
            SpeakerRef(id=r["id"], name=r["name"], title=r["title"], organisation=r["organisation"])
        )
    return found


async def _sessions(db: Database, where: str, params: tuple[object, ...]) -> list[Session]:
    rows = await db.fetch_all(
        f"{SESSION_SELECT} WHERE {where} ORDER BY s.starts_at, r.position, r.name, s.id", params
    )
    speakers = await _speakers_by_session(db, [r["id"] for r in rows])
    return [
        Session(
            id=r["id"],
            guid=r["guid"],
            title=r["title"],
            description=r["description"],
            kind=SessionKind(r["kind"]),
            starts_at=from_db(r["starts_at"]),
            ends_at=from_db(r["ends_at"]),
            room_id=r["room_id"],
            room=r["room"],
            track_id=r["track_id"],
            track=r["track"],
            capacity=r["capacity"],
            speakers=speakers.get(r["id"], []),
            stream_url=r["stream_url"],
        )
        for r in rows
    ]


async def sessions_of_event(db: Database, event_id: int) -> list[Session]:
    return await _sessions(db, "s.event_id = ?", (event_id,))


async def sessions_of_speaker(db: Database, event_id: int, speaker_id: int) -> list[Session]:
    return await _sessions(
        db,
        "s.event_id = ? AND s.id IN (SELECT session_id FROM session_speakers WHERE speaker_id = ?)",
        (event_id, speaker_id),
    )


async def session_by_id(db: Database, event_id: int, session_id: int) -> Session | None:
    found = await _sessions(db, "s.event_id = ? AND s.id = ?", (event_id, session_id))
    return found[0] if found else None


async def overlapping_session(
    conn: Transaction,
    room_id: int,
    starts_at: str,
    ends_at: str,
    except_id: int | None,
) -> str | None:
    """The title of a session in ``room_id`` that overlaps the given span, if any."""
    row = await conn.fetch_one(
        "SELECT title FROM sessions WHERE room_id = ? AND id IS NOT ? AND starts_at < ? AND"
        " ends_at > ? ORDER BY starts_at LIMIT 1",
        (room_id, except_id, ends_at, starts_at),
    )
    return str(row[0]) if row else None


async def ids_in_event(conn: Transaction, table: str, event_id: int, ids: list[int]) -> set[int]:
    """Which of ``ids`` belong to the event in ``table`` (a constant table name)."""
    if not ids:
        return set()
    marks = ",".join("?" * len(ids))
    return {
        row[0]
        for row in await conn.fetch_all(
            f"SELECT id FROM {table} WHERE event_id = ? AND id IN ({marks})", (event_id, *ids)
        )
    }
