"""Activities: creating and editing them, opening, closing, revealing and resetting
them, the stage (what phones and the projector show) and the event's live settings.

Every change runs in the caller's transaction and emits what it means for the screens
(``effects``); the hub publishes it once the transaction has committed."""

from __future__ import annotations

from datetime import timedelta

import msgspec

from eventday.agenda.queries import sessions_of_event
from eventday.clock import from_db, now_db, to_db, utcnow
from eventday.db import Reader, Transaction
from eventday.errors import N_, Conflict, InvalidInput, NotFound
from eventday.events.models import Event
from eventday.live import queries, words
from eventday.live.effects import ActivityChanged, CountdownEnded, StageChanged
from eventday.live.models import (
    Activity,
    ActivityIn,
    ActivityKind,
    ActivityState,
    ActivityView,
    LiveSettings,
)


class RoundMoved(Conflict):
    code = "round-moved"
    title = N_("Someone else has already reset this activity.")


class NotOpen(Conflict):
    code = "not-open"
    title = N_("The activity is not open.")


class NoTimer(Conflict):
    code = "no-timer"
    title = N_("No countdown is running on this activity.")


class NotDraft(Conflict):
    code = "not-draft"
    title = N_("Only a draft can be edited. Duplicate it to change it.")


class NotDraftDelete(Conflict):
    code = "not-draft"
    title = N_("Only a draft can be deleted; its results stay with the event.")


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
    if (config.points or config.speed_bonus) and not (
        data.kind is ActivityKind.CHOICE and config.correct
    ):
        errors["config.points"] = N_("Only a quiz question (a poll with a correct answer) scores.")
    if errors:
        raise InvalidInput(field_errors=errors)


async def _check_session(db: Reader, event: Event, data: ActivityIn) -> None:
    if data.session_id is None:
        return
    if data.session_id not in {s.id for s in await sessions_of_event(db, event.id)}:
        raise InvalidInput(field_errors={"session_id": N_("Choose a session of this event.")})


async def get_activity(db: Reader, event: Event, activity_id: int) -> Activity:
    activity = await queries.activity_by_id(db, activity_id)
    if activity is None or activity.event_id != event.id:
        raise NotFound(N_("There is no such activity."))
    return activity


async def list_activities(db: Reader, event: Event) -> list[Activity]:
    return await queries.activities_of_event(db, event.id)


async def changed(tx: Transaction, activity_id: int) -> Activity:
    """The activity as it is now in ``tx``, announced as changed once committed."""
    tx.emit(ActivityChanged(activity_id))
    activity = await queries.activity_by_id(tx, activity_id)
    assert activity is not None
    return activity


async def create_activity(tx: Transaction, event: Event, data: ActivityIn) -> Activity:
    """A new draft activity at the end of the event's list."""
    _check_config(data)
    await _check_session(tx, event, data)
    await queries.ensure_stage(tx, event.id)
    return await changed(tx, await queries.add_activity(tx, event.id, data))


async def duplicate_activity(tx: Transaction, event: Event, activity: Activity) -> Activity:
    """A draft copy of an activity, placed right after it."""
    await queries.make_room_after(tx, event.id, activity.position)
    copy = ActivityIn(
        kind=activity.kind,
        title=activity.title,
        title_en=activity.title_en,
        session_id=activity.session_id,
        hide_results=activity.hide_results,
        config=activity.config,
    )
    return await changed(tx, await queries.add_activity(tx, event.id, copy, activity.position + 1))


async def edit_activity(
    tx: Transaction, event: Event, activity: Activity, data: ActivityIn
) -> Activity:
    """Change a draft's title, settings and session (its kind stays)."""
    if activity.state is not ActivityState.DRAFT:
        raise NotDraft()
    if data.kind is not activity.kind:
        raise InvalidInput(field_errors={"kind": N_("The kind of an activity cannot change.")})
    _check_config(data)
    await _check_session(tx, event, data)
    current = await queries.activity_by_id(tx, activity.id)
    if current is None or current.state is not ActivityState.DRAFT:
        raise NotDraft()
    await queries.bump_activity(
        tx,
        activity.id,
        title=data.title,
        title_en=data.title_en.strip(),
        config=msgspec.json.encode(data.config),
        hide_results=int(data.hide_results),
        session_id=data.session_id,
    )
    return await changed(tx, activity.id)


