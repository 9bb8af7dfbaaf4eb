"""A real uvicorn server in a subprocess, real clients with the ``websockets`` library:
acknowledged submissions survive the server being killed (SIGKILL) and restarted."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import websockets

from eventday.db import Database
from eventday.db.migrations import migrate
from eventday.events import service as events
from eventday.events.models import EventIn
from eventday.live import activities
from eventday.live.models import ActivityConfig, ActivityIn, ActivityKind, ActivityState
from tests.e2e.conftest import LiveServer


async def prepare(path: Path) -> tuple[str, int]:
    db = Database(path)
    await db.connect()
    await migrate(db)
    starts = datetime(2026, 11, 26, 8, tzinfo=UTC)
    event = await events.create_event(
        db, EventIn(name="Dagen", starts_at=starts, ends_at=starts + timedelta(hours=8))
    )
    async with db.transaction() as tx:
        cloud = await activities.create_activity(
            tx,
            event,
            ActivityIn(
                kind=ActivityKind.WORDCLOUD, title="Ord", config=ActivityConfig(max_entries=10)
            ),
        )
        await activities.set_state(tx, cloud, ActivityState.OPEN)
    await db.close()
    return event.join_code, cloud.id


def join(server: LiveServer, code: str) -> str:
    request = urllib.request.Request(f"{server.url}/api/v1/live/{code}/join", method="POST")
    with urllib.request.urlopen(request, timeout=5) as response:
        return str(json.loads(response.read())["token"])


async def participant(
    server: LiveServer, code: str, activity: int, index: int, acked: list[str]
) -> None:
    url = f"ws://127.0.0.1:{server.port}/{code}/ws?token={join(server, code)}"
    async with websockets.connect(url) as ws:
        for n in range(10):
            word = f"ord{index}x{n}"
            await ws.send(
                json.dumps({"type": "word", "activity": activity, "text": word, "ref": word})
            )
            while True:
                message = json.loads(await ws.recv())
                if message.get("ref") == word and message["type"] == "ack":
                    acked.append(word)
                    break


async def snapshot_words(server: LiveServer, code: str, activity: int) -> set[str]:
    url = f"ws://127.0.0.1:{server.port}/{code}/ws?token={join(server, code)}"
    async with websockets.connect(url) as ws:
        while True:
            message = json.loads(await asyncio.wait_for(ws.recv(), 10))
            if message["type"] == "snapshot" and message["activity"]["id"] == activity:
                return {w["key"] for w in message["results"]["words"]}


def test_acknowledged_words_survive_a_killed_server(tmp_path: Path) -> None:
    server = LiveServer(tmp_path / "live.db")
    code, activity = asyncio.run(prepare(server.database))
    server.start()
    acked: list[str] = []

    async def crowd() -> None:
        tasks = [
            asyncio.create_task(participant(server, code, activity, i, acked)) for i in range(6)
        ]
        while len(acked) < 25:  # noqa: ASYNC110 - polls the clients' shared list
            await asyncio.sleep(0.01)
        server.kill()
        await asyncio.gather(*tasks, return_exceptions=True)

    asyncio.run(crowd())
    with sqlite3.connect(server.database) as conn:
        stored = {row[0] for row in conn.execute("SELECT norm FROM live_words")}
    server.start()
    try:
        shown = asyncio.run(snapshot_words(server, code, activity))
    finally:
        server.stop()
    assert len(acked) >= 25
    assert set(acked) - stored == set()
    assert stored == shown


async def refusal_of(url: str) -> tuple[dict[str, object], int]:
    """The ``error`` an accepted socket is refused with, and its close code."""
    async with websockets.connect(url) as ws:
        frame = await asyncio.wait_for(ws.recv(), 10)
        assert isinstance(frame, bytes)  # the server sends binary frames only
        error = json.loads(frame)
        await asyncio.wait_for(ws.wait_closed(), 10)
    assert ws.close_code is not None
    return error, ws.close_code


def test_unknown_code_and_missing_identity_are_close_codes_not_handshake_refusals(
    tmp_path: Path,
) -> None:
    """docs/protocol.md: a client learns why from the close code, so the server must
    accept the handshake first (a close before it is an HTTP 403 and carries no code)."""
    server = LiveServer(tmp_path / "live.db")
    code, _activity = asyncio.run(prepare(server.database))
    server.start()
    try:
        unknown, unknown_close = asyncio.run(refusal_of(f"ws://127.0.0.1:{server.port}/ZZZZZZ/ws"))
        forged, forged_close = asyncio.run(
            refusal_of(f"ws://127.0.0.1:{server.port}/{code}/ws?token=1.1.forged")
        )
    finally:
        server.stop()
    assert (unknown["type"], unknown["code"], unknown_close) == ("error", "not-found", 4404)
    assert (forged["type"], forged["code"], forged_close) == ("error", "not-joined", 4401)
