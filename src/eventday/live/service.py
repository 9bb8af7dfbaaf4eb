"""Live actions: joining, running activities, applying what participants send, and
the results each activity shows. No Litestar here; the hub and routes call these."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import sqlite3
from collections import Counter, defaultdict
from typing import Any

import msgspec

from eventday.clock import now_db
from eventday.db import Database, Transaction
from eventday.errors import N_, Conflict, InvalidInput, NotFound
from eventday.events.models import Event
from eventday.live import queries, words
from eventday.live.models import (
    ADDING,
    Activity,
    ActivityIn,
    ActivityKind,
    ActivityState,
    ActivityView,
    Announcement,
    Ask,
    LiveSettings,
    LiveSettingsIn,
    MergeIn,
    Mine,
    QuestionAction,
    Rank,
    Rate,
    Submission,
    SubmitIdea,
    SubmitWord,
    Upvote,
    Vote,
)

LIST_LIMIT = 100


class NotOpen(Conflict):
    code = "not-open"
    title = N_("This activity is not open.")


class AnswerRevealed(Conflict):
    code = "revealed"
    title = N_("The correct answer has been shown, so answers can no longer change.")


class LimitReached(Conflict):
    code = "limit-reached"
    title = N_("You have sent as many as you can.")


# --- participants ---------------------------------------------------------------------


def _signature(secret: bytes, event_id: int, participant_id: int) -> str:
    digest = hmac.new(secret, f"participant:{event_id}:{participant_id}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()[:18]).decode()


def participant_token(secret: bytes, event_id: int, participant_id: int) -> str:
    """The signed identity a participant keeps in a cookie (or a native client keeps)."""
    return f"{event_id}.{participant_id}.{_signature(secret, event_id, participant_id)}"


def read_participant_token(secret: bytes, token: str, event_id: int) -> int | None:
    """The participant id in ``token`` if it is genuine and belongs to ``event_id``."""
    parts = token.split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    if int(parts[0]) != event_id:
        return None
    participant_id = int(parts[1])
    if not hmac.compare_digest(parts[2], _signature(secret, event_id, participant_id)):
        return None
    return participant_id


async def join(db: Database, event: Event) -> int:
    """A new participant of ``event``; nothing about the person is stored."""
    return await db.execute(
        "INSERT INTO live_participants (event_id, created_at) VALUES (?, ?)", (event.id, now_db())
    )


async def link_registration(db: Database, participant_id: int, registration_id: int) -> None:
    """Tie a participant to a registered attendee (their private link), for attendance."""
    await db.execute(
        "UPDATE live_participants SET registration_id = ? WHERE id = ?",
        (registration_id, participant_id),
    )


# --- activities -----------------------------------------------------------------------


def _check_config(data: ActivityIn) -> None:
    config = data.config
    errors: dict[str, str] = {}
    if data.kind in (ActivityKind.CHOICE, ActivityKind.RANKING):
        if len(config.options) < 2:
            errors["config.options"] = N_("Give at least two options.")
        if any(index >= len(config.options) for index in config.correct):
            errors["config.correct"] = N_("The correct answer must be one of the options.")
    if config.options_en and len(config.options_en) != len(config.options):
        errors["config.options_en"] = N_("Give one English text per option, or none.")
    if data.kind is ActivityKind.SCALE and config.scale_max <= config.scale_min:
        errors["config.scale_max"] = N_("The scale must end above where it starts.")
    if errors:
        raise InvalidInput(field_errors=errors)


async def create_activity(db: Database, event: Event, data: ActivityIn) -> Activity:
    """A new draft activity at the end of the event's list."""
    _check_config(data)
    async with db.transaction() as conn:
        await queries.ensure_stage(conn, event.id)
        cursor = await conn.execute(
            "INSERT INTO live_activities (event_id, session_id, kind, title, title_en, config,"
            " hide_results, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?,"
            " (SELECT COALESCE(MAX(position), 0) + 1 FROM live_activities WHERE event_id = ?),"
            " ?, ?)",
            (
                event.id,
                data.session_id,
                data.kind.value,
                data.title,
                data.title_en.strip(),
                msgspec.json.encode(data.config),
                int(data.hide_results),
                event.id,
                now_db(),
                now_db(),
            ),
        )
        activity_id = cursor.lastrowid
    assert activity_id is not None
    return await get_activity(db, event, activity_id)


