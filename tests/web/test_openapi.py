"""The HTTP contract as an independent client sees it: the OpenAPI document is served
and valid, every operation names its errors and files, and the server answers as the
document and docs/api.md say."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from bs4 import BeautifulSoup
from openapi_spec_validator import validate

from eventday.accounts import service as accounts
from eventday.accounts.models import AccountIn, Role
from eventday.clock import utcnow
from eventday.db import Database
from eventday.events import service as events
from eventday.events.models import Event, EventIn
from tests.conftest import PASSWORD, TEST_PASSWORDS, Client

METHODS = ("get", "put", "post", "delete", "patch")
PROBLEM = "application/problem+json"
PROBLEM_REF = "#/components/schemas/ProblemDetails"


@pytest.fixture
async def spec(client: Client) -> dict[str, Any]:
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200, response.text[:500]
    document: dict[str, Any] = response.json()
    return document


@pytest.fixture
async def api(db: Database) -> dict[str, str]:
    account = await accounts.create_account(
        db,
        TEST_PASSWORDS,
        AccountIn(email="contract@example.se", role=Role.ORGANISER, password=PASSWORD),
    )
    return {"Authorization": f"Bearer {await accounts.create_api_token(db, account.id, 't')}"}


@pytest.fixture
async def upcoming(db: Database) -> Event:
    """An event a month from the test's now, so registration is open."""
    starts = utcnow().replace(microsecond=0) + timedelta(days=30)
    return await events.create_event(
        db, EventIn(name="Kontraktsdagen", starts_at=starts, ends_at=starts + timedelta(hours=8))
    )


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


async def test_the_openapi_document_is_valid_and_the_pages_render(
    client: Client, spec: dict[str, Any]
) -> None:
    validate(spec)
    assert spec["info"]["title"] == "eventday"
    for page in ("/schema", "/schema/swagger"):
        response = await client.get(page)
        assert response.status_code == 200, page
        assert response.headers["content-type"].startswith("text/html")


async def test_the_document_describes_the_api_and_public_files_not_the_pages(
    spec: dict[str, Any],
) -> None:
    paths = set(spec["paths"])
    assert "/api/v1/events/{event_slug}/sessions" in paths
    assert {"/healthz", "/e/{event_slug}/export/{fmt}", "/r/{token}/ticket.ics"} <= paths
    assert not {p for p in paths if p.startswith(("/manage/new", "/login", "/console"))}


async def test_every_operation_documents_the_errors_it_can_answer(spec: dict[str, Any]) -> None:
    missing: list[str] = []
    for method, path, operation in operations(spec):
        responses = operation["responses"]
        expected: set[str] = set()
        if "{" in path:
            expected.add("404")
        if operation.get("requestBody") or any(
            p["in"] == "query" for p in operation.get("parameters", [])
        ):
            expected.add("422")
        if operation.get("requestBody"):
            expected.add("400")
        public = (
            "/api/v1/events/{event_slug}/agenda",
            "/api/v1/events/{event_slug}/link",
            "/api/v1/r/{token}",  # the private link is the credential
            "/api/v1/r/{token}/live",
        )
        if path.startswith("/api/") and path not in public and "/live/{code}" not in path:
            expected.add("401")
        for status in sorted(expected - set(responses)):
            missing.append(f"{method} {path}: no {status}")
        for status, response in responses.items():
            if not status.startswith(("4", "5")):
                continue
            content = response.get("content", {})
            if path.startswith("/api/"):
                schema = content.get(PROBLEM, {}).get("schema", {})
                if schema.get("$ref") != PROBLEM_REF:
                    missing.append(f"{method} {path}: {status} is not a ProblemDetails")
            elif "text/html" not in content:
                missing.append(f"{method} {path}: {status} is not the error page")
    assert not missing, "\n".join(missing)
    problem = spec["components"]["schemas"]["ProblemDetails"]
    assert {"type", "title", "status", "detail", "instance"} <= set(problem["required"])


async def test_known_conflicts_and_limits_are_documented(spec: dict[str, Any]) -> None:
    paths = spec["paths"]
    assert "409" in paths["/api/v1/events/{event_slug}/sessions"]["post"]["responses"]
    assert "409" in paths["/api/v1/events/{event_slug}/rooms/{item_id}"]["delete"]["responses"]
    assert "409" in paths["/api/v1/events/{event_slug}/registrations"]["post"]["responses"]
    assert "429" in paths["/api/v1/events/{event_slug}/link"]["post"]["responses"]
    assert "403" in paths["/api/v1/events"]["post"]["responses"]


