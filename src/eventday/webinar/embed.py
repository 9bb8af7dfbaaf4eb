"""The stream on the attendee's live page: which one this participant may see, with
its player's origin allowed in this response's ``frame-src``."""

from __future__ import annotations

from typing import Any

from litestar import Request

from eventday.db import Database
from eventday.events.models import Event
from eventday.events.streams import Stream
from eventday.web.middleware import allow_frame
from eventday.webinar.service import stream_for


async def stream_on_page(
    request: Request[Any, Any, Any], db: Database, event: Event, participant_id: int
) -> Stream | None:
    stream = await stream_for(db, event, participant_id)
    if stream is not None and stream.frame_host:
        allow_frame(request.scope.setdefault("state", {}), stream.frame_host)
    return stream
