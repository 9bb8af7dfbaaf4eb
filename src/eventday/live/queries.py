"""SQL for live interaction. Functions taking a connection run inside the caller's
write transaction; the others read through the database's reader pool."""

from __future__ import annotations

import json
from typing import Any

import msgspec

from eventday.clock import now_db
from eventday.db import Database, Row, Transaction
from eventday.live.models import (
    Activity,
    ActivityConfig,
    ActivityKind,
    ActivityState,
    LiveSettings,
)

ACTIVITY_COLUMNS = (
    "id, event_id, session_id, kind, title, config, state, hide_results, revealed,"
    " results_hidden, round, position, version, title_en"
)


def activity_from_row(row: Row) -> Activity:
    return Activity(
        id=row["id"],
        event_id=row["event_id"],
        session_id=row["session_id"],
        kind=ActivityKind(row["kind"]),
        title=row["title"],
        config=msgspec.json.decode(row["config"], type=ActivityConfig),
        state=ActivityState(row["state"]),
        hide_results=bool(row["hide_results"]),
        revealed=bool(row["revealed"]),
        results_hidden=bool(row["results_hidden"]),
        results_visible=not row["results_hidden"]
        and bool(row["revealed"] or not row["hide_results"]),
        round=row["round"],
        position=row["position"],
        version=row["version"],
        title_en=row["title_en"],
    )


async def activity_by_id(db: Database, activity_id: int) -> Activity | None:
    row = await db.fetch_one(
        f"SELECT {ACTIVITY_COLUMNS} FROM live_activities WHERE id = ?", (activity_id,)
    )
    return activity_from_row(row) if row else None


async def activity_versions(db: Database, activity_ids: list[int]) -> dict[int, int]:
    """The current version of each of these activities (deleted ones are left out)."""
    marks = ",".join("?" * len(activity_ids))
    rows = await db.fetch_all(
        f"SELECT id, version FROM live_activities WHERE id IN ({marks})", activity_ids
    )
    return {row["id"]: row["version"] for row in rows}


async def activity_in_transaction(conn: Transaction, activity_id: int) -> Activity | None:
    row = await conn.fetch_one(
        f"SELECT {ACTIVITY_COLUMNS} FROM live_activities WHERE id = ?", (activity_id,)
    )
    return activity_from_row(row) if row else None


async def activities_of_event(db: Database, event_id: int) -> list[Activity]:
    rows = await db.fetch_all(
        f"SELECT {ACTIVITY_COLUMNS} FROM live_activities WHERE event_id = ? ORDER BY position, id",
        (event_id,),
    )
    return [activity_from_row(r) for r in rows]


async def bump_activity(conn: Transaction, activity_id: int, **changes: Any) -> None:
    """Apply ``changes`` to an activity and move its version on (snapshots follow it)."""
    sets = "".join(f"{name} = ?, " for name in changes)
    await conn.execute(
        f"UPDATE live_activities SET {sets}version = version + 1, updated_at = ? WHERE id = ?",
        (*changes.values(), now_db(), activity_id),
    )


async def ensure_stage(conn: Transaction, event_id: int) -> None:
    await conn.execute("INSERT OR IGNORE INTO live_stage (event_id) VALUES (?)", (event_id,))


async def live_settings(db: Database, event_id: int) -> LiveSettings:
    row = await db.fetch_one(
        "SELECT activity_id, qa_premoderation, blocklist, version FROM live_stage"
        " WHERE event_id = ?",
        (event_id,),
    )
    if row is None:
        return LiveSettings(activity_id=None, qa_premoderation=False, blocklist=[], version=0)
    return LiveSettings(
        activity_id=row["activity_id"],
        qa_premoderation=bool(row["qa_premoderation"]),
        blocklist=json.loads(row["blocklist"]),
        version=row["version"],
    )


async def settings_in_transaction(conn: Transaction, event_id: int) -> tuple[bool, list[str]]:
    row = await conn.fetch_one(
        "SELECT qa_premoderation, blocklist FROM live_stage WHERE event_id = ?", (event_id,)
    )
    if row is None:
        return False, []
    return bool(row[0]), list(json.loads(row[1]))


async def participant_event(db: Database, participant_id: int) -> int | None:
    value = await db.fetch_value(
        "SELECT event_id FROM live_participants WHERE id = ?", (participant_id,)
    )
    return int(value) if value is not None else None


# --- results --------------------------------------------------------------------------


async def answers(db: Database, activity: Activity) -> list[str]:
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


async def word_spellings(db: Database, activity: Activity) -> list[Row]:
    """Each normalised form with each of its spellings, how often it was used and when
    first (its first entry's id; muted participants' words left out)."""
    return await db.fetch_all(
        "SELECT norm, text, COUNT(*) AS n, MIN(id) AS first FROM live_words"
        " WHERE activity_id = ? AND round = ? AND blocked = 0 AND hidden = 0"
        f" AND participant_id NOT IN {MUTED} GROUP BY norm, text",
        (activity.id, activity.round, activity.event_id),
    )


