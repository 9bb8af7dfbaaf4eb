"""The organiser's registrations list: paged, searched, sorted and filtered; bulk
actions on the ticked; the export of exactly what the filter shows."""

from __future__ import annotations

import csv
import io
import re

from eventday.db import Database
from eventday.events.models import Event
from tests.conftest import Client, csrf_token
from tests.registration.conftest import make_event


async def register_many(client: Client, event: Event, api: dict[str, str], count: int) -> None:
    for n in range(count):
        organisation = "Verket AB" if n % 3 == 0 else "Gruvan AB"
        response = await client.post(
            f"/api/v1/events/{event.slug}/registrations",
            json={
                "name": f"Person {n:03d}",
                "email": f"p{n}@example.se",
                "organisation": organisation,
            },
            headers=api,
        )
        assert response.status_code == 201, response.text


def names(html: str) -> list[str]:
    return re.findall(r'/edit">(Person \d+)</a>', html)


async def test_the_list_pages_sorts_and_filters(
    organiser: Client, db: Database, api: dict[str, str]
) -> None:
    event = await make_event(db, capacity=100)
    await register_many(organiser, event, api, 60)
    base = f"/manage/{event.slug}/registrations"

    first = (await organiser.get(f"{base}?lang=en&sort=name")).text
    assert names(first) == [f"Person {n:03d}" for n in range(50)]
    assert "Showing 1–50 of 60 registrations" in first
    assert 'rel="next"' in first
    second = (await organiser.get(f"{base}?sort=name&page=2")).text
    assert names(second) == [f"Person {n:03d}" for n in range(50, 60)]
    newest = (await organiser.get(f"{base}?sort=newest")).text
    assert names(newest)[0] == "Person 059"

    verket = (await organiser.get(f"{base}?lang=en&q=verket&sort=oldest")).text
    assert names(verket) == [f"Person {n:03d}" for n in range(0, 60, 3)]
    assert "of 20 registrations" in verket

    reg_id = await db.fetch_value("SELECT id FROM registrations WHERE name = 'Person 007'")
    await db.execute(
        "INSERT INTO checkins (event_id, registration_id, checked_in_at) VALUES (?, ?, ?)",
        (event.id, reg_id, "2026-01-01T08:00:00+00:00"),
    )
    checked = (await organiser.get(f"{base}?checkin=yes")).text
    assert names(checked) == ["Person 007"]
    not_checked = (await organiser.get(f"{base}?checkin=no&lang=en")).text
    assert "of 59 registrations" in not_checked


async def test_bulk_cancel_and_export_follow_the_filter(
    organiser: Client, db: Database, api: dict[str, str]
) -> None:
    event = await make_event(db, capacity=100)
    await register_many(organiser, event, api, 6)
    ids = [r[0] for r in await db.fetch_all("SELECT id FROM registrations ORDER BY id LIMIT 2")]
    token = await csrf_token(organiser, f"/manage/{event.slug}/registrations")
    response = await organiser.post(
        f"/manage/{event.slug}/registrations/bulk?lang=en",
        data={
            "action": "cancel",
            "ids": [str(i) for i in ids],
            "back": "status=cancelled",
            "_csrf_token": token,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"].endswith("/registrations?status=cancelled")
    page = (await organiser.get(response.headers["location"])).text
    assert "Cancelled: 2." in page
    statuses = [r[0] for r in await db.fetch_all("SELECT status FROM registrations ORDER BY id")]
    assert statuses == [
        "cancelled",
        "cancelled",
        "confirmed",
        "confirmed",
        "confirmed",
        "confirmed",
    ]

    # Cancelling them again is skipped, and said so.
    token = await csrf_token(organiser, f"/manage/{event.slug}/registrations")
    again = await organiser.post(
        f"/manage/{event.slug}/registrations/bulk?lang=en",
        data={"action": "cancel", "ids": [str(i) for i in ids], "_csrf_token": token},
    )
    assert "2 registrations were skipped" in again.text

    export = await organiser.get(
        f"/manage/{event.slug}/registrations.csv?status=confirmed&sort=name&lang=en"
    )
    assert export.status_code == 200
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0] == ["Name", "E-mail", "Organisation", "Status", "Ticket", "Registered"]
    assert [r[0] for r in rows[1:]] == ["Person 002", "Person 003", "Person 004", "Person 005"]
    assert {r[3] for r in rows[1:]} == {"Confirmed"}
    swedish = await organiser.get(f"/manage/{event.slug}/registrations.csv?lang=sv")
    assert swedish.content.decode("utf-8-sig").splitlines()[0].startswith("Namn,E-post")
