"""The console's run of show follows the agenda: sessions in time order with their
activities, breaks only when they hold one, loose activities last."""

from __future__ import annotations

from eventday.events.models import Event
from tests.conftest import Client


async def _session(client: Client, event: Event, headers: dict[str, str], **fields: object) -> int:
    response = await client.post(
        f"/api/v1/events/{event.slug}/sessions", json=fields, headers=headers
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


async def test_run_of_show_groups_activities_by_agenda_session(
    client: Client, event: Event, headers: dict[str, str]
) -> None:
    later = await _session(
        client,
        event,
        headers,
        title="Panel",
        starts_at="2026-11-26T11:00:00",
        ends_at="2026-11-26T12:00:00",
    )
    await _session(
        client,
        event,
        headers,
        title="Fika",
        kind="break",
        starts_at="2026-11-26T10:30:00",
        ends_at="2026-11-26T11:00:00",
    )
    first = await _session(
        client,
        event,
        headers,
        title="Välkommen",
        starts_at="2026-11-26T09:00:00",
        ends_at="2026-11-26T09:30:00",
    )
    base = f"/api/v1/events/{event.slug}/live/activities"
    for title, session in (("Frågor", later), ("Ordmoln", first), ("Snabbfråga", None)):
        body = {"kind": "qa", "title": title, "session_id": session}
        assert (await client.post(base, json=body, headers=headers)).status_code == 201

    state = (await client.get(f"/api/v1/events/{event.slug}/console", headers=headers)).json()

    groups = [(g["title"], [a["title"] for a in g["activities"]]) for g in state["groups"]]
    assert groups == [("Välkommen", ["Ordmoln"]), ("Panel", ["Frågor"]), ("", ["Snabbfråga"])]
    # 09:00 in Stockholm in November is 08:00 UTC: the console compares with its clock.
    assert state["groups"][0]["starts_at"] == "2026-11-26T08:00:00+00:00"
