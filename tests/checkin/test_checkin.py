"""Check-in through the API and the staff page: every outcome with its reason,
nonce retries, undo, walk-ins, workshop lists and roles."""

from __future__ import annotations

from datetime import timedelta

import pytest

from eventday.accounts.models import EventRole, Role
from eventday.agenda import service as agenda
from eventday.agenda.models import SessionIn, SessionKind
from eventday.db import Database
from eventday.events import service as events
from eventday.events.models import Event, EventIn
from eventday.registration import service as registration
from eventday.settings import Settings
from tests.checkin.conftest import mailer_for, register
from tests.conftest import AccountMaker, Client, csrf_token, grant, log_in
from tests.live.helpers import api_token

# Dates here are relative to the clock: the tests also run a year ahead and back.
pytestmark = pytest.mark.any_date


async def scan(
    client: Client, headers: dict[str, str], event: Event, nonce: str, **body: object
) -> dict[str, object]:
    response = await client.post(
        f"/api/v1/events/{event.slug}/checkin/scans",
        json={"nonce": nonce, **body},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    value: dict[str, object] = response.json()
    return value


async def test_scan_checks_in_a_confirmed_ticket(
    client: Client, db: Database, settings: Settings, event: Event, staff_api: dict[str, str]
) -> None:
    reg = (await register(db, settings, event, 1)).registration

    result = await scan(client, staff_api, event, "nonce-0001", code=reg.ticket_code.lower())

    assert (result["outcome"], result["colour"], result["name"]) == (
        "checked-in",
        "green",
        "Person 1",
    )
    assert await db.fetch_value("SELECT COUNT(*) FROM checkins") == 1


async def test_scan_retry_with_same_nonce_counts_once(
    client: Client, db: Database, settings: Settings, event: Event, staff_api: dict[str, str]
) -> None:
    reg = (await register(db, settings, event, 1)).registration

    first = await scan(client, staff_api, event, "nonce-0001", code=reg.ticket_code)
    retry = await scan(client, staff_api, event, "nonce-0001", code=reg.ticket_code)

    assert first["outcome"] == retry["outcome"] == "checked-in"
    assert first["checkin_id"] == retry["checkin_id"]
    assert await db.fetch_value("SELECT COUNT(*) FROM checkins") == 1
    assert await db.fetch_value("SELECT COUNT(*) FROM checkin_scans") == 1


async def test_scan_second_scan_says_already_with_time_and_staff(
    client: Client, db: Database, settings: Settings, event: Event, staff_api: dict[str, str]
) -> None:
    reg = (await register(db, settings, event, 1)).registration
    await scan(client, staff_api, event, "nonce-0001", code=reg.ticket_code)

    second = await scan(client, staff_api, event, "nonce-0002", code=reg.ticket_code)

    assert (second["outcome"], second["colour"], second["staff"]) == (
        "already",
        "amber",
        "staff-api@example.se",
    )
    assert str(second["message"]).startswith("Already checked in at ")
    assert str(second["message"]).endswith(" by staff-api@example.se")


async def test_scan_reasons_for_each_refusal(
    client: Client, db: Database, settings: Settings, event: Event, staff_api: dict[str, str]
) -> None:
    full = await events.create_event(
        db,
        EventIn(
            name="Andra dagen",
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            capacity=1,
        ),
    )
    other = (await register(db, settings, full, 1)).registration
    waitlisted = (await register(db, settings, full, 2)).registration
    cancelled = (await register(db, settings, event, 3)).registration
    await registration.cancel(db, mailer_for(db, settings), event, cancelled)
    pending_event = await events.create_event(
        db,
        EventIn(
            name="Tredje", starts_at=event.starts_at, ends_at=event.ends_at, requires_approval=True
        ),
    )
    await grant(db, full, "staff-api@example.se", EventRole.STAFF)
    await grant(db, pending_event, "staff-api@example.se", EventRole.STAFF)
    pending = (await register(db, settings, pending_event, 4)).registration

    wrong = await scan(client, staff_api, event, "nonce-0001", code=other.ticket_code)
    unknown = await scan(client, staff_api, event, "nonce-0002", code="QQQQQQQQ")
    gone = await scan(client, staff_api, event, "nonce-0003", code=cancelled.ticket_code)
    waiting = await scan(client, staff_api, full, "nonce-0004", code=waitlisted.ticket_code)
    unapproved = await scan(
        client, staff_api, pending_event, "nonce-0005", code=pending.ticket_code
    )

    assert [r["outcome"] for r in (wrong, unknown, gone, waiting, unapproved)] == [
        "wrong-event",
        "not-registered",
        "cancelled",
        "waitlisted",
        "pending",
    ]
    assert {r["colour"] for r in (wrong, unknown, gone, waiting, unapproved)} == {"red"}
    assert wrong["message"] == "Wrong event: this ticket is for Andra dagen"
    assert wrong["name"] == ""
    assert await db.fetch_value("SELECT COUNT(*) FROM checkins") == 0


async def test_workshop_list_needs_a_seat(
    client: Client, db: Database, settings: Settings, event: Event, staff_api: dict[str, str]
) -> None:
    workshop = await agenda.save_session(
        db,
        event,
        SessionIn(
            title="Verkstad",
            kind=SessionKind.WORKSHOP,
            starts_at=event.starts_at + timedelta(hours=2),
            ends_at=event.starts_at + timedelta(hours=3),
            capacity=10,
        ),
    )
    booked = (await register(db, settings, event, 1)).registration
    await registration.choose_sessions(db, mailer_for(db, settings), event, booked, [workshop.id])
    unbooked = (await register(db, settings, event, 2)).registration
    key = f"s{workshop.id}"

    ok = await scan(client, staff_api, event, "nonce-0001", code=booked.ticket_code, list=key)
    no = await scan(client, staff_api, event, "nonce-0002", code=unbooked.ticket_code, list=key)
    door = await scan(client, staff_api, event, "nonce-0003", code=booked.ticket_code)
    counts = (
        await client.get(f"/api/v1/events/{event.slug}/checkin/counts", headers=staff_api)
    ).json()

    assert (ok["outcome"], no["outcome"], door["outcome"]) == (
        "checked-in",
        "no-seat",
        "checked-in",
    )
    assert [(c["key"], c["checked_in"], c["expected"]) for c in counts] == [
        ("door", 1, 2),
        (key, 1, 1),
    ]


async def test_undo_lets_the_ticket_check_in_again(
    client: Client, db: Database, settings: Settings, event: Event, staff_api: dict[str, str]
) -> None:
    reg = (await register(db, settings, event, 1)).registration
    first = await scan(client, staff_api, event, "nonce-0001", code=reg.ticket_code)

    undone = await client.post(
        f"/api/v1/events/{event.slug}/checkin/checkins/{first['checkin_id']}/undo",
        headers=staff_api,
    )
    again = await scan(client, staff_api, event, "nonce-0002", code=reg.ticket_code)

    assert undone.status_code == 204
    assert again["outcome"] == "checked-in"
    rows = await db.fetch_all("SELECT undone_at, undone_by FROM checkins ORDER BY id")
    assert [r["undone_by"] for r in rows] == ["staff-api@example.se", ""]
    assert rows[0]["undone_at"] is not None


async def test_walk_in_registers_and_checks_in(
    client: Client, db: Database, event: Event, staff_api: dict[str, str]
) -> None:
    response = await client.post(
        f"/api/v1/events/{event.slug}/checkin/walk-ins",
        json={"name": "Ny Person", "email": "ny@example.se", "organisation": "Gjuteriet"},
        headers=staff_api,
    )

    assert response.status_code == 201, response.text
    assert response.json()["outcome"] == "checked-in"
    row = await db.fetch_one(
        "SELECT r.status, c.walk_in FROM registrations r JOIN checkins c"
        " ON c.registration_id = r.id WHERE r.email = 'ny@example.se'"
    )
    assert row is not None
    assert (row["status"], row["walk_in"]) == ("confirmed", 1)


async def test_checkin_page_typed_code_shows_green_result(
    staff: Client, db: Database, settings: Settings, event: Event
) -> None:
    reg = (await register(db, settings, event, 1)).registration
    token = await csrf_token(staff, f"/checkin/{event.slug}")

    response = await staff.post(
        f"/checkin/{event.slug}/scan",
        data={
            "_csrf_token": token,
            "nonce": "page-nonce-1",
            "list": "door",
            "code": reg.ticket_code,
        },
    )

    assert response.status_code == 200
    assert "result--green" in response.text
    assert "Person 1" in response.text


async def test_checkin_page_search_finds_by_organisation(
    staff: Client, db: Database, settings: Settings, event: Event
) -> None:
    await register(db, settings, event, 1, organisation="Sandvik Coromant")

    response = await staff.get(f"/checkin/{event.slug}?q=coromant")

    assert response.status_code == 200
    assert "Person 1" in response.text


async def test_checkin_roles_anonymous_401_moderator_403(
    client: Client, db: Database, event: Event, make_account: AccountMaker
) -> None:
    anonymous_page = await client.get(f"/checkin/{event.slug}", follow_redirects=False)
    anonymous_api = await client.post(
        f"/api/v1/events/{event.slug}/checkin/scans", json={"nonce": "nonce-0001", "code": "X"}
    )
    await make_account(Role.MODERATOR, "mod@example.se")
    await grant(db, event, "mod@example.se", EventRole.MODERATOR)
    headers = await api_token(db, "mod@example.se")
    moderator_api = await client.post(
        f"/api/v1/events/{event.slug}/checkin/scans",
        json={"nonce": "nonce-0001", "code": "X"},
        headers=headers,
    )
    await log_in(client, "mod@example.se")
    moderator_page = await client.get(f"/checkin/{event.slug}")

    assert anonymous_api.status_code == 401
    assert anonymous_page.status_code in (303, 401)
    assert moderator_api.status_code == 403
    assert moderator_page.status_code == 403


async def test_checkin_page_empty_code_says_so_next_to_the_field(
    staff: Client, event: Event
) -> None:
    token = await csrf_token(staff, f"/checkin/{event.slug}")

    response = await staff.post(
        f"/checkin/{event.slug}/scan",
        data={"_csrf_token": token, "nonce": "page-nonce-1", "list": "door", "code": ""},
        headers={"Accept-Language": "en"},
    )

    assert response.status_code == 422
    assert 'id="field-code-error">Type or scan a ticket code.</p>' in response.text


async def test_checkin_page_undo_takes_the_checkin_back(
    staff: Client, db: Database, settings: Settings, event: Event
) -> None:
    reg = (await register(db, settings, event, 1)).registration
    token = await csrf_token(staff, f"/checkin/{event.slug}")
    await staff.post(
        f"/checkin/{event.slug}/scan",
        data={
            "_csrf_token": token,
            "nonce": "page-nonce-1",
            "list": "door",
            "code": reg.ticket_code,
        },
    )
    checkin_id = await db.fetch_value("SELECT id FROM checkins")

    response = await staff.post(
        f"/checkin/{event.slug}/undo/{checkin_id}",
        data={"_csrf_token": token, "list": "door"},
        follow_redirects=False,
    )

    assert response.status_code == 303
    assert await db.fetch_value("SELECT undone_by FROM checkins") == "staff@example.se"
