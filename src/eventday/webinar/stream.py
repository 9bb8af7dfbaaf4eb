"""The stream a participant of the live page sees, and when it changes.

The stream follows the agenda's clock, not the stage: while a session with its own
stream runs (its start up to its end), the page shows that stream; otherwise the
event's. So the page can switch without a reload, it learns how long the stream it
shows stays as it is (``changes_in``: the next start or end of a session with its own
stream) and asks again then (``GET /<code>/stream``)."""

from __future__ import annotations

import msgspec

from eventday.agenda import queries as agenda_queries
from eventday.clock import utcnow
from eventday.db import Reader
from eventday.events.models import Event
from eventday.events.streams import Stream, stream_of
from eventday.webinar import queries
from eventday.webinar.models import StreamAudience


class StreamNow(msgspec.Struct, frozen=True, kw_only=True):
    """The stream to show now (None: none at this moment) and in how many seconds it
    may change (None: no session with its own stream starts or ends later)."""

    stream: Stream | None
    changes_in: float | None


class FollowedStream(msgspec.Struct, frozen=True, kw_only=True):
    """What the live page needs: the stream now, and the origins of every player the
    event may show today (its ``frame-src``), so a switch needs no new page."""

    now: StreamNow
    frame_hosts: list[str]


async def may_see(db: Reader, event: Event, participant_id: int | None) -> bool:
    """Anyone with the join code, or (by default) only those who came through their
    private link, i.e. a participant linked to a registration."""
    settings = await queries.settings_of(db, event.id)
    if settings.stream_audience is StreamAudience.CODE:
        return True
    return (
        participant_id is not None
        and await queries.linked_registration(db, event.id, participant_id) is not None
    )


async def followed_stream(
    db: Reader, event: Event, participant_id: int | None
) -> FollowedStream | None:
    """The event's stream for this participant, following the session running now;
    None when the event has no stream or this participant may not see it."""
    own = [
        (s, stream)
        for s in await agenda_queries.sessions_of_event(db, event.id)
        if s.stream_url and (stream := stream_of(s.stream_url)) is not None
    ]
    default = stream_of(event.online_url)
    if (default is None and not own) or not await may_see(db, event, participant_id):
        return None
    now = utcnow()
    running = [stream for s, stream in own if s.starts_at <= now < s.ends_at]
    later = [m for s, _ in own for m in (s.starts_at, s.ends_at) if m > now]
    streams = [default, *(stream for _, stream in own)]
    return FollowedStream(
        now=StreamNow(
            stream=running[0] if running else default,
            changes_in=(min(later) - now).total_seconds() if later else None,
        ),
        frame_hosts=sorted({s.frame_host for s in streams if s is not None and s.frame_host}),
    )
