"""The staff dashboard and the events API."""

from __future__ import annotations

from litestar import Router, get, post
from litestar.di import Provide
from litestar.response import Template

from eventday.accounts.models import Account, EventRole
from eventday.db import Database
from eventday.events import service
from eventday.events.models import Event, EventIn
from eventday.web.guards import (
    provide_account,
    provide_event,
    require_event_role,
    require_login,
    require_organiser,
)

ANY_EVENT_ROLE = (EventRole.MODERATOR, EventRole.STAFF)


@get("/manage", guards=[require_login], name="dashboard")
async def dashboard(db: Database, account: Account) -> Template:
    return Template(
        "events/dashboard.html",
        context={"account": account, "events": await service.events_for(db, account)},
    )


@get("/api/v1/events", guards=[require_login])
async def list_events(db: Database, account: Account) -> list[Event]:
    return await service.events_for(db, account)


@post("/api/v1/events", guards=[require_organiser])
async def create_event(data: EventIn, db: Database) -> Event:
    return await service.create_event(db, data)


@get("/api/v1/events/{event_slug:str}", guards=[require_event_role(*ANY_EVENT_ROLE)])
async def get_event(event: Event) -> Event:
    return event


router = Router(
    path="/",
    route_handlers=[dashboard, list_events, create_event, get_event],
    dependencies={"account": Provide(provide_account), "event": Provide(provide_event)},
)
