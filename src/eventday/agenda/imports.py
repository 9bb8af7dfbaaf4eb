"""Importing a programme: the c3voc/frab schedule JSON (as pretalx exports it) and
the CSV that the CSV export writes.

An import first runs as a preview: every row is written inside a transaction that is
then rolled back, so the preview shows exactly the errors a real import would meet
(overlaps included), per row. The real import writes all rows in one transaction,
and only when no row has an error: nothing is half-imported.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import msgspec

from eventday.agenda import service
from eventday.agenda.exports import CSV_COLUMNS
from eventday.agenda.models import SessionIn, SessionKind, SpeakerIn
from eventday.db import Database, Transaction
from eventday.errors import N_, EventdayError, InvalidInput
from eventday.events.models import Event

MAX_ROWS = 2000
KINDS = {k.value for k in SessionKind}


class RowError(msgspec.Struct, frozen=True):
    message: str
    params: dict[str, str] = msgspec.field(default_factory=dict)


class ImportRow(msgspec.Struct, kw_only=True):
    number: int
    title: str = ""
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    room: str = ""
    track: str = ""
    kind: SessionKind = SessionKind.TALK
    speakers: list[SpeakerIn] = msgspec.field(default_factory=list)
    description: str = ""
    capacity: int | None = None
    errors: list[RowError] = msgspec.field(default_factory=list)


class ImportResult(msgspec.Struct, frozen=True, kw_only=True):
    rows: list[ImportRow]
    written: bool

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.rows if r.errors)


class ImportRowReport(msgspec.Struct, frozen=True, kw_only=True):
    """A row as the preview and the API show it, its errors in the asker's language."""

    number: int
    title: str
    starts_at: datetime | None
    ends_at: datetime | None
    room: str
    speakers: str
    """The speakers' names, separated by ``, ``."""
    errors: list[str]


class ImportReport(msgspec.Struct, frozen=True, kw_only=True):
    """The answer to an import without errors: ``written`` is false on a dry run."""

    written: bool
    rows: list[ImportRowReport]


class _Rollback(Exception):
    """Ends a preview (or a failed import) without writing anything."""


def _kind(value: Any) -> SessionKind:
    text = str(value or "").strip().lower()
    return SessionKind(text) if text in KINDS else SessionKind.OTHER if text else SessionKind.TALK


def _duration(text: str) -> timedelta:
    hours, _, minutes = text.partition(":")
    return timedelta(hours=int(hours), minutes=int(minutes))


def _text(value: Any, limit: int) -> str:
    return str(value or "").strip()[:limit]


def parse_schedule_json(data: bytes) -> list[ImportRow]:
    """Rows from a schedule JSON document; a document that is not one is refused whole."""
    try:
        document = msgspec.json.decode(data)
        days = document["schedule"]["conference"]["days"]
        entries = [e for day in days for items in day["rooms"].values() for e in items]
    except (msgspec.DecodeError, KeyError, TypeError, AttributeError) as exc:
        raise InvalidInput(
            field_errors={"file": N_("The file is not a schedule JSON document.")}
        ) from exc
    if len(entries) > MAX_ROWS:
        raise InvalidInput(field_errors={"file": N_("The file has more than 2000 sessions.")})
    rows = []
    for number, entry in enumerate(entries, start=1):
        row = ImportRow(number=number)
        rows.append(row)
        if not isinstance(entry, dict):
            row.errors.append(RowError(N_("This row is not a session.")))
            continue
        row.title = _text(entry.get("title"), 200)
        row.room = _text(entry.get("room"), 200)
        row.track = _text(entry.get("track"), 200)
        row.kind = _kind(entry.get("type"))
        row.description = _text(entry.get("description") or entry.get("abstract"), 10_000)
        row.speakers = [
            SpeakerIn(
                name=_text(p.get("name") or p.get("public_name"), 200) or "?",
                bio=_text(p.get("biography"), 10_000),
            )
            for p in entry.get("persons") or []
            if isinstance(p, dict)
        ]
        try:
            row.starts_at = datetime.fromisoformat(str(entry["date"]))
            if row.starts_at.tzinfo is None:
                raise ValueError("no offset")
            if entry.get("end"):
                row.ends_at = datetime.fromisoformat(str(entry["end"]))
            else:
                row.ends_at = row.starts_at + _duration(str(entry["duration"]))
        except (KeyError, ValueError, TypeError):
            row.errors.append(RowError(N_("The start, end or duration is missing or wrong.")))
    return rows


