"""The live API's moderator endpoints. Every change is a console action, so it goes
through the console's audited service (recorded in the audit log and published by the
effects it emits) like the console's own; ``manage`` serves the organiser's page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import msgspec
from annotated_types import Interval
from litestar import delete, get, post, put

from eventday.accounts.models import Account, EventRole
from eventday.bounds import Id
from eventday.console import service
from eventday.console.models import (
    AlwaysOpen,
    Blocklist,
    CancelTimer,
    Close,
    ConsoleAction,
    Copy,
    CopyIn,
    Delete,
    Duplicate,
    ExtendTimer,
    HideResults,
    MergeIdeas,
    MergeQuestions,
    Move,
    MoveIn,
    Open,
    Premoderation,
    Question,
    Reset,
    Reveal,
    ShowOnProjector,
    StartTimer,
    draft_of,
    edit_of,
)
from eventday.db import Database
from eventday.errors import Conflict, NotFound
from eventday.events.guards import require_event_role
from eventday.events.models import Event
from eventday.live import activities, results
from eventday.live.models import (
    Activity,
    ActivityIn,
    AlwaysOpenIn,
    ExtendIn,
    LiveSettings,
    LiveSettingsIn,
    MergeIn,
    QuestionAction,
    StageIn,
    TimerIn,
)
from eventday.live.results import Idea, Results
from eventday.live.routes import API
from eventday.live.words import normalise

MODERATE = require_event_role(EventRole.MODERATOR)
CONFLICTS = {"errors": (Conflict,)}


@get([f"{API}/activities"], guards=[MODERATE])
async def list_activities(db: Database, event: Event) -> list[Activity]:
    return await activities.list_activities(db, event)


@get(f"{API}/activities/{{activity_id:int}}", guards=[MODERATE])
async def get_activity(db: Database, event: Event, activity_id: Id) -> dict[str, Any]:
    """The activity with its current results (hidden ones and pending questions too)."""
    activity = await activities.get_activity(db, event, activity_id)
    return {"activity": activity, "results": await results.moderator_results(db, activity)}


@get(f"{API}/settings", guards=[MODERATE])
async def get_live_settings(db: Database, event: Event) -> LiveSettings:
    return await activities.live_settings(db, event)


@get(f"{API}/activities/{{activity_id:int}}/ideas/top", guards=[MODERATE])
async def top_ideas(
    db: Database, event: Event, activity_id: Id, limit: Annotated[int, Interval(ge=1, le=100)] = 3
) -> list[Idea]:
    """The workshop's result: the top ``limit`` ideas by votes."""
    activity = await activities.get_activity(db, event, activity_id)
    return await results.top_ideas(db, activity, limit)


@post(f"{API}/activities", guards=[MODERATE], status_code=201)
async def create_activity(
    data: ActivityIn, db: Database, event: Event, account: Account
) -> Activity:
    """A new draft (the console's ``quick`` action with ``open`` false)."""
    created: Activity = await moderate(db, event, account, draft_of(data))
    return created


@put(f"{API}/activities/{{activity_id:int}}", guards=[MODERATE], opt=CONFLICTS)
async def edit_activity(
    data: ActivityIn, db: Database, event: Event, account: Account, activity_id: Id
) -> Activity:
    """Change a draft (the console's ``edit``): everything but its kind, which must be
    the draft's own; ``409 not-draft`` once it has been opened."""
    edited: Activity = await moderate(db, event, account, edit_of(activity_id, data))
    return edited


@delete(f"{API}/activities/{{activity_id:int}}", guards=[MODERATE], opt=CONFLICTS)
async def delete_activity(db: Database, event: Event, account: Account, activity_id: Id) -> None:
    """Delete a draft (the console's ``delete``); ``409 not-draft`` once opened."""
    await moderate(db, event, account, Delete(activity=activity_id))


@post(f"{API}/activities/{{activity_id:int}}/move", guards=[MODERATE], status_code=200)
async def move_activity(
    data: MoveIn, db: Database, event: Event, account: Account, activity_id: Id
) -> list[Activity]:
    """Place it right before or after another activity of its session (the console's
    ``move``); answers with the event's activities in their new order."""
    await moderate(db, event, account, Move(activity=activity_id, **msgspec.structs.asdict(data)))
    return await activities.list_activities(db, event)


@post(f"{API}/activities/copy", guards=[MODERATE], status_code=201)
async def copy_activities(
    data: CopyIn, db: Database, event: Event, account: Account
) -> list[Activity]:
    """Draft copies of another event's activities (the console's ``copy``)."""
    action = Copy(source=data.source, activities=data.activities)
    copies: list[Activity] = await moderate(db, event, account, action)
    return copies


ACTIVITY_ACTIONS: dict[str, Callable[[int], ConsoleAction]] = {
    "duplicate": lambda activity: Duplicate(activity=activity),
    "open": lambda activity: Open(activity=activity),
    "close": lambda activity: Close(activity=activity),
    "reveal": lambda activity: Reveal(activity=activity),
    "hide": lambda activity: HideResults(activity=activity),
    "reset": lambda activity: Reset(activity=activity),
}


async def moderate(db: Database, event: Event, account: Account, action: ConsoleAction) -> Any:
    """The action's result, once it is audited and committed."""
    return (await service.perform(db, event, account, action)).result


def activity_action_of(
    name: str, activity: int, table: dict[str, Callable[[int], ConsoleAction]]
) -> ConsoleAction:
    """The console action a path segment (``open``, ``reset``...) names."""
    make = table.get(name)
    if make is None:
        raise NotFound()
    action: ConsoleAction = make(activity)
    return action


