"""The front page and the events API (list and create; one event's resource is in
``organiser.routes``, since changing it fills seats)."""

from __future__ import annotations

from litestar import Router, get, post
from litestar.di import Provide
from litestar.response import Template

from eventday.accounts.guards import provide_account, require_login, require_organiser
from eventday.accounts.models import Account
from eventday.db import Database
from eventday.errors import Conflict
from eventday.events import queries, service
from eventday.events.guards import provide_event
from eventday.events.models import Event, EventIn


@get("/", name="home")
async def home(db: Database) -> Template:
    """The front page: the published events, each linked to its page (drafts and
    archived events are not listed)."""
    return Template("home.html", context={"events": await queries.published_events(db)})


@get("/api/v1/events", guards=[require_login])
async def list_events(db: Database, account: Account) -> list[Event]:
    return await service.events_for(db, account)


@post("/api/v1/events", guards=[require_organiser], opt={"errors": (Conflict,)})
async def create_event(data: EventIn, db: Database) -> Event:
    return await service.create_event(db, data)


router = Router(
    path="/",
    route_handlers=[home, list_events, create_event],
    dependencies={"account": Provide(provide_account), "event": Provide(provide_event)},
)
