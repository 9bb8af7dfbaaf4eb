from __future__ import annotations

from datetime import datetime, timedelta

from eventday.db import Database
from tests.conftest import TEST_PASSWORDS, Client, csrf_token


async def test_unknown_page_gets_an_error_page_in_swedish(client: Client) -> None:
    response = await client.get("/finns-inte")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Hittades inte" in response.text


async def test_unknown_page_gets_an_error_page_in_english(client: Client) -> None:
    response = await client.get("/missing", headers={"accept-language": "en"})
    assert response.status_code == 404
    assert "Not found" in response.text


async def test_unknown_api_route_gets_a_problem_document(client: Client) -> None:
    response = await client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert (body["status"], body["instance"]) == (404, "/api/v1/nothing-here")
    assert body["type"] == "urn:eventday:problem:not-found"


async def test_oversized_body_is_refused(client: Client) -> None:
    token = await csrf_token(client)
    response = await client.post(
        "/login",
        content=b"x" * 2_000_000,
        headers={"content-type": "application/x-www-form-urlencoded", "x-csrftoken": token},
    )
    assert response.status_code == 413


async def test_malformed_json_to_the_api_is_a_problem_and_writes_nothing(
    client: Client, db: Database, now: datetime
) -> None:
    from eventday.accounts import service as accounts
    from eventday.accounts.models import AccountIn, Role

    account = await accounts.create_account(
        db,
        TEST_PASSWORDS,
        AccountIn(email="org@example.se", role=Role.ORGANISER, password="long enough pw"),
    )
    token = await accounts.create_api_token(db, account.id, "t")
    response = await client.post(
        "/api/v1/events",
        content=b'{"name": "Dagen", "starts_at": ',
        headers={"authorization": f"Bearer {token}", "content-type": "application/json"},
    )
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert await db.fetch_value("SELECT count(*) FROM events") == 0


async def test_api_event_with_end_before_start_names_the_field(
    client: Client, db: Database, now: datetime
) -> None:
    from eventday.accounts import service as accounts
    from eventday.accounts.models import AccountIn, Role

    account = await accounts.create_account(
        db,
        TEST_PASSWORDS,
        AccountIn(email="org@example.se", role=Role.ORGANISER, password="long enough pw"),
    )
    token = await accounts.create_api_token(db, account.id, "t")
    response = await client.post(
        "/api/v1/events",
        json={
            "name": "Dagen",
            "starts_at": (now + timedelta(days=1, hours=1)).isoformat(),
            "ends_at": (now + timedelta(days=1)).isoformat(),
        },
        headers={"authorization": f"Bearer {token}", "accept-language": "en"},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"ends_at": "The event must end after it starts."}
    assert await db.fetch_value("SELECT count(*) FROM events") == 0
