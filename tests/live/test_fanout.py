"""The fan-out under a real uvicorn server (in this event loop, so the server's
connections can be looked at): a phone that stops reading skips to the newest
snapshot, and what the server holds for it stays bounded."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import msgspec
import pytest
import uvicorn
import websockets
from litestar import Litestar
from websockets.client import ClientProtocol
from websockets.frames import Frame
from websockets.uri import parse_uri

from eventday.app import create_app
from eventday.events import service as events
from eventday.events.models import EventIn
from eventday.harness import free_port
from eventday.live import activities
from eventday.live.hub import SnapshotFrame, event_channel
from eventday.live.models import ActivityIn, ActivityKind, ActivityState
from eventday.settings import Settings
from eventday.web.frames import with_server_send
from eventday.web.server import WRITE_BUFFER_HIGH, FrameWriter, server_options

PUBLISHED = 600
PADDING = 32_000  # bytes of each published snapshot: 19 MB in all, past any socket buffer


class Served:
    def __init__(self, app: Litestar, server: uvicorn.Server, port: int) -> None:
        self.app = app
        self.server = server
        self.port = port

    def connection_of(self, sock: socket.socket) -> FrameWriter:
        """The server's end of the client socket ``sock``."""
        address = sock.getsockname()
        return next(
            connection
            for connection in self.server.server_state.connections
            if isinstance(connection, FrameWriter) and connection.client == address[:2]
        )


@pytest.fixture
async def served(settings: Settings) -> AsyncIterator[Served]:
    app = create_app(settings)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            with_server_send(app),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            **server_options(settings),
        )
    )
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn offers no started event
        await asyncio.sleep(0.05)
    yield Served(app, server, port)
    server.should_exit = True
    await task


def version_of(frame: Frame) -> int | None:
    message: dict[str, Any] = msgspec.json.decode(frame.data)
    return int(message["version"]) if message.get("type") == "snapshot" else None


class RawPhone:
    """A phone over a plain socket with a small receive buffer, spoken by websockets'
    sans-I/O client, so that the test decides when it reads."""

    def __init__(self, port: int, path: str) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self.sock.setblocking(False)
        self.protocol = ClientProtocol(parse_uri(f"ws://127.0.0.1:{port}{path}"))
        self.port = port
        self.path = path

    async def open(self) -> None:
        loop = asyncio.get_running_loop()
        await loop.sock_connect(self.sock, ("127.0.0.1", self.port))
        self.protocol.send_request(self.protocol.connect())
        await self._flush()

    async def _flush(self) -> None:
        for data in self.protocol.data_to_send():
            await asyncio.get_running_loop().sock_sendall(self.sock, data)

    async def frames(self) -> AsyncIterator[Frame]:
        """Every binary frame, read as it arrives (10 s at most between reads)."""
        loop = asyncio.get_running_loop()
        while True:
            data = await asyncio.wait_for(loop.sock_recv(self.sock, 65_536), 10)
            assert data, "the server closed the connection"
            self.protocol.receive_data(data)
            await self._flush()  # pongs
            for event in self.protocol.events_received():
                if isinstance(event, Frame) and event.opcode.name == "BINARY":
                    yield event


async def test_a_phone_that_stops_reading_skips_to_the_newest_snapshot_in_bounded_memory(
    served: Served, now: datetime
) -> None:
    db = served.app.state.db
    event = await events.create_event(
        db,
        EventIn(name="Dagen", starts_at=now + timedelta(hours=1), ends_at=now + timedelta(hours=9)),
    )
    async with db.transaction() as tx:
        qa = await activities.create_activity(
            tx, event, ActivityIn(kind=ActivityKind.QA, title="Frågor")
        )
        await activities.set_state(tx, qa, ActivityState.OPEN)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{served.port}") as http:
        tokens = [
            (await http.post(f"/api/v1/live/{event.join_code}/join")).json()["token"]
            for _ in range(2)
        ]

    slow = RawPhone(served.port, f"/{event.join_code}/ws?token={tokens[0]}")
    await slow.open()
    async for frame in slow.frames():
        if version_of(frame) is not None:
            break  # synced: holding the current snapshot; from now on it reads nothing

    fast_versions: list[int] = []
    newest = qa.version + 1 + PUBLISHED

    async def read_fast() -> None:
        url = f"ws://127.0.0.1:{served.port}/{event.join_code}/ws?token={tokens[1]}"
        async with websockets.connect(url, max_size=None) as ws:
            async for data in ws:
                message = msgspec.json.decode(data)
                if message.get("type") == "snapshot":
                    fast_versions.append(message["version"])
                    if message["version"] == newest:
                        return

    fast = asyncio.create_task(read_fast())
    while served.app.state.live.hub.connected[event.id] < 2:  # noqa: ASYNC110
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.2)  # the fast phone's own sync is done

    server_end = served.connection_of(slow.sock)
    largest_buffer = 0
    frame_bytes = 0
    for version in range(qa.version + 2, newest + 1):
        frame = SnapshotFrame(
            msgspec.json.encode(
                {
                    "type": "snapshot",
                    "event": event.id,
                    "version": version,
                    "activity": {"id": qa.id},
                    "results": {"padding": "x" * PADDING},
                }
            )
        )
        frame.activity, frame.version = qa.id, version
        frame_bytes = len(frame)
        served.app.state.live.channels.publish_here(frame, event_channel(event.id))
        largest_buffer = max(largest_buffer, server_end.transport.get_write_buffer_size())
        await asyncio.sleep(0)

    await asyncio.wait_for(fast, 20)
    assert fast_versions == sorted(set(fast_versions))
    assert fast_versions[-1] == newest

    # The slow phone filled its socket: the server then held at most its high mark
    # and one frame for it, not the 19 MB published.
    assert largest_buffer > 0
    assert largest_buffer <= WRITE_BUFFER_HIGH + frame_bytes + 16

    # Reading again, it gets what was buffered, then the newest snapshot, in growing
    # versions, and skips the ones published while it was stuck.
    received: list[int] = []
    async for frame in slow.frames():
        version = version_of(frame)
        if version is not None:
            received.append(version)
            if version == newest:
                break
    assert received == sorted(set(received))
    assert received[-1] == newest
    assert len(received) < PUBLISHED / 2
