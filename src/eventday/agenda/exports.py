"""The programme in other formats, one small exporter per format (as pretalx does):
iCalendar (RFC 5545, stable UIDs, TZID with VTIMEZONE), the c3voc/frab schedule JSON
that pretalx exports and schedule apps read, and CSV safe to open in a spreadsheet.
Texts are in the asker's language, each falling back to Swedish where it has no
English version."""

from __future__ import annotations

import csv
import functools
import io
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import icalendar
import msgspec

from eventday import __version__
from eventday.agenda.models import Agenda, Session
from eventday.events.models import Event
from eventday.events.service import slugify

CSV_COLUMNS = (
    "title",
    "date",
    "start",
    "end",
    "room",
    "track",
    "kind",
    "speakers",
    "capacity",
    "description",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def hhmm(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def session_url(base_url: str, event: Event, session: Session) -> str:
    return f"{base_url}/e/{event.slug}/sessions/{session.id}"


def _ical_event(uid: str, summary: str, start: datetime, end: datetime, tz: ZoneInfo) -> Any:
    item = icalendar.Event()
    item.add("uid", uid)
    item.add("summary", summary)
    item.add("dtstart", start.astimezone(tz))
    item.add("dtend", end.astimezone(tz))
    item.add("dtstamp", datetime(2000, 1, 1, tzinfo=ZoneInfo("UTC")))
    return item


def build_calendar(
    event: Event, sessions: list[Session], base_url: str, *, with_event: bool
) -> bytes:
    """A calendar of the sessions (and the event itself); UIDs come from stored ids, so
    a re-import updates entries instead of duplicating them."""
    tz = ZoneInfo(event.timezone)
    host = base_url.split("://", 1)[-1].split("/", 1)[0]
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//eventday//{__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", event.local_name)
    calendar.add("x-wr-timezone", event.timezone)
    if with_event:
        item = _ical_event(
            f"event-{event.id}@{host}", event.local_name, event.starts_at, event.ends_at, tz
        )
        if event.venue:
            item.add("location", event.venue)
        item.add("url", f"{base_url}/e/{event.slug}")
        item.add("description", event.local_description)
        calendar.add_component(item)
    for session in sessions:
        item = _ical_event(
            f"{session.guid}@{host}", session.local_title, session.starts_at, session.ends_at, tz
        )
        if session.room:
            item.add("location", session.room)
        item.add("url", session_url(base_url, event, session))
        names = ", ".join(s.name for s in session.speakers)
        item.add("description", "\n\n".join(p for p in (names, session.local_description) if p))
        calendar.add_component(item)
    # Every time in the calendar is in the event's zone. Its VTIMEZONE covers the
    # event's years only (RFC 5545 needs the rules for the times used), which keeps
    # the file small, and is built once per zone and year.
    years = range(event.starts_at.year - 1, event.ends_at.year + 2)
    calendar.subcomponents.insert(0, _vtimezone(event.timezone, years.start, years.stop))
    return bytes(calendar.to_ical())


@functools.cache
def _vtimezone(tzid: str, first_year: int, last_year: int) -> icalendar.Timezone:
    return icalendar.Timezone.from_tzid(
        tzid, first_date=date(first_year, 1, 1), last_date=date(last_year, 1, 1)
    )


class Exporter:
    identifier: ClassVar[str]
    extension: ClassVar[str]
    content_type: ClassVar[str]

    def render(self, event: Event, agenda: Agenda, base_url: str) -> bytes:
        raise NotImplementedError


class ICalExporter(Exporter):
    identifier = "ics"
    extension = "ics"
    content_type = "text/calendar"  # Litestar adds "; charset=utf-8"

    def render(self, event: Event, agenda: Agenda, base_url: str) -> bytes:
        return build_calendar(event, agenda.sessions, base_url, with_event=False)


def acronym_of(event: Event) -> str:
    """The schedule format wants ``[a-z0-9_]``, at least four characters."""
    return event.slug.replace("-", "_").ljust(4, "_")


class ScheduleJsonExporter(Exporter):
    """The c3voc/frab schedule JSON (https://c3voc.de/schedule/schema.json)."""

    identifier = "json"
    extension = "json"
    content_type = "application/json"

    def render(self, event: Event, agenda: Agenda, base_url: str) -> bytes:
        return msgspec.json.encode(self.document(event, agenda, base_url))

    def document(self, event: Event, agenda: Agenda, base_url: str) -> dict[str, Any]:
        tz = ZoneInfo(event.timezone)
        acronym = acronym_of(event)
        by_day: dict[Any, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
        first = event.starts_at.astimezone(tz).date()
        last = event.ends_at.astimezone(tz).date()
        for session in agenda.sessions:
            start = session.starts_at.astimezone(tz)
            room = session.room or event.venue or event.name
            by_day[start.date()][room].append(self._session(event, session, acronym, base_url))
            first, last = min(first, start.date()), max(last, start.date())
        days: list[dict[str, Any]] = []
        day = first
        while day <= last:
            days.append(
                {
                    "index": len(days) + 1,
                    "date": day.isoformat(),
                    "day_start": datetime.combine(day, time(0, 0), tz).isoformat(),
                    "day_end": datetime.combine(day, time(23, 59), tz).isoformat(),
                    "rooms": dict(by_day.get(day, {})),
                }
            )
            day += timedelta(days=1)
        return {
            "$schema": "https://c3voc.de/schedule/schema.json",
            "generator": {"name": "eventday", "version": __version__},
            "schedule": {
                "version": __version__,
                "base_url": f"{base_url}/e/{event.slug}/",
                "conference": {
                    "acronym": acronym,
                    "title": event.local_name,
                    "description": event.local_description,
                    "start": first.isoformat(),
                    "end": last.isoformat(),
                    "daysCount": len(days),
                    "timeslot_duration": "00:05",
                    "time_zone_name": event.timezone,
                    "url": f"{base_url}/e/{event.slug}",
                    "rooms": [{"name": r.name, "guid": r.guid} for r in agenda.rooms],
                    "tracks": [{"name": t.name, "color": t.colour} for t in agenda.tracks],
                    "days": days,
                },
            },
        }

    def _session(
        self, event: Event, session: Session, acronym: str, base_url: str
    ) -> dict[str, Any]:
        tz = ZoneInfo(event.timezone)
        start = session.starts_at.astimezone(tz)
        return {
            "id": session.id,
            "guid": session.guid,
            "date": start.isoformat(),
            "start": start.strftime("%H:%M"),
            "end": session.ends_at.astimezone(tz).isoformat(),
            "duration": hhmm(session.ends_at - session.starts_at),
            "room": session.room or event.venue or event.name,
            "slug": f"{acronym}-{session.id}-{slugify(session.title)}".strip("-"),
            "url": session_url(base_url, event, session),
            "title": session.local_title,
            "subtitle": "",
            "track": session.track,
            "type": session.kind.value,
            "language": "sv",
            "abstract": session.local_description.split("\n\n", 1)[0],
            "description": session.local_description,
            "persons": [
                {
                    "name": s.name,
                    "biography": " · ".join(p for p in (s.local_title, s.organisation) if p),
                }
                for s in session.speakers
            ],
            "links": [],
        }


def neutralise(value: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: quote them."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


class CsvExporter(Exporter):
    identifier = "csv"
    extension = "csv"
    content_type = "text/csv"  # Litestar adds "; charset=utf-8"

    def render(self, event: Event, agenda: Agenda, base_url: str) -> bytes:
        tz = ZoneInfo(event.timezone)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for s in agenda.sessions:
            start, end = s.starts_at.astimezone(tz), s.ends_at.astimezone(tz)
            row = (
                s.local_title,
                start.date().isoformat(),
                start.strftime("%H:%M"),
                end.strftime("%H:%M"),
                s.room or "",
                s.track or "",
                s.kind.value,
                "; ".join(p.name for p in s.speakers),
                "" if s.capacity is None else str(s.capacity),
                s.local_description,
            )
            writer.writerow([neutralise(cell) for cell in row])
        # A byte-order mark lets Excel read the file as UTF-8 (å, ä, ö).
        return "\ufeff".encode() + out.getvalue().encode()


EXPORTERS: dict[str, Exporter] = {
    e.identifier: e for e in (ICalExporter(), ScheduleJsonExporter(), CsvExporter())
}
