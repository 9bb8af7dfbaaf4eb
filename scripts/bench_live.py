#!/usr/bin/env python3
"""Live fan-out benchmark: eventday against the bare ``websockets`` broadcast floor.

For each size (participants:votes per second) it

1. starts ``eventday serve`` on a fresh database in a subprocess (``--workers N`` with
   a throwaway redis-server when N > 1), creates an event and a poll through the API;
2. in separate load-generator processes (``--load-processes``), joins N participants
   (HTTP join, then a websocket each, spoken by a minimal hand-written client so the
   load generator stays cheaper than the server), then votes at the set rate for
   the set time: join-storm time, submit→ack and submit→visible latency (until an
   observing client receives a snapshot whose version covers the ack's version),
   fan-out time (first to last client receiving each snapshot version);
3. reads the server's RSS and CPU from /proc (the whole process tree) and, after
   stopping it, compares every acknowledged vote with the database (lost must be 0);
4. runs the same load against a bare ``websockets`` server that broadcasts a snapshot
   of the same size on the same tick with ``websockets.broadcast()`` (no application
   logic): the floor for Python on this machine, and prints eventday / floor.

    scripts/bench_live.py --quick
    scripts/bench_live.py --size 2000:500 --size 5000:1000 --duration 20 --json out.json
    scripts/bench_live.py --workers 2 --size 4000:500     # Redis, two processes
    scripts/bench_live.py --summarise live-1.json live-2.json live-3.json  # medians
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import random
import socket
import sqlite3
import statistics
import sys
import time
from bisect import bisect_left
from collections import defaultdict
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, cast

import msgspec

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import (
    Eventday,
    RedisServer,
    cpu_seconds,
    free_port,
    machine,
    machine_ticks,
    ms,
    percentile,
    py_spy,
    raise_fd_limit,
    rss_bytes,
    sockets_per_process,
    stop_py_spy,
)

OPTIONS = ["Automation", "Programmering", "AI", "Dataanalys", "Cybersäkerhet"]


class Message(msgspec.Struct):
    """The parts of a server message the load generator looks at."""

    type: str
    version: int = 0
    ref: str = ""


decode = msgspec.json.Decoder(Message).decode


# --- load generator (its own processes) -----------------------------------------------

HANDSHAKE = (
    "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
    "Connection: Upgrade\r\nSec-WebSocket-Key: ZXZlbnRkYXktYmVuY2gxMg==\r\n"
    "Sec-WebSocket-Version: 13\r\n\r\n"
)
NO_MASK = b"\0\0\0\0"  # client frames must be masked; a zero key leaves the bytes as they are
# A quiet phone's socket wakes its reader only once this much has arrived: a few
# snapshots (about a second of them) per read instead of one.
QUIET_READ_BYTES = 1024


def client_frame(opcode: int, payload: bytes) -> bytes:
    """A masked client frame (RFC 6455 §5.2) carrying ``payload``."""
    size = len(payload)
    if size < 126:
        head = bytes((0x80 | opcode, 0x80 | size))
    else:
        head = bytes((0x80 | opcode, 0x80 | 126)) + size.to_bytes(2, "big")
    return head + NO_MASK + payload


CLOSE_FRAME = client_frame(0x8, b"\x03\xe8")


class Client(asyncio.Protocol):
    """One participant's websocket, spoken by hand over an asyncio protocol: the
    upgrade request, then server frames split with a few byte operations and decoded
    with msgspec. A client library's per-message machinery (frame objects, queues,
    task wake-ups) costs the load generator several times what the server spends
    sending a frame, and then the benchmark measures the load generator.

    Observers read every frame as it arrives and time it. The rest of the audience is
    quiet: once synced, its socket wakes the reader only when about a second of
    snapshots has queued up (``SO_RCVLOWAT``), and at once again while the phone waits
    for the ack of its own vote. The server's work is the same for every socket (each
    frame is sent when it is sent); the load generator's is a quarter of it."""

    def __init__(self, load: Load, participant: int, observer: bool) -> None:
        self.load = load
        self.participant = participant
        self.observer = observer
        self.busy = False
        self.receipts: list[tuple[int, float]] = []
        self.transport: asyncio.Transport | None = None
        self.upgraded = False
        self.buffer = b""
        self.synced: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.request = b""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass
        self.transport.write(self.request)

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None
        if not self.synced.done():
            self.synced.set_exception(ConnectionError("closed before the first snapshot"))

    def send(self, text: bytes) -> bool:
        if self.transport is None:
            return False
        self.attentive(True)
        self.transport.write(client_frame(0x1, text))
        return True

    def attentive(self, prompt: bool) -> None:
        """Read every frame at once (an observer, a phone waiting for its ack), or only
        when a second of them has queued up."""
        if self.observer or self.transport is None:
            return
        connection = self.transport.get_extra_info("socket")
        connection.setsockopt(
            socket.SOL_SOCKET, socket.SO_RCVLOWAT, 1 if prompt else QUIET_READ_BYTES
        )

    def close(self) -> None:
        if self.transport is not None:
            self.transport.write(CLOSE_FRAME)
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        now = time.perf_counter()
        buffer = self.buffer + data if self.buffer else data
        position = 0
        if not self.upgraded:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                self.buffer = buffer
                return
            if not buffer.startswith(b"HTTP/1.1 101"):
                raise ConnectionError(buffer[:end].decode(errors="replace"))
            self.upgraded = True
            position = end + 4
        size = len(buffer)
        while size - position >= 2:
            length = buffer[position + 1] & 0x7F
            start = position + 2
            if length == 126:
                length = int.from_bytes(buffer[start : start + 2], "big")
                start += 2
            elif length == 127:
                length = int.from_bytes(buffer[start : start + 8], "big")
                start += 8
            end = start + length
            if end > size:
                break
            opcode = buffer[position] & 0x0F
            position = end
            if opcode in (0x1, 0x2):
                self.load.received(self, buffer[start:end], now)
            elif opcode == 0x9 and self.transport is not None:  # the server's keep-alive
                self.transport.write(client_frame(0xA, buffer[start:end]))
            elif opcode == 0x8 and self.transport is not None:
                self.transport.close()
        self.buffer = buffer[position:]


