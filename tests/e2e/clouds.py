"""Word cloud browser tests' helpers: a server of their own, and a word cloud on it
that words are sent to over real sockets."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from datetime import UTC, timedelta
from typing import Any

import pytest
from websockets.sync.client import connect

from eventday.clock import utcnow
from eventday.demo import DEMO_ORGANISER
from tests.e2e.conftest import LiveServer, day_server


def api(server: LiveServer, token: str, method: str, path: str, body: Any = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(server.url + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:
        raw = response.read()
    return json.loads(raw) if raw else None


class Cloud:
    """A word cloud of its own event on the shared server, words sent over sockets."""

    def __init__(self, server: LiveServer) -> None:
        self.server = server
        self.token = server.api_token(DEMO_ORGANISER)
        starts = utcnow().replace(microsecond=0) + timedelta(minutes=5)
        self.event = api(
            server,
            self.token,
            "POST",
            "/api/v1/events",
            {
                "name": "Molntest",
                "starts_at": starts.astimezone(UTC).isoformat(),
                "ends_at": (starts + timedelta(hours=8)).isoformat(),
            },
        )
        base = f"/api/v1/events/{self.event['slug']}/live/activities"
        body = {"kind": "wordcloud", "title": "Ord", "config": {"max_entries": 10}}
        self.activity = api(server, self.token, "POST", base, body)["id"]
        api(server, self.token, "POST", f"{base}/{self.activity}/open")
        self.code = self.event["join_code"]
        self.total = 0  # entries sent
        self.extra = 0  # words sent besides WORDS

    def send(self, words: list[str]) -> None:
        """Each word sent by a participant of its own (at most five words each, within
        the per-second limit); returns once every one is acknowledged."""
        for start in range(0, len(words), 5):
            joined = api(self.server, self.token, "POST", f"/api/v1/live/{self.code}/join")
            url = f"ws://127.0.0.1:{self.server.port}/{self.code}/ws?token={joined['token']}"
            with connect(url) as ws:
                refs = set()
                for i, word in enumerate(words[start : start + 5]):
                    ref = f"r{i}"
                    refs.add(ref)
                    message = {"type": "word", "activity": self.activity, "text": word}
                    ws.send(json.dumps({**message, "ref": ref}))
                while refs:
                    reply = json.loads(ws.recv(timeout=30))
                    if reply.get("ref") in refs:
                        assert reply["type"] == "ack", reply
                        refs.discard(reply["ref"])
        self.total += len(words)


def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """For a module's ``server`` fixture: a server of its own (the shared server's
    tests expect the demo's event alone)."""
    server = day_server(tmp_path_factory.mktemp("clouds"))
    server.seed()
    server.start()
    yield server
    server.stop()
