"""The organiser's live page: the activity editor's forms (errors next to the field,
nothing typed lost), moving, deleting and copying, each one console action."""

from __future__ import annotations

import re

from eventday.db import Database
from eventday.events import service as events
from eventday.events.models import Event, EventIn
from tests.conftest import Client, csrf_token, log_in
from tests.console.conftest import SLUG

PAGE = f"/manage/{SLUG}/live"
API = f"/api/v1/events/{SLUG}/live"


async def post(client: Client, path: str, **data: object) -> tuple[int, str]:
    token = await csrf_token(client, PAGE)
    response = await client.post(path, data={"_csrf_token": token, **data}, follow_redirects=False)
    return response.status_code, response.text


async def listed(client: Client, headers: dict[str, str]) -> list[dict[str, object]]:
    body: list[dict[str, object]] = (await client.get(f"{API}/activities", headers=headers)).json()
    return body


async def test_the_editor_creates_a_quiz_and_keeps_what_was_typed_on_an_error(
    client: Client, event: Event, headers: dict[str, str]
) -> None:
    await log_in(client, "org@example.se")
    menu = (await client.get(f"/manage/{SLUG}/edit")).text
    assert f'href="{PAGE}"' in menu
    form = (await client.get(f"{PAGE}/new?kind=choice")).text
    assert "<legend>" in form
    assert 'name="correct"' in form

    status, page = await post(
        client,
        f"{PAGE}/new",
        kind="choice",
        title="Vilket år?",
        options="1921\n1952",
        correct="3",
        multiple="on",
    )
    assert status == 422
    assert 'id="field-correct-error"' in page
    assert re.search(r'name="correct"[^>]*aria-invalid="true"', page, re.S)
    assert re.search(r'aria-describedby="[^"]*field-correct-error', page)
    assert "1921\n1952</textarea>" in page
    assert 'value="Vilket år?"' in page
    assert await listed(client, headers) == []

    status, _ = await post(
        client,
        f"{PAGE}/new",
        kind="choice",
        title="Vilket år?",
        title_en="Which year?",
        options="1921\n1952",
        options_en="1921\n1952",
        correct="2",
        hide_results="on",
    )
    assert status == 303
    (quiz,) = await listed(client, headers)
    assert quiz["config"] == {
        "options": ["1921", "1952"],
        "options_en": ["1921", "1952"],
        "correct": [1],
    }
    assert quiz["hide_results"] is True
    assert quiz["title_en"] == "Which year?"


async def test_editing_moving_and_deleting_drafts_from_the_page(
    client: Client, event: Event, headers: dict[str, str]
) -> None:
    await log_in(client, "org@example.se")
    for title in ("Ett", "Två", "Tre"):
        assert (await post(client, f"{PAGE}/new", kind="wordcloud", title=title))[0] == 303
    one, two, three = (a["id"] for a in await listed(client, headers))

    edit = (await client.get(f"{PAGE}/{two}/edit")).text
    assert 'name="max_entries"' in edit
    status, _ = await post(
        client, f"{PAGE}/{two}/edit", title="Två ord", max_entries="2", drop_stop_words="on"
    )
    assert status == 303
    assert (await post(client, f"{PAGE}/{three}/move/up"))[0] == 303
    assert (await post(client, f"{PAGE}/{one}/move/down"))[0] == 303
    activities = await listed(client, headers)
    assert [a["title"] for a in activities] == ["Tre", "Ett", "Två ord"]
    assert activities[2]["config"] == {"max_entries": 2, "drop_stop_words": True}

    page = (await client.get(PAGE)).text
    assert f"{PAGE}/{three}/move/down" in page
    assert f"{PAGE}/{three}/move/up" not in page  # first in its session
    assert (await post(client, f"{PAGE}/{one}/delete"))[0] == 303
    assert [a["title"] for a in await listed(client, headers)] == ["Tre", "Två ord"]

    assert (await post(client, f"{PAGE}/{three}/open"))[0] == 303
    page = (await client.get(PAGE)).text
    assert f"{PAGE}/{three}/delete" not in page
    assert f"{PAGE}/{three}/edit" not in page


async def test_copying_from_another_event_needs_a_choice_and_makes_drafts(
    client: Client, db: Database, event: Event, headers: dict[str, str]
) -> None:
    other = await events.create_event(
        db, EventIn(name="Förra året", starts_at=event.starts_at, ends_at=event.ends_at)
    )
    base = f"/api/v1/events/{other.slug}/live/activities"
    ids = []
    for title in ("Gammal fråga", "Gammalt ordmoln"):
        kind = "qa" if "fråga" in title else "wordcloud"
        response = await client.post(base, json={"kind": kind, "title": title}, headers=headers)
        ids.append(response.json()["id"])
    await log_in(client, "org@example.se")
    page = (await client.get(PAGE)).text
    assert "Förra året" in page

    status, page = await post(client, f"{PAGE}/copy", source=other.slug)
    assert status == 422
    assert re.search(r'<fieldset[^>]*aria-describedby="copy-forra-aret-error"', page)
    assert await listed(client, headers) == []

    status, _ = await post(client, f"{PAGE}/copy", source=other.slug, activities=str(ids[1]))
    assert status == 303
    assert [(a["title"], a["state"]) for a in await listed(client, headers)] == [
        ("Gammalt ordmoln", "draft")
    ]
    assert "Kopierade 1 aktivitet." in (await client.get(PAGE)).text

    await client.get(f"{PAGE}?lang=en")
    chosen = [str(i) for i in ids]
    status, _ = await post(client, f"{PAGE}/copy", source=other.slug, activities=chosen)
    assert status == 303
    assert "Copied 2 activities." in (await client.get(PAGE)).text
    assert len(await listed(client, headers)) == 3


async def test_the_editor_sets_a_quizs_points_and_an_open_text_walls_premoderation(
    client: Client, event: Event, headers: dict[str, str]
) -> None:
    """Every option the protocol has can be set from the page: scoring and speed bonus
    on a quiz question, answers per person and pre-moderation on an open-text wall."""
    await log_in(client, "org@example.se")
    form = (await client.get(f"{PAGE}/new?kind=choice")).text
    assert 'name="points"' in form
    assert 'name="speed_bonus"' in form
    status, page = await post(
        client, f"{PAGE}/new", kind="choice", title="Quiz?", options="A\nB", points="2000"
    )
    assert status == 422
    assert re.search(r'name="points"[^>]*aria-invalid="true"', page, re.S)
    status, _ = await post(
        client,
        f"{PAGE}/new",
        kind="choice",
        title="Quiz?",
        options="A\nB",
        correct="2",
        points="10",
        speed_bonus="on",
    )
    assert status == 303
    status, _ = await post(
        client, f"{PAGE}/new", kind="open_text", title="Vad tar du med dig?", max_entries="2",
        premoderation="on",
    )  # fmt: skip
    assert status == 303
    quiz, wall = await listed(client, headers)
    assert quiz["config"]["points"] == 10  # type: ignore[index]
    assert quiz["config"]["speed_bonus"] is True  # type: ignore[index]
    assert wall["kind"] == "open_text"
    assert wall["config"]["premoderation"] is True  # type: ignore[index]
    assert wall["config"]["max_entries"] == 2  # type: ignore[index]
