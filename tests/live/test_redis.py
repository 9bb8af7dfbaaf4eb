"""Several eventday processes sharing one database and a real redis-server: votes
through any process reach phones on every process, a late process starts with the
right state, a killed process loses nothing acknowledged, a Redis restart is
survived, and the console counts the phones connected to every process. Real servers
(uvicorn subprocesses), real ``websockets`` clients."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets
from websockets.asyncio.client import ClientConnection

from eventday.accounts import service as accounts
from eventday.accounts.models import AccountIn, Role
from eventday.clock import utcnow
from eventday.db import Database
from eventday.db.migrations import migrate
from eventday.events import service as events
from eventday.events.models import EventIn
from eventday.harness import RedisServer
from eventday.live import activities
from eventday.live.hub import QUIET_SECONDS
from eventday.live.models import ActivityConfig, ActivityIn, ActivityKind, ActivityState
from tests.conftest import CSRF_FIELD, TEST_PASSWORDS, tomorrow_at
from tests.e2e.conftest import LiveServer

OPTIONS = ["A", "B", "C"]
MODERATOR = "moderator@example.se"
PASSWORD = "redis-test-password"


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    try:
        server = RedisServer(tmp_path)
    except FileNotFoundError as missing:
        if os.environ.get("EVENTDAY_REQUIRE_BROWSER"):
            pytest.fail(f"EVENTDAY_REQUIRE_BROWSER is set but {missing}")
        pytest.skip(str(missing))
    server.start()
    yield server
    server.stop()


def process_of(database: Path, redis_url: str) -> LiveServer:
    """One eventday process of several, sharing the database and Redis."""
    return LiveServer(database, EVENTDAY_REDIS_URL=redis_url)


class Day:
    def __init__(self, database: Path, code: str, slug: str, activity: int, api_token: str) -> None:
        self.database = database
        self.code = code
        self.slug = slug
        self.activity = activity
        self.api_token = api_token

    def connected_now(self, process: LiveServer) -> int:
        """The console's "connected now", asked of one process."""
        response = httpx.get(
            f"{process.url}/api/v1/events/{self.slug}/console/stats",
            headers={"Authorization": f"Bearer {self.api_token}"},
        )
        assert response.status_code == 200, response.text
        return int(response.json()["connected"])

    def counts(self) -> list[int]:
        with sqlite3.connect(self.database) as conn:
            rows = conn.execute(
                "SELECT answer FROM live_answers WHERE activity_id = ?", (self.activity,)
            ).fetchall()
        counts = [0] * len(OPTIONS)
        for (answer,) in rows:
            for choice in json.loads(answer):
                counts[choice] += 1
        return counts


@pytest.fixture
def day(tmp_path: Path) -> Day:
    async def prepare() -> Day:
        db = Database(tmp_path / "shared.db")
        await db.connect()
        await migrate(db)
        moderator = await accounts.create_account(
            db,
            TEST_PASSWORDS,
            AccountIn(email=MODERATOR, role=Role.ORGANISER, password=PASSWORD),
        )
        api_token = await accounts.create_api_token(db, moderator.id, "test")
        starts = tomorrow_at(utcnow(), 8)
        event = await events.create_event(
            db, EventIn(name="Dagen", starts_at=starts, ends_at=starts + timedelta(hours=8))
        )
        async with db.transaction() as tx:
            poll = await activities.create_activity(
                tx,
                event,
                ActivityIn(
                    kind=ActivityKind.CHOICE, title="Val", config=ActivityConfig(options=OPTIONS)
                ),
            )
            await activities.set_state(tx, poll, ActivityState.OPEN)
            await activities.set_stage(tx, event, poll.id)
        await db.close()
        return Day(tmp_path / "shared.db", event.join_code, event.slug, poll.id, api_token)

    return asyncio.run(prepare())


@pytest.fixture
def processes(day: Day, redis_server: RedisServer) -> Iterator[list[LiveServer]]:
    started = [process_of(day.database, redis_server.url) for _ in range(2)]
    for process in started:
        process.start()
    yield started
    for process in started:
        process.stop()


