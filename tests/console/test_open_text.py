"""Open-text answers (issue 16): up to 500 characters, optional pre-moderation, a wall
that phones see when results are shown, moderated by approve, hide, merge and the log's
undo, exported as CSV; over the live socket, the console API and the console socket."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from eventday.events.models import Event
from tests.conftest import Client
from tests.console.conftest import SLUG
from tests.console.test_console_actions import TRANSPORTS, quick, results, transport
from tests.live.helpers import send, snapshot_where, until

LIVE = f"/api/v1/events/{SLUG}/live"


def wall(data: dict[str, Any]) -> list[tuple[str, int]]:
    return [(a["text"], a["count"]) for a in data["results"]["answers"]]


@pytest.mark.parametrize("via", TRANSPORTS)
async def test_premoderated_wall_approve_hide_merge_and_undo(
    client: Client, event: Event, headers: dict[str, str], console: Any, participant: Any, via: str
) -> None:
    async with transport(via, client, headers, console) as do:
        board = await quick(do, "open_text", "Vad tar du med dig?", premoderation=True)
        with await participant() as one, await participant() as two:
            long = send(one, {"type": "open_text", "activity": board, "text": "x" * 501})
            first = send(one, {"type": "open_text", "activity": board, "text": "Validering"})["id"]
            dup = send(two, {"type": "open_text", "activity": board, "text": "validering!"})["id"]
            waiting = await results(client, headers, board)

            def moderate(answer: int, action: str) -> dict[str, Any]:
                return {"type": "open_text", "activity": board, "answer": answer, "action": action}

            approvals = [await do(moderate(first, "approve")), await do(moderate(dup, "approve"))]
            shown = snapshot_where(two, board, lambda m: len(m["results"]["answers"]) == 2)
            merge = await do(
                {"type": "merge_answers", "activity": board, "source": dup, "target": first}
            )
            merged = snapshot_where(two, board, lambda m: len(m["results"]["answers"]) == 1)
            hide = await do(moderate(first, "hide"))
            hidden = await results(client, headers, board)
            await do({"type": "undo", "entry": hide.audit})
            await do({"type": "undo", "entry": merge.audit})
            back = await results(client, headers, board)
    assert (long["type"], long["code"]) == ("error", "malformed")
    assert waiting["results"]["answers"] == []
    assert {a["status"] for a in waiting["results"]["moderation"]["answers"]} == {"pending"}
    assert all(r.ok for r in approvals)
    assert sorted(a["text"] for a in shown["results"]["answers"]) == ["Validering", "validering!"]
    assert "moderation" not in shown["results"]
    assert [(a["id"], a["count"]) for a in merged["results"]["answers"]] == [(first, 2)]
    assert wall(hidden) == []
    assert sorted(wall(back)) == [("Validering", 1), ("validering!", 1)]


async def test_limits_pending_on_the_phone_and_the_csv_export(
    client: Client, event: Event, headers: dict[str, str], console: Any, participant: Any
) -> None:
    async with transport("api", client, headers, console) as do:
        board = await quick(do, "open_text", "Ett ord om dagen", max_entries=1, premoderation=True)
        with await participant() as ws:
            sent = send(ws, {"type": "open_text", "activity": board, "text": "Lärorik, tack"})
            again = send(ws, {"type": "open_text", "activity": board, "text": "Och rolig"})
            ws.send_text(json.dumps({"type": "sync", "activity": board, "ref": "s"}))
            pending = until(ws, lambda m: m["type"] == "mine")
    assert sent["type"] == "ack"
    assert (again["type"], again["code"]) == ("error", "limit-reached")
    assert pending["pending"] == [{"id": sent["id"], "text": "Lärorik, tack"}]
    response = await client.get(f"{LIVE}/activities/{board}/results.csv", headers=headers)
    assert response.status_code == 200, response.text
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert rows[0] == ["Svar", "Status", "Ihopslagen med svar", "Samma svar", "Skickat"]
    assert rows[1][:2] == ["Lärorik, tack", "Väntar på godkännande"]
