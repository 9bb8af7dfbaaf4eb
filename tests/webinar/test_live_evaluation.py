"""The evaluation run live at the end of the day: the moderator starts it with a console
action (API or console socket, audited, undoable), phones get ``evaluation: true`` on
the stage and answer the same questions on ``/<code>/evaluation``; whoever came through
their private link counts once across the live page and the mail link."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from eventday.db import Database
from eventday.events.models import Event
from eventday.webinar.links import key_of
from tests.conftest import Client, csrf_token
from tests.console.conftest import SLUG, console
from tests.console.helpers import Api, Socket
from tests.live.conftest import headers, participant
from tests.live.helpers import until
from tests.webinar.conftest import Worker, webinar_event
from tests.webinar.test_evaluation import QUESTIONS
from tests.webinar.test_group_mail import sign_up

__all__ = ["console", "headers", "participant"]


@pytest.mark.parametrize("via", ["api", "socket"])
async def test_the_moderator_starts_and_ends_it_and_phones_see_it_on_the_stage(
    client: Client,
    event: Event,
    headers: dict[str, str],
    console: Callable[[], Any],
    participant: Callable[[], Any],
    via: str,
) -> None:
    assert event.slug == SLUG
    with await participant() as phone, await console() as ws:
        do = Api(client, headers) if via == "api" else Socket(ws)
        assert until(phone, lambda m: m["type"] == "stage")["evaluation"] is False
        started = await do({"type": "evaluation", "open": True})
        assert (started.ok, started.result) == (True, True)
        stage = until(phone, lambda m: m["type"] == "stage" and m["evaluation"])
        assert stage["activity"] is None
        state = (await client.get(f"/api/v1/events/{SLUG}/console", headers=headers)).json()
        assert state["evaluation_open"] is True
        assert state["audit"][0]["action"] == "evaluation_open"
        undone = await do({"type": "undo", "entry": started.audit})
        assert undone.ok
        assert until(phone, lambda m: m["type"] == "stage" and not m["evaluation"])
        ended = await do({"type": "evaluation", "open": False})
        assert ended.ok
    state = (await client.get(f"/api/v1/events/{SLUG}/console", headers=headers)).json()
    assert state["evaluation_open"] is False
    assert [e["action"] for e in state["audit"][:3]] == [
        "evaluation_closed",
        "undo",
        "evaluation_open",
    ]
    refused = await client.post(
        f"/api/v1/events/{SLUG}/console/actions", json={"type": "evaluation"}, headers=headers
    )
    assert refused.status_code == 422


async def open_live(client: Client, event: Event, headers: dict[str, str], open_: bool) -> None:
    answer = await client.post(
        f"/api/v1/events/{event.slug}/console/actions",
        json={"type": "evaluation", "open": open_},
        headers=headers,
    )
    assert answer.status_code == 200, answer.text


def field_error(page: str, question: int) -> str:
    match = re.search(rf'name="q{question}".*?<p class="error-text">([^<]*)<', page, re.S)
    return match[1] if match else ""


async def test_answered_on_the_live_page_and_through_the_mail_each_person_counts_once(
    client: Client, db: Database, headers: dict[str, str], now: datetime, workers: list[Worker]
) -> None:
    event = await webinar_event(db, now)
    url = f"/api/v1/events/{event.slug}/webinar/evaluation"
    await client.put(url, json=QUESTIONS, headers=headers)
    scale = (await client.get(url, headers=headers)).json()[0]["id"]
    page = f"/{event.join_code}/evaluation"

    first = await client.get(page, follow_redirects=False)
    assert (first.status_code, first.headers["location"]) == (302, f"/{event.join_code}")
    assert (await client.get(f"/{event.join_code}")).status_code == 200  # joined (cookie)
    assert (await client.get(page)).status_code == 409  # not running
    await open_live(client, event, headers, True)
    form = await client.get(page)
    assert form.status_code == 200
    assert f'action="{page}"' in form.text
    assert "Hur nyttig var dagen?" in form.text
    token = await csrf_token(client, page)
    wrong = await client.post(page, data={f"q{scale}": "7", "_csrf_token": token})
    assert wrong.status_code == 422
    assert field_error(wrong.text, scale) == "Välj ett av alternativen."
    assert 'value="Mer kaffe"' not in wrong.text
    ok = await client.post(page, data={f"q{scale}": "4", "_csrf_token": token})
    assert ok.status_code == 200
    assert "Tack! Dina svar är sparade." in ok.text
    again = await client.post(page, data={f"q{scale}": "5", "_csrf_token": token})
    assert again.status_code == 409

    # An attendee on the live page from their mail link, then on the mail's own page.
    reg_id = await sign_up(workers[0], db, event, "Anna", "anna@example.se")
    key = await key_of(db, workers[0].webinar.secret, reg_id)
    assert (await client.get(f"/m/{key}/live")).status_code in (200, 302)
    assert "Tack! Dina svar är sparade." not in (await client.get(page)).text
    sent = await client.post(page, data={f"q{scale}": "2", "_csrf_token": token})
    assert sent.status_code == 200
    assert "Tack! Dina svar är sparade." in (await client.get(f"/m/{key}/evaluation")).text
    by_mail = await client.post(
        f"/m/{key}/evaluation", data={f"q{scale}": "3", "_csrf_token": token}
    )
    assert by_mail.status_code == 409  # the same person: counted once

    await open_live(client, event, headers, False)
    assert (await client.get(page)).status_code == 409  # ended: no new form
    results = (await client.get(f"{url}/results", headers=headers)).json()
    assert results["respondents"] == 2
    assert results["questions"][0]["overall"]["counts"] == {"4": 1, "2": 1}