async def word_moderation(db: Database, activity: Activity) -> tuple[set[str], dict[str, str]]:
    """The activity's hidden forms and its merges (source form -> target form)."""
    hidden = await db.fetch_all(
        "SELECT norm FROM live_word_hidden WHERE activity_id = ?", (activity.id,)
    )
    merges = await db.fetch_all(
        "SELECT source, target FROM live_word_merges WHERE activity_id = ?", (activity.id,)
    )
    return {r[0] for r in hidden}, {r[0]: r[1] for r in merges}


async def recent_words(db: Database, activity: Activity, limit: int) -> list[Row]:
    """The newest entries one by one (moderators mute their authors from here)."""
    return await db.fetch_all(
        "SELECT id, text, norm, blocked,"
        f" participant_id IN {MUTED} AS muted FROM live_words"
        " WHERE activity_id = ? AND round = ? ORDER BY id DESC LIMIT ?",
        (activity.event_id, activity.id, activity.round, limit),
    )


async def ideas_with_votes(db: Database, activity: Activity, limit: int) -> list[Row]:
    """Visible ideas, votes counted over each idea and the duplicates merged into it
    (a participant who voted for several of them counts once)."""
    return await db.fetch_all(
        f"SELECT i.id, i.text, i.created_at, {IDEA_VOTES} AS votes FROM live_ideas i"
        " WHERE i.activity_id = ? AND i.round = ? AND i.hidden = 0 AND i.merged_into IS NULL"
        f" AND i.participant_id NOT IN {MUTED} ORDER BY votes DESC, i.id LIMIT ?",
        (activity.id, activity.round, activity.event_id, limit),
    )


async def all_ideas(db: Database, activity: Activity) -> list[Row]:
    """Every idea of the round with its moderation state (moderators)."""
    return await db.fetch_all(
        f"SELECT i.id, i.text, i.hidden, i.merged_into, {IDEA_VOTES} AS votes,"
        f" i.participant_id IN {MUTED} AS muted FROM live_ideas i"
        " WHERE i.activity_id = ? AND i.round = ? ORDER BY votes DESC, i.id",
        (activity.event_id, activity.id, activity.round),
    )


async def questions_with_votes(db: Database, activity: Activity, limit: int) -> list[Row]:
    return await db.fetch_all(
        "SELECT q.id, q.text, q.author_name, q.answered, q.pinned, q.created_at, q.status,"
        " 0 AS muted, COUNT(v.participant_id) AS votes FROM live_questions q"
        " LEFT JOIN live_question_votes v ON v.question_id = q.id"
        " WHERE q.activity_id = ? AND q.round = ? AND q.status = 'visible'"
        f" AND q.participant_id NOT IN {MUTED}"
        " GROUP BY q.id ORDER BY q.pinned DESC, votes DESC, q.id DESC LIMIT ?",
        (activity.id, activity.round, activity.event_id, limit),
    )


async def all_questions(db: Database, activity: Activity) -> list[Row]:
    """Every question of the round, pending, hidden and muted too (moderators, exports)."""
    return await db.fetch_all(
        "SELECT q.id, q.text, q.author_name, q.answered, q.pinned, q.created_at, q.status,"
        f" q.participant_id IN {MUTED} AS muted,"
        " COUNT(v.participant_id) AS votes FROM live_questions q"
        " LEFT JOIN live_question_votes v ON v.question_id = q.id"
        " WHERE q.activity_id = ? AND q.round = ? GROUP BY q.id ORDER BY votes DESC, q.id",
        (activity.event_id, activity.id, activity.round),
    )


def _taking_part(activity: Activity) -> str:
    """The table of what participants send to an activity of this kind."""
    return {
        ActivityKind.WORDCLOUD: "live_words",
        ActivityKind.IDEAS: "live_ideas",
        ActivityKind.QA: "live_questions",
    }.get(activity.kind, "live_answers")


async def participant_count(db: Database, activity: Activity) -> int:
    """How many participants took part in the activity's current round."""
    value = await db.fetch_value(
        f"SELECT COUNT(DISTINCT participant_id) FROM {_taking_part(activity)}"
        " WHERE activity_id = ? AND round = ?",
        (activity.id, activity.round),
    )
    return int(value or 0)


async def joined_in_round(db: Database, activity: Activity) -> int:
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


async def start_round_clock(conn: Transaction, activity_id: int) -> None:
    """The round began now, unless it already had (reopening goes on the same round)."""
    await conn.execute(
        "UPDATE live_activities SET round_started_at = COALESCE(round_started_at, ?) WHERE id = ?",
        (now_db(), activity_id),
    )


# --- one participant's own submissions ---------------------------------------------


async def own_answer(db: Database, activity: Activity, participant_id: int) -> str | None:
    value = await db.fetch_value(
        "SELECT answer FROM live_answers"
        " WHERE activity_id = ? AND round = ? AND participant_id = ?",
        (activity.id, activity.round, participant_id),
    )
    return str(value) if value is not None else None


