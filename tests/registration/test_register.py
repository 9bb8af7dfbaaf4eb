from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from eventday.clock import utcnow
from eventday.codes import ALPHABET
from eventday.db import Database
from eventday.registration import service
from eventday.registration.models import QuestionIn, QuestionKind, RegistrationFormIn
from tests.conftest import Client, csrf_token
from tests.registration.conftest import make_event, private_token, register

# Dates here are relative to the clock: the tests also run a year ahead and back.
pytestmark = pytest.mark.any_date


async def test_register_confirms_and_the_private_link_shows_the_ticket(
    client: Client, db: Database
) -> None:
    event = await make_event(db, capacity=10)

    response = await register(client, event, "anna@example.se")
    token = private_token(response)
    page = await client.get(f"/r/{token}?new=1")

    code = await db.fetch_value("SELECT ticket_code FROM registrations")
    assert page.status_code == 200
    assert code in page.text
    assert "data:image/svg+xml" in page.text
    assert len(code) == 8
    assert set(code) <= set(ALPHABET)
    assert await db.fetch_value("SELECT status FROM registrations") == "confirmed"


async def test_register_same_email_other_case_refused_with_link_offer(
    client: Client, db: Database
) -> None:
    event = await make_event(db)
    private_token(await register(client, event, "Anna@Example.se"))

    again = await register(client, event, "anna@example.SE")

    assert again.status_code == 409
    assert f'href="/e/{event.slug}/link"' in again.text
    assert await db.fetch_value("SELECT COUNT(*) FROM registrations") == 1


async def test_register_bad_fields_get_messages_and_nothing_is_written(
    client: Client, db: Database
) -> None:
    event = await make_event(db)
    await service.add_question(
        db, event, QuestionIn(label="Storlek", kind=QuestionKind.SINGLE, options=["S", "M"])
    )
    question_key = f"q{await db.fetch_value('SELECT id FROM registration_questions')}"

    response = await register(
        client, event, "not-an-email", name="x" * 201, **{question_key: "XXL"}
    )

    assert response.status_code == 422
    assert 'id="field-email-error"' in response.text
    assert 'id="field-name-error"' in response.text
    assert f'id="field-{question_key}-error"' in response.text
    assert await db.fetch_value("SELECT COUNT(*) FROM registrations") == 0


async def test_register_after_closing_time_is_refused(
    client: Client, db: Database, now: datetime
) -> None:
    event = await make_event(db, registration_closes_at=now - timedelta(minutes=1))
    page = await client.get(f"/e/{event.slug}/register")
    assert f'action="/e/{event.slug}/register"' not in page.text
    token = await csrf_token(client, f"/e/{event.slug}/link")

    response = await client.post(
        f"/e/{event.slug}/register",
        data={"name": "A", "email": "a@example.se", "organisation": "B", "_csrf_token": token},
    )

    assert response.status_code == 409
    assert await db.fetch_value("SELECT COUNT(*) FROM registrations") == 0


async def test_register_consent_is_required_and_stored_with_version_and_time(
    client: Client, db: Database
) -> None:
    event = await make_event(db)
    await service.save_form(db, event, RegistrationFormIn(consent_text="Vi sparar dina uppgifter."))
    await service.save_form(db, event, RegistrationFormIn(consent_text="Vi sparar dem ett år."))

    refused = await register(client, event, "a@example.se")
    accepted = await register(client, event, "a@example.se", consent="on")

    assert refused.status_code == 422
    assert 'id="field-consent-error"' in refused.text
    private_token(accepted)
    row = await db.fetch_one(
        "SELECT consent_version, consent_text, consented_at FROM registrations"
    )
    assert row is not None
    assert (row[0], row[1]) == (2, "Vi sparar dem ett år.")
    assert datetime.fromisoformat(row[2]) > utcnow() - timedelta(minutes=1)


async def test_cancel_on_private_link_promotes_the_first_on_the_waitlist(
    client: Client, db: Database
) -> None:
    event = await make_event(db, capacity=1)
    first = private_token(await register(client, event, "first@example.se"))
    private_token(await register(client, event, "second@example.se"))
    private_token(await register(client, event, "third@example.se"))

    token = await csrf_token(client, f"/r/{first}/cancel")
    await client.post(f"/r/{first}/cancel", data={"_csrf_token": token})

    rows = await db.fetch_all("SELECT email, status FROM registrations ORDER BY id")
    assert [tuple(r) for r in rows] == [
        ("first@example.se", "cancelled"),
        ("second@example.se", "confirmed"),
        ("third@example.se", "waitlisted"),
    ]
    subjects = await db.fetch_all(
        "SELECT recipient, subject FROM mail_outbox WHERE subject LIKE '%seat%'"
        " OR subject LIKE '%plats%'"
    )
    assert [r[0] for r in subjects] == ["second@example.se"]


async def test_private_link_changes_answers_and_downloads_my_data(
    client: Client, db: Database
) -> None:
    event = await make_event(db)
    link = private_token(await register(client, event, "a@example.se"))
    token = await csrf_token(client, f"/r/{link}/edit")

    changed = await client.post(
        f"/r/{link}/edit",
        data={
            "name": "Anna Ny",
            "email": "a@example.se",
            "organisation": "Nya AB",
            "_csrf_token": token,
        },
        follow_redirects=False,
    )
    data = await client.get(f"/r/{link}/data.json")

    assert changed.status_code == 303
    body = json.loads(data.text)
    assert body["registration"]["name"] == "Anna Ny"
    assert body["registration"]["organisation"] == "Nya AB"
    assert body["mail"][0]["status"] == "queued"


async def test_private_link_with_a_wrong_token_is_not_found(client: Client) -> None:
    response = await client.get("/r/not-a-real-token")
    assert response.status_code == 404


async def test_link_again_replaces_the_old_private_link(client: Client, db: Database) -> None:
    event = await make_event(db)
    old = private_token(await register(client, event, "a@example.se"))
    token = await csrf_token(client, f"/e/{event.slug}/link")

    await client.post(f"/e/{event.slug}/link", data={"email": "A@example.se", "_csrf_token": token})

    assert (await client.get(f"/r/{old}")).status_code == 404
    body = await db.fetch_value("SELECT body FROM mail_outbox ORDER BY id DESC LIMIT 1")
    new = body.split("/r/")[1].split()[0]
    assert (await client.get(f"/r/{new}")).status_code == 200


async def test_link_again_is_limited_per_address(client: Client, db: Database) -> None:
    event = await make_event(db)
    private_token(await register(client, event, "a@example.se"))
    token = await csrf_token(client, f"/e/{event.slug}/link")

    codes = [
        (
            await client.post(
                f"/e/{event.slug}/link", data={"email": "a@example.se", "_csrf_token": token}
            )
        ).status_code
        for _ in range(7)
    ]

    assert codes == [200] * 5 + [429] * 2
    assert await db.fetch_value("SELECT COUNT(*) FROM mail_outbox") == 1 + 5
