"""The attendee's private link: a message after each change, and a cancelled
registration offers to register again."""

from __future__ import annotations

from eventday.db import Database
from tests.conftest import Client, csrf_token
from tests.registration.conftest import make_event, private_token, register


async def test_editing_says_it_is_saved(client: Client, db: Database) -> None:
    event = await make_event(db)
    token = private_token(await register(client, event, "anna@example.se"))
    csrf = await csrf_token(client, f"/r/{token}/edit")
    saved = await client.post(
        f"/r/{token}/edit?lang=en",
        data={
            "name": "Anna Andersson",
            "email": "anna@example.se",
            "organisation": "Verkstaden AB",
            "_csrf_token": csrf,
        },
    )
    assert saved.status_code == 200
    assert "The answers are saved." in saved.text
    assert await db.fetch_value("SELECT name FROM registrations") == "Anna Andersson"


async def test_a_cancelled_registration_offers_to_register_again(
    client: Client, db: Database
) -> None:
    event = await make_event(db)
    token = private_token(await register(client, event, "anna@example.se"))
    csrf = await csrf_token(client, f"/r/{token}/cancel")
    cancelled = await client.post(f"/r/{token}/cancel?lang=en", data={"_csrf_token": csrf})
    assert "Your registration is cancelled." in cancelled.text
    assert f'href="/e/{event.slug}/register">Register again</a>' in cancelled.text
    again = await register(client, event, "anna@example.se")
    private_token(again)
    statuses = [r[0] for r in await db.fetch_all("SELECT status FROM registrations ORDER BY id")]
    assert statuses == ["cancelled", "confirmed"]
