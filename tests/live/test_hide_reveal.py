"""Hide and reveal mean the same for every kind: *hide results* takes the results off
phones and the projector whether they were public or hidden until revealed; *reveal*
shows them; a new round goes back to the activity's setting."""

from __future__ import annotations

import re
from typing import Any

import pytest

from eventday.events.models import Event
from tests.conftest import Client, log_in
from tests.live.helpers import action, create, snapshot_where

SLUG = "kompetensdagen"
KINDS: dict[str, dict[str, Any]] = {
    "choice": {"options": ["Ja", "Nej"]},
    "scale": {},
    "ranking": {"options": ["A", "B"]},
    "wordcloud": {},
    "ideas": {},
    "qa": {},
}


def visible(snapshot: dict[str, Any]) -> tuple[bool, bool]:
    """What a phone sees: results present, and the flag saying so."""
    return snapshot["results"] is not None, snapshot["activity"]["results_visible"]


@pytest.mark.parametrize("kind", list(KINDS))
async def test_hide_takes_public_results_off_phones_and_reveal_brings_them_back(
    client: Client, event: Event, headers: dict[str, str], participant: Any, kind: str
) -> None:
    activity = await create(client, headers, SLUG, kind=kind, title="Vad?", config=KINDS[kind])
    await action(client, headers, SLUG, activity, "open")
    moderator = await client.websocket_connect(
        f"/{event.join_code}/ws?view=moderator", headers=headers
    )
    with await participant() as phone, moderator as mod:
        public = snapshot_where(phone, activity, lambda m: True)
        await action(client, headers, SLUG, activity, "hide")
        hidden = snapshot_where(phone, activity, lambda m: m["results"] is None)
        moderated = snapshot_where(mod, activity, lambda m: not m["activity"]["results_visible"])
        await action(client, headers, SLUG, activity, "reveal")
        shown = snapshot_where(phone, activity, lambda m: m["results"] is not None)
    assert visible(public) == (True, True)
    assert visible(hidden) == (False, False)
    assert moderated["results"] is not None  # the moderator still sees them
    assert visible(shown) == (True, True)


async def test_results_hidden_until_revealed_can_be_hidden_again_and_reset_restores_it(
    client: Client, event: Event, headers: dict[str, str], participant: Any
) -> None:
    poll = await create(
        client,
        headers,
        SLUG,
        kind="choice",
        title="Fika?",
        hide_results=True,
        config={"options": ["Bulle", "Kaka"]},
    )
    await action(client, headers, SLUG, poll, "open")
    with await participant() as phone:
        first = snapshot_where(phone, poll, lambda m: True)
        await action(client, headers, SLUG, poll, "reveal")
        shown = snapshot_where(phone, poll, lambda m: m["results"] is not None)
        await action(client, headers, SLUG, poll, "hide")
        hidden = snapshot_where(phone, poll, lambda m: m["results"] is None)
        await action(client, headers, SLUG, poll, "reveal")
        snapshot_where(phone, poll, lambda m: m["results"] is not None)
        await action(client, headers, SLUG, poll, "reset")
        reset = snapshot_where(phone, poll, lambda m: m["results"] is None)
    assert [visible(s) for s in (first, shown, hidden, reset)] == [
        (False, False),
        (True, True),
        (False, False),
        (False, False),
    ]


async def test_a_new_round_of_a_hidden_public_activity_is_public_again(
    client: Client, event: Event, headers: dict[str, str], participant: Any
) -> None:
    cloud = await create(client, headers, SLUG, kind="wordcloud", title="Ord")
    await action(client, headers, SLUG, cloud, "open")
    await action(client, headers, SLUG, cloud, "hide")
    with await participant() as phone:
        hidden = snapshot_where(phone, cloud, lambda m: True)
        await action(client, headers, SLUG, cloud, "reset")
        public = snapshot_where(phone, cloud, lambda m: m["results"] is not None)
    assert (visible(hidden), visible(public)) == ((False, False), (True, True))


async def test_the_moderator_page_shows_only_buttons_that_do_something(
    client: Client, event: Event, headers: dict[str, str]
) -> None:
    cloud = await create(client, headers, SLUG, kind="wordcloud", title="Ord")
    hidden = await create(
        client,
        headers,
        SLUG,
        kind="choice",
        title="Fika?",
        hide_results=True,
        config={"options": ["Ja", "Nej"]},
    )
    await action(client, headers, SLUG, cloud, "open")
    await log_in(client, "org@example.se")
    page = (await client.get(f"/manage/{SLUG}/live")).text

    def buttons(activity: int) -> set[str]:
        return set(re.findall(rf'/manage/{SLUG}/live/{activity}/(\w+)"', page)) - {"results"}

    assert buttons(cloud) == {"close", "hide", "reset", "duplicate"}  # open, public, on stage
    # A draft has no round to reset; it can be edited and deleted instead.
    assert buttons(hidden) == {"edit", "open", "reveal", "stage", "duplicate", "delete"}
