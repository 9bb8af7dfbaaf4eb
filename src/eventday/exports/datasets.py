"""What can be exported, each as sheets: the attendance list, engagement per
activity, results of every activity, and the top ideas of every idea board.

Times are in the event's time zone as unlocalised ISO 8601 (``2026-11-26T09:12:00``),
the form spreadsheets and scripts read without guessing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from eventday.checkin.attendance import event_attendance
from eventday.checkin.service import lists_of
from eventday.db import Database
from eventday.events.models import Event
from eventday.exports import queries
from eventday.exports.exporters import Cell, Sheet
from eventday.live import activities
from eventday.live import queries as live_queries
from eventday.live import results as live_results
from eventday.live.models import Activity, ActivityKind
from eventday.live.results import (
    ChoiceResults,
    IdeasResults,
    OpenTextResults,
    RankingResults,
    Results,
    ScaleResults,
    WordcloudResults,
)
from eventday.registration import service as registration
from eventday.registration.models import Answer, Builtin

TOP_IDEAS = 10


def local_iso(moment: datetime | None, timezone: str) -> str:
    if moment is None:
        return ""
    return moment.astimezone(ZoneInfo(timezone)).replace(tzinfo=None).isoformat()


def answer_cell(value: Answer | None) -> Cell:
    if isinstance(value, list):
        return "; ".join(value)
    return value


async def attendance(db: Database, event: Event) -> list[Sheet]:
    """One row per registration: details, answers, status, registration time,
    check-in time per list, sessions attended, online minutes per session and in
    total, and "attended" by the event's rule."""
    form = await registration.form_of(db, event)
    asked = [b.value for b in Builtin if form.mode(b).value != "off"]
    questions = [(q.key, q.label) for q in form.questions]
    lists = await lists_of(db, event)
    result = await event_attendance(db, event)
    titles = {s.id: s.title for s in result.sessions}
    header = [
        "registration_id",
        "ticket_code",
        "status",
        "name",
        "email",
        "organisation",
        *asked,
        *(label for _key, label in questions),
        "registered_at",
        *(f"checked_in:{c.title or 'door'}" for c in lists),
        "sessions_attended",
        *(f"online_minutes:{s.title}" for s in result.sessions),
        "online_minutes_total",
        "event_minutes",
        "attended",
    ]
    rows: list[list[Cell]] = []
    tz = event.timezone
    for reg in await queries.registrations_of_event(db, event.id):
        seen = result.of(reg.id)
        rows.append(
            [
                reg.id,
                reg.ticket_code,
                reg.status.value,
                reg.name,
                reg.email,
                reg.organisation,
                *(answer_cell(reg.answers.get(key)) for key in asked),
                *(answer_cell(reg.answers.get(key)) for key, _label in questions),
                local_iso(reg.created_at, tz),
                *(local_iso(seen.checkins.get(c.key), tz) for c in lists),
                "; ".join(titles[sid] for sid in seen.sessions_attended),
                *(seen.online_minutes.get(s.id, 0) for s in result.sessions),
                seen.online_total,
                seen.event_minutes,
                seen.attended,
            ]
        )
    return [Sheet(name="Attendance", header=header, rows=rows)]


async def engagement(db: Database, event: Event) -> list[Sheet]:
    """Per activity: participants, submissions and the share of the participants
    connected to the live session who took part."""
    connected = await queries.connected_participants(db, event.id)
    rows: list[list[Cell]] = []
    for activity in await activities.list_activities(db, event):
        participants = await live_queries.participant_count(db, activity)
        rows.append(
            [
                activity.id,
                activity.title,
                activity.kind.value,
                activity.round,
                participants,
                await queries.submissions(db, activity),
                connected,
                round(participants / connected, 3) if connected else None,
            ]
        )
    header = [
        "activity_id",
        "activity",
        "kind",
        "round",
        "participants",
        "submissions",
        "connected",
        "share_of_connected",
    ]
    return [Sheet(name="Engagement", header=header, rows=rows)]


async def results(db: Database, event: Event) -> list[Sheet]:
    """The current results of every activity, one sheet each."""
    sheets = []
    for activity in await activities.list_activities(db, event):
        header, rows = result_rows(activity, await live_results.moderator_results(db, activity))
        sheets.append(Sheet(name=f"{activity.id} {activity.title}", header=header, rows=rows))
    return sheets


async def ideas(db: Database, event: Event) -> list[Sheet]:
    """The top ideas of every idea board, most votes first."""
    rows: list[list[Cell]] = []
    for activity in await activities.list_activities(db, event):
        if activity.kind is ActivityKind.IDEAS:
            for place, idea in enumerate(
                await live_results.top_ideas(db, activity, TOP_IDEAS), start=1
            ):
                rows.append([activity.title, place, idea.text, idea.votes])
    return [Sheet(name="Top ideas", header=["activity", "place", "idea", "votes"], rows=rows)]


DATASETS: dict[str, Callable[[Database, Event], Awaitable[list[Sheet]]]] = {
    "attendance": attendance,
    "engagement": engagement,
    "results": results,
    "ideas": ideas,
}


def result_rows(activity: Activity, data: Results) -> tuple[list[str], list[list[Any]]]:
    """Results as a table (CSV export): a header and rows."""
    options = activity.config.options
    if isinstance(data, ChoiceResults):
        correct = set(activity.config.correct)
        return ["option", "votes", "correct"], [
            [text, count, "yes" if i in correct else ""]
            for i, (text, count) in enumerate(zip(options, data.counts, strict=True))
        ]
    if isinstance(data, ScaleResults):
        low = activity.config.scale_min
        return ["value", "answers"], [[low + i, count] for i, count in enumerate(data.distribution)]
    if isinstance(data, RankingResults):
        return ["option", "borda_points"], [
            [text, points] for text, points in zip(options, data.points, strict=True)
        ]
    if isinstance(data, WordcloudResults):
        return ["word", "normalised", "count"], [[w.text, w.key, w.count] for w in data.words]
    if isinstance(data, IdeasResults):
        return ["idea", "votes"], [[i.text, i.votes] for i in data.ideas]
    if isinstance(data, OpenTextResults):
        every = data.moderation.answers if data.moderation else []
        return ["answer", "status", "merged_into", "same_answers", "sent_at"], [
            [a.text, a.status, a.merged_into or "", a.count, a.at] for a in every
        ]
    return ["question", "name", "votes", "status", "answered", "asked_at"], [
        [q.text, q.name, q.votes, q.status, q.answered, q.at] for q in data.questions
    ]
