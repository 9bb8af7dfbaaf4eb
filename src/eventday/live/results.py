"""Results: what each activity's current round comes to, as phones and the projector
see it (``results``) and as moderators and exports see it (``moderator_results``:
with what is hidden, pending or muted, and the word cloud's and idea board's
moderation). One Struct per kind (the shapes in docs/protocol.md) and one entry per
kind in ``RESULTS``. Read from the database every time; the hub builds snapshots
from these."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec

from eventday.db import Reader, Row
from eventday.db.rows import from_row, from_rows
from eventday.live import queries, words
from eventday.live.models import Activity, ActivityKind

LIST_LIMIT = 100
RECENT_WORDS = 30


class ChoiceResults(msgspec.Struct, kw_only=True):
    participants: int
    counts: list[int]
    """Votes per option, in option order."""


class ScaleResults(msgspec.Struct, kw_only=True):
    participants: int
    distribution: list[int]
    """Answers per value, from ``scale_min`` to ``scale_max``."""
    mean: float | None


class RankingResults(msgspec.Struct, kw_only=True):
    participants: int
    points: list[int]
    """Borda points per option (first place of n options gives n−1)."""


class CloudWord(msgspec.Struct, frozen=True, kw_only=True):
    key: str
    text: str
    count: int


class WordMerge(msgspec.Struct, frozen=True, kw_only=True):
    source: str
    target: str


class WordGroup(msgspec.Struct, frozen=True, kw_only=True):
    key: str
    forms: list[str]


class RecentWord(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    text: str
    key: str
    blocked: bool
    muted: bool


class WordModeration(msgspec.Struct, kw_only=True):
    hidden: list[CloudWord]
    merges: list[WordMerge]
    splits: list[str]
    groups: list[WordGroup]
    """Keys counting several stored forms: the moderator may split one off."""
    recent: list[RecentWord]


class WordcloudResults(msgspec.Struct, kw_only=True, omit_defaults=True):
    """``layout``, ``width`` and ``height`` come with snapshots (the hub lays the
    cloud out); ``moderation`` only for moderators."""

    participants: int
    words: list[CloudWord]
    layout: list[dict[str, Any]] | None = None
    width: int | None = None
    height: int | None = None
    moderation: WordModeration | None = None


class Idea(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    text: str
    votes: int


class ModeratedIdea(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    text: str
    votes: int
    hidden: bool
    merged_into: int | None
    muted: bool


class IdeaModeration(msgspec.Struct, kw_only=True):
    ideas: list[ModeratedIdea]


class IdeasResults(msgspec.Struct, kw_only=True, omit_defaults=True):
    participants: int
    ideas: list[Idea]
    moderation: IdeaModeration | None = None


class QuestionItem(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    text: str
    name: str
    votes: int
    answered: bool
    pinned: bool
    status: str
    muted: bool
    at: str
    merged_into: int | None = None
    """The question this duplicate was merged into (only moderators see merged ones)."""
    variants: list[str] = msgspec.field(default_factory=list)
    """The texts of the duplicates merged into this question, oldest first."""


class QaResults(msgspec.Struct, kw_only=True):
    participants: int
    questions: list[QuestionItem]


class WallAnswer(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    text: str
    count: int
    """The answer and the duplicates merged into it."""


class ModeratedAnswer(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    text: str
    count: int
    status: str
    merged_into: int | None
    muted: bool
    at: str


class OpenTextModeration(msgspec.Struct, kw_only=True):
    answers: list[ModeratedAnswer]


class OpenTextResults(msgspec.Struct, kw_only=True, omit_defaults=True):
    participants: int
    answers: list[WallAnswer]
    """The wall: approved answers, newest first."""
    moderation: OpenTextModeration | None = None


Results = (
    ChoiceResults
    | ScaleResults
    | RankingResults
    | WordcloudResults
    | IdeasResults
    | QaResults
    | OpenTextResults
)


async def _answers(db: Reader, activity: Activity) -> list[Any]:
    # One decode for all answers: thousands of json.loads calls stall the event loop.
    decoded: list[Any] = msgspec.json.decode(
        "[" + ",".join(await queries.answers(db, activity)) + "]"
    )
    return decoded


async def _choice(db: Reader, activity: Activity, participants: int) -> ChoiceResults:
    counts = Counter(i for answer in await _answers(db, activity) for i in answer)
    options = range(len(activity.config.options))
    return ChoiceResults(participants=participants, counts=[counts.get(i, 0) for i in options])


async def _scale(db: Reader, activity: Activity, participants: int) -> ScaleResults:
    answers = await _answers(db, activity)
    spread = Counter(answers)
    values = range(activity.config.scale_min, activity.config.scale_max + 1)
    return ScaleResults(
        participants=participants,
        distribution=[spread.get(v, 0) for v in values],
        mean=round(sum(answers) / len(answers), 2) if answers else None,
    )


async def _ranking(db: Reader, activity: Activity, participants: int) -> RankingResults:
    size = len(activity.config.options)
    points = [0] * size
    for order in await _answers(db, activity):
        for place, option in enumerate(order):
            points[option] += size - 1 - place
    return RankingResults(participants=participants, points=points)


async def _wordcloud(db: Reader, activity: Activity, participants: int) -> WordcloudResults:
    return WordcloudResults(participants=participants, words=await word_counts(db, activity))


async def _ideas(db: Reader, activity: Activity, participants: int) -> IdeasResults:
    return IdeasResults(participants=participants, ideas=await top_ideas(db, activity, LIST_LIMIT))


async def _qa(db: Reader, activity: Activity, participants: int) -> QaResults:
    rows = await queries.questions_with_votes(db, activity, LIST_LIMIT)
    return QaResults(participants=participants, questions=await _with_variants(db, activity, rows))


async def _moderated_wordcloud(
    db: Reader, activity: Activity, participants: int
) -> WordcloudResults:
    tally = await word_tally(db, activity)
    _hidden, merges = await queries.word_moderation(db, activity)
    recent = await queries.recent_words(db, activity, RECENT_WORDS)
    moderation = WordModeration(
        hidden=tally.hidden,
        merges=[WordMerge(source=s, target=t) for s, t in sorted(merges.items()) if s != t],
        splits=sorted(s for s, t in merges.items() if s == t),
        groups=[
            WordGroup(key=key, forms=[form for form, _n in counts.most_common()])
            for key, counts in sorted(tally.forms.items())
            if len(counts) > 1
        ],
        recent=[from_row(RecentWord, r, key=counted_as(r["norm"], merges)) for r in recent],
    )
    return WordcloudResults(participants=participants, words=tally.shown, moderation=moderation)


async def _moderated_ideas(db: Reader, activity: Activity, participants: int) -> IdeasResults:
    public = await _ideas(db, activity, participants)
    every = from_rows(ModeratedIdea, await queries.all_ideas(db, activity))
    public.moderation = IdeaModeration(ideas=every)
    return public


async def _moderated_qa(db: Reader, activity: Activity, participants: int) -> QaResults:
    rows = await queries.all_questions(db, activity)
    return QaResults(participants=participants, questions=await _with_variants(db, activity, rows))


async def _with_variants(db: Reader, activity: Activity, rows: list[Row]) -> list[QuestionItem]:
    """Questions with the texts of the duplicates merged into each."""
    variants: dict[int, list[str]] = defaultdict(list)
    for row in await queries.question_variants(db, activity):
        variants[row["merged_into"]].append(row["text"])
    return [from_row(QuestionItem, row, variants=variants.get(row["id"], [])) for row in rows]


async def _open_text(db: Reader, activity: Activity, participants: int) -> OpenTextResults:
    rows = await queries.open_texts_shown(db, activity, LIST_LIMIT)
    return OpenTextResults(participants=participants, answers=from_rows(WallAnswer, rows))


async def _moderated_open_text(
    db: Reader, activity: Activity, participants: int
) -> OpenTextResults:
    public = await _open_text(db, activity, participants)
    every = from_rows(ModeratedAnswer, await queries.all_open_texts(db, activity))
    public.moderation = OpenTextModeration(answers=every)
    return public


Build = Callable[[Reader, Activity, int], Awaitable[Results]]
# Each kind's results: (as phones and the projector see them, as moderators do).
RESULTS: dict[ActivityKind, tuple[Build, Build]] = {
    ActivityKind.CHOICE: (_choice, _choice),
    ActivityKind.SCALE: (_scale, _scale),
    ActivityKind.RANKING: (_ranking, _ranking),
    ActivityKind.WORDCLOUD: (_wordcloud, _moderated_wordcloud),
    ActivityKind.IDEAS: (_ideas, _moderated_ideas),
    ActivityKind.QA: (_qa, _moderated_qa),
    ActivityKind.OPEN_TEXT: (_open_text, _moderated_open_text),
}


async def results(db: Reader, activity: Activity) -> Results:
    """The current round's results of any activity, as phones and the projector see
    them."""
    public, _moderated = RESULTS[activity.kind]
    return await public(db, activity, await queries.participant_count(db, activity))


async def moderator_results(db: Reader, activity: Activity) -> Results:
    """Results as moderators and exports see them: Q&A includes pending, hidden and
    muted questions; word clouds and idea boards add a ``moderation`` part (hidden and
    merged entries, the newest words) that phones and the projector never get."""
    _public, moderated = RESULTS[activity.kind]
    return await moderated(db, activity, await queries.participant_count(db, activity))


async def word_counts(db: Reader, activity: Activity) -> list[CloudWord]:
    """Entries counted by group (``key``: their normalised form's stems, see
    ``words.group``), each shown in its most common spelling, most frequent first
    (ties: the earlier); the event's blocklist applies at once, merged forms count as
    their target, split forms on their own, hidden ones are left out."""
    return (await word_tally(db, activity)).shown


class Tally(msgspec.Struct):
    shown: list[CloudWord]
    hidden: list[CloudWord]
    forms: dict[str, Counter[str]]  # key -> its stored forms and their counts


async def word_tally(db: Reader, activity: Activity) -> Tally:
    """The cloud's words and the hidden ones, each ranked, and each key's forms."""
    blocklist = (await queries.live_settings(db, activity.event_id)).blocklist
    hidden, merges = await queries.word_moderation(db, activity)
    totals: Counter[str] = Counter()
    first: dict[str, int] = {}
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    own: dict[str, Counter[str]] = defaultdict(Counter)  # a merge shows its target's
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for row in await queries.word_spellings(db, activity):
        if blocklist and words.is_blocked(row["norm"], blocklist):
            continue
        key = counted_as(row["norm"], merges)
        totals[key] += row["n"]
        first[key] = min(first.get(key, row["first"]), row["first"])
        spellings[key][row["text"]] += row["n"]
        if key in (row["norm"], words.group(row["norm"])):  # not merged in
            own[key][row["text"]] += row["n"]
        forms[key][row["norm"]] += row["n"]
    # ties: the word sent first, so a new word never pushes an older one out of the cloud
    ranked = sorted(totals.items(), key=lambda item: (-item[1], first[item[0]]))
    tally = Tally(shown=[], hidden=[], forms=forms)
    for key, count in ranked:
        text = _most_common(own[key] or spellings[key])
        entry = CloudWord(key=key, text=text, count=count)
        (tally.hidden if key in hidden else tally.shown).append(entry)
    return tally


def counted_as(norm: str, merges: dict[str, str]) -> str:
    """The key a stored form counts under: the moderator's merge or split of this very
    form, else its group (merged on as a whole where the moderator merged the group)."""
    if norm in merges:
        return merges[norm]
    key = words.group(norm)
    return merges.get(key, key)


def _most_common(spellings: Counter[str]) -> str:
    return sorted(spellings.items(), key=lambda item: (-item[1], item[0]))[0][0]


async def top_ideas(db: Reader, activity: Activity, limit: int) -> list[Idea]:
    """The workshop's result: the ``limit`` ideas with the most votes."""
    return from_rows(Idea, await queries.ideas_with_votes(db, activity, limit))


def public_results(full: Results) -> Results:
    """Moderator results without the moderation part (for phones and the projector)."""
    if getattr(full, "moderation", None) is None:
        return full
    return msgspec.structs.replace(full, moderation=None)
