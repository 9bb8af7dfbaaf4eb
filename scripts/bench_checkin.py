#!/usr/bin/env python3
"""Check-in benchmark: N tickets scanned by two "phones" at once, every ticket twice
(as at a busy door), over real HTTP against ``eventday serve`` in a subprocess on a
fresh database. Reports scans per second and latency, and checks the outcome: each
ticket exactly one "checked-in" and one "already".

    scripts/bench_checkin.py --quick
    scripts/bench_checkin.py --tickets 500 --json checkin.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import Eventday, http_posts, machine, ms, percentile

IN_FLIGHT = 20  # a large door has a handful of phones, each with a scan or two in flight


def run(tickets: int) -> dict[str, Any]:
    server = Eventday()
    try:
        server.start()
        slug = server.create_event()["slug"]
        people = [
            json.dumps({"name": f"P{n}", "email": f"p{n}@example.se", "organisation": "O"}).encode()
            for n in range(tickets)
        ]
        registered = asyncio.run(
            http_posts(
                "127.0.0.1",
                server.port,
                f"/api/v1/events/{slug}/registrations",
                people,
                20,
                server.token,
            )
        )
        codes = [answer["registration"]["ticket_code"] for _s, _t, answer in registered]
        scans = [
            json.dumps({"nonce": f"{phone}-{code}", "code": code}).encode()
            for code in codes
            for phone in ("a", "b")
        ]
        began = time.perf_counter()
        results = asyncio.run(
            http_posts(
                "127.0.0.1",
                server.port,
                f"/api/v1/events/{slug}/checkin/scans",
                scans,
                IN_FLIGHT,
                server.token,
            )
        )
        took = time.perf_counter() - began
    finally:
        server.stop()
        server.cleanup()
    outcomes = Counter(answer.get("outcome", status) for status, _t, answer in results)
    latencies = [seconds for _s, seconds, _a in results]
    return {
        "tickets": tickets,
        "scans": len(results),
        "seconds": round(took, 2),
        "per_second": round(len(results) / took, 1),
        "latency_p50_ms": ms(percentile(latencies, 50)),
        "latency_p95_ms": ms(percentile(latencies, 95)),
        "outcomes": dict(outcomes),
        "exact": outcomes == Counter({"checked-in": tickets, "already": tickets}),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--tickets", type=int, default=500)
    parser.add_argument("--quick", action="store_true", help="100 tickets")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.quick:
        args.tickets = 100
    result = run(args.tickets)
    print(
        f"bench_checkin: {result['scans']} scans of {result['tickets']} tickets in "
        f"{result['seconds']} s = {result['per_second']}/s, p50/p95 "
        f"{result['latency_p50_ms']}/{result['latency_p95_ms']} ms; outcomes "
        f"{result['outcomes']}: {'exact' if result['exact'] else 'NOT EXACT'}",
        flush=True,
    )
    if args.json:
        args.json.write_text(
            json.dumps({"machine": machine(), "command": sys.argv, **result}, indent=2)
        )
    return 0 if result["exact"] else 1


if __name__ == "__main__":
    sys.exit(main())
