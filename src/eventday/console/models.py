"""Console actions (one tagged message shape for the API and the console socket) and
what the console receives."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

from eventday.bounds import Id
from eventday.live.models import (
    Activity,
    ActivityConfig,
    ActivityIn,
    ActivityKind,
    Announcement,
    AnswerAction,
    EnglishTitle,
    QuestionAction,
    Ref,
    Seconds,
    ShortText,
    Title,
    Word,
)

Words = Annotated[list[Word], msgspec.Meta(max_length=50)]
AnnouncementText = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class _Action(msgspec.Struct, frozen=True, kw_only=True, tag_field="type"):
    ref: Ref = ""


# --- run of show ----------------------------------------------------------------------


class Open(_Action, frozen=True, kw_only=True, tag="open"):
    """Open an activity (it also goes on the projector and the phones)."""

    activity: Id


class Close(_Action, frozen=True, kw_only=True, tag="close"):
    activity: Id


class Reveal(_Action, frozen=True, kw_only=True, tag="reveal"):
    activity: Id


class HideResults(_Action, frozen=True, kw_only=True, tag="hide_results"):
    activity: Id


class Reset(_Action, frozen=True, kw_only=True, tag="reset"):
    """Start a new round. With ``round`` only that round is reset (so two moderators
    resetting together give one new round)."""

    activity: Id
    round: Id | None = None


class ShowOnProjector(_Action, frozen=True, kw_only=True, tag="stage"):
    """What phones and the projector show; null is the waiting screen."""

    activity: Id | None


class ShowLeaderboard(_Action, frozen=True, kw_only=True, tag="leaderboard"):
    """Show (``on``) the leaderboard of the quiz that scored question ``activity``
    belongs to on phones and the projector, or take it off."""

    activity: Id
    on: bool = True


class Duplicate(_Action, frozen=True, kw_only=True, tag="duplicate"):
    activity: Id


class Edit(_Action, frozen=True, kw_only=True, tag="edit"):
    """Change a draft (title, results hidden until revealed, settings, session)."""

    activity: Id
    title: Title
    title_en: EnglishTitle = ""
    hide_results: bool = False
    config: ActivityConfig = msgspec.field(default_factory=ActivityConfig)
    session_id: Id | None = None
    kind: ActivityKind | None = None
    """When given, it must be the activity's kind (which never changes)."""


class Move(_Action, frozen=True, kw_only=True, tag="move"):
    """Place an activity right ``before`` or right ``after`` another of its session
    (exactly one of the two)."""

    activity: Id
    before: Id | None = None
    after: Id | None = None


class Delete(_Action, frozen=True, kw_only=True, tag="delete"):
    """Delete a draft."""

    activity: Id


class Copy(_Action, frozen=True, kw_only=True, tag="copy"):
    """Copy activities of another event this account can moderate (``activities``:
    their ids; empty: all of them) as drafts at the end of this event's list."""

    source: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    activities: Annotated[list[Id], msgspec.Meta(max_length=200)] = msgspec.field(
        default_factory=list
    )


class MoveIn(msgspec.Struct, frozen=True, kw_only=True):
    """Where to move an activity (the API's body of ``move``)."""

    before: Id | None = None
    after: Id | None = None


class CopyIn(msgspec.Struct, frozen=True, kw_only=True):
    """Which activities to copy from which event (the API's body of ``copy``)."""

    source: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    activities: Annotated[list[Id], msgspec.Meta(max_length=200)] = msgspec.field(
        default_factory=list
    )


class Quick(_Action, frozen=True, kw_only=True, tag="quick"):
    """Create an activity; with ``open`` (the default) it opens at once, without it
    it stays a draft (the live API's ``POST /activities``)."""

    kind: ActivityKind
    title: Title
    title_en: EnglishTitle = ""
    hide_results: bool = False
    config: ActivityConfig = msgspec.field(default_factory=ActivityConfig)
    session_id: Id | None = None
    open: bool = True


class StartTimer(_Action, frozen=True, kw_only=True, tag="timer"):
    """Count down ``seconds`` on an open activity (again from the start if one runs);
    at zero it closes."""

    activity: Id
    seconds: Seconds


