"""One live websocket: a phone, the projector or a console.

The socket subscribes to its event's channel and forwards published snapshots as
they are (already encoded, sent as binary frames). What the client sends is checked
for size, shape and rate; anything wrong gets an ``error`` message and the
connection stays open. Submissions are acknowledged only after their commit.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import WebSocket

from eventday.checkin import presence
from eventday.clock import server_time
from eventday.errors import N_, EventdayError
from eventday.events.models import Event
from eventday.live import queries
from eventday.live.hub import LiveHub, event_channel, moderator_channel
from eventday.live.models import (
    SUBMISSIONS,
    Ack,
    ClientMessage,
    ErrorMessage,
    Hello,
    Ping,
    Sync,
)
from eventday.live.peer import RateLimit, SocketPeer
from eventday.live.setup import Live
from eventday.live.submissions import mine
from eventday.web.i18n import gettext

decoder = msgspec.json.Decoder(ClientMessage)

NOT_JOINED = N_("Join the event to take part.")
TOO_MANY_SOCKETS = N_(
    "You are connected in too many windows at once. Close one and reload this page."
)


class LiveConnection(SocketPeer[ClientMessage]):
    decoder = decoder

    def __init__(
        self,
        live: Live,
        socket: WebSocket[Any, Any, Any],
        event: Event,
        participant_id: int | None,
        moderator: bool,
    ) -> None:
        super().__init__(socket, live.settings)
        self.hub: LiveHub = live.hub
        self.live = live
        self.event = event
        self.participant_id = participant_id
        self.moderator = moderator
        self.rate = RateLimit(live.settings.live_submissions_per_second)

    async def run(self) -> None:
        """Serve the connection. A participant's (not the moderator view) counts as
        connected now and as online attendance once, however many sockets it opens,
        up to ``live_sockets_per_participant``."""
        channel = (moderator_channel if self.moderator else event_channel)(self.event.id)
        participant = None if self.moderator else self.participant_id
        if participant is None:
            await self._run(channel)
            return
        present = self.hub.attach(
            self.event.id, participant, self.live.settings.live_sockets_per_participant
        )
        if present is None:
            await self._send(
                ErrorMessage(ref="", code="too-many-sockets", message=gettext(TOO_MANY_SOCKETS))
            )
            await self.socket.close(code=4429)
            return
        try:
            if present.sockets == 1:
                present.interval = await presence.connected(self.hub.db, self.event.id, participant)
            await self._run(channel)
        finally:
            last = self.hub.detach(self.event.id, participant)
            if last is not None and last.interval is not None:
                await presence.disconnected(self.hub.db, last.interval)

    async def _run(self, channel: str) -> None:
        with self.live.channels.subscription(self, [channel]):
            async with self.greeting():  # one write for all of it
                await self._send(
                    Hello(
                        event=self.event.id,
                        name=self.event.name,
                        code=self.event.join_code,
                        participant=self.participant_id,
                        now=server_time(),
                    )
                )
                reader = self.hub.db.inline  # the connect's reads are short: no thread hop
                for announcement in await queries.active_announcements(reader, self.event.id):
                    await self._send(announcement)
                if self.moderator and not self.hub.shared:
                    await self._send_bytes(self.hub.status_message())
                await self._sync(Sync())
            await self._receive_loop()

    async def _handle(self, message: ClientMessage) -> None:
        if isinstance(message, Ping):
            await self._pong(message.ref)
        elif isinstance(message, Sync) and not self.pings.allow():
            await self._too_fast(message.ref)  # syncs count with pings
        elif isinstance(message, Sync):
            await self._sync(message)
        elif isinstance(message, SUBMISSIONS):
            await self._submit(message)

    async def _submit(self, message: Any) -> None:
        if self.participant_id is None:
            await self._error(message.ref, "not-joined", NOT_JOINED)
            return
        if not self.rate.allow():
            await self._too_fast(message.ref)
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
            settings = await queries.live_settings(self.hub.db.inline, self.event.id)
            activity_id = settings.activity_id
        if activity_id is None:
            return
        activity = await queries.activity_by_id(self.hub.db.inline, activity_id)
        if activity is None or activity.event_id != self.event.id:
            await self._error(message.ref, "not-found", N_("There is no such activity."))
            return
        snapshot = await self.hub.snapshot(activity.id, activity.version, moderator=self.moderator)
        if snapshot is not None:
            await self._send_bytes(snapshot)
        if self.participant_id is not None:
            await self._send(await mine(self.hub.db.inline, activity, self.participant_id))