class Load:
    """One load-generator process's share of the audience."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.sent: dict[str, tuple[Client, int, float]] = {}
        self.acks: list[tuple[float, float, int]] = []  # sent, acked, version
        self.acked: dict[int, int] = {}  # participant -> last acknowledged choice
        self.refused = 0
        self.snapshot_bytes = 0
        self.drive_started = 0.0
        self.converged_s = 0.0

    def received(self, client: Client, raw: bytes, now: float) -> None:
        message = decode(raw)
        if message.type == "snapshot":
            client.receipts.append((message.version, now))
            if not client.synced.done():
                client.synced.set_result(None)
                client.attentive(False)
            if not self.snapshot_bytes:
                self.snapshot_bytes = len(raw)
        elif message.type == "ack":
            sent = self.sent.pop(message.ref, None)
            if sent is not None:
                owner, choice, at = sent
                self.acks.append((at, now, message.version))
                self.acked[owner.participant] = choice
                owner.busy = False
                owner.attentive(False)
        elif message.type == "error" and message.ref:
            sent = self.sent.pop(message.ref, None)
            self.refused += 1
            if sent is not None:
                sent[0].busy = False
                sent[0].attentive(False)

    async def join_storm(self) -> tuple[list[Client], dict[str, Any]]:
        from benchlib import post_many

        config = self.config
        count = config["participants"]
        started = time.perf_counter()
        if config["floor"]:
            joined = [{"participant": i, "token": ""} for i in range(count)]
        else:
            joined = await post_many(
                "127.0.0.1", config["port"], f"/api/v1/live/{config['code']}/join", count, 32
            )
        joined_at = time.perf_counter()
        loop = asyncio.get_running_loop()
        spacing = max(1, count // config["observers"]) if config["observers"] else 0
        clients = [
            Client(self, item["participant"], bool(spacing) and i % spacing == 0)
            for i, item in enumerate(joined)
        ]
        gate = asyncio.Semaphore(config["connect_concurrency"])
        failed = 0

        async def open_one(client: Client, token: str) -> None:
            nonlocal failed
            path = f"/{config['code']}/ws?token={token}"
            client.request = HANDSHAKE.format(path=path, port=config["port"]).encode()
            async with gate:
                try:
                    # Connected means synced: wait for this client's first snapshot.
                    await loop.create_connection(lambda: client, "127.0.0.1", config["port"])
                    await asyncio.wait_for(client.synced, 120)
                except Exception:
                    failed += 1
                    client.close()

        await asyncio.gather(
            *(open_one(c, item["token"]) for c, item in zip(clients, joined, strict=True))
        )
        finished = time.perf_counter()
        clients = [c for c in clients if c.transport is not None]
        return clients, {
            "join_http_s": round(joined_at - started, 2),
            "connect_s": round(finished - joined_at, 2),
            "join_storm_s": round(finished - started, 2),
            "failed_joins": failed,
        }

    async def drive(self, clients: list[Client]) -> None:
        config = self.config
        rng = random.Random(config["seed"])
        activity = config["activity"]
        step = 0.01
        credit = 0.0
        sequence = 0
        self.drive_started = start = time.perf_counter()
        deadline = start + config["duration"]
        next_at = start
        while True:
            now = time.perf_counter()
            if now >= deadline:
                break
            credit += config["rate"] * step
            while credit >= 1:
                credit -= 1
                for _ in range(20):
                    client = clients[rng.randrange(len(clients))]
                    if not client.busy:
                        break
                else:
                    continue
                choice = rng.randrange(len(OPTIONS))
                sequence += 1
                ref = str(sequence)
                payload = (
                    f'{{"type":"vote","activity":{activity},"choices":[{choice}],"ref":"{ref}"}}'
                )
                if client.send(payload.encode()):
                    client.busy = True
                    self.sent[ref] = (client, choice, time.perf_counter())
            next_at += step
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
        wait_until = time.perf_counter() + 15
        while self.sent and time.perf_counter() < wait_until:  # noqa: ASYNC110
            await asyncio.sleep(0.05)
        for client in clients:
            client.attentive(True)  # everything still queued, and the last snapshots
        # Every client should then hold the newest snapshot within a few ticks; a
        # starved server (a busy shared machine) may take longer, so wait for it up
        # to 15 s and record how long it took (``converged_s``).
        settled = time.perf_counter()
        await asyncio.sleep(max(1.0, config["tick"] * 4))
        while time.perf_counter() < settled + 15:
            last = [client.receipts[-1][0] for client in clients if client.receipts]
            if last and min(last) == max(last):
                break
            await asyncio.sleep(0.1)
        self.converged_s = time.perf_counter() - settled

    def readings(self, clients: list[Client]) -> dict[str, Any]:
        """What the orchestrator merges across load processes: every receipt, every ack."""
        return {
            "acks": self.acks,
            "acked": self.acked,
            "unanswered": len(self.sent),
            "refused": self.refused,
            "snapshot_bytes": self.snapshot_bytes,
            "drive_started": self.drive_started,
            "converged_s": self.converged_s,
            "last_versions": [client.receipts[-1][0] for client in clients if client.receipts],
            "observers": [client.receipts for client in clients if client.observer],
        }


def report(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """Latencies over the whole audience, from every load process's readings (their
    clocks are the same CLOCK_MONOTONIC, so times compare across processes)."""
    acks = [ack for part in parts for ack in part["acks"]]
    since = min(part["drive_started"] for part in parts)
    ack_latency = [acked - sent for sent, acked, _ in acks]
    visible: list[float] = []
    for receipts in (r for part in parts for r in part["observers"]):
        versions, times = [], []
        newest = 0
        for version, at in receipts:
            if at >= since and version > newest:
                newest = version
                versions.append(version)
                times.append(at)
        for sent, _acked, version in acks:
            index = bisect_left(versions, version)
            if index < len(versions):
                visible.append(times[index] - sent)
    observers = [r for part in parts for r in part["observers"]]
    fanout = fanout_times(observers, since)
    last_versions = [v for part in parts for v in part["last_versions"]]
    newest = max(last_versions, default=0)
    unanswered = sum(part["unanswered"] for part in parts)
    refused = sum(part["refused"] for part in parts)
    return {
        "submitted": len(acks) + unanswered + refused,
        "acknowledged": len(acks),
        "unanswered": unanswered,
        "refused": refused,
        "ack_p50_ms": ms(percentile(ack_latency, 50)),
        "ack_p99_ms": ms(percentile(ack_latency, 99)),
        "visible_p50_ms": ms(percentile(visible, 50)),
        "visible_p99_ms": ms(percentile(visible, 99)),
        "fanout_p50_ms": ms(percentile(fanout, 50)),
        "fanout_p99_ms": ms(percentile(fanout, 99)),
        "snapshots": len(fanout),
        # Clients that never received the newest snapshot (must be 0), and how long
        # after the votes' acks they all held it.
        "behind_at_end": sum(1 for v in last_versions if v < newest),
        "converged_s": round(max(part["converged_s"] for part in parts), 2),
        "snapshot_bytes": max(part["snapshot_bytes"] for part in parts),
    }


def fanout_times(audience: list[list[tuple[int, float]]], since: float) -> list[float]:
    """For each snapshot version sent while driving: from the first observer receiving
    it to the last observer holding it or a newer one (a slow client may skip
    versions). Observers are spread evenly over the join order, so the last of them
    is near the end of the server's sending order."""
    first: dict[int, float] = {}
    for receipts in audience:
        for version, at in receipts:
            if at >= since and (version not in first or at < first[version]):
                first[version] = at
    versions = sorted(first)
    done = dict.fromkeys(versions, 0.0)
    for receipts in audience:
        position = 0
        for version in versions:
            while position < len(receipts) and receipts[position][0] < version:
                position += 1
            if position == len(receipts):
                done.pop(version, None)  # never reached this client: not a complete fan-out
                continue
            if version in done:
                done[version] = max(done[version], receipts[position][1])
    return [done[v] - first[v] for v in versions if v in done]


