"""Live activities, what participants send over the socket, and what they receive."""

from __future__ import annotations

import enum
from typing import Annotated, Any

import msgspec

from eventday.bounds import Id

Title = Annotated[str, msgspec.Meta(min_length=1, max_length=300)]
EnglishTitle = Annotated[str, msgspec.Meta(max_length=300)]
Option = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Word = Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
ShortText = Annotated[str, msgspec.Meta(min_length=1, max_length=280)]
OpenText = Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
Name = Annotated[str, msgspec.Meta(max_length=80)]
Ref = Annotated[str, msgspec.Meta(max_length=40)]
# A client's name for one submission, kept across resends (see docs/protocol.md).
Nonce = Annotated[str, msgspec.Meta(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
Index = Annotated[int, msgspec.Meta(ge=0, le=49)]


class ActivityKind(enum.StrEnum):
    CHOICE = "choice"
    SCALE = "scale"
    RANKING = "ranking"
    WORDCLOUD = "wordcloud"
    IDEAS = "ideas"
    QA = "qa"
    OPEN_TEXT = "open_text"


class ActivityState(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class ActivityConfig(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Settings of an activity; each kind reads the fields it needs. ``options``,
    ``min_label`` and ``max_label`` are the Swedish (primary) texts; the ``_en`` fields
    their optional English versions (``options_en``: one per option, or none)."""

    options: list[Option] = msgspec.field(default_factory=list)
    options_en: list[Option] = msgspec.field(default_factory=list)
    multiple: bool = False
    correct: list[Index] = msgspec.field(default_factory=list)
    scale_min: Annotated[int, msgspec.Meta(ge=0, le=1)] = 1
    scale_max: Annotated[int, msgspec.Meta(ge=2, le=10)] = 5
    min_label: Name = ""
    max_label: Name = ""
    min_label_en: Name = ""
    max_label_en: Name = ""
    max_entries: Annotated[int, msgspec.Meta(ge=1, le=10)] = 3
    drop_stop_words: bool = False
    premoderation: bool = False
    """Open-text answers wait for the moderator's approval before the wall shows them."""
    points: Annotated[int, msgspec.Meta(ge=0, le=1000)] = 0
    """A quiz question (a poll with ``correct``) with points is scored: a right answer
    earns them (see ``live.quiz``)."""
    speed_bonus: bool = False
    """A scored question also gives up to ``points`` more for a fast right answer."""


class ActivityIn(msgspec.Struct, frozen=True, kw_only=True):
    """A new activity (API and demo). ``hide_results`` keeps results from phones and
    the projector until the moderator reveals them."""

    kind: ActivityKind
    title: Title
    title_en: EnglishTitle = ""
    session_id: Id | None = None
    hide_results: bool = False
    config: ActivityConfig = msgspec.field(default_factory=ActivityConfig)


class Activity(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    event_id: int
    session_id: int | None
    kind: ActivityKind
    title: str
    config: ActivityConfig
    state: ActivityState
    hide_results: bool
    revealed: bool
    round: int
    position: int
    version: int
    title_en: str = ""
    results_hidden: bool = False
    """The moderator hid the results (Hide results), public or not."""
    results_visible: bool = True
    """Phones and the projector see the results now: not hidden by the moderator, and
    revealed or public from the start (``hide_results`` false)."""
    deadline: str | None = None
    """When a running countdown closes the activity (UTC ISO text); None without one."""
    always_open: bool = False
    """Phones keep it reachable whatever is on stage (Q&A always is)."""


Seconds = Annotated[int, msgspec.Meta(ge=5, le=3600)]


class TimerIn(msgspec.Struct, frozen=True, kw_only=True):
    """Start a countdown (or start it again) of ``seconds``; at zero the activity closes."""

    seconds: Seconds


class ExtendIn(msgspec.Struct, frozen=True, kw_only=True):
    """Give a running countdown ``seconds`` more."""

    seconds: Seconds = 30


class AlwaysOpenIn(msgspec.Struct, frozen=True, kw_only=True):
    on: bool


class StageIn(msgspec.Struct, frozen=True, kw_only=True):
    """What phones and the projector show now (``null``: the waiting screen)."""

    activity_id: Id | None


class LiveSettingsIn(msgspec.Struct, frozen=True, kw_only=True):
    qa_premoderation: bool = False
    blocklist: list[Annotated[str, msgspec.Meta(min_length=1, max_length=40)]] = msgspec.field(
        default_factory=list
    )


class LiveSettings(msgspec.Struct, frozen=True, kw_only=True):
    activity_id: int | None
    qa_premoderation: bool
    blocklist: list[str]
    version: int
    evaluation_open: bool = False


class MergeIn(msgspec.Struct, frozen=True, kw_only=True):
    """Merge idea ``source`` into ``target``: votes combine, nobody counted twice."""

    source: Id
    target: Id


class AnswerAction(enum.StrEnum):
    """What a moderator does with one open-text answer."""

    APPROVE = "approve"
    REJECT = "reject"
    HIDE = "hide"
    UNHIDE = "unhide"


class QuestionAction(enum.StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    HIDE = "hide"
    UNHIDE = "unhide"
    ANSWER = "answer"
    UNANSWER = "unanswer"
    PIN = "pin"
    UNPIN = "unpin"


# --- messages from a client (tagged by "type"; "ref" is echoed in the reply) ---------


class Vote(msgspec.Struct, frozen=True, tag="vote", kw_only=True):
    activity: Id
    choices: Annotated[list[Index], msgspec.Meta(min_length=1, max_length=50)]
    ref: Ref = ""
    nonce: Nonce | None = None


class Rate(msgspec.Struct, frozen=True, tag="rate", kw_only=True):
    activity: Id
    value: Annotated[int, msgspec.Meta(ge=0, le=10)]
    ref: Ref = ""
    nonce: Nonce | None = None


class Rank(msgspec.Struct, frozen=True, tag="rank", kw_only=True):
    activity: Id
    order: Annotated[list[Index], msgspec.Meta(min_length=2, max_length=50)]
    ref: Ref = ""
    nonce: Nonce | None = None


class SubmitWord(msgspec.Struct, frozen=True, tag="word", kw_only=True):
    activity: Id
    text: Word
    ref: Ref = ""
    nonce: Nonce | None = None


class SubmitIdea(msgspec.Struct, frozen=True, tag="idea", kw_only=True):
    activity: Id
    text: ShortText
    ref: Ref = ""
    nonce: Nonce | None = None


class Ask(msgspec.Struct, frozen=True, tag="question", kw_only=True):
    activity: Id
    text: ShortText
    name: Name = ""
    ref: Ref = ""
    nonce: Nonce | None = None


class SubmitOpenText(msgspec.Struct, frozen=True, tag="open_text", kw_only=True):
    """An open-text answer (up to ``max_entries`` per participant and round)."""

    activity: Id
    text: OpenText
    ref: Ref = ""
    nonce: Nonce | None = None


NicknameText = Annotated[str, msgspec.Meta(min_length=1, max_length=30)]


class Nickname(msgspec.Struct, frozen=True, tag="nickname", kw_only=True):
    """The name this participant shows on the event's quiz leaderboards, sent while a
    scored quiz question (``activity``) is open."""

    activity: Id
    text: NicknameText
    ref: Ref = ""
    nonce: Nonce | None = None


class Upvote(msgspec.Struct, frozen=True, tag="upvote", kw_only=True):
    """Upvote (``on``) or withdraw an upvote of an idea or a question."""

    activity: Id
    item: Id
    on: bool = True
    ref: Ref = ""
    nonce: Nonce | None = None


class Sync(msgspec.Struct, frozen=True, tag="sync", kw_only=True):
    """Ask for the stage, the snapshot of ``activity`` (default: the one on stage) and
    this participant's own answers to it."""

    activity: Id | None = None
    ref: Ref = ""


class Ping(msgspec.Struct, frozen=True, tag="ping", kw_only=True):
    ref: Ref = ""


Submission = Vote | Rate | Rank | SubmitWord | SubmitIdea | Ask | SubmitOpenText | Nickname | Upvote
# Submissions that add an entry (the others set the participant's answer): a resend
# with the same nonce is acknowledged without adding it again.
ADDING = (SubmitWord, SubmitIdea, Ask, SubmitOpenText)
ClientMessage = Submission | Sync | Ping
SUBMISSIONS = (Vote, Rate, Rank, SubmitWord, SubmitIdea, Ask, SubmitOpenText, Nickname, Upvote)


# --- messages to clients --------------------------------------------------------------


class ActivityView(msgspec.Struct, frozen=True, kw_only=True):
    """An activity as phones see it (no correct answer before the reveal). It carries
    the Swedish and English texts both, because one snapshot goes to every phone:
    each browser picks by its page language, falling back to the other text."""

    id: int
    kind: ActivityKind
    title: str
    title_en: str
    state: ActivityState
    revealed: bool
    results_visible: bool
    config: ActivityConfig
    deadline: str | None = None
    """When the countdown closes the activity (UTC ISO 8601); compare with ``now`` of
    ``hello`` or ``pong``, never with the phone's own clock."""
    always_open: bool = False


class Snapshot(msgspec.Struct, frozen=True, tag="snapshot", kw_only=True):
    """The state of one activity at ``version``; ``results`` is null while hidden."""

    event: int
    version: int
    activity: ActivityView
    results: Any
    """The activity's results (``results.Results``, by kind), or None while hidden."""


class Placing(msgspec.Struct, frozen=True, kw_only=True):
    rank: int
    """1 for the most points; equal points share a rank (1, 1, 3)."""
    nickname: str
    points: int


class Leaderboard(msgspec.Struct, frozen=True, kw_only=True):
    """The top of one quiz (the scored quiz questions of one agenda session)."""

    quiz: int
    """The quiz question it was shown from."""
    session: int | None
    players: int
    top: list[Placing]
    """Everyone ranked 10th or better (more than ten when there is a tie)."""


class Stage(msgspec.Struct, frozen=True, tag="stage", kw_only=True):
    event: int
    version: int
    activity: int | None
    evaluation: bool = False
    """The event's evaluation runs live: phones offer it (``GET /<code>/evaluation``)."""
    leaderboard: Leaderboard | msgspec.UnsetType = msgspec.UNSET
    """A quiz's leaderboard, shown instead of the activity while present."""
    always_open: list[int] = msgspec.field(default_factory=list)
    """Activities phones keep reachable beside the stage (every Q&A, and those the
    moderator marked always open; no drafts)."""


class Hello(msgspec.Struct, frozen=True, tag="hello", kw_only=True):
    event: int
    name: str
    code: str
    participant: int | None
    now: str = ""
    """The server's clock (UTC ISO 8601 with milliseconds): a countdown's ``deadline``
    minus this is the time left, whatever the phone's own clock says."""


class Mine(msgspec.Struct, frozen=True, tag="mine", kw_only=True):
    """What this participant already sent to an activity (after a reload or reconnect)."""

    activity: int
    answer: Any = None
    words: list[str] = msgspec.field(default_factory=list)
    upvoted: list[int] = msgspec.field(default_factory=list)
    pending: list[dict[str, Any]] = msgspec.field(default_factory=list)
    nickname: str | msgspec.UnsetType = msgspec.UNSET
    """Only in a scored quiz: the name this participant shows on the leaderboard (the
    one they chose, else an animal name given to them)."""
    nickname_chosen: bool | msgspec.UnsetType = msgspec.UNSET


class Ack(msgspec.Struct, frozen=True, tag="ack", kw_only=True):
    ref: str
    id: int | None = None
    version: int = 0


class ErrorMessage(msgspec.Struct, frozen=True, tag="error", kw_only=True, omit_defaults=True):
    ref: str
    code: str
    message: str
    detail: str = ""
    fields: dict[str, str] = msgspec.field(default_factory=dict)
    """Each field that needs attention and what is wrong with it (``config.options``)."""


class Pong(msgspec.Struct, frozen=True, tag="pong", kw_only=True):
    ref: str
    now: str = ""
    """The server's clock, as in ``hello``."""


class Announcement(msgspec.Struct, frozen=True, tag="announcement", kw_only=True):
    """A moderator's short message to every phone (and the projector when
    ``projector``); ``active`` false withdraws it."""

    event: int
    id: int
    text: str
    projector: bool
    active: bool
    at: str


class ClusterStatus(msgspec.Struct, frozen=True, tag="status", kw_only=True):
    """For moderators, when several processes serve the event: ``shared`` false means
    Redis is away, and changes made through other processes arrive late (by polling
    the database) until it is back."""

    shared: bool
