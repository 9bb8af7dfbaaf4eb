"""Countdowns: the server owns each deadline (a column of the activity). Each process
keeps the earliest deadline in memory, read again from the database after every
committed change of an activity here and every few seconds (deadlines set by other
processes, or before a restart), and on the tick that passes it closes the activity.
Closing is one conditional UPDATE, so of several processes only the first to see a
deadline closes the activity; its ``ActivityChanged`` goes out after the commit like
any other change."""

from __future__ import annotations

import asyncio
import logging
import time

from eventday.clock import now_db, wall_seconds
from eventday.db import Database
from eventday.live import activities, queries
from eventday.live.effects import ActivityChanged

log = logging.getLogger("eventday.live")
# How often the earliest deadline is read again without a change made here: a
# countdown whose process has gone closes at most this late in another one.
REFRESH_SECONDS = 5.0


async def close_due(db: Database) -> list[int]:
    """Close the activities whose countdown has passed; a read first, so a call with
    nothing due takes no write lock."""
    due = await queries.next_deadline(db)
    if due is None or due > now_db():
        return []
    async with db.transaction() as tx:
        return await activities.close_expired(tx)


class Timers:
    """The loop that closes activities at zero, on the ticks of the wall clock."""

    def __init__(self, db: Database, tick_seconds: float) -> None:
        self.db = db
        self.tick_seconds = tick_seconds
        self._task: asyncio.Task[None] | None = None
        self._next: str | None = None
        self._read_at = 0.0  # monotonic time of the next read; 0: read on the next tick
        db.on(ActivityChanged, self._changed)

    def _changed(self, effect: ActivityChanged) -> None:
        self._read_at = 0.0

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.tick_seconds - wall_seconds() % self.tick_seconds)
            try:
                await self._tick()
            except Exception:
                log.exception("closing activities at the end of their countdown failed")

    async def _tick(self) -> None:
        if time.monotonic() >= self._read_at:
            self._read_at = time.monotonic() + REFRESH_SECONDS
            self._next = await queries.next_deadline(self.db)
        if self._next is not None and self._next <= now_db():
            self._next = None
            self._read_at = 0.0
            await close_due(self.db)
