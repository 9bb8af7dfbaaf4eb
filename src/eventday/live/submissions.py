"""What participants send: each submission checked and applied by the handler for its
activity's kind (one entry per kind and message in ``HANDLERS``), inside the hub's
batch transaction; and what one participant already sent (``mine``)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec

from eventday.db import Reader, Transaction
from eventday.errors import N_, Conflict, InvalidInput, NotFound
from eventday.live import queries, quiz, words
from eventday.live.models import (
    ADDING,
    Activity,
    ActivityKind,
    ActivityState,
    Ask,
    Mine,
    Nickname,
    Rank,
    Rate,
    Submission,
    SubmitIdea,
    SubmitOpenText,
    SubmitWord,
    Upvote,
    Vote,
)


class NotOpen(Conflict):
    code = "not-open"
    title = N_("This activity is not open.")


class AnswerRevealed(Conflict):
    code = "revealed"
    title = N_("The correct answer has been shown, so answers can no longer change.")


class LimitReached(Conflict):
    code = "limit-reached"
    title = N_("You have sent as many as you can.")


async def apply_submission(
    tx: Transaction, event_id: int, participant_id: int, message: Submission
) -> int | None:
    """Apply one submission inside the caller's transaction; returns the new row's id
    (words, ideas, questions) and bumps the activity's version. Raises an
    ``EventdayError`` (nothing written) when the submission is not allowed.

    A word, idea or question with a ``nonce`` this participant already used is the
    same submission sent again (its ack was lost to a reconnect): it is acknowledged
    with the entry it added then, and nothing is added. The check and the insert are
    in one write transaction, so two copies racing each other also count once."""
    nonce = message.nonce if isinstance(message, ADDING) else None
    if nonce is not None:
        earlier = await queries.item_of_nonce(tx, participant_id, nonce)
        if earlier is not None:
            return earlier
    activity = await queries.activity_by_id(tx, message.activity)
    if activity is None or activity.event_id != event_id:
        raise NotFound(N_("There is no such activity."))
    if activity.state is not ActivityState.OPEN:
        raise NotOpen()
    if isinstance(message, Vote) and activity.revealed and activity.config.correct:
        raise AnswerRevealed()  # a quiz: once the answer is out, nobody switches to it
    handler = HANDLERS.get((activity.kind, type(message)))
    if handler is None:
        raise InvalidInput(N_("This answer does not fit this activity."))
    new_id = await handler(tx, activity, participant_id, message)
    if nonce is not None and new_id is not None:
        await queries.remember_nonce(tx, participant_id, nonce, new_id)
    await queries.bump_activity(tx, activity.id)
    return new_id


async def _vote(tx: Transaction, activity: Activity, participant_id: int, message: Vote) -> None:
    answer = sorted(set(message.choices))
    if any(i >= len(activity.config.options) for i in answer) or (
        len(answer) > 1 and not activity.config.multiple
    ):
        raise InvalidInput(N_("Choose among the options shown."))
    await queries.save_answer(tx, activity, participant_id, answer)


async def _rate(tx: Transaction, activity: Activity, participant_id: int, message: Rate) -> None:
    if not activity.config.scale_min <= message.value <= activity.config.scale_max:
        raise InvalidInput(N_("Choose a value on the scale."))
    await queries.save_answer(tx, activity, participant_id, message.value)


async def _rank(tx: Transaction, activity: Activity, participant_id: int, message: Rank) -> None:
    if sorted(message.order) != list(range(len(activity.config.options))):
        raise InvalidInput(N_("Put every option in order, each once."))
    await queries.save_answer(tx, activity, participant_id, message.order)


async def _word(
    tx: Transaction, activity: Activity, participant_id: int, message: SubmitWord
) -> int:
    norm = words.normalise(message.text)
    if activity.config.drop_stop_words:
        norm = words.drop_stop_words(norm)
    if not norm:
        raise InvalidInput(N_("Write a word or a short phrase."))
    if await queries.count_own_words(tx, activity, participant_id) >= activity.config.max_entries:
        raise LimitReached()
    blocklist = (await queries.live_settings(tx, activity.event_id)).blocklist
    try:
        return await queries.add_word(
            tx,
            activity,
            participant_id,
            words.display_form(message.text),
            norm,
            words.is_blocked(norm, blocklist),
        )
    except sqlite3.IntegrityError:
        raise Conflict(N_("You have already sent that word.")) from None


async def _idea(
    tx: Transaction, activity: Activity, participant_id: int, message: SubmitIdea
) -> int:
    return await queries.add_idea(tx, activity, participant_id, message.text.strip())


async def _ask(tx: Transaction, activity: Activity, participant_id: int, message: Ask) -> int:
    premoderation = (await queries.live_settings(tx, activity.event_id)).qa_premoderation
    status = "pending" if premoderation else "visible"
    text, name = message.text.strip(), message.name.strip()
    return await queries.add_question(tx, activity, participant_id, text, name, status)


async def _open_text(
    tx: Transaction, activity: Activity, participant_id: int, message: SubmitOpenText
) -> int:
    text = message.text.strip()
    if not text:
        raise InvalidInput(N_("Write your answer."))
    if (
        await queries.count_own_open_texts(tx, activity, participant_id)
        >= activity.config.max_entries
    ):
        raise LimitReached()
    status = "pending" if activity.config.premoderation else "visible"
    return await queries.add_open_text(tx, activity, participant_id, text, status)


async def _upvote(
    tx: Transaction, activity: Activity, participant_id: int, message: Upvote
) -> None:
    items, _votes, _column = queries.UPVOTED[activity.kind]
    if not await queries.item_of_activity(tx, items, message.item, activity):
        raise NotFound(N_("There is no such item."))
    await queries.set_upvote(tx, activity.kind, message.item, participant_id, message.on)


Handler = Callable[[Transaction, Activity, int, Any], Awaitable[int | None]]
# What each kind of activity accepts, and how it is applied.
HANDLERS: dict[tuple[ActivityKind, type[Submission]], Handler] = {
    (ActivityKind.CHOICE, Vote): _vote,
    (ActivityKind.SCALE, Rate): _rate,
    (ActivityKind.RANKING, Rank): _rank,
    (ActivityKind.WORDCLOUD, SubmitWord): _word,
    (ActivityKind.IDEAS, SubmitIdea): _idea,
    (ActivityKind.IDEAS, Upvote): _upvote,
    (ActivityKind.QA, Ask): _ask,
    (ActivityKind.QA, Upvote): _upvote,
    (ActivityKind.OPEN_TEXT, SubmitOpenText): _open_text,
    (ActivityKind.CHOICE, Nickname): quiz.set_nickname,
}


async def mine(db: Reader, activity: Activity, participant_id: int) -> Mine:
    """What one participant already sent to the current round of an activity."""
    if activity.kind in (ActivityKind.CHOICE, ActivityKind.SCALE, ActivityKind.RANKING):
        answer = await queries.own_answer(db, activity, participant_id)
        given = Mine(activity=activity.id, answer=json.loads(answer) if answer else None)
        if quiz.is_scored(activity):
            name, chosen = await quiz.nickname(db, activity.event_id, participant_id)
            given = msgspec.structs.replace(given, nickname=name, nickname_chosen=chosen)
        return given
    if activity.kind is ActivityKind.WORDCLOUD:
        own = await queries.own_words(db, activity, participant_id)
        return Mine(activity=activity.id, words=own)
    upvoted = []
    if activity.kind in queries.UPVOTED:
        upvoted = await queries.own_upvotes(db, activity, participant_id)
    pending = []
    if activity.kind in (ActivityKind.QA, ActivityKind.OPEN_TEXT):
        rows = await queries.own_pending(db, activity, participant_id)
        pending = [{"id": r["id"], "text": r["text"]} for r in rows]
    return Mine(activity=activity.id, upvoted=upvoted, pending=pending)
