"""What can be exported, each as sheets: the attendance list, engagement per
activity, results of every activity, and the top ideas of every idea board.

Everything is written for the person the file is handed to, in the active language
(the page's, or ``?lang=``): column and sheet names in words, a status or yes/no as
a word, times in the event's time zone in the language's short format without
seconds ("2026-11-26 09:12", "26/11/2026, 09:12").
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from eventday.checkin.attendance import event_attendance
from eventday.checkin.service import lists_of
from eventday.clock import from_db
from eventday.db import Database
from eventday.events.models import Event
from eventday.exports import queries
from eventday.exports.exporters import Cell, Sheet
from eventday.exports.hours import ParticipationMonth, participation_hours
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
from eventday.registration.models import GENDER_OPTIONS, Answer, Builtin, status_label
from eventday.web.i18n import format_datetime, format_month, gettext, pgettext

TOP_IDEAS = 10


def when(moment: datetime | None, timezone: str) -> str:
    """A time for people: the event's zone, the language's short format, no seconds."""
    return "" if moment is None else format_datetime(moment, timezone, "short")


def yes_no(value: bool) -> str:
    return gettext("Yes") if value else gettext("No")


def builtin_label(builtin: str) -> str:
    return {
        "role": gettext("Role"),
        "phone": gettext("Phone"),
        "dietary": gettext("Dietary needs"),
        "accessibility": gettext("Accessibility needs"),
        "region": gettext("Region"),
        "gender": gettext("Gender"),
    }.get(builtin, builtin)


def answer_cell(key: str, value: Answer | None) -> Cell:
    """An answer in words: choices joined, a checkbox yes/no, a gender as its label."""
    if key == Builtin.GENDER.value and isinstance(value, list | str):
        value = [value] if isinstance(value, str) else value
        return "; ".join(gettext(GENDER_OPTIONS[v]) if v in GENDER_OPTIONS else v for v in value)
    if isinstance(value, list):
        return "; ".join(value)
    if isinstance(value, bool):
        return yes_no(value)
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
        gettext("Registration number"),
        gettext("Ticket code"),
        gettext("Status"),
        gettext("Name"),
        gettext("E-mail"),
        gettext("Organisation"),
        *(builtin_label(b) for b in asked),
        *(label for _key, label in questions),
        pgettext("registered at", "Registered"),
        *(gettext("Checked in: %(list)s", list=c.title or gettext("Entrance")) for c in lists),
        gettext("Sessions attended"),
        *(gettext("Minutes online: %(session)s", session=s.title) for s in result.sessions),
        gettext("Minutes online in total"),
        gettext("Minutes of the event"),
        gettext("Attended"),
    ]
    rows: list[list[Cell]] = []
    tz = event.timezone
    for reg in await queries.registrations_of_event(db, event.id):
        seen = result.of(reg.id)
        rows.append(
            [
                reg.id,
                reg.ticket_code,
                status_label(reg.status),
                reg.name,
                reg.email,
                reg.organisation,
                *(answer_cell(key, reg.answers.get(key)) for key in asked),
                *(answer_cell(key, reg.answers.get(key)) for key, _label in questions),
                when(reg.created_at, tz),
                *(when(seen.checkins.get(c.key), tz) for c in lists),
                "; ".join(titles[sid] for sid in seen.sessions_attended),
                *(seen.online_minutes.get(s.id, 0) for s in result.sessions),
                seen.online_total,
                seen.event_minutes,
                yes_no(seen.attended),
            ]
        )
    return [Sheet(name=gettext("Attendance"), header=header, rows=rows)]


def kind_label(kind: ActivityKind) -> str:
    return {
        ActivityKind.CHOICE: gettext("Poll"),
        ActivityKind.SCALE: gettext("Rating scale"),
        ActivityKind.RANKING: gettext("Ranking"),
        ActivityKind.WORDCLOUD: gettext("Word cloud"),
        ActivityKind.IDEAS: gettext("Idea board"),
        ActivityKind.QA: gettext("Questions"),
        ActivityKind.OPEN_TEXT: gettext("Open answers"),
    }[kind]


def result_column(key: str) -> str:
    """A column of :func:`result_rows` in words."""
    return {
        "option": gettext("Option"),
        "votes": gettext("Votes"),
        "correct": gettext("Correct"),
        "value": gettext("Value"),
        "answers": gettext("Answers"),
        "borda_points": gettext("Points (Borda count)"),
        "word": gettext("Word"),
        "normalised": gettext("Counted as"),
        "count": gettext("Count"),
        "idea": gettext("Idea"),
        "question": gettext("Question"),
        "name": gettext("Name"),
        "status": gettext("Status"),
        "answered": gettext("Answered"),
        "asked_at": gettext("Asked"),
        "answer": gettext("Answer"),
        "merged_into": gettext("Merged into answer"),
        "same_answers": gettext("Same answers"),
        "sent_at": gettext("Sent at"),
    }.get(key, key)


def result_cell(key: str, value: Cell, timezone: str) -> Cell:
    """A value of :func:`result_rows` in words: yes/no, a question's status, a time."""
    if key == "correct":
        return gettext("Yes") if value else ""
    if key == "answered":
        return yes_no(bool(value))
    if key == "status" and isinstance(value, str):
        return {
            "pending": gettext("Awaiting approval"),
            "visible": gettext("Shown"),
            "hidden": gettext("Hidden"),
        }.get(value, value)
    if key in ("asked_at", "sent_at") and isinstance(value, str):
        return when(from_db(value), timezone)
    return value


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
                kind_label(activity.kind),
                activity.round,
                participants,
                await queries.submissions(db, activity),
                connected,
                round(participants / connected, 3) if connected else None,
            ]
        )
    header = [
        gettext("Activity number"),
        gettext("Activity"),
        gettext("Kind"),
        gettext("Round"),
        gettext("Participants"),
        gettext("Submissions"),
        gettext("Connected"),
        gettext("Share of the connected"),
    ]
    return [Sheet(name=gettext("Engagement"), header=header, rows=rows)]


