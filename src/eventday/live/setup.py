"""Wiring live interaction into the app: the channels, the hub and what it listens
to (the effects of committed changes), the secret that signs participant cookies,
and the limit on joins."""

from __future__ import annotations

import gc

from eventday.db import Database
from eventday.events.join_codes import JoinCodes
from eventday.live.clouds import CloudRenderer, cloud_font
from eventday.live.cluster import LiveChannels
from eventday.live.effects import ActivityChanged, Announced, StageChanged
from eventday.live.hub import LiveHub, encoder, event_channel, moderator_channel
from eventday.live.timers import Timers
from eventday.settings import Settings
from eventday.web.throttle import Throttle, build_storage

PARTICIPANT_COOKIE = "eventday_participant_{event_id}"
PARTICIPANT_MAX_AGE = 60 * 60 * 24 * 30


def tune_garbage_collector() -> None:
    """For a server process (not tests): thousands of open sockets are hundreds of
    thousands of long-lived objects, and every full collection walks them all, which
    stalls the event loop (about 300 ms at 2,000 phones on the benchmark machine, every
    few seconds under load, collecting next to nothing). Objects from start-up are
    frozen out of collections, and young and full collections are made rarer."""
    gc.freeze()
    young, middle, full = gc.get_threshold()
    gc.set_threshold(max(young, 50_000), max(middle, 20), max(full, 100))


class Live:
    """Everything live interaction keeps per app (``app.state.live``)."""

    def __init__(self, settings: Settings, db: Database, secret: bytes) -> None:
        self.settings = settings
        self.secret = secret
        self.events = JoinCodes(db)
        # In-process fan-out always; with a Redis URL the hub links the processes.
        self.channels = LiveChannels()
        self.hub = LiveHub(
            db,
            self.channels,
            CloudRenderer(settings.live_cloud_font or str(cloud_font())),
            tick_seconds=settings.live_tick_seconds,
            batch_size=settings.live_write_batch,
            redis_url=settings.redis_url,
        )
        self.timers = Timers(db, settings.live_tick_seconds)  # listens to ActivityChanged
        db.on(ActivityChanged, lambda effect: self.hub.activity_changed(effect.activity_id))
        db.on(StageChanged, lambda effect: self.hub.stage_changed(effect.event_id))
        db.on(Announced, self._announce)

        # New participants per event and network address (see ``routes.new_participant``).
        self.joins = Throttle(
            build_storage(settings),
            settings.live_joins_per_address,
            settings.live_join_window_seconds,
        )

    def _announce(self, effect: Announced) -> None:
        """An announcement goes to phones and consoles at once (not on a tick)."""
        event_id = effect.announcement.event
        self.channels.publish(
            encoder.encode(effect.announcement),
            [event_channel(event_id), moderator_channel(event_id)],
        )

    async def start(self) -> None:
        await self.hub.start()
        await self.timers.start()

    async def stop(self) -> None:
        await self.timers.stop()
        await self.hub.stop()
