#!/usr/bin/env python3
"""Registration benchmark: sustained registrations per second over real HTTP at a set
concurrency, against ``eventday serve`` in a subprocess on a fresh database, and the
exactness check: with more requests than seats, exactly ``capacity`` are confirmed,
the rest waitlisted, and no e-mail is registered twice.

Registrations go through the organiser API (``POST /api/v1/events/<slug>/registrations``),
which runs the same service, capacity check and write transaction as the public form.

The **floor**, measured in the same run unless ``--no-floor``, is the same client and
requests against a bare uvicorn server (uvloop, httptools, as ``eventday serve``)
whose raw ASGI app checks the bearer token, decodes the JSON and makes the same
exact, capacity-checked insert in one ``BEGIN IMMEDIATE`` transaction on a sqlite3
connection (WAL, ``synchronous=NORMAL``), with no framework, mail or other rules:
what Python, HTTP and SQLite cost on this machine at all.

With ``--smtp`` the server sends its mail to a sink (aiosmtpd in this process) and the
benchmark also waits until every confirmation has arrived: the ticket attachments
are made by the outbox when it sends, so this measures the burst with that work
running beside it, and how long the mail takes to catch up.

    scripts/bench_registration.py --quick
    scripts/bench_registration.py --registrations 3000 --capacity 1000 --json out.json
    scripts/bench_registration.py --registrations 3000 --capacity 1000 --smtp
    scripts/bench_registration.py --registrations 3000 --capacity 1000 --profile prof.txt

``--profile`` runs py-spy (in the test extra) on the server during the burst and
writes its collapsed stacks.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import (
    Eventday,
    cpu_seconds,
    free_port,
    http_posts,
    machine,
    ms,
    percentile,
    py_spy,
    stop_py_spy,
)

MAIL_WAIT_SECONDS = 300


class MailSink:
    """Counts the mail the server sends, and those carrying a ticket."""

    def __init__(self) -> None:
        self.received = 0
        self.tickets = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received += 1
        self.tickets += b'filename="ticket-' in envelope.content
        return "250 OK"


def registration_bodies(registrations: int) -> list[bytes]:
    return [
        json.dumps(
            {"name": f"Deltagare {n}", "email": f"d{n}@example.se", "organisation": f"Org {n % 97}"}
        ).encode()
        for n in range(registrations)
    ]


def run(
    registrations: int, capacity: int, concurrency: int, smtp: bool, profile: Path | None
) -> dict[str, Any]:
    sink = MailSink()
    mail_server = None
    env: dict[str, str] = {}
    if smtp:
        mail_server = Controller(sink, hostname="127.0.0.1", port=free_port())
        mail_server.start()
        env = {"smtp_host": "127.0.0.1", "smtp_port": str(mail_server.port)}
    server = Eventday(**env)
    mail_seconds = None
    try:
        server.start()
        event = server.create_event()
        slug = event["slug"]
        server.api("PUT", f"/api/v1/events/{slug}", {**_editable(event), "capacity": capacity})
        bodies = registration_bodies(registrations)
        profiler = py_spy(server.pid, profile) if profile else None
        cpu_before = cpu_seconds(server.pid)
        load_before = time.process_time()
        began = time.perf_counter()
        results = asyncio.run(
            http_posts(
                "127.0.0.1",
                server.port,
                f"/api/v1/events/{slug}/registrations",
                bodies,
                concurrency,
                server.token,
            )
        )
        took = time.perf_counter() - began
        cpu = cpu_seconds(server.pid) - cpu_before
        load_cpu = time.process_time() - load_before
        stop_py_spy(profiler)
        if smtp:
            while sink.received < registrations and time.perf_counter() - began < MAIL_WAIT_SECONDS:
                time.sleep(0.1)
            mail_seconds = round(time.perf_counter() - began, 2)
        listed = server.api("GET", f"/api/v1/events/{slug}/registrations?limit=5000")
    finally:
        server.stop()
        server.cleanup()
        if mail_server is not None:
            mail_server.stop()
    refused = [status for status, _s, _a in results if status >= 300]
    latencies = [seconds for _status, seconds, _a in results]
    emails = [r["email"] for r in listed["registrations"]]
    counts = listed["counts"]
    return {
        "registrations": registrations,
        "capacity": capacity,
        "concurrency": concurrency,
        "seconds": round(took, 2),
        "per_second": round(registrations / took, 1),
        "latency_p50_ms": ms(percentile(latencies, 50)),
        "latency_p99_ms": ms(percentile(latencies, 99)),
        "server_cpu_seconds": round(cpu, 2),
        "server_cpu_ms_per_registration": round(cpu * 1000 / registrations, 3),
        # What one core's second buys, whatever else the machine runs (the server is one
        # process, so this bounds what it does with a core of its own).
        "per_server_cpu_second": round(registrations / cpu, 1),
        "server_cpu_share": round(cpu / took, 2),
        # The benchmark's own process: the HTTP client (and the mail sink with --smtp).
        "load_generator_cpu_seconds": round(load_cpu, 2),
        "refused": len(refused),
        "confirmed": counts.get("confirmed", 0),
        "waitlisted": counts.get("waitlisted", 0),
        "duplicates": len(emails) - len(set(emails)),
        "mail_received": sink.received if smtp else None,
        "mail_with_ticket": sink.tickets if smtp else None,
        "mail_all_received_after_seconds": mail_seconds,
        "exact": counts.get("confirmed", 0) == min(capacity, registrations)
        and counts.get("waitlisted", 0) == max(0, registrations - capacity)
        and len(emails) == len(set(emails)) == registrations
        and (
            not smtp
            or (sink.received == registrations and sink.tickets == min(capacity, registrations))
        ),
    }


# --- the floor: the same insert behind a bare ASGI app -------------------------------------

FLOOR_TOKEN = "floor-token"


def floor_server(port: int, path: str, capacity: int) -> None:
    """Serve the floor's raw ASGI app with uvicorn until terminated."""
    import msgspec
    import uvicorn

    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL"):
        conn.execute(f"PRAGMA {pragma}")
    conn.execute(
        "CREATE TABLE IF NOT EXISTS registrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " email TEXT NOT NULL UNIQUE, organisation TEXT NOT NULL, status TEXT NOT NULL)"
    )
    conn.execute("CREATE INDEX IF NOT EXISTS by_status ON registrations (status)")
    authorization = f"Bearer {FLOOR_TOKEN}".encode()

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        status, answer = 401, b'{"code":"not-authenticated"}'
        if (b"authorization", authorization) in scope["headers"]:
            data = msgspec.json.decode(body)
            conn.execute("BEGIN IMMEDIATE")
            taken = conn.execute(
                "SELECT 1 FROM registrations WHERE email = ?", (data["email"],)
            ).fetchone()
            if taken:
                conn.execute("ROLLBACK")
                status, answer = 409, b'{"code":"conflict"}'
            else:
                confirmed = conn.execute(
                    "SELECT count(*) FROM registrations WHERE status = 'confirmed'"
                ).fetchone()[0]
                state = "confirmed" if confirmed < capacity else "waitlisted"
                cursor = conn.execute(
                    "INSERT INTO registrations (name, email, organisation, status)"
                    " VALUES (?, ?, ?, ?)",
                    (data["name"], data["email"], data["organisation"], state),
                )
                conn.execute("COMMIT")
                status = 201
                answer = msgspec.json.encode({"id": cursor.lastrowid, "status": state})
        headers = [(b"content-type", b"application/json")]
        headers.append((b"content-length", str(len(answer)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": answer})

    uvicorn.run(
        app, host="127.0.0.1", port=port, loop="uvloop", http="httptools", log_level="warning"
    )


def run_floor(bodies: list[bytes], capacity: int, concurrency: int) -> dict[str, Any]:
    """The same requests against the floor server, in a subprocess on a fresh file."""
    directory = Path(tempfile.mkdtemp(prefix="eventday-bench-floor-"))
    path = directory / "floor.db"
    port = free_port()
    command = [sys.executable, __file__, "--floor-server", f"{port}:{path}:{capacity}"]
    process = subprocess.Popen(command)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.05)
        cpu_before = cpu_seconds(process.pid)
        began = time.perf_counter()
        results = asyncio.run(http_posts("127.0.0.1", port, "/", bodies, concurrency, FLOOR_TOKEN))
        took = time.perf_counter() - began
        cpu = cpu_seconds(process.pid) - cpu_before
    finally:
        process.terminate()
        process.wait(timeout=10)
    with sqlite3.connect(path) as db:
        counts = dict(db.execute("SELECT status, count(*) FROM registrations GROUP BY status"))
    for name in directory.iterdir():
        name.unlink()
    directory.rmdir()
    latencies = [seconds for _status, seconds, _a in results]
    return {
        "seconds": round(took, 2),
        "per_second": round(len(bodies) / took, 1),
        "latency_p50_ms": ms(percentile(latencies, 50)),
        "latency_p99_ms": ms(percentile(latencies, 99)),
        "server_cpu_ms_per_registration": round(cpu * 1000 / len(bodies), 3),
        "server_cpu_share": round(cpu / took, 2),
        "refused": sum(1 for status, _s, _a in results if status >= 300),
        "exact": counts.get("confirmed", 0) == min(capacity, len(bodies))
        and counts.get("waitlisted", 0) == max(0, len(bodies) - capacity),
    }


def _editable(event: dict[str, Any]) -> dict[str, Any]:
    """The fields of an event that ``PUT /api/v1/events/<slug>`` takes back."""
    keep = ("name", "starts_at", "ends_at", "timezone", "format")
    return {key: event[key] for key in keep if key in event}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--registrations", type=int, default=3000)
    parser.add_argument("--capacity", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--quick", action="store_true", help="300 registrations, 100 seats")
    parser.add_argument("--smtp", action="store_true", help="send the mail to a sink too")
    parser.add_argument("--profile", type=Path, help="py-spy the server (collapsed stacks)")
    parser.add_argument("--no-floor", action="store_true", help="skip the bare ASGI floor")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--floor-server", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor_server:
        port, path, capacity = args.floor_server.split(":")
        floor_server(int(port), path, int(capacity))
        return 0
    if args.quick:
        args.registrations, args.capacity = 300, 100
    result = run(args.registrations, args.capacity, args.concurrency, args.smtp, args.profile)
    if not args.no_floor:
        floor = run_floor(registration_bodies(args.registrations), args.capacity, args.concurrency)
        result["floor"] = floor
        result["rate_vs_floor"] = round(result["per_second"] / floor["per_second"], 2)
        result["cpu_vs_floor"] = round(
            result["server_cpu_ms_per_registration"] / floor["server_cpu_ms_per_registration"], 2
        )
    print(
        f"bench_registration: {result['registrations']} registrations at concurrency "
        f"{result['concurrency']} in {result['seconds']} s = {result['per_second']}/s, "
        f"p50/p99 {result['latency_p50_ms']}/{result['latency_p99_ms']} ms; server CPU "
        f"{result['server_cpu_ms_per_registration']} ms each = {result['per_server_cpu_second']}"
        f" per CPU-second, {result['server_cpu_share']:.0%} of a core; load generator CPU "
        f"{result['load_generator_cpu_seconds']} s; "
        f"{result['confirmed']} confirmed of {result['capacity']} seats, "
        f"{result['waitlisted']} waitlisted, {result['duplicates']} duplicates, "
        f"{result['refused']} refused: {'exact' if result['exact'] else 'NOT EXACT'}",
        flush=True,
    )
    if "floor" in result:
        floor = result["floor"]
        print(
            f"floor (bare ASGI + the same insert): {floor['per_second']}/s, p50/p99 "
            f"{floor['latency_p50_ms']}/{floor['latency_p99_ms']} ms; server CPU "
            f"{floor['server_cpu_ms_per_registration']} ms each, {floor['server_cpu_share']:.0%}"
            f" of a core: {'exact' if floor['exact'] else 'NOT EXACT'}; eventday / floor: rate "
            f"{result['rate_vs_floor']}x, CPU per registration {result['cpu_vs_floor']}x",
            flush=True,
        )
    if args.smtp:
        print(
            f"mail: {result['mail_received']} received ({result['mail_with_ticket']} with a"
            f" ticket), all {result['mail_all_received_after_seconds']} s after the burst began",
            flush=True,
        )
    if args.json:
        args.json.write_text(
            json.dumps({"machine": machine(), "command": sys.argv, **result}, indent=2)
        )
    floor_ok = "floor" not in result or (
        result["floor"]["exact"] and not result["floor"]["refused"]
    )
    return 0 if result["exact"] and not result["refused"] and floor_ok else 1


if __name__ == "__main__":
    sys.exit(main())
