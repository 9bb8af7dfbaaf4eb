"""The console's websocket: the moderator channel (stage, snapshots with hidden
results, announcements), the console channel (console state after each action),
live numbers every few seconds, and actions sent by the moderator.

Only a logged-in organiser or one of the event's moderators gets this far (checked
in ``routes.console_socket`` before anything is read from the client)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import msgspec
from litestar import WebSocket

from eventday.accounts.models import Account
from eventday.clock import to_db, utcnow
from eventday.console import actions, service
from eventday.console.models import ConsoleMessage, ConsolePing, ConsoleSync, Done, Stats
from eventday.db import Database
from eventday.errors import EventdayError
from eventday.events.models import Event
from eventday.live import queries as live_queries
from eventday.live.hub import encoder, moderator_channel
from eventday.live.models import ActivityState, ErrorMessage, Pong
from eventday.live.setup import Live
from eventday.live.socket import MALFORMED, TOO_FAST, TOO_LARGE, RateLimit, _ref_of
from eventday.web.i18n import gettext

decoder = msgspec.json.Decoder(ConsoleMessage)
STATS_SECONDS = 2.0
ACTIONS_PER_SECOND = 20


async def live_numbers(live: Live, db: Database, event: Event) -> Stats:
    """Phones connected now (this process), who took part in the activity on the
    projector, and submissions in the last minute."""
    connected = live.hub.connected[event.id]
    settings = await live_queries.live_settings(db, event.id)
    answered, activity_id = 0, settings.activity_id
    if activity_id is not None:
        activity = await live_queries.activity_by_id(db, activity_id)
        if activity is not None and activity.state is not ActivityState.DRAFT:
            answered = await live_queries.participant_count(db, activity)
    since = to_db(utcnow() - timedelta(minutes=1))
    return Stats(
        connected=connected,
        activity=activity_id,
        answered=answered,
        share=round(answered / connected, 3) if connected else None,
        per_minute=await live_queries.submissions_since(db, event.id, since),
    )


class ConsoleConnection:
    def __init__(
        self, live: Live, socket: WebSocket[Any, Any, Any], event: Event, account: Account
    ) -> None:
        self.live = live
        self.db: Database = live.hub.db
        self.socket = socket
        self.event = event
        self.account = account
        self.rate = RateLimit(ACTIONS_PER_SECOND)
        self.max_bytes = live.settings.live_max_message_bytes
        self.open = True

    async def run(self) -> None:
        channels = [moderator_channel(self.event.id), actions.console_channel(self.event.id)]
        async with (
            self.live.channels.start_subscription(channels) as subscriber,
            subscriber.run_in_background(self._send_bytes, join=False),
        ):
            await self._sync()
            stats = asyncio.create_task(self._stats())
            try:
                while self.open:
                    message = await self.socket.receive()
                    if message["type"] == "websocket.disconnect":
                        break
                    text, data = message.get("text"), message.get("bytes")
                    raw = text.encode() if isinstance(text, str) else data
                    await self._handle(raw if isinstance(raw, bytes) else b"")
            finally:
                stats.cancel()

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

    async def _sync(self) -> None:
        """The console state, the stage, announcements and every activity's snapshot."""
        await self._send(await service.console_state(self.db, self.event))
        await self._send_bytes(await self.live.hub.stage(self.event.id))
        for activity in await live_queries.activities_of_event(self.db, self.event.id):
            snapshot = await self.live.hub.snapshot(activity.id, moderator=True)
            if snapshot is not None:
                await self._send_bytes(snapshot)

    async def _stats(self) -> None:
        while self.open:
            await self._send(await live_numbers(self.live, self.db, self.event))
            await asyncio.sleep(STATS_SECONDS)

    async def _handle(self, raw: bytes) -> None:
        if len(raw) > self.max_bytes:
            await self._error("", "too-large", TOO_LARGE)
            return
        try:
            message = decoder.decode(raw)
        except msgspec.DecodeError:
            await self._error(_ref_of(raw), "malformed", MALFORMED)
            return
        if isinstance(message, ConsolePing):
            await self._send(Pong(ref=message.ref))
            return
        if isinstance(message, ConsoleSync):
            await self._sync()
            return
        if not self.rate.allow():
            await self._error(message.ref, "too-fast", TOO_FAST)
            return
        try:
            result = await actions.run_action(self.live, self.db, self.event, self.account, message)
        except EventdayError as exc:
            detail = " ".join(gettext(text) for text in exc.field_errors.values())
            await self._error(message.ref, exc.code, exc.message, detail, **exc.params)
            return
        await self._send(Done(ref=message.ref, audit=result["audit"], result=result["value"]))
