"""Live interaction over real websockets (Litestar's test client)."""

from __future__ import annotations

from typing import Any

from eventday.accounts.models import EventRole, Role
from eventday.db import Database
from eventday.events.models import Event
from tests.conftest import AccountMaker, Client, grant
from tests.live.helpers import action, api_token, create, receive, send, snapshot_where, until

SLUG = "kompetensdagen"


def results_of(snapshot: dict[str, Any]) -> Any:
    return snapshot["results"]


async def test_join_page_sets_a_signed_cookie_and_the_socket_greets(
    client: Client, event: Event
) -> None:
    page = await client.get(f"/{event.join_code.lower()}")
    assert page.status_code == 200
    cookie = f"eventday_participant_{event.id}"
    assert cookie in page.cookies
    session = await client.websocket_connect(f"/{event.join_code}/ws")
    with session as ws:
        hello = receive(ws)
        stage = receive(ws)
    assert (hello["type"], hello["code"], hello["participant"] is not None) == (
        "hello",
        event.join_code,
        True,
    )
    assert (stage["type"], stage["activity"]) == ("stage", None)


async def test_join_form_redirects_a_known_code_and_explains_an_unknown_one(
    client: Client, event: Event
) -> None:
    known = await client.get("/join", params={"code": f" {event.join_code.lower()} "})
    unknown = await client.get("/join", params={"code": "XXXXXX"})
    assert str(known.url).endswith(f"/{event.join_code}")
    assert "Inget evenemang har den koden." in unknown.text


async def test_socket_without_participant_identity_is_refused(client: Client, event: Event) -> None:
    session = await client.websocket_connect(f"/{event.join_code}/ws?token=1.2.forged")
    with session as ws:
        error = receive(ws)
    assert (error["type"], error["code"]) == ("error", "not-joined")


async def test_choice_vote_is_acknowledged_counted_and_changeable(
    client: Client, event: Event, headers: dict[str, str], participant: Any
) -> None:
    poll = await create(
        client, headers, SLUG, kind="choice", title="Bästa?", config={"options": ["A", "B", "C"]}
    )
    await action(client, headers, SLUG, poll, "open")
    with await participant() as ws:
        first = send(ws, {"type": "vote", "activity": poll, "choices": [1]})
        counted = snapshot_where(ws, poll, lambda m: results_of(m)["counts"] == [0, 1, 0])
        send(ws, {"type": "vote", "activity": poll, "choices": [2]})
        changed = snapshot_where(ws, poll, lambda m: results_of(m)["counts"] == [0, 0, 1])
        two = send(ws, {"type": "vote", "activity": poll, "choices": [0, 1]})
    assert first["type"] == "ack"
    assert changed["version"] > counted["version"]
    assert (two["type"], two["code"]) == ("error", "invalid-input")


async def test_hidden_results_stay_hidden_until_revealed_with_the_correct_answer(
    client: Client, event: Event, headers: dict[str, str], participant: Any
) -> None:
    quiz = await create(
        client,
        headers,
        SLUG,
        kind="choice",
        title="Quiz",
        hide_results=True,
        config={"options": ["Rätt", "Fel"], "correct": [0]},
    )
    await action(client, headers, SLUG, quiz, "open")
    with await participant() as ws:
        send(ws, {"type": "vote", "activity": quiz, "choices": [0]})
        hidden = snapshot_where(ws, quiz, lambda m: True)
        await action(client, headers, SLUG, quiz, "reveal")
        shown = snapshot_where(ws, quiz, lambda m: m["results"] is not None)
    assert (hidden["results"], hidden["activity"]["config"].get("correct")) == (None, None)
    assert (shown["results"]["counts"], shown["activity"]["config"]["correct"]) == ([1, 0], [0])


