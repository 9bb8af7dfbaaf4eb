"""SQL of the webinar companion."""

from __future__ import annotations

from datetime import datetime

import msgspec

from eventday.clock import now_db, to_db
from eventday.db import Database, Reader, Transaction
from eventday.db.rows import from_row, from_rows
from eventday.events import queries as event_queries
from eventday.events.models import Event
from eventday.registration.models import Registration, RegistrationStatus
from eventday.registration.queries import to_registration
from eventday.webinar.models import (
    Audience,
    EvaluationQuestion,
    EvaluationQuestionIn,
    GroupMailRecord,
    QuestionKind,
    WebinarSettings,
)

_MINUTES = msgspec.json.Decoder(list[int])
_OPTIONS = msgspec.json.Decoder(list[str])


async def settings_of(db: Reader, event_id: int) -> WebinarSettings:
    row = await db.fetch_one(
        "SELECT reminders, stream_audience, thank_you, evaluation_reminder_days,"
        " evaluation_min_group FROM webinar_settings WHERE event_id = ?",
        (event_id,),
    )
    if row is None:
        return WebinarSettings()
    return from_row(WebinarSettings, row, reminders=_MINUTES.decode(row["reminders"]))


async def save_settings(tx: Transaction, event_id: int, settings: WebinarSettings) -> None:
    await tx.execute(
        "INSERT INTO webinar_settings (event_id, reminders, stream_audience, thank_you,"
        " evaluation_reminder_days, evaluation_min_group) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (event_id) DO UPDATE"
        " SET reminders = excluded.reminders, stream_audience = excluded.stream_audience,"
        " thank_you = excluded.thank_you,"
        " evaluation_reminder_days = excluded.evaluation_reminder_days,"
        " evaluation_min_group = excluded.evaluation_min_group",
        (
            event_id,
            msgspec.json.encode(settings.reminders).decode(),
            settings.stream_audience.value,
            int(settings.thank_you),
            settings.evaluation_reminder_days,
            settings.evaluation_min_group,
        ),
    )


async def events_between(db: Database, column: str, start: datetime, end: datetime) -> list[Event]:
    """Events whose ``starts_at`` or ``ends_at`` lies in [start, end)."""
    assert column in ("starts_at", "ends_at")
    rows = await db.fetch_all(
        f"SELECT id FROM events WHERE {column} >= ? AND {column} < ?",
        (to_db(start), to_db(end)),
    )
    found = [await event_queries.event_by_id(db, row["id"]) for row in rows]
    return [e for e in found if e is not None]


async def with_status(
    db: Reader, event_id: int, status: RegistrationStatus
) -> list[tuple[Registration, str]]:
    """The event's registrations of one status, with their token hash (for their mail
    links)."""
    rows = await db.fetch_all(
        "SELECT * FROM registrations WHERE event_id = ? AND status = ? ORDER BY id",
        (event_id, status.value),
    )
    return [(to_registration(r), r["token_hash"]) for r in rows]


async def token_hash_of(db: Reader, registration_id: int) -> str | None:
    value: str | None = await db.fetch_value(
        "SELECT token_hash FROM registrations WHERE id = ?", (registration_id,)
    )
    return value


async def event_and_token_of(db: Reader, registration_id: int) -> tuple[int, str] | None:
    """The event id and token hash of a registration, if it exists."""
    row = await db.fetch_one(
        "SELECT event_id, token_hash FROM registrations WHERE id = ?", (registration_id,)
    )
    return (row["event_id"], row["token_hash"]) if row else None


async def linked_registration(db: Reader, event_id: int, participant_id: int) -> int | None:
    """The registration a live participant of the event came through, if any."""
    value: int | None = await db.fetch_value(
        "SELECT registration_id FROM live_participants WHERE id = ? AND event_id = ?",
        (participant_id, event_id),
    )
    return value


async def once_keys(db: Reader, event_id: int, prefix: str) -> set[str]:
    rows = await db.fetch_all(
        "SELECT once_key FROM mail_outbox WHERE event_id = ? AND once_key LIKE ?",
        (event_id, prefix + "%"),
    )
    return {r[0] for r in rows}


async def mail_states(db: Reader, event_id: int, prefix: str) -> dict[str, int]:
    rows = await db.fetch_all(
        "SELECT status, COUNT(*) FROM mail_outbox WHERE event_id = ? AND once_key LIKE ?"
        " GROUP BY status",
        (event_id, prefix + "%"),
    )
    return {r[0]: r[1] for r in rows}


async def booked(db: Reader, event_id: int, session_id: int) -> set[int] | None:
    """Registrations with a confirmed seat in a session of the event; None if the
    event has no such session."""
    if not await db.fetch_value(
        "SELECT COUNT(*) FROM sessions WHERE id = ? AND event_id = ?", (session_id, event_id)
    ):
        return None
    rows = await db.fetch_all(
        "SELECT registration_id FROM session_bookings"
        " WHERE session_id = ? AND status = 'confirmed'",
        (session_id,),
    )
    return {r[0] for r in rows}