async def own_words(db: Database, activity: Activity, participant_id: int) -> list[str]:
    rows = await db.fetch_all(
        "SELECT text FROM live_words WHERE activity_id = ? AND round = ? AND participant_id = ?"
        " ORDER BY id",
        (activity.id, activity.round, participant_id),
    )
    return [r[0] for r in rows]


async def own_upvotes(db: Database, activity: Activity, participant_id: int) -> list[int]:
    votes, items, column = (
        ("live_idea_votes", "live_ideas", "idea_id")
        if activity.kind is ActivityKind.IDEAS
        else ("live_question_votes", "live_questions", "question_id")
    )
    rows = await db.fetch_all(
        f"SELECT v.{column} FROM {votes} v JOIN {items} i ON i.id = v.{column}"
        " WHERE i.activity_id = ? AND i.round = ? AND v.participant_id = ?",
        (activity.id, activity.round, participant_id),
    )
    return [r[0] for r in rows]


async def own_pending_questions(db: Database, activity: Activity, participant_id: int) -> list[Row]:
    return await db.fetch_all(
        "SELECT id, text FROM live_questions WHERE activity_id = ? AND round = ?"
        " AND participant_id = ? AND status = 'pending' ORDER BY id",
        (activity.id, activity.round, participant_id),
    )


# --- writes inside a transaction ----------------------------------------------------


async def count_own_words(conn: Transaction, activity: Activity, participant_id: int) -> int:
    row = await conn.fetch_one(
        "SELECT COUNT(*) FROM live_words WHERE activity_id = ? AND round = ? AND participant_id"
        " = ?",
        (activity.id, activity.round, participant_id),
    )
    return int(row[0]) if row else 0


async def item_of_activity(conn: Transaction, table: str, item_id: int, activity: Activity) -> bool:
    return (
        await conn.fetch_one(
            f"SELECT 1 FROM {table} WHERE id = ? AND activity_id = ? AND round = ?",
            (item_id, activity.id, activity.round),
        )
        is not None
    )


async def author_of(conn: Transaction, table: str, item_id: int, activity: Activity) -> int | None:
    """Who sent a word, idea or question (never shown; used to mute them)."""
    row = await conn.fetch_one(
        f"SELECT participant_id FROM {table} WHERE id = ? AND activity_id = ?",
        (item_id, activity.id),
    )
    return int(row[0]) if row else None


async def muted_count(db: Database, event_id: int) -> int:
    value = await db.fetch_value("SELECT COUNT(*) FROM live_muted WHERE event_id = ?", (event_id,))
    return int(value or 0)


async def submissions_since(db: Database, event_id: int, since: str) -> int:
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


ANNOUNCEMENT_COLUMNS = "id, event_id, text, projector, created_at, withdrawn_at, account_id"


async def announcements(db: Database, event_id: int, active_only: bool, limit: int) -> list[Row]:
    """The event's announcements, newest first (only those not withdrawn if asked)."""
    only = " AND withdrawn_at IS NULL" if active_only else ""
    return await db.fetch_all(
        f"SELECT {ANNOUNCEMENT_COLUMNS} FROM console_announcements WHERE event_id = ?{only}"
        " ORDER BY id DESC LIMIT ?",
        (event_id, limit),
    )


async def item_of_nonce(conn: Transaction, participant_id: int, nonce: str) -> int | None:
    """The entry a participant's earlier submission with ``nonce`` added, if any."""
    row = await conn.fetch_one(
        "SELECT item_id FROM live_submission_nonces WHERE participant_id = ? AND nonce = ?",
        (participant_id, nonce),
    )
    return int(row[0]) if row else None


async def remember_nonce(conn: Transaction, participant_id: int, nonce: str, item_id: int) -> None:
    """Record that the submission ``nonce`` added ``item_id`` (same transaction)."""
    await conn.execute(
        "INSERT INTO live_submission_nonces (participant_id, nonce, item_id, created_at)"
        " VALUES (?, ?, ?, ?)",
        (participant_id, nonce, item_id, now_db()),
    )


async def cloud_layout(db: Database, activity: Activity) -> tuple[int, dict[str, Any]] | None:
    """The stored layout of the word cloud's current round: (version, state)."""
    row = await db.fetch_one(
        "SELECT version, state FROM live_cloud_layouts WHERE activity_id = ? AND round = ?",
        (activity.id, activity.round),
    )
    return (row["version"], json.loads(row["state"])) if row else None


async def save_cloud_layout(db: Database, activity: Activity, state: dict[str, Any]) -> None:
    """Store a layout made for the activity's version, unless a newer one is there
    (another process laid out a later version meanwhile)."""
    params = (activity.id, activity.round, activity.version, json.dumps(state))

    await db.write_inline(
        lambda tx: tx.execute(
            "INSERT INTO live_cloud_layouts (activity_id, round, version, state)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (activity_id) DO UPDATE SET"
            " round = excluded.round, version = excluded.version, state = excluded.state"
            " WHERE excluded.round > live_cloud_layouts.round"
            " OR excluded.version > live_cloud_layouts.version",
            params,
        )
    )