async def get_activity(db: Database, event: Event, activity_id: int) -> Activity:
    activity = await queries.activity_by_id(db, activity_id)
    if activity is None or activity.event_id != event.id:
        raise NotFound(N_("There is no such activity."))
    return activity


async def list_activities(db: Database, event: Event) -> list[Activity]:
    return await queries.activities_of_event(db, event.id)


async def set_state(db: Database, activity: Activity, state: ActivityState) -> Activity:
    """Open or close an activity. Opening one also puts it on the stage, so phones
    and the projector switch to it."""
    async with db.transaction() as conn:
        await queries.bump_activity(conn, activity.id, state=state.value)
        if state is ActivityState.OPEN:
            await queries.start_round_clock(conn, activity.id)
            await _put_on_stage(conn, activity.event_id, activity.id)
    return await _reload(db, activity)


async def set_revealed(db: Database, activity: Activity, revealed: bool) -> Activity:
    """Reveal (results and the correct answer on phones and the projector) or hide
    (results off phones and the projector), the same for every kind, whether the
    activity's results were public or hidden until revealed."""
    async with db.transaction() as conn:
        await queries.bump_activity(
            conn, activity.id, revealed=int(revealed), results_hidden=int(not revealed)
        )
    return await _reload(db, activity)


class RoundMoved(Conflict):
    code = "round-moved"
    title = N_("Someone else has already reset this activity.")


class NotDraft(Conflict):
    code = "not-draft"
    title = N_("Only a draft can be edited. Duplicate it to change it.")


async def reset_activity(
    db: Database, activity: Activity, expected_round: int | None = None
) -> Activity:
    """Start a new round: results start from zero; earlier rounds stay for exports.
    With ``expected_round``, only that round is reset, so two moderators pressing
    reset together give one new round, not two."""
    async with db.transaction() as conn:
        current = await queries.activity_in_transaction(conn, activity.id)
        assert current is not None
        if expected_round is not None and current.round != expected_round:
            raise RoundMoved()
        await queries.bump_activity(
            conn,
            activity.id,
            round=current.round + 1,
            revealed=0,
            results_hidden=0,
            round_started_at=now_db() if current.state is ActivityState.OPEN else None,
        )
    return await _reload(db, activity)


async def duplicate_activity(db: Database, event: Event, activity: Activity) -> Activity:
    """A draft copy of an activity, placed right after it."""
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE live_activities SET position = position + 1"
            " WHERE event_id = ? AND position > ?",
            (event.id, activity.position),
        )
        cursor = await conn.execute(
            "INSERT INTO live_activities (event_id, session_id, kind, title, title_en, config,"
            " hide_results, position, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                event.id,
                activity.session_id,
                activity.kind.value,
                activity.title,
                activity.title_en,
                msgspec.json.encode(activity.config),
                int(activity.hide_results),
                activity.position + 1,
                now_db(),
                now_db(),
            ),
        )
        new_id = cursor.lastrowid
    assert new_id is not None
    return await get_activity(db, event, new_id)


async def edit_activity(db: Database, activity: Activity, data: ActivityIn) -> Activity:
    """Change a draft's title, settings and session (its kind stays)."""
    if activity.state is not ActivityState.DRAFT:
        raise NotDraft()
    if data.kind is not activity.kind:
        raise InvalidInput(field_errors={"kind": N_("The kind of an activity cannot change.")})
    _check_config(data)
    async with db.transaction() as conn:
        current = await queries.activity_in_transaction(conn, activity.id)
        if current is None or current.state is not ActivityState.DRAFT:
            raise NotDraft()
        await queries.bump_activity(
            conn,
            activity.id,
            title=data.title,
            title_en=data.title_en.strip(),
            config=msgspec.json.encode(data.config),
            hide_results=int(data.hide_results),
            session_id=data.session_id,
        )
    return await _reload(db, activity)


