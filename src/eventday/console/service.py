"""Console actions: one dispatcher for the API and the console socket. Each action
is a live service call, recorded in the audit log with the action that undoes it.
No Litestar here; ``console.actions`` publishes what changed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import msgspec

from eventday.accounts.models import Account
from eventday.agenda.models import Session, SessionKind
from eventday.agenda.queries import sessions_of_event
from eventday.clock import now_db, to_db
from eventday.console import queries
from eventday.console.models import (
    Announce,
    AuditEntry,
    Blocklist,
    Close,
    ConsoleAction,
    ConsoleState,
    Duplicate,
    Edit,
    EditIdea,
    Group,
    HideIdea,
    HideResults,
    HideWord,
    MergeIdeas,
    MergeWords,
    Mute,
    Open,
    Outcome,
    Premoderation,
    Question,
    Quick,
    Reset,
    Reveal,
    ShowOnProjector,
    SplitWord,
    Undo,
    UnhideIdea,
    UnhideWord,
    UnmergeIdea,
    UnmergeWords,
    Unmute,
    Withdraw,
)
from eventday.db import Database
from eventday.errors import N_, Conflict, InvalidInput, NotFound
from eventday.events.models import Event
from eventday.live import queries as live_queries
from eventday.live import service as live
from eventday.live.models import (
    Activity,
    ActivityIn,
    ActivityState,
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
action_decoder = msgspec.json.Decoder(ConsoleAction)
encoder = msgspec.json.Encoder()


class AlreadyUndone(Conflict):
    code = "already-undone"
    title = N_("This has already been undone.")


def _short(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


async def perform(db: Database, event: Event, account: Account, action: ConsoleAction) -> Outcome:
    """Run one console action, record it in the audit log and say what changed."""
    if isinstance(action, Undo):
        return await _undo(db, event, account, action)
    outcome = await _apply(db, event, account, action)
    tag = type(action).__struct_config__.tag
    undo = encoder.encode(outcome.undo) if outcome.undo is not None else None
    entry = await queries.record(db, event.id, account.id, str(tag), outcome.summary, undo)
    outcome.result = {"audit": entry, "value": outcome.result}
    return outcome


async def _undo(db: Database, event: Event, account: Account, action: Undo) -> Outcome:
    row = await queries.audit_entry(db, action.entry)
    if row is None or row["event_id"] != event.id:
        raise NotFound(N_("There is no such entry in the log."))
    if row["undo"] is None:
        raise InvalidInput(N_("This action cannot be undone."))
    if row["undone_by"] is not None:
        raise AlreadyUndone()
    reverse = action_decoder.decode(row["undo"])
    outcome = await _apply(db, event, account, reverse)
    entry = await queries.record(
        db, event.id, account.id, "undo", f"{row['action']}: {outcome.summary}", None
    )
    if not await queries.mark_undone(db, action.entry, entry):
        raise AlreadyUndone()
    outcome.result = {"audit": entry, "value": outcome.result}
    outcome.undo = None
    return outcome


Handler = Callable[[Database, Event, Any], Awaitable[Outcome]]


async def _apply(db: Database, event: Event, account: Account, action: ConsoleAction) -> Outcome:
    if isinstance(action, Announce):
        return await _announce(db, event, account, action)
    handler = HANDLERS.get(type(action))
    if handler is None:
        raise InvalidInput(N_("This action cannot be undone."))
    return await handler(db, event, action)


async def _activity(db: Database, event: Event, activity_id: int) -> Activity:
    return await live.get_activity(db, event, activity_id)


def _changed(activity: Activity, **kwargs: Any) -> Outcome:
    return Outcome(
        result=activity, summary=_short(activity.title), activities=[activity.id], **kwargs
    )


async def _open(db: Database, event: Event, action: Open) -> Outcome:
    activity = await live.set_state(
        db, await _activity(db, event, action.activity), ActivityState.OPEN
    )
    return _changed(activity, stage=True)


async def _close(db: Database, event: Event, action: Close) -> Outcome:
    activity = await live.set_state(
        db, await _activity(db, event, action.activity), ActivityState.CLOSED
    )
    return _changed(activity)


async def _reveal(db: Database, event: Event, action: Reveal | HideResults) -> Outcome:
    activity = await _activity(db, event, action.activity)
    activity = await live.set_revealed(db, activity, isinstance(action, Reveal))
    return _changed(activity)


async def _reset(db: Database, event: Event, action: Reset) -> Outcome:
    activity = await _activity(db, event, action.activity)
    return _changed(await live.reset_activity(db, activity, action.round))


async def _stage(db: Database, event: Event, action: ShowOnProjector) -> Outcome:
    settings = await live.set_stage(db, event, action.activity)
    title = ""
    if action.activity is not None:
        title = (await _activity(db, event, action.activity)).title
    return Outcome(result=settings.activity_id, summary=_short(title), stage=True)


async def _duplicate(db: Database, event: Event, action: Duplicate) -> Outcome:
    copy = await live.duplicate_activity(db, event, await _activity(db, event, action.activity))
    return _changed(copy)


async def _edit(db: Database, event: Event, action: Edit) -> Outcome:
    activity = await _activity(db, event, action.activity)
    data = ActivityIn(
        kind=activity.kind,
        title=action.title,
        title_en=action.title_en,
        hide_results=action.hide_results,
        config=action.config,
        session_id=action.session_id,
    )
    return _changed(await live.edit_activity(db, activity, data))


async def _quick(db: Database, event: Event, action: Quick) -> Outcome:
    activity = await live.create_activity(
        db,
        event,
        ActivityIn(
            kind=action.kind, title=action.title, title_en=action.title_en, config=action.config
        ),
    )
    if action.open:
        activity = await live.set_state(db, activity, ActivityState.OPEN)
    return _changed(activity, stage=action.open)


async def _word(db: Database, event: Event, action: HideWord | UnhideWord) -> Outcome:
    activity = await _activity(db, event, action.activity)
    hide = isinstance(action, HideWord)
    await live.set_word_hidden(db, activity, action.key, hide)
    reverse = (UnhideWord if hide else HideWord)(activity=activity.id, key=action.key)
    return Outcome(summary=action.key, activities=[activity.id], undo=reverse)


async def _merge_words(db: Database, event: Event, action: MergeWords) -> Outcome:
    activity = await _activity(db, event, action.activity)
    await live.merge_words(db, activity, action.sources, action.target)
    return Outcome(
        summary=_short(f"{', '.join(action.sources)} → {action.target}"),
        activities=[activity.id],
        undo=UnmergeWords(activity=activity.id, sources=action.sources),
    )


async def _unmerge_words(db: Database, event: Event, action: UnmergeWords) -> Outcome:
    activity = await _activity(db, event, action.activity)
    for source in action.sources:
        await live.unmerge_word(db, activity, source)
    return Outcome(summary=_short(", ".join(action.sources)), activities=[activity.id])


async def _split_word(db: Database, event: Event, action: SplitWord) -> Outcome:
    activity = await _activity(db, event, action.activity)
    await live.split_word(db, activity, action.form)
    return Outcome(
        summary=_short(action.form),
        activities=[activity.id],
        undo=UnmergeWords(activity=activity.id, sources=[action.form]),
    )


async def _blocklist(db: Database, event: Event, action: Blocklist) -> Outcome:
    before = set((await live.live_settings(db, event)).blocklist)
    settings = await live.edit_blocklist(db, event, action.add, action.remove)
    after = set(settings.blocklist)
    added, removed = sorted(after - before), sorted(before - after)
    activities = [a.id for a in await live.list_activities(db, event)]
    summary = " ".join([*(f"+{w}" for w in added), *(f"−{w}" for w in removed)])
    reverse = Blocklist(add=removed, remove=added) if added or removed else None
    return Outcome(
        result=settings.blocklist, summary=_short(summary), activities=activities, undo=reverse
    )


async def _premoderation(db: Database, event: Event, action: Premoderation) -> Outcome:
    await live.set_premoderation(db, event, action.on)
    return Outcome(result=action.on, summary="on" if action.on else "off")


async def _idea_text(db: Database, idea_id: int) -> str:
    value = await db.fetch_value("SELECT text FROM live_ideas WHERE id = ?", (idea_id,))
    return _short(str(value or ""))


async def _hide_idea(db: Database, event: Event, action: HideIdea | UnhideIdea) -> Outcome:
    activity = await _activity(db, event, action.activity)
    hide = isinstance(action, HideIdea)
    await live.set_idea_hidden(db, activity, action.idea, hide)
    reverse = (UnhideIdea if hide else HideIdea)(activity=activity.id, idea=action.idea)
    summary = await _idea_text(db, action.idea)
    return Outcome(summary=summary, activities=[activity.id], undo=reverse)


async def _edit_idea(db: Database, event: Event, action: EditIdea) -> Outcome:
    activity = await _activity(db, event, action.activity)
    old = await live.edit_idea(db, activity, action.idea, action.text)
    reverse = EditIdea(activity=activity.id, idea=action.idea, text=old)
    return Outcome(summary=_short(f"{old} → {action.text}"), activities=[activity.id], undo=reverse)


async def _merge_ideas(db: Database, event: Event, action: MergeIdeas) -> Outcome:
    activity = await _activity(db, event, action.activity)
    await live.merge_ideas(db, activity, MergeIn(source=action.source, target=action.target))
    summary = f"{await _idea_text(db, action.source)} → {await _idea_text(db, action.target)}"
    return Outcome(
        summary=summary,
        activities=[activity.id],
        undo=UnmergeIdea(activity=activity.id, idea=action.source),
    )


async def _unmerge_idea(db: Database, event: Event, action: UnmergeIdea) -> Outcome:
    activity = await _activity(db, event, action.activity)
    await live.unmerge_idea(db, activity, action.idea)
    return Outcome(summary=await _idea_text(db, action.idea), activities=[activity.id])


async def _question(db: Database, event: Event, action: Question) -> Outcome:
    activity = await _activity(db, event, action.activity)
    await live.moderate_question(db, activity, action.question, action.action)
    text = await db.fetch_value("SELECT text FROM live_questions WHERE id = ?", (action.question,))
    reverse_action = UNDO_OF_QUESTION.get(action.action)
    reverse = (
        Question(activity=activity.id, question=action.question, action=reverse_action)
        if reverse_action
        else None
    )
    summary = _short(f"{action.action.value}: {text}")
    return Outcome(summary=summary, activities=[activity.id], undo=reverse)


async def _mute(db: Database, event: Event, action: Mute | Unmute) -> Outcome:
    activity = await _activity(db, event, action.activity)
    mute = isinstance(action, Mute)
    await live.set_author_muted(db, activity, action.item, mute)
    table = live.AUTHORED[activity.kind]
    text = await db.fetch_value(f"SELECT text FROM {table} WHERE id = ?", (action.item,))
    activities = [a.id for a in await live.list_activities(db, event)]
    reverse = (Unmute if mute else Mute)(activity=activity.id, item=action.item)
    return Outcome(summary=_short(str(text)), activities=activities, undo=reverse)


async def _announce(db: Database, event: Event, account: Account, action: Announce) -> Outcome:
    at = now_db()
    text = action.text.strip()
    if not text:
        raise InvalidInput(field_errors={"text": N_("Write the announcement.")})
    announcement_id = await queries.add_announcement(
        db, event.id, text, action.projector, account.id, at
    )
    row = await queries.announcement_row(db, announcement_id)
    assert row is not None
    return Outcome(
        result=announcement_id,
        summary=_short(text),
        announcement=live.announcement(row),
        undo=Withdraw(announcement=announcement_id),
    )


async def _withdraw(db: Database, event: Event, action: Withdraw) -> Outcome:
    if not await queries.withdraw_announcement(db, event.id, action.announcement, now_db()):
        raise NotFound(N_("There is no such announcement."))
    row = await queries.announcement_row(db, action.announcement)
    assert row is not None
    return Outcome(summary=_short(row["text"]), announcement=live.announcement(row))


HANDLERS: dict[type, Handler] = {
    Open: _open,
    Close: _close,
    Reveal: _reveal,
    HideResults: _reveal,
    Reset: _reset,
    ShowOnProjector: _stage,
    Duplicate: _duplicate,
    Edit: _edit,
    Quick: _quick,
    HideWord: _word,
    UnhideWord: _word,
    MergeWords: _merge_words,
    UnmergeWords: _unmerge_words,
    SplitWord: _split_word,
    Blocklist: _blocklist,
    Premoderation: _premoderation,
    HideIdea: _hide_idea,
    UnhideIdea: _hide_idea,
    EditIdea: _edit_idea,
    MergeIdeas: _merge_ideas,
    UnmergeIdea: _unmerge_idea,
    Question: _question,
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


async def console_state(db: Database, event: Event) -> ConsoleState:
    """Everything the console shows apart from live results, read from the database."""
    settings = await live.live_settings(db, event)
    announcements = await live_queries.announcements(db, event.id, False, ANNOUNCEMENT_LOG)
    audit = await queries.audit_log(db, event.id)
    return ConsoleState(
        event=event.id,
        version=await queries.audit_version(db, event.id),
        stage=settings.activity_id,
        qa_premoderation=settings.qa_premoderation,
        blocklist=settings.blocklist,
        groups=run_of_show(
            await sessions_of_event(db, event.id), await live.list_activities(db, event)
        ),
        announcements=[live.announcement(r) for r in announcements],
        audit=[
            AuditEntry(
                id=r["id"],
                at=r["created_at"],
                who=r["who"],
                action=r["action"],
                summary=r["summary"],
                undoable=bool(r["undoable"]),
                undone=bool(r["undone"]),
            )
            for r in audit
        ],
        muted=await live_queries.muted_count(db, event.id),
    )
