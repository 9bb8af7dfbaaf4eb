"""The activity editor's actions (create, edit, move, duplicate, delete, copy from
another event) over the console socket and the API: one audited way in for each."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import msgspec
import pytest

from eventday.accounts.models import EventRole, Role
from eventday.db import Database
from eventday.events import service as events
from eventday.events.models import Event, EventIn
from tests.conftest import AccountMaker, Client, grant
from tests.console.conftest import SLUG
from tests.console.helpers import Reply, Socket
from tests.console.test_console_actions import TRANSPORTS, transport
from tests.live.helpers import api_token

LIVE = f"/api/v1/events/{SLUG}/live"

EVERY_KIND: list[dict[str, Any]] = [
    {
        "kind": "choice",
        "title": "Vilken region?",
        "title_en": "Which region?",
        "hide_results": True,
        "config": {
            "options": ["Norr", "Syd", "Väst"],
            "options_en": ["North", "South", "West"],
            "multiple": True,
        },
    },
    {
        "kind": "choice",
        "title": "Vilket år grundades föreningen?",
        "config": {"options": ["1921", "1952"], "correct": [1]},
    },
    {
        "kind": "scale",
        "title": "Hur nöjd är du?",
        "config": {
            "scale_min": 0,
            "scale_max": 10,
            "min_label": "Inte alls",
            "max_label": "Mycket",
            "min_label_en": "Not at all",
            "max_label_en": "Very",
        },
    },
    {"kind": "ranking", "title": "Rangordna", "config": {"options": ["A", "B", "C"]}},
    {"kind": "wordcloud", "title": "Ett ord", "config": {"max_entries": 5}},
    {"kind": "ideas", "title": "Idéer"},
    {"kind": "qa", "title": "Frågor"},
]


async def draft(do: Any, **fields: Any) -> dict[str, Any]:
    reply: Reply = await do({"type": "quick", "open": False, **fields})
    assert reply.ok, reply.code
    result: dict[str, Any] = reply.result
    return result


async def titles(client: Client, headers: dict[str, str]) -> list[str]:
    response = await client.get(f"{LIVE}/activities", headers=headers)
    return [a["title"] for a in response.json()]


async def audit_actions(client: Client, headers: dict[str, str]) -> list[str]:
    state = (await client.get(f"/api/v1/events/{SLUG}/console", headers=headers)).json()
    return [entry["action"] for entry in state["audit"]]


@pytest.mark.parametrize("via", TRANSPORTS)
async def test_drafts_of_every_kind_keep_every_option_and_edit_move_duplicate_delete(
    client: Client, event: Event, headers: dict[str, str], console: Any, via: str
) -> None:
    async with transport(via, client, headers, console) as do:
        made = [await draft(do, **fields) for fields in EVERY_KIND]
        for fields, activity in zip(EVERY_KIND, made, strict=True):
            assert activity["state"] == "draft"
            assert activity["kind"] == fields["kind"]
            assert activity["title_en"] == fields.get("title_en", "")
            assert activity["hide_results"] == fields.get("hide_results", False)
            for name, value in fields.get("config", {}).items():
                assert activity["config"][name] == value

        poll, quiz, scale, ranking, cloud, ideas, qa = (a["id"] for a in made)
        edited = await do(
            {
                "type": "edit",
                "activity": quiz,
                "title": "Vilket år?",
                "title_en": "Which year?",
                "config": {"options": ["1921", "1952", "1977"], "correct": [2]},
            }
        )
        assert edited.ok, edited.code
        assert edited.result["config"]["correct"] == [2]
        assert edited.result["config"]["options"] == ["1921", "1952", "1977"]

        assert (await do({"type": "move", "activity": qa, "before": poll})).ok
        assert (await do({"type": "move", "activity": poll, "after": ranking})).ok
        order = ["Frågor", "Vilket år?", "Hur nöjd är du?", "Rangordna", "Vilken region?"]
        assert (await titles(client, headers))[:5] == order

        undo_of_move = (await audit_actions(client, headers)).index("move")
        state = (await client.get(f"/api/v1/events/{SLUG}/console", headers=headers)).json()
        entry = state["audit"][undo_of_move]
        assert entry["undoable"]
        assert (await do({"type": "undo", "entry": entry["id"]})).ok
        assert (await titles(client, headers))[:3] == ["Frågor", "Vilken region?", "Vilket år?"]

        copy = await do({"type": "duplicate", "activity": scale})
        assert copy.ok
        assert copy.result["config"]["max_label_en"] == "Very"
        assert (await do({"type": "delete", "activity": copy.result["id"]})).ok
        assert (await titles(client, headers)).count("Hur nöjd är du?") == 1

        assert (await do({"type": "open", "activity": cloud})).ok
        refused = await do({"type": "delete", "activity": cloud})
        assert not refused.ok
        assert refused.code == "not-draft"
        assert "Ett ord" in await titles(client, headers)
        bad = await do({"type": "move", "activity": ideas, "before": None})
        assert not bad.ok
        assert bad.code == "invalid-input"

    actions = await audit_actions(client, headers)
    assert actions.count("quick") == len(EVERY_KIND)
    assert actions.count("move") == 2
    assert actions.count("delete") == 1


async def test_a_draft_on_the_projector_is_taken_off_when_deleted(
    client: Client, event: Event, headers: dict[str, str], console: Any
) -> None:
    with await console() as ws:
        do = Socket(ws)
        activity = await draft(do, kind="qa", title="Frågor")
        assert (await do({"type": "stage", "activity": activity["id"]})).ok
        assert (await do({"type": "delete", "activity": activity["id"]})).ok
        stage = do.until(lambda m: m["type"] == "stage" and m["activity"] is None)
        assert stage["activity"] is None
    settings = (await client.get(f"{LIVE}/settings", headers=headers)).json()
    assert settings["activity_id"] is None


async def test_socket_errors_name_the_field_that_needs_attention(
    client: Client, event: Event, headers: dict[str, str], console: Any
) -> None:
    with await console() as ws:
        message = {"type": "quick", "open": False, "kind": "choice", "title": "Bara ett"}
        ws.send_text(msgspec.json.encode({**message, "ref": "e1", "config": {}}).decode())
        reply = Socket(ws).until(lambda m: m.get("ref") == "e1")
        assert reply["type"] == "error"
        assert reply["code"] == "invalid-input"
        assert set(reply["fields"]) == {"config.options"}
        assert reply["fields"]["config.options"] == reply["detail"]
        scale = {"kind": "scale", "title": "Skala", "config": {"scale_min": 1, "scale_max": 2}}
        ws.send_text(msgspec.json.encode({**message, **scale, "ref": "e2"}).decode())
        assert "fields" not in Socket(ws).until(lambda m: m.get("ref") == "e2")
    assert await titles(client, headers) == ["Skala"]


async def _session(client: Client, event: Event, headers: dict[str, str], title: str) -> int:
    starts = event.starts_at
    body = {
        "title": title,
        "starts_at": starts.replace(tzinfo=None).isoformat(),
        "ends_at": (starts + timedelta(hours=1)).replace(tzinfo=None).isoformat(),
    }
    response = await client.post(
        f"/api/v1/events/{event.slug}/sessions", json=body, headers=headers
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


async def test_the_api_edits_moves_deletes_and_copies_drafts_with_documented_errors(
    client: Client, db: Database, event: Event, headers: dict[str, str]
) -> None:
    other = await events.create_event(
        db, EventIn(name="Förra året", starts_at=event.starts_at, ends_at=event.ends_at)
    )
    foreign_session = await _session(client, other, headers, "Annan dag")
    session = await _session(client, event, headers, "Inledning")
    base = f"/api/v1/events/{other.slug}/live/activities"
    for fields in EVERY_KIND[:3]:
        response = await client.post(
            base, json={**fields, "session_id": foreign_session}, headers=headers
        )
        assert response.status_code == 201, response.text

    create = {"kind": "qa", "title": "Frågor", "session_id": foreign_session}
    wrong = await client.post(f"{LIVE}/activities", json=create, headers=headers)
    assert wrong.status_code == 422
    assert list(wrong.json()["errors"]) == ["session_id"]

    response = await client.post(
        f"{LIVE}/activities", json={**create, "session_id": session}, headers=headers
    )
    qa = response.json()
    copied = await client.post(
        f"{LIVE}/activities/copy", json={"source": other.slug}, headers=headers
    )
    assert copied.status_code == 201, copied.text
    copies = copied.json()
    assert [c["title"] for c in copies] == [f["title"] for f in EVERY_KIND[:3]]
    assert all(c["session_id"] is None and c["state"] == "draft" for c in copies)
    assert copies[0]["config"]["options_en"] == ["North", "South", "West"]
    assert copies[1]["config"]["correct"] == [1]

    edit = {"kind": "qa", "title": "Era frågor", "session_id": session, "hide_results": True}
    edited = await client.put(f"{LIVE}/activities/{qa['id']}", json=edit, headers=headers)
    assert edited.status_code == 200, edited.text
    assert edited.json()["title"] == "Era frågor"
    assert edited.json()["hide_results"]
    kind = await client.put(
        f"{LIVE}/activities/{qa['id']}", json={**edit, "kind": "ideas"}, headers=headers
    )
    assert kind.status_code == 422
    assert list(kind.json()["errors"]) == ["kind"]

    moved = await client.post(
        f"{LIVE}/activities/{copies[2]['id']}/move",
        json={"before": copies[0]["id"]},
        headers=headers,
    )
    assert moved.status_code == 200, moved.text
    order = [a["title"] for a in moved.json() if a["session_id"] is None]
    assert order == ["Hur nöjd är du?", "Vilken region?", "Vilket år grundades föreningen?"]
    across = await client.post(
        f"{LIVE}/activities/{qa['id']}/move", json={"after": copies[0]["id"]}, headers=headers
    )
    assert across.status_code == 422

    duplicate = await client.post(f"{LIVE}/activities/{qa['id']}/duplicate", headers=headers)
    assert duplicate.status_code == 200
    assert duplicate.json()["title"] == "Era frågor"
    deleted = await client.delete(f"{LIVE}/activities/{duplicate.json()['id']}", headers=headers)
    assert deleted.status_code == 204
    gone = await client.delete(f"{LIVE}/activities/{duplicate.json()['id']}", headers=headers)
    assert gone.status_code == 404

    await client.post(f"{LIVE}/activities/{qa['id']}/open", headers=headers)
    for response in (
        await client.delete(f"{LIVE}/activities/{qa['id']}", headers=headers),
        await client.put(f"{LIVE}/activities/{qa['id']}", json=edit, headers=headers),
    ):
        assert response.status_code == 409
        assert response.json()["type"].endswith("not-draft")


async def test_copying_needs_a_role_on_the_other_event(
    client: Client, db: Database, event: Event, make_account: AccountMaker
) -> None:
    other = await events.create_event(
        db, EventIn(name="Annan förening", starts_at=event.starts_at, ends_at=event.ends_at)
    )
    await make_account(Role.MODERATOR, "mod@example.se")
    await grant(db, event, "mod@example.se", EventRole.MODERATOR)
    moderator = await api_token(db, "mod@example.se")
    refused = await client.post(
        f"{LIVE}/activities/copy", json={"source": other.slug}, headers=moderator
    )
    assert refused.status_code == 422
    assert list(refused.json()["errors"]) == ["source"]

    await grant(db, other, "mod@example.se", EventRole.MODERATOR)
    allowed = await client.post(
        f"{LIVE}/activities/copy", json={"source": other.slug}, headers=moderator
    )
    assert allowed.status_code == 201
    assert allowed.json() == []
