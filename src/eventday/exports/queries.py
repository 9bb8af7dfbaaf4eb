"""SQL the exports need beyond what the features already offer."""

from __future__ import annotations

from eventday.db import Reader
from eventday.live.models import Activity
from eventday.registration.models import Registration
from eventday.registration.queries import to_registration


async def registrations_of_event(db: Reader, event_id: int) -> list[Registration]:
    """Every registration of the event in the order they came."""
    rows = await db.fetch_all(
        "SELECT * FROM registrations WHERE event_id = ? ORDER BY id",
        (event_id,),
    )
    return [to_registration(r) for r in rows]


async def submissions(db: Reader, activity: Activity) -> int:
    """Everything sent to the activity's current round: answers, words, ideas,
    questions and upvotes."""
    value = await db.fetch_value(
        "SELECT (SELECT COUNT(*) FROM live_answers WHERE activity_id = ?1 AND round = ?2)"
        " + (SELECT COUNT(*) FROM live_words WHERE activity_id = ?1 AND round = ?2)"
        " + (SELECT COUNT(*) FROM live_ideas WHERE activity_id = ?1 AND round = ?2)"
        " + (SELECT COUNT(*) FROM live_questions WHERE activity_id = ?1 AND round = ?2)"
        " + (SELECT COUNT(*) FROM live_idea_votes v JOIN live_ideas i ON i.id = v.idea_id"
        "    WHERE i.activity_id = ?1 AND i.round = ?2)"
        " + (SELECT COUNT(*) FROM live_question_votes v JOIN live_questions q"
        "    ON q.id = v.question_id WHERE q.activity_id = ?1 AND q.round = ?2)",
        (activity.id, activity.round),
    )
    return int(value or 0)


async def connected_participants(db: Reader, event_id: int) -> int:
    """Participants who had the live page open at some time (anonymous or linked)."""
    value = await db.fetch_value(
        "SELECT COUNT(DISTINCT participant_id) FROM presence_intervals WHERE event_id = ?",
        (event_id,),
    )
    return int(value or 0)
