"""Scored quizzes: points for right answers, nicknames and leaderboards.

A *quiz question* is a poll with correct answers; it is *scored* when its
``config.points`` is above zero. A *quiz* is the scored questions of one agenda
session (those in no session form one quiz of their own), so a moderator scores a
quiz by giving its questions points, and its leaderboard ranks the participants by
their points over the questions already revealed. Without ``speed_bonus`` (the
default, so nobody is rushed) a right answer earns ``points``; with it, also
:func:`speed_bonus` more."""

from __future__ import annotations

import hashlib

import msgspec

from eventday.db import Reader, Transaction
from eventday.errors import N_, Conflict, InvalidInput
from eventday.live import queries, words
from eventday.live.effects import StageChanged
from eventday.live.models import Activity, ActivityKind, Leaderboard, Nickname, Placing

TOP = 10
BONUS_SECONDS = 30
ANIMALS = [
    "Älg", "Lo", "Räv", "Uggla", "Igelkott", "Bäver", "Säl", "Hare",
    "Varg", "Björn", "Ekorre", "Grävling", "Utter", "Trana", "Lunnefågel", "Järv",
]  # fmt: skip


class NicknameTaken(Conflict):
    code = "nickname-taken"
    title = N_("Someone already has that nickname. Choose another.")


class Score(msgspec.Struct, frozen=True, kw_only=True):
    rank: int
    nickname: str
    points: int
    right: int
    """How many questions this participant answered right."""


def is_scored(activity: Activity) -> bool:
    return (
        activity.kind is ActivityKind.CHOICE
        and bool(activity.config.correct)
        and activity.config.points > 0
    )


def speed_bonus(points: int, seconds: float | None) -> int:
    """The extra points of a right answer given ``seconds`` after the question opened:
    ``points × (1 − seconds / 30)``, rounded, from ``points`` at once down to none
    after 30 seconds (none when the question never opened)."""
    if seconds is None:
        return 0
    return round(points * max(0.0, 1 - max(0.0, seconds) / BONUS_SECONDS))


def default_nickname(participant_id: int) -> str:
    """An anonymous animal name with a number, the same for a participant every time
    (and telling nothing about who they are or when they joined)."""
    digest = hashlib.sha256(f"nickname:{participant_id}".encode()).digest()
    return f"{ANIMALS[digest[0] % len(ANIMALS)]} {10 + int.from_bytes(digest[1:3]) % 90}"


async def nickname(db: Reader, event_id: int, participant_id: int) -> tuple[str, bool]:
    """The participant's nickname and whether they chose it."""
    chosen = await queries.nickname_of(db, event_id, participant_id)
    return (chosen, True) if chosen is not None else (default_nickname(participant_id), False)


async def set_nickname(
    tx: Transaction, activity: Activity, participant_id: int, message: Nickname
) -> None:
    """Save the nickname (the submission handler of ``nickname``): moderated by the
    event's blocklist, and unique in the event whatever the case."""
    if not is_scored(activity):
        raise InvalidInput(N_("Nicknames are for scored quizzes."))
    text = " ".join(message.text.split())
    norm = words.normalise(text)
    blocklist = (await queries.live_settings(tx, activity.event_id)).blocklist
    if not norm:
        raise InvalidInput(N_("Write a nickname."))
    if words.is_blocked(norm, blocklist):
        raise InvalidInput(N_("Choose another nickname."))
    if await queries.nickname_taken(tx, activity.event_id, participant_id, norm):
        raise NicknameTaken()
    await queries.save_nickname(tx, activity.event_id, participant_id, text, norm)


async def questions(db: Reader, activity: Activity) -> list[Activity]:
    """The scored questions of the quiz ``activity`` belongs to, in run-of-show order."""
    every = await queries.activities_of_event(db, activity.event_id)
    return [a for a in every if is_scored(a) and a.session_id == activity.session_id]


async def scores(db: Reader, activity: Activity) -> list[Score]:
    """Everyone who answered a revealed question of the quiz, most points first; equal
    points share a rank and are listed by nickname."""
    points: dict[int, int] = {}
    right: dict[int, int] = {}
    for question in await questions(db, activity):
        if not question.revealed:
            continue
        correct = sorted(question.config.correct)
        for row in await queries.quiz_answers(db, question):
            participant = row["participant_id"]
            points.setdefault(participant, 0)
            right.setdefault(participant, 0)
            if sorted(msgspec.json.decode(row["answer"])) == correct:
                bonus = question.config.speed_bonus
                earned = question.config.points
                points[participant] += earned + (
                    speed_bonus(earned, row["seconds"]) if bonus else 0
                )
                right[participant] += 1
    names = await queries.nicknames(db, activity.event_id)
    ordered = sorted(
        points, key=lambda p: (-points[p], names.get(p, default_nickname(p)).casefold())
    )
    ranked: list[Score] = []
    for place, participant in enumerate(ordered, start=1):
        tied = ranked and ranked[-1].points == points[participant]
        ranked.append(
            Score(
                rank=ranked[-1].rank if tied else place,
                nickname=names.get(participant, default_nickname(participant)),
                points=points[participant],
                right=right[participant],
            )
        )
    return ranked


async def leaderboard(db: Reader, activity: Activity) -> Leaderboard:
    ranked = await scores(db, activity)
    return Leaderboard(
        quiz=activity.id,
        session=activity.session_id,
        players=len(ranked),
        top=[
            Placing(rank=s.rank, nickname=s.nickname, points=s.points)
            for s in ranked
            if s.rank <= TOP
        ],
    )


async def shown_leaderboard(db: Reader, event_id: int) -> Leaderboard | None:
    """The leaderboard on the event's stage, as it is now."""
    quiz = await queries.leaderboard_shown(db, event_id)
    activity = await queries.activity_by_id(db, quiz) if quiz is not None else None
    return await leaderboard(db, activity) if activity is not None else None


async def show_leaderboard(tx: Transaction, activity: Activity, on: bool) -> None:
    """Put the leaderboard of ``activity``'s quiz on the stage (phones and the
    projector), or take it off again."""
    if not is_scored(activity):
        raise InvalidInput(N_("Only a scored quiz question has a leaderboard."))
    await queries.show_leaderboard(tx, activity.event_id, activity.id if on else None)
    tx.emit(StageChanged(activity.event_id))


async def follow_leaderboard(tx: Transaction, activity: Activity) -> None:
    """After a scored question of the quiz on the stage is revealed, hidden or reset,
    the leaderboard there is built again (a new stage version)."""
    shown = await queries.leaderboard_shown(tx, activity.event_id)
    if shown is None or not is_scored(activity):
        return
    quiz = await queries.activity_by_id(tx, shown)
    if quiz is not None and quiz.session_id == activity.session_id:
        await queries.show_leaderboard(tx, activity.event_id, shown)
        tx.emit(StageChanged(activity.event_id))
