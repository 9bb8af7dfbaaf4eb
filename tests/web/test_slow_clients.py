"""`eventday serve` does not wait for slow or idle clients (issue 14, item 6): a real
server process and raw TCP clients. A request head trickled a line at a time is cut
off at the header timeout, an idle connection after a response at the keep-alive
timeout, and an oversized head gets 431, while an ordinary request is answered."""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Iterator

import pytest

from tests.e2e.conftest import LiveServer

HEADER_TIMEOUT = 1.0
KEEP_ALIVE = 1


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    served = LiveServer(
        tmp_path_factory.mktemp("slow") / "slow.db",
        EVENTDAY_HEADER_TIMEOUT_SECONDS=str(HEADER_TIMEOUT),
        EVENTDAY_KEEP_ALIVE_SECONDS=str(KEEP_ALIVE),
        EVENTDAY_MAX_HEADER_BYTES="8192",
    )
    served.start()
    yield served
    served.stop()


def connect(server: LiveServer) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=10)


def closed_after(sock: socket.socket) -> tuple[float, bytes]:
    """Seconds until the server closes the connection, and what it sent before."""
    started, received = time.monotonic(), b""
    while chunk := sock.recv(65536):
        received += chunk
    return time.monotonic() - started, received


def test_a_head_trickled_line_by_line_is_cut_off(server: LiveServer) -> None:
    with connect(server) as sock:
        started = time.monotonic()
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        sent = 0
        try:
            for n in range(20):  # 20 lines 0.25 s apart: 5 s, far past the timeout
                time.sleep(0.25)
                sock.sendall(f"X-Slow-{n}: y\r\n".encode())
                sent += 1
        except OSError:
            pass  # the server closed the connection while we were still sending
        _, received = closed_after(sock)
        elapsed = time.monotonic() - started
    assert received == b""
    assert sent < 20
    assert HEADER_TIMEOUT <= elapsed < HEADER_TIMEOUT + 2


def test_a_connection_that_never_sends_is_closed(server: LiveServer) -> None:
    with connect(server) as sock:
        elapsed, received = closed_after(sock)
    assert received == b""
    assert HEADER_TIMEOUT * 0.9 <= elapsed < HEADER_TIMEOUT + 2


def test_an_idle_keep_alive_connection_is_closed_after_its_response(server: LiveServer) -> None:
    with connect(server) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        elapsed, received = closed_after(sock)
    assert received.startswith(b"HTTP/1.1 200")
    assert elapsed < KEEP_ALIVE + 2


def test_an_oversized_head_gets_431(server: LiveServer) -> None:
    with connect(server) as sock:
        # Closed before we finished sending: what it answered is still readable.
        with contextlib.suppress(OSError):
            sock.sendall(
                b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n"
            )
        _, received = closed_after(sock)
    assert received.startswith(b"HTTP/1.1 431")


def test_headers_within_the_limit_are_answered(server: LiveServer) -> None:
    with connect(server) as sock:
        sock.sendall(
            b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Fine: "
            + b"a" * 4000
            + b"\r\nConnection: close\r\n\r\n"
        )
        _, received = closed_after(sock)
    assert received.startswith(b"HTTP/1.1 200")
