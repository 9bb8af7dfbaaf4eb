"""The console state after every change, to every console of the event.

``ConsoleChanged`` (emitted by each console action's transaction) only marks the event;
a task reads the state from the database and publishes it, once for any number of
changes that arrived while it read, and again for any that arrive after. So every
console gets the state as committed after the last change, whichever process made it
(the channels relay it to the others)."""

from __future__ import annotations

import asyncio
import logging

from eventday.console.effects import ConsoleChanged
from eventday.console.service import console_state
from eventday.db import Database
from eventday.live.cluster import LiveChannels
from eventday.live.effects import CountdownEnded
from eventday.live.hub import encoder

log = logging.getLogger("eventday.console")


def console_channel(event_id: int) -> str:
    """Consoles only: the console state after each action."""
    return f"console:{event_id}"


class ConsoleStates:
    def __init__(self, db: Database, channels: LiveChannels) -> None:
        self.db = db
        self.channels = channels
        self._dirty: set[int] = set()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        db.on(ConsoleChanged, self._changed)
        db.on(CountdownEnded, self._changed)

    def _changed(self, effect: ConsoleChanged | CountdownEnded) -> None:
        self._dirty.add(effect.event_id)
        self._wake.set()

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._dirty:
                event_id = self._dirty.pop()
                try:
                    state = await console_state(self.db, event_id)
                    self.channels.publish(encoder.encode(state), console_channel(event_id))
                except Exception:
                    log.exception("publishing the console state failed")
