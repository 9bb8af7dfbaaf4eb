"""Two consoles on one event stay in step, and conflicting actions end in one state."""

from __future__ import annotations

from typing import Any

from eventday.events.models import Event
from tests.conftest import Client
from tests.console.helpers import Api, Socket
from tests.live.helpers import send


async def test_two_consoles_see_each_others_actions(
    client: Client, event: Event, headers: dict[str, str], console: Any, participant: Any
) -> None:
    api = Api(client, headers)
    cloud = (await api({"type": "quick", "kind": "wordcloud", "title": "Ord"})).result["id"]
    with await participant() as phone:
        send(phone, {"type": "word", "activity": cloud, "text": "Trams"})
        send(phone, {"type": "word", "activity": cloud, "text": "Robotik"})
    with await console() as ws_one, await console() as ws_two:
        one, two = Socket(ws_one), Socket(ws_two)
        two.until(lambda m: m["type"] == "console")
        hidden = await one({"type": "hide_word", "activity": cloud, "key": "trams"})
        seen = two.until(
            lambda m: (
                m["type"] == "snapshot"
                and [w["key"] for w in m["results"]["moderation"]["hidden"]] == ["tram"]
            )
        )
        logged = two.until(lambda m: m["type"] == "console" and m["version"] == hidden.audit)
        await two({"type": "announce", "text": "Paus"})
        announced = one.until(lambda m: m["type"] == "console" and m["announcements"])
    assert [w["key"] for w in seen["results"]["words"]] == ["robotik"]
    assert logged["audit"][0]["action"] == "hide_word"
    assert announced["announcements"][0]["text"] == "Paus"


async def test_two_consoles_resetting_together_give_one_new_round(
    client: Client, event: Event, headers: dict[str, str], console: Any
) -> None:
    api = Api(client, headers)
    quick = {"type": "quick", "kind": "choice", "title": "?", "config": {"options": ["A", "B"]}}
    poll = (await api(quick)).result
    with await console() as ws_one, await console() as ws_two:
        one, two = Socket(ws_one), Socket(ws_two)
        reset = {"type": "reset", "activity": poll["id"], "round": poll["round"]}
        first, second = await one(reset), await two(reset)
        rounds = [
            ws.until(lambda m: m["type"] == "console" and m["version"] == first.audit)
            for ws in (one, two)
        ]
    assert (first.ok, second.code) == (True, "round-moved")
    assert [r["groups"][0]["activities"][0]["round"] for r in rounds] == [2, 2]
