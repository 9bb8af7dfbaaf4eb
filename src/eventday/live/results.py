"""Results: what each activity's current round comes to, as phones and the projector
see it (``results``) and as moderators and exports see it (``moderator_results``:
with what is hidden, pending or muted, and the word cloud's and idea board's
moderation). Read from the database every time; the hub builds snapshots from these."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import msgspec

from eventday.db import Reader
from eventday.live import queries, words
from eventday.live.models import Activity, ActivityKind

LIST_LIMIT = 100


async def results(db: Reader, activity: Activity) -> dict[str, Any]:
    """The current round's results of any activity, as plain data (JSON-ready)."""
    config = activity.config
    participants = await queries.participant_count(db, activity)
    if activity.kind in (ActivityKind.CHOICE, ActivityKind.SCALE, ActivityKind.RANKING):
        # One decode for all answers: thousands of json.loads calls stall the event loop.
        answers: list[Any] = msgspec.json.decode(
            "[" + ",".join(await queries.answers(db, activity)) + "]"
        )
        if activity.kind is ActivityKind.CHOICE:
            counts = Counter(i for answer in answers for i in answer)
            return {
                "participants": participants,
                "counts": [counts.get(i, 0) for i in range(len(config.options))],
            }
        if activity.kind is ActivityKind.SCALE:
            spread = Counter(answers)
            values = range(config.scale_min, config.scale_max + 1)
            mean = sum(answers) / len(answers) if answers else None
            return {
                "participants": participants,
                "distribution": [spread.get(v, 0) for v in values],
                "mean": round(mean, 2) if mean is not None else None,
            }
        size = len(config.options)
        points = [0] * size
        for order in answers:
            for place, option in enumerate(order):
                points[option] += size - 1 - place
        return {"participants": participants, "points": points}
    if activity.kind is ActivityKind.WORDCLOUD:
        return {"participants": participants, "words": await word_counts(db, activity)}
    if activity.kind is ActivityKind.IDEAS:
        rows = await queries.ideas_with_votes(db, activity, LIST_LIMIT)
        return {
            "participants": participants,
            "ideas": [{"id": r["id"], "text": r["text"], "votes": r["votes"]} for r in rows],
        }
    rows = await queries.questions_with_votes(db, activity, LIST_LIMIT)
    return {"participants": participants, "questions": [_question(r) for r in rows]}


def _question(row: Any) -> dict[str, Any]:
    return {
        "id": row["id"],
        "text": row["text"],
        "name": row["author_name"],
        "votes": row["votes"],
        "answered": bool(row["answered"]),
        "pinned": bool(row["pinned"]),
        "status": row["status"],
        "muted": bool(row["muted"]),
        "at": row["created_at"],
    }


async def word_counts(db: Reader, activity: Activity) -> list[dict[str, Any]]:
    """Entries counted by group (``key``: their normalised form's stems, see
    ``words.group``), each shown in its most common spelling, most frequent first
    (ties: the earlier); the event's blocklist applies at once, merged forms count as
    their target, split forms on their own, hidden ones are left out."""
    return (await word_tally(db, activity)).shown


class Tally(msgspec.Struct):
    shown: list[dict[str, Any]]
    hidden: list[dict[str, Any]]
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
        entry = {"key": key, "text": text, "count": count}
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


async def top_ideas(db: Reader, activity: Activity, limit: int) -> list[dict[str, Any]]:
    """The workshop's result: the ``limit`` ideas with the most votes."""
    rows = await queries.ideas_with_votes(db, activity, limit)
    return [{"id": r["id"], "text": r["text"], "votes": r["votes"]} for r in rows]


RECENT_WORDS = 30


async def moderator_results(db: Reader, activity: Activity) -> dict[str, Any]:
    """Results as moderators and exports see them: Q&A includes pending, hidden and
    muted questions; word clouds and idea boards add a ``moderation`` part (hidden and
    merged entries, the newest words) that phones and the projector never get."""
    if activity.kind is ActivityKind.QA:
        rows = await queries.all_questions(db, activity)
        return {
            "participants": await queries.participant_count(db, activity),
            "questions": [_question(r) for r in rows],
        }
    data = await results(db, activity)
    if activity.kind is ActivityKind.WORDCLOUD:
        tally = await word_tally(db, activity)
        _hidden, merges = await queries.word_moderation(db, activity)
        recent = await queries.recent_words(db, activity, RECENT_WORDS)
        data["moderation"] = {
            "hidden": tally.hidden,
            "merges": [{"source": s, "target": t} for s, t in sorted(merges.items()) if s != t],
            "splits": sorted(s for s, t in merges.items() if s == t),
            # keys counting several stored forms: the moderator may split one off
            "groups": [
                {"key": key, "forms": [form for form, _n in counts.most_common()]}
                for key, counts in sorted(tally.forms.items())
                if len(counts) > 1
            ],
            "recent": [
                {
                    "id": r["id"],
                    "text": r["text"],
                    "key": counted_as(r["norm"], merges),
                    "blocked": bool(r["blocked"]),
                    "muted": bool(r["muted"]),
                }
                for r in recent
            ],
        }
    elif activity.kind is ActivityKind.IDEAS:
        rows = await queries.all_ideas(db, activity)
        data["moderation"] = {
            "ideas": [
                {
                    "id": r["id"],
                    "text": r["text"],
                    "votes": r["votes"],
                    "hidden": bool(r["hidden"]),
                    "merged_into": r["merged_into"],
                    "muted": bool(r["muted"]),
                }
                for r in rows
            ]
        }
    return data


def public_results(data: dict[str, Any]) -> dict[str, Any]:
    """Moderator results without the moderation part (for phones and the projector)."""
    return {key: value for key, value in data.items() if key != "moderation"}
