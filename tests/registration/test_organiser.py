"""The organiser's side: the registrations list and API, the form settings, the
event's create and edit pages."""

from __future__ import annotations

from eventday.db import Database
from tests.conftest import Client, csrf_token
from tests.registration.conftest import make_event, private_token, register


async def test_registrations_api_searches_filters_and_acts(
    client: Client, db: Database, api: dict[str, str]
) -> None:
    event = await make_event(db, capacity=1)
    for email in ("anna@gruvan.se", "bo@verket.se", "cia@verket.se"):
        private_token(await register(client, event, email))
    base = f"/api/v1/events/{event.slug}/registrations"

    found = (await client.get(f"{base}?q=verket", headers=api)).json()
    waiting = (await client.get(f"{base}?status=waitlisted", headers=api)).json()
    bad = await client.get(f"{base}?status=nonsense", headers=api)

    assert sorted(r["email"] for r in found["registrations"]) == ["bo@verket.se", "cia@verket.se"]
    assert [r["email"] for r in waiting["registrations"]] == ["bo@verket.se", "cia@verket.se"]
    assert waiting["counts"] == {"confirmed": 1, "waitlisted": 2, "pending": 0, "cancelled": 0}
    assert bad.status_code == 422

    cia = waiting["registrations"][1]["id"]
    promoted = await client.post(f"{base}/{cia}/promote", headers=api)
    assert promoted.status_code == 200
    assert promoted.json()["status"] == "confirmed"
    first = found["registrations"][0]["id"]
    resent = await client.post(f"{base}/{first}/resend", headers=api)
    assert resent.status_code == 200
    cancelled = await client.post(f"{base}/{cia}/cancel", headers=api)
    assert cancelled.json()["status"] == "cancelled"
    statuses = await db.fetch_all("SELECT email, status FROM registrations ORDER BY id")
    # Two confirmed on one seat after the organiser added one; cancelling the extra
    # seat does not promote (the event is at capacity again).
    assert [tuple(r) for r in statuses] == [
        ("anna@gruvan.se", "confirmed"),
        ("bo@verket.se", "waitlisted"),
        ("cia@verket.se", "cancelled"),
    ]


async def test_registrations_approval_keeps_people_pending_until_approved(
    client: Client, db: Database, api: dict[str, str]
) -> None:
    event = await make_event(db, requires_approval=True)
    private_token(await register(client, event, "anna@example.se"))
    reg_id = await db.fetch_value("SELECT id FROM registrations")
    assert await db.fetch_value("SELECT status FROM registrations") == "pending"

    approved = await client.post(
        f"/api/v1/events/{event.slug}/registrations/{reg_id}/approve", headers=api
    )

    assert approved.json()["status"] == "confirmed"


async def test_registrations_page_lists_and_cancels_for_organisers_only(
    organiser: Client, db: Database
) -> None:
    event = await make_event(db)
    private_token(await register(organiser, event, "anna@example.se"))
    reg_id = await db.fetch_value("SELECT id FROM registrations")

    page = await organiser.get(f"/manage/{event.slug}/registrations?q=anna")
    token = await csrf_token(organiser, f"/manage/{event.slug}/registrations")
    await organiser.post(
        f"/manage/{event.slug}/registrations/{reg_id}/cancel", data={"_csrf_token": token}
    )
    await organiser.post("/logout", data={"_csrf_token": token})
    anonymous = await organiser.get(f"/manage/{event.slug}/registrations")

    assert "anna@example.se" in page.text
    assert await db.fetch_value("SELECT status FROM registrations") == "cancelled"
    assert anonymous.status_code == 401


async def test_registration_form_questions_are_asked_and_validated(
    client: Client, db: Database, api: dict[str, str]
) -> None:
    event = await make_event(db)
    base = f"/api/v1/events/{event.slug}/registration-form"
    await client.put(
        base, json={"builtins": {"gender": "required", "region": "optional"}}, headers=api
    )
    question = await client.post(
        f"{base}/questions",
        json={"label": "Antal anställda", "kind": "number", "required": True},
        headers=api,
    )
    key = f"q{question.json()['id']}"

    form = await client.get(f"/e/{event.slug}/register")
    wrong = await register(client, event, "a@example.se", gender="robot", **{key: "många"})
    right = await register(client, event, "a@example.se", gender="undisclosed", **{key: "12"})

    assert "Antal anställda" in form.text
    assert 'name="gender"' in form.text
    assert wrong.status_code == 422
    assert 'id="field-gender-error"' in wrong.text
    assert f'id="field-{key}-error"' in wrong.text
    private_token(right)
    answers = await db.fetch_value("SELECT answers FROM registrations")
    assert answers == f'{{"gender":"undisclosed","{key}":12}}'


