"""Fan-out in this process: a published frame reaches every subscriber of its
channels in one loop, the way ``websockets.broadcast()`` does.

The frame is encoded once by whoever publishes it and serialised once as a
websocket frame here; each subscriber's ``deliver`` writes those same bytes to its
socket at once, or, when the socket's write buffer is full (a slow phone), keeps
only the newest (see ``SocketPeer.deliver``). No queue and no task per subscriber,
and no publisher waits for a slow one.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Protocol

from websockets.frames import Frame, Opcode

log = logging.getLogger("eventday.live")


class Subscriber(Protocol):
    def deliver(self, frame: bytes, wire: bytes) -> None:
        """Send ``frame`` (``wire``: the same, serialised as a websocket frame) now,
        without waiting."""


def wire_frame(data: bytes) -> bytes:
    """``data`` as one unmasked binary websocket frame (what a server sends)."""
    return Frame(Opcode.BINARY, data).serialize(mask=False)


class Fanout:
    """Named channels and their subscribers in this process."""

    def __init__(self) -> None:
        self._subscribers: defaultdict[str, set[Subscriber]] = defaultdict(set)

    @contextmanager
    def subscription(self, subscriber: Subscriber, channels: Iterable[str]) -> Iterator[None]:
        """``subscriber`` receives what is published to ``channels`` while inside."""
        names = list(channels)
        for name in names:
            self._subscribers[name].add(subscriber)
        try:
            yield
        finally:
            for name in names:
                subscribers = self._subscribers[name]
                subscribers.discard(subscriber)
                if not subscribers:
                    del self._subscribers[name]

    def publish_here(self, data: bytes, channels: str | Iterable[str]) -> None:
        """``data`` to every subscriber of ``channels`` in this process, now."""
        names = [channels] if isinstance(channels, str) else channels
        wire = wire_frame(data)
        for name in names:
            for subscriber in tuple(self._subscribers.get(name, ())):
                try:
                    subscriber.deliver(data, wire)
                except Exception:  # a bug in one subscriber must not starve the others
                    log.exception("live delivery failed")