async def test_scale_gives_distribution_and_mean(
    client: Client, event: Event, headers: dict[str, str], participant: Any
) -> None:
    scale = await create(
        client, headers, SLUG, kind="scale", title="Hur nöjd?", config={"scale_max": 5}
    )
    await action(client, headers, SLUG, scale, "open")
    with await participant() as one, await participant() as two:
        send(one, {"type": "rate", "activity": scale, "value": 4})
        send(two, {"type": "rate", "activity": scale, "value": 5})
        wrong = send(two, {"type": "rate", "activity": scale, "value": 9})
        final = snapshot_where(one, scale, lambda m: m["results"]["participants"] == 2)
    assert final["results"]["distribution"] == [0, 0, 0, 1, 1]
    assert final["results"]["mean"] == 4.5
    assert wrong["type"] == "error"


async def test_ranking_is_scored_by_borda_count(
    client: Client, event: Event, headers: dict[str, str], participant: Any
) -> None:
    ranking = await create(
        client, headers, SLUG, kind="ranking", title="Ordna", config={"options": ["X", "Y", "Z"]}
    )
    await action(client, headers, SLUG, ranking, "open")
    with await participant() as one, await participant() as two:
        send(one, {"type": "rank", "activity": ranking, "order": [2, 0, 1]})
        send(two, {"type": "rank", "activity": ranking, "order": [2, 1, 0]})
        partial = send(two, {"type": "rank", "activity": ranking, "order": [2, 2]})
        final = snapshot_where(one, ranking, lambda m: m["results"]["participants"] == 2)
    assert final["results"]["points"] == [1, 1, 4]
    assert partial["type"] == "error"


async def test_word_cloud_counts_normalised_forms_in_the_most_common_spelling(
    client: Client, event: Event, headers: dict[str, str], participant: Any
) -> None:
    cloud = await create(
        client, headers, SLUG, kind="wordcloud", title="Kompetenser?", config={"max_entries": 2}
    )
    await action(client, headers, SLUG, cloud, "open")
    with await participant() as one, await participant() as two, await participant() as three:
        send(one, {"type": "word", "activity": cloud, "text": "Kompetensförsörjning"})
        send(two, {"type": "word", "activity": cloud, "text": "  kompetensförsörjning!! "})
        send(three, {"type": "word", "activity": cloud, "text": "Kompetensförsörjning"})
        again = send(one, {"type": "word", "activity": cloud, "text": "KOMPETENSFÖRSÖRJNING"})
        send(one, {"type": "word", "activity": cloud, "text": "Å  Ä Ö"})
        third = send(one, {"type": "word", "activity": cloud, "text": "en till"})
        blocked = send(two, {"type": "word", "activity": cloud, "text": "Fuck"})
        final = snapshot_where(
            three, cloud, lambda m: len(m["results"]["words"]) == 2 and m["results"]["layout"]
        )
    words = final["results"]["words"]
    assert words[0] == {"key": "kompetensförsörjning", "text": "Kompetensförsörjning", "count": 3}
    assert words[1] == {"key": "å ä ö", "text": "Å Ä Ö", "count": 1}
    assert {w["key"] for w in final["results"]["layout"]} == {"kompetensförsörjning", "å ä ö"}
    assert (again["code"], third["code"], blocked["type"]) == ("conflict", "limit-reached", "ack")


async def test_idea_board_upvotes_once_per_participant_and_merges(
    client: Client, event: Event, headers: dict[str, str], participant: Any
) -> None:
    board = await create(client, headers, SLUG, kind="ideas", title="Idéer")
    await action(client, headers, SLUG, board, "open")
    with await participant() as one, await participant() as two:
        first = send(one, {"type": "idea", "activity": board, "text": "Lärlingar"})["id"]
        dup = send(two, {"type": "idea", "activity": board, "text": "Fler lärlingar"})["id"]
        for ws in (one, two):
            send(ws, {"type": "upvote", "activity": board, "item": first})
            send(ws, {"type": "upvote", "activity": board, "item": dup})
        send(one, {"type": "upvote", "activity": board, "item": first})
        merged = await client.post(
            f"/api/v1/events/{SLUG}/live/activities/{board}/ideas/merge",
            json={"source": dup, "target": first},
            headers=headers,
        )
        final = snapshot_where(one, board, lambda m: len(m["results"]["ideas"]) == 1)
    top = await client.get(
        f"/api/v1/events/{SLUG}/live/activities/{board}/ideas/top?limit=3", headers=headers
    )
    assert merged.status_code == 200
    assert final["results"]["ideas"] == [{"id": first, "text": "Lärlingar", "votes": 2}]
    assert top.json() == [{"id": first, "text": "Lärlingar", "votes": 2}]


