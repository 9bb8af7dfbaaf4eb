"""``eventday serve --workers 2``: each worker listens on a socket of its own on the
one port (SO_REUSEPORT), so the kernel splits a hall's connections evenly between
them. A real server with a real redis-server, real connections."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventday.harness import EventdayServer, RedisServer

CONNECTIONS = 200


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    try:
        server = RedisServer(tmp_path)
    except FileNotFoundError as missing:
        if os.environ.get("EVENTDAY_REQUIRE_BROWSER"):
            pytest.fail(f"EVENTDAY_REQUIRE_BROWSER is set but {missing}")
        pytest.skip(str(missing))
    server.start()
    yield server
    server.stop()


def connections_of(pid: int, port: int, peers: set[int]) -> int:
    """How many of the connections from the local ports ``peers`` to ``port`` the
    process holds (not its redis connections, nor the harness's readiness check,
    which the worker may not have closed yet)."""
    inodes = {
        link[len("socket:[") : -1]
        for fd in Path(f"/proc/{pid}/fd").iterdir()
        if (link := os.readlink(fd)).startswith("socket:")
    }
    held = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            remote_port = int(fields[2].rsplit(":", 1)[1], 16)
            established = fields[3] == "01"
            ours = local_port == port and remote_port in peers
            if ours and established and fields[9] in inodes:
                held += 1
    return held


def workers_of(pid: int) -> list[int]:
    """The server's worker processes (not multiprocessing's resource tracker)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [
        int(child)
        for child in children
        if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes()
    ]


def test_two_workers_split_the_connections_evenly(
    tmp_path: Path, redis_server: RedisServer
) -> None:
    server = EventdayServer(
        tmp_path / "eventday.db", workers=2, env={"EVENTDAY_REDIS_URL": redis_server.url}
    )
    server.start()
    held: list[socket.socket] = []
    try:
        workers = workers_of(server.pid)
        for _ in range(CONNECTIONS):
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert sock.recv(4096).startswith(b"HTTP/1.1 200"), "every worker answers"
            held.append(sock)  # kept open (keep-alive): the worker holds it
        peers = {sock.getsockname()[1] for sock in held}
        taken = sorted(connections_of(pid, server.port, peers) for pid in workers)
    finally:
        for sock in held:
            sock.close()
        server.stop()
    assert len(workers) == 2
    assert sum(taken) == CONNECTIONS
    # Binomial with p = 1/2: 35/65 is more than four standard deviations out.
    assert taken[0] >= 0.35 * CONNECTIONS, taken
