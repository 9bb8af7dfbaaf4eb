"""The attendee's live page, with the stream this participant may see (the origins of
the event's players allowed in this response's ``frame-src``), and the stream as it is
now for the page to follow (``GET /<code>/stream``): served here, because the page
composes live interaction (below) with the webinar's stream."""

from __future__ import annotations

from typing import Any

from litestar import Request, Router, get
from litestar.response import Template

from eventday.db import Database
from eventday.events.models import Event
from eventday.live import participants
from eventday.live.routes import event_of_code, live_of, participant_of, phone_strings
from eventday.live.setup import PARTICIPANT_COOKIE
from eventday.web.i18n import gettext
from eventday.web.middleware import allow_frame
from eventday.webinar.stream import FollowedStream, StreamNow, followed_stream


def stream_strings(event: Event) -> dict[str, str]:
    """What the page's script writes when it draws another stream."""
    return {
        "stream_title": gettext("The stream of %(event)s", event=event.local_name),
        "stream_open": gettext("Open the stream in a new window"),
        "stream_teams": gettext("Join the meeting in Microsoft Teams"),
        "stream_zoom": gettext("Join the meeting in Zoom"),
        "stream_link": gettext("Open the stream"),
    }


def evaluation_strings() -> dict[str, str]:
    """The card that offers the evaluation while the moderator runs it live."""
    return {
        "evaluation_card": gettext("Tell us what you thought: the evaluation is open."),
        "evaluation_answer": gettext("Answer the evaluation"),
    }


async def stream_on_page(
    request: Request[Any, Any, Any], db: Database, event: Event, participant_id: int
) -> FollowedStream | None:
    followed = await followed_stream(db, event, participant_id)
    for host in followed.frame_hosts if followed else []:
        allow_frame(request.scope.setdefault("state", {}), host)
    return followed


@get("/{code:str}", name="live_phone")
async def phone_page(request: Request[Any, Any, Any], db: Database, code: str) -> Template:
    """The attendee's live page. A first visit becomes a participant (signed cookie)."""
    event = await event_of_code(request, code)
    participant, cookie = await participant_of(request, db, event)
    followed = await stream_on_page(request, db, event, participant)
    strings = phone_strings() | evaluation_strings() | (stream_strings(event) if followed else {})
    return Template(
        "live/phone.html",
        context={
            "event": event,
            "strings": strings,
            "followed": followed,
            "stream": followed.now.stream if followed else None,
        },
        cookies=[cookie],
    )


@get("/{code:str}/stream", name="live_stream")
async def stream_now(request: Request[Any, Any, Any], db: Database, code: str) -> StreamNow:
    """The stream this participant (its cookie, or ``?token=`` as on the socket) sees
    now and when it may change; nothing for one who may not see it (or an event
    without a stream)."""
    event = await event_of_code(request, code)
    token = request.query_params.get("token") or request.cookies.get(
        PARTICIPANT_COOKIE.format(event_id=event.id), ""
    )
    participant = participants.read_participant_token(live_of(request).secret, token, event.id)
    followed = await followed_stream(db, event, participant)
    return followed.now if followed else StreamNow(stream=None, changes_in=None)


router = Router(path="/", route_handlers=[phone_page, stream_now])