async def test_questions_are_premoderated_pinned_and_hidden(
    client: Client, event: Event, headers: dict[str, str], participant: Any
) -> None:
    qa = await create(client, headers, SLUG, kind="qa", title="Frågor")
    await client.put(
        f"/api/v1/events/{SLUG}/live/settings", json={"qa_premoderation": True}, headers=headers
    )
    await action(client, headers, SLUG, qa, "open")
    base = f"/api/v1/events/{SLUG}/live/activities/{qa}/questions"
    with await participant() as ws:
        asked = send(ws, {"type": "question", "activity": qa, "text": "Varför?", "name": "Eva"})
        pending = snapshot_where(ws, qa, lambda m: True)
        await client.post(f"{base}/{asked['id']}/approve", headers=headers)
        send(ws, {"type": "upvote", "activity": qa, "item": asked["id"]})
        await client.post(f"{base}/{asked['id']}/pin", headers=headers)
        pinned = snapshot_where(
            ws, qa, lambda m: m["results"]["questions"] and m["results"]["questions"][0]["pinned"]
        )
        await client.post(f"{base}/{asked['id']}/hide", headers=headers)
        hidden = snapshot_where(ws, qa, lambda m: m["results"]["questions"] == [])
    assert pending["results"]["questions"] == []
    question = pinned["results"]["questions"][0]
    assert (question["text"], question["name"], question["votes"]) == ("Varför?", "Eva", 1)
    assert hidden["results"]["questions"] == []


async def test_reconnecting_client_gets_the_current_snapshot_and_its_own_answer(
    client: Client, event: Event, headers: dict[str, str], participant: Any
) -> None:
    poll = await create(
        client, headers, SLUG, kind="choice", title="Igen", config={"options": ["A", "B"]}
    )
    await action(client, headers, SLUG, poll, "open")
    token_response = await client.post(f"/api/v1/live/{event.join_code}/join")
    url = f"/{event.join_code}/ws?token={token_response.json()['token']}"
    with await client.websocket_connect(url) as ws:
        send(ws, {"type": "vote", "activity": poll, "choices": [1]})
    with await participant() as other:
        send(other, {"type": "vote", "activity": poll, "choices": [0]})
        latest = snapshot_where(other, poll, lambda m: m["results"]["participants"] == 2)
    with await client.websocket_connect(url) as again:
        stage = until(again, lambda m: m["type"] == "stage")
        snapshot = snapshot_where(again, poll, lambda m: True)
        mine = until(again, lambda m: m["type"] == "mine")
    assert stage["activity"] == poll
    assert snapshot["version"] >= latest["version"]
    assert snapshot["results"]["counts"] == [1, 1]
    assert mine["answer"] == [1]


async def test_several_clients_converge_on_the_same_final_snapshot(
    client: Client, event: Event, headers: dict[str, str], participant: Any
) -> None:
    poll = await create(
        client, headers, SLUG, kind="choice", title="Alla", config={"options": ["A", "B", "C"]}
    )
    await action(client, headers, SLUG, poll, "open")
    sockets = [await participant() for _ in range(4)]
    opened = [s.__enter__() for s in sockets]
    try:
        for round_number in range(3):
            for index, ws in enumerate(opened):
                send(
                    ws, {"type": "vote", "activity": poll, "choices": [(index + round_number) % 3]}
                )
        detail = await client.get(f"/api/v1/events/{SLUG}/live/activities/{poll}", headers=headers)
        version = detail.json()["activity"]["version"]
        finals = [snapshot_where(ws, poll, lambda m: m["version"] == version) for ws in opened]
    finally:
        for s in sockets:
            s.__exit__(None, None, None)
    assert [f["results"]["counts"] for f in finals] == [[1, 1, 2]] * 4


