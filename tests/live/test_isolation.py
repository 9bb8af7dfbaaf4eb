"""One participant's hostile input never hurts another (issue 14, item 1).

Two levels. The batch writer: whatever one queued submission does inside the shared
transaction (refused, a value SQLite cannot bind, anything), the others in the same
batch commit and are acknowledged. The socket: random and boundary frames from one
participant, while others submit, close no socket and lose no honest submission.
"""

from __future__ import annotations

import asyncio
import string
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import msgspec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventday.clock import utcnow
from eventday.db import Database
from eventday.db.migrations import migrate
from eventday.events import service as events
from eventday.events.models import Event, EventIn
from eventday.live import activities
from eventday.live import participants as live
from eventday.live.models import (
    ActivityConfig,
    ActivityIn,
    ActivityKind,
    ActivityState,
    Rate,
    Submission,
    SubmitWord,
    Upvote,
    Vote,
)
from eventday.live.setup import Live
from eventday.settings import Settings
from tests.conftest import Client
from tests.live.helpers import join_token, receive

HONEST = 12
# Integers around every edge the server has: ids, indexes, SQLite's int64 and beyond.
EDGES = [0, 1, -1, 49, 50, 2**31, 2**53, 2**63 - 1, 2**63, -(2**63) - 1, 2**64, 10**30]
integers = st.one_of(st.sampled_from(EDGES), st.integers())
texts = st.text(max_size=60)


async def _scenario(directory: Path, hostile: list[Submission]) -> None:
    settings_ = Settings(database=str(directory / "live.db"), live_tick_seconds=3600)
    db = Database(settings_.database)
    await db.connect()
    await migrate(db)
    starts = utcnow() + timedelta(days=1)
    event = await events.create_event(
        db, EventIn(name="Dagen", starts_at=starts, ends_at=starts + timedelta(hours=8))
    )
    async with db.transaction() as tx:
        cloud = await activities.create_activity(
            tx,
            event,
            ActivityIn(
                kind=ActivityKind.WORDCLOUD, title="Ord", config=ActivityConfig(max_entries=10)
            ),
        )
        await activities.set_state(tx, cloud, ActivityState.OPEN)
    hub = Live(settings_, db, b"secret").hub
    await hub.start()
    try:
        attacker = await live.join(db, event)
        honest = [await live.join(db, event) for _ in range(HONEST)]
        words = [f"ord{n}" for n in range(HONEST)]
        # Everything is queued before the writer runs, so it shares one batch.
        calls = [
            hub.submit(event.id, participant, SubmitWord(activity=cloud.id, text=word))
            for participant, word in zip(honest, words, strict=True)
        ]
        for n, message in enumerate(hostile):
            calls.insert(n * 2 % (len(calls) + 1), hub.submit(event.id, attacker, message))
        outcomes = await asyncio.gather(*calls, return_exceptions=True)
        acked = [o for o in outcomes if isinstance(o, tuple)]
        rows = await db.fetch_all(
            "SELECT w.participant_id, w.text FROM live_words w WHERE w.activity_id = ?",
            (cloud.id,),
        )
    finally:
        await hub.stop()
        await db.close()
    committed = {(row[0], row[1]) for row in rows}
    assert set(zip(honest, words, strict=True)) <= committed
    assert len(acked) >= HONEST


