"""SQL for live interaction. Reads take a ``Reader`` (the database's reader pool or an
open transaction, so one query serves both); writes take the caller's ``Transaction``."""

from __future__ import annotations

import json
from typing import Any

import msgspec

from eventday.clock import now_db
from eventday.db import Reader, Row, Transaction
from eventday.db.rows import from_row, from_rows
from eventday.live.models import (
    Activity,
    ActivityIn,
    ActivityKind,
    Announcement,
    LiveSettings,
    QuestionAction,
    Stage,
)

ACTIVITY_COLUMNS = (
    "id, event_id, session_id, kind, title, config, state, hide_results, revealed,"
    " results_hidden, round, position, version, title_en, deadline, always_open,"
    " results_hidden = 0 AND (revealed = 1 OR hide_results = 0) AS results_visible"
)


def _activity(row: Row) -> Activity:
    return from_row(Activity, row, config=msgspec.json.decode(row["config"]))


# --- activities -----------------------------------------------------------------------


async def activity_by_id(db: Reader, activity_id: int) -> Activity | None:
    row = await db.fetch_one(
        f"SELECT {ACTIVITY_COLUMNS} FROM live_activities WHERE id = ?", (activity_id,)
    )
    return _activity(row) if row else None


async def activities_of_event(db: Reader, event_id: int) -> list[Activity]:
    rows = await db.fetch_all(
        f"SELECT {ACTIVITY_COLUMNS} FROM live_activities WHERE event_id = ? ORDER BY position, id",
        (event_id,),
    )
    return [_activity(r) for r in rows]


async def activity_versions(db: Reader, activity_ids: list[int]) -> dict[int, int]:
    """The current version of each of these activities (deleted ones are left out)."""
    marks = ",".join("?" * len(activity_ids))
    rows = await db.fetch_all(
        f"SELECT id, version FROM live_activities WHERE id IN ({marks})", activity_ids
    )
    return {row["id"]: row["version"] for row in rows}


async def add_activity(
    tx: Transaction, event_id: int, data: ActivityIn, position: int | None = None
) -> int:
    """A new draft activity at ``position`` (default: the end of the event's list)."""
    written = await tx.execute(
        "INSERT INTO live_activities (event_id, session_id, kind, title, title_en, config,"
        " hide_results, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?,"
        " COALESCE(?, (SELECT COALESCE(MAX(position), 0) + 1 FROM live_activities"
        " WHERE event_id = ?)), ?, ?)",
        (
            event_id,
            data.session_id,
            data.kind.value,
            data.title,
            data.title_en.strip(),
            msgspec.json.encode(data.config),
            int(data.hide_results),
            position,
            event_id,
            now_db(),
            now_db(),
        ),
    )
    return written.lastrowid


async def make_room_after(tx: Transaction, event_id: int, position: int) -> None:
    """Move the event's activities after ``position`` one place down."""
    await tx.execute(
        "UPDATE live_activities SET position = position + 1 WHERE event_id = ? AND position > ?",
        (event_id, position),
    )


async def set_positions(tx: Transaction, activity_ids: list[int]) -> None:
    """Number these activities 1, 2, ... in the order given."""
    await tx.executemany(
        "UPDATE live_activities SET position = ? WHERE id = ?",
        [(position, activity_id) for position, activity_id in enumerate(activity_ids, 1)],
    )


async def delete_activity(tx: Transaction, activity_id: int) -> None:
    await tx.execute("DELETE FROM live_activities WHERE id = ?", (activity_id,))


async def event_activity_ids(
    db: Reader, event_id: int, kinds: tuple[ActivityKind, ...]
) -> list[int]:
    marks = ",".join("?" * len(kinds))
    rows = await db.fetch_all(
        f"SELECT id FROM live_activities WHERE event_id = ? AND kind IN ({marks})",
        (event_id, *kinds),
    )
    return [r[0] for r in rows]


async def bump_activity(tx: Transaction, activity_id: int, **changes: Any) -> None:
    """Apply ``changes`` to an activity and move its version on (snapshots follow it)."""
    sets = "".join(f"{name} = ?, " for name in changes)
    await tx.execute(
        f"UPDATE live_activities SET {sets}version = version + 1, updated_at = ? WHERE id = ?",
        (*changes.values(), now_db(), activity_id),
    )


