"""Running console actions over the API or a console socket, the same way."""

from __future__ import annotations

import time
from typing import Any

import msgspec
from litestar.testing import WebSocketTestSession

from tests.conftest import Client
from tests.console.conftest import SLUG
from tests.live.helpers import receive


class Reply:
    def __init__(self, ok: bool, result: Any = None, code: str = "", audit: int = 0) -> None:
        self.ok = ok
        self.result = result
        self.code = code
        self.audit = audit


class Api:
    """Console actions through ``POST /api/v1/events/<slug>/console/actions``."""

    def __init__(self, client: Client, headers: dict[str, str]) -> None:
        self.client = client
        self.headers = headers

    async def __call__(self, message: dict[str, Any]) -> Reply:
        response = await self.client.post(
            f"/api/v1/events/{SLUG}/console/actions", json=message, headers=self.headers
        )
        body = response.json()
        if response.status_code == 200:
            return Reply(True, body["result"], audit=body["audit"])
        return Reply(False, code=body["type"].rsplit(":", 1)[-1])


class Socket:
    """Console actions over a console socket; keeps every message it receives, so
    :meth:`until` also finds what arrived while an action waited for its reply."""

    def __init__(self, ws: WebSocketTestSession) -> None:
        self.ws = ws
        self.seen: list[dict[str, Any]] = []

    async def __call__(self, message: dict[str, Any]) -> Reply:
        ref = f"t{time.monotonic_ns()}"
        self.ws.send_text(msgspec.json.encode({**message, "ref": ref}).decode())
        reply = self.until(lambda m: m["type"] in ("ack", "error") and m.get("ref") == ref)
        if reply["type"] == "ack":
            return Reply(True, reply["result"], audit=reply["audit"])
        return Reply(False, code=reply["code"])

    def until(self, test: Any, timeout: float = 10) -> dict[str, Any]:
        """The first message (seen before or arriving now) that passes ``test``."""
        for index, message in enumerate(self.seen):
            if test(message):
                return self.seen.pop(index)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = receive(self.ws, timeout=max(0.1, deadline - time.monotonic()))
            if test(message):
                return message
            self.seen.append(message)
        raise TimeoutError("no matching message")
