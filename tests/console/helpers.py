"""Running console actions over the API or a console socket, the same way."""

from __future__ import annotations

from typing import Any

from litestar.testing import WebSocketTestSession

from tests.conftest import Client
from tests.console.conftest import SLUG
from tests.live.helpers import send


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
    """Console actions over a console socket."""

    def __init__(self, ws: WebSocketTestSession) -> None:
        self.ws = ws

    async def __call__(self, message: dict[str, Any]) -> Reply:
        reply = send(self.ws, dict(message))
        if reply["type"] == "ack":
            return Reply(True, reply["result"], audit=reply["audit"])
        return Reply(False, code=reply["code"])
