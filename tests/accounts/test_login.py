from __future__ import annotations

from eventday.accounts.models import Role
from eventday.db import Database
from tests.conftest import PASSWORD, AccountMaker, Client, csrf_token, log_in


async def test_login_with_the_right_password_reaches_the_dashboard(
    client: Client, make_account: AccountMaker
) -> None:
    await make_account(Role.ORGANISER, "org@example.se")
    await log_in(client, "ORG@example.se")
    response = await client.get("/manage")
    assert response.status_code == 200
    assert "org@example.se" in response.text


async def test_login_session_cookie_is_httponly_and_lax(
    client: Client, make_account: AccountMaker
) -> None:
    await make_account(Role.ORGANISER, "org@example.se")
    token = await csrf_token(client)
    response = await client.post(
        "/login",
        data={"email": "org@example.se", "password": PASSWORD, "_csrf_token": token},
        follow_redirects=False,
    )
    cookie = next(
        v
        for k, v in response.headers.multi_items()
        if k == "set-cookie" and v.startswith("eventday_session=")
    )
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Secure" not in cookie


async def test_login_with_a_wrong_password_shows_an_error(
    client: Client, make_account: AccountMaker
) -> None:
    await make_account(Role.ORGANISER, "org@example.se")
    token = await csrf_token(client)
    response = await client.post(
        "/login",
        data={"email": "org@example.se", "password": "wrong", "_csrf_token": token},
        headers={"accept-language": "en"},
        follow_redirects=False,
    )
    assert response.status_code == 400
    assert "The e-mail or the password is wrong." in response.text
    assert (await client.get("/manage")).status_code == 401


async def test_login_is_throttled_after_repeated_failures(
    client: Client, make_account: AccountMaker
) -> None:
    await make_account(Role.ORGANISER, "org@example.se")
    token = await csrf_token(client)
    wrong = {"email": "org@example.se", "password": "guess", "_csrf_token": token}
    statuses = [
        (await client.post("/login", data=wrong, follow_redirects=False)).status_code
        for _ in range(6)
    ]
    assert statuses == [400, 400, 400, 400, 400, 429]
    right = {**wrong, "password": PASSWORD}
    assert (await client.post("/login", data=right, follow_redirects=False)).status_code == 429


async def test_login_without_csrf_token_is_refused(
    client: Client, make_account: AccountMaker
) -> None:
    await make_account(Role.ORGANISER, "org@example.se")
    await client.get("/login")
    response = await client.post(
        "/login", data={"email": "org@example.se", "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 403
    assert (await client.get("/manage")).status_code == 401


async def test_login_next_only_goes_to_local_paths(
    client: Client, make_account: AccountMaker
) -> None:
    await make_account(Role.ORGANISER, "org@example.se")
    token = await csrf_token(client)
    response = await client.post(
        "/login",
        data={
            "email": "org@example.se",
            "password": PASSWORD,
            "next": "//evil.example/",
            "_csrf_token": token,
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/manage"


async def test_logout_ends_the_session(client: Client, make_account: AccountMaker) -> None:
    await make_account(Role.MODERATOR, "mod@example.se")
    await log_in(client, "mod@example.se")
    token = await csrf_token(client, "/manage")
    response = await client.post("/logout", data={"_csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    assert (await client.get("/manage")).status_code == 401


async def test_malformed_login_form_writes_nothing(
    client: Client, make_account: AccountMaker, db: Database
) -> None:
    await make_account(Role.ORGANISER, "org@example.se")
    token = await csrf_token(client)
    response = await client.post(
        "/login", data={"email": "x" * 5000, "_csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 400
    assert await db.fetch_value("SELECT last_login_at FROM accounts") is None
