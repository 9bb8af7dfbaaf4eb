"""The evaluation after an event: its questions, anonymous answers, and the results
with breakdowns by gender and region shown only for groups of at least
``MIN_GROUP`` respondents."""

from __future__ import annotations

import enum
import hashlib
import hmac
from collections import Counter, defaultdict
from typing import Annotated

import msgspec

from eventday.db import Database
from eventday.errors import N_, Conflict, InvalidInput
from eventday.events.models import Event
from eventday.registration.models import Builtin, Registration

MIN_GROUP = 5
"""Breakdowns of fewer respondents than this are not shown (they could identify)."""


class QuestionKind(enum.StrEnum):
    SCALE = "scale"
    CHOICE = "choice"
    TEXT = "text"


class EvaluationQuestionIn(msgspec.Struct, frozen=True, kw_only=True):
    """``scale``: 1 (poor) to 5 (very good); ``choice``: one of ``options``; ``text``."""

    kind: QuestionKind
    prompt: Annotated[str, msgspec.Meta(min_length=1, max_length=300)]
    options: Annotated[
        list[Annotated[str, msgspec.Meta(min_length=1, max_length=100)]],
        msgspec.Meta(max_length=10),
    ] = msgspec.field(default_factory=list)


class EvaluationQuestion(EvaluationQuestionIn, frozen=True, kw_only=True):
    id: int


class EvaluationIn(msgspec.Struct, frozen=True, kw_only=True):
    questions: Annotated[list[EvaluationQuestionIn], msgspec.Meta(max_length=20)]


class Share(msgspec.Struct, frozen=True, kw_only=True):
    """The answers of one group (everyone, a gender, a region)."""

    group: str
    respondents: int
    counts: dict[str, int]
    mean: float | None


class QuestionResult(msgspec.Struct, frozen=True, kw_only=True):
    question: EvaluationQuestion
    overall: Share
    texts: list[str]
    by_gender: list[Share]
    by_region: list[Share]


class EvaluationResults(msgspec.Struct, frozen=True, kw_only=True):
    respondents: int
    min_group: int
    questions: list[QuestionResult]


_OPTIONS = msgspec.json.Decoder(list[str])
SCALE = [str(n) for n in range(1, 6)]


async def questions_of(db: Database, event_id: int) -> list[EvaluationQuestion]:
    rows = await db.fetch_all(
        "SELECT id, kind, prompt, options FROM evaluation_questions WHERE event_id = ?"
        " ORDER BY position",
        (event_id,),
    )
    return [
        EvaluationQuestion(
            id=r["id"],
            kind=QuestionKind(r["kind"]),
            prompt=r["prompt"],
            options=_OPTIONS.decode(r["options"]),
        )
        for r in rows
    ]


async def save_questions(
    db: Database, event: Event, data: EvaluationIn
) -> list[EvaluationQuestion]:
    """Replace the questions; refused once anyone has answered (the answers would no
    longer match)."""
    errors = {
        f"questions[{i}].options": N_("A choice question needs two to ten options.")
        for i, q in enumerate(data.questions)
        if q.kind is QuestionKind.CHOICE and len(q.options) < 2
    }
    if errors:
        raise InvalidInput(field_errors=errors)
    async with db.transaction() as conn:
        row = await conn.fetch_one(
            "SELECT COUNT(*) FROM evaluation_responses WHERE event_id = ?", (event.id,)
        )
        if row and row[0]:
            raise Conflict(N_("People have answered already, so the questions stay as they are."))
        await conn.execute("DELETE FROM evaluation_questions WHERE event_id = ?", (event.id,))
        await conn.executemany(
            "INSERT INTO evaluation_questions (event_id, position, kind, prompt, options)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                (
                    event.id,
                    i,
                    q.kind.value,
                    q.prompt.strip(),
                    msgspec.json.encode(
                        q.options if q.kind is QuestionKind.CHOICE else []
                    ).decode(),
                )
                for i, q in enumerate(data.questions)
            ],
        )
    return await questions_of(db, event.id)


