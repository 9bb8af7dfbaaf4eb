#!/usr/bin/env python3
"""Word cloud benchmark.

1. Layout time in this process (medians of several runs), at the size eventday ships
   (``clouds.WIDTH`` x ``clouds.HEIGHT``) with the shipped font: a full layout of 50,
   100, 200 and 500 distinct words (at most ``clouds.MAX_WORDS`` placed), and one new
   word placed into a cloud of 150 (149 placed + 1; every other word stays put).
2. Submission → layout on the projector: a real server in a subprocess, participants
   send words over websockets at a set rate; the time from sending a word until an
   observing client receives a snapshot whose layout holds it (p50/p95).

    scripts/bench_wordcloud.py --quick
    scripts/bench_wordcloud.py --rate 50 --duration 20 --json out.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import ROOT, Eventday, machine, ms, percentile, post_many

sys.path.insert(0, str(ROOT / "src"))


def vocabulary(count: int) -> list[str]:
    rng = random.Random(3)
    letters = "abcdefghijklmnoprstuvyåäö"
    words: set[str] = set()
    while len(words) < count:
        words.add("".join(rng.choice(letters) for _ in range(rng.randint(3, 12))).capitalize())
    return sorted(words)


def layout_times(sizes: list[int], repeats: int) -> dict[str, Any]:
    """Full layouts from nothing of ``sizes`` distinct words (at most ``MAX_WORDS``
    placed), and placing one new word into a cloud of 150, in this process."""
    from eventday.live import clouds, wordcloud_render

    font = str(clouds.cloud_font())
    pool = vocabulary(max(sizes) + repeats + 150)

    def entries(words: list[str]) -> list[tuple[str, str, int]]:
        counted = [
            {"key": w.lower(), "text": w, "count": max(1, 200 // (i + 1))}
            for i, w in enumerate(words)
        ]
        return clouds.entries(counted)

    def lay_out(items: list[tuple[str, str, int]], previous: Any = None) -> dict[str, Any]:
        state: dict[str, Any] = wordcloud_render.layout(
            items, previous, clouds.WIDTH, clouds.HEIGHT, font
        )
        return state

    lay_out(entries(pool[:20]))  # the font loaded, as in a running renderer
    results = {}
    for size in sizes:
        times = []
        for run in range(repeats):
            words = pool[run : run + size]
            started = time.perf_counter()
            lay_out(entries(words))
            times.append(time.perf_counter() - started)
        results[str(size)] = {
            "placed": min(size, clouds.MAX_WORDS),
            "median_ms": ms(statistics.median(times)),
        }
    base = entries(pool[:149])
    state = lay_out(base)
    one = []
    for run in range(repeats * 4):
        word = pool[200 + run]
        started = time.perf_counter()
        placed = lay_out([*base, (word.lower(), word, 1)], state)
        one.append(time.perf_counter() - started)
        assert len(placed["words"]) == len(base) + 1
    return {
        "width": clouds.WIDTH,
        "height": clouds.HEIGHT,
        "font": font,
        "layouts": results,
        "one_into_150": {"runs": len(one), "median_ms": ms(statistics.median(one))},
    }


async def submission_latency(
    server: Eventday, participants: int, rate: float, duration: float
) -> dict[str, Any]:
    from websockets.asyncio.client import connect

    event = server.create_event()
    activity = server.open_activity(
        event["slug"], kind="wordcloud", title="Ord", config={"max_entries": 10}
    )
    joined = await post_many(
        "127.0.0.1", server.port, f"/api/v1/live/{event['join_code']}/join", participants + 1, 8
    )
    base = f"ws://127.0.0.1:{server.port}/{event['join_code']}/ws?token="
    sockets = [await connect(base + item["token"], compression=None) for item in joined]
    observer, senders = sockets[0], sockets[1:]
    sent: dict[str, float] = {}
    acked: dict[str, int] = {}
    seen: list[tuple[int, float]] = []
    failed = 0

    async def read_observer() -> None:
        async for raw in observer:
            message = json.loads(raw)
            if message["type"] == "snapshot" and message["results"]:
                assert "layout" in message["results"]
                seen.append((message["version"], time.perf_counter()))

    async def read(ws: Any) -> None:
        nonlocal failed
        async for raw in ws:
            message = json.loads(raw)
            if message["type"] == "ack":
                acked[message["ref"]] = message["version"]
            elif message["type"] == "error" and message.get("ref"):
                failed += 1

    readers = [asyncio.create_task(read_observer())]
    readers += [asyncio.create_task(read(ws)) for ws in senders]
    pool = vocabulary(300)
    weights = [1 / (rank + 1) for rank in range(len(pool))]  # Zipf: a few words dominate
    used: list[set[str]] = [set() for _ in senders]
    rng = random.Random(5)
    start = time.perf_counter()
    deadline = start + duration
    sequence = sent_count = 0
    while time.perf_counter() < deadline:
        sender = sequence % len(senders)
        word = rng.choices(pool, weights)[0]
        if word in used[sender] or len(used[sender]) >= 10:
            sequence += 1
            continue
        used[sender].add(word)
        ref = f"w{sequence}"
        sequence += 1
        sent[ref] = time.perf_counter()
        await senders[sender].send(
            json.dumps({"type": "word", "activity": activity, "text": word, "ref": ref})
        )
        sent_count += 1
        # on a schedule (start + n / rate), so a slow loop does not lower the rate
        await asyncio.sleep(max(0.0, start + sent_count / rate - time.perf_counter()))
    await asyncio.sleep(3)
    for task in readers:
        task.cancel()
    for ws in sockets:
        await ws.close()
    # A word is on the projector once a snapshot covering its acknowledged version is.
    latency = []
    for ref, version in acked.items():
        shown = next((at for v, at in seen if v >= version), None)
        if shown is not None:
            latency.append(shown - sent[ref])
    return {
        "rate": rate,
        "achieved_rate": round(len(sent) / duration, 1),
        "sent": len(sent),
        "acknowledged": len(acked),
        "refused": failed,
        "on_projector": len(latency),
        "distinct_words": len({w for words in used for w in words}),
        "p50_ms": ms(percentile(latency, 50)),
        "p95_ms": ms(percentile(latency, 95)),
        "max_ms": ms(max(latency) if latency else None),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--sizes", default="50,100,200,500")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--rate", type=float, default=50, help="words per second")
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--participants", type=int, default=50)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.quick:
        args.repeats, args.duration, args.rate = 2, 4, 20
    # every participant may send 10 words: enough of them for the whole run
    args.participants = max(args.participants, int(args.rate * args.duration / 10) + 1)
    layouts = layout_times([int(s) for s in args.sizes.split(",")], args.repeats)
    server = Eventday(live_submissions_per_second="100", live_joins_per_address="0")
    try:
        server.start()
        latency = asyncio.run(
            submission_latency(server, args.participants, args.rate, args.duration)
        )
    finally:
        server.stop()
        server.cleanup()
    summary = ", ".join(
        f"{size} words {value['median_ms']} ms" for size, value in layouts["layouts"].items()
    )
    print(
        f"bench_wordcloud: full layout {summary}; one word into 150 "
        f"{layouts['one_into_150']['median_ms']} ms; submission→projector at {args.rate}/s "
        f"(sent {latency['achieved_rate']}/s) "
        f"p50/p95 {latency['p50_ms']}/{latency['p95_ms']} ms "
        f"({latency['on_projector']} of {latency['sent']} shown, "
        f"{latency['acknowledged']} acknowledged, {latency['refused']} refused)",
        flush=True,
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {"machine": machine(), "command": sys.argv, **layouts, "latency": latency}, indent=2
            )
        )
    return 0 if latency["acknowledged"] == latency["sent"] else 1


if __name__ == "__main__":
    sys.exit(main())
