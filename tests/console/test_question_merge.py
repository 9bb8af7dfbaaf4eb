"""Merging duplicate questions (issue 16): votes summed once per participant, the
duplicate's text kept as a variant under the question it joined, undone by the log or
by unmerging; over the console API, the console socket and the live API."""

from __future__ import annotations

from typing import Any

import pytest

from eventday.events.models import Event
from tests.conftest import Client
from tests.console.conftest import SLUG
from tests.console.test_console_actions import TRANSPORTS, quick, results, transport
from tests.live.helpers import send, snapshot_where

LIVE = f"/api/v1/events/{SLUG}/live"


def listed(data: dict[str, Any]) -> list[tuple[int, int, list[str]]]:
    return [(q["id"], q["votes"], q["variants"]) for q in data["results"]["questions"]]


@pytest.mark.parametrize("via", TRANSPORTS)
async def test_merging_a_duplicate_sums_votes_once_and_keeps_its_text(
    client: Client, event: Event, headers: dict[str, str], console: Any, participant: Any, via: str
) -> None:
    async with transport(via, client, headers, console) as do:
        qa = await quick(do, "qa", "Frågor")
        with await participant() as one, await participant() as two, await participant() as three:
            first = send(
                one, {"type": "question", "activity": qa, "text": "Hur får vi fler lärlingar?"}
            )["id"]
            dup = send(two, {"type": "question", "activity": qa, "text": "Fler lärlingar, hur?"})[
                "id"
            ]
            for ws in (one, two):
                send(ws, {"type": "upvote", "activity": qa, "item": first})
            for ws in (one, three):  # one voted for both: counted once after the merge
                send(ws, {"type": "upvote", "activity": qa, "item": dup})
            itself = await do(
                {"type": "merge_questions", "activity": qa, "source": dup, "target": dup}
            )
            merge = await do(
                {"type": "merge_questions", "activity": qa, "source": dup, "target": first}
            )
            merged = await results(client, headers, qa)
            phone = snapshot_where(three, qa, lambda m: len(m["results"]["questions"]) == 1)[
                "results"
            ]["questions"]
            undo = await do({"type": "undo", "entry": merge.audit})
            undone = await results(client, headers, qa)
            await do({"type": "merge_questions", "activity": qa, "source": dup, "target": first})
            unmerge = await do({"type": "unmerge_question", "activity": qa, "question": dup})
            unmerged = await results(client, headers, qa)
    assert (itself.ok, itself.code) == (False, "invalid-input")
    assert merge.ok
    assert listed(merged)[0] == (first, 3, ["Fler lärlingar, hur?"])
    assert {q["id"]: q["merged_into"] for q in merged["results"]["questions"]}[dup] == first
    assert (undo.ok, unmerge.ok) == (True, True)
    for after in (undone, unmerged):
        assert sorted(listed(after)) == [(first, 2, []), (dup, 2, [])]
    assert [(q["id"], q["votes"], q["variants"]) for q in phone] == [
        (first, 3, ["Fler lärlingar, hur?"])
    ]


async def test_the_live_api_merges_questions_through_the_log(
    client: Client, event: Event, headers: dict[str, str], participant: Any
) -> None:
    created = await client.post(
        f"{LIVE}/activities", json={"kind": "qa", "title": "Frågor"}, headers=headers
    )
    qa = created.json()["id"]
    await client.post(f"{LIVE}/activities/{qa}/open", headers=headers)
    with await participant() as ws:
        a = send(ws, {"type": "question", "activity": qa, "text": "Varför?"})["id"]
        b = send(ws, {"type": "question", "activity": qa, "text": "Varför då?"})["id"]
    path = f"{LIVE}/activities/{qa}/questions/merge"
    response = await client.post(path, json={"source": b, "target": a}, headers=headers)
    missing = await client.post(path, json={"source": b, "target": 999999}, headers=headers)
    assert response.status_code == 200, response.text
    assert [(q["id"], q["merged_into"], q["variants"]) for q in response.json()["questions"]] == [
        (a, None, ["Varför då?"]),
        (b, a, []),
    ]
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
