"""Console actions: the one audited way in for every moderator action (the console
socket, the console API and the live API's moderator endpoints). Each action is a
live service call, recorded in the audit log with the action that undoes it, in the
same transaction; what it changed reaches the screens through the effects it emits.
No Litestar here."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import msgspec

from eventday.accounts.models import Account, EventRole
from eventday.accounts.queries import event_roles_of
from eventday.agenda.models import Session, SessionKind
from eventday.agenda.queries import sessions_of_event
from eventday.clock import now_db, to_db
from eventday.console import queries
from eventday.console.effects import ConsoleChanged
from eventday.console.models import (
    AlwaysOpen,
    Announce,
    Blocklist,
    CancelTimer,
    Close,
    ConsoleAction,
    ConsoleState,
    Copy,
    Delete,
    Duplicate,
    Edit,
    EditIdea,
    Evaluation,
    ExtendTimer,
    Group,
    HideIdea,
    HideResults,
    HideWord,
    MergeAnswers,
    MergeIdeas,
    MergeQuestions,
    MergeWords,
    Move,
    Mute,
    Open,
    OpenTextAnswer,
    Outcome,
    Premoderation,
    Question,
    Quick,
    Reset,
    Reveal,
    ShowLeaderboard,
    ShowOnProjector,
    SplitWord,
    StartTimer,
    Undo,
    UnhideIdea,
    UnhideWord,
    UnmergeAnswer,
    UnmergeIdea,
    UnmergeQuestion,
    UnmergeWords,
    Unmute,
    Withdraw,
)
from eventday.db import Database, Transaction
from eventday.errors import N_, Conflict, InvalidInput, NotFound
from eventday.events.models import Event
from eventday.events.queries import event_by_slug
from eventday.live import activities, moderation, quiz
from eventday.live import queries as live_queries
from eventday.live.effects import Announced
from eventday.live.models import (
    Activity,
    ActivityIn,
    ActivityState,
    Announcement,
    AnswerAction,
    MergeIn,
    QuestionAction,
)

ANNOUNCEMENT_LOG = 10
UNDO_OF_QUESTION = {
    QuestionAction.HIDE: QuestionAction.UNHIDE,
    QuestionAction.REJECT: QuestionAction.UNHIDE,
    QuestionAction.UNHIDE: QuestionAction.HIDE,
    QuestionAction.ANSWER: QuestionAction.UNANSWER,
    QuestionAction.UNANSWER: QuestionAction.ANSWER,
    QuestionAction.PIN: QuestionAction.UNPIN,
    QuestionAction.UNPIN: QuestionAction.PIN,
}
UNDO_OF_ANSWER = {
    AnswerAction.APPROVE: AnswerAction.HIDE,
    AnswerAction.REJECT: AnswerAction.UNHIDE,
    AnswerAction.HIDE: AnswerAction.UNHIDE,
    AnswerAction.UNHIDE: AnswerAction.HIDE,
}
action_decoder = msgspec.json.Decoder(ConsoleAction)
encoder = msgspec.json.Encoder()


class AlreadyUndone(Conflict):
    code = "already-undone"
    title = N_("This has already been undone.")


def _short(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


async def perform(db: Database, event: Event, account: Account, action: ConsoleAction) -> Outcome:
    """Run one console action and record it in the audit log, in one transaction; what
    it changed is published once it has committed (``effects``)."""
    async with db.transaction() as tx:
        if isinstance(action, Undo):
            outcome = await _undo(tx, event, account, action)
        else:
            outcome = await _apply(tx, event, account, action)
            tag = outcome.action or type(action).__struct_config__.tag
            undo = encoder.encode(outcome.undo) if outcome.undo is not None else None
            outcome.audit = await queries.record(
                tx, event.id, account.id, str(tag), outcome.summary, undo
            )
        tx.emit(ConsoleChanged(event.id))
    return outcome


async def _undo(tx: Transaction, event: Event, account: Account, action: Undo) -> Outcome:
    row = await queries.audit_entry(tx, action.entry)
    if row is None or row["event_id"] != event.id:
        raise NotFound(N_("There is no such entry in the log."))
    if row["undo"] is None:
        raise InvalidInput(N_("This action cannot be undone."))
    if row["undone_by"] is not None:
        raise AlreadyUndone()
    reverse = action_decoder.decode(row["undo"])
    outcome = await _apply(tx, event, account, reverse)
    outcome.audit = await queries.record(tx, event.id, account.id, "undo", outcome.summary, None)
    await queries.mark_undone(tx, action.entry, outcome.audit)
    outcome.undo = None
    return outcome


Handler = Callable[[Transaction, Event, Any], Awaitable[Outcome]]


async def _apply(tx: Transaction, event: Event, account: Account, action: ConsoleAction) -> Outcome:
    if isinstance(action, Announce):
        return await _announce(tx, event, account, action)
    if isinstance(action, Copy):
        return await _copy(tx, event, account, action)
    handler = HANDLERS.get(type(action))
    if handler is None:
        raise InvalidInput(N_("This action cannot be undone."))
    return await handler(tx, event, action)


def _changed(activity: Activity) -> Outcome:
    return Outcome(result=activity, summary=_short(activity.title))


async def _open(tx: Transaction, event: Event, action: Open) -> Outcome:
    activity = await activities.get_activity(tx, event, action.activity)
    return _changed(await activities.set_state(tx, activity, ActivityState.OPEN))


async def _close(tx: Transaction, event: Event, action: Close) -> Outcome:
    activity = await activities.get_activity(tx, event, action.activity)
    return _changed(await activities.set_state(tx, activity, ActivityState.CLOSED))


async def _reveal(tx: Transaction, event: Event, action: Reveal | HideResults) -> Outcome:
    activity = await activities.get_activity(tx, event, action.activity)
    changed = await activities.set_revealed(tx, activity, isinstance(action, Reveal))
    await quiz.follow_leaderboard(tx, changed)
    return _changed(changed)


async def _reset(tx: Transaction, event: Event, action: Reset) -> Outcome:
    activity = await activities.get_activity(tx, event, action.activity)
    changed = await activities.reset_activity(tx, activity, action.round)
    await quiz.follow_leaderboard(tx, changed)
    return _changed(changed)


async def _stage(tx: Transaction, event: Event, action: ShowOnProjector) -> Outcome:
    settings = await activities.set_stage(tx, event, action.activity)
    title = ""
    if action.activity is not None:
        title = (await activities.get_activity(tx, event, action.activity)).title
    return Outcome(result=settings.activity_id, summary=_short(title))


async def _leaderboard(tx: Transaction, event: Event, action: ShowLeaderboard) -> Outcome:
    activity = await activities.get_activity(tx, event, action.activity)
    await quiz.show_leaderboard(tx, activity, action.on)
    return Outcome(
        summary=_short(activity.title),
        action=f"leaderboard_{'on' if action.on else 'off'}",
        undo=ShowLeaderboard(activity=activity.id, on=not action.on),
    )


async def _duplicate(tx: Transaction, event: Event, action: Duplicate) -> Outcome:
    activity = await activities.get_activity(tx, event, action.activity)
    return _changed(await activities.duplicate_activity(tx, event, activity))


async def _edit(tx: Transaction, event: Event, action: Edit) -> Outcome:
    activity = await activities.get_activity(tx, event, action.activity)
    data = ActivityIn(
        kind=action.kind or activity.kind,
        title=action.title,
        title_en=action.title_en,
        hide_results=action.hide_results,
        config=action.config,
        session_id=action.session_id,
    )
    return _changed(await activities.edit_activity(tx, event, activity, data))


async def _move(tx: Transaction, event: Event, action: Move) -> Outcome:
    if (action.before is None) == (action.after is None):
        raise InvalidInput(field_errors={"before": N_("Give either before or after.")})
    activity = await activities.get_activity(tx, event, action.activity)
    target_id = action.after if action.after is not None else action.before
    assert target_id is not None
    target = await activities.get_activity(tx, event, target_id)
    before, after = activities.neighbours(await activities.list_activities(tx, event), activity)
    moved = await activities.move_activity(tx, event, activity, target, action.after is not None)
    if after is not None:
        back = Move(activity=activity.id, before=after)
    elif before is not None:
        back = Move(activity=activity.id, after=before)
    else:
        back = None
    return Outcome(result=moved, summary=_short(moved.title), undo=back)


async def _delete(tx: Transaction, event: Event, action: Delete) -> Outcome:
    activity = await activities.get_activity(tx, event, action.activity)
    await activities.delete_activity(tx, event, activity)
    return Outcome(summary=_short(activity.title))


async def _copy(tx: Transaction, event: Event, account: Account, action: Copy) -> Outcome:
    source = await event_by_slug(tx, action.source)
    allowed = source is not None and (
        account.is_organiser
        or EventRole.MODERATOR in await event_roles_of(tx, account.id, source.id)
    )
    if source is None or not allowed or source.id == event.id:
        raise InvalidInput(field_errors={"source": N_("Choose another event you can moderate.")})
    copies = await activities.copy_activities(tx, event, source, action.activities)
    return Outcome(result=copies, summary=_short(source.name))


async def _quick(tx: Transaction, event: Event, action: Quick) -> Outcome:
    activity = await activities.create_activity(
        tx,
        event,
        ActivityIn(
            kind=action.kind,
            title=action.title,
            title_en=action.title_en,
            hide_results=action.hide_results,
            config=action.config,
            session_id=action.session_id,
        ),
    )
    if action.open:
        activity = await activities.set_state(tx, activity, ActivityState.OPEN)
    return _changed(activity)


async def _timer(tx: Transaction, event: Event, action: StartTimer) -> Outcome:
    activity = await activities.get_activity(tx, event, action.activity)
    return _changed(await activities.start_timer(tx, activity, action.seconds))


async def _extend_timer(tx: Transaction, event: Event, action: ExtendTimer) -> Outcome:
    activity = await activities.get_activity(tx, event, action.activity)
    return _changed(await activities.extend_timer(tx, activity, action.seconds))


async def _cancel_timer(tx: Transaction, event: Event, action: CancelTimer) -> Outcome:
    activity = await activities.get_activity(tx, event, action.activity)
    return _changed(await activities.cancel_timer(tx, activity))


async def _always_open(tx: Transaction, event: Event, action: AlwaysOpen) -> Outcome:
    activity = await activities.get_activity(tx, event, action.activity)
    outcome = _changed(await activities.set_always_open(tx, activity, action.on))
    outcome.action = f"always_open_{'on' if action.on else 'off'}"
    outcome.undo = AlwaysOpen(activity=activity.id, on=not action.on)
    return outcome


async def _word(tx: Transaction, event: Event, action: HideWord | UnhideWord) -> Outcome:
    activity = await activities.get_activity(tx, event, action.activity)
    hide = isinstance(action, HideWord)
    await moderation.set_word_hidden(tx, activity, action.key, hide)
    reverse = (UnhideWord if hide else HideWord)(activity=activity.id, key=action.key)
    return Outcome(summary=action.key, undo=reverse)


async def _merge_words(tx: Transaction, event: Event, action: MergeWords) -> Outcome:
    activity = await activities.get_activity(tx, event, action.activity)
    await moderation.merge_words(tx, activity, action.sources, action.target)
    return Outcome(
        summary=_short(f"{', '.join(action.sources)} → {action.target}"),
        undo=UnmergeWords(activity=activity.id, sources=action.sources),
    )


async def _unmerge_words(tx: Transaction, event: Event, action: UnmergeWords) -> Outcome:
    activity = await activities.get_activity(tx, event, action.activity)
    for source in action.sources:
        await moderation.unmerge_word(tx, activity, source)
    return Outcome(summary=_short(", ".join(action.sources)))


async def _split_word(tx: Transaction, event: Event, action: SplitWord) -> Outcome:
    activity = await activities.get_activity(tx, event, action.activity)
    await moderation.split_word(tx, activity, action.form)
    return Outcome(
        summary=_short(action.form),
        undo=UnmergeWords(activity=activity.id, sources=[action.form]),
    )


async def _blocklist(tx: Transaction, event: Event, action: Blocklist) -> Outcome:
    before = set((await activities.live_settings(tx, event)).blocklist)
    settings = await activities.edit_blocklist(tx, event, action.add, action.remove)
    after = set(settings.blocklist)
    added, removed = sorted(after - before), sorted(before - after)
    summary = " ".join([*(f"+{w}" for w in added), *(f"−{w}" for w in removed)])
    reverse = Blocklist(add=removed, remove=added) if added or removed else None
    return Outcome(result=settings.blocklist, summary=_short(summary), undo=reverse)


async def _premoderation(tx: Transaction, event: Event, action: Premoderation) -> Outcome:
    await activities.set_premoderation(tx, event, action.on)
    return Outcome(result=action.on, action=f"premoderation_{'on' if action.on else 'off'}")


async def _evaluation(tx: Transaction, event: Event, action: Evaluation) -> Outcome:
    await activities.set_evaluation(tx, event, action.open)
    return Outcome(
        result=action.open,
        action=f"evaluation_{'open' if action.open else 'closed'}",
        undo=Evaluation(open=not action.open),
    )


async def _idea_text(tx: Transaction, idea_id: int) -> str:
    return _short(await live_queries.text_of(tx, "live_ideas", idea_id))


async def _hide_idea(tx: Transaction, event: Event, action: HideIdea | UnhideIdea) -> Outcome:
    activity = await activities.get_activity(tx, event, action.activity)
    hide = isinstance(action, HideIdea)
    await moderation.set_idea_hidden(tx, activity, action.idea, hide)
    reverse = (UnhideIdea if hide else HideIdea)(activity=activity.id, idea=action.idea)
    return Outcome(summary=await _idea_text(tx, action.idea), undo=reverse)


async def _edit_idea(tx: Transaction, event: Event, action: EditIdea) -> Outcome:
    activity = await activities.get_activity(tx, event, action.activity)
    old = await moderation.edit_idea(tx, activity, action.idea, action.text)
    reverse = EditIdea(activity=activity.id, idea=action.idea, text=old)
    return Outcome(summary=_short(f"{old} → {action.text}"), undo=reverse)


async def _merge_ideas(tx: Transaction, event: Event, action: MergeIdeas) -> Outcome:
    activity = await activities.get_activity(tx, event, action.activity)
    await moderation.merge_ideas(tx, activity, MergeIn(source=action.source, target=action.target))
    summary = f"{await _idea_text(tx, action.source)} → {await _idea_text(tx, action.target)}"
    return Outcome(summary=summary, undo=UnmergeIdea(activity=activity.id, idea=action.source))


async def _unmerge_idea(tx: Transaction, event: Event, action: UnmergeIdea) -> Outcome:
    activity = await activities.get_activity(tx, event, action.activity)
    await moderation.unmerge_idea(tx, activity, action.idea)
    return Outcome(summary=await _idea_text(tx, action.idea))


async def _question(tx: Transaction, event: Event, action: Question) -> Outcome:
    activity = await activities.get_activity(tx, event, action.activity)
    await moderation.moderate_question(tx, activity, action.question, action.action)
    text = await live_queries.text_of(tx, "live_questions", action.question)
    reverse_action = UNDO_OF_QUESTION.get(action.action)
    reverse = (
        Question(activity=activity.id, question=action.question, action=reverse_action)
        if reverse_action
        else None
    )
    return Outcome(summary=_short(text), action=f"question_{action.action.value}", undo=reverse)


async def _question_text(tx: Transaction, question_id: int) -> str:
    return _short(await live_queries.text_of(tx, "live_questions", question_id))


async def _merge_questions(tx: Transaction, event: Event, action: MergeQuestions) -> Outcome:
    activity = await activities.get_activity(tx, event, action.activity)
    merge = MergeIn(source=action.source, target=action.target)
    await moderation.merge_questions(tx, activity, merge)
    source = await _question_text(tx, action.source)
    target = await _question_text(tx, action.target)
    return Outcome(
        summary=f"{source} → {target}",
        undo=UnmergeQuestion(activity=activity.id, question=action.source),
    )


async def _unmerge_question(tx: Transaction, event: Event, action: UnmergeQuestion) -> Outcome:
    activity = await activities.get_activity(tx, event, action.activity)
    await moderation.unmerge_question(tx, activity, action.question)
    return Outcome(summary=await _question_text(tx, action.question))


async def _answer_text(tx: Transaction, answer_id: int) -> str:
    return _short(await live_queries.text_of(tx, "live_open_texts", answer_id))


async def _open_text(tx: Transaction, event: Event, action: OpenTextAnswer) -> Outcome:
    activity = await activities.get_activity(tx, event, action.activity)
    await moderation.moderate_answer(tx, activity, action.answer, action.action)
    reverse = OpenTextAnswer(
        activity=activity.id, answer=action.answer, action=UNDO_OF_ANSWER[action.action]
    )
    return Outcome(
        summary=await _answer_text(tx, action.answer),
        action=f"open_text_{action.action.value}",
        undo=reverse,
    )


async def _merge_answers(tx: Transaction, event: Event, action: MergeAnswers) -> Outcome:
    activity = await activities.get_activity(tx, event, action.activity)
    await moderation.merge_answers(
        tx, activity, MergeIn(source=action.source, target=action.target)
    )
    source = await _answer_text(tx, action.source)
    target = await _answer_text(tx, action.target)
    return Outcome(
        summary=f"{source} → {target}",
        undo=UnmergeAnswer(activity=activity.id, answer=action.source),
    )


async def _unmerge_answer(tx: Transaction, event: Event, action: UnmergeAnswer) -> Outcome:
    activity = await activities.get_activity(tx, event, action.activity)
    await moderation.unmerge_answer(tx, activity, action.answer)
    return Outcome(summary=await _answer_text(tx, action.answer))


async def _mute(tx: Transaction, event: Event, action: Mute | Unmute) -> Outcome:
    activity = await activities.get_activity(tx, event, action.activity)
    mute = isinstance(action, Mute)
    await moderation.set_author_muted(tx, activity, action.item, mute)
    text = await live_queries.text_of(tx, live_queries.AUTHORED[activity.kind], action.item)
    reverse = (Unmute if mute else Mute)(activity=activity.id, item=action.item)
    return Outcome(summary=_short(text), undo=reverse)


async def _announce(tx: Transaction, event: Event, account: Account, action: Announce) -> Outcome:
    text = action.text.strip()
    if not text:
        raise InvalidInput(field_errors={"text": N_("Write the announcement.")})
    announcement_id = await queries.add_announcement(
        tx, event.id, text, action.projector, account.id, now_db()
    )
    await _announced(tx, announcement_id)
    return Outcome(
        result=announcement_id, summary=_short(text), undo=Withdraw(announcement=announcement_id)
    )


async def _withdraw(tx: Transaction, event: Event, action: Withdraw) -> Outcome:
    if not await queries.withdraw_announcement(tx, event.id, action.announcement, now_db()):
        raise NotFound(N_("There is no such announcement."))
    return Outcome(summary=_short((await _announced(tx, action.announcement)).text))


async def _announced(tx: Transaction, announcement_id: int) -> Announcement:
    """The announcement as it is now, sent to phones once committed."""
    announcement = await queries.announcement_by_id(tx, announcement_id)
    assert announcement is not None
    tx.emit(Announced(announcement))
    return announcement


HANDLERS: dict[type, Handler] = {
    Open: _open,
    Close: _close,
    Reveal: _reveal,
    HideResults: _reveal,
    Reset: _reset,
    ShowOnProjector: _stage,
    ShowLeaderboard: _leaderboard,
    Duplicate: _duplicate,
    Edit: _edit,
    Move: _move,
    Delete: _delete,
    Quick: _quick,
    StartTimer: _timer,
    ExtendTimer: _extend_timer,
    CancelTimer: _cancel_timer,
    AlwaysOpen: _always_open,
    HideWord: _word,
    UnhideWord: _word,
    MergeWords: _merge_words,
    UnmergeWords: _unmerge_words,
    SplitWord: _split_word,
    Blocklist: _blocklist,
    Premoderation: _premoderation,
    Evaluation: _evaluation,
    HideIdea: _hide_idea,
    UnhideIdea: _hide_idea,
    EditIdea: _edit_idea,
    MergeIdeas: _merge_ideas,
    UnmergeIdea: _unmerge_idea,
    Question: _question,
    MergeQuestions: _merge_questions,
    UnmergeQuestion: _unmerge_question,
    OpenTextAnswer: _open_text,
    MergeAnswers: _merge_answers,
    UnmergeAnswer: _unmerge_answer,
    Mute: _mute,
    Unmute: _mute,
    Withdraw: _withdraw,
}


# --- the console's state -------------------------------------------------------------


def run_of_show(sessions: list[Session], activities: list[Activity]) -> list[Group]:
    """The agenda in time order, each session with its activities (breaks only when
    they have some), then the activities that belong to no session."""
    by_session: dict[int | None, list[Activity]] = {}
    for activity in activities:
        by_session.setdefault(activity.session_id, []).append(activity)
    groups = [
        Group(
            session=session.id,
            title=session.title,
            starts_at=to_db(session.starts_at),
            ends_at=to_db(session.ends_at),
            activities=by_session.pop(session.id, []),
        )
        for session in sorted(sessions, key=lambda s: s.starts_at)
        if session.kind is not SessionKind.BREAK or session.id in by_session
    ]
    loose = [activity for items in by_session.values() for activity in items]
    if loose:
        groups.append(Group(session=None, title="", activities=loose))
    return groups


async def console_state(db: Database, event_id: int) -> ConsoleState:
    """Everything the console shows apart from live results, read from the database."""
    settings = await live_queries.live_settings(db, event_id)
    return ConsoleState(
        event=event_id,
        version=await queries.audit_version(db, event_id),
        stage=settings.activity_id,
        qa_premoderation=settings.qa_premoderation,
        blocklist=settings.blocklist,
        evaluation_open=settings.evaluation_open,
        groups=run_of_show(
            await sessions_of_event(db, event_id),
            await live_queries.activities_of_event(db, event_id),
        ),
        announcements=await live_queries.announcements(db, event_id, False, ANNOUNCEMENT_LOG),
        audit=await queries.audit_log(db, event_id),
        muted=await live_queries.muted_count(db, event_id),
    )
