"""Simulated participants for the demo (``eventday demo --audience N``): real
websocket clients that follow the stage, vote and send Swedish competence words, so
the projector shows a living word cloud."""

from __future__ import annotations

import asyncio
import json
import random
import time
import urllib.request
from typing import Any

import websockets

WORDS = {
    "Automation": 30,
    "Programmering": 24,
    "AI": 20,
    "Dataanalys": 16,
    "Cybersäkerhet": 14,
    "Robotik": 14,
    "Digitalisering": 12,
    "PLC-programmering": 10,
    "Problemlösning": 10,
    "Maskininlärning": 8,
    "Systemförståelse": 8,
    "IT-säkerhet": 7,
    "Simulering": 6,
    "CAD": 6,
    "Digital tvilling": 6,
    "Sensorteknik": 5,
    "IoT": 5,
    "Förändringsvilja": 5,
    "Samarbete": 5,
    "Python": 4,
    "Molntjänster": 4,
    "Underhåll 4.0": 4,
    "Nyfikenhet": 4,
    "Kompetensförsörjning": 3,
    "Visionsystem": 3,
    "3D-printing": 3,
    "Lean": 3,
    "Datadrivna beslut": 3,
    "Excel": 2,
    "Kommunikation": 2,
}
IDEAS = [
    "Prova-på-dagar för högstadiet",
    "Fler lärlingsplatser",
    "Visa upp moderna arbetsplatser i sociala medier",
    "Samarbete med gymnasiets teknikprogram",
    "Mentorer från industrin i skolan",
]
QUESTIONS = [
    "Hur får små företag råd med kompetensutveckling?",
    "Vilken roll spelar yrkeshögskolan?",
    "Hur når vi fler kvinnor till industrin?",
    "Hur validerar man kunskaper man lärt sig på jobbet?",
]


def _join(base_url: str, code: str) -> str:
    # base_url is the demo's own http address, never user input.
    request = urllib.request.Request(  # noqa: S310
        f"{base_url}/api/v1/live/{code}/join", method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return str(json.loads(response.read())["token"])


def _answer(snapshot: dict[str, Any], rng: random.Random) -> dict[str, Any] | None:
    """What this simulated person sends to the activity in ``snapshot``, if anything."""
    activity = snapshot["activity"]
    kind, config, results = activity["kind"], activity["config"], snapshot.get("results") or {}
    base = {"activity": activity["id"]}
    if kind == "wordcloud":
        word = rng.choices(list(WORDS), weights=list(WORDS.values()))[0]
        return {**base, "type": "word", "text": word}
    if kind == "choice":
        weights = [len(config["options"]) - i + 2 for i in range(len(config["options"]))]
        return {**base, "type": "vote", "choices": rng.choices(range(len(weights)), weights)}
    if kind == "scale":
        low, high = config.get("scale_min", 1), config.get("scale_max", 5)
        return {**base, "type": "rate", "value": rng.randint(low, high)}
    if kind == "ranking":
        order = list(range(len(config["options"])))
        rng.shuffle(order)
        return {**base, "type": "rank", "order": order}
    if kind == "open_text":
        return {**base, "type": "open_text", "text": rng.choice(IDEAS)}
    items = results.get("ideas" if kind == "ideas" else "questions") or []
    if items and rng.random() < 0.7:
        return {**base, "type": "upvote", "item": rng.choice(items[:5])["id"]}
    text = rng.choice(IDEAS if kind == "ideas" else QUESTIONS)
    return {**base, "type": "idea" if kind == "ideas" else "question", "text": text}


async def _act(
    ws: Any, current: dict[str, Any] | None, sent: dict[int, int], rng: random.Random
) -> None:
    """Send one more answer to the activity on stage, within this person's budget."""
    if current is None or current["activity"]["state"] != "open":
        return
    activity = current["activity"]
    budget = activity["config"].get("max_entries", 3) if activity["kind"] == "wordcloud" else 2
    if sent.get(activity["id"], 0) >= budget:
        return
    message = _answer(current, rng)
    if message:
        sent[activity["id"]] = sent.get(activity["id"], 0) + 1
        await ws.send(json.dumps(message))


async def _person(base_url: str, code: str, seed: int) -> None:
    rng = random.Random(seed)
    token = await asyncio.to_thread(_join, base_url, code)
    url = base_url.replace("http", "ws", 1) + f"/{code}/ws?token={token}"
    stage: int | None = None
    snapshots: dict[int, dict[str, Any]] = {}
    sent: dict[int, int] = {}
    async for ws in websockets.connect(url):
        try:
            while True:
                try:
                    raw = await asyncio.wait_for(ws.recv(), timeout=rng.uniform(2, 25))
                except TimeoutError:
                    await _act(ws, snapshots.get(stage or 0), sent, rng)
                    continue
                message = json.loads(raw)
                if message["type"] == "stage":
                    stage = message["activity"]
                elif message["type"] == "snapshot":
                    snapshots[message["activity"]["id"]] = message
        except websockets.ConnectionClosed:
            continue


async def run_audience(base_url: str, code: str, size: int) -> None:
    """Join ``size`` people over a few seconds and keep them taking part."""
    people = []
    for index in range(size):
        people.append(asyncio.create_task(_person(base_url, code, index)))
        await asyncio.sleep(0.02)
    await asyncio.gather(*people, return_exceptions=True)


def audience_process(base_url: str, code: str, size: int) -> None:
    """Entry point of the demo's audience subprocess; waits for the server first."""
    for _ in range(300):
        try:
            with urllib.request.urlopen(base_url + "/healthz", timeout=1):  # noqa: S310
                break
        except OSError:
            time.sleep(0.2)
    asyncio.run(run_audience(base_url, code, size))
