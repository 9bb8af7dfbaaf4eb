"""Moderating what participants sent: ideas (merge, hide, correct), word cloud entries
(hide, merge, split), questions (approve, answer, pin, merge...) and muting an author.

Each change runs in the caller's transaction, moves the activity's version on and
emits ``ActivityChanged`` (see ``activities.changed``)."""

from __future__ import annotations

from eventday.db import Reader, Transaction
from eventday.errors import N_, InvalidInput, NotFound
from eventday.live import queries, results, words
from eventday.live.effects import ActivityChanged
from eventday.live.models import Activity, AnswerAction, MergeIn, QuestionAction

# --- ideas ----------------------------------------------------------------------------


async def _check_idea(db: Reader, activity: Activity, idea_id: int) -> None:
    if not await queries.item_of_activity(db, "live_ideas", idea_id, activity):
        raise NotFound(N_("There is no such idea."))


async def merge_ideas(tx: Transaction, activity: Activity, data: MergeIn) -> None:
    """Merge a duplicate idea into another: their votes count together (a participant
    who voted for both counts once) and the duplicate leaves the board. The votes stay
    where they were cast, so :func:`unmerge_idea` can undo it."""
    if data.source == data.target:
        raise InvalidInput(field_errors={"source": N_("An idea cannot be merged into itself.")})
    for item in (data.source, data.target):
        await _check_idea(tx, activity, item)
    await queries.merge_idea(tx, data.source, data.target)
    await _bump(tx, activity)


async def _change_idea(
    tx: Transaction, activity: Activity, idea_id: int, change: str, *params: object
) -> None:
    await _check_idea(tx, activity, idea_id)
    await queries.change_idea(tx, idea_id, change, *params)
    await _bump(tx, activity)


async def unmerge_idea(tx: Transaction, activity: Activity, idea_id: int) -> None:
    """Put a merged idea back on the board with its own votes."""
    await _change_idea(tx, activity, idea_id, "unmerge")


async def set_idea_hidden(tx: Transaction, activity: Activity, idea_id: int, hidden: bool) -> None:
    await _change_idea(tx, activity, idea_id, "hidden", int(hidden))


async def edit_idea(tx: Transaction, activity: Activity, idea_id: int, text: str) -> str:
    """Correct an idea's text (a typo); returns the text it had."""
    old = await queries.text_of(tx, "live_ideas", idea_id)
    await _change_idea(tx, activity, idea_id, "text", text.strip())
    return old


# --- word cloud entries ---------------------------------------------------------------


async def _key_of(db: Reader, activity: Activity, value: str) -> str:
    """The key a moderator means: a current key as it is, else the key the form
    ``value`` counts under (stems are not stemmed again: stemming is not idempotent)."""
    norm = words.normalise(value)
    tally = await results.word_tally(db, activity)
    if norm in tally.forms:
        return norm
    _hidden, merges = await queries.word_moderation(db, activity)
    return results.counted_as(norm, merges)


async def set_word_hidden(tx: Transaction, activity: Activity, key: str, hidden: bool) -> None:
    """Hide a word (its normalised form) from the cloud, or show it again. The entries
    stay in the database; the moderator sees them among the hidden ones."""
    await queries.set_word_hidden(tx, activity, await _key_of(tx, activity, key), hidden)
    await _bump(tx, activity)


async def merge_words(tx: Transaction, activity: Activity, sources: list[str], target: str) -> None:
    """Count the forms or keys ``sources`` as the key ``target`` ("a.i." and
    "artificiell intelligens" as "ai"), now and for entries still to come (a key takes
    its whole group along). Forms already merged into a source follow it."""
    target = await _key_of(tx, activity, target) if words.normalise(target) else ""
    norms = [n for n in (words.normalise(s) for s in sources) if n and n != target]
    if not target or not norms:
        raise InvalidInput(field_errors={"sources": N_("Choose words to merge into another.")})
    await queries.merge_word(tx, activity, target, norms)
    await _bump(tx, activity)


async def split_word(tx: Transaction, activity: Activity, form: str) -> None:
    """Count a stored form on its own, out of the group its stem puts it in
    ("hållbar" apart from "hållbarhet"); ``unmerge_word`` puts it back."""
    norm = words.normalise(form)
    if not norm:
        raise InvalidInput(field_errors={"form": N_("Choose a word to split off.")})
    await queries.count_word_as(tx, activity, norm, norm)
    await _bump(tx, activity)