async def _reload(db: Database, activity: Activity) -> Activity:
    fresh = await queries.activity_by_id(db, activity.id)
    assert fresh is not None
    return fresh


async def _put_on_stage(conn: Transaction, event_id: int, activity_id: int | None) -> None:
    await queries.ensure_stage(conn, event_id)
    await conn.execute(
        "UPDATE live_stage SET activity_id = ?, version = version + 1 WHERE event_id = ?",
        (activity_id, event_id),
    )


async def set_stage(db: Database, event: Event, activity_id: int | None) -> LiveSettings:
    """Choose what phones and the projector show (``None``: the waiting screen)."""
    if activity_id is not None:
        await get_activity(db, event, activity_id)
    async with db.transaction() as conn:
        await _put_on_stage(conn, event.id, activity_id)
    return await queries.live_settings(db, event.id)


async def live_settings(db: Database, event: Event) -> LiveSettings:
    return await queries.live_settings(db, event.id)


async def update_live_settings(db: Database, event: Event, data: LiveSettingsIn) -> LiveSettings:
    async with db.transaction() as conn:
        await queries.ensure_stage(conn, event.id)
        await conn.execute(
            "UPDATE live_stage SET qa_premoderation = ?, blocklist = ?, version = version + 1"
            " WHERE event_id = ?",
            (int(data.qa_premoderation), json.dumps(sorted(set(data.blocklist))), event.id),
        )
        # The event's word clouds count again without the newly blocked words.
        await conn.execute(
            "UPDATE live_activities SET version = version + 1 WHERE event_id = ? AND kind = ?",
            (event.id, ActivityKind.WORDCLOUD.value),
        )
    return await queries.live_settings(db, event.id)


async def merge_ideas(db: Database, activity: Activity, data: MergeIn) -> None:
    """Merge a duplicate idea into another: their votes count together (a participant
    who voted for both counts once) and the duplicate leaves the board. The votes stay
    where they were cast, so :func:`unmerge_idea` can undo it."""
    if data.source == data.target:
        raise InvalidInput(field_errors={"source": N_("An idea cannot be merged into itself.")})
    async with db.transaction() as conn:
        for item in (data.source, data.target):
            if not await queries.item_of_activity(conn, "live_ideas", item, activity):
                raise NotFound(N_("There is no such idea."))
        await conn.execute("UPDATE live_ideas SET merged_into = NULL WHERE id = ?", (data.target,))
        await conn.execute(
            "UPDATE live_ideas SET merged_into = ? WHERE id = ? OR merged_into = ?",
            (data.target, data.source, data.source),
        )
        await queries.bump_activity(conn, activity.id)


async def unmerge_idea(db: Database, activity: Activity, idea_id: int) -> None:
    """Put a merged idea back on the board with its own votes."""
    await _update_idea(db, activity, idea_id, "merged_into = NULL")


async def set_idea_hidden(db: Database, activity: Activity, idea_id: int, hidden: bool) -> None:
    await _update_idea(db, activity, idea_id, "hidden = ?", int(hidden))


async def edit_idea(db: Database, activity: Activity, idea_id: int, text: str) -> str:
    """Correct an idea's text (a typo); returns the text it had."""
    old = await db.fetch_value("SELECT text FROM live_ideas WHERE id = ?", (idea_id,))
    await _update_idea(db, activity, idea_id, "text = ?", text.strip())
    return str(old)


async def _update_idea(
    db: Database, activity: Activity, idea_id: int, change: str, *params: Any
) -> None:
    async with db.transaction() as conn:
        if not await queries.item_of_activity(conn, "live_ideas", idea_id, activity):
            raise NotFound(N_("There is no such idea."))
        await conn.execute(f"UPDATE live_ideas SET {change} WHERE id = ?", (*params, idea_id))
        await queries.bump_activity(conn, activity.id)


