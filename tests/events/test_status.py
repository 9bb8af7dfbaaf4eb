"""Draft, published, archived: who sees an event, where it is listed, who may
register; the organiser's buttons and messages; the API's status field."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from eventday.accounts.models import EventRole, Role
from eventday.db import Database
from eventday.events import service as events
from eventday.events.models import Event, EventIn, EventStatus
from tests.conftest import AccountMaker, Client, csrf_token, grant, log_in, tomorrow_at


async def draft(db: Database, now: datetime, name: str = "Utkastdagen") -> Event:
    starts = tomorrow_at(now, 8)
    return await events.create_event(
        db,
        EventIn(
            name=name,
            starts_at=starts,
            ends_at=starts + timedelta(hours=8),
            status=EventStatus.DRAFT,
        ),
    )


async def test_events_made_through_the_service_are_published_unless_asked(
    db: Database, event: Event, now: datetime
) -> None:
    assert event.status is EventStatus.PUBLISHED
    assert (await draft(db, now)).status is EventStatus.DRAFT


async def test_the_front_page_lists_only_published_events_each_linked(
    client: Client, db: Database, event: Event, now: datetime
) -> None:
    hidden = await draft(db, now)
    archived = await draft(db, now, "Arkivdagen")
    await events.set_status(db, archived, EventStatus.ARCHIVED)
    html = (await client.get("/")).text
    assert f'<a href="/e/{event.slug}">{event.name}</a>' in html
    assert hidden.name not in html
    assert archived.name not in html


async def test_a_draft_is_not_found_by_the_public(
    client: Client, db: Database, now: datetime
) -> None:
    event = await draft(db, now)
    for path in (f"/e/{event.slug}", f"/e/{event.slug}/register", f"/e/{event.slug}/speakers"):
        assert (await client.get(path)).status_code == 404, path


async def test_a_draft_shows_to_its_team_with_a_banner_and_takes_no_registrations(
    client: Client, db: Database, now: datetime, make_account: AccountMaker
) -> None:
    event = await draft(db, now)
    await make_account(Role.MODERATOR, "mod@example.se")
    await grant(db, event, "mod@example.se", EventRole.MODERATOR)
    await log_in(client, "mod@example.se")
    page = await client.get(f"/e/{event.slug}?lang=en")
    assert page.status_code == 200
    assert 'class="alert alert--warn status-banner"' in page.text
    assert "Draft: only the event" in page.text
    assert ">Register</a>" not in page.text
    assert (
        "Registration for this event is closed"
        in (await client.get(f"/e/{event.slug}/register?lang=en")).text
    )
    token = await csrf_token(client)
    posted = await client.post(
        f"/e/{event.slug}/register",
        data={"name": "A", "email": "a@example.se", "organisation": "B", "_csrf_token": token},
    )
    assert posted.status_code == 409
    assert "closed" in posted.text


async def test_a_moderator_of_another_event_does_not_see_the_draft(
    client: Client, db: Database, event: Event, now: datetime, make_account: AccountMaker
) -> None:
    hidden = await draft(db, now)
    await make_account(Role.MODERATOR, "mod@example.se")
    await grant(db, event, "mod@example.se", EventRole.MODERATOR)
    await log_in(client, "mod@example.se")
    assert (await client.get(f"/e/{hidden.slug}")).status_code == 404


async def test_the_page_creates_a_draft_then_publishes_and_archives_it_with_messages(
    organiser: Client, db: Database, now: datetime
) -> None:
    starts = tomorrow_at(now, 8)
    token = await csrf_token(organiser, "/manage/new-event")
    created = await organiser.post(
        "/manage/new-event?lang=en",
        data={
            "name": "Nya dagen",
            "timezone": "Europe/Stockholm",
            "format": "onsite",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts + timedelta(hours=7)).strftime("%Y-%m-%dT%H:%M"),
            "_csrf_token": token,
        },
        follow_redirects=False,
    )
    assert created.status_code == 303
    assert created.headers["location"] == "/manage/nya-dagen/edit"
    page = (await organiser.get("/manage/nya-dagen/edit")).text
    assert "The event is created as a draft" in page
    assert "saved=1" not in page
    # The message is shown once.
    assert (
        "The event is created as a draft"
        not in (await organiser.get("/manage/nya-dagen/edit")).text
    )
    assert (await events.get_event(db, "nya-dagen")).status is EventStatus.DRAFT

    for target, message in (
        ("published", "The event is published"),
        ("archived", "The event is archived"),
        ("draft", "The event is a draft again"),
    ):
        token = await csrf_token(organiser, "/manage/nya-dagen/edit")
        moved = await organiser.post(
            "/manage/nya-dagen/status",
            data={"status": target, "_csrf_token": token},
        )
        assert moved.status_code == 200
        assert message in moved.text
        assert (await events.get_event(db, "nya-dagen")).status.value == target


async def test_saving_the_settings_says_so(organiser: Client, event: Event) -> None:
    page = (await organiser.get(f"/manage/{event.slug}/edit?lang=en")).text
    values = dict(
        re.findall(r'<input id="field-[^"]+" name="([^"]+)" type="[^"]+" value="([^"]*)"', page)
    )
    token = await csrf_token(organiser, f"/manage/{event.slug}/edit")
    saved = await organiser.post(
        f"/manage/{event.slug}/edit",
        data={**values, "format": "onsite", "_csrf_token": token},
    )
    assert saved.status_code == 200
    assert "The event&#39;s settings are saved." in saved.text
    assert 'role="status"' in saved.text


async def test_the_api_reads_and_changes_the_status(
    client: Client, db: Database, event: Event, api_headers: dict[str, str]
) -> None:
    got = await client.get(f"/api/v1/events/{event.slug}", headers=api_headers)
    assert got.json()["status"] == "published"
    body = {
        "name": event.name,
        "starts_at": event.starts_at.isoformat(),
        "ends_at": event.ends_at.isoformat(),
        "status": "archived",
    }
    put = await client.put(f"/api/v1/events/{event.slug}", json=body, headers=api_headers)
    assert put.status_code == 200
    assert put.json()["status"] == "archived"
    del body["status"]
    kept = await client.put(f"/api/v1/events/{event.slug}", json=body, headers=api_headers)
    assert kept.json()["status"] == "archived"
    bad = await client.put(
        f"/api/v1/events/{event.slug}", json={**body, "status": "gone"}, headers=api_headers
    )
    assert bad.status_code == 422
    created = await client.post(
        "/api/v1/events", json={**body, "name": "API-dagen", "status": "draft"}, headers=api_headers
    )
    assert created.status_code == 201
    assert created.json()["status"] == "draft"