class ExtendTimer(_Action, frozen=True, kw_only=True, tag="extend_timer"):
    activity: Id
    seconds: Seconds = 30


class CancelTimer(_Action, frozen=True, kw_only=True, tag="cancel_timer"):
    """Stop the countdown; the activity stays open."""

    activity: Id


class AlwaysOpen(_Action, frozen=True, kw_only=True, tag="always_open"):
    """Keep the activity reachable on phones whatever is on stage (``on``), or not."""

    activity: Id
    on: bool


def draft_of(data: ActivityIn) -> Quick:
    """Creating ``data`` as a draft, as a console action."""
    return Quick(**msgspec.structs.asdict(data), open=False)


def edit_of(activity_id: int, data: ActivityIn) -> Edit:
    """Changing a draft to ``data`` (its kind checked), as a console action."""
    return Edit(activity=activity_id, **msgspec.structs.asdict(data))


# --- moderation -----------------------------------------------------------------------


class HideWord(_Action, frozen=True, kw_only=True, tag="hide_word"):
    activity: Id
    key: Word


class UnhideWord(_Action, frozen=True, kw_only=True, tag="unhide_word"):
    activity: Id
    key: Word


class MergeWords(_Action, frozen=True, kw_only=True, tag="merge_words"):
    """Count the forms ``sources`` as ``target`` in this word cloud."""

    activity: Id
    sources: Annotated[list[Word], msgspec.Meta(min_length=1, max_length=50)]
    target: Word


class UnmergeWords(_Action, frozen=True, kw_only=True, tag="unmerge_words"):
    activity: Id
    sources: Annotated[list[Word], msgspec.Meta(min_length=1, max_length=50)]


class SplitWord(_Action, frozen=True, kw_only=True, tag="split_word"):
    """Count the stored form ``form`` on its own, out of its stem's group."""

    activity: Id
    form: Word


class Blocklist(_Action, frozen=True, kw_only=True, tag="blocklist"):
    """Add words to, or remove words from, the event's own blocklist."""

    add: Words = msgspec.field(default_factory=list)
    remove: Words = msgspec.field(default_factory=list)


class Premoderation(_Action, frozen=True, kw_only=True, tag="premoderation"):
    """Questions wait for approval before phones see them."""

    on: bool


class Evaluation(_Action, frozen=True, kw_only=True, tag="evaluation"):
    """Start (``open``) or end the event's evaluation on the phones of the live page."""

    open: bool


class HideIdea(_Action, frozen=True, kw_only=True, tag="hide_idea"):
    activity: Id
    idea: Id


class UnhideIdea(_Action, frozen=True, kw_only=True, tag="unhide_idea"):
    activity: Id
    idea: Id


class EditIdea(_Action, frozen=True, kw_only=True, tag="edit_idea"):
    activity: Id
    idea: Id
    text: ShortText


class MergeIdeas(_Action, frozen=True, kw_only=True, tag="merge_ideas"):
    """Merge idea ``source`` into ``target``: votes combine, nobody counts twice."""

    activity: Id
    source: Id
    target: Id


class UnmergeIdea(_Action, frozen=True, kw_only=True, tag="unmerge_idea"):
    activity: Id
    idea: Id


class Question(_Action, frozen=True, kw_only=True, tag="question"):
    activity: Id
    question: Id
    action: QuestionAction


class MergeQuestions(_Action, frozen=True, kw_only=True, tag="merge_questions"):
    """Merge question ``source`` into ``target``: votes combine, nobody counts twice;
    ``source``'s text shows as a variant under ``target``."""

    activity: Id
    source: Id
    target: Id


class UnmergeQuestion(_Action, frozen=True, kw_only=True, tag="unmerge_question"):
    activity: Id
    question: Id


class OpenTextAnswer(_Action, frozen=True, kw_only=True, tag="open_text"):
    """Approve, reject, hide or show again an open-text answer."""

    activity: Id
    answer: Id
    action: AnswerAction


