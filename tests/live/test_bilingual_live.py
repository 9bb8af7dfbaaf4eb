"""Activity texts in two languages: one snapshot for every phone carries both."""

from __future__ import annotations

from typing import Any

from eventday.db import Database
from eventday.events.models import Event
from tests.conftest import Client
from tests.live.helpers import action, create, snapshot_where

SLUG = "kompetensdagen"


async def test_snapshot_carries_swedish_and_english_texts(
    client: Client, event: Event, headers: dict[str, str], participant: Any
) -> None:
    poll = await create(
        client,
        headers,
        SLUG,
        kind="choice",
        title="Vilken fika?",
        title_en="Which coffee break?",
        config={"options": ["Kanelbulle", "Kaka"], "options_en": ["Cinnamon bun", "Cake"]},
    )
    await action(client, headers, SLUG, poll, "open")
    with await participant() as ws:
        snapshot = snapshot_where(ws, poll, lambda m: True)
    activity = snapshot["activity"]
    assert (activity["title"], activity["title_en"]) == ("Vilken fika?", "Which coffee break?")
    assert activity["config"]["options"] == ["Kanelbulle", "Kaka"]
    assert activity["config"]["options_en"] == ["Cinnamon bun", "Cake"]


async def test_activity_with_english_options_missing_one_is_refused(
    client: Client, event: Event, headers: dict[str, str], db: Database
) -> None:
    response = await client.post(
        f"/api/v1/events/{SLUG}/live/activities",
        json={
            "kind": "choice",
            "title": "Färg?",
            "config": {"options": ["Röd", "Blå"], "options_en": ["Red"]},
        },
        headers=headers,
    )
    assert response.status_code == 422
    assert "config.options_en" in response.text
    assert await db.fetch_value("SELECT COUNT(*) FROM live_activities") == 0