async def bump_activities(tx: Transaction, activity_ids: list[int]) -> None:
    """Move these activities' versions on (their snapshots are built again)."""
    await tx.executemany(
        "UPDATE live_activities SET version = version + 1 WHERE id = ?",
        [(activity_id,) for activity_id in activity_ids],
    )


async def start_round_clock(tx: Transaction, activity_id: int) -> None:
    """The round began now, unless it already had (reopening goes on the same round)."""
    await tx.execute(
        "UPDATE live_activities SET round_started_at = COALESCE(round_started_at, ?) WHERE id = ?",
        (now_db(), activity_id),
    )


async def next_deadline(db: Reader) -> str | None:
    """The earliest deadline of an open activity with a timer running, in any event."""
    row = await db.fetch_one(
        "SELECT MIN(deadline) FROM live_activities WHERE deadline IS NOT NULL AND state = 'open'"
    )
    return row[0] if row else None


async def close_expired(tx: Transaction, now: str) -> list[tuple[int, int]]:
    """Close every open activity whose deadline has passed; their ids and events. The
    condition is in the UPDATE, so of several processes only the first closes one."""
    rows = await tx.fetch_all(
        "UPDATE live_activities SET state = 'closed', deadline = NULL,"
        " version = version + 1, updated_at = ?"
        " WHERE state = 'open' AND deadline IS NOT NULL AND deadline <= ? RETURNING id, event_id",
        (now, now),
    )
    return [(row[0], row[1]) for row in rows]


# --- the stage and the event's live settings ------------------------------------------


async def ensure_stage(tx: Transaction, event_id: int) -> None:
    await tx.execute("INSERT OR IGNORE INTO live_stage (event_id) VALUES (?)", (event_id,))


async def put_on_stage(tx: Transaction, event_id: int, activity_id: int | None) -> None:
    await ensure_stage(tx, event_id)
    await tx.execute(
        "UPDATE live_stage SET activity_id = ?, leaderboard_of = NULL, version = version + 1"
        " WHERE event_id = ?",
        (activity_id, event_id),
    )


async def show_leaderboard(tx: Transaction, event_id: int, activity_id: int | None) -> None:
    """Show the leaderboard of the quiz of ``activity_id`` on the stage (None: take it off)."""
    await ensure_stage(tx, event_id)
    await tx.execute(
        "UPDATE live_stage SET leaderboard_of = ?, version = version + 1 WHERE event_id = ?",
        (activity_id, event_id),
    )


async def leaderboard_shown(db: Reader, event_id: int) -> int | None:
    """The quiz question whose quiz's leaderboard is on the stage, if any."""
    value = await db.fetch_value(
        "SELECT leaderboard_of FROM live_stage WHERE event_id = ?", (event_id,)
    )
    return int(value) if value is not None else None


# --- scored quizzes -------------------------------------------------------------------


async def quiz_answers(db: Reader, activity: Activity) -> list[Row]:
    """Each answer of the round with the seconds from the round's start to its last
    change (null when the round never opened); muted participants left out."""
    return await db.fetch_all(
        "SELECT a.participant_id, a.answer,"
        " (julianday(a.updated_at) - julianday(l.round_started_at)) * 86400.0 AS seconds"
        " FROM live_answers a JOIN live_activities l ON l.id = a.activity_id"
        f" WHERE a.activity_id = ? AND a.round = ? AND a.participant_id NOT IN {MUTED}",
        (activity.id, activity.round, activity.event_id),
    )


async def nicknames(db: Reader, event_id: int) -> dict[int, str]:
    rows = await db.fetch_all(
        "SELECT participant_id, nickname FROM live_nicknames WHERE event_id = ?", (event_id,)
    )
    return {r[0]: r[1] for r in rows}


async def nickname_of(db: Reader, event_id: int, participant_id: int) -> str | None:
    value = await db.fetch_value(
        "SELECT nickname FROM live_nicknames WHERE event_id = ? AND participant_id = ?",
        (event_id, participant_id),
    )
    return str(value) if value is not None else None


async def nickname_taken(db: Reader, event_id: int, participant_id: int, norm: str) -> bool:
    value = await db.fetch_value(
        "SELECT 1 FROM live_nicknames WHERE event_id = ? AND norm = ? AND participant_id <> ?",
        (event_id, norm, participant_id),
    )
    return value is not None


async def save_nickname(
    tx: Transaction, event_id: int, participant_id: int, nickname: str, norm: str
) -> None:
    await tx.execute(
        "INSERT INTO live_nicknames (event_id, participant_id, nickname, norm) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (event_id, participant_id)"
        " DO UPDATE SET nickname = excluded.nickname, norm = excluded.norm",
        (event_id, participant_id, nickname, norm),
    )


