#!/usr/bin/env python3
"""Registration benchmark: sustained registrations per second over real HTTP at a set
concurrency, against ``eventday serve`` in a subprocess on a fresh database, and the
exactness check: with more requests than seats, exactly ``capacity`` are confirmed,
the rest waitlisted, and no e-mail is registered twice.

Registrations go through the organiser API (``POST /api/v1/events/<slug>/registrations``),
which runs the same service, capacity check and write transaction as the public form.

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
import sys
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
        bodies = [
            json.dumps(
                {
                    "name": f"Deltagare {n}",
                    "email": f"d{n}@example.se",
                    "organisation": f"Org {n % 97}",
                }
            ).encode()
            for n in range(registrations)
        ]
        profiler = py_spy(server.pid, profile) if profile else None
        cpu_before = cpu_seconds(server.pid)
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
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.quick:
        args.registrations, args.capacity = 300, 100
    result = run(args.registrations, args.capacity, args.concurrency, args.smtp, args.profile)
    print(
        f"bench_registration: {result['registrations']} registrations at concurrency "
        f"{result['concurrency']} in {result['seconds']} s = {result['per_second']}/s, "
        f"p50/p99 {result['latency_p50_ms']}/{result['latency_p99_ms']} ms, server CPU "
        f"{result['server_cpu_ms_per_registration']} ms each; "
        f"{result['confirmed']} confirmed of {result['capacity']} seats, "
        f"{result['waitlisted']} waitlisted, {result['duplicates']} duplicates, "
        f"{result['refused']} refused: {'exact' if result['exact'] else 'NOT EXACT'}",
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
    return 0 if result["exact"] and not result["refused"] else 1


if __name__ == "__main__":
    sys.exit(main())
