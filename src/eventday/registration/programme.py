"""The public programme pages, which show the agenda with what registration adds to
it: whether registration is open, and the seats taken in each workshop."""

from __future__ import annotations

from litestar import Router, get
from litestar.di import Provide
from litestar.response import Template

from eventday.agenda import service as agenda
from eventday.agenda.routes import kind_labels
from eventday.bounds import Id
from eventday.clock import utcnow
from eventday.db import Database
from eventday.events.guards import provide_event
from eventday.events.models import Event
from eventday.registration.queries import seats_taken
from eventday.registration.service import registration_open


@get("/e/{event_slug:str}", name="event")
async def event_page(db: Database, event: Event) -> Template:
    programme = await agenda.load_agenda(db, event)
    running, upcoming = agenda.now_and_next(programme.sessions, utcnow())
    return Template(
        "agenda/event.html",
        context={
            "event": event,
            "agenda": programme,
            "running": running,
            "upcoming": upcoming,
            "kind_labels": kind_labels(),
            "is_open": registration_open(event, utcnow()),
            "seats_taken": await seats_taken(db, event.id),
        },
    )


@get("/e/{event_slug:str}/sessions/{session_id:int}")
async def session_page(db: Database, event: Event, session_id: Id) -> Template:
    session = await agenda.get_session(db, event, session_id)
    return Template(
        "agenda/session.html",
        context={
            "event": event,
            "session": session,
            "speakers": [await agenda.get_speaker(db, event, ref.id) for ref in session.speakers],
            "kind_labels": kind_labels(),
            "seats_taken": (await seats_taken(db, event.id)).get(session.id, 0),
        },
    )


router = Router(
    path="/",
    route_handlers=[event_page, session_page],
    dependencies={"event": Provide(provide_event)},
)
