"""What every eventday websocket shares: the receive loop with its size and shape
checks, sending already-encoded frames, and error replies in the user's language.

A phone's, projector's or console's connection subclasses :class:`SocketPeer` with
its own message decoder and ``_handle``; nothing a client sends can close the
connection, it gets an ``error`` message instead (``server-error`` when handling it
raised something unforeseen). Pings and error replies are limited per second (a
client flooding them gets ``too-fast``, then nothing). A socket sends each activity's
snapshots in growing versions only: one published on a tick while a ``sync`` answer
already carried it (or a newer one) is not sent again.

Published frames arrive from the fan-out (``deliver``) and are written at once. A
socket whose write buffer is full (a phone that stopped reading) is *behind*: it
keeps only the newest snapshot of each activity and the last few other messages
(``live_subscriber_backlog``), and one task sends them once the phone reads again.

What a socket sends before it listens (``greeting``: a phone's hello, stage, snapshot
and own answers) goes out in one write: a hall of phones connecting at once costs a
system call a phone instead of one a message. What is published meanwhile follows it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from itertools import count
from typing import Any, Generic, TypeVar

import msgspec
from litestar import WebSocket

from eventday.clock import server_time
from eventday.errors import N_
from eventday.live.fanout import wire_frame
from eventday.live.hub import SnapshotFrame, encoder
from eventday.live.models import ErrorMessage, Pong
from eventday.settings import Settings
from eventday.web.frames import frame_sender, frame_writer
from eventday.web.i18n import gettext

TOO_LARGE = N_("The message is too large.")
MALFORMED = N_("The message could not be understood.")
TOO_FAST = N_("You are sending too fast. Wait a moment and try again.")
SERVER_ERROR = N_("Something went wrong on the server, so this was not saved. Please try again.")

log = logging.getLogger("eventday.live")

Message = TypeVar("Message")


class RateLimit:
    """At most ``limit`` events in any one-second window."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.recent: deque[float] = deque()

    def allow(self) -> bool:
        now = time.monotonic()
        while self.recent and now - self.recent[0] >= 1.0:
            self.recent.popleft()
        if len(self.recent) >= self.limit:
            return False
        self.recent.append(now)
        return True


def ref_of(raw: bytes) -> str:
    """The ``ref`` of a message that failed validation, so the client can match the error."""
    try:
        value = msgspec.json.decode(raw)
    except msgspec.DecodeError:
        return ""
    ref = value.get("ref") if isinstance(value, dict) else None
    return ref[:40] if isinstance(ref, str) else ""