async def delete_activity(tx: Transaction, event: Event, activity: Activity) -> None:
    """Delete a draft (an activity that has been open keeps its results: close it)."""
    current = await queries.activity_by_id(tx, activity.id)
    if current is None or current.state is not ActivityState.DRAFT:
        raise NotDraftDelete()
    settings = await queries.live_settings(tx, event.id)
    await queries.delete_activity(tx, activity.id)
    tx.emit(ActivityChanged(activity.id))
    if settings.activity_id == activity.id:
        await _put_on_stage(tx, event.id, None)


async def move_activity(
    tx: Transaction, event: Event, activity: Activity, target: Activity, after: bool
) -> Activity:
    """Place an activity right before (or ``after``) another of the same session in
    the run of show; the others keep their order."""
    if target.session_id != activity.session_id:
        field = "after" if after else "before"
        raise InvalidInput(
            field_errors={field: N_("Move it next to an activity of the same session.")}
        )
    order = [a.id for a in await queries.activities_of_event(tx, event.id) if a.id != activity.id]
    if target.id != activity.id:
        order.insert(order.index(target.id) + int(after), activity.id)
        await queries.set_positions(tx, order)
    # Phones and the projector never see the order: no snapshot changes.
    moved = await queries.activity_by_id(tx, activity.id)
    assert moved is not None
    return moved


def neighbours(activities: list[Activity], activity: Activity) -> tuple[int | None, int | None]:
    """The activities just before and just after ``activity`` in its session."""
    same = [a.id for a in activities if a.session_id == activity.session_id]
    index = same.index(activity.id)
    before = same[index - 1] if index > 0 else None
    after = same[index + 1] if index + 1 < len(same) else None
    return before, after


async def copy_activities(
    tx: Transaction, event: Event, source: Event, activity_ids: list[int]
) -> list[Activity]:
    """Draft copies of another event's activities (all of them when ``activity_ids`` is
    empty), in their order at the end of this event's list, in no session."""
    chosen = [
        a
        for a in await queries.activities_of_event(tx, source.id)
        if not activity_ids or a.id in activity_ids
    ]
    missing = set(activity_ids) - {a.id for a in chosen}
    if missing:
        raise InvalidInput(field_errors={"activities": N_("Choose activities of that event.")})
    await queries.ensure_stage(tx, event.id)
    copies = []
    for activity in chosen:
        copy = ActivityIn(
            kind=activity.kind,
            title=activity.title,
            title_en=activity.title_en,
            hide_results=activity.hide_results,
            config=activity.config,
        )
        copies.append(await changed(tx, await queries.add_activity(tx, event.id, copy)))
    return copies


async def set_state(tx: Transaction, activity: Activity, state: ActivityState) -> Activity:
    """Open or close an activity. Opening one also puts it on the stage, so phones
    and the projector switch to it."""
    if state is activity.state:
        await queries.bump_activity(tx, activity.id, state=state.value)
    else:  # a countdown belongs to the opening it was started in
        await queries.bump_activity(tx, activity.id, state=state.value, deadline=None)
    if state is ActivityState.OPEN:
        await queries.start_round_clock(tx, activity.id)
        await _put_on_stage(tx, activity.event_id, activity.id)
    return await changed(tx, activity.id)


async def set_revealed(tx: Transaction, activity: Activity, revealed: bool) -> Activity:
    """Reveal (results and the correct answer on phones and the projector) or hide
    (results off phones and the projector), the same for every kind, whether the
    activity's results were public or hidden until revealed."""
    await queries.bump_activity(
        tx, activity.id, revealed=int(revealed), results_hidden=int(not revealed)
    )
    return await changed(tx, activity.id)


async def reset_activity(
    tx: Transaction, activity: Activity, expected_round: int | None = None
) -> Activity:
    """Start a new round: results start from zero; earlier rounds stay for exports.
    With ``expected_round``, only that round is reset, so two moderators pressing
    reset together give one new round, not two."""
    current = await queries.activity_by_id(tx, activity.id)
    assert current is not None
    if expected_round is not None and current.round != expected_round:
        raise RoundMoved()
    await queries.bump_activity(
        tx,
        activity.id,
        round=current.round + 1,
        revealed=0,
        results_hidden=0,
        round_started_at=now_db() if current.state is ActivityState.OPEN else None,
    )
    return await changed(tx, activity.id)