async def unmerge_word(tx: Transaction, activity: Activity, source: str) -> None:
    """Count a merged form on its own again."""
    await queries.unmerge_word(tx, activity, words.normalise(source))
    await _bump(tx, activity)


# --- questions and authors ------------------------------------------------------------


async def moderate_question(
    tx: Transaction, activity: Activity, question_id: int, action: QuestionAction
) -> None:
    """Approve, hide, mark answered or pin a question. One question is pinned at a time."""
    await _check_question(tx, activity, question_id)
    await queries.change_question(tx, activity, question_id, action)
    await _bump(tx, activity)


async def _check_question(db: Reader, activity: Activity, question_id: int) -> None:
    if not await queries.item_of_activity(db, "live_questions", question_id, activity):
        raise NotFound(N_("There is no such question."))


async def merge_questions(tx: Transaction, activity: Activity, data: MergeIn) -> None:
    """Merge a duplicate question into another: their votes count together (a
    participant who voted for both counts once), the duplicate leaves the list and its
    text shows as a variant under the other. The votes stay where they were cast, so
    :func:`unmerge_question` can undo it."""
    if data.source == data.target:
        raise InvalidInput(field_errors={"source": N_("A question cannot be merged into itself.")})
    for item in (data.source, data.target):
        await _check_question(tx, activity, item)
    await queries.merge_question(tx, data.source, data.target)
    await _bump(tx, activity)


async def unmerge_question(tx: Transaction, activity: Activity, question_id: int) -> None:
    """Put a merged question back in the list with its own votes."""
    await _check_question(tx, activity, question_id)
    await queries.unmerge_question(tx, question_id)
    await _bump(tx, activity)


# --- open-text answers -----------------------------------------------------------------


async def _check_answer(db: Reader, activity: Activity, answer_id: int) -> None:
    if not await queries.item_of_activity(db, "live_open_texts", answer_id, activity):
        raise NotFound(N_("There is no such answer."))


async def moderate_answer(
    tx: Transaction, activity: Activity, answer_id: int, action: AnswerAction
) -> None:
    """Approve, reject, hide or show again an open-text answer."""
    await _check_answer(tx, activity, answer_id)
    await queries.change_open_text(tx, answer_id, action.value)
    await _bump(tx, activity)


async def merge_answers(tx: Transaction, activity: Activity, data: MergeIn) -> None:
    """Merge a duplicate answer into another: it leaves the wall and the other counts it
    (``count``); :func:`unmerge_answer` puts it back."""
    if data.source == data.target:
        raise InvalidInput(field_errors={"source": N_("An answer cannot be merged into itself.")})
    for item in (data.source, data.target):
        await _check_answer(tx, activity, item)
    await queries.merge_open_text(tx, data.source, data.target)
    await _bump(tx, activity)


async def unmerge_answer(tx: Transaction, activity: Activity, answer_id: int) -> None:
    await _check_answer(tx, activity, answer_id)
    await queries.change_open_text(tx, answer_id, "unmerge")
    await _bump(tx, activity)


async def set_author_muted(tx: Transaction, activity: Activity, item_id: int, muted: bool) -> None:
    """Mute (or unmute) whoever sent a word, idea or question, for the whole event:
    everything they sent is hidden. The moderator never learns who it is."""
    table = queries.AUTHORED.get(activity.kind)
    if table is None:
        raise InvalidInput(N_("Only words, ideas, questions and answers have authors to mute."))
    participant = await queries.author_of(tx, table, item_id, activity)
    if participant is None:
        raise NotFound(N_("There is no such item."))
    await queries.set_muted(tx, activity.event_id, participant, muted)
    authored = await queries.event_activity_ids(tx, activity.event_id, tuple(queries.AUTHORED))
    await queries.bump_activities(tx, authored)
    for activity_id in authored:
        tx.emit(ActivityChanged(activity_id))


async def _bump(tx: Transaction, activity: Activity) -> None:
    await queries.bump_activity(tx, activity.id)
    tx.emit(ActivityChanged(activity.id))