class Phone:
    """A participant's socket; remembers every snapshot version it saw, in order."""

    def __init__(self, ws: ClientConnection, token: str) -> None:
        self.ws = ws
        self.token = token
        self.versions: list[int] = []
        self.latest: dict[str, Any] = {}

    async def next(self, test: Any, within: float = 10) -> dict[str, Any]:
        async with asyncio.timeout(within):
            while True:
                message: dict[str, Any] = json.loads(await self.ws.recv())
                if message["type"] == "snapshot":
                    self.versions.append(message["version"])
                    self.latest = message
                if test(message):
                    return message

    async def vote(self, activity: int, choice: int) -> dict[str, Any]:
        ref = f"v{time.monotonic_ns()}"
        await self.ws.send(
            json.dumps({"type": "vote", "activity": activity, "choices": [choice], "ref": ref})
        )
        return await self.next(lambda m: m.get("ref") == ref)

    async def until_version(self, version: int) -> dict[str, Any]:
        return await self.next(lambda m: m["type"] == "snapshot" and m["version"] >= version)


def join(process: LiveServer, code: str) -> str:
    response = httpx.post(f"{process.url}/api/v1/live/{code}/join")
    assert response.status_code == 201, response.text
    return str(response.json()["token"])


async def phone(process: LiveServer, code: str, token: str = "") -> Phone:
    token = token or join(process, code)
    ws = await websockets.connect(f"ws://127.0.0.1:{process.port}/{code}/ws?token={token}")
    client = Phone(ws, token)
    await client.next(lambda m: m["type"] == "snapshot")
    return client


def test_redis_vote_through_one_process_reaches_phones_on_every_process(
    day: Day, processes: list[LiveServer]
) -> None:
    first, second = processes

    async def run() -> tuple[Phone, Phone]:
        on_first = await phone(first, day.code)
        on_second = await phone(second, day.code)
        ack = await on_second.vote(day.activity, 1)
        assert ack["type"] == "ack"
        seen = await on_first.until_version(ack["version"])
        assert seen["results"]["counts"] == [0, 1, 0]
        for index in range(6):
            voter = on_first if index % 2 else on_second
            last = await voter.vote(day.activity, index % 3)
        for client in (on_first, on_second):
            await client.until_version(last["version"])
        await asyncio.sleep(0.6)  # any later snapshot too
        await on_first.ws.close()
        await on_second.ws.close()
        return on_first, on_second

    on_first, on_second = asyncio.run(run())
    assert on_first.latest["version"] == on_second.latest["version"]
    assert on_first.latest["results"] == on_second.latest["results"]
    assert on_first.latest["results"]["counts"] == day.counts()
    for client in (on_first, on_second):
        assert client.versions == sorted(client.versions)


async def until(check: Any, expected: Any, within: float = 15) -> None:
    """Ask ``check()`` until it answers ``expected`` (fails with the last answer)."""
    deadline = time.monotonic() + within
    answer = await asyncio.to_thread(check)
    while answer != expected and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
        answer = await asyncio.to_thread(check)
    assert answer == expected


def test_redis_console_counts_phones_connected_to_every_process(
    day: Day, processes: list[LiveServer]
) -> None:
    first, second = processes

    async def run() -> None:
        here = [await phone(first, day.code) for _ in range(2)]
        there = [await phone(second, day.code) for _ in range(2)]
        for process in processes:
            await until(lambda p=process: day.connected_now(p), 4)
        await there[0].ws.close()
        for process in processes:
            await until(lambda p=process: day.connected_now(p), 3)
        # A process that dies stops telling: its phones drop out of the sum.
        second.kill()
        await until(lambda: day.connected_now(first), 2)
        for client in here:
            await client.ws.close()

    asyncio.run(run())


