"""The evaluation after an event: its questions, anonymous answers, and the results
with breakdowns by gender and region shown only for groups of at least
the event's ``evaluation_min_group`` respondents (5 unless the organiser says)."""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter, defaultdict

import msgspec

from eventday.db import Database
from eventday.errors import N_, Conflict, InvalidInput
from eventday.events.models import Event
from eventday.registration.models import GENDER_OPTIONS, Builtin, Registration
from eventday.web.i18n import gettext
from eventday.webinar import queries
from eventday.webinar.models import (
    EvaluationIn,
    EvaluationQuestion,
    EvaluationResults,
    QuestionKind,
    QuestionResult,
    Share,
)

"""Breakdowns of fewer respondents than this are not shown (they could identify)."""


SCALE = [str(n) for n in range(1, 6)]


def group_label(group: str) -> str:
    """A breakdown's group as shown: a gender in the reader's language, a region as
    written."""
    return gettext(GENDER_OPTIONS[group]) if group in GENDER_OPTIONS else group


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
    async with db.transaction() as tx:
        if await queries.response_count(tx, event.id):
            raise Conflict(N_("People have answered already, so the questions stay as they are."))
        await queries.replace_questions(tx, event.id, data.questions)
    return await queries.questions_of(db, event.id)


def respondent(secret: bytes, registration_id: int) -> str:
    """Who has answered, as a keyed hash that the answers do not carry."""
    return hmac.new(secret, f"evaluation:{registration_id}".encode(), hashlib.sha256).hexdigest()


class Respondent(msgspec.Struct, frozen=True, kw_only=True):
    """Who answers: ``key`` (a keyed hash, kept apart from the answers, so nobody
    answers twice) and the gender and region the response carries for breakdowns."""

    key: str
    gender: str = ""
    region: str = ""


def registrant(secret: bytes, reg: Registration) -> Respondent:
    """A registered attendee, through a mail link or the live page opened from their
    private link: the same key either way, so they answer once."""
    return Respondent(
        key=respondent(secret, reg.id),
        gender=str(reg.answers.get(Builtin.GENDER.value, "") or ""),
        region=str(reg.answers.get(Builtin.REGION.value, "") or ""),
    )


def participant(secret: bytes, participant_id: int) -> Respondent:
    """A live participant who came with the join code alone (one per device)."""
    key = hmac.new(secret, f"evaluation:participant:{participant_id}".encode(), hashlib.sha256)
    return Respondent(key=key.hexdigest())


async def has_answered(db: Database, secret: bytes, event: Event, registration_id: int) -> bool:
    return await queries.has_responded(db, event.id, respondent(secret, registration_id))


async def answered(db: Database, event: Event, who: Respondent) -> bool:
    return await queries.has_responded(db, event.id, who.key)


async def answer(db: Database, event: Event, who: Respondent, values: dict[int, str]) -> None:
    """Store one anonymous response; each answer checked against its question."""
    questions = await queries.questions_of(db, event.id)
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
    async with db.transaction() as tx:
        if not await queries.mark_responded(tx, event.id, who.key):
            raise Conflict(N_("You have already answered. Thank you!"))
        await queries.insert_response(tx, event.id, who.gender, who.region, chosen)


def _share(group: str, respondents: int, values: list[str], kind: QuestionKind) -> Share:
    numbers = [int(v) for v in values] if kind is QuestionKind.SCALE else []
    return Share(
        group=group,
        respondents=respondents,
        counts=dict(Counter(values)) if kind is not QuestionKind.TEXT else {},
        mean=round(sum(numbers) / len(numbers), 2) if numbers else None,
    )


async def results(db: Database, event: Event) -> EvaluationResults:
    """Counts and means per question, overall and (for groups of the event's
    ``evaluation_min_group`` or more respondents) by gender and by region; open
    answers as written."""
    min_group = (await queries.settings_of(db, event.id)).evaluation_min_group
    questions = await queries.questions_of(db, event.id)
    people = await queries.respondent_groups(db, event.id)
    answers: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for response_id, question_id, value in await queries.evaluation_answers(db, event.id):
        answers[question_id].append((response_id, value))
    sizes = [Counter(p[i] for p in people.values() if p[i]) for i in (0, 1)]
    out = []
    for q in questions:
        given = answers.get(q.id, [])
        breakdowns: list[list[Share]] = [[], []]
        for i in (0, 1):
            for group, size in sorted(sizes[i].items()):
                if size >= min_group:
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
    return EvaluationResults(respondents=len(people), min_group=min_group, questions=out)
