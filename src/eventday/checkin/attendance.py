"""Who attended, on site and online, by the organiser's rule.

On site: a standing check-in on any list. Online: the registration's merged
presence (every participant linked to it, across reconnects) overlapped with the
event and with each session. A registration counts as attended when it is checked
in, or online for at least the event's ``online_percent`` of the event's minutes.
Sessions attended: a workshop checked in at, or a session followed online for at
least half its length.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from eventday.agenda import queries as agenda_queries
from eventday.agenda.models import Session, SessionKind
from eventday.checkin import queries
from eventday.checkin.models import Attendance, AttendanceSettings
from eventday.checkin.presence import Interval, merge, overlap_seconds
from eventday.checkin.service import list_key
from eventday.clock import from_db, utcnow
from eventday.db import Database
from eventday.events.models import Event


class EventAttendance:
    """Attendance of every registration of one event, and the anonymous online count."""

    def __init__(
        self,
        event: Event,
        sessions: list[Session],
        settings: AttendanceSettings,
        by_registration: dict[int, Attendance],
        anonymous_online: int,
    ) -> None:
        self.event = event
        self.sessions = sessions
        self.settings = settings
        self.by_registration = by_registration
        self.anonymous_online = anonymous_online

    def of(self, registration_id: int) -> Attendance:
        return self.by_registration.get(registration_id) or _absent(
            registration_id, _minutes(self.event.starts_at, self.event.ends_at)
        )


def _minutes(start: datetime, end: datetime) -> int:
    return round((end - start).total_seconds() / 60)


def _absent(registration_id: int, event_minutes: int) -> Attendance:
    return Attendance(
        registration_id=registration_id,
        checkins={},
        online_minutes={},
        online_total=0,
        event_minutes=event_minutes,
        sessions_attended=[],
        attended=False,
        onsite=False,
    )


def attended_sessions(sessions: list[Session]) -> list[Session]:
    """Sessions attendance is counted for (breaks are not)."""
    return [s for s in sessions if s.kind is not SessionKind.BREAK]


async def event_attendance(db: Database, event: Event) -> EventAttendance:
    settings = await queries.attendance_settings(db, event.id)
    sessions = attended_sessions(await agenda_queries.sessions_of_event(db, event.id))
    now = utcnow()
    online: dict[int, list[Interval]] = defaultdict(list)
    anonymous: set[int] = set()
    for row in await queries.presence_rows(db, event.id):
        end = from_db(row["ended_at"]) if row["ended_at"] else min(now, event.ends_at)
        interval = (from_db(row["started_at"]), end)
        if row["registration_id"] is None:
            anonymous.add(row["participant_id"])
        else:
            online[row["registration_id"]].append(interval)
    checkins: dict[int, dict[str, datetime]] = defaultdict(dict)
    for checkin in await queries.checkins_of_event(db, event.id):
        checkins[checkin.registration_id][list_key(checkin.session_id)] = checkin.checked_in_at
    event_minutes = _minutes(event.starts_at, event.ends_at)
    result: dict[int, Attendance] = {}
    for reg_id in set(online) | set(checkins):
        merged = merge(online.get(reg_id, []))
        per_session = {
            s.id: round(overlap_seconds(merged, s.starts_at, s.ends_at) / 60) for s in sessions
        }
        total = round(overlap_seconds(merged, event.starts_at, event.ends_at) / 60)
        lists = checkins.get(reg_id, {})
        attended_ids = [
            s.id
            for s in sessions
            if list_key(s.id) in lists
            or per_session[s.id] * 2 >= max(1, _minutes(s.starts_at, s.ends_at))
        ]
        onsite = bool(lists)
        result[reg_id] = Attendance(
            registration_id=reg_id,
            checkins=lists,
            online_minutes={k: v for k, v in per_session.items() if v},
            online_total=total,
            event_minutes=event_minutes,
            sessions_attended=attended_ids,
            attended=onsite or total * 100 >= settings.online_percent * event_minutes,
            onsite=onsite,
        )
    return EventAttendance(event, sessions, settings, result, len(anonymous))
