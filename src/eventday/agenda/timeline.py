"""The agenda editor's timeline: one lane per room (and one for sessions without a
room) over the event's hours, each session a bar placed in percent of the span, so
the page draws it as SVG without inline styles."""

from __future__ import annotations

from datetime import datetime, timedelta

import msgspec

from eventday.agenda.models import Session
from eventday.events.models import Event
from eventday.web.i18n import format_time


class Bar(msgspec.Struct, frozen=True, kw_only=True):
    session: Session
    x: float  # percent of the span from its start
    width: float  # percent of the span
    warned: bool


class Lane(msgspec.Struct, frozen=True, kw_only=True):
    room: str | None  # None: sessions without a room
    bars: list[Bar]


class Tick(msgspec.Struct, frozen=True, kw_only=True):
    x: float
    label: str


class Timeline(msgspec.Struct, frozen=True, kw_only=True):
    lanes: list[Lane]
    ticks: list[Tick]


def day_timeline(event: Event, sessions: list[Session], warned: set[int]) -> Timeline:
    """The lanes and hour marks from the event's start (or the earliest session) to
    its end (or the latest); ``warned`` are the ids of sessions with a warning."""
    start = min([event.starts_at, *(s.starts_at for s in sessions)])
    end = max([event.ends_at, *(s.ends_at for s in sessions)])
    span = (end - start).total_seconds()

    def percent(moment: datetime) -> float:
        return round((moment - start).total_seconds() / span * 100, 3)

    rooms: dict[str | None, list[Bar]] = {}
    for session in sessions:
        rooms.setdefault(session.room, []).append(
            Bar(
                session=session,
                x=percent(session.starts_at),
                width=max(percent(session.ends_at) - percent(session.starts_at), 0.2),
                warned=session.id in warned,
            )
        )
    lanes = [Lane(room=room, bars=bars) for room, bars in rooms.items() if room is not None]
    if None in rooms:
        lanes.append(Lane(room=None, bars=rooms[None]))
    step = timedelta(hours=1 if span <= 16 * 3600 else 3)
    tick = start.replace(minute=0, second=0, microsecond=0)
    if tick < start:
        tick += timedelta(hours=1)
    ticks = []
    while tick <= end:
        ticks.append(Tick(x=percent(tick), label=format_time(tick, event.timezone)))
        tick += step
    return Timeline(lanes=lanes, ticks=ticks)
