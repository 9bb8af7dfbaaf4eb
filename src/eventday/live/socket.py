"""One live websocket: a phone, the projector or a console.

The socket subscribes to its event's channel and forwards published snapshots as
they are (already encoded, sent as binary frames). What the client sends is checked
for size, shape and rate; anything wrong gets an ``error`` message and the
connection stays open. Submissions are acknowledged only after their commit.
"""

from __future__ import annotations

import time
from collections import deque
from typing import Any

import msgspec
from litestar import WebSocket

from eventday.checkin import presence
from eventday.errors import N_, EventdayError
from eventday.events.models import Event
from eventday.live import queries, service
from eventday.live.hub import LiveHub, encoder, event_channel, moderator_channel
from eventday.live.models import (
    SUBMISSIONS,
    Ack,
    ClientMessage,
    ErrorMessage,
    Hello,
    Ping,
    Pong,
    Sync,
)
from eventday.live.setup import Live
from eventday.web.i18n import gettext

decoder = msgspec.json.Decoder(ClientMessage)

TOO_LARGE = N_("The message is too large.")
MALFORMED = N_("The message could not be understood.")
TOO_FAST = N_("You are sending too fast. Wait a moment and try again.")
NOT_JOINED = N_("Join the event to take part.")


class RateLimit:
    """At most ``limit`` events in any one-second window."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.recent: deque[float] = deque()

    def allow(self) -> bool:
        now = time.monotonic()
        while self.recent and now - self.recent[0] >= 1.0:
            self.recent.popleft()
        if len(self.recent) >= self.limit:
            return False
        self.recent.append(now)
        return True


class LiveConnection:
    def __init__(
        self,
        live: Live,
        socket: WebSocket[Any, Any, Any],
        event: Event,
        participant_id: int | None,
        moderator: bool,
    ) -> None:
        self.hub: LiveHub = live.hub
        self.live = live
        self.socket = socket
        self.event = event
        self.participant_id = participant_id
        self.moderator = moderator
        self.rate = RateLimit(live.settings.live_submissions_per_second)
        self.max_bytes = live.settings.live_max_message_bytes
        self.open = True

    async def run(self) -> None:
        channel = (moderator_channel if self.moderator else event_channel)(self.event.id)
        counted = 1 if self.participant_id is not None else 0
        self.hub.connected[self.event.id] += counted
        # Online attendance: one presence interval per open participant socket.
        interval = (
            await presence.connected(self.hub.db, self.event.id, self.participant_id)
            if self.participant_id is not None and not self.moderator
            else None
        )
        try:
            await self._run(channel)
        finally:
            self.hub.connected[self.event.id] -= counted
            if interval is not None:
                await presence.disconnected(self.hub.db, interval)

    async def _run(self, channel: str) -> None:
        async with (
            self.live.channels.start_subscription([channel]) as subscriber,
            subscriber.run_in_background(self._send_bytes, join=False),
        ):
            await self._send(
                Hello(
                    event=self.event.id,
                    name=self.event.name,
                    code=self.event.join_code,
                    participant=self.participant_id,
                )
            )
            for announcement in await service.active_announcements(self.hub.db, self.event.id):
                await self._send(announcement)
            if self.moderator and not self.hub.shared:
                await self._send_bytes(self.hub.status_message())
            await self._sync(Sync())
            while self.open:
                message = await self.socket.receive()
                if message["type"] == "websocket.disconnect":
                    break
                text, data = message.get("text"), message.get("bytes")
                if isinstance(text, str):
                    await self._handle(text.encode())
                else:
                    await self._handle(data if isinstance(data, bytes) else b"")

    async def _send_bytes(self, data: bytes) -> None:
        if not self.open:
            return
        try:
            await self.socket.send_bytes(data)
        except Exception:  # the peer went away; the receive loop notices and ends
            self.open = False

    async def _send(self, message: msgspec.Struct) -> None:
        await self._send_bytes(encoder.encode(message))

    async def _error(
        self, ref: str, code: str, message: str, detail: str = "", **params: Any
    ) -> None:
        text = gettext(message, **params)
        await self._send(ErrorMessage(ref=ref, code=code, message=text, detail=detail))

    async def _handle(self, raw: bytes) -> None:
        if len(raw) > self.max_bytes:
            await self._error("", "too-large", TOO_LARGE)
            return
        try:
            message = decoder.decode(raw)
        except msgspec.DecodeError as exc:
            await self._error(_ref_of(raw), "malformed", MALFORMED, detail=str(exc))
            return
        if isinstance(message, Ping):
            await self._send(Pong(ref=message.ref))
        elif isinstance(message, Sync):
            await self._sync(message)
        elif isinstance(message, SUBMISSIONS):
            await self._submit(message)

    async def _submit(self, message: Any) -> None:
        if self.participant_id is None:
            await self._error(message.ref, "not-joined", NOT_JOINED)
            return
        if not self.rate.allow():
            await self._error(message.ref, "too-fast", TOO_FAST)
            return
        try:
            new_id, version = await self.hub.submit(self.event.id, self.participant_id, message)
        except EventdayError as exc:
            await self._error(message.ref, exc.code, exc.message, **exc.params)
            return
        await self._send(Ack(ref=message.ref, id=new_id, version=version))

    async def _sync(self, message: Sync) -> None:
        """The stage, the snapshot of the wanted activity, and this participant's own
        answers to it: a client that reconnects is whole again at once."""
        await self._send_bytes(await self.hub.stage(self.event.id))
        activity_id = message.activity
        if activity_id is None:
            activity_id = (await queries.live_settings(self.hub.db, self.event.id)).activity_id
        if activity_id is None:
            return
        activity = await queries.activity_by_id(self.hub.db, activity_id)
        if activity is None or activity.event_id != self.event.id:
            await self._error(message.ref, "not-found", N_("There is no such activity."))
            return
        snapshot = await self.hub.snapshot(activity.id, moderator=self.moderator)
        if snapshot is not None:
            await self._send_bytes(snapshot)
        if self.participant_id is not None:
            await self._send(await service.mine(self.hub.db, activity, self.participant_id))


def _ref_of(raw: bytes) -> str:
    """The ``ref`` of a message that failed validation, so the client can match the error."""
    try:
        value = msgspec.json.decode(raw)
    except msgspec.DecodeError:
        return ""
    ref = value.get("ref") if isinstance(value, dict) else None
    return ref[:40] if isinstance(ref, str) else ""