async def bump_stage(tx: Transaction, event_id: int) -> None:
    """The stage message changed without a new activity on it (what stays reachable)."""
    await ensure_stage(tx, event_id)
    await tx.execute("UPDATE live_stage SET version = version + 1 WHERE event_id = ?", (event_id,))


async def stage_of(db: Reader, event_id: int) -> Stage:
    """The stage message: what phones show now, and what they keep reachable beside
    it (every Q&A and each activity marked always open, drafts left out), in one read."""
    row = await db.fetch_one(
        "SELECT activity_id, version, evaluation_open, (SELECT json_group_array(id) FROM (SELECT id"
        " FROM live_activities WHERE event_id = s.event_id AND state <> 'draft'"
        " AND (always_open = 1 OR kind = 'qa') ORDER BY position, id)) AS always_open"
        " FROM live_stage s WHERE event_id = ?",
        (event_id,),
    )
    if row is None:
        return Stage(event=event_id, version=0, activity=None)
    return Stage(
        event=event_id,
        version=row["version"],
        activity=row["activity_id"],
        always_open=json.loads(row["always_open"]),
        evaluation=bool(row["evaluation_open"]),
    )


async def live_settings(db: Reader, event_id: int) -> LiveSettings:
    row = await db.fetch_one(
        "SELECT activity_id, qa_premoderation, blocklist, version, evaluation_open"
        " FROM live_stage WHERE event_id = ?",
        (event_id,),
    )
    if row is None:
        return LiveSettings(activity_id=None, qa_premoderation=False, blocklist=[], version=0)
    return from_row(LiveSettings, row, blocklist=json.loads(row["blocklist"]))


async def set_evaluation_open(tx: Transaction, event_id: int, open_: bool) -> None:
    await ensure_stage(tx, event_id)
    await tx.execute(
        "UPDATE live_stage SET evaluation_open = ?, version = version + 1 WHERE event_id = ?",
        (int(open_), event_id),
    )


async def save_live_settings(
    tx: Transaction, event_id: int, qa_premoderation: bool, blocklist: list[str]
) -> None:
    await ensure_stage(tx, event_id)
    await tx.execute(
        "UPDATE live_stage SET qa_premoderation = ?, blocklist = ?, version = version + 1"
        " WHERE event_id = ?",
        (int(qa_premoderation), json.dumps(blocklist), event_id),
    )


# --- participants ---------------------------------------------------------------------


async def add_participant(tx: Transaction, event_id: int) -> int:
    written = await tx.execute(
        "INSERT INTO live_participants (event_id, created_at) VALUES (?, ?)", (event_id, now_db())
    )
    return written.lastrowid


async def link_registration(tx: Transaction, participant_id: int, registration_id: int) -> None:
    await tx.execute(
        "UPDATE live_participants SET registration_id = ? WHERE id = ?",
        (registration_id, participant_id),
    )


# --- what participants send -----------------------------------------------------------


async def save_answer(
    tx: Transaction, activity: Activity, participant_id: int, answer: Any
) -> None:
    """A participant's answer to a poll, scale or ranking (the latest replaces theirs)."""
    await tx.execute(
        "INSERT INTO live_answers (activity_id, round, participant_id, answer, updated_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (activity_id, round, participant_id)"
        " DO UPDATE SET answer = excluded.answer, updated_at = excluded.updated_at",
        (activity.id, activity.round, participant_id, json.dumps(answer), now_db()),
    )


async def add_word(
    tx: Transaction,
    activity: Activity,
    participant_id: int,
    text: str,
    norm: str,
    blocked: bool,
) -> int:
    written = await tx.execute(
        "INSERT INTO live_words (activity_id, round, participant_id, text, norm, blocked,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (activity.id, activity.round, participant_id, text, norm, int(blocked), now_db()),
    )
    return written.lastrowid


async def add_idea(tx: Transaction, activity: Activity, participant_id: int, text: str) -> int:
    written = await tx.execute(
        "INSERT INTO live_ideas (activity_id, round, participant_id, text, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (activity.id, activity.round, participant_id, text, now_db()),
    )
    return written.lastrowid


async def add_question(
    tx: Transaction, activity: Activity, participant_id: int, text: str, name: str, status: str
) -> int:
    written = await tx.execute(
        "INSERT INTO live_questions (activity_id, round, participant_id, text, author_name,"
        " status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (activity.id, activity.round, participant_id, text, name, status, now_db()),
    )
    return written.lastrowid


