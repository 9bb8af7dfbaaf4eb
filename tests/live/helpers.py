"""Helpers for live tests: API calls with a token, participants over real sockets."""

from __future__ import annotations

import time
from typing import Any

import msgspec
from litestar.testing import WebSocketTestSession

from eventday.accounts import service as accounts
from eventday.db import Database
from tests.conftest import Client


async def api_token(db: Database, email: str) -> dict[str, str]:
    from eventday.accounts.queries import account_by_email

    account = await account_by_email(db, email)
    assert account is not None
    token = await accounts.create_api_token(db, account.id, "test")
    return {"Authorization": f"Bearer {token}"}


async def create(client: Client, headers: dict[str, str], slug: str, **body: Any) -> int:
    response = await client.post(
        f"/api/v1/events/{slug}/live/activities", json=body, headers=headers
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


async def action(
    client: Client, headers: dict[str, str], slug: str, activity: int, name: str
) -> None:
    response = await client.post(
        f"/api/v1/events/{slug}/live/activities/{activity}/{name}", headers=headers
    )
    assert response.status_code == 200, response.text


async def join_token(client: Client, code: str) -> str:
    response = await client.post(f"/api/v1/live/{code}/join")
    assert response.status_code == 201, response.text
    return str(response.json()["token"])


def receive(ws: WebSocketTestSession, timeout: float = 5) -> dict[str, Any]:
    message = ws.receive(timeout=timeout)
    if message.get("type") == "websocket.close":
        raise ConnectionError(f"closed with {message.get('code')}")
    data = message.get("bytes") or message.get("text", "").encode()
    value: dict[str, Any] = msgspec.json.decode(data)
    return value


def until(ws: WebSocketTestSession, test: Any, timeout: float = 10) -> dict[str, Any]:
    """The first message from ``ws`` that passes ``test`` (others are skipped)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        message = receive(ws, timeout=max(0.1, deadline - time.monotonic()))
        if test(message):
            return message
    raise TimeoutError("no matching message")


def snapshot_where(ws: WebSocketTestSession, activity: int, test: Any) -> dict[str, Any]:
    return until(
        ws, lambda m: m["type"] == "snapshot" and m["activity"]["id"] == activity and test(m)
    )


def send(ws: WebSocketTestSession, message: dict[str, Any]) -> dict[str, Any]:
    """Send a message with a ref and return the ack or error that answers it."""
    ref = message.setdefault("ref", f"t{time.monotonic_ns()}")
    ws.send_text(msgspec.json.encode(message).decode())
    return until(ws, lambda m: m["type"] in ("ack", "error", "pong") and m.get("ref") == ref)