async def set_word_hidden(db: Database, activity: Activity, key: str, hidden: bool) -> None:
    """Hide a word (its normalised form) from the cloud, or show it again. The entries
    stay in the database; the moderator sees them among the hidden ones."""
    sql = (
        "INSERT OR IGNORE INTO live_word_hidden (activity_id, norm) VALUES (?, ?)"
        if hidden
        else "DELETE FROM live_word_hidden WHERE activity_id = ? AND norm = ?"
    )
    resolved = await _key_of(db, activity, key)
    async with db.transaction() as conn:
        await conn.execute(sql, (activity.id, resolved))
        await queries.bump_activity(conn, activity.id)


async def _key_of(db: Database, activity: Activity, value: str) -> str:
    """The key a moderator means: a current key as it is, else the key the form
    ``value`` counts under (stems are not stemmed again: stemming is not idempotent)."""
    norm = words.normalise(value)
    tally = await _word_tally(db, activity)
    if norm in tally.forms:
        return norm
    _hidden, merges = await queries.word_moderation(db, activity)
    return counted_as(norm, merges)


async def merge_words(db: Database, activity: Activity, sources: list[str], target: str) -> None:
    """Count the forms or keys ``sources`` as the key ``target`` ("a.i." and
    "artificiell intelligens" as "ai"), now and for entries still to come (a key takes
    its whole group along). Forms already merged into a source follow it."""
    target = await _key_of(db, activity, target) if words.normalise(target) else ""
    norms = [n for n in (words.normalise(s) for s in sources) if n and n != target]
    if not target or not norms:
        raise InvalidInput(field_errors={"sources": N_("Choose words to merge into another.")})
    async with db.transaction() as conn:
        await conn.execute(  # the target counts as itself (kept where split off)
            "DELETE FROM live_word_merges WHERE activity_id = ? AND source = ? AND target <> ?",
            (activity.id, target, target),
        )
        for norm in norms:
            await conn.execute(
                "UPDATE live_word_merges SET target = ? WHERE activity_id = ? AND target = ?",
                (target, activity.id, norm),
            )
            await conn.execute(
                "INSERT INTO live_word_merges (activity_id, source, target) VALUES (?, ?, ?)"
                " ON CONFLICT (activity_id, source) DO UPDATE SET target = excluded.target",
                (activity.id, norm, target),
            )
        await queries.bump_activity(conn, activity.id)


async def split_word(db: Database, activity: Activity, form: str) -> None:
    """Count a stored form on its own, out of the group its stem puts it in
    ("hållbar" apart from "hållbarhet"); ``unmerge_word`` puts it back."""
    norm = words.normalise(form)
    if not norm:
        raise InvalidInput(field_errors={"form": N_("Choose a word to split off.")})
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO live_word_merges (activity_id, source, target) VALUES (?, ?, ?)"
            " ON CONFLICT (activity_id, source) DO UPDATE SET target = excluded.target",
            (activity.id, norm, norm),
        )
        await queries.bump_activity(conn, activity.id)


async def unmerge_word(db: Database, activity: Activity, source: str) -> None:
    """Count a merged form on its own again."""
    async with db.transaction() as conn:
        await conn.execute(
            "DELETE FROM live_word_merges WHERE activity_id = ? AND source = ?",
            (activity.id, words.normalise(source)),
        )
        await queries.bump_activity(conn, activity.id)


AUTHORED = {
    ActivityKind.WORDCLOUD: "live_words",
    ActivityKind.IDEAS: "live_ideas",
    ActivityKind.QA: "live_questions",
}


async def set_author_muted(db: Database, activity: Activity, item_id: int, muted: bool) -> None:
    """Mute (or unmute) whoever sent a word, idea or question, for the whole event:
    everything they sent is hidden. The moderator never learns who it is."""
    table = AUTHORED.get(activity.kind)
    if table is None:
        raise InvalidInput(N_("Only words, ideas and questions have authors to mute."))
    async with db.transaction() as conn:
        participant = await queries.author_of(conn, table, item_id, activity)
        if participant is None:
            raise NotFound(N_("There is no such item."))
        if muted:
            await conn.execute(
                "INSERT OR IGNORE INTO live_muted (event_id, participant_id, muted_at)"
                " VALUES (?, ?, ?)",
                (activity.event_id, participant, now_db()),
            )
        else:
            await conn.execute(
                "DELETE FROM live_muted WHERE event_id = ? AND participant_id = ?",
                (activity.event_id, participant),
            )
        await conn.execute(
            "UPDATE live_activities SET version = version + 1"
            " WHERE event_id = ? AND kind IN ('wordcloud', 'ideas', 'qa')",
            (activity.event_id,),
        )