class MergeAnswers(_Action, frozen=True, kw_only=True, tag="merge_answers"):
    """Merge open-text answer ``source`` into ``target`` (a duplicate: it leaves the
    wall and ``target`` counts it)."""

    activity: Id
    source: Id
    target: Id


class UnmergeAnswer(_Action, frozen=True, kw_only=True, tag="unmerge_answer"):
    activity: Id
    answer: Id


class Mute(_Action, frozen=True, kw_only=True, tag="mute"):
    """Mute whoever sent ``item`` (a word, idea or question id of ``activity``) for
    the whole event; nobody learns who it is."""

    activity: Id
    item: Id


class Unmute(_Action, frozen=True, kw_only=True, tag="unmute"):
    activity: Id
    item: Id


class Announce(_Action, frozen=True, kw_only=True, tag="announce"):
    text: AnnouncementText
    projector: bool = False


class Withdraw(_Action, frozen=True, kw_only=True, tag="withdraw"):
    announcement: Id


class Undo(_Action, frozen=True, kw_only=True, tag="undo"):
    """Reverse the action recorded as audit entry ``entry``."""

    entry: Id


ConsoleAction = (
    Open
    | Close
    | Reveal
    | HideResults
    | Reset
    | ShowOnProjector
    | ShowLeaderboard
    | Duplicate
    | Edit
    | Move
    | Delete
    | Copy
    | Quick
    | StartTimer
    | ExtendTimer
    | CancelTimer
    | AlwaysOpen
    | HideWord
    | UnhideWord
    | MergeWords
    | UnmergeWords
    | SplitWord
    | Blocklist
    | Premoderation
    | Evaluation
    | HideIdea
    | UnhideIdea
    | EditIdea
    | MergeIdeas
    | UnmergeIdea
    | Question
    | MergeQuestions
    | UnmergeQuestion
    | OpenTextAnswer
    | MergeAnswers
    | UnmergeAnswer
    | Mute
    | Unmute
    | Announce
    | Withdraw
    | Undo
)


class ConsolePing(_Action, frozen=True, kw_only=True, tag="ping"):
    pass


class ConsoleSync(_Action, frozen=True, kw_only=True, tag="sync"):
    """Ask for the console state and every activity's snapshot again."""


ConsoleMessage = ConsoleAction | ConsolePing | ConsoleSync


# --- what the console receives ----------------------------------------------------------


class Outcome(msgspec.Struct, kw_only=True):
    """What an action did: its answer, its audit entry, and how to undo it."""

    result: Any = None
    summary: str = ""
    action: str = ""
    """The log's name for it when the type alone says too little (``question_pin``)."""
    undo: ConsoleAction | None = None
    audit: int = 0


class AuditEntry(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    at: str
    who: str
    action: str
    summary: str
    undoable: bool
    undone: bool
    undid: str | None = None
    """For an ``undo``: the action of the entry it undid."""


class Group(msgspec.Struct, frozen=True, kw_only=True):
    """A block of the run of show: an agenda session (or none) and its activities."""

    session: int | None
    title: str
    starts_at: str | None = None
    ends_at: str | None = None
    activities: list[Activity]


class ConsoleState(msgspec.Struct, frozen=True, tag="console", kw_only=True):
    """Everything a console shows except live results (those come as snapshots).
    ``version`` is the newest audit entry: keep the highest you have seen."""

    event: int
    version: int
    stage: int | None
    qa_premoderation: bool
    blocklist: list[str]
    evaluation_open: bool
    groups: list[Group]
    announcements: list[Announcement]
    audit: list[AuditEntry]
    muted: int


class Stats(msgspec.Struct, frozen=True, tag="stats", kw_only=True):
    """Live numbers: participants connected now; for the activity on the projector how
    many took part in its round, how many joined during that round (connected at any
    time since it began, or took part) and the share ``answered / joined`` (never
    above 1); submissions in the last minute."""

    connected: int
    activity: int | None
    answered: int
    joined: int
    share: float | None
    per_minute: int


class Done(msgspec.Struct, frozen=True, tag="ack", kw_only=True):
    ref: str
    audit: int
    result: Any = None