def test_redis_votes_just_after_a_tick_wait_for_every_process_to_read(
    day: Day, processes: list[LiveServer]
) -> None:
    """With several processes, no live write commits in the quiet moment after a tick,
    so every process publishes the same version for that tick."""
    first, _second = processes
    tick = 0.25  # the default EVENTDAY_LIVE_TICK_SECONDS

    async def run() -> list[float]:
        voter = await phone(first, day.code)
        waited = []
        for round_ in range(5):
            # Just after a tick: a few milliseconds into it.
            await asyncio.sleep(tick - time.time() % tick + 0.005)
            boundary = time.time() - time.time() % tick
            ack = await voter.vote(day.activity, round_ % 3)
            assert ack["type"] == "ack"
            waited.append(time.time() - boundary)
        await voter.ws.close()
        return waited

    waited = asyncio.run(run())
    assert all(after >= QUIET_SECONDS for after in waited), waited  # seconds from the tick


def test_redis_late_process_starts_with_the_current_state(
    day: Day, processes: list[LiveServer], redis_server: RedisServer
) -> None:
    first, _second = processes

    async def vote() -> int:
        voters = [await phone(first, day.code) for _ in range(3)]
        ack = {}
        for index, voter in enumerate(voters):
            ack = await voter.vote(day.activity, index % 2)
        for voter in voters:
            await voter.ws.close()
        return int(ack["version"])

    version = asyncio.run(vote())
    late = process_of(day.database, redis_server.url)
    late.start()
    try:

        async def look() -> dict[str, Any]:
            client = await phone(late, day.code)
            await client.ws.close()
            return client.latest

        snapshot = asyncio.run(look())
    finally:
        late.stop()
    assert snapshot["version"] >= version
    assert snapshot["results"]["counts"] == [2, 1, 0]


def test_redis_killed_process_loses_no_acknowledged_vote(
    day: Day, processes: list[LiveServer]
) -> None:
    first, second = processes

    async def run() -> tuple[dict[int, int], list[Phone]]:
        clients = [await phone(first, day.code) for _ in range(4)]
        acked: dict[int, int] = {}
        for round_ in range(3):
            for index, client in enumerate(clients):
                choice = (index + round_) % 3
                answer = await client.vote(day.activity, choice)
                assert answer["type"] == "ack"
                acked[index] = choice
        first.kill()
        # The phones reconnect with the same token, to the other process, and resync.
        moved = [await phone(second, day.code, client.token) for client in clients]
        for client in moved:
            await client.ws.close()
        return acked, moved

    acked, moved = asyncio.run(run())
    expected = [0] * len(OPTIONS)
    for choice in acked.values():
        expected[choice] += 1
    assert day.counts() == expected
    assert all(client.latest["results"]["counts"] == expected for client in moved)


def test_redis_restart_is_survived_and_moderators_are_warned(
    day: Day, processes: list[LiveServer], redis_server: RedisServer
) -> None:
    first, second = processes
    with httpx.Client(base_url=first.url) as browser:
        page = browser.get("/login")
        match = CSRF_FIELD.search(page.text)
        assert match
        browser.post(
            "/login",
            data={"email": MODERATOR, "password": PASSWORD, "_csrf_token": match.group(1)},
        )
        cookie = "; ".join(f"{name}={value}" for name, value in browser.cookies.items())

    async def run() -> list[bool]:
        console = await websockets.connect(
            f"ws://127.0.0.1:{first.port}/{day.code}/ws?view=moderator",
            additional_headers={"Cookie": cookie},
        )
        moderator = Phone(console, "")
        on_first = await phone(first, day.code)
        on_second = await phone(second, day.code)
        statuses = []
        redis_server.stop()
        down = await moderator.next(lambda m: m["type"] == "status", within=15)
        statuses.append(down["shared"])
        # Without Redis, each process still serves its own clients, and a vote
        # through the other process still arrives (through the database).
        ack = await on_second.vote(day.activity, 2)
        assert ack["type"] == "ack"
        await on_first.until_version(ack["version"])
        redis_server.start()
        up = await moderator.next(lambda m: m["type"] == "status", within=15)
        statuses.append(up["shared"])
        ack = await on_second.vote(day.activity, 0)
        seen = await on_first.until_version(ack["version"])
        assert seen["results"]["counts"] == day.counts()
        for ws in (console, on_first.ws, on_second.ws):
            await ws.close()
        return statuses

    assert asyncio.run(run()) == [False, True]
