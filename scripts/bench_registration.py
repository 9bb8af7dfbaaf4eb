#!/usr/bin/env python3
"""Registration benchmark: sustained registrations per second over real HTTP at a set
concurrency, against ``eventday serve`` in a subprocess on a fresh database, and the
exactness check: with more requests than seats, exactly ``capacity`` are confirmed,
the rest waitlisted, and no e-mail is registered twice.

Registrations go through the organiser API (``POST /api/v1/events/<slug>/registrations``),
which runs the same service, capacity check and write transaction as the public form.

    scripts/bench_registration.py --quick
    scripts/bench_registration.py --registrations 3000 --capacity 1000 --json out.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import Eventday, cpu_seconds, http_posts, machine, ms, percentile


def run(registrations: int, capacity: int, concurrency: int) -> dict[str, Any]:
    server = Eventday()
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
        listed = server.api("GET", f"/api/v1/events/{slug}/registrations?limit=5000")
    finally:
        server.stop()
        server.cleanup()
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
        "refused": len(refused),
        "confirmed": counts.get("confirmed", 0),
        "waitlisted": counts.get("waitlisted", 0),
        "duplicates": len(emails) - len(set(emails)),
        "exact": counts.get("confirmed", 0) == min(capacity, registrations)
        and counts.get("waitlisted", 0) == max(0, registrations - capacity)
        and len(emails) == len(set(emails)) == registrations,
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
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.quick:
        args.registrations, args.capacity = 300, 100
    result = run(args.registrations, args.capacity, args.concurrency)
    print(
        f"bench_registration: {result['registrations']} registrations at concurrency "
        f"{result['concurrency']} in {result['seconds']} s = {result['per_second']}/s, "
        f"p50/p99 {result['latency_p50_ms']}/{result['latency_p99_ms']} ms; "
        f"{result['confirmed']} confirmed of {result['capacity']} seats, "
        f"{result['waitlisted']} waitlisted, {result['duplicates']} duplicates, "
        f"{result['refused']} refused: {'exact' if result['exact'] else 'NOT EXACT'}",
        flush=True,
    )
    if args.json:
        args.json.write_text(
            json.dumps({"machine": machine(), "command": sys.argv, **result}, indent=2)
        )
    return 0 if result["exact"] and not result["refused"] else 1


if __name__ == "__main__":
    sys.exit(main())