async def test_limits_and_malformed_messages_get_errors_and_the_socket_stays_open(
    client: Client, event: Event, headers: dict[str, str], participant: Any
) -> None:
    cloud = await create(client, headers, SLUG, kind="wordcloud", title="Ord")
    await action(client, headers, SLUG, cloud, "open")
    with await participant() as ws:
        ws.send_text("x" * 5000)
        too_large = until(ws, lambda m: m["type"] == "error")
        ws.send_text("{not json")
        broken = until(ws, lambda m: m["type"] == "error")
        wrong = send(ws, {"type": "launch-rockets", "activity": cloud})
        long_word = send(ws, {"type": "word", "activity": cloud, "text": "x" * 41})
        replies = [send(ws, {"type": "vote", "activity": cloud, "choices": [0]}) for _ in range(8)]
        pong = send(ws, {"type": "ping"})
    assert (too_large["code"], broken["code"], wrong["code"]) == (
        "too-large",
        "malformed",
        "malformed",
    )
    assert long_word["code"] == "malformed"
    assert "too-fast" in {r["code"] for r in replies}
    assert pong["type"] == "pong"


async def test_submissions_to_a_closed_activity_are_refused(
    client: Client, event: Event, headers: dict[str, str], participant: Any
) -> None:
    poll = await create(
        client, headers, SLUG, kind="choice", title="Stängd", config={"options": ["A", "B"]}
    )
    with await participant() as ws:
        refused = send(ws, {"type": "vote", "activity": poll, "choices": [0]})
    assert refused["code"] == "not-open"


async def test_exports_give_csv_json_png_and_svg(
    client: Client, event: Event, headers: dict[str, str], participant: Any
) -> None:
    cloud = await create(client, headers, SLUG, kind="wordcloud", title="Ord")
    await action(client, headers, SLUG, cloud, "open")
    with await participant() as ws:
        send(ws, {"type": "word", "activity": cloud, "text": "=HYPERLINK(1)"})
        send(ws, {"type": "word", "activity": cloud, "text": "<b>robotik</b>"})
    base = f"/api/v1/events/{SLUG}/live/activities/{cloud}"
    csv_text = (await client.get(f"{base}/results.csv", headers=headers)).text
    data = (await client.get(f"{base}/results.json", headers=headers)).json()
    png = await client.get(f"{base}/cloud.png", headers=headers)
    svg = (await client.get(f"{base}/cloud.svg", headers=headers)).text
    assert "'=HYPERLINK(1)" in csv_text
    assert len(data["results"]["words"]) == 2
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert "&lt;b&gt;robotik&lt;/b&gt;" in svg
    assert "<b>" not in svg


async def test_staff_cannot_run_activities_but_a_moderator_can(
    client: Client, db: Database, event: Event, make_account: AccountMaker
) -> None:
    await make_account(Role.STAFF, "staff@example.se")
    await make_account(Role.MODERATOR, "mod@example.se")
    await grant(db, event, "staff@example.se", EventRole.STAFF)
    await grant(db, event, "mod@example.se", EventRole.MODERATOR)
    body = {"kind": "wordcloud", "title": "Ord"}
    url = f"/api/v1/events/{SLUG}/live/activities"
    staff = await client.post(url, json=body, headers=await api_token(db, "staff@example.se"))
    moderator = await client.post(url, json=body, headers=await api_token(db, "mod@example.se"))
    assert (staff.status_code, moderator.status_code) == (403, 201)
