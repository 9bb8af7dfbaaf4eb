"""The organiser's live page ``/manage/<slug>/live``: the run of show with the buttons
that do something in each activity's state, the activity editor (create, edit, move,
duplicate, delete drafts) and copying activities from another event. Every change is
a console action through the console's audited service, like the console's own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import Request, get, post
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from eventday.accounts import service as accounts
from eventday.accounts.models import Account, EventRole
from eventday.agenda.queries import sessions_of_event
from eventday.bounds import Id
from eventday.console import service
from eventday.console.activity_form import activity_in, form_errors, form_values
from eventday.console.models import (
    ConsoleAction,
    Copy,
    Delete,
    Move,
    Premoderation,
    ShowOnProjector,
    draft_of,
    edit_of,
)
from eventday.console.moderator import ACTIVITY_ACTIONS, MODERATE, activity_action_of, moderate
from eventday.db import Database
from eventday.errors import N_, InvalidInput
from eventday.events.models import Event
from eventday.events.service import events_for
from eventday.live import activities
from eventday.live.models import Activity, ActivityKind
from eventday.live.routes import MANAGE
from eventday.web.i18n import gettext, ngettext
from eventday.web.messages import done

PageAction = Callable[[int], ConsoleAction]
PAGE_ACTIONS: dict[str, PageAction] = {
    **ACTIVITY_ACTIONS,
    "stage": lambda activity: ShowOnProjector(activity=activity),
    "delete": lambda activity: Delete(activity=activity),
}


def kind_labels() -> dict[str, str]:
    return {
        ActivityKind.CHOICE: gettext("Poll"),
        ActivityKind.SCALE: gettext("Rating scale"),
        ActivityKind.RANKING: gettext("Ranking"),
        ActivityKind.WORDCLOUD: gettext("Word cloud"),
        ActivityKind.IDEAS: gettext("Idea board"),
        ActivityKind.QA: gettext("Questions"),
        ActivityKind.OPEN_TEXT: gettext("Open answers"),
    }


def _back(event: Event) -> str:
    return f"/manage/{event.slug}/live"


async def copy_sources(db: Database, account: Account, event: Event) -> list[dict[str, Any]]:
    """The other events this account can moderate that have activities, with them."""
    sources = []
    for other in await events_for(db, account):
        if other.id == event.id or not await accounts.can_act_on_event(
            db, account, other.id, {EventRole.MODERATOR}
        ):
            continue
        found = await activities.list_activities(db, other)
        if found:
            sources.append({"event": other, "activities": found})
    return sources


@get(MANAGE, guards=[MODERATE], name="live_manage")
async def manage_page(db: Database, event: Event, account: Account) -> Template:
    return await _page(db, event, account)


async def _page(
    db: Database,
    event: Event,
    account: Account,
    copy_errors: dict[str, str] | None = None,
    copy_source: str = "",
) -> Template:
    state = await service.console_state(db, event.id)
    return Template(
        "live/manage.html",
        status_code=422 if copy_errors else 200,
        context={
            "event": event,
            "account": account,
            "groups": state.groups,
            "stage": state.stage,
            "kinds": kind_labels(),
            "states": {
                "draft": gettext("Draft"),
                "open": gettext("Open"),
                "closed": gettext("Closed"),
            },
            "sources": await copy_sources(db, account, event),
            "copy_errors": copy_errors or {},
            "copy_source": copy_source,
        },
    )


async def _form(
    db: Database,
    event: Event,
    account: Account,
    activity: Activity | None,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
) -> Template:
    settings = await activities.live_settings(db, event)
    sessions = [(s.id, s.title) for s in await sessions_of_event(db, event.id)]
    return Template(
        "live/activity_form.html",
        context={
            "event": event,
            "account": account,
            "activity": activity,
            "values": {"qa_premoderation": settings.qa_premoderation, **values},
            "errors": errors or {},
            "kinds": kind_labels(),
            "sessions": sessions,
        },
        status_code=422 if errors else 200,
    )


@get(f"{MANAGE}/new", guards=[MODERATE])
async def new_activity(
    db: Database, event: Event, account: Account, kind: ActivityKind = ActivityKind.CHOICE
) -> Template:
    """The editor for a new draft of ``kind``."""
    return await _form(db, event, account, None, {"kind": kind.value})


@get(f"{MANAGE}/{{activity_id:int}}/edit", guards=[MODERATE])
async def edit_page(db: Database, event: Event, account: Account, activity_id: Id) -> Template:
    activity = await activities.get_activity(db, event, activity_id)
    return await _form(db, event, account, activity, form_values(activity))


async def _save(
    request: Request[Any, Any, Any],
    db: Database,
    event: Event,
    account: Account,
    activity: Activity | None,
) -> Template | Redirect:
    raw = {key: value for key, value in (await request.form()).items()}
    if activity is not None:
        raw["kind"] = activity.kind.value
    try:
        data = activity_in(raw)
        action = draft_of(data) if activity is None else edit_of(activity.id, data)
        await moderate(db, event, account, action)
    except InvalidInput as exc:
        errors = {k: gettext(v) for k, v in form_errors(exc.field_errors).items()}
        if not errors:
            errors = {"title": gettext(exc.message, **exc.params)}
        return await _form(db, event, account, activity, raw, errors)
    premoderation = raw.get("qa_premoderation") == "on"
    if data.kind is ActivityKind.QA:
        settings = await activities.live_settings(db, event)
        if settings.qa_premoderation != premoderation:
            await moderate(db, event, account, Premoderation(on=premoderation))
    return done(request, _back(event), N_("Saved."))


@post(f"{MANAGE}/new", guards=[MODERATE])
async def create_activity(
    request: Request[Any, Any, Any], db: Database, event: Event, account: Account
) -> Template | Redirect:
    return await _save(request, db, event, account, None)


@post(f"{MANAGE}/{{activity_id:int}}/edit", guards=[MODERATE])
async def save_activity(
    request: Request[Any, Any, Any], db: Database, event: Event, account: Account, activity_id: Id
) -> Template | Redirect:
    activity = await activities.get_activity(db, event, activity_id)
    return await _save(request, db, event, account, activity)


@post(f"{MANAGE}/{{activity_id:int}}/move/{{direction:str}}", guards=[MODERATE])
async def move_activity(
    request: Request[Any, Any, Any],
    db: Database,
    event: Event,
    account: Account,
    activity_id: Id,
    direction: str,
) -> Redirect:
    """``up`` or ``down`` one place in its session."""
    activity = await activities.get_activity(db, event, activity_id)
    before, after = activities.neighbours(await activities.list_activities(db, event), activity)
    if direction == "up" and before is not None:
        await moderate(db, event, account, Move(activity=activity.id, before=before))
    elif direction == "down" and after is not None:
        await moderate(db, event, account, Move(activity=activity.id, after=after))
    return done(request, f"{_back(event)}#activity-{activity.id}", N_("Moved."))


@post(f"{MANAGE}/copy", guards=[MODERATE])
async def copy_activities(
    request: Request[Any, Any, Any], db: Database, event: Event, account: Account
) -> Template | Redirect:
    """Copy the chosen activities (at least one) of one other event."""
    form = await request.form()
    chosen = [int(value) for value in form.getall("activities", []) if value.isdigit()]
    source = str(form.get("source", ""))
    try:
        if not chosen:
            raise InvalidInput(field_errors={"activities": N_("Choose at least one activity.")})
        action = Copy(source=source, activities=chosen)
        copies = await moderate(db, event, account, action)
    except InvalidInput as exc:
        errors = {k: gettext(v) for k, v in exc.field_errors.items()}
        return await _page(db, event, account, errors, source)
    n = len(copies)
    text = ngettext("Copied %(num)s activity.", "Copied %(num)s activities.", n)
    flash(request, text, category="ok")
    return Redirect(_back(event), status_code=303)


@post(f"{MANAGE}/{{activity_id:int}}/{{action:str}}", guards=[MODERATE])
async def manage_action(
    request: Request[Any, Any, Any],
    db: Database,
    event: Event,
    account: Account,
    activity_id: Id,
    action: str,
) -> Redirect:
    change = activity_action_of(action, activity_id, PAGE_ACTIONS)
    await moderate(db, event, account, change)
    return Redirect(_back(event), status_code=303)


route_handlers = [
    manage_page,
    new_activity,
    edit_page,
    create_activity,
    save_activity,
    move_activity,
    copy_activities,
    manage_action,
]