# Structs built directly skip validation: this is what a bug upstream of the writer
# (or a check forgotten) would hand it.
unchecked = st.one_of(
    st.builds(SubmitWord, activity=integers, text=texts),
    st.builds(Vote, activity=integers, choices=st.lists(integers, max_size=3)),
    st.builds(Rate, activity=integers, value=integers),
    st.builds(Upvote, activity=integers, item=integers),
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile=st.lists(unchecked, min_size=1, max_size=6))
def test_a_failing_submission_spoils_nothing_else_in_its_batch(hostile: list[Submission]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        asyncio.run(_scenario(Path(directory), hostile))


def test_a_value_sqlite_cannot_bind_fails_alone() -> None:
    """The issue's example: an activity id of 2**63 raised inside the shared batch."""
    with tempfile.TemporaryDirectory() as directory:
        asyncio.run(_scenario(Path(directory), [SubmitWord(activity=2**63, text="x")] * 3))


# --- over the socket ------------------------------------------------------------------

KINDS = ["vote", "rate", "rank", "word", "idea", "question", "upvote", "sync", "ping", "x"]
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), integers, st.floats(allow_nan=False), texts),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(texts, inner, max_size=3)),
    max_leaves=6,
)
frames = st.one_of(
    st.fixed_dictionaries(
        {"type": st.sampled_from(KINDS), "activity": integers},
        optional={
            "choices": st.lists(integers, max_size=3),
            "order": st.lists(integers, max_size=3),
            "value": integers,
            "item": integers,
            "text": texts,
            "ref": texts,
            "nonce": st.text(alphabet=string.ascii_letters, min_size=8, max_size=10),
        },
    ).map(lambda frame: msgspec.json.encode(frame).decode()),
    json_values.map(lambda value: msgspec.json.encode(value).decode()),
    st.text(max_size=80),
)


async def test_hostile_frames_close_no_socket_and_lose_no_honest_answer(
    client: Client, event: Event, db: Database
) -> None:
    async with db.transaction() as tx:
        board = await activities.create_activity(
            tx, event, ActivityIn(kind=ActivityKind.IDEAS, title="Idéer")
        )
        await activities.set_state(tx, board, ActivityState.OPEN)
    code = event.join_code
    attacker = await client.websocket_connect(f"/{code}/ws?token={await join_token(client, code)}")
    honest = [
        await client.websocket_connect(f"/{code}/ws?token={await join_token(client, code)}")
        for _ in range(3)
    ]
    sent: list[str] = []
    with attacker as bad, honest[0] as a, honest[1] as b, honest[2] as c:
        sockets = [a, b, c]

        @settings(max_examples=40, deadline=None, database=None)
        @given(batch=st.lists(frames, min_size=1, max_size=4))
        def hostile_round(batch: list[str]) -> None:
            for frame in batch:
                bad.send_text(frame)
            for ws in sockets:
                word = f"w{len(sent)}"
                sent.append(word)
                ws.send_text(
                    msgspec.json.encode(
                        {"type": "idea", "activity": board.id, "text": word, "ref": word}
                    ).decode()
                )
            time.sleep(0.25)  # honest pace: within 5 submissions a second

        hostile_round()
        acked = set()
        for ws in sockets:
            ws.send_text('{"type":"ping","ref":"end"}')
            while True:
                message = receive(ws)  # raises ConnectionError if the socket closed
                if message["type"] == "ack":
                    acked.add(message["ref"])

                if message.get("ref") == "end":
                    break
        bad.send_text('{"type":"ping","ref":"end"}')
        while (message := receive(bad)).get("ref") != "end":
            assert message["type"] != "error" or message["code"] != "server-error", message
    rows = await db.fetch_all("SELECT text FROM live_ideas WHERE activity_id = ?", (board.id,))
    assert acked == set(sent)
    assert set(sent) <= {row[0] for row in rows}


async def test_a_sync_beyond_sqlite_integers_is_malformed_and_the_socket_stays(
    client: Client, event: Event
) -> None:
    code = event.join_code
    session = await client.websocket_connect(f"/{code}/ws?token={await join_token(client, code)}")
    with session as ws:
        ws.send_text(msgspec.json.encode({"type": "sync", "activity": 2**63, "ref": "s"}).decode())
        while (error := receive(ws)).get("ref") != "s":
            pass
        ws.send_text('{"type":"ping","ref":"p"}')
        while (pong := receive(ws)).get("ref") != "p":
            pass
    assert (error["type"], error["code"], pong["type"]) == ("error", "malformed", "pong")