async def missing_reminders(db: Reader, event_id: int, due: datetime, key_prefix: str) -> int:
    """Confirmed registrations made by ``due`` without the mail keyed ``key_prefix<id>``."""
    count: int = await db.fetch_value(
        "SELECT COUNT(*) FROM registrations r WHERE r.event_id = ? AND r.status = 'confirmed'"
        " AND r.created_at <= ? AND NOT EXISTS"
        " (SELECT 1 FROM mail_outbox m WHERE m.once_key = ? || r.id)",
        (event_id, to_db(due), key_prefix),
    )
    return count


# --- group mail -------------------------------------------------------------------------


async def insert_group_mail(
    tx: Transaction,
    event_id: int,
    audience: Audience,
    session_id: int | None,
    subject: str,
    body: str,
    recipients: int,
    account_id: int | None,
) -> int:
    written = await tx.execute(
        "INSERT INTO group_mails (event_id, audience, session_id, subject, body, recipients,"
        " sent_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (event_id, audience.value, session_id, subject, body, recipients, account_id, now_db()),
    )
    return written.lastrowid


async def group_mails_of(db: Reader, event_id: int) -> list[GroupMailRecord]:
    """The event's group mails, the newest first."""
    rows = await db.fetch_all(
        "SELECT id, audience, session_id, subject, recipients, created_at FROM group_mails"
        " WHERE event_id = ? ORDER BY id DESC",
        (event_id,),
    )
    return from_rows(GroupMailRecord, rows)


# --- the evaluation ---------------------------------------------------------------------


async def questions_of(db: Reader, event_id: int) -> list[EvaluationQuestion]:
    rows = await db.fetch_all(
        "SELECT id, kind, prompt, options FROM evaluation_questions WHERE event_id = ?"
        " ORDER BY position",
        (event_id,),
    )
    return [from_row(EvaluationQuestion, r, options=_OPTIONS.decode(r["options"])) for r in rows]


async def replace_questions(
    tx: Transaction, event_id: int, questions: list[EvaluationQuestionIn]
) -> None:
    """The event's questions, in this order (a choice keeps its options, others none)."""
    await tx.execute("DELETE FROM evaluation_questions WHERE event_id = ?", (event_id,))
    await tx.executemany(
        "INSERT INTO evaluation_questions (event_id, position, kind, prompt, options)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            (
                event_id,
                i,
                q.kind.value,
                q.prompt.strip(),
                msgspec.json.encode(q.options if q.kind is QuestionKind.CHOICE else []).decode(),
            )
            for i, q in enumerate(questions)
        ],
    )


async def response_count(db: Reader, event_id: int) -> int:
    return int(
        await db.fetch_value(
            "SELECT COUNT(*) FROM evaluation_responses WHERE event_id = ?", (event_id,)
        )
    )


async def has_responded(db: Reader, event_id: int, respondent: str) -> bool:
    return bool(
        await db.fetch_value(
            "SELECT COUNT(*) FROM evaluation_done WHERE event_id = ? AND respondent = ?",
            (event_id, respondent),
        )
    )


async def mark_responded(tx: Transaction, event_id: int, respondent: str) -> bool:
    """Note that ``respondent`` has answered; false if they had already."""
    written = await tx.execute(
        "INSERT INTO evaluation_done (event_id, respondent) VALUES (?, ?) ON CONFLICT DO NOTHING",
        (event_id, respondent),
    )
    return bool(written.rowcount)


async def insert_response(
    tx: Transaction, event_id: int, gender: str, region: str, answers: dict[int, str]
) -> None:
    """One anonymous response: the group it counts in, and its answer per question."""
    written = await tx.execute(
        "INSERT INTO evaluation_responses (event_id, gender, region) VALUES (?, ?, ?)",
        (event_id, gender, region),
    )
    await tx.executemany(
        "INSERT INTO evaluation_answers (response_id, question_id, value) VALUES (?, ?, ?)",
        [(written.lastrowid, qid, value) for qid, value in answers.items()],
    )


async def respondent_groups(db: Reader, event_id: int) -> dict[int, tuple[str, str]]:
    """Each response's gender and region (either may be empty)."""
    rows = await db.fetch_all(
        "SELECT id, gender, region FROM evaluation_responses WHERE event_id = ?", (event_id,)
    )
    return {r["id"]: (r["gender"], r["region"]) for r in rows}


async def evaluation_answers(db: Reader, event_id: int) -> list[tuple[int, int, str]]:
    """(response, question, value) of every answer, by response."""
    rows = await db.fetch_all(
        "SELECT a.response_id, a.question_id, a.value FROM evaluation_answers a"
        " JOIN evaluation_responses r ON r.id = a.response_id WHERE r.event_id = ?"
        " ORDER BY a.response_id",
        (event_id,),
    )
    return [(r[0], r[1], r[2]) for r in rows]
