"""What every eventday websocket shares: the receive loop with its size and shape
checks, sending already-encoded frames, and error replies in the user's language.

A phone's, projector's or console's connection subclasses :class:`SocketPeer` with
its own message decoder and ``_handle``; nothing a client sends can close the
connection, it gets an ``error`` message instead (``server-error`` when handling it
raised something unforeseen). Pings and error replies are limited per second (a
client flooding them gets ``too-fast``, then nothing). A socket sends each activity's
snapshots in growing versions only: one published on a tick while a ``sync`` answer
already carried it (or a newer one) is not sent again.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from typing import Any, Generic, TypeVar

import msgspec
from litestar import WebSocket

from eventday.errors import N_
from eventday.live.hub import SnapshotFrame, encoder
from eventday.live.models import ErrorMessage, Pong
from eventday.settings import Settings
from eventday.web.frames import frame_sender
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
        self._snapshot_versions: dict[int, int] = {}  # activity -> newest version sent
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

    async def _send_bytes(self, data: bytes) -> None:
        if not self.open:
            return
        if isinstance(data, SnapshotFrame):
            if data.version <= self._snapshot_versions.get(data.activity, -1):
                return
            self._snapshot_versions[data.activity] = data.version
        try:
            await self._send_message({"type": "websocket.send", "bytes": data, "text": None})
        except Exception:  # the peer went away; the receive loop notices and ends
            self.open = False

    async def _send(self, message: msgspec.Struct) -> None:
        await self._send_bytes(encoder.encode(message))

    async def _pong(self, ref: str) -> None:
        if self.pings.allow():
            await self._send(Pong(ref=ref))
        else:
            await self._too_fast(ref)

    async def _too_fast(self, ref: str) -> None:
        await self._error(ref, "too-fast", TOO_FAST)

    async def _error(
        self, ref: str, code: str, message: str, detail: str = "", **params: Any
    ) -> None:
        """Refuse a message; past the error replies allowed this second, silently."""
        if not self.error_replies.allow():
            return
        text = gettext(message, **params)
        await self._send(ErrorMessage(ref=ref, code=code, message=text, detail=detail))
