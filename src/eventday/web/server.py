"""How ``eventday serve`` runs uvicorn: timeouts and size limits for slow or idle
clients, so that a few hundred connections trickling bytes cannot hold the server.

uvicorn's keep-alive timeout closes a connection idle between requests, but any byte
received cancels it, and nothing limits how long, or how large, a request's head
(request line and headers) may be. :class:`GuardedHttpTools` is uvicorn's httptools
protocol with both: each request's head must be complete within
``header_timeout_seconds`` of the connection opening or the previous request ending
(a slow or idle client is closed), and at most ``max_header_bytes`` long (431).
Websockets get uvicorn's pings (a peer that stops answering is closed) and a largest
frame. :class:`FrameWriter` is uvicorn's websockets protocol that also writes an
already-serialised frame at once, for the live fan-out, with a bounded write buffer.

Several workers (:func:`serve_workers`) each listen on a socket of their own on the
same port (``SO_REUSEPORT``): the kernel then spreads new connections evenly over
them, where workers taking turns at one shared socket split a hall 55/45.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import signal
import socket
from functools import cache
from multiprocessing.connection import wait
from typing import Any, cast

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.http11 import Request
from websockets.protocol import State

from eventday.settings import Settings
from eventday.web.frames import FRAME_WRITER

TOO_LARGE = (
    b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
    b"content-type: text/plain; charset=utf-8\r\ncontent-length: 33\r\nconnection: close\r\n\r\n"
    b"Request header fields too large.\n"
)
# A websocket frame larger than this closes the connection (1009); the live sockets
# refuse messages over EVENTDAY_LIVE_MAX_MESSAGE_BYTES with an error, keeping it open.
WS_MAX_FRAME_BYTES = 65_536
# A websocket's write buffer in the process: past the high mark the socket counts as
# slow (frames are not written, the live fan-out keeps only the newest for it) until
# the buffer is down to the low mark. What a socket holds is then at most the high
# mark and one frame, however long the phone stops reading.
WRITE_BUFFER_HIGH = 64 * 1024
WRITE_BUFFER_LOW = 16 * 1024


@cache
def _limits() -> tuple[float, int]:
    """Read once per process (worker processes get the settings in the environment)."""
    settings = Settings.from_env()
    return settings.header_timeout_seconds, settings.max_header_bytes


class GuardedHttpTools(HttpToolsProtocol):
    """uvicorn's httptools protocol, with a deadline and a size limit for each head."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.header_timeout, self.max_header_bytes = _limits()
        self.head_deadline: asyncio.TimerHandle | None = None
        self.head_bytes = 0
        self.head_too_large = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._start_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._head_done()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._start_head()

    def on_url(self, url: bytes) -> None:
        self._count(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count(len(name) + len(value) + 4)
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._head_done()
        super().on_headers_complete()

    def send_400_response(self, msg: str) -> None:
        if self.head_too_large:
            self.transport.write(TOO_LARGE)
            self.transport.close()
            return
        super().send_400_response(msg)

    def _start_head(self) -> None:
        self._head_done()
        self.head_bytes = 0
        self.head_deadline = self.loop.call_later(self.header_timeout, self._too_slow)

    def _head_done(self) -> None:
        if self.head_deadline is not None:
            self.head_deadline.cancel()
            self.head_deadline = None

    def _count(self, size: int) -> None:
        self.head_bytes += size
        if self.head_bytes > self.max_header_bytes:
            self.head_too_large = True
            raise ValueError("request head too large")  # the parser stops: 431

    def _too_slow(self) -> None:
        self.head_deadline = None
        if not self.transport.is_closing():
            self.transport.close()


class FrameWriter(WebSocketsSansIOProtocol):
    """uvicorn's websockets protocol, which also writes an already-serialised frame
    at once (``write_frame``), and keeps itself in the scope for that
    (``web.frames.frame_writer``)."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self.transport.set_write_buffer_limits(high=WRITE_BUFFER_HIGH, low=WRITE_BUFFER_LOW)

    def handle_connect(self, event: Request) -> None:
        super().handle_connect(event)
        scope = getattr(self, "scope", None)
        # Only when the handshake goes on to the app, and without compression (frames
        # written as they are would need it per connection).
        if scope is not None and not self.conn.extensions:
            cast(dict[str, Any], scope)[FRAME_WRITER] = self

    def write_frame(self, wire: bytes) -> bool:
        """Write ``wire`` (a whole server frame) now, unless the socket is closing or
        its write buffer is past the high mark (then False, nothing written)."""
        if (
            not self.writable.is_set()
            or self.close_sent
            or self.conn.state is not State.OPEN
            or self.transport.is_closing()
        ):
            return False
        self.transport.write(wire)
        return True


def server_options(settings: Settings) -> dict[str, Any]:
    """uvicorn options every eventday server runs with (``serve`` and ``demo``)."""
    return {
        "http": GuardedHttpTools,
        "ws": FrameWriter,
        "timeout_keep_alive": settings.keep_alive_seconds,
        "ws_max_size": max(WS_MAX_FRAME_BYTES, settings.live_max_message_bytes),
        "ws_ping_interval": 20.0,
        "ws_ping_timeout": 20.0,
        "ws_per_message_deflate": False,
    }


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` that other sockets of this user may bind too
    (``SO_REUSEPORT``): each worker's own, the kernel balancing connections between
    them. uvicorn starts listening on it."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def _worker(options: dict[str, Any]) -> None:
    sock = listening_socket(options["host"], options["port"])
    uvicorn.Server(uvicorn.Config(**options)).run(sockets=[sock])


def serve_workers(workers: int, options: dict[str, Any]) -> int:
    """Run ``workers`` uvicorn servers with ``options`` (``uvicorn.Config``'s), each in
    its own process on its own socket, until a signal (SIGTERM, SIGINT: passed on to
    each) or until one ends (the others are stopped then, and its exit status
    returned, for the service manager to restart the whole)."""
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_worker, args=(options,)) for _ in range(workers)]
    for process in processes:
        process.start()

    def stop(_signum: int, _frame: object) -> None:
        for process in processes:
            if process.is_alive():
                process.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    wait([process.sentinel for process in processes])
    stop(signal.SIGTERM, None)
    for process in processes:
        process.join()
    return next((p.exitcode for p in processes if p.exitcode), 0) or 0
