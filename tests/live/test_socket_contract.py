"""The live socket's contract from docs/protocol.md: what ``sync`` and a connect send,
and who may open the moderator channel and the console socket with a bearer token.

The tick is set far beyond each test's length, so whatever a test receives comes
from the connect or the ``sync`` it sent, never from a tick that happened to fall
in between."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from typing import Any

import msgspec
import pytest
from litestar.exceptions import WebSocketDisconnect
from litestar.testing import WebSocketTestSession

from eventday.accounts.models import EventRole, Role
from eventday.clock import utcnow
from eventday.db import Database
from eventday.events import service as events
from eventday.events.models import Event, EventIn
from eventday.settings import Settings
from tests.conftest import AccountMaker, Client, grant
from tests.live.helpers import action, api_token, create, join_token, receive, send

SLUG = "kompetensdagen"


@pytest.fixture
def settings(settings: Settings, request: pytest.FixtureRequest) -> Settings:
    tick = getattr(request, "param", 600.0)
    return msgspec.structs.replace(settings, live_tick_seconds=tick)


def until_pong(ws: WebSocketTestSession) -> list[dict[str, Any]]:
    """Everything the server sent up to the answer of a ``ping`` sent now."""
    ws.send_json({"type": "ping", "ref": "end"})
    messages = []
    while (message := receive(ws))["type"] != "pong":
        messages.append(message)
    return messages


def kinds(messages: list[dict[str, Any]]) -> list[str]:
    return [m["type"] for m in messages]


async def open_poll(client: Client, headers: dict[str, str]) -> int:
    poll = await create(
        client, headers, SLUG, kind="choice", title="Bästa?", config={"options": ["A", "B"]}
    )
    await action(client, headers, SLUG, poll, "open")
    return poll


async def test_connect_right_after_an_activity_opened_sends_its_snapshot_once(
    client: Client, event: Event, headers: dict[str, str]
) -> None:
    poll = await open_poll(client, headers)
    token = await join_token(client, event.join_code)
    with await client.websocket_connect(f"/{event.join_code}/ws?token={token}") as ws:
        greeting = until_pong(ws)
        ws.send_json({"type": "sync", "activity": poll})
        answer = until_pong(ws)
    assert kinds(greeting) == ["hello", "stage", "snapshot", "mine"]
    assert greeting[2]["activity"]["id"] == poll
    # The browser sends this sync on the first stage message: its snapshot is the one
    # the socket already sent, so only the stage and the participant's own answers.
    assert kinds(answer) == ["stage", "mine"]


async def test_a_connect_right_after_the_stage_moved_is_shown_the_new_stage(
    client: Client, event: Event, headers: dict[str, str]
) -> None:
    """The stage goes to everyone on the next tick; a phone connecting before it is
    shown the stage as committed, not the one published last."""
    first = await open_poll(client, headers)
    with await client.websocket_connect(
        f"/{event.join_code}/ws?token={await join_token(client, event.join_code)}"
    ) as early:
        before = until_pong(early)
    second = await open_poll(client, headers)  # opened last: now on stage
    token = await join_token(client, event.join_code)
    with await client.websocket_connect(f"/{event.join_code}/ws?token={token}") as ws:
        greeting = until_pong(ws)
    assert kinds(before) == kinds(greeting) == ["hello", "stage", "snapshot", "mine"]
    assert before[1]["activity"] == first
    assert greeting[1]["activity"] == second
    assert greeting[1]["version"] > before[1]["version"]
    assert greeting[2]["activity"]["id"] == second


@pytest.mark.parametrize("settings", [2.0], indirect=True)
async def test_the_next_tick_sends_everyone_the_snapshot_a_connect_got_but_not_again(
    client: Client, event: Event, headers: dict[str, str]
) -> None:
    tick = 2.0
    other_token = await join_token(client, event.join_code)
    token = await join_token(client, event.join_code)
    with await client.websocket_connect(f"/{event.join_code}/ws?token={other_token}") as other:
        until_pong(other)
        # Just after a tick, so the connect below is answered before the next one.
        await asyncio.sleep(tick - time.time() % tick + 0.05)
        poll = await open_poll(client, headers)
        with await client.websocket_connect(f"/{event.join_code}/ws?token={token}") as ws:
            greeting = until_pong(ws)
            await asyncio.sleep(tick)  # the next tick publishes the poll
            later = until_pong(ws)
            everyone = until_pong(other)
    snapshot = greeting[2]
    assert (snapshot["type"], snapshot["activity"]["id"]) == ("snapshot", poll)
    assert "snapshot" not in kinds(later)
    assert [m["version"] for m in everyone if m["type"] == "snapshot"] == [snapshot["version"]]


async def test_sync_right_after_an_ack_answers_with_the_acknowledged_version(
    client: Client, event: Event, headers: dict[str, str]
) -> None:
    poll = await open_poll(client, headers)
    token = await join_token(client, event.join_code)
    with await client.websocket_connect(f"/{event.join_code}/ws?token={token}") as ws:
        before = next(m for m in until_pong(ws) if m["type"] == "snapshot")
        ack = send(ws, {"type": "vote", "activity": poll, "choices": [1]})
        ws.send_json({"type": "sync", "activity": poll})
        answer = until_pong(ws)
    assert ack["type"] == "ack"
    assert ack["version"] > before["version"]
    assert kinds(answer) == ["stage", "snapshot", "mine"]
    snapshot = answer[1]
    assert snapshot["version"] >= ack["version"]
    assert snapshot["results"]["counts"] == [0, 1]
    assert answer[2]["answer"] == [1]


async def test_a_bearer_token_opens_the_moderator_channel(
    client: Client, event: Event, headers: dict[str, str]
) -> None:
    questions = await create(
        client, headers, SLUG, kind="qa", title="Frågor", hide_results=True, config={}
    )
    await action(client, headers, SLUG, questions, "open")
    url = f"/{event.join_code}/ws?view=moderator"
    with await client.websocket_connect(url, headers=headers) as ws:
        greeting = until_pong(ws)
    assert kinds(greeting) == ["hello", "stage", "snapshot"]
    assert greeting[0]["participant"] is None
    # Hidden results reach the moderator channel only.
    assert greeting[2]["results"] == {"participants": 0, "questions": []}


async def refusal(client: Client, url: str, headers: dict[str, str]) -> tuple[str, int]:
    """The error code a socket is refused with, and its close code."""
    with await client.websocket_connect(url, headers=headers) as ws:
        error = receive(ws)
        with pytest.raises(WebSocketDisconnect) as closing:
            ws.receive(timeout=5)
    assert error["type"] == "error"
    return error["code"], closing.value.code


@pytest.fixture
async def other_moderator(db: Database, make_account: AccountMaker) -> dict[str, str]:
    """API headers of a moderator of another event only."""
    starts = utcnow() + timedelta(days=1)
    other = await events.create_event(
        db, EventIn(name="Annan dag", starts_at=starts, ends_at=starts + timedelta(hours=8))
    )
    await make_account(Role.MODERATOR, "mod@example.se")
    await grant(db, other, "mod@example.se", EventRole.MODERATOR)
    return await api_token(db, "mod@example.se")


async def test_moderator_sockets_keep_their_role_checks_for_bearer_tokens(
    client: Client, event: Event, headers: dict[str, str], other_moderator: dict[str, str]
) -> None:
    token = await join_token(client, event.join_code)
    forged = {"Authorization": "Bearer ed_not-a-token"}
    live = f"/{event.join_code}/ws?view=moderator"
    console = f"/console/{SLUG}/ws"
    assert await refusal(client, live, other_moderator) == ("forbidden", 4403)
    assert await refusal(client, console, other_moderator) == ("forbidden", 4403)
    assert await refusal(client, live, forged) == ("not-authenticated", 4401)
    assert await refusal(client, console, forged) == ("not-authenticated", 4401)
    # A participant asking for the moderator channel is refused, not quietly demoted.
    assert await refusal(client, f"{live}&token={token}", {}) == ("not-authenticated", 4401)


async def test_a_bearer_token_opens_the_console_socket_and_runs_actions(
    client: Client, event: Event, headers: dict[str, str]
) -> None:
    poll = await create(
        client, headers, SLUG, kind="choice", title="Bästa?", config={"options": ["A", "B"]}
    )
    with await client.websocket_connect(f"/console/{SLUG}/ws", headers=headers) as ws:
        greeting = receive(ws)
        done = send(ws, {"type": "open", "activity": poll})
    assert greeting["type"] == "console"
    assert (done["type"], done["result"]["state"]) == ("ack", "open")
