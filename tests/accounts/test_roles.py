"""Every protected route, tried anonymously and with the wrong role."""

from __future__ import annotations

import pytest

from eventday.accounts import service as accounts
from eventday.accounts.models import EventRole, Role
from eventday.db import Database
from eventday.events.models import Event
from tests.conftest import AccountMaker, Client, csrf_token, grant, log_in

ORGANISER_PAGES = ["/manage/{slug}/team"]
ORGANISER_API = [
    ("GET", "/api/v1/events/{slug}/team"),
    ("POST", "/api/v1/events"),
    ("POST", "/api/v1/events/{slug}/team"),
]
EVENT_API = [("GET", "/api/v1/events/{slug}")]


@pytest.mark.parametrize("path", ["/manage", *ORGANISER_PAGES])
async def test_staff_pages_anonymous_get_401_with_a_login_form(
    client: Client, event: Event, path: str
) -> None:
    response = await client.get(path.format(slug=event.slug))
    assert response.status_code == 401
    assert 'action="/login"' in response.text


@pytest.mark.parametrize(("method", "path"), [*ORGANISER_API, *EVENT_API, ("GET", "/api/v1/me")])
async def test_api_anonymous_gets_401_problem(
    client: Client, event: Event, method: str, path: str
) -> None:
    response = await client.request(method, path.format(slug=event.slug), json={})
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 401


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.STAFF])
@pytest.mark.parametrize("path", ORGANISER_PAGES)
async def test_organiser_pages_refuse_other_roles(
    client: Client, make_account: AccountMaker, db: Database, event: Event, role: Role, path: str
) -> None:
    await make_account(role, "someone@example.se")
    await grant(db, event, "someone@example.se", EventRole(role.value))
    await log_in(client, "someone@example.se")
    assert (await client.get(path.format(slug=event.slug))).status_code == 403


async def _token_for(db: Database, email: str) -> dict[str, str]:
    account = await accounts.queries.account_by_email(db, email)
    assert account is not None
    return {"authorization": "Bearer " + await accounts.create_api_token(db, account.id, "t")}


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.STAFF])
@pytest.mark.parametrize(("method", "path"), ORGANISER_API)
async def test_organiser_api_refuses_other_roles(
    client: Client,
    make_account: AccountMaker,
    db: Database,
    event: Event,
    role: Role,
    method: str,
    path: str,
) -> None:
    await make_account(role, "someone@example.se")
    await grant(db, event, "someone@example.se", EventRole(role.value))
    headers = await _token_for(db, "someone@example.se")
    response = await client.request(method, path.format(slug=event.slug), json={}, headers=headers)
    assert response.status_code == 403


async def test_event_api_refuses_a_moderator_of_another_event(
    client: Client, make_account: AccountMaker, db: Database, event: Event
) -> None:
    await make_account(Role.MODERATOR, "mod@example.se")
    headers = await _token_for(db, "mod@example.se")
    response = await client.get(f"/api/v1/events/{event.slug}", headers=headers)
    assert response.status_code == 403
    await grant(db, event, "mod@example.se", EventRole.MODERATOR)
    response = await client.get(f"/api/v1/events/{event.slug}", headers=headers)
    assert response.status_code == 200
    assert response.json()["slug"] == event.slug


async def test_api_ignores_the_session_cookie(organiser: Client, event: Event) -> None:
    """The API takes only bearer tokens, so a cookie alone (a CSRF vector) is useless."""
    assert (await organiser.get("/manage")).status_code == 200
    assert (await organiser.get(f"/api/v1/events/{event.slug}")).status_code == 401


async def test_dashboard_lists_only_granted_events_for_a_moderator(
    client: Client, make_account: AccountMaker, db: Database, event: Event
) -> None:
    await make_account(Role.MODERATOR, "mod@example.se")
    await log_in(client, "mod@example.se")
    assert event.name not in (await client.get("/manage")).text
    await grant(db, event, "mod@example.se", EventRole.MODERATOR)
    assert event.name in (await client.get("/manage")).text


async def test_team_page_grants_and_revokes_a_role(
    organiser: Client, make_account: AccountMaker, db: Database, event: Event
) -> None:
    await make_account(Role.STAFF, "staff@example.se")
    page = f"/manage/{event.slug}/team"
    token = await csrf_token(organiser, page)
    response = await organiser.post(
        page,
        data={"email": "staff@example.se", "role": "staff", "_csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    team = await accounts.queries.team_of_event(db, event.id)
    assert [(m.email, m.role) for m in team] == [("staff@example.se", EventRole.STAFF)]

    revoke = f"{page}/{team[0].account_id}/staff/revoke"
    assert (
        await organiser.post(revoke, data={"_csrf_token": token}, follow_redirects=False)
    ).status_code == 303
    assert await accounts.queries.team_of_event(db, event.id) == []


async def test_team_page_shows_a_field_error_for_a_bad_email(
    organiser: Client, event: Event
) -> None:
    page = f"/manage/{event.slug}/team"
    token = await csrf_token(organiser, page)
    response = await organiser.post(
        page,
        data={"email": "not-an-email", "role": "staff", "_csrf_token": token},
        headers={"accept-language": "en"},
        follow_redirects=False,
    )
    assert response.status_code == 422
    assert "Please enter a valid e-mail address." in response.text
    assert 'aria-invalid="true"' in response.text


async def test_api_grants_a_role_with_a_token(
    client: Client, make_account: AccountMaker, db: Database, event: Event
) -> None:
    await make_account(Role.ORGANISER, "org@example.se")
    await make_account(Role.MODERATOR, "mod@example.se")
    headers = await _token_for(db, "org@example.se")
    response = await client.post(
        f"/api/v1/events/{event.slug}/team",
        json={"email": "mod@example.se", "role": "moderator"},
        headers=headers,
        follow_redirects=False,
    )
    assert response.status_code == 201
    listed = await client.get(f"/api/v1/events/{event.slug}/team", headers=headers)
    assert [m["email"] for m in listed.json()] == ["mod@example.se"]