async def results(db: Database, event: Event) -> list[Sheet]:
    """The current results of every activity, one sheet each."""
    sheets = []
    for activity in await activities.list_activities(db, event):
        data = await live_results.moderator_results(db, activity)
        sheets.append(result_sheet(activity, data, event.timezone))
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
    header = [gettext("Activity"), gettext("Place"), gettext("Idea"), gettext("Votes")]
    return [Sheet(name=gettext("Top ideas"), header=header, rows=rows)]


def hours_sheet(months: list[ParticipationMonth]) -> Sheet:
    """Participation hours for the ESF follow-up: per person and month, minutes on
    site and online and the hours in total (``exports.hours`` defines them)."""
    header = [
        gettext("Name"),
        gettext("E-mail"),
        gettext("Organisation"),
        gettext("Month"),
        gettext("Minutes on site"),
        gettext("Minutes online"),
        gettext("Hours in total"),
    ]
    rows: list[list[Cell]] = [
        [
            p.name,
            p.email,
            p.organisation,
            format_month(p.month),
            p.onsite_minutes,
            p.online_minutes,
            round((p.onsite_minutes + p.online_minutes) / 60, 2),
        ]
        for p in months
    ]
    return Sheet(name=gettext("Participation hours"), header=header, rows=rows)


async def hours(db: Database, event: Event) -> list[Sheet]:
    return [hours_sheet(await participation_hours(db, event))]


DATASETS: dict[str, Callable[[Database, Event], Awaitable[list[Sheet]]]] = {
    "attendance": attendance,
    "engagement": engagement,
    "results": results,
    "ideas": ideas,
    "hours": hours,
}


def result_sheet(activity: Activity, data: Results, timezone: str) -> Sheet:
    """An activity's results as a sheet in words (the results export and the
    activity's own CSV download)."""
    keys, rows = result_rows(activity, data)
    return Sheet(
        name=f"{activity.id} {activity.title}",
        header=[result_column(key) for key in keys],
        rows=[
            [result_cell(key, value, timezone) for key, value in zip(keys, row, strict=True)]
            for row in rows
        ],
    )


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
