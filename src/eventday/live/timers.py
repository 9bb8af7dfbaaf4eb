"""Countdowns: the server owns each deadline (a column of the activity), and every
process looks for passed ones on each tick. Closing is one conditional UPDATE, so of
several processes (or after a restart) only the first to see a deadline closes the
activity; its ``ActivityChanged`` goes out after the commit like any other change."""

from __future__ import annotations

import asyncio
import logging

from eventday.clock import now_db, wall_seconds
from eventday.db import Database
from eventday.live import activities, queries

log = logging.getLogger("eventday.live")


async def close_due(db: Database) -> list[int]:
    """Close the activities whose countdown has passed; a read first, so a tick with
    nothing due takes no write lock."""
    due = await queries.next_deadline(db)
    if due is None or due > now_db():
        return []
    async with db.transaction() as tx:
        return await activities.close_expired(tx)


class Timers:
    """The loop that closes activities at zero, once per tick on the wall clock."""

    def __init__(self, db: Database, tick_seconds: float) -> None:
        self.db = db
        self.tick_seconds = tick_seconds
        self._task: asyncio.Task[None] | None = None

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
                await close_due(self.db)
            except Exception:
                log.exception("closing activities at the end of their countdown failed")
