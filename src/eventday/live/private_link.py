"""The attendee's private link into the live session: the participant is linked to
the registration, so its time online counts as attendance (see checkin.attendance)."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, Router, post
from litestar.response import Redirect

from eventday.db import Database
from eventday.live import participants as live
from eventday.live import routes as live_routes
from eventday.registration import service as registration

AnyRequest = Request[Any, Any, Any]


@post("/r/{token:str}/live")
async def join_live_from_link(request: AnyRequest, db: Database, token: str) -> Response[Any]:
    """Open the event's live page with this browser's participant linked to the
    registration, so its time online counts as attendance."""
    event, reg = await registration.registration_for_token(db, token)
    participant, cookie = await live_routes.participant_of(request, db, event)
    await live.link_registration(db, participant, reg.id)
    return Redirect(f"/{event.join_code}", status_code=303, cookies=[cookie])


@post("/api/v1/r/{token:str}/live", status_code=201)
async def api_join_live_from_link(request: AnyRequest, db: Database, token: str) -> Response[Any]:
    """Join the live session as the registered attendee of this private link, without a
    browser: a new participant linked to the registration (its time online counts as
    attendance), with its token for the socket."""
    event, reg = await registration.registration_for_token(db, token)
    participant = await live.join(db, event)
    await live.link_registration(db, participant, reg.id)
    return live_routes.joined(request, event, participant)


router = Router(path="/", route_handlers=[join_live_from_link, api_join_live_from_link])
