"""Details a room notices: the share who took part is answered / joined in this round
(never above 100 %), every moderation log entry has words in both languages, and
counts come in plural forms."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import datetime, timedelta
from typing import Any

import time_machine

from eventday.db import Database
from eventday.events.models import Event
from tests.conftest import Client
from tests.console.conftest import SLUG
from tests.console.helpers import Api
from tests.live.helpers import create, receive, send

STATS = f"/api/v1/events/{SLUG}/console/stats"
STRINGS = re.compile(r'<script type="application/json" id="page-strings">(.*?)</script>')


async def strings(client: Client, path: str, language: str) -> dict[str, Any]:
    page = await client.get(path, params={"lang": language})
    match = STRINGS.search(page.text)
    assert match, page.text[:200]
    value: dict[str, Any] = json.loads(match.group(1))
    return value


async def left(db: Database) -> None:
    """Wait until the server has ended every closed socket's presence interval."""
    for _ in range(200):
        if not await db.fetch_value(
            "SELECT COUNT(*) FROM presence_intervals WHERE ended_at IS NULL"
        ):
            return
        await asyncio.sleep(0.02)
    raise TimeoutError("a presence interval stayed open")


async def test_share_is_answered_of_joined_in_this_round_and_never_above_one(
    client: Client,
    db: Database,
    event: Event,
    headers: dict[str, str],
    participant: Any,
    now: datetime,
) -> None:
    with await participant() as early:
        receive(early)  # hello: its presence began; it leaves before the round began
    await left(db)
    with time_machine.travel(now + timedelta(minutes=10), tick=True):
        poll = await create(
            client, headers, SLUG, kind="choice", title="Fika?", config={"options": ["Ja", "Nej"]}
        )
        do = Api(client, headers)
        assert (await do({"type": "open", "activity": poll})).ok
        with await participant() as voter, await participant():
            send(voter, {"type": "vote", "activity": poll, "choices": [0]})
            both = (await client.get(STATS, headers=headers)).json()
        with await participant() as voter:
            send(voter, {"type": "vote", "activity": poll, "choices": [1]})
        # Two voted, one of them has gone: still two of three who joined this round.
        later = (await client.get(STATS, headers=headers)).json()
        await left(db)
    with time_machine.travel(now + timedelta(minutes=20), tick=True):
        # A new round while everyone has left: nobody joined it yet.
        assert (await do({"type": "reset", "activity": poll})).ok
        reset = (await client.get(STATS, headers=headers)).json()
    assert (both["answered"], both["joined"], both["share"]) == (1, 2, 0.5)
    assert (later["answered"], later["joined"], later["share"]) == (2, 3, 0.667)
    assert (reset["answered"], reset["joined"], reset["share"]) == (0, 0, None)


async def test_every_log_entry_has_words_in_both_languages(
    client: Client, event: Event, headers: dict[str, str], console: Any, participant: Any
) -> None:
    do = Api(client, headers)
    qa = (await do({"type": "quick", "kind": "qa", "title": "Frågor"})).result["id"]
    await do({"type": "premoderation", "on": True})
    with await participant() as ws:
        asked = send(ws, {"type": "question", "activity": qa, "text": "Varför?"})["id"]
    for action in ("approve", "answer", "pin", "unpin", "hide", "unhide"):
        assert (
            await do({"type": "question", "activity": qa, "question": asked, "action": action})
        ).ok
    pinned = await do({"type": "question", "activity": qa, "question": asked, "action": "pin"})
    assert (await do({"type": "undo", "entry": pinned.audit})).ok
    log = (await client.get(f"/api/v1/events/{SLUG}/console", headers=headers)).json()["audit"]
    swedish = await strings(client, f"/console/{SLUG}", "sv")
    english = await strings(client, f"/console/{SLUG}", "en")
    for entry in log:
        for words in (swedish, english):
            assert f"a_{entry['action']}" in words, entry
    undo = log[0]
    assert (undo["action"], undo["undid"], undo["summary"]) == ("undo", "question_pin", "Varför?")
    answered = next(e for e in log if e["action"] == "question_answer")
    assert answered["summary"] == "Varför?"
    assert swedish["a_question_answer"] == "Markerade frågan som besvarad"
    assert english["a_premoderation_on"] == "Turned question approval on"


async def test_counts_come_in_plural_forms_in_both_languages(
    client: Client, event: Event, headers: dict[str, str], console: Any
) -> None:
    phone_sv = await strings(client, f"/{event.join_code}", "sv")
    phone_en = await strings(client, f"/{event.join_code}", "en")
    console_sv = await strings(client, f"/console/{SLUG}", "sv")
    assert phone_sv["votes"] == {"one": "%(n)s röst", "other": "%(n)s röster"}
    assert phone_en["votes"] == {"one": "%(n)s vote", "other": "%(n)s votes"}
    assert phone_en["participants"] == {"one": "%(n)s participant", "other": "%(n)s participants"}
    assert phone_sv["words_left"]["one"] == "Du kan skicka %(n)s ord till."
    assert console_sv["points"] == {"one": "%(n)s poäng", "other": "%(n)s poäng"}
