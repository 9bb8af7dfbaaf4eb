"""A quiz (a poll with correct answers): the reveal locks answering, so nobody can
switch to the right answer once it is shown."""

from __future__ import annotations

from typing import Any

from eventday.events.models import Event
from tests.conftest import Client
from tests.live.helpers import action, create, send, snapshot_where

SLUG = "kompetensdagen"


async def test_reveal_locks_answering_and_shows_the_correct_answer(
    client: Client, event: Event, headers: dict[str, str], participant: Any
) -> None:
    quiz = await create(
        client,
        headers,
        SLUG,
        kind="choice",
        title="Hur många?",
        hide_results=True,
        config={"options": ["100", "1000"], "correct": [1]},
    )
    await action(client, headers, SLUG, quiz, "open")
    with await participant() as wrong, await participant() as late:
        before = send(wrong, {"type": "vote", "activity": quiz, "choices": [0]})
        changed = send(wrong, {"type": "vote", "activity": quiz, "choices": [0]})
        await action(client, headers, SLUG, quiz, "reveal")
        shown = snapshot_where(wrong, quiz, lambda m: m["results"] is not None)
        switch = send(wrong, {"type": "vote", "activity": quiz, "choices": [1]})
        newcomer = send(late, {"type": "vote", "activity": quiz, "choices": [1]})
    detail = await client.get(f"/api/v1/events/{SLUG}/live/activities/{quiz}", headers=headers)
    assert (before["type"], changed["type"]) == ("ack", "ack")
    assert shown["activity"]["config"]["correct"] == [1]
    assert (switch["type"], switch["code"]) == ("error", "revealed")
    assert switch["message"] == "Rätt svar har visats, så svaren kan inte längre ändras."
    assert (newcomer["type"], newcomer["code"]) == ("error", "revealed")
    assert detail.json()["results"]["counts"] == [1, 0]


async def test_a_poll_without_a_correct_answer_stays_answerable_after_the_reveal(
    client: Client, event: Event, headers: dict[str, str], participant: Any
) -> None:
    poll = await create(
        client, headers, SLUG, kind="choice", title="Fika?", config={"options": ["Ja", "Nej"]}
    )
    await action(client, headers, SLUG, poll, "open")
    await action(client, headers, SLUG, poll, "reveal")
    with await participant() as ws:
        vote = send(ws, {"type": "vote", "activity": poll, "choices": [1]})
    assert vote["type"] == "ack"