async def edit_blocklist(
    db: Database, event: Event, add: list[str], remove: list[str]
) -> LiveSettings:
    """Add words to and remove words from the event's own blocklist."""
    current = await queries.live_settings(db, event.id)
    wanted = (set(current.blocklist) | {words.normalise(w) for w in add}) - {
        words.normalise(w) for w in remove
    }
    wanted.discard("")
    return await update_live_settings(
        db,
        event,
        LiveSettingsIn(qa_premoderation=current.qa_premoderation, blocklist=sorted(wanted)),
    )


async def set_premoderation(db: Database, event: Event, on: bool) -> LiveSettings:
    current = await queries.live_settings(db, event.id)
    return await update_live_settings(
        db, event, LiveSettingsIn(qa_premoderation=on, blocklist=current.blocklist)
    )


QUESTION_CHANGES = {
    QuestionAction.APPROVE: "status = 'visible'",
    QuestionAction.REJECT: "status = 'hidden', pinned = 0",
    QuestionAction.HIDE: "status = 'hidden', pinned = 0",
    QuestionAction.UNHIDE: "status = 'visible'",
    QuestionAction.ANSWER: "answered = 1, pinned = 0",
    QuestionAction.UNANSWER: "answered = 0",
    QuestionAction.PIN: "pinned = 1, status = 'visible'",
    QuestionAction.UNPIN: "pinned = 0",
}


async def moderate_question(
    db: Database, activity: Activity, question_id: int, action: QuestionAction
) -> None:
    """Approve, hide, mark answered or pin a question. One question is pinned at a time."""
    async with db.transaction() as conn:
        if not await queries.item_of_activity(conn, "live_questions", question_id, activity):
            raise NotFound(N_("There is no such question."))
        if action is QuestionAction.PIN:
            await conn.execute(
                "UPDATE live_questions SET pinned = 0 WHERE activity_id = ?", (activity.id,)
            )
        await conn.execute(
            f"UPDATE live_questions SET {QUESTION_CHANGES[action]} WHERE id = ?", (question_id,)
        )
        await queries.bump_activity(conn, activity.id)


# --- announcements --------------------------------------------------------------------

ACTIVE_ANNOUNCEMENTS = 3


def announcement(row: Any) -> Announcement:
    return Announcement(
        event=row["event_id"],
        id=row["id"],
        text=row["text"],
        projector=bool(row["projector"]),
        active=row["withdrawn_at"] is None,
        at=row["created_at"],
    )


async def active_announcements(db: Database, event_id: int) -> list[Announcement]:
    """What a phone that connects now should show (newest last)."""
    rows = await queries.announcements(db, event_id, True, ACTIVE_ANNOUNCEMENTS)
    return [announcement(r) for r in reversed(rows)]


# --- what participants send (applied by the hub's batching writer) -------------------


