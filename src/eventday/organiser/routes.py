"""The organiser's pages that compose several features: the home with each event's
numbers (registration, check-in, mail, the live hub's phones) and the event's
settings, whose saving also moves the waitlist up when the capacity grew."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

import msgspec
from litestar import Request, Response, Router, get, post, put
from litestar.di import Provide
from litestar.response import Redirect, Template

from eventday.accounts.guards import provide_account, require_login, require_organiser
from eventday.accounts.models import Account, EventRole
from eventday.db import Database
from eventday.errors import N_, EventdayError
from eventday.events import service
from eventday.events.forms import form_values
from eventday.events.guards import provide_event, require_event_role
from eventday.events.models import Event, EventIn, EventStatus, EventStatusIn
from eventday.live.setup import Live
from eventday.organiser.overview import overviews
from eventday.registration.mails import Mailer
from eventday.registration.service import fill_seats
from eventday.settings import Settings
from eventday.web.forms import parse_form
from eventday.web.i18n import gettext
from eventday.web.messages import done

ANY_EVENT_ROLE = (EventRole.MODERATOR, EventRole.STAFF)
AnyRequest = Request[Any, Any, Any]


@get("/manage", guards=[require_login], name="dashboard")
async def dashboard(request: AnyRequest, db: Database, account: Account) -> Template:
    """The organiser's home: every event with its numbers and next steps."""
    events = await service.events_for(db, account)
    live: Live = request.app.state.live
    online = {event.id: live.hub.connected_now(event.id) for event in events}
    return Template(
        "events/dashboard.html",
        context={"account": account, "overviews": await overviews(db, events, online)},
    )


@get("/api/v1/events/{event_slug:str}", guards=[require_event_role(*ANY_EVENT_ROLE)])
async def get_event(event: Event) -> Event:
    return event


@put("/api/v1/events/{event_slug:str}", guards=[require_organiser])
async def update_event(data: EventIn, db: Database, event: Event, mailer: Mailer) -> Event:
    """Change an event (the slug and join code stay). A larger capacity promotes from
    the waitlist."""
    changed = await service.update_event(db, event, data)
    await fill_seats(db, mailer, changed)
    return changed


LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def _form_values(event: Event | None, settings: Settings) -> dict[str, Any]:
    if event is None:
        return {"timezone": settings.default_timezone, "format": "onsite"}
    tz = ZoneInfo(event.timezone)
    values: dict[str, Any] = {
        "name": event.name,
        "description": event.description,
        "name_en": event.name_en,
        "description_en": event.description_en,
        "venue": event.venue,
        "online_url": event.online_url,
        "format": event.format.value,
        "timezone": event.timezone,
        "capacity": event.capacity or "",
        "requires_approval": event.requires_approval,
        "contact_email": event.contact_email,
    }
    for name in service.TIME_FIELDS:
        moment = getattr(event, name)
        values[name] = moment.astimezone(tz).strftime(LOCAL_FORMAT) if moment else ""
    return values


def _form(
    event: Event | None, values: dict[str, Any], errors: dict[str, str], status: int = 200
) -> Template:
    return Template(
        "events/form.html",
        context={"event": event, "values": values, "errors": errors},
        status_code=status,
    )


@get("/manage/new-event", guards=[require_organiser])
async def new_event_page(settings: Settings) -> Template:
    return _form(None, _form_values(None, settings), {})


@get("/manage/{event_slug:str}/edit", guards=[require_organiser])
async def edit_event_page(event: Event, settings: Settings) -> Template:
    return _form(event, _form_values(event, settings), {})


async def _save_from_page(
    request: AnyRequest, db: Database, mailer: Mailer, event: Event | None
) -> Response[Any]:
    form = await request.form()
    try:
        data = service.localise_event_input(parse_form(EventIn, form_values(form)))
        if event is None:
            data = msgspec.structs.replace(data, status=EventStatus.DRAFT)
            saved = await service.create_event(db, data)
            message = N_(
                "The event is created as a draft: add its agenda and form, then publish it."
            )
        else:
            saved = await service.update_event(db, event, data)
            await fill_seats(db, mailer, saved)
            message = N_("The event's settings are saved.")
    except EventdayError as exc:
        values = {k: form.get(k) for k in form}
        values["requires_approval"] = "requires_approval" in form
        errors = {k: gettext(v) for k, v in exc.field_errors.items()}
        if not errors:
            errors["name"] = gettext(exc.message, **exc.params)
        return _form(event, values, errors, exc.status_code)
    return done(request, f"/manage/{saved.slug}/edit", message)


STATUS_MESSAGES = {
    EventStatus.DRAFT: N_("The event is a draft again: only its team sees it."),
    EventStatus.PUBLISHED: N_(
        "The event is published: it is on the front page and open for registration."
    ),
    EventStatus.ARCHIVED: N_(
        "The event is archived: it is off the front page and registration is closed."
    ),
}


@post("/manage/{event_slug:str}/status", guards=[require_organiser])
async def set_status_from_page(request: AnyRequest, db: Database, event: Event) -> Redirect:
    """The Publish / Archive / Back to draft buttons of the event's settings page."""
    data = parse_form(EventStatusIn, await request.form())
    await service.set_status(db, event, data.status)
    return done(request, f"/manage/{event.slug}/edit", STATUS_MESSAGES[data.status])


@post("/manage/new-event", guards=[require_organiser])
async def create_event_page(request: AnyRequest, db: Database, mailer: Mailer) -> Response[Any]:
    return await _save_from_page(request, db, mailer, None)


@post("/manage/{event_slug:str}/edit", guards=[require_organiser])
async def edit_event_from_page(
    request: AnyRequest, db: Database, mailer: Mailer, event: Event
) -> Response[Any]:
    return await _save_from_page(request, db, mailer, event)


router = Router(
    path="/",
    route_handlers=[
        dashboard,
        get_event,
        update_event,
        new_event_page,
        edit_event_page,
        create_event_page,
        edit_event_from_page,
        set_status_from_page,
    ],
    dependencies={"account": Provide(provide_account), "event": Provide(provide_event)},
)