async def start_timer(tx: Transaction, activity: Activity, seconds: int) -> Activity:
    """Count down ``seconds`` from now on an open activity (again from the start if a
    countdown is running); at zero the activity closes (``close_expired``)."""
    current = await _current(tx, activity)
    if current.state is not ActivityState.OPEN:
        raise NotOpen()
    deadline = to_db(utcnow() + timedelta(seconds=seconds))
    await queries.bump_activity(tx, activity.id, deadline=deadline)
    return await changed(tx, activity.id)


async def extend_timer(tx: Transaction, activity: Activity, seconds: int) -> Activity:
    """Give the running countdown ``seconds`` more."""
    current = await _current(tx, activity)
    if current.state is not ActivityState.OPEN or current.deadline is None:
        raise NoTimer()
    deadline = to_db(from_db(current.deadline) + timedelta(seconds=seconds))
    await queries.bump_activity(tx, activity.id, deadline=deadline)
    return await changed(tx, activity.id)


async def cancel_timer(tx: Transaction, activity: Activity) -> Activity:
    """Stop the countdown; the activity stays open."""
    current = await _current(tx, activity)
    if current.deadline is None:
        raise NoTimer()
    await queries.bump_activity(tx, activity.id, deadline=None)
    return await changed(tx, activity.id)


async def close_expired(tx: Transaction) -> list[int]:
    """Close the activities whose countdown has reached zero (each exactly once, across
    processes: the condition is in the UPDATE, see ``queries.close_expired``)."""
    closed = await queries.close_expired(tx, now_db())
    for activity_id, event_id in closed:
        tx.emit(ActivityChanged(activity_id))
        tx.emit(CountdownEnded(event_id, activity_id))
    return [activity_id for activity_id, _ in closed]


async def set_always_open(tx: Transaction, activity: Activity, on: bool) -> Activity:
    """Keep the activity reachable on phones whatever is on stage (or stop)."""
    await queries.bump_activity(tx, activity.id, always_open=int(on))
    await queries.bump_stage(tx, activity.event_id)
    tx.emit(StageChanged(activity.event_id))
    return await changed(tx, activity.id)


async def _current(tx: Transaction, activity: Activity) -> Activity:
    current = await queries.activity_by_id(tx, activity.id)
    assert current is not None
    return current


async def _put_on_stage(tx: Transaction, event_id: int, activity_id: int | None) -> None:
    await queries.put_on_stage(tx, event_id, activity_id)
    tx.emit(StageChanged(event_id))


async def set_stage(tx: Transaction, event: Event, activity_id: int | None) -> LiveSettings:
    """Choose what phones and the projector show (``None``: the waiting screen)."""
    if activity_id is not None:
        await get_activity(tx, event, activity_id)
    await _put_on_stage(tx, event.id, activity_id)
    return await queries.live_settings(tx, event.id)


async def set_evaluation(tx: Transaction, event: Event, open_: bool) -> LiveSettings:
    """Start (``True``) or end the event's evaluation on the phones of the live page."""
    await queries.set_evaluation_open(tx, event.id, open_)
    tx.emit(StageChanged(event.id))
    return await queries.live_settings(tx, event.id)


async def live_settings(db: Reader, event: Event) -> LiveSettings:
    return await queries.live_settings(db, event.id)


async def _save_settings(
    tx: Transaction, event: Event, qa_premoderation: bool, blocklist: set[str]
) -> LiveSettings:
    await queries.save_live_settings(tx, event.id, qa_premoderation, sorted(blocklist))
    # The event's word clouds count again without the newly blocked words.
    clouds = await queries.event_activity_ids(tx, event.id, (ActivityKind.WORDCLOUD,))
    await queries.bump_activities(tx, clouds)
    for cloud in clouds:
        tx.emit(ActivityChanged(cloud))
    return await queries.live_settings(tx, event.id)


async def edit_blocklist(
    tx: Transaction, event: Event, add: list[str], remove: list[str]
) -> LiveSettings:
    """Add words to and remove words from the event's own blocklist."""
    current = await queries.live_settings(tx, event.id)
    wanted = (set(current.blocklist) | {words.normalise(w) for w in add}) - {
        words.normalise(w) for w in remove
    }
    wanted.discard("")
    return await _save_settings(tx, event, current.qa_premoderation, wanted)


async def set_premoderation(tx: Transaction, event: Event, on: bool) -> LiveSettings:
    current = await queries.live_settings(tx, event.id)
    return await _save_settings(tx, event, on, set(current.blocklist))


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
        deadline=activity.deadline,
        always_open=activity.always_open,
    )