async def apply_submission(
    conn: Transaction, event_id: int, participant_id: int, message: Submission
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
        earlier = await queries.item_of_nonce(conn, participant_id, nonce)
        if earlier is not None:
            return earlier
    activity = await queries.activity_in_transaction(conn, message.activity)
    if activity is None or activity.event_id != event_id:
        raise NotFound(N_("There is no such activity."))
    if activity.state is not ActivityState.OPEN:
        raise NotOpen()
    if activity.revealed and activity.config.correct:
        raise AnswerRevealed()  # a quiz: once the answer is out, nobody switches to it
    new_id = await _apply(conn, activity, participant_id, message)
    if nonce is not None and new_id is not None:
        await queries.remember_nonce(conn, participant_id, nonce, new_id)
    await queries.bump_activity(conn, activity.id)
    return new_id


def _wrong_kind() -> InvalidInput:
    return InvalidInput(N_("This answer does not fit this activity."))


async def _apply(
    conn: Transaction, activity: Activity, participant_id: int, message: Submission
) -> int | None:
    config = activity.config
    now = now_db()
    if isinstance(message, Vote | Rate | Rank):
        answer: Any
        if isinstance(message, Vote) and activity.kind is ActivityKind.CHOICE:
            answer = sorted(set(message.choices))
            if any(i >= len(config.options) for i in answer) or (
                len(answer) > 1 and not config.multiple
            ):
                raise InvalidInput(N_("Choose among the options shown."))
        elif isinstance(message, Rate) and activity.kind is ActivityKind.SCALE:
            if not config.scale_min <= message.value <= config.scale_max:
                raise InvalidInput(N_("Choose a value on the scale."))
            answer = message.value
        elif isinstance(message, Rank) and activity.kind is ActivityKind.RANKING:
            if sorted(message.order) != list(range(len(config.options))):
                raise InvalidInput(N_("Put every option in order, each once."))
            answer = message.order
        else:
            raise _wrong_kind()
        await conn.execute(
            "INSERT INTO live_answers (activity_id, round, participant_id, answer, updated_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (activity_id, round, participant_id)"
            " DO UPDATE SET answer = excluded.answer, updated_at = excluded.updated_at",
            (activity.id, activity.round, participant_id, json.dumps(answer), now),
        )
        return None
    if isinstance(message, SubmitWord):
        if activity.kind is not ActivityKind.WORDCLOUD:
            raise _wrong_kind()
        norm = words.normalise(message.text)
        if config.drop_stop_words:
            norm = words.drop_stop_words(norm)
        if not norm:
            raise InvalidInput(N_("Write a word or a short phrase."))
        if await queries.count_own_words(conn, activity, participant_id) >= config.max_entries:
            raise LimitReached()
        _premoderation, blocklist = await queries.settings_in_transaction(conn, activity.event_id)
        try:
            cursor = await conn.execute(
                "INSERT INTO live_words (activity_id, round, participant_id, text, norm, blocked,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    activity.id,
                    activity.round,
                    participant_id,
                    words.display_form(message.text),
                    norm,
                    int(words.is_blocked(norm, blocklist)),
                    now,
                ),
            )
        except sqlite3.IntegrityError:
            raise Conflict(N_("You have already sent that word.")) from None
        return cursor.lastrowid
    if isinstance(message, SubmitIdea):
        if activity.kind is not ActivityKind.IDEAS:
            raise _wrong_kind()
        cursor = await conn.execute(
            "INSERT INTO live_ideas (activity_id, round, participant_id, text, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (activity.id, activity.round, participant_id, message.text.strip(), now),
        )
        return cursor.lastrowid
    if isinstance(message, Ask):
        if activity.kind is not ActivityKind.QA:
            raise _wrong_kind()
        premoderation, _blocklist = await queries.settings_in_transaction(conn, activity.event_id)
        cursor = await conn.execute(
            "INSERT INTO live_questions (activity_id, round, participant_id, text, author_name,"
            " status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                activity.id,
                activity.round,
                participant_id,
                message.text.strip(),
                message.name.strip(),
                "pending" if premoderation else "visible",
                now,
            ),
        )
        return cursor.lastrowid
    await _upvote(conn, activity, participant_id, message)
    return None


async def _upvote(
    conn: Transaction, activity: Activity, participant_id: int, message: Upvote
) -> None:
    if activity.kind is ActivityKind.IDEAS:
        items, votes, column = "live_ideas", "live_idea_votes", "idea_id"
    elif activity.kind is ActivityKind.QA:
        items, votes, column = "live_questions", "live_question_votes", "question_id"
    else:
        raise _wrong_kind()
    if not await queries.item_of_activity(conn, items, message.item, activity):
        raise NotFound(N_("There is no such item."))
    if message.on:
        await conn.execute(
            f"INSERT OR IGNORE INTO {votes} ({column}, participant_id) VALUES (?, ?)",
            (message.item, participant_id),
        )
    else:
        await conn.execute(
            f"DELETE FROM {votes} WHERE {column} = ? AND participant_id = ?",
            (message.item, participant_id),
        )


