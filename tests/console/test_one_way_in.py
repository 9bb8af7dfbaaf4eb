"""One way in for moderator actions: the live API, the console's action endpoint, the
console socket and the moderator page all run the same audited service, so one action
through any of them writes exactly one entry in the moderation log."""

from __future__ import annotations

from typing import Any

import pytest

from eventday.db import Database
from eventday.events.models import Event
from tests.conftest import Client, csrf_token
from tests.console.conftest import SLUG
from tests.console.helpers import Api, Socket
from tests.live.helpers import create, send

LIVE = f"/api/v1/events/{SLUG}/live"


async def log_entries(db: Database, event: Event) -> list[tuple[str, str]]:
    rows = await db.fetch_all(
        "SELECT action, summary FROM console_audit WHERE event_id = ? ORDER BY id", (event.id,)
    )
    return [(row["action"], row["summary"]) for row in rows]


async def revealed(client: Client, headers: dict[str, str], activity: int) -> bool:
    response = await client.get(f"{LIVE}/activities/{activity}", headers=headers)
    return bool(response.json()["activity"]["revealed"])


@pytest.mark.parametrize("via", ["live-api", "console-api", "console-socket", "page"])
async def test_one_reveal_through_each_path_writes_one_audit_row(
    client: Client, db: Database, event: Event, headers: dict[str, str], console: Any, via: str
) -> None:
    poll = await create(
        client,
        headers,
        SLUG,
        kind="choice",
        title="Fika?",
        hide_results=True,
        config={"options": ["Bulle", "Kaka"]},
    )
    before = await log_entries(db, event)
    if via == "live-api":
        response = await client.post(f"{LIVE}/activities/{poll}/reveal", headers=headers)
        assert response.status_code == 200, response.text
    elif via == "console-api":
        assert (await Api(client, headers)({"type": "reveal", "activity": poll})).ok
    elif via == "console-socket":
        with await console() as ws:
            assert (await Socket(ws)({"type": "reveal", "activity": poll})).ok
    else:
        token = await csrf_token(client, f"/manage/{SLUG}/live")
        response = await client.post(
            f"/manage/{SLUG}/live/{poll}/reveal",
            data={"_csrf_token": token},
            follow_redirects=False,
        )
        assert response.status_code in (302, 303), response.text
    after = await log_entries(db, event)
    assert after[len(before) :] == [("reveal", "Fika?")]
    assert await revealed(client, headers, poll)


async def test_every_live_api_moderator_action_is_in_the_log(
    client: Client, db: Database, event: Event, headers: dict[str, str], participant: Any
) -> None:
    async def logged(method: str, path: str, body: Any = None) -> list[str]:
        before = len(await log_entries(db, event))
        response = await client.request(method, f"{LIVE}{path}", json=body, headers=headers)
        assert response.status_code in (200, 201), response.text
        return [action for action, _ in (await log_entries(db, event))[before:]]

    assert await logged("POST", "/activities", {"kind": "qa", "title": "Frågor"}) == ["quick"]
    qa = (await client.get(f"{LIVE}/activities", headers=headers)).json()[-1]["id"]
    assert await logged("POST", f"/activities/{qa}/open") == ["open"]
    assert await logged("PUT", "/stage", {"activity_id": None}) == ["stage"]
    settings = {"qa_premoderation": True, "blocklist": ["Spam"]}
    assert await logged("PUT", "/settings", settings) == ["premoderation_on", "blocklist"]
    assert await logged("PUT", "/settings", settings) == []
    board = await create(client, headers, SLUG, kind="ideas", title="Idéer")
    await logged("POST", f"/activities/{board}/open")
    with await participant() as ws:
        question = send(ws, {"type": "question", "activity": qa, "text": "Varför?"})["id"]
        first = send(ws, {"type": "idea", "activity": board, "text": "Lärlingar"})["id"]
        second = send(ws, {"type": "idea", "activity": board, "text": "Fler lärlingar"})["id"]
    assert await logged("POST", f"/activities/{qa}/questions/{question}/approve") == [
        "question_approve"
    ]
    merge = {"source": second, "target": first}
    assert await logged("POST", f"/activities/{board}/ideas/merge", merge) == ["merge_ideas"]
    for name, action in [("close", "close"), ("reveal", "reveal"), ("hide", "hide_results")]:
        assert await logged("POST", f"/activities/{board}/{name}") == [action]
    assert await logged("POST", f"/activities/{board}/reset") == ["reset"]
    blocklist = (await client.get(f"{LIVE}/settings", headers=headers)).json()["blocklist"]
    assert blocklist == ["spam"]
