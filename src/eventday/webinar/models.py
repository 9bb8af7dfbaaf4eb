"""The webinar companion's settings, schedule, group mail and evaluation."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated

import annotated_types
import msgspec

MAX_REMINDER_MINUTES = 14 * 24 * 60
# Minutes before the start; limits for msgspec (bodies) and Litestar (paths), as in
# eventday.bounds.
ReminderMinutes = Annotated[
    int,
    msgspec.Meta(ge=1, le=MAX_REMINDER_MINUTES),
    annotated_types.Interval(ge=1, le=MAX_REMINDER_MINUTES),
]
DEFAULT_REMINDERS = (1440, 60)


class StreamAudience(enum.StrEnum):
    """Who sees the stream on the live page: those who came through their private
    link (registered attendees), or anyone with the join code."""

    LINK = "link"
    CODE = "code"


class WebinarSettings(msgspec.Struct, frozen=True, kw_only=True):
    reminders: list[int] = msgspec.field(default_factory=lambda: list(DEFAULT_REMINDERS))
    stream_audience: StreamAudience = StreamAudience.LINK
    thank_you: bool = True
    evaluation_reminder_days: int = 3
    evaluation_min_group: int = 5


class WebinarSettingsIn(msgspec.Struct, frozen=True, kw_only=True):
    """``reminders``: minutes before the start (at most 14 days, at most five);
    ``thank_you``: mail attendees after the event with their certificate link (and the
    evaluation's, if it has questions); ``evaluation_reminder_days``: one reminder to
    answer the evaluation that many days after the thank-you mail;
    ``evaluation_min_group``: the evaluation's breakdowns by gender and by region show
    only groups of at least this many respondents (3–50; default 5)."""

    reminders: Annotated[
        list[ReminderMinutes],
        msgspec.Meta(max_length=5),
    ] = msgspec.field(default_factory=lambda: list(DEFAULT_REMINDERS))
    stream_audience: StreamAudience = StreamAudience.LINK
    thank_you: bool = True
    evaluation_reminder_days: Annotated[int, msgspec.Meta(ge=1, le=13)] = 3
    evaluation_min_group: Annotated[int, msgspec.Meta(ge=3, le=50)] = 5


class ScheduledMail(msgspec.Struct, frozen=True, kw_only=True):
    """One scheduled mail of an event as the organiser sees it: a reminder (``minutes``
    before the start) or the thank-you mail; how many are queued and sent."""

    kind: str
    minutes: int | None
    due_at: datetime
    recipients: int
    queued: int
    sent: int
    failed: int
    expired: int


class Audience(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    ATTENDED = "attended"
    ATTENDED_ONSITE = "attended_onsite"
    ATTENDED_ONLINE = "attended_online"
    ABSENT = "absent"
    WORKSHOP = "workshop"


class GroupMailIn(msgspec.Struct, frozen=True, kw_only=True):
    """Mail to a group. ``session_id`` names the workshop for ``audience=workshop``.
    The subject and body may use ``{name}`` and ``{link}`` (the attendee's live link)."""

    audience: Audience
    subject: Annotated[str, msgspec.Meta(max_length=200)]
    body: Annotated[str, msgspec.Meta(max_length=10_000)]
    session_id: int | None = None


class GroupMailPreview(msgspec.Struct, frozen=True, kw_only=True):
    recipients: int
    subject: str
    body: str


class GroupMailRecord(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    audience: Audience
    session_id: int | None
    subject: str
    recipients: int
    created_at: datetime


# --- the evaluation ---------------------------------------------------------------------


class QuestionKind(enum.StrEnum):
    SCALE = "scale"
    CHOICE = "choice"
    TEXT = "text"


class EvaluationQuestionIn(msgspec.Struct, frozen=True, kw_only=True):
    """``scale``: 1 (poor) to 5 (very good); ``choice``: one of ``options``; ``text``."""

    kind: QuestionKind
    prompt: Annotated[str, msgspec.Meta(min_length=1, max_length=300)]
    options: Annotated[
        list[Annotated[str, msgspec.Meta(min_length=1, max_length=100)]],
        msgspec.Meta(max_length=10),
    ] = msgspec.field(default_factory=list)


class EvaluationQuestion(EvaluationQuestionIn, frozen=True, kw_only=True):
    id: int


class EvaluationIn(msgspec.Struct, frozen=True, kw_only=True):
    questions: Annotated[list[EvaluationQuestionIn], msgspec.Meta(max_length=20)]


class Share(msgspec.Struct, frozen=True, kw_only=True):
    """The answers of one group (everyone, a gender, a region)."""

    group: str
    respondents: int
    counts: dict[str, int]
    mean: float | None


class QuestionResult(msgspec.Struct, frozen=True, kw_only=True):
    question: EvaluationQuestion
    overall: Share
    texts: list[str]
    by_gender: list[Share]
    by_region: list[Share]


class EvaluationResults(msgspec.Struct, frozen=True, kw_only=True):
    respondents: int
    min_group: int
    questions: list[QuestionResult]