def _local(day: str, clock: str, tz: ZoneInfo) -> datetime:
    return datetime.combine(date.fromisoformat(day), time.fromisoformat(clock), tz)


def parse_csv(data: bytes, timezone: str) -> list[ImportRow]:
    """Rows from a CSV with the export's columns; dates and times in the event's zone."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(field_errors={"file": N_("The file is not UTF-8 text.")}) from exc
    reader = csv.DictReader(io.StringIO(text))
    missing = {"title", "date", "start", "end"} - set(reader.fieldnames or [])
    if missing:
        raise InvalidInput(
            field_errors={"file": N_("The CSV needs the columns title, date, start and end.")}
        )
    tz = ZoneInfo(timezone)
    rows = []
    for number, record in enumerate(reader, start=1):
        if number > MAX_ROWS:
            raise InvalidInput(field_errors={"file": N_("The file has more than 2000 sessions.")})
        get = {k: (record.get(k) or "").strip() for k in CSV_COLUMNS}
        # The export quotes cells that look like formulas; take the quote off again.
        get = {k: v[1:] if v.startswith("'") else v for k, v in get.items()}
        row = ImportRow(
            number=number,
            title=get["title"][:200],
            room=get["room"][:200],
            track=get["track"][:200],
            kind=_kind(get["kind"]),
            description=get["description"][:10_000],
            speakers=[
                SpeakerIn(name=n.strip()[:200]) for n in get["speakers"].split(";") if n.strip()
            ],
        )
        rows.append(row)
        try:
            row.starts_at = _local(get["date"], get["start"], tz)
            row.ends_at = _local(get["date"], get["end"], tz)
        except ValueError:
            row.errors.append(RowError(N_("Give the date as YYYY-MM-DD and the times as HH:MM.")))
        if get["capacity"]:
            if get["capacity"].isdigit() and int(get["capacity"]) > 0:
                row.capacity = int(get["capacity"])
            else:
                row.errors.append(RowError(N_("The capacity must be a whole number above 0.")))
    return rows


async def _write_row(
    tx: Transaction, event: Event, row: ImportRow, starts_at: datetime, ends_at: datetime
) -> None:
    """One row as a session, with its room, track and speakers found or created."""
    data = SessionIn(
        title=row.title,
        starts_at=starts_at,
        ends_at=ends_at,
        description=row.description,
        kind=row.kind,
        room_id=await service.room_named(tx, event.id, row.room) if row.room else None,
        track_id=await service.track_named(tx, event.id, row.track) if row.track else None,
        capacity=row.capacity,
        speaker_ids=[await service.speaker_named(tx, event.id, s) for s in row.speakers],
    )
    await service.write_session(tx, event, data)


async def run_import(
    db: Database, event: Event, rows: list[ImportRow], *, write: bool
) -> ImportResult:
    """Try every row in one transaction; keep it only if ``write`` and no row failed."""
    for row in rows:
        if not row.title:
            row.errors.append(RowError(N_("The title is missing.")))
    try:
        async with db.transaction() as tx:
            for row in rows:
                if row.errors or row.starts_at is None or row.ends_at is None:
                    continue
                try:
                    async with tx.savepoint("import_row"):
                        await _write_row(tx, event, row, row.starts_at, row.ends_at)
                except EventdayError as exc:
                    row.errors.extend(RowError(m) for m in exc.field_errors.values())
                    if not exc.field_errors or exc.params:
                        row.errors.append(
                            RowError(exc.message, {k: str(v) for k, v in exc.params.items()})
                        )
            if not write or any(r.errors for r in rows):
                raise _Rollback
    except _Rollback:
        return ImportResult(rows=rows, written=False)
    return ImportResult(rows=rows, written=True)
