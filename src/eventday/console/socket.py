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
from eventday.console import service
from eventday.console.models import ConsoleMessage, ConsolePing, ConsoleSync, Done, Stats
from eventday.console.publisher import console_channel
from eventday.db import Database
from eventday.errors import EventdayError
from eventday.events.models import Event
from eventday.live import queries as live_queries
from eventday.live.hub import moderator_channel
from eventday.live.models import ActivityState
from eventday.live.peer import RateLimit, SocketPeer
from eventday.live.setup import Live
from eventday.web.i18n import gettext

decoder = msgspec.json.Decoder(ConsoleMessage)
STATS_SECONDS = 2.0
ACTIONS_PER_SECOND = 20


async def live_numbers(live: Live, db: Database, event: Event) -> Stats:
    """Phones connected now (to every server process), who took part in the activity
    on the projector and who joined during its round, and submissions in the last
    minute."""
    connected = live.hub.connected_now(event.id)
    settings = await live_queries.live_settings(db, event.id)
    answered, joined, activity_id = 0, 0, settings.activity_id
    if activity_id is not None:
        activity = await live_queries.activity_by_id(db, activity_id)
        if activity is not None and activity.state is not ActivityState.DRAFT:
            answered = await live_queries.participant_count(db, activity)
            joined = await live_queries.joined_in_round(db, activity)
    since = to_db(utcnow() - timedelta(minutes=1))
    return Stats(
        connected=connected,
        activity=activity_id,
        answered=answered,
        joined=joined,
        share=round(answered / joined, 3) if joined else None,
        per_minute=await live_queries.submissions_since(db, event.id, since),
    )


class ConsoleConnection(SocketPeer[ConsoleMessage]):
    decoder = decoder

    def __init__(
        self, live: Live, socket: WebSocket[Any, Any, Any], event: Event, account: Account
    ) -> None:
        super().__init__(socket, live.settings)
        self.live = live
        self.db: Database = live.hub.db
        self.event = event
        self.account = account
        self.rate = RateLimit(ACTIONS_PER_SECOND)

    async def run(self) -> None:
        channels = [moderator_channel(self.event.id), console_channel(self.event.id)]
        with self.live.channels.subscription(self, channels):
            await self._sync()
            stats = asyncio.create_task(self._stats())
            try:
                await self._receive_loop()
            finally:
                stats.cancel()

    async def _sync(self) -> None:
        """The console state, the stage, announcements and every activity's snapshot."""
        await self._send(await service.console_state(self.db, self.event.id))
        await self._send_bytes(await self.live.hub.stage(self.event.id))
        for activity in await live_queries.activities_of_event(self.db, self.event.id):
            snapshot = await self.live.hub.snapshot(activity.id, activity.version, moderator=True)
            if snapshot is not None:
                await self._send_bytes(snapshot)

    async def _stats(self) -> None:
        while self.open:
            await self._send(await live_numbers(self.live, self.db, self.event))
            await asyncio.sleep(STATS_SECONDS)

    async def _handle(self, message: ConsoleMessage) -> None:
        if isinstance(message, ConsolePing):
            await self._pong(message.ref)
            return
        if isinstance(message, ConsoleSync):
            if self.pings.allow():  # syncs count with pings
                await self._sync()
            else:
                await self._too_fast(message.ref)
            return
        if not self.rate.allow():
            await self._too_fast(message.ref)
            return
        try:
            outcome = await service.perform(self.db, self.event, self.account, message)
        except EventdayError as exc:
            fields = {name: gettext(text) for name, text in exc.field_errors.items()}
            detail = " ".join(fields.values())
            await self._error(message.ref, exc.code, exc.message, detail, fields, **exc.params)
            return
        await self._send(Done(ref=message.ref, audit=outcome.audit, result=outcome.result))