async def test_non_json_routes_document_their_content_types(spec: dict[str, Any]) -> None:
    def produced(path: str) -> set[str]:
        return set(spec["paths"][path]["get"]["responses"]["200"]["content"])

    live = "/api/v1/events/{event_slug}/live/activities/{activity_id}"
    assert produced(f"{live}/results.csv") == {"text/csv"}
    assert produced(f"{live}/cloud.png") == {"image/png"}
    assert produced(f"{live}/cloud.svg") == {"image/svg+xml"}
    assert produced("/api/v1/events/{event_slug}/exports/{filename}") == {
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    assert produced("/e/{event_slug}/export/{fmt}") == {
        "text/calendar",
        "application/json",
        "text/csv",
    }
    assert produced("/r/{token}/certificate.pdf") == {"application/pdf"}
    photo = spec["paths"]["/api/v1/events/{event_slug}/speakers/{item_id}/photo"]["put"]
    assert "image/png" in photo["requestBody"]["content"]
    imported = spec["paths"]["/api/v1/events/{event_slug}/schedule/import"]["post"]
    assert set(imported["requestBody"]["content"]) == {"application/json", "text/csv"}


async def test_real_responses_carry_their_documented_content_type(
    client: Client, spec: dict[str, Any], upcoming: Event, api: dict[str, str]
) -> None:
    checks = {
        f"/e/{upcoming.slug}/export/csv": ("/e/{event_slug}/export/{fmt}", "text/csv"),
        f"/e/{upcoming.slug}/export/ics": ("/e/{event_slug}/export/{fmt}", "text/calendar"),
        f"/api/v1/events/{upcoming.slug}/exports/attendance.csv": (
            "/api/v1/events/{event_slug}/exports/{filename}",
            "text/csv",
        ),
        f"/api/v1/events/{upcoming.slug}/exports/attendance.xlsx": (
            "/api/v1/events/{event_slug}/exports/{filename}",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    }
    for url, (path, media_type) in checks.items():
        response = await client.get(url, headers=api)
        assert response.status_code == 200, url
        documented = spec["paths"][path]["get"]["responses"]["200"]["content"]
        assert media_type in documented
        expected = f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type
        assert response.headers["content-type"] == expected, url


async def test_csv_and_calendar_exports_name_their_charset_once(
    client: Client, db: Database, upcoming: Event, api: dict[str, str]
) -> None:
    created = await client.post(
        f"/api/v1/events/{upcoming.slug}/registrations",
        json={"name": "Ada", "email": "ada@example.se", "organisation": "Verkstaden AB"},
        headers=api,
    )
    assert created.status_code == 201, created.text
    token = re.search(r"/r/([A-Za-z0-9_-]+)", created.text)
    assert token
    for url in (
        f"/e/{upcoming.slug}/export/csv",
        f"/e/{upcoming.slug}/export/ics",
        f"/api/v1/events/{upcoming.slug}/exports/engagement.csv",
        f"/r/{token.group(1)}/ticket.ics",
    ):
        response = await client.get(url, headers=api)
        assert response.status_code == 200, url
        assert response.headers["content-type"].count("charset") == 1, url


async def test_api_errors_match_the_documented_problem_shape(
    client: Client, spec: dict[str, Any], upcoming: Event, api: dict[str, str]
) -> None:
    schema = spec["components"]["schemas"]["ProblemDetails"]
    answers = [
        await client.get("/api/v1/events"),  # 401
        await client.get("/api/v1/events/nothing-here", headers=api),  # 404
        await client.post(f"/api/v1/events/{upcoming.slug}/rooms", json={}, headers=api),  # 422
    ]
    assert [a.status_code for a in answers] == [401, 404, 422]
    for answer in answers:
        assert answer.headers["content-type"] == PROBLEM
        assert set(answer.json()) <= set(schema["properties"])
        assert set(schema["required"]) <= set(answer.json())


async def test_a_bad_value_in_a_well_formed_body_is_422_naming_only_that_field(
    client: Client, upcoming: Event, api: dict[str, str]
) -> None:
    session = {
        "title": "Öppning",
        "starts_at": (upcoming.starts_at + timedelta(hours=1)).isoformat(),
        "ends_at": (upcoming.starts_at + timedelta(hours=2)).isoformat(),
        "kind": "bogus",
    }
    response = await client.post(
        f"/api/v1/events/{upcoming.slug}/sessions", json=session, headers=api
    )
    assert response.status_code == 422
    body = response.json()
    assert body["type"] == "urn:eventday:problem:invalid-input"
    assert list(body["errors"]) == ["kind"]

    missing = await client.post(
        f"/api/v1/events/{upcoming.slug}/sessions", json={"title": "x"}, headers=api
    )
    assert missing.status_code == 422
    assert "starts_at" in missing.json()["errors"]

    query = await client.post(
        f"/api/v1/events/{upcoming.slug}/schedule/import?dry_run=maybe",
        content=b"{}",
        headers=api,
    )
    assert query.status_code == 422
    assert list(query.json()["errors"]) == ["dry_run"]


async def test_an_unreadable_body_is_400_and_a_bad_path_value_is_404(
    client: Client, upcoming: Event, api: dict[str, str]
) -> None:
    broken = await client.post(
        f"/api/v1/events/{upcoming.slug}/rooms",
        content=b'{"name": ',
        headers={**api, "content-type": "application/json"},
    )
    assert broken.status_code == 400
    assert broken.json()["type"] == "urn:eventday:problem:bad-request"
    role = await client.delete(f"/api/v1/events/{upcoming.slug}/team/1/boss", headers=api)
    assert role.status_code == 404
    assert role.json()["type"] == "urn:eventday:problem:not-found"


async def _agenda_item(client: Client, slug: str, api: dict[str, str], what: str) -> int:
    bodies = {"rooms": {"name": "Sal A"}, "tracks": {"name": "Spår 1"}}
    bodies["speakers"] = {"name": "Greta Talare"}
    response = await client.post(f"/api/v1/events/{slug}/{what}", json=bodies[what], headers=api)
    assert response.status_code == 201, response.text
    item_id: int = response.json()["id"]
    return item_id


async def test_agenda_items_are_deleted_through_the_api(
    client: Client, db: Database, upcoming: Event, api: dict[str, str]
) -> None:
    slug = upcoming.slug
    room = await _agenda_item(client, slug, api, "rooms")
    track = await _agenda_item(client, slug, api, "tracks")
    speaker = await _agenda_item(client, slug, api, "speakers")
    session = {
        "title": "Öppning",
        "starts_at": (upcoming.starts_at + timedelta(hours=1)).isoformat(),
        "ends_at": (upcoming.starts_at + timedelta(hours=2)).isoformat(),
        "room_id": room,
        "track_id": track,
        "speaker_ids": [speaker],
    }
    created = await client.post(f"/api/v1/events/{slug}/sessions", json=session, headers=api)
    assert created.status_code == 201, created.text
    session_id = created.json()["id"]

    for what, item in (("rooms", room), ("tracks", track)):
        refused = await client.delete(f"/api/v1/events/{slug}/{what}/{item}", headers=api)
        assert refused.status_code == 409, what
        assert refused.headers["content-type"] == PROBLEM
    assert await db.fetch_value("SELECT count(*) FROM rooms") == 1

    gone = await client.delete(f"/api/v1/events/{slug}/speakers/{speaker}", headers=api)
    assert gone.status_code == 204
    assert await db.fetch_value("SELECT count(*) FROM session_speakers") == 0
    assert await db.fetch_value("SELECT count(*) FROM sessions") == 1

    assert (
        await client.delete(f"/api/v1/events/{slug}/sessions/{session_id}", headers=api)
    ).status_code == 204
    for what, item in (("rooms", room), ("tracks", track)):
        deleted = await client.delete(f"/api/v1/events/{slug}/{what}/{item}", headers=api)
        assert deleted.status_code == 204, what
    assert await db.fetch_value("SELECT count(*) FROM sessions") == 0
    assert await db.fetch_value("SELECT count(*) FROM rooms") == 0

    for what in ("rooms", "tracks", "speakers", "sessions"):
        unknown = await client.delete(f"/api/v1/events/{slug}/{what}/99999", headers=api)
        assert unknown.status_code == 404, what
        assert unknown.json()["type"] == "urn:eventday:problem:not-found"
    anonymous = await client.delete(f"/api/v1/events/{slug}/rooms/1")
    assert anonymous.status_code == 401


async def test_the_login_form_keeps_required_and_autocomplete(client: Client) -> None:
    page = BeautifulSoup((await client.get("/login")).text, "html.parser")
    email = page.find("input", attrs={"name": "email"})
    password = page.find("input", attrs={"name": "password"})
    assert email is not None
    assert password is not None
    assert email.has_attr("required")
    assert email["autocomplete"] == "username"
    assert password.has_attr("required")
    assert password["autocomplete"] == "current-password"