class SocketPeer(Generic[Message]):
    """One connected client. Subclasses set ``decoder`` and implement ``_handle``."""

    decoder: msgspec.json.Decoder[Message]

    def __init__(self, socket: WebSocket[Any, Any, Any], settings: Settings) -> None:
        self.socket = socket
        self.max_bytes = settings.live_max_message_bytes
        self.open = True
        self._send_message = frame_sender(socket)
        self._wire = frame_writer(socket)
        self._snapshot_versions: dict[int, int] = {}  # activity -> newest version sent
        # While behind: what to send once the socket drains, oldest first (a snapshot
        # under its activity, replaced by a newer one; other messages under a number).
        self._behind: dict[object, bytes] = {}
        self._others = count()
        self._backlog = settings.live_subscriber_backlog
        self._catching_up: asyncio.Task[None] | None = None
        self._greeting: list[bytes] | None = None  # gathered while greeting
        self.pings = RateLimit(settings.live_pings_per_second)
        self.error_replies = RateLimit(settings.live_error_replies_per_second)

    async def _receive_loop(self) -> None:
        """Hand each frame to ``_handle`` until the client goes away."""
        while self.open:
            frame = await self.socket.receive()
            if frame["type"] == "websocket.disconnect":
                break
            text, data = frame.get("text"), frame.get("bytes")
            raw = text.encode() if isinstance(text, str) else data
            await self._frame(raw if isinstance(raw, bytes) else b"")

    async def _frame(self, raw: bytes) -> None:
        if len(raw) > self.max_bytes:
            await self._error("", "too-large", TOO_LARGE)
            return
        try:
            message = self.decoder.decode(raw)
        except msgspec.DecodeError as exc:
            await self._error(ref_of(raw), "malformed", MALFORMED, detail=str(exc))
            return
        try:
            await self._handle(message)
        except Exception:  # a database error or a bug: this message fails, not the socket
            log.exception("live message failed")
            await self._error(str(getattr(message, "ref", "")), "server-error", SERVER_ERROR)

    async def _handle(self, message: Message) -> None:
        raise NotImplementedError

    def deliver(self, frame: bytes, wire: bytes) -> None:
        """A published frame (``wire``: serialised), from the fan-out: written now, or
        kept for later while the socket is behind."""
        if not self.open or not self._fresh(frame):
            return
        greeting = self._greeting is not None
        if (
            not greeting
            and self._catching_up is None
            and self._wire is not None
            and self._wire.write_frame(wire)
        ):
            self._sent(frame)
            return
        if isinstance(frame, SnapshotFrame):
            self._behind.pop(frame.activity, None)
            self._behind[frame.activity] = frame
        else:
            self._behind[("other", next(self._others))] = frame
            others = [key for key in self._behind if isinstance(key, tuple)]
            for key in others[: len(others) - self._backlog]:
                del self._behind[key]
        if self._catching_up is None and not greeting:
            self._catching_up = asyncio.create_task(self._catch_up())

    @asynccontextmanager
    async def greeting(self) -> AsyncIterator[None]:
        """Inside, what the socket sends is gathered (and what is published kept);
        at the end it is written at once, and what was published follows."""
        self._greeting = []
        try:
            yield
        finally:
            gathered, self._greeting = self._greeting, None
            await self._write_all(gathered)
            if self._behind and self._catching_up is None:
                self._catching_up = asyncio.create_task(self._catch_up())

    async def _write_all(self, frames: list[bytes]) -> None:
        if not frames or not self.open:
            return
        if self._wire is not None and self._wire.write_frame(
            b"".join(wire_frame(frame) for frame in frames)
        ):
            return
        for frame in frames:  # without the server's writer, or its buffer full
            await self._write(frame)

    async def _catch_up(self) -> None:
        """Send what was kept while behind, oldest first, each once the socket takes it
        (the server's ``send`` waits for the write buffer to drain)."""
        try:
            while self._behind and self.open:
                key = next(iter(self._behind))
                await self._send_bytes(self._behind.pop(key))
        finally:
            self._catching_up = None
            self._behind.clear()

    def _fresh(self, frame: bytes) -> bool:
        """Whether ``frame`` is to be sent: not a snapshot of a version already sent."""
        return not isinstance(frame, SnapshotFrame) or frame.version > self._snapshot_versions.get(
            frame.activity, -1
        )

    def _sent(self, frame: bytes) -> None:
        if isinstance(frame, SnapshotFrame):
            self._snapshot_versions[frame.activity] = frame.version

    async def _send_bytes(self, data: bytes) -> None:
        if not self.open or not self._fresh(data):
            return
        self._sent(data)
        if self._greeting is not None:
            self._greeting.append(data)
            return
        await self._write(data)

    async def _write(self, data: bytes) -> None:
        try:
            await self._send_message({"type": "websocket.send", "bytes": data, "text": None})
        except Exception:  # the peer went away; the receive loop notices and ends
            self.open = False

    async def _send(self, message: msgspec.Struct) -> None:
        await self._send_bytes(encoder.encode(message))

    async def _pong(self, ref: str) -> None:
        if self.pings.allow():
            await self._send(Pong(ref=ref, now=server_time()))
        else:
            await self._too_fast(ref)

    async def _too_fast(self, ref: str) -> None:
        await self._error(ref, "too-fast", TOO_FAST)

    async def _error(
        self,
        ref: str,
        code: str,
        message: str,
        detail: str = "",
        fields: dict[str, str] | None = None,
        **params: Any,
    ) -> None:
        """Refuse a message; past the error replies allowed this second, silently."""
        if not self.error_replies.allow():
            return
        text = gettext(message, **params)
        error = ErrorMessage(ref=ref, code=code, message=text, detail=detail, fields=fields or {})
        await self._send(error)