def respondent(secret: bytes, registration_id: int) -> str:
    """Who has answered, as a keyed hash that the answers do not carry."""
    return hmac.new(secret, f"evaluation:{registration_id}".encode(), hashlib.sha256).hexdigest()


async def has_answered(db: Database, secret: bytes, event: Event, registration_id: int) -> bool:
    return bool(
        await db.fetch_value(
            "SELECT COUNT(*) FROM evaluation_done WHERE event_id = ? AND respondent = ?",
            (event.id, respondent(secret, registration_id)),
        )
    )


async def answer(
    db: Database, secret: bytes, event: Event, reg: Registration, values: dict[int, str]
) -> None:
    """Store one anonymous response; each answer checked against its question."""
    questions = await questions_of(db, event.id)
    chosen: dict[int, str] = {}
    errors: dict[str, str] = {}
    for q in questions:
        value = values.get(q.id, "").strip()
        if not value:
            continue
        allowed = SCALE if q.kind is QuestionKind.SCALE else q.options
        if q.kind is not QuestionKind.TEXT and value not in allowed:
            errors[f"q{q.id}"] = N_("Please choose one of the options.")
        chosen[q.id] = value[:2000]
    if not chosen:
        errors.setdefault("answers", N_("Answer at least one question."))
    if errors:
        raise InvalidInput(field_errors=errors)
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO evaluation_done (event_id, respondent) VALUES (?, ?)"
            " ON CONFLICT DO NOTHING",
            (event.id, respondent(secret, reg.id)),
        )
        if not cursor.rowcount:
            raise Conflict(N_("You have already answered. Thank you!"))
        cursor = await conn.execute(
            "INSERT INTO evaluation_responses (event_id, gender, region) VALUES (?, ?, ?)",
            (
                event.id,
                str(reg.answers.get(Builtin.GENDER.value, "") or ""),
                str(reg.answers.get(Builtin.REGION.value, "") or ""),
            ),
        )
        await conn.executemany(
            "INSERT INTO evaluation_answers (response_id, question_id, value) VALUES (?, ?, ?)",
            [(cursor.lastrowid, qid, value) for qid, value in chosen.items()],
        )


def _share(group: str, respondents: int, values: list[str], kind: QuestionKind) -> Share:
    numbers = [int(v) for v in values] if kind is QuestionKind.SCALE else []
    return Share(
        group=group,
        respondents=respondents,
        counts=dict(Counter(values)) if kind is not QuestionKind.TEXT else {},
        mean=round(sum(numbers) / len(numbers), 2) if numbers else None,
    )


async def results(db: Database, event: Event) -> EvaluationResults:
    """Counts and means per question, overall and (for groups of ``MIN_GROUP`` or more
    respondents) by gender and by region; open answers as written."""
    questions = await questions_of(db, event.id)
    people = {
        r["id"]: (r["gender"], r["region"])
        for r in await db.fetch_all(
            "SELECT id, gender, region FROM evaluation_responses WHERE event_id = ?", (event.id,)
        )
    }
    answers: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for r in await db.fetch_all(
        "SELECT a.response_id, a.question_id, a.value FROM evaluation_answers a"
        " JOIN evaluation_responses r ON r.id = a.response_id WHERE r.event_id = ?"
        " ORDER BY a.response_id",
        (event.id,),
    ):
        answers[r["question_id"]].append((r["response_id"], r["value"]))
    sizes = [Counter(p[i] for p in people.values() if p[i]) for i in (0, 1)]
    out = []
    for q in questions:
        given = answers.get(q.id, [])
        breakdowns: list[list[Share]] = [[], []]
        for i in (0, 1):
            for group, size in sorted(sizes[i].items()):
                if size >= MIN_GROUP:
                    values = [v for rid, v in given if people[rid][i] == group]
                    breakdowns[i].append(_share(group, size, values, q.kind))
        out.append(
            QuestionResult(
                question=q,
                overall=_share("", len(people), [v for _, v in given], q.kind),
                texts=[v for _, v in given] if q.kind is QuestionKind.TEXT else [],
                by_gender=breakdowns[0],
                by_region=breakdowns[1],
            )
        )
    return EvaluationResults(respondents=len(people), min_group=MIN_GROUP, questions=out)
