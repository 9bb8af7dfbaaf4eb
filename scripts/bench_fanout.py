#!/usr/bin/env python3
"""CPU cost of one fan-out pass: eventday's against ``websockets.broadcast()``.

Both servers run in this process, each with N real loopback websockets from minimal
clients (in this process too, reading and discarding). A pass is one snapshot of
``--bytes`` to all N sockets: eventday's ``LiveChannels.publish_here`` (the call the
hub makes on a tick) and ``websockets.broadcast()`` on the bare server. Each pass is
timed with ``time.thread_time()``: the CPU time of this thread only, so other work
on a shared machine does not count (unlike the latencies of ``bench_live.py``).
Passes are a tick (0.25 s) apart, so the clients read between them.

    scripts/bench_fanout.py --participants 2000 --participants 5000 --passes 40
    scripts/bench_fanout.py --quick
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

import msgspec

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import free_port, machine, post_many, raise_fd_limit

HANDSHAKE = (
    "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
    "Connection: Upgrade\r\nSec-WebSocket-Key: ZXZlbnRkYXktYmVuY2gxMg==\r\n"
    "Sec-WebSocket-Version: 13\r\n\r\n"
)


class Phone(asyncio.Protocol):
    """Opens the websocket, then reads and discards everything."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.received = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        cast(asyncio.Transport, transport).write(HANDSHAKE.format(path=self.path).encode())

    def data_received(self, data: bytes) -> None:
        self.received += len(data)


async def connect(port: int, paths: list[str], concurrency: int = 200) -> list[Phone]:
    loop = asyncio.get_running_loop()
    gate = asyncio.Semaphore(concurrency)
    phones = [Phone(path) for path in paths]

    async def one(phone: Phone) -> None:
        async with gate:
            await loop.create_connection(lambda: phone, "127.0.0.1", port)

    await asyncio.gather(*(one(phone) for phone in phones))
    return phones


async def all_connected(connected: Any, participants: int) -> None:
    """Wait until ``connected()`` counts every participant (at most 120 s)."""
    deadline = time.monotonic() + 120
    while connected() < participants:
        if time.monotonic() > deadline:
            raise RuntimeError(f"only {connected()} of {participants} connected")
        await asyncio.sleep(0.1)


def snapshot(version: int, size: int) -> bytes:
    head = {"type": "snapshot", "event": 1, "version": version, "activity": {"id": 1}}
    data = msgspec.json.encode({**head, "results": {"padding": ""}})
    return msgspec.json.encode({**head, "results": {"padding": "x" * max(0, size - len(data))}})


async def passes(publish: Any, count: int, size: int) -> list[float]:
    """CPU milliseconds of each of ``count`` passes, a tick apart."""
    times = []
    for version in range(2, count + 2):
        data = snapshot(version, size)
        started = time.thread_time()
        publish(data, version)
        times.append((time.thread_time() - started) * 1000)
        await asyncio.sleep(0.25)
    return times


async def eventday_passes(participants: int, count: int, size: int) -> list[float]:
    import uvicorn

    from eventday.app import create_app
    from eventday.clock import utcnow
    from eventday.events import service as events
    from eventday.events.models import EventIn
    from eventday.live import activities
    from eventday.live.hub import SnapshotFrame, event_channel
    from eventday.live.models import ActivityIn, ActivityKind, ActivityState
    from eventday.settings import Settings
    from eventday.web.frames import with_server_send
    from eventday.web.server import server_options

    directory = Path(tempfile.mkdtemp(prefix="eventday-fanout-"))
    settings = Settings(
        database=str(directory / "bench.db"),
        secret_key="benchmark-secret-key-long-enough-0123456789",
        live_joins_per_address=0,
        log_level="WARNING",
    )
    app = create_app(settings)
    port = free_port()
    # The phones here answer no pings; a pass has nothing to do with them.
    options = {**server_options(settings), "ws_ping_interval": None}
    config = uvicorn.Config(
        with_server_send(app),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        backlog=4096,
        **options,
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110
        await asyncio.sleep(0.05)
    try:
        db = app.state.db
        starts = utcnow() + timedelta(hours=1)
        event = await events.create_event(
            db, EventIn(name="Fan-out", starts_at=starts, ends_at=starts + timedelta(hours=8))
        )
        async with db.transaction() as tx:
            activity = await activities.create_activity(
                tx, event, ActivityIn(kind=ActivityKind.QA, title="Frågor")
            )
            await activities.set_state(tx, activity, ActivityState.OPEN)
        joined = await post_many(
            "127.0.0.1", port, f"/api/v1/live/{event.join_code}/join", participants, 32
        )
        paths = [f"/{event.join_code}/ws?token={item['token']}" for item in joined]
        await connect(port, paths)
        hub = app.state.live.hub
        await all_connected(lambda: hub.connected[event.id], participants)
        await asyncio.sleep(2)  # the last syncs
        channels = app.state.live.channels
        channel = event_channel(event.id)

        def publish(data: bytes, version: int) -> None:
            frame = SnapshotFrame(data)
            frame.activity, frame.version = activity.id, activity.version + version
            channels.publish_here(frame, channel)

        return await passes(publish, count, size)
    finally:
        server.should_exit = True
        await task


async def floor_passes(participants: int, count: int, size: int) -> list[float]:
    from websockets.asyncio.server import ServerConnection, broadcast, serve

    connections: set[ServerConnection] = set()

    async def handler(ws: ServerConnection) -> None:
        connections.add(ws)
        try:
            await ws.wait_closed()
        finally:
            connections.discard(ws)

    port = free_port()
    async with serve(
        handler, "127.0.0.1", port, compression=None, backlog=4096, ping_interval=None
    ):
        await connect(port, ["/"] * participants)
        await all_connected(lambda: len(connections), participants)
        return await passes(lambda data, _version: broadcast(connections, data), count, size)


def figures(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "median_ms": round(statistics.median(ordered), 2),
        "p90_ms": round(ordered[int(0.9 * (len(ordered) - 1))], 2),
        "min_ms": round(ordered[0], 2),
        "max_ms": round(ordered[-1], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, action="append")
    parser.add_argument("--passes", type=int, default=40)
    parser.add_argument("--bytes", type=int, default=300, help="size of each snapshot")
    parser.add_argument("--quick", action="store_true", help="200 participants, 8 passes (CI)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    raise_fd_limit()
    logging.getLogger("websockets").setLevel(logging.WARNING)
    if args.quick:
        args.participants, args.passes = [200], 8
    try:
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    except ImportError:
        pass
    runs = []
    for participants in args.participants or [2000, 5000]:
        ours = figures(asyncio.run(eventday_passes(participants, args.passes, args.bytes)))
        floor = figures(asyncio.run(floor_passes(participants, args.passes, args.bytes)))
        ratio = round(ours["median_ms"] / floor["median_ms"], 2) if floor["median_ms"] else None
        runs.append({"participants": participants, "eventday": ours, "floor": floor})
        runs[-1]["ratio_median"] = ratio
        print(
            f"bench_fanout N={participants}: eventday pass {ours['median_ms']} ms CPU "
            f"(p90 {ours['p90_ms']}, {ours['min_ms']}–{ours['max_ms']}), websockets.broadcast "
            f"{floor['median_ms']} ms (p90 {floor['p90_ms']}, {floor['min_ms']}–"
            f"{floor['max_ms']}), ratio {ratio}",
            flush=True,
        )
    if args.json:
        output = {"machine": machine(), "command": sys.argv, "runs": runs}
        args.json.write_text(json.dumps(output, indent=2))


if __name__ == "__main__":
    main()
