"""The attendee's live page, with the stream this participant may see (its player's
origin allowed in this response's ``frame-src``): served here, because the page
composes live interaction (below) with the webinar's stream."""

from __future__ import annotations

from typing import Any

from litestar import Request, Router, get
from litestar.response import Template

from eventday.db import Database
from eventday.events.models import Event
from eventday.events.streams import Stream
from eventday.live.routes import event_of_code, participant_of, phone_strings
from eventday.web.middleware import allow_frame
from eventday.webinar.service import stream_for


async def stream_on_page(
    request: Request[Any, Any, Any], db: Database, event: Event, participant_id: int
) -> Stream | None:
    stream = await stream_for(db, event, participant_id)
    if stream is not None and stream.frame_host:
        allow_frame(request.scope.setdefault("state", {}), stream.frame_host)
    return stream


@get("/{code:str}", name="live_phone")
async def phone_page(request: Request[Any, Any, Any], db: Database, code: str) -> Template:
    """The attendee's live page. A first visit becomes a participant (signed cookie)."""
    event = await event_of_code(db, code)
    participant, cookie = await participant_of(request, db, event)
    stream = await stream_on_page(request, db, event, participant)
    return Template(
        "live/phone.html",
        context={"event": event, "strings": phone_strings(), "stream": stream},
        cookies=[cookie],
    )


router = Router(path="/", route_handlers=[phone_page])
