"""The live API's moderator endpoints and the minimal moderator page. Every change is a
console action, so it goes through the console's audited service (recorded in the
audit log and published by the effects it emits) like the console's own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from annotated_types import Interval
from litestar import get, post, put
from litestar.response import Redirect, Template

from eventday.accounts.models import Account, EventRole
from eventday.bounds import Id
from eventday.console import service
from eventday.console.models import (
    Blocklist,
    Close,
    ConsoleAction,
    HideResults,
    MergeIdeas,
    Open,
    Premoderation,
    Question,
    Quick,
    Reset,
    Reveal,
    ShowOnProjector,
)
from eventday.db import Database
from eventday.errors import NotFound
from eventday.events.guards import require_event_role
from eventday.events.models import Event
from eventday.live import activities, results
from eventday.live.models import (
    Activity,
    ActivityIn,
    LiveSettings,
    LiveSettingsIn,
    MergeIn,
    QuestionAction,
    StageIn,
)
from eventday.live.results import Idea, Results
from eventday.live.routes import API, MANAGE
from eventday.live.words import normalise
from eventday.web.i18n import gettext

MODERATE = require_event_role(EventRole.MODERATOR)


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
    action = Quick(
        kind=data.kind,
        title=data.title,
        title_en=data.title_en,
        hide_results=data.hide_results,
        config=data.config,
        session_id=data.session_id,
        open=False,
    )
    created: Activity = await moderate(db, event, account, action)
    return created


ACTIVITY_ACTIONS: dict[str, Callable[[int], ConsoleAction]] = {
    "open": lambda activity: Open(activity=activity),
    "close": lambda activity: Close(activity=activity),
    "reveal": lambda activity: Reveal(activity=activity),
    "hide": lambda activity: HideResults(activity=activity),
    "reset": lambda activity: Reset(activity=activity),
}
PAGE_ACTIONS = {**ACTIVITY_ACTIONS, "stage": lambda activity: ShowOnProjector(activity=activity)}


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
    """``open`` (also puts it on stage), ``close``, ``reveal``, ``hide`` (results) or
    ``reset`` (a new round; earlier rounds stay in the database)."""
    change = activity_action_of(action, activity_id, ACTIVITY_ACTIONS)
    changed: Activity = await moderate(db, event, account, change)
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


# --- the minimal moderator page (the full console is its own feature) ---------------


@get(MANAGE, guards=[MODERATE], name="live_manage")
async def manage_page(db: Database, event: Event) -> Template:
    settings = await activities.live_settings(db, event)
    return Template(
        "live/manage.html",
        context={
            "event": event,
            "activities": await activities.list_activities(db, event),
            "stage": settings.activity_id,
            "kinds": {
                "choice": gettext("Poll"),
                "scale": gettext("Rating scale"),
                "ranking": gettext("Ranking"),
                "wordcloud": gettext("Word cloud"),
                "ideas": gettext("Idea board"),
                "qa": gettext("Questions"),
            },
            "states": {
                "draft": gettext("Draft"),
                "open": gettext("Open"),
                "closed": gettext("Closed"),
            },
        },
    )


@post(f"{MANAGE}/{{activity_id:int}}/{{action:str}}", guards=[MODERATE])
async def manage_action(
    db: Database,
    event: Event,
    account: Account,
    activity_id: Id,
    action: str,
) -> Redirect:
    change = activity_action_of(action, activity_id, PAGE_ACTIONS)
    await moderate(db, event, account, change)
    return Redirect(f"/manage/{event.slug}/live")


# Served by the console's router (which provides ``account`` and ``event``).
route_handlers = [
    list_activities,
    get_activity,
    get_live_settings,
    top_ideas,
    create_activity,
    activity_action,
    set_stage,
    put_live_settings,
    merge_ideas,
    moderate_question,
    manage_page,
    manage_action,
]
