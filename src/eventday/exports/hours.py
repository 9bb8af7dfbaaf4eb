"""Participation hours for the ESF follow-up: per person and month, the time spent on
site and online (docs/attendance.md, "Participation hours").

- **On site**: a standing door check-in counts the event from its start to its end; a
  standing check-in at a session (a workshop) counts that session from its start to
  its end. The person's time on site is the union of those spans, so a workshop
  inside the day counts once, and two overlapping workshops count once.
- **Online**: the person's presence on the live page (every participant linked to the
  registration, merged across reconnects as for attendance) within the event's start
  and end, minus the time already counted on site: a phone open in the hall is not a
  second hour.
- **Breaks** in the agenda (sessions of kind *break*) count neither way.
- Each span is cut at midnight on the first of a month in the event's time zone and
  counted in its month; minutes are rounded once, per person and month.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import msgspec

from eventday.agenda import queries as agenda_queries
from eventday.agenda.models import SessionKind
from eventday.checkin import queries as checkin_queries
from eventday.checkin.presence import Interval, merge
from eventday.clock import from_db, utcnow
from eventday.db import Database
from eventday.events.models import Event
from eventday.exports import queries


class ParticipationMonth(msgspec.Struct, frozen=True, kw_only=True):
    """One person's time in one month (``month`` is ``YYYY-MM`` in the event's time
    zone): at one event, or added up over a series' events."""

    name: str
    email: str
    organisation: str
    month: str
    onsite_minutes: int
    online_minutes: int


def union(spans: list[Interval]) -> list[Interval]:
    """Overlapping spans as one; spans that only touch stay apart."""
    return merge(spans, grace=timedelta(0))


def subtract(spans: list[Interval], holes: list[Interval]) -> list[Interval]:
    """``spans`` without the time ``holes`` cover (both as :func:`union` gives them)."""
    result: list[Interval] = []
    for start, end in spans:
        for hole_start, hole_end in holes:
            if hole_end <= start or hole_start >= end:
                continue
            if hole_start > start:
                result.append((start, hole_start))
            start = max(start, hole_end)
            if start >= end:
                break
        if start < end:
            result.append((start, end))
    return result


def clip(spans: list[Interval], start: datetime, end: datetime) -> list[Interval]:
    return [(max(a, start), min(b, end)) for a, b in spans if min(b, end) > max(a, start)]


def seconds_by_month(spans: list[Interval], timezone: str) -> dict[str, float]:
    """How long the spans last in each month of the time zone's calendar."""
    tz = ZoneInfo(timezone)
    result: dict[str, float] = defaultdict(float)
    for start, end in spans:
        while start < end:
            local = start.astimezone(tz)
            first_next = (local.replace(day=28) + timedelta(days=4)).replace(
                day=1, hour=0, minute=0, second=0, microsecond=0
            )
            cut = min(end, first_next.astimezone(start.tzinfo))
            result[f"{local:%Y-%m}"] += (cut - start).total_seconds()
            start = cut
    return result


async def participation_hours(db: Database, event: Event) -> list[ParticipationMonth]:
    """Every registration with time at the event, per month, in registration order."""
    sessions = await agenda_queries.sessions_of_event(db, event.id)
    spans = {s.id: (s.starts_at, s.ends_at) for s in sessions}
    breaks = union([spans[s.id] for s in sessions if s.kind is SessionKind.BREAK])
    onsite: dict[int, list[Interval]] = defaultdict(list)
    for checkin in await checkin_queries.checkins_of_event(db, event.id):
        if checkin.session_id is None:
            onsite[checkin.registration_id].append((event.starts_at, event.ends_at))
        elif checkin.session_id in spans:
            onsite[checkin.registration_id].append(spans[checkin.session_id])
    online: dict[int, list[Interval]] = defaultdict(list)
    now = utcnow()
    for row in await checkin_queries.presence_rows(db, event.id):
        if row["registration_id"] is not None:
            end = from_db(row["ended_at"]) if row["ended_at"] else min(now, event.ends_at)
            online[row["registration_id"]].append((from_db(row["started_at"]), end))
    result = []
    for reg in await queries.registrations_of_event(db, event.id):
        there = subtract(union(onsite.get(reg.id, [])), breaks)
        away = clip(merge(online.get(reg.id, [])), event.starts_at, event.ends_at)
        away = subtract(subtract(away, there), breaks)
        there_months = seconds_by_month(there, event.timezone)
        away_months = seconds_by_month(away, event.timezone)
        for month in sorted(set(there_months) | set(away_months)):
            minutes = (round(there_months[month] / 60), round(away_months[month] / 60))
            if any(minutes):
                result.append(
                    ParticipationMonth(
                        name=reg.name,
                        email=reg.email,
                        organisation=reg.organisation,
                        month=month,
                        onsite_minutes=minutes[0],
                        online_minutes=minutes[1],
                    )
                )
    return result


def added_up(months: list[ParticipationMonth]) -> list[ParticipationMonth]:
    """Several events' rows as one per person (by e-mail, in any case) and month, the
    minutes added; ordered by name, e-mail and month."""
    totals: dict[tuple[str, str], ParticipationMonth] = {}
    for row in months:
        key = (row.email.casefold(), row.month)
        if key in totals:
            before = totals[key]
            row = msgspec.structs.replace(
                before,
                onsite_minutes=before.onsite_minutes + row.onsite_minutes,
                online_minutes=before.online_minutes + row.online_minutes,
            )
        totals[key] = row
    return sorted(totals.values(), key=lambda r: (r.name.casefold(), r.email.casefold(), r.month))
