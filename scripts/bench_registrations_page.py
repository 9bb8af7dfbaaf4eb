#!/usr/bin/env python3
"""Registrations page benchmark: the organiser's list of a large event (5,000
registrations), over real HTTP against ``eventday serve`` in a subprocess on a fresh
database, logged in as an organiser. Each view (first page, a search, sorted by name,
the last page, a status filter, not checked in, the CSV export of a filter) is
fetched several times; reports the median and 95th percentile per view and checks
each answer (status 200, the expected count in the page).

    scripts/bench_registrations_page.py --quick
    scripts/bench_registrations_page.py --registrations 5000 --json registrations-page.json
"""

from __future__ import annotations

import argparse
import asyncio
import http.cookiejar
import json
import re
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import Eventday, http_posts, machine, ms, percentile

CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')
PASSWORD = "benchmark-password"


def logged_in(server: Eventday) -> urllib.request.OpenerDirector:
    """A browser-like client with the organiser's session cookie."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    page = opener.open(server.url + "/login", timeout=30).read().decode()
    match = CSRF.search(page)
    assert match, "no CSRF field on /login"
    body = urllib.parse.urlencode(
        {"email": "bench@example.se", "password": PASSWORD, "_csrf_token": match.group(1)}
    ).encode()
    opener.open(server.url + "/login", data=body, timeout=30).read()
    return opener


def run(registrations: int, repeats: int) -> dict[str, Any]:
    server = Eventday()
    try:
        server.start()
        slug = server.create_event()["slug"]
        people = [
            json.dumps(
                {
                    "name": f"Person {n:05d}",
                    "email": f"p{n}@example.se",
                    "organisation": f"Verkstad {n % 97}",
                }
            ).encode()
            for n in range(registrations)
        ]
        asyncio.run(
            http_posts(
                "127.0.0.1",
                server.port,
                f"/api/v1/events/{slug}/registrations",
                people,
                20,
                server.token,
            )
        )
        opener = logged_in(server)
        base = f"{server.url}/manage/{slug}/registrations"
        last = -(-registrations // 50)
        views = {
            "first page": (f"{base}?lang=en", f"of {registrations:,} registrations"),
            "search": (f"{base}?lang=en&q=verkstad%2042", "registrations"),
            "sorted by name": (f"{base}?lang=en&sort=name", "Person 00000"),
            "last page": (f"{base}?lang=en&sort=name&page={last}", f"Page {last} of {last}"),
            "status filter": (f"{base}?lang=en&status=confirmed", "registrations"),
            "not checked in": (f"{base}?lang=en&checkin=no", f"of {registrations:,}"),
            "export (csv)": (f"{base}.csv?lang=en&q=verkstad", "Name,E-mail"),
        }
        timings: dict[str, list[float]] = {name: [] for name in views}
        correct = True
        for _ in range(repeats):
            for name, (url, expected) in views.items():
                began = time.perf_counter()
                with opener.open(url, timeout=60) as response:
                    text = response.read().decode("utf-8-sig")
                    ok = response.status == 200
                timings[name].append(time.perf_counter() - began)
                correct = correct and ok and expected in text
    finally:
        server.stop()
        server.cleanup()
    return {
        "registrations": registrations,
        "repeats": repeats,
        "views": {
            name: {"p50_ms": ms(percentile(t, 50)), "p95_ms": ms(percentile(t, 95))}
            for name, t in timings.items()
        },
        "correct": correct,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--registrations", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--quick", action="store_true", help="1,000 registrations, 3 repeats")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.quick:
        args.registrations, args.repeats = 1000, 3
    result = run(args.registrations, args.repeats)
    views = "; ".join(
        f"{name} {v['p50_ms']}/{v['p95_ms']} ms" for name, v in result["views"].items()
    )
    print(
        f"bench_registrations_page: {result['registrations']} registrations, p50/p95: {views};"
        f" {'correct' if result['correct'] else 'NOT CORRECT'}",
        flush=True,
    )
    if args.json:
        args.json.write_text(
            json.dumps({"machine": machine(), "command": sys.argv, **result}, indent=2)
        )
    return 0 if result["correct"] else 1


if __name__ == "__main__":
    sys.exit(main())