async def add_open_text(
    tx: Transaction, activity: Activity, participant_id: int, text: str, status: str
) -> int:
    written = await tx.execute(
        "INSERT INTO live_open_texts (activity_id, round, participant_id, text, status,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?)",
        (activity.id, activity.round, participant_id, text, status, now_db()),
    )
    return written.lastrowid


async def count_own_open_texts(db: Reader, activity: Activity, participant_id: int) -> int:
    value = await db.fetch_value(
        "SELECT COUNT(*) FROM live_open_texts"
        " WHERE activity_id = ? AND round = ? AND participant_id = ?",
        (activity.id, activity.round, participant_id),
    )
    return int(value or 0)


# The items participants upvote, per kind: (items table, votes table, votes' item column).
UPVOTED = {
    ActivityKind.IDEAS: ("live_ideas", "live_idea_votes", "idea_id"),
    ActivityKind.QA: ("live_questions", "live_question_votes", "question_id"),
}


async def set_upvote(
    tx: Transaction, kind: ActivityKind, item_id: int, participant_id: int, on: bool
) -> None:
    _items, votes, column = UPVOTED[kind]
    if on:
        await tx.execute(
            f"INSERT OR IGNORE INTO {votes} ({column}, participant_id) VALUES (?, ?)",
            (item_id, participant_id),
        )
    else:
        await tx.execute(
            f"DELETE FROM {votes} WHERE {column} = ? AND participant_id = ?",
            (item_id, participant_id),
        )


async def count_own_words(db: Reader, activity: Activity, participant_id: int) -> int:
    value = await db.fetch_value(
        "SELECT COUNT(*) FROM live_words WHERE activity_id = ? AND round = ? AND participant_id"
        " = ?",
        (activity.id, activity.round, participant_id),
    )
    return int(value or 0)


async def item_of_activity(db: Reader, table: str, item_id: int, activity: Activity) -> bool:
    return (
        await db.fetch_one(
            f"SELECT 1 FROM {table} WHERE id = ? AND activity_id = ? AND round = ?",
            (item_id, activity.id, activity.round),
        )
        is not None
    )


async def item_of_nonce(db: Reader, participant_id: int, nonce: str) -> int | None:
    """The entry a participant's earlier submission with ``nonce`` added, if any."""
    value = await db.fetch_value(
        "SELECT item_id FROM live_submission_nonces WHERE participant_id = ? AND nonce = ?",
        (participant_id, nonce),
    )
    return int(value) if value is not None else None


async def remember_nonce(tx: Transaction, participant_id: int, nonce: str, item_id: int) -> None:
    """Record that the submission ``nonce`` added ``item_id`` (same transaction)."""
    await tx.execute(
        "INSERT INTO live_submission_nonces (participant_id, nonce, item_id, created_at)"
        " VALUES (?, ?, ?, ?)",
        (participant_id, nonce, item_id, now_db()),
    )


# --- moderation -----------------------------------------------------------------------

# What participants author, per kind (moderators mute authors from these).
AUTHORED = {
    ActivityKind.WORDCLOUD: "live_words",
    ActivityKind.IDEAS: "live_ideas",
    ActivityKind.QA: "live_questions",
    ActivityKind.OPEN_TEXT: "live_open_texts",
}


async def author_of(db: Reader, table: str, item_id: int, activity: Activity) -> int | None:
    """Who sent a word, idea or question (never shown; used to mute them)."""
    value = await db.fetch_value(
        f"SELECT participant_id FROM {table} WHERE id = ? AND activity_id = ?",
        (item_id, activity.id),
    )
    return int(value) if value is not None else None


async def text_of(db: Reader, table: str, item_id: int) -> str:
    """The text of a word, idea or question (for the audit log)."""
    value = await db.fetch_value(f"SELECT text FROM {table} WHERE id = ?", (item_id,))
    return str(value or "")


async def set_muted(tx: Transaction, event_id: int, participant_id: int, muted: bool) -> None:
    if muted:
        await tx.execute(
            "INSERT OR IGNORE INTO live_muted (event_id, participant_id, muted_at)"
            " VALUES (?, ?, ?)",
            (event_id, participant_id, now_db()),
        )
    else:
        await tx.execute(
            "DELETE FROM live_muted WHERE event_id = ? AND participant_id = ?",
            (event_id, participant_id),
        )


