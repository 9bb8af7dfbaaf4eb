"""A client resends a submission after a reconnect with the same nonce: the server
acknowledges it again and counts it once."""

from __future__ import annotations

from typing import Any

from eventday.db import Database
from eventday.events.models import Event
from tests.conftest import Client
from tests.live.helpers import action, create, send, snapshot_where

SLUG = "kompetensdagen"
NONCE = "3f2b9c0e6a1d4e8f9b7c5a3d1e0f2a4b"


async def test_same_word_with_same_nonce_is_counted_once_and_acked_twice(
    client: Client, event: Event, headers: dict[str, str], participant: Any, db: Database
) -> None:
    cloud = await create(client, headers, SLUG, kind="wordcloud", title="Ord?")
    await action(client, headers, SLUG, cloud, "open")
    word = {"type": "word", "activity": cloud, "text": "Robotik", "nonce": NONCE}
    with await participant() as ws:
        first = send(ws, dict(word))
        again = send(ws, dict(word))
        final = snapshot_where(ws, cloud, lambda m: m["results"]["words"])
    assert (first["type"], again["type"]) == ("ack", "ack")
    assert first["id"] == again["id"]
    assert final["results"]["words"] == [{"key": "robotik", "text": "Robotik", "count": 1}]
    assert await db.fetch_value("SELECT COUNT(*) FROM live_words") == 1


async def test_resent_question_after_the_activity_closed_is_still_acknowledged(
    client: Client, event: Event, headers: dict[str, str], participant: Any, db: Database
) -> None:
    qa = await create(client, headers, SLUG, kind="qa", title="Frågor")
    await action(client, headers, SLUG, qa, "open")
    question = {"type": "question", "activity": qa, "text": "Hur gör vi?", "nonce": NONCE}
    with await participant() as ws:
        first = send(ws, dict(question))
        await action(client, headers, SLUG, qa, "close")
        again = send(ws, dict(question))
        new = send(ws, {**question, "nonce": "another-nonce-0001"})
    assert (first["type"], again["type"], again["id"]) == ("ack", "ack", first["id"])
    assert new["code"] == "not-open"
    assert await db.fetch_value("SELECT COUNT(*) FROM live_questions") == 1


async def test_same_idea_with_different_nonces_is_two_ideas(
    client: Client, event: Event, headers: dict[str, str], participant: Any, db: Database
) -> None:
    board = await create(client, headers, SLUG, kind="ideas", title="Idéer")
    await action(client, headers, SLUG, board, "open")
    idea = {"type": "idea", "activity": board, "text": "Fler lärlingar"}
    with await participant() as ws:
        first = send(ws, {**idea, "nonce": "idea-nonce-0001"})
        second = send(ws, {**idea, "nonce": "idea-nonce-0002"})
    assert first["id"] != second["id"]
    assert await db.fetch_value("SELECT COUNT(*) FROM live_ideas") == 2


async def test_nonce_of_the_wrong_shape_is_malformed(
    client: Client, event: Event, headers: dict[str, str], participant: Any, db: Database
) -> None:
    cloud = await create(client, headers, SLUG, kind="wordcloud", title="Ord?")
    await action(client, headers, SLUG, cloud, "open")
    with await participant() as ws:
        long = send(ws, {"type": "word", "activity": cloud, "text": "a", "nonce": "x" * 65})
        odd = send(ws, {"type": "word", "activity": cloud, "text": "b", "nonce": "<script>1</"})
        fine = send(ws, {"type": "word", "activity": cloud, "text": "c", "nonce": "n" * 64})
    assert (long["code"], odd["code"], fine["type"]) == ("malformed", "malformed", "ack")
    assert await db.fetch_value("SELECT COUNT(*) FROM live_words") == 1
