"""Every console action, over the API and over the console socket."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest

from eventday.db import Database
from eventday.events.models import Event
from tests.conftest import Client
from tests.console.conftest import SLUG
from tests.console.helpers import Api, Reply, Socket
from tests.live.helpers import send, until

Do = Callable[[dict[str, Any]], Any]
TRANSPORTS = ["api", "socket"]


@asynccontextmanager
async def transport(
    name: str, client: Client, headers: dict[str, str], console: Any
) -> AsyncIterator[Do]:
    if name == "api":
        yield Api(client, headers)
        return
    with await console() as ws:
        yield Socket(ws)


async def results(client: Client, headers: dict[str, str], activity: int) -> dict[str, Any]:
    response = await client.get(
        f"/api/v1/events/{SLUG}/live/activities/{activity}", headers=headers
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def quick(do: Do, kind: str, title: str, **config: Any) -> int:
    reply: Reply = await do({"type": "quick", "kind": kind, "title": title, "config": config})
    assert reply.ok, reply.code
    return int(reply.result["id"])


def counts(data: dict[str, Any]) -> dict[str, int]:
    return {w["key"]: w["count"] for w in data["results"]["words"]}


@pytest.mark.parametrize("via", TRANSPORTS)
async def test_run_of_show_actions_change_state_and_conflicts_resolve(
    client: Client, event: Event, headers: dict[str, str], console: Any, via: str
) -> None:
    async with transport(via, client, headers, console) as do:
        poll = await quick(do, "choice", "Ja eller nej?", options=["Ja", "Nej"])
        opened = await results(client, headers, poll)
        stage = (await client.get(f"/api/v1/events/{SLUG}/live/settings", headers=headers)).json()
        closed = await do({"type": "close", "activity": poll})
        revealed = await do({"type": "reveal", "activity": poll})
        hidden = await do({"type": "hide_results", "activity": poll})
        reset = await do({"type": "reset", "activity": poll, "round": 1})
        reset_again = await do({"type": "reset", "activity": poll, "round": 1})
        off = await do({"type": "stage", "activity": None})
        copy = await do({"type": "duplicate", "activity": poll})
        edited = await do(
            {
                "type": "edit",
                "activity": copy.result["id"],
                "title": "Ja, nej eller kanske?",
                "config": {"options": ["Ja", "Nej", "Kanske"]},
            }
        )
        not_draft = await do({"type": "edit", "activity": poll, "title": "Nytt"})
        reopened = await do({"type": "open", "activity": poll})
        on = await do({"type": "stage", "activity": poll})
    assert (opened["activity"]["state"], stage["activity_id"]) == ("open", poll)
    assert (closed.result["state"], revealed.result["revealed"]) == ("closed", True)
    assert hidden.result["revealed"] is False
    assert (reset.result["round"], reset_again.code) == (2, "round-moved")
    assert off.result is None
    assert on.result == poll
    assert (copy.result["state"], copy.result["position"]) == (
        "draft",
        opened["activity"]["position"] + 1,
    )
    assert edited.result["config"]["options"] == ["Ja", "Nej", "Kanske"]
    assert edited.result["title"] == "Ja, nej eller kanske?"
    assert not_draft.code == "not-draft"
    assert reopened.result["state"] == "open"


@pytest.mark.parametrize("via", TRANSPORTS)
async def test_word_moderation_hides_merges_blocks_mutes_and_undoes(
    client: Client, event: Event, headers: dict[str, str], console: Any, participant: Any, via: str
) -> None:
    async with transport(via, client, headers, console) as do:
        cloud = await quick(do, "wordcloud", "Kompetenser?")
        with await participant() as one, await participant() as two:
            for ws, text in ((one, "AI"), (two, "A.I."), (one, "Trams"), (two, "Robotik")):
                assert send(ws, {"type": "word", "activity": cloud, "text": text})["type"] == "ack"
        before = counts(await results(client, headers, cloud))
        hide = await do({"type": "hide_word", "activity": cloud, "key": "trams"})
        after_hide = await results(client, headers, cloud)
        undo = await do({"type": "undo", "entry": hide.audit})
        undo_again = await do({"type": "undo", "entry": hide.audit})
        after_undo = counts(await results(client, headers, cloud))
        await do({"type": "merge_words", "activity": cloud, "sources": ["a.i."], "target": "AI"})
        merged = counts(await results(client, headers, cloud))
        await do({"type": "unmerge_words", "activity": cloud, "sources": ["a.i."]})
        unmerged = counts(await results(client, headers, cloud))
        await do({"type": "blocklist", "add": ["Robotik"]})
        blocked = counts(await results(client, headers, cloud))
        await do({"type": "blocklist", "remove": ["robotik"]})
        recent = (await results(client, headers, cloud))["results"]["moderation"]["recent"]
        trams = next(r["id"] for r in recent if r["text"] == "Trams")
        mute = await do({"type": "mute", "activity": cloud, "item": trams})
        muted = counts(await results(client, headers, cloud))
        await do({"type": "unmute", "activity": cloud, "item": trams})
        unmuted = counts(await results(client, headers, cloud))
    # keys are the forms' Swedish stems ("trams" -> "tram"); a form hides its key
    assert before == {"ai": 1, "a.i": 1, "tram": 1, "robotik": 1}
    assert "tram" not in counts(after_hide)
    assert after_hide["results"]["moderation"]["hidden"] == [
        {"key": "tram", "text": "Trams", "count": 1}
    ]
    assert (undo.ok, undo_again.code, after_undo) == (True, "already-undone", before)
    assert merged == {"ai": 2, "tram": 1, "robotik": 1}
    assert unmerged == before
    assert "robotik" not in blocked
    assert (mute.ok, muted) == (True, {"a.i": 1, "robotik": 1})
    assert unmuted == before


@pytest.mark.parametrize("via", TRANSPORTS)
async def test_idea_moderation_hides_edits_merges_and_unmerges(
    client: Client, event: Event, headers: dict[str, str], console: Any, participant: Any, via: str
) -> None:
    async with transport(via, client, headers, console) as do:
        board = await quick(do, "ideas", "Idéer")
        with await participant() as one, await participant() as two:
            first = send(one, {"type": "idea", "activity": board, "text": "Lärlingar"})["id"]
            dup = send(two, {"type": "idea", "activity": board, "text": "Fler lärlnigar"})["id"]
            for ws in (one, two):
                send(ws, {"type": "upvote", "activity": board, "item": first})
            send(one, {"type": "upvote", "activity": board, "item": dup})
        edit = await do(
            {"type": "edit_idea", "activity": board, "idea": dup, "text": "Fler lärlingar"}
        )
        edited = (await results(client, headers, board))["results"]["ideas"]
        await do({"type": "hide_idea", "activity": board, "idea": dup})
        hidden = (await results(client, headers, board))["results"]["ideas"]
        await do({"type": "unhide_idea", "activity": board, "idea": dup})
        merge = await do({"type": "merge_ideas", "activity": board, "source": dup, "target": first})
        merged = (await results(client, headers, board))["results"]["ideas"]
        await do({"type": "undo", "entry": merge.audit})
        unmerged = (await results(client, headers, board))["results"]["ideas"]
        await do({"type": "undo", "entry": edit.audit})
        restored = (await results(client, headers, board))["results"]["ideas"]
        muted = await do({"type": "mute", "activity": board, "item": dup})
        after_mute = (await results(client, headers, board))["results"]["ideas"]
    assert {i["text"] for i in edited} == {"Lärlingar", "Fler lärlingar"}
    assert [i["id"] for i in hidden] == [first]
    assert merged == [{"id": first, "text": "Lärlingar", "votes": 2}]
    assert {(i["id"], i["votes"]) for i in unmerged} == {(first, 2), (dup, 1)}
    assert {i["text"] for i in restored} == {"Lärlingar", "Fler lärlnigar"}
    assert (muted.ok, [i["id"] for i in after_mute]) == (True, [first])


@pytest.mark.parametrize("via", TRANSPORTS)
async def test_question_moderation_with_premoderation_queue(
    client: Client, event: Event, headers: dict[str, str], console: Any, participant: Any, via: str
) -> None:
    async with transport(via, client, headers, console) as do:
        await do({"type": "premoderation", "on": True})
        qa = await quick(do, "qa", "Frågor")
        with await participant() as ws:
            asked = send(ws, {"type": "question", "activity": qa, "text": "Varför?"})["id"]
            spam = send(ws, {"type": "question", "activity": qa, "text": "Köp nu"})["id"]
        queue = (await results(client, headers, qa))["results"]["questions"]

        def q(action: str, question: int = asked) -> dict[str, Any]:
            return {"type": "question", "activity": qa, "question": question, "action": action}

        replies = [await do(q("approve")), await do(q("reject", spam)), await do(q("pin"))]
        pinned = (await results(client, headers, qa))["results"]["questions"]
        replies += [await do(q("answer")), await do(q("hide"))]
        hidden = (await results(client, headers, qa))["results"]["questions"]
        replies.append(await do(q("unhide")))
        final = (await results(client, headers, qa))["results"]["questions"]
    assert {x["status"] for x in queue} == {"pending"}
    assert all(r.ok for r in replies)
    assert {(x["id"], x["status"], x["pinned"]) for x in pinned} == {
        (asked, "visible", True),
        (spam, "hidden", False),
    }
    assert {x["id"]: x["status"] for x in hidden}[asked] == "hidden"
    assert {x["id"]: (x["status"], x["answered"]) for x in final}[asked] == ("visible", True)


@pytest.mark.parametrize("via", TRANSPORTS)
async def test_announcement_reaches_phones_and_is_withdrawn(
    client: Client, event: Event, headers: dict[str, str], console: Any, participant: Any, via: str
) -> None:
    async with transport(via, client, headers, console) as do:
        with await participant() as phone:
            until(phone, lambda m: m["type"] == "stage")
            sent = await do({"type": "announce", "text": "Kaffe i foajén", "projector": True})
            shown = until(phone, lambda m: m["type"] == "announcement")
            withdrawn = await do({"type": "withdraw", "announcement": sent.result})
            gone = until(phone, lambda m: m["type"] == "announcement" and not m["active"])
        with await participant() as late:
            hello = until(late, lambda m: m["type"] == "stage")
        state = (await client.get(f"/api/v1/events/{SLUG}/console", headers=headers)).json()
    assert (shown["text"], shown["projector"], shown["active"]) == ("Kaffe i foajén", True, True)
    assert (withdrawn.ok, gone["id"]) == (True, sent.result)
    assert hello["type"] == "stage"
    assert [a["active"] for a in state["announcements"]] == [False]
    assert [e["action"] for e in state["audit"]][:2] == ["withdraw", "announce"]


@pytest.mark.parametrize("via", TRANSPORTS)
async def test_bad_actions_get_clear_errors(
    client: Client, event: Event, headers: dict[str, str], console: Any, via: str
) -> None:
    async with transport(via, client, headers, console) as do:
        missing = await do({"type": "open", "activity": 999})
        unknown = await do({"type": "launch", "activity": 1})
        empty = await do({"type": "announce", "text": ""})
        no_undo = await do({"type": "undo", "entry": 999})
    assert (missing.code, no_undo.code) == ("not-found", "not-found")
    assert unknown.code in ("malformed", "invalid-input", "http")
    assert empty.code in ("malformed", "invalid-input", "http")


async def test_console_socket_greets_with_state_stage_snapshots_and_numbers(
    client: Client, db: Database, event: Event, headers: dict[str, str], console: Any
) -> None:
    api = Api(client, headers)
    cloud = await quick(api, "wordcloud", "Ord")
    with await console() as ws:
        state = until(ws, lambda m: m["type"] == "console")
        snapshot = until(ws, lambda m: m["type"] == "snapshot")
        stats = until(ws, lambda m: m["type"] == "stats")
    assert state["stage"] == cloud
    assert [a["id"] for g in state["groups"] for a in g["activities"]] == [cloud]
    assert snapshot["activity"]["id"] == cloud
    assert set(stats) == {"type", "connected", "activity", "answered", "share", "per_minute"}


async def test_variants_of_a_word_count_together_until_a_moderator_splits_one_off(
    client: Client, event: Event, headers: dict[str, str], participant: Any
) -> None:
    do = Api(client, headers)
    cloud = await quick(do, "wordcloud", "Kompetenser?", max_entries=5)
    sent = [
        ["programmering", "Hållbarhet", "digitalisering och AI"],
        ["Programmering.", "hållbarheten", "Digitalisering AI"],
        ["programmeringen", "Kompetensförsörjning"],
        ["programmering"],
    ]
    with (
        await participant() as a,
        await participant() as b,
        await participant() as c,
        await participant() as d,
    ):
        for ws, texts in zip((a, b, c, d), sent, strict=True):
            for text in texts:
                assert send(ws, {"type": "word", "activity": cloud, "text": text})["type"] == "ack"
    grouped = await results(client, headers, cloud)
    assert {w["text"]: w["count"] for w in grouped["results"]["words"]} == {
        "programmering": 4,  # shown in the most common spelling
        "Hållbarhet": 2,  # ties: the first spelling in order
        "Digitalisering AI": 2,  # stop words do not split a phrase's group
        "Kompetensförsörjning": 1,  # a compound stays whole
    }
    groups = grouped["results"]["moderation"]["groups"]
    assert {"key": "hållbar", "forms": ["hållbarhet", "hållbarheten"]} in groups
    split = await do({"type": "split_word", "activity": cloud, "form": "hållbarheten"})
    after_split = await results(client, headers, cloud)
    merged = await do(
        {"type": "merge_words", "activity": cloud, "sources": ["programmering"], "target": "AI"}
    )
    after_merge = counts(await results(client, headers, cloud))
    undone = await do({"type": "undo", "entry": split.audit})
    after_undo = counts(await results(client, headers, cloud))
    assert split.ok
    assert merged.ok
    assert undone.ok
    assert counts(after_split)["hållbar"] == 1
    assert counts(after_split)["hållbarheten"] == 1
    assert after_split["results"]["moderation"]["splits"] == ["hållbarheten"]
    assert after_merge["ai"] == 4  # the whole group follows its key
    assert "programmering" not in after_merge
    assert after_undo["hållbar"] == 2