async def muted_count(db: Reader, event_id: int) -> int:
    value = await db.fetch_value("SELECT COUNT(*) FROM live_muted WHERE event_id = ?", (event_id,))
    return int(value or 0)


async def merge_idea(tx: Transaction, source: int, target: int) -> None:
    """Idea ``source`` (and what was merged into it) counts as ``target`` from now on."""
    await tx.execute("UPDATE live_ideas SET merged_into = NULL WHERE id = ?", (target,))
    await tx.execute(
        "UPDATE live_ideas SET merged_into = ? WHERE id = ? OR merged_into = ?",
        (target, source, source),
    )


async def merge_question(tx: Transaction, source: int, target: int) -> None:
    """Question ``source`` (and what was merged into it) counts as ``target`` from now
    on; a merged question is no longer pinned."""
    await tx.execute("UPDATE live_questions SET merged_into = NULL WHERE id = ?", (target,))
    await tx.execute(
        "UPDATE live_questions SET merged_into = ?, pinned = 0 WHERE id = ? OR merged_into = ?",
        (target, source, source),
    )


async def unmerge_question(tx: Transaction, question_id: int) -> None:
    await tx.execute("UPDATE live_questions SET merged_into = NULL WHERE id = ?", (question_id,))


# The changes a moderator makes to one idea.
IDEA_CHANGES = {
    "unmerge": "merged_into = NULL",
    "hidden": "hidden = ?",
    "text": "text = ?",
}


async def change_idea(tx: Transaction, idea_id: int, change: str, *params: Any) -> None:
    await tx.execute(
        f"UPDATE live_ideas SET {IDEA_CHANGES[change]} WHERE id = ?", (*params, idea_id)
    )


async def set_word_hidden(tx: Transaction, activity: Activity, norm: str, hidden: bool) -> None:
    await tx.execute(
        "INSERT OR IGNORE INTO live_word_hidden (activity_id, norm) VALUES (?, ?)"
        if hidden
        else "DELETE FROM live_word_hidden WHERE activity_id = ? AND norm = ?",
        (activity.id, norm),
    )


async def merge_word(tx: Transaction, activity: Activity, target: str, norms: list[str]) -> None:
    """Count the forms ``norms`` (and those merged into them) as ``target``, which
    counts as itself (no longer where it was split off to)."""
    await tx.execute(
        "DELETE FROM live_word_merges WHERE activity_id = ? AND source = ? AND target <> ?",
        (activity.id, target, target),
    )
    for norm in norms:
        await tx.execute(
            "UPDATE live_word_merges SET target = ? WHERE activity_id = ? AND target = ?",
            (target, activity.id, norm),
        )
        await count_word_as(tx, activity, norm, target)


async def count_word_as(tx: Transaction, activity: Activity, source: str, target: str) -> None:
    await tx.execute(
        "INSERT INTO live_word_merges (activity_id, source, target) VALUES (?, ?, ?)"
        " ON CONFLICT (activity_id, source) DO UPDATE SET target = excluded.target",
        (activity.id, source, target),
    )


