"""The event of a join code, kept a few seconds.

In a join storm every phone asks twice (its join and its socket), thousands a
minute, for a row that hardly changes: join codes and slugs never change and events
are never deleted, so only an event's details (its names) can go stale. A change
committed in this process drops the event at once (``EventChanged``, emitted by
``events.service``); one made in another process shows here within ``KEEP_SECONDS``.
Codes without an event are not kept, so the cache holds at most one entry an event.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from eventday.db import Database
from eventday.events import queries
from eventday.events.models import Event, EventChanged

KEEP_SECONDS = 10.0


class JoinCodes:
    def __init__(
        self,
        db: Database,
        keep_seconds: float = KEEP_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._db = db
        self._keep = keep_seconds
        self._clock = clock
        self._kept: dict[str, tuple[float, Event]] = {}  # code -> (until, event)
        db.on(EventChanged, self._forget)

    async def event(self, code: str) -> Event | None:
        """The event whose join code is ``code`` (normalised), or None."""
        now = self._clock()
        kept = self._kept.get(code)
        if kept is not None and now < kept[0]:
            return kept[1]
        event = await queries.event_by_join_code(self._db.inline, code)
        if event is None:
            self._kept.pop(code, None)
        else:
            self._kept[code] = (now + self._keep, event)
        return event

    def _forget(self, effect: EventChanged) -> None:
        self._kept = {
            code: kept for code, kept in self._kept.items() if kept[1].id != effect.event_id
        }