# --- results --------------------------------------------------------------------------


def view(activity: Activity) -> ActivityView:
    """The activity as phones see it: the correct answer only after the reveal."""
    config = activity.config
    if config.correct and not activity.revealed:
        config = msgspec.structs.replace(config, correct=[])
    return ActivityView(
        id=activity.id,
        kind=activity.kind,
        title=activity.title,
        title_en=activity.title_en,
        state=activity.state,
        revealed=activity.revealed,
        results_visible=activity.results_visible,
        config=config,
    )


async def results(db: Database, activity: Activity) -> dict[str, Any]:
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


async def word_counts(db: Database, activity: Activity) -> list[dict[str, Any]]:
    """Entries counted by group (``key``: their normalised form's stems, see
    ``words.group``), each shown in its most common spelling, most frequent first
    (ties: the earlier); the event's blocklist applies at once, merged forms count as
    their target, split forms on their own, hidden ones are left out."""
    return (await _word_tally(db, activity)).shown


class _Tally(msgspec.Struct):
    shown: list[dict[str, Any]]
    hidden: list[dict[str, Any]]
    forms: dict[str, Counter[str]]  # key -> its stored forms and their counts


async def _word_tally(db: Database, activity: Activity) -> _Tally:
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
    tally = _Tally(shown=[], hidden=[], forms=forms)
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


async def top_ideas(db: Database, activity: Activity, limit: int) -> list[dict[str, Any]]:
    """The workshop's result: the ``limit`` ideas with the most votes."""
    rows = await queries.ideas_with_votes(db, activity, limit)
    return [{"id": r["id"], "text": r["text"], "votes": r["votes"]} for r in rows]


RECENT_WORDS = 30


async def moderator_results(db: Database, activity: Activity) -> dict[str, Any]:
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
        tally = await _word_tally(db, activity)
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


async def mine(db: Database, activity: Activity, participant_id: int) -> Mine:
    """What one participant already sent to the current round of an activity."""
    if activity.kind in (ActivityKind.CHOICE, ActivityKind.SCALE, ActivityKind.RANKING):
        answer = await queries.own_answer(db, activity, participant_id)
        return Mine(activity=activity.id, answer=json.loads(answer) if answer else None)
    if activity.kind is ActivityKind.WORDCLOUD:
        own = await queries.own_words(db, activity, participant_id)
        return Mine(activity=activity.id, words=own)
    upvoted = await queries.own_upvotes(db, activity, participant_id)
    pending = []
    if activity.kind is ActivityKind.QA:
        rows = await queries.own_pending_questions(db, activity, participant_id)
        pending = [{"id": r["id"], "text": r["text"]} for r in rows]
    return Mine(activity=activity.id, upvoted=upvoted, pending=pending)


def result_rows(activity: Activity, data: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """Results as a table (CSV export): a header and rows."""
    options = activity.config.options
    kind = activity.kind
    if kind is ActivityKind.CHOICE:
        correct = set(activity.config.correct)
        return ["option", "votes", "correct"], [
            [text, count, "yes" if i in correct else ""]
            for i, (text, count) in enumerate(zip(options, data["counts"], strict=True))
        ]
    if kind is ActivityKind.SCALE:
        low = activity.config.scale_min
        return ["value", "answers"], [
            [low + i, count] for i, count in enumerate(data["distribution"])
        ]
    if kind is ActivityKind.RANKING:
        return ["option", "borda_points"], [
            [text, points] for text, points in zip(options, data["points"], strict=True)
        ]
    if kind is ActivityKind.WORDCLOUD:
        return ["word", "normalised", "count"], [
            [w["text"], w["key"], w["count"]] for w in data["words"]
        ]
    if kind is ActivityKind.IDEAS:
        return ["idea", "votes"], [[i["text"], i["votes"]] for i in data["ideas"]]
    return ["question", "name", "votes", "status", "answered", "asked_at"], [
        [q["text"], q["name"], q["votes"], q["status"], q["answered"], q["at"]]
        for q in data["questions"]
    ]