def load_process(config: dict[str, Any], pipe: Connection) -> None:
    raise_fd_limit()
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass

    async def main() -> None:
        load = Load(config)
        clients, joins = await load.join_storm()
        pipe.send(("joined", joins))
        pipe.recv()  # the orchestrator has taken its readings
        await load.drive(clients)
        readings = load.readings(clients)
        for client in clients:
            client.close()
        pipe.send(("done", {**joins, **readings}))

    asyncio.run(main())


def shares(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` nearly equal whole shares."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def run_load(
    config: dict[str, Any],
    pid: int,
    processes: int = 1,
    profile: Path | None = None,
    profile_join: Path | None = None,
) -> dict[str, Any]:
    """Run the load, split over ``processes`` load-generator processes, against a server
    whose process tree is ``pid``; with ``profile``, py-spy records the server while
    the votes are driven, with ``profile_join`` during the join storm."""
    context = multiprocessing.get_context("fork")
    pipes, loaders = [], []
    rss_before = rss_bytes(pid)
    profiler = py_spy(pid, profile_join) if profile_join else None
    join_cpu_before = cpu_seconds(pid)
    for i, (participants, rate, observers) in enumerate(
        zip(
            shares(config["participants"], processes),
            shares(config["rate"], processes),
            shares(config["observers"], processes),
            strict=True,
        )
    ):
        parent, child = multiprocessing.Pipe()
        share = {**config, "participants": participants, "rate": rate, "observers": observers}
        loader = context.Process(target=load_process, args=({**share, "seed": 7 + i}, child))
        loader.start()
        child.close()  # a load process that dies is then an EOFError here, not a hang
        pipes.append(parent)
        loaders.append(loader)
    joins = [pipe.recv()[1] for pipe in pipes]
    join_cpu = cpu_seconds(pid) - join_cpu_before
    stop_py_spy(profiler)
    rss_after = rss_bytes(pid)
    balance = sockets_per_process(pid)
    profiler = py_spy(pid, profile) if profile else None
    cpu_before, wall_before = cpu_seconds(pid), time.perf_counter()
    busy_before, all_before = machine_ticks()
    load_before = sum(cpu_seconds(loader.pid or 0) for loader in loaders)
    for pipe in pipes:
        pipe.send("go")
    parts = [pipe.recv()[1] for pipe in pipes]
    wall = time.perf_counter() - wall_before
    busy_after, all_after = machine_ticks()
    cpu = (cpu_seconds(pid) - cpu_before) / wall
    load_cpu = (sum(cpu_seconds(loader.pid or 0) for loader in loaders) - load_before) / wall
    stop_py_spy(profiler)
    for loader in loaders:
        loader.join()
    failed = sum(j["failed_joins"] for j in joins)
    connected = max(1, config["participants"] - failed)
    acked: dict[int, int] = {}
    for part in parts:
        acked.update(part["acked"])
    return {
        "join_http_s": max(j["join_http_s"] for j in joins),
        "connect_s": max(j["connect_s"] for j in joins),
        "join_storm_s": max(j["join_storm_s"] for j in joins),
        "failed_joins": failed,
        # The server's CPU time for the storm: a figure other work on the machine does
        # not inflate the way it stretches the storm's wall-clock time.
        "join_server_cpu_s": round(join_cpu, 2),
        "join_server_cpu_ms_per_phone": round(join_cpu * 1000 / config["participants"], 3),
        **report(parts),
        "acked": acked,
        "rss_mb": round(rss_after / 2**20, 1),
        "rss_per_connection_kb": round((rss_after - rss_before) / connected / 1024, 1),
        "sockets_per_process": balance,
        "server_cpu_percent": round(cpu * 100),
        "load_generator_cpu_percent": round(load_cpu * 100),
        # The whole machine, every core: how much was left for anything else.
        "machine_busy_percent": round(100 * (busy_after - busy_before) / (all_after - all_before)),
    }


# --- the floor: a bare websockets broadcast server ------------------------------------


def floor_server(port: int, size: int, tick: float) -> None:
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    raise_fd_limit()
    from websockets.asyncio.server import ServerConnection, broadcast, serve

    clients: set[ServerConnection] = set()
    state = {"version": 0, "dirty": False}

    def snapshot() -> bytes:
        head = f'{{"type":"snapshot","version":{state["version"]},"pad":"'
        return (head + "x" * max(0, size - len(head) - 2) + '"}').encode()

    async def handler(ws: ServerConnection) -> None:
        clients.add(ws)
        try:
            await ws.send(b'{"type":"hello"}')
            await ws.send(snapshot())
            async for raw in ws:
                ref = json.loads(raw).get("ref", "")
                state["version"] += 1
                state["dirty"] = True
                await ws.send(
                    f'{{"type":"ack","ref":"{ref}","version":{state["version"]}}}'.encode()
                )
        finally:
            clients.discard(ws)

    async def main() -> None:
        async with serve(
            handler, "127.0.0.1", port, compression=None, ping_interval=None, backlog=4096
        ):
            while True:
                await asyncio.sleep(tick)
                if state["dirty"]:
                    state["dirty"] = False
                    broadcast(clients, snapshot())

    asyncio.run(main())


# --- orchestration --------------------------------------------------------------------


def lost_votes(database: Path, activity: int, acked: dict[int, int]) -> int:
    """Acknowledged votes the database does not hold as acknowledged (must be 0)."""
    with sqlite3.connect(database) as conn:
        rows = dict(
            conn.execute(
                "SELECT participant_id, answer FROM live_answers WHERE activity_id = ?",
                (activity,),
            ).fetchall()
        )
    return sum(1 for p, choice in acked.items() if json.loads(rows.get(p, "null")) != [choice])


def bench_eventday(size: tuple[int, int], args: argparse.Namespace) -> dict[str, Any]:
    participants, rate = size
    redis = None
    if args.workers > 1:
        import tempfile

        redis = RedisServer(Path(tempfile.mkdtemp(prefix="eventday-redis-")))
        redis.start()
    server = Eventday(
        workers=args.workers,
        redis_url=redis.url if redis else "",
        live_submissions_per_second="100",
        live_joins_per_address="0",  # the whole audience joins from one address
    )
    try:
        server.start()
        event = server.create_event()
        activity = server.open_activity(
            event["slug"], kind="choice", title="Viktigast?", config={"options": OPTIONS}
        )
        config = {
            "floor": False,
            "port": server.port,
            "code": event["join_code"],
            "activity": activity,
            "participants": participants,
            "rate": rate,
            "duration": args.duration,
            "observers": args.observers,
            "tick": 0.25,
            "connect_concurrency": args.connect_concurrency,
        }
        result = run_load(config, server.pid, args.load_processes, args.profile, args.profile_join)
        server.stop()
        acked = result.pop("acked")
        result["lost_acknowledged"] = lost_votes(server.database, activity, acked)
        return result
    finally:
        server.stop()
        server.cleanup()
        if redis:
            redis.stop()


def bench_floor(
    size: tuple[int, int], args: argparse.Namespace, snapshot_bytes: int
) -> dict[str, Any]:
    import subprocess

    participants, rate = size
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, __file__, "--floor-server", f"{port}:{snapshot_bytes}:0.25"]
    )
    try:
        deadline = time.monotonic() + 20
        import socket

        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.05)
        config = {
            "floor": True,
            "port": port,
            "code": "floor",
            "activity": 1,
            "participants": participants,
            "rate": rate,
            "duration": args.duration,
            "observers": args.observers,
            "tick": 0.25,
            "connect_concurrency": args.connect_concurrency,
        }
        result = run_load(config, process.pid, args.load_processes)
        result.pop("acked")
        return result
    finally:
        process.terminate()
        process.wait(timeout=10)


def parse_size(text: str) -> tuple[int, int]:
    participants, _, rate = text.partition(":")
    return int(participants), int(rate or max(1, int(participants) // 4))


def summary(result: dict[str, Any]) -> str:
    e = result["eventday"]
    floor = (
        f" (floor {result['floor']['fanout_p50_ms']}/{result['floor']['fanout_p99_ms']}"
        f" ms, ratio {result['fanout_ratio_p50']}/{result['fanout_ratio_p99']}; floor join"
        f" {result['floor']['join_storm_s']}s, server CPU"
        f" {result['floor']['join_server_cpu_ms_per_phone']} ms a phone)"
        if "floor" in result
        else ""
    )
    return (
        f"bench_live N={result['participants']} rate={result['rate']}/s "
        f"workers={result['workers']}: join {e['join_storm_s']}s (failed {e['failed_joins']}, "
        f"server CPU {e['join_server_cpu_ms_per_phone']} ms a phone), "
        f"ack p50/p99 {e['ack_p50_ms']}/{e['ack_p99_ms']} ms, "
        f"visible p50/p99 {e['visible_p50_ms']}/{e['visible_p99_ms']} ms, "
        f"fan-out p50/p99 {e['fanout_p50_ms']}/{e['fanout_p99_ms']} ms{floor}, "
        f"{e['rss_per_connection_kb']} KB/conn, sockets {e['sockets_per_process']}, "
        f"cpu {e['server_cpu_percent']}%, load generator cpu {e['load_generator_cpu_percent']}%, "
        f"machine busy {e['machine_busy_percent']}%, "
        f"acked {e['acknowledged']}, lost {e['lost_acknowledged']}"
    )


def measure(size: tuple[int, int], args: argparse.Namespace) -> dict[str, Any]:
    """One size against eventday (and the floor unless ``--no-floor``)."""
    result: dict[str, Any] = {"participants": size[0], "rate": size[1], "workers": args.workers}
    result["eventday"] = bench_eventday(size, args)
    if not args.no_floor:
        floor = bench_floor(size, args, result["eventday"]["snapshot_bytes"] or 300)
        result["floor"] = floor
        ours, theirs = result["eventday"]["fanout_p50_ms"], floor["fanout_p50_ms"]
        result["fanout_ratio_p50"] = round(ours / theirs, 2) if ours and theirs else None
        ours, theirs = result["eventday"]["fanout_p99_ms"], floor["fanout_p99_ms"]
        result["fanout_ratio_p99"] = round(ours / theirs, 2) if ours and theirs else None
    print(summary(result), flush=True)
    return result


def holds(result: dict[str, Any], target_ms: float) -> bool:
    e = result["eventday"]
    return (
        not e["failed_joins"]
        and not e["unanswered"]
        and e["visible_p99_ms"] is not None
        and e["visible_p99_ms"] <= target_ms
    )


def find_capacity(args: argparse.Namespace) -> tuple[int | None, list[dict[str, Any]]]:
    """The largest audience (a multiple of the step) in LOW..HIGH whose submit→visible
    p99 holds the target at the set vote rate, by bisection: one run per probe."""
    low, high, step = args.capacity
    runs: list[dict[str, Any]] = []
    best = None
    first, last = -(-low // step), high // step
    while first <= last:
        middle = (first + last) // 2
        result = measure((middle * step, args.rate), args)
        result["holds"] = holds(result, args.target_ms)
        runs.append(result)
        if result["holds"]:
            best = middle * step
            first = middle + 1
        else:
            last = middle - 1
    print(
        f"bench_live capacity, workers={args.workers}, {args.rate} votes/s, visible p99 <= "
        f"{args.target_ms:g} ms: {best if best is not None else f'below {low}'}",
        flush=True,
    )
    return best, runs


def parse_range(text: str) -> tuple[int, int, int]:
    low, high, *step = (int(part) for part in text.split(":"))
    return low, high, (step[0] if step else 500)


SUMMARY_FIGURES = [
    ("join_storm_s", "join storm s"),
    ("failed_joins", "failed joins"),
    ("join_server_cpu_ms_per_phone", "join server CPU ms per phone"),
    ("ack_p50_ms", "ack p50 ms"),
    ("ack_p99_ms", "ack p99 ms"),
    ("visible_p50_ms", "visible p50 ms"),
    ("visible_p99_ms", "visible p99 ms"),
    ("fanout_p50_ms", "fan-out p50 ms"),
    ("fanout_p99_ms", "fan-out p99 ms"),
    ("server_cpu_percent", "server CPU %"),
    ("load_generator_cpu_percent", "load generator CPU %"),
    ("machine_busy_percent", "machine busy %"),
    ("rss_per_connection_kb", "KB per connection"),
    ("acknowledged", "acknowledged"),
    ("lost_acknowledged", "lost"),
    ("behind_at_end", "without the newest at the end"),
    ("converged_s", "all holding the newest after s"),
]


def figure_line(name: str, values: list[float]) -> str:
    shown = ", ".join(f"{v:g}" for v in values)
    median = statistics.median(values)
    return f"  {name}: {median:g} [{min(values):g}–{max(values):g}] ({shown})"


def summarise(paths: list[Path]) -> None:
    """Medians and ranges over repeated runs (``--json`` files), per size: the median,
    the range in brackets, then every run's value in the order given; the floor's
    figures and the ratios come from the same runs."""
    sizes: defaultdict[tuple[int, int, int], list[dict[str, Any]]] = defaultdict(list)
    for path in paths:
        output = json.loads(path.read_text())
        load = output["machine"].get("load_average_at_end")
        print(f"{path}: load average at the end {load}")
        for run in output["runs"]:
            sizes[(run["participants"], run["rate"], run["workers"])].append(run)
    for (participants, rate, workers), runs in sizes.items():
        print(f"N={participants} rate={rate}/s workers={workers}: {len(runs)} runs")
        for key, name in SUMMARY_FIGURES:
            values = [run["eventday"][key] for run in runs if key in run["eventday"]]
            if values:  # (older results lack the newer figures)
                print(figure_line(name, values))
        if all("floor" in run for run in runs):
            for key in (
                "fanout_p50_ms",
                "fanout_p99_ms",
                "join_storm_s",
                "join_server_cpu_ms_per_phone",
                "server_cpu_percent",
            ):
                print(figure_line(f"floor {key}", [run["floor"][key] for run in runs]))
            for key in ("fanout_ratio_p50", "fanout_ratio_p99"):
                print(figure_line(key.replace("_", " "), [run[key] for run in runs]))
        print(f"  sockets per process: {[run['eventday']['sockets_per_process'] for run in runs]}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--size",
        action="append",
        type=parse_size,
        metavar="N:RATE",
        help="participants and votes per second (repeatable; default 2000:500 and 5000:1000)",
    )
    parser.add_argument("--duration", type=float, default=20, help="seconds of voting")
    parser.add_argument("--workers", type=int, default=1, help="eventday processes (Redis if >1)")
    parser.add_argument(
        "--observers", type=int, default=100, help="clients that read at once and time everything"
    )
    parser.add_argument("--connect-concurrency", type=int, default=200)
    parser.add_argument(
        "--load-processes", type=int, default=1, help="load-generator processes to split over"
    )
    parser.add_argument("--no-floor", action="store_true", help="skip the websockets floor")
    parser.add_argument("--quick", action="store_true", help="200 participants, 4 s (CI)")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--profile", type=Path, help="py-spy the server (collapsed stacks)")
    parser.add_argument("--profile-join", type=Path, help="py-spy the server during the join storm")
    parser.add_argument(
        "--capacity",
        type=parse_range,
        metavar="LOW:HIGH[:STEP]",
        help="find the largest audience holding --target-ms at --rate votes/s (bisection)",
    )
    parser.add_argument("--rate", type=int, default=500, help="votes per second for --capacity")
    parser.add_argument(
        "--target-ms", type=float, default=500, help="submit→visible p99 target for --capacity"
    )
    parser.add_argument(
        "--summarise", nargs="+", type=Path, help="medians and ranges of earlier --json runs"
    )
    parser.add_argument("--floor-server", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.summarise:
        summarise(args.summarise)
        return 0
    if args.floor_server:
        port, size, tick = args.floor_server.split(":")
        floor_server(int(port), int(size), float(tick))
        return 0
    raise_fd_limit()
    if args.quick:
        args.size = args.size or [(200, 50)]
        args.duration = 4
    output: dict[str, Any] = {"machine": machine(), "command": sys.argv}
    if args.capacity:
        args.no_floor = True
        output["capacity"], runs = find_capacity(args)
    else:
        runs = [measure(size, args) for size in args.size or [(2000, 500), (5000, 1000)]]
    output["runs"] = runs
    if args.json:
        args.json.write_text(json.dumps(output, indent=2))
    lost = sum(run["eventday"]["lost_acknowledged"] for run in runs)
    failed = sum(run["eventday"]["failed_joins"] for run in runs)
    unanswered = sum(run["eventday"]["unanswered"] for run in runs)
    behind = sum(run["eventday"]["behind_at_end"] for run in runs)
    if lost or failed or unanswered or behind:
        print(
            f"FAILED: lost {lost} acknowledged, {failed} failed joins, {unanswered} unanswered,"
            f" {behind} clients without the newest snapshot"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