async def unmerge_word(tx: Transaction, activity: Activity, source: str) -> None:
    await tx.execute(
        "DELETE FROM live_word_merges WHERE activity_id = ? AND source = ?", (activity.id, source)
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


async def change_question(
    tx: Transaction, activity: Activity, question_id: int, action: QuestionAction
) -> None:
    """One question is pinned at a time: pinning one unpins the others."""
    if action is QuestionAction.PIN:
        await tx.execute(
            "UPDATE live_questions SET pinned = 0 WHERE activity_id = ?", (activity.id,)
        )
    await tx.execute(
        f"UPDATE live_questions SET {QUESTION_CHANGES[action]} WHERE id = ?", (question_id,)
    )


OPEN_TEXT_CHANGES = {
    "approve": "status = 'visible'",
    "reject": "status = 'hidden'",
    "hide": "status = 'hidden'",
    "unhide": "status = 'visible'",
    "unmerge": "merged_into = NULL",
}


async def change_open_text(tx: Transaction, answer_id: int, change: str) -> None:
    await tx.execute(
        f"UPDATE live_open_texts SET {OPEN_TEXT_CHANGES[change]} WHERE id = ?", (answer_id,)
    )


async def merge_open_text(tx: Transaction, source: int, target: int) -> None:
    """Answer ``source`` (and what was merged into it) counts as ``target`` from now on."""
    await tx.execute("UPDATE live_open_texts SET merged_into = NULL WHERE id = ?", (target,))
    await tx.execute(
        "UPDATE live_open_texts SET merged_into = ? WHERE id = ? OR merged_into = ?",
        (target, source, source),
    )


# --- announcements (written by the console, shown on phones) ---------------------------

ANNOUNCEMENT_COLUMNS = (
    "id, event_id AS event, text, projector, created_at AS at, withdrawn_at IS NULL AS active"
)


async def announcements(
    db: Reader, event_id: int, active_only: bool, limit: int
) -> list[Announcement]:
    """The event's announcements, newest first (only those not withdrawn if asked)."""
    only = " AND withdrawn_at IS NULL" if active_only else ""
    rows = await db.fetch_all(
        f"SELECT {ANNOUNCEMENT_COLUMNS} FROM console_announcements WHERE event_id = ?{only}"
        " ORDER BY id DESC LIMIT ?",
        (event_id, limit),
    )
    return from_rows(Announcement, rows)


ACTIVE_ANNOUNCEMENTS = 3


async def active_announcements(db: Reader, event_id: int) -> list[Announcement]:
    """What a phone that connects now should show (newest last)."""
    return list(reversed(await announcements(db, event_id, True, ACTIVE_ANNOUNCEMENTS)))


# --- results --------------------------------------------------------------------------


async def answers(db: Reader, activity: Activity) -> list[str]:
    rows = await db.fetch_all(
        "SELECT answer FROM live_answers WHERE activity_id = ? AND round = ?",
        (activity.id, activity.round),
    )
    return [r[0] for r in rows]


MUTED = "(SELECT participant_id FROM live_muted WHERE event_id = ?)"
IDEA_VOTES = (
    "(SELECT COUNT(DISTINCT v.participant_id) FROM live_idea_votes v"
    " JOIN live_ideas g ON g.id = v.idea_id WHERE g.id = i.id OR g.merged_into = i.id)"
)


async def word_spellings(db: Reader, activity: Activity) -> list[Row]:
    """Each normalised form with each of its spellings, how often it was used and when
    first (its first entry's id; muted participants' words left out)."""
    return await db.fetch_all(
        "SELECT norm, text, COUNT(*) AS n, MIN(id) AS first FROM live_words"
        " WHERE activity_id = ? AND round = ? AND blocked = 0 AND hidden = 0"
        f" AND participant_id NOT IN {MUTED} GROUP BY norm, text",
        (activity.id, activity.round, activity.event_id),
    )


async def word_moderation(db: Reader, activity: Activity) -> tuple[set[str], dict[str, str]]:
    """The activity's hidden forms and its merges (source form -> target form)."""
    hidden = await db.fetch_all(
        "SELECT norm FROM live_word_hidden WHERE activity_id = ?", (activity.id,)
    )
    merges = await db.fetch_all(
        "SELECT source, target FROM live_word_merges WHERE activity_id = ?", (activity.id,)
    )
    return {r[0] for r in hidden}, {r[0]: r[1] for r in merges}


async def recent_words(db: Reader, activity: Activity, limit: int) -> list[Row]:
    """The newest entries one by one (moderators mute their authors from here)."""
    return await db.fetch_all(
        "SELECT id, text, norm, blocked,"
        f" participant_id IN {MUTED} AS muted FROM live_words"
        " WHERE activity_id = ? AND round = ? ORDER BY id DESC LIMIT ?",
        (activity.event_id, activity.id, activity.round, limit),
    )


async def ideas_with_votes(db: Reader, activity: Activity, limit: int) -> list[Row]:
    """Visible ideas, votes counted over each idea and the duplicates merged into it
    (a participant who voted for several of them counts once)."""
    return await db.fetch_all(
        f"SELECT i.id, i.text, i.created_at, {IDEA_VOTES} AS votes FROM live_ideas i"
        " WHERE i.activity_id = ? AND i.round = ? AND i.hidden = 0 AND i.merged_into IS NULL"
        f" AND i.participant_id NOT IN {MUTED} ORDER BY votes DESC, i.id LIMIT ?",
        (activity.id, activity.round, activity.event_id, limit),
    )


async def all_ideas(db: Reader, activity: Activity) -> list[Row]:
    """Every idea of the round with its moderation state (moderators)."""
    return await db.fetch_all(
        f"SELECT i.id, i.text, i.hidden, i.merged_into, {IDEA_VOTES} AS votes,"
        f" i.participant_id IN {MUTED} AS muted FROM live_ideas i"
        " WHERE i.activity_id = ? AND i.round = ? ORDER BY votes DESC, i.id",
        (activity.event_id, activity.id, activity.round),
    )


QUESTION_VOTES = (
    "(SELECT COUNT(DISTINCT v.participant_id) FROM live_question_votes v"
    " JOIN live_questions g ON g.id = v.question_id WHERE g.id = q.id OR g.merged_into = q.id)"
)


async def questions_with_votes(db: Reader, activity: Activity, limit: int) -> list[Row]:
    """Visible questions, votes counted over each question and the duplicates merged
    into it (a participant who voted for several of them counts once)."""
    return await db.fetch_all(
        "SELECT q.id, q.text, q.author_name AS name, q.answered, q.pinned, q.created_at AS at,"
        f" q.status, 0 AS muted, {QUESTION_VOTES} AS votes FROM live_questions q"
        " WHERE q.activity_id = ? AND q.round = ? AND q.status = 'visible'"
        f" AND q.merged_into IS NULL AND q.participant_id NOT IN {MUTED}"
        " ORDER BY q.pinned DESC, votes DESC, q.id DESC LIMIT ?",
        (activity.id, activity.round, activity.event_id, limit),
    )


async def all_questions(db: Reader, activity: Activity) -> list[Row]:
    """Every question of the round, pending, hidden, merged and muted too (moderators,
    exports)."""
    return await db.fetch_all(
        "SELECT q.id, q.text, q.author_name AS name, q.answered, q.pinned, q.created_at AS at,"
        f" q.status, q.merged_into, q.participant_id IN {MUTED} AS muted,"
        f" {QUESTION_VOTES} AS votes FROM live_questions q"
        " WHERE q.activity_id = ? AND q.round = ? ORDER BY votes DESC, q.id",
        (activity.event_id, activity.id, activity.round),
    )


async def question_variants(db: Reader, activity: Activity) -> list[Row]:
    """The texts of the round's questions merged into another (``merged_into``, ``text``),
    oldest first, without muted participants' or hidden ones."""
    return await db.fetch_all(
        "SELECT merged_into, text FROM live_questions"
        " WHERE activity_id = ? AND round = ? AND merged_into IS NOT NULL"
        f" AND status <> 'hidden' AND participant_id NOT IN {MUTED} ORDER BY id",
        (activity.id, activity.round, activity.event_id),
    )


OPEN_TEXT_COUNT = (
    "(1 + (SELECT COUNT(*) FROM live_open_texts d WHERE d.merged_into = o.id"
    " AND d.status <> 'hidden'))"
)


async def open_texts_shown(db: Reader, activity: Activity, limit: int) -> list[Row]:
    """The wall: approved answers that are not merged into another, newest first, each
    with how many say the same (itself and the duplicates merged into it)."""
    return await db.fetch_all(
        f"SELECT o.id, o.text, {OPEN_TEXT_COUNT} AS count FROM live_open_texts o"
        " WHERE o.activity_id = ? AND o.round = ? AND o.status = 'visible'"
        f" AND o.merged_into IS NULL AND o.participant_id NOT IN {MUTED}"
        " ORDER BY o.id DESC LIMIT ?",
        (activity.id, activity.round, activity.event_id, limit),
    )


async def all_open_texts(db: Reader, activity: Activity) -> list[Row]:
    """Every answer of the round with its moderation state (moderators, exports)."""
    return await db.fetch_all(
        f"SELECT o.id, o.text, o.status, o.merged_into, {OPEN_TEXT_COUNT} AS count,"
        f" o.participant_id IN {MUTED} AS muted, o.created_at AS at FROM live_open_texts o"
        " WHERE o.activity_id = ? AND o.round = ? ORDER BY o.id DESC",
        (activity.event_id, activity.id, activity.round),
    )


def _taking_part(activity: Activity) -> str:
    """The table of what participants send to an activity of this kind."""
    return AUTHORED.get(activity.kind, "live_answers")


async def participant_count(db: Reader, activity: Activity) -> int:
    """How many participants took part in the activity's current round."""
    value = await db.fetch_value(
        f"SELECT COUNT(DISTINCT participant_id) FROM {_taking_part(activity)}"
        " WHERE activity_id = ? AND round = ?",
        (activity.id, activity.round),
    )
    return int(value or 0)


async def joined_in_round(db: Reader, activity: Activity) -> int:
    """How many participants joined the live session during the activity's current
    round: connected at any time since it began (or since the activity was created,
    for a round that never opened), and everyone who took part in it, so the share
    who took part is never above one."""
    value = await db.fetch_value(
        "SELECT COUNT(*) FROM ("
        " SELECT participant_id FROM presence_intervals WHERE event_id = ?"
        "  AND (ended_at IS NULL OR ended_at >= (SELECT COALESCE(round_started_at, created_at)"
        "   FROM live_activities WHERE id = ?))"
        f" UNION SELECT participant_id FROM {_taking_part(activity)}"
        "  WHERE activity_id = ? AND round = ?)",
        (activity.event_id, activity.id, activity.id, activity.round),
    )
    return int(value or 0)


# --- one participant's own submissions ---------------------------------------------


async def own_answer(db: Reader, activity: Activity, participant_id: int) -> str | None:
    value = await db.fetch_value(
        "SELECT answer FROM live_answers"
        " WHERE activity_id = ? AND round = ? AND participant_id = ?",
        (activity.id, activity.round, participant_id),
    )
    return str(value) if value is not None else None


async def own_words(db: Reader, activity: Activity, participant_id: int) -> list[str]:
    rows = await db.fetch_all(
        "SELECT text FROM live_words WHERE activity_id = ? AND round = ? AND participant_id = ?"
        " ORDER BY id",
        (activity.id, activity.round, participant_id),
    )
    return [r[0] for r in rows]


async def own_upvotes(db: Reader, activity: Activity, participant_id: int) -> list[int]:
    items, votes, column = UPVOTED[activity.kind]
    rows = await db.fetch_all(
        f"SELECT v.{column} FROM {votes} v JOIN {items} i ON i.id = v.{column}"
        " WHERE i.activity_id = ? AND i.round = ? AND v.participant_id = ?",
        (activity.id, activity.round, participant_id),
    )
    return [r[0] for r in rows]


async def own_pending(db: Reader, activity: Activity, participant_id: int) -> list[Row]:
    """What one participant sent that waits for approval (questions, open-text answers)."""
    return await db.fetch_all(
        f"SELECT id, text FROM {AUTHORED[activity.kind]} WHERE activity_id = ? AND round = ?"
        " AND participant_id = ? AND status = 'pending' ORDER BY id",
        (activity.id, activity.round, participant_id),
    )


async def submissions_since(db: Reader, event_id: int, since: str) -> int:
    """Words, ideas, questions and answers the event received since ``since``."""
    value = await db.fetch_value(
        "SELECT (SELECT COUNT(*) FROM live_words w JOIN live_activities a ON a.id = w.activity_id"
        "  WHERE a.event_id = ?1 AND w.created_at >= ?2)"
        " + (SELECT COUNT(*) FROM live_ideas i JOIN live_activities a ON a.id = i.activity_id"
        "  WHERE a.event_id = ?1 AND i.created_at >= ?2)"
        " + (SELECT COUNT(*) FROM live_questions q JOIN live_activities a ON a.id = q.activity_id"
        "  WHERE a.event_id = ?1 AND q.created_at >= ?2)"
        " + (SELECT COUNT(*) FROM live_answers n JOIN live_activities a ON a.id = n.activity_id"
        "  WHERE a.event_id = ?1 AND n.updated_at >= ?2)",
        (event_id, since),
    )
    return int(value or 0)


async def cloud_layout(db: Reader, activity: Activity) -> tuple[int, dict[str, Any]] | None:
    """The stored layout of the word cloud's current round: (version, state)."""
    row = await db.fetch_one(
        "SELECT version, state FROM live_cloud_layouts WHERE activity_id = ? AND round = ?",
        (activity.id, activity.round),
    )
    return (row["version"], json.loads(row["state"])) if row else None


async def save_cloud_layout(tx: Transaction, activity: Activity, state: dict[str, Any]) -> None:
    """Store a layout made for the activity's version, unless a newer one is there
    (another process laid out a later version meanwhile)."""
    await tx.execute(
        "INSERT INTO live_cloud_layouts (activity_id, round, version, state)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (activity_id) DO UPDATE SET"
        " round = excluded.round, version = excluded.version, state = excluded.state"
        " WHERE excluded.round > live_cloud_layouts.round"
        " OR excluded.version > live_cloud_layouts.version",
        (activity.id, activity.round, activity.version, json.dumps(state)),
    )
