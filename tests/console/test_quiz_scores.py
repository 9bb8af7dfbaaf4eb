"""Scored quizzes (issue 16): points per right answer over the revealed questions of
one quiz (the scored questions of one agenda session), nicknames moderated by the
blocklist, a leaderboard on the stage with ties, and the scores as CSV and XLSX."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from eventday.events.models import Event
from eventday.live import quiz
from tests.conftest import Client
from tests.console.conftest import SLUG
from tests.console.test_console_actions import TRANSPORTS, quick, transport
from tests.live.helpers import send, until

LIVE = f"/api/v1/events/{SLUG}/live"
QUIZ = {"options": ["100", "1000"], "correct": [1], "points": 10}


def test_the_speed_bonus_falls_from_the_points_to_nothing_over_thirty_seconds() -> None:
    assert [quiz.speed_bonus(10, s) for s in (0, 15, 29, 30, 90, None)] == [10, 5, 0, 0, 0, 0]


def test_default_nicknames_are_animals_and_stay_the_same() -> None:
    names = {quiz.default_nickname(p) for p in range(1, 40)}
    assert quiz.default_nickname(7) == quiz.default_nickname(7)
    assert all(name.split(" ")[0] in quiz.ANIMALS for name in names)
    assert len(names) > 20


@pytest.mark.parametrize("via", TRANSPORTS)
async def test_scores_nicknames_and_the_leaderboard_with_ties(
    client: Client, event: Event, headers: dict[str, str], console: Any, participant: Any, via: str
) -> None:
    async with transport(via, client, headers, console) as do:
        await do({"type": "blocklist", "add": ["dumbom"], "remove": []})
        first = await quick(do, "choice", "Hur många?", **QUIZ)
        unscored = await quick(do, "choice", "Gissa", options=["A", "B"], correct=[0])
        with await participant() as one, await participant() as two, await participant() as three:
            named = send(one, {"type": "nickname", "activity": first, "text": "  Snabba   Kalle "})
            blocked = send(two, {"type": "nickname", "activity": first, "text": "Dumbom"})
            taken = send(two, {"type": "nickname", "activity": first, "text": "snabba kalle"})
            no_quiz = send(two, {"type": "nickname", "activity": unscored, "text": "Kalle"})
            for ws, choice in ((one, 1), (two, 1), (three, 0)):
                send(ws, {"type": "vote", "activity": first, "choices": [choice]})
            three.send_text(json.dumps({"type": "sync", "activity": first, "ref": "m"}))
            mine = until(three, lambda m: m["type"] == "mine")
            hidden_board = await do({"type": "leaderboard", "activity": first})
            before_reveal = until(one, lambda m: m["type"] == "stage" and m.get("leaderboard"))
            await do({"type": "reveal", "activity": first})
            second = await quick(do, "choice", "Och nu?", **QUIZ)
            for ws, choice in ((one, 1), (two, 0)):
                send(ws, {"type": "vote", "activity": second, "choices": [choice]})
            await do({"type": "reveal", "activity": second})
            shown = await do({"type": "leaderboard", "activity": second})
            board = until(
                three,
                lambda m: (
                    m["type"] == "stage" and (m.get("leaderboard") or {}).get("quiz") == second
                ),
            )["leaderboard"]
            await do({"type": "hide_results", "activity": first})  # the board follows
            followed = until(
                three,
                lambda m: m["type"] == "stage" and m.get("leaderboard", {}).get("players") == 2,
            )["leaderboard"]
            off = await do({"type": "undo", "entry": shown.audit})
            cleared = until(three, lambda m: m["type"] == "stage" and m.get("leaderboard") is None)
            refused = await do({"type": "leaderboard", "activity": unscored})
    assert named["type"] == "ack"
    assert (blocked["type"], blocked["code"]) == ("error", "invalid-input")
    assert blocked["message"] == "Välj ett annat smeknamn."
    assert (taken["type"], taken["code"]) == ("error", "nickname-taken")
    assert (no_quiz["type"], no_quiz["code"]) == ("error", "invalid-input")
    assert mine["nickname_chosen"] is False
    assert mine["nickname"].split(" ")[0] in quiz.ANIMALS
    assert hidden_board.ok
    assert before_reveal["leaderboard"]["top"] == []  # nothing revealed yet: no points
    three_name = mine["nickname"]
    assert board["players"] == 3
    assert [(p["rank"], p["points"]) for p in board["top"]] == [(1, 20), (2, 10), (3, 0)]
    assert board["top"][0]["nickname"] == "Snabba Kalle"
    assert board["top"][2]["nickname"] == three_name
    assert [(p["rank"], p["points"]) for p in followed["top"]] == [(1, 10), (2, 0)]
    assert off.ok
    assert "leaderboard" not in cleared
    assert (refused.ok, refused.code) == (False, "invalid-input")


async def test_equal_points_share_a_rank_and_the_scores_export(
    client: Client, event: Event, headers: dict[str, str], console: Any, participant: Any
) -> None:
    async with transport("api", client, headers, console) as do:
        question = await quick(do, "choice", "Hur många?", **QUIZ)
        with await participant() as one, await participant() as two, await participant() as three:
            send(one, {"type": "nickname", "activity": question, "text": "Örn"})
            send(two, {"type": "nickname", "activity": question, "text": "Ara"})
            for ws, choice in ((one, 1), (two, 1), (three, 0)):
                send(ws, {"type": "vote", "activity": question, "choices": [choice]})
        await do({"type": "reveal", "activity": question})
    path = f"{LIVE}/activities/{question}/scores"
    response = await client.get(f"{path}.csv", headers=headers)
    english = await client.get(f"{path}.csv?lang=en", headers=headers)
    xlsx = await client.get(f"{path}.xlsx", headers=headers)
    missing = await client.get(f"{LIVE}/activities/999999/scores.csv", headers=headers)
    assert response.status_code == 200, response.text
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Plats", "Smeknamn", "Poäng", "Rätta svar"]
    assert [r[:3] for r in rows[1:3]] == [["1", "Ara", "10"], ["1", "Örn", "10"]]
    assert rows[3][0] == "3"
    assert (
        english.content.decode("utf-8-sig").splitlines()[0] == "Place,Nickname,Points,Right answers"
    )
    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"
    assert missing.status_code == 404
