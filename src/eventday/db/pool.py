"""What a ``Database``'s users take turns at: its reader connections (``Pool``) and
its write lock (``Lock``, a pool of one token).

Not ``asyncio.Queue`` and ``asyncio.Lock``: those belong to the first event loop that
waits on them, and wake a waiter of another thread's loop unsafely or not at all, and
the test client runs the app in a loop of its own beside the test's, both using the
same ``Database`` (an ``asyncio.Queue`` there hung a test). Here a waiter is a future
of its own loop, and what another thread gives back reaches it through that loop.
"""

from __future__ import annotations

import asyncio
import threading
from collections import deque
from typing import Generic, TypeVar

T = TypeVar("T")


class Pool(Generic[T]):
    """Items taken in turn by tasks on any event loop, first come first served; a
    waiter cancelled after an item was handed to it passes the item on."""

    def __init__(self) -> None:
        self._idle: deque[T] = deque()
        self._waiters: deque[asyncio.Future[T]] = deque()
        self._mutex = threading.Lock()

    async def take(self) -> T:
        """An idle item, or the next one given back."""
        with self._mutex:
            if self._idle:
                return self._idle.popleft()
            waiter: asyncio.Future[T] = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
        try:
            return await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():  # handed over, then cancelled
                self.give(waiter.result())
            raise

    def give(self, item: T) -> None:
        """``item`` back: to the longest waiter, else among the idle."""
        with self._mutex:
            while self._waiters:
                waiter = self._waiters.popleft()
                if waiter.done():  # its task was cancelled
                    continue
                loop = waiter.get_loop()
                if loop is _running_loop():
                    self._hand(waiter, item)
                else:
                    loop.call_soon_threadsafe(self._hand, waiter, item)
                return
            self._idle.append(item)

    def _hand(self, waiter: asyncio.Future[T], item: T) -> None:
        if waiter.done():  # cancelled before the item reached it
            self.give(item)
        else:
            waiter.set_result(item)

    def idle(self) -> int:
        """How many items wait to be taken."""
        return len(self._idle)

    def drain(self) -> list[T]:
        """The idle items, taken out (for closing)."""
        with self._mutex:
            items = list(self._idle)
            self._idle.clear()
            return items


class Lock:
    """A lock for tasks on any event loop (``async with lock:``): the one token of a
    ``Pool``."""

    def __init__(self) -> None:
        self._token: Pool[None] = Pool()
        self._token.give(None)

    async def __aenter__(self) -> None:
        await self._token.take()

    async def __aexit__(self, *_: object) -> None:
        self._token.give(None)

    def locked(self) -> bool:
        return self._token.idle() == 0


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None