async def test_event_edit_page_changes_the_event_in_its_time_zone(
    organiser: Client, db: Database
) -> None:
    event = await make_event(db, capacity=1)
    private_token(await register(organiser, event, "a@example.se"))
    private_token(await register(organiser, event, "b@example.se"))
    token = await csrf_token(organiser, f"/manage/{event.slug}/edit")

    response = await organiser.post(
        f"/manage/{event.slug}/edit",
        data={
            "name": "Nytt namn",
            "timezone": "Europe/Stockholm",
            "format": "hybrid",
            "starts_at": "2030-07-01T09:00",
            "ends_at": "2030-07-01T16:00",
            "capacity": "2",
            "_csrf_token": token,
        },
        follow_redirects=False,
    )

    assert response.status_code == 303
    row = await db.fetch_one("SELECT name, starts_at, format FROM events")
    assert row is not None
    assert tuple(row) == ("Nytt namn", "2030-07-01T07:00:00+00:00", "hybrid")
    # The larger capacity gave the waitlisted person a seat.
    assert (
        await db.fetch_value("SELECT COUNT(*) FROM registrations WHERE status = 'confirmed'") == 2
    )


async def test_event_create_page_refuses_an_end_before_the_start(
    organiser: Client, db: Database
) -> None:
    token = await csrf_token(organiser, "/manage/new-event")

    response = await organiser.post(
        "/manage/new-event",
        data={
            "name": "Baklänges",
            "timezone": "Europe/Stockholm",
            "format": "onsite",
            "starts_at": "2030-07-01T16:00",
            "ends_at": "2030-07-01T09:00",
            "_csrf_token": token,
        },
    )

    assert response.status_code == 422
    assert 'id="field-ends_at-error"' in response.text
    assert await db.fetch_value("SELECT COUNT(*) FROM events") == 0


async def test_session_form_shows_the_overlap_next_to_the_start(
    organiser: Client, db: Database, api: dict[str, str]
) -> None:
    event = await make_event(db)
    room = await organiser.post(
        f"/api/v1/events/{event.slug}/rooms", json={"name": "Storhallen"}, headers=api
    )
    day = event.starts_at.date().isoformat()
    await organiser.post(
        f"/api/v1/events/{event.slug}/sessions",
        json={
            "title": "Först",
            "starts_at": f"{day}T10:00:00",
            "ends_at": f"{day}T11:00:00",
            "room_id": room.json()["id"],
        },
        headers=api,
    )
    token = await csrf_token(organiser, f"/manage/{event.slug}/agenda/sessions/0")

    response = await organiser.post(
        f"/manage/{event.slug}/agenda/sessions/0",
        data={
            "title": "Krock",
            "kind": "talk",
            "starts_at": f"{day}T10:30",
            "ends_at": f"{day}T11:30",
            "room_id": str(room.json()["id"]),
            "_csrf_token": token,
        },
    )

    assert response.status_code == 409
    assert 'id="field-starts_at-error"' in response.text
    assert f'<option value="{room.json()["id"]}" selected>Storhallen</option>' in response.text
    assert "Först" in response.text
    assert await db.fetch_value("SELECT COUNT(*) FROM sessions") == 1


async def test_organiser_edits_a_registration_and_a_bad_email_is_refused(
    organiser: Client, db: Database
) -> None:
    event = await make_event(db)
    private_token(await register(organiser, event, "anna@example.se"))
    reg_id = await db.fetch_value("SELECT id FROM registrations")
    path = f"/manage/{event.slug}/registrations/{reg_id}/edit"
    token = await csrf_token(organiser, path)
    fields = {"name": "Anna Berg", "organisation": "Gruvan AB", "_csrf_token": token}

    refused = await organiser.post(path, data={**fields, "email": "inte-en-adress"})
    saved = await organiser.post(
        path, data={**fields, "email": "anna.berg@example.se"}, follow_redirects=False
    )

    assert refused.status_code == 422
    assert 'id="field-email-error"' in refused.text
    assert saved.status_code == 303
    row = await db.fetch_one("SELECT name, email, organisation FROM registrations")
    assert row is not None
    assert tuple(row) == ("Anna Berg", "anna.berg@example.se", "Gruvan AB")