@post(f"{API}/activities/{{activity_id:int}}/{{action:str}}", guards=[MODERATE], status_code=200)
async def activity_action(
    db: Database,
    event: Event,
    account: Account,
    activity_id: Id,
    action: str,
) -> Activity:
    """``open`` (also puts it on stage), ``close``, ``reveal``, ``hide`` (results),
    ``reset`` (a new round; earlier rounds stay in the database) or ``duplicate``
    (answers with the new draft, placed right after)."""
    change = activity_action_of(action, activity_id, ACTIVITY_ACTIONS)
    changed: Activity = await moderate(db, event, account, change)
    return changed


@put(f"{API}/activities/{{activity_id:int}}/timer", guards=[MODERATE], opt={"errors": (Conflict,)})
async def start_timer(
    data: TimerIn, db: Database, event: Event, account: Account, activity_id: Id
) -> Activity:
    """Count down ``seconds`` on an open activity (``timer``); at zero it closes."""
    changed: Activity = await moderate(
        db, event, account, StartTimer(activity=activity_id, seconds=data.seconds)
    )
    return changed


@post(
    f"{API}/activities/{{activity_id:int}}/timer/extend",
    guards=[MODERATE],
    status_code=200,
    opt={"errors": (Conflict,)},
)
async def extend_timer(
    data: ExtendIn, db: Database, event: Event, account: Account, activity_id: Id
) -> Activity:
    """Give the running countdown ``seconds`` more (``extend_timer``)."""
    changed: Activity = await moderate(
        db, event, account, ExtendTimer(activity=activity_id, seconds=data.seconds)
    )
    return changed


@delete(
    f"{API}/activities/{{activity_id:int}}/timer",
    guards=[MODERATE],
    status_code=200,
    opt={"errors": (Conflict,)},
)
async def cancel_timer(db: Database, event: Event, account: Account, activity_id: Id) -> Activity:
    """Stop the countdown (``cancel_timer``); the activity stays open."""
    changed: Activity = await moderate(db, event, account, CancelTimer(activity=activity_id))
    return changed


@put(f"{API}/activities/{{activity_id:int}}/always-open", guards=[MODERATE])
async def set_always_open(
    data: AlwaysOpenIn, db: Database, event: Event, account: Account, activity_id: Id
) -> Activity:
    """Keep the activity reachable on phones whatever is on stage (``always_open``)."""
    changed: Activity = await moderate(
        db, event, account, AlwaysOpen(activity=activity_id, on=data.on)
    )
    return changed


@put(f"{API}/stage", guards=[MODERATE])
async def set_stage(data: StageIn, db: Database, event: Event, account: Account) -> LiveSettings:
    """Choose the activity phones and the projector show."""
    await moderate(db, event, account, ShowOnProjector(activity=data.activity_id))
    return await activities.live_settings(db, event)


@put(f"{API}/settings", guards=[MODERATE])
async def put_live_settings(
    data: LiveSettingsIn,
    db: Database,
    event: Event,
    account: Account,
) -> LiveSettings:
    """Q&A pre-moderation and the event's own blocked words: each setting that changes
    is one console action (``premoderation``, ``blocklist``) and one log entry."""
    current = await activities.live_settings(db, event)
    if data.qa_premoderation != current.qa_premoderation:
        await moderate(db, event, account, Premoderation(on=data.qa_premoderation))
    before, after = set(current.blocklist), {normalise(w) for w in data.blocklist} - {""}
    if before != after:
        change = Blocklist(add=sorted(after - before), remove=sorted(before - after))
        await moderate(db, event, account, change)
    return await activities.live_settings(db, event)


@post(f"{API}/activities/{{activity_id:int}}/ideas/merge", guards=[MODERATE], status_code=200)
async def merge_ideas(
    data: MergeIn,
    db: Database,
    event: Event,
    account: Account,
    activity_id: Id,
) -> Results:
    action = MergeIdeas(activity=activity_id, source=data.source, target=data.target)
    await moderate(db, event, account, action)
    return await results.results(db, await activities.get_activity(db, event, activity_id))


@post(f"{API}/activities/{{activity_id:int}}/questions/merge", guards=[MODERATE], status_code=200)
async def merge_questions(
    data: MergeIn,
    db: Database,
    event: Event,
    account: Account,
    activity_id: Id,
) -> Results:
    """Merge question ``source`` into ``target`` (console action ``merge_questions``)."""
    action = MergeQuestions(activity=activity_id, source=data.source, target=data.target)
    await moderate(db, event, account, action)
    return await results.moderator_results(
        db, await activities.get_activity(db, event, activity_id)
    )


@post(
    f"{API}/activities/{{activity_id:int}}/questions/{{question_id:int}}/{{action:str}}",
    guards=[MODERATE],
    status_code=200,
)
async def moderate_question(
    db: Database,
    event: Event,
    account: Account,
    activity_id: Id,
    question_id: Id,
    action: QuestionAction,
) -> Results:
    """``approve``, ``hide``, ``answer``, ``unanswer``, ``pin`` or ``unpin`` a question."""
    change = Question(activity=activity_id, question=question_id, action=action)
    await moderate(db, event, account, change)
    return await results.moderator_results(
        db, await activities.get_activity(db, event, activity_id)
    )


# Served by the console's router (which provides ``account`` and ``event``).
route_handlers = [
    list_activities,
    get_activity,
    get_live_settings,
    top_ideas,
    create_activity,
    edit_activity,
    delete_activity,
    move_activity,
    copy_activities,
    activity_action,
    start_timer,
    extend_timer,
    cancel_timer,
    set_always_open,
    set_stage,
    put_live_settings,
    merge_ideas,
    merge_questions,
    moderate_question,
]
