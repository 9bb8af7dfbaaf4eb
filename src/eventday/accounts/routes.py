"""Login, logout and the ``me`` endpoint."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, Router, get, post
from litestar.di import Provide
from litestar.response import Redirect, Template

from eventday.accounts import service
from eventday.accounts.guards import (
    SESSION_ACCOUNT_KEY,
    provide_account,
    require_login,
)
from eventday.accounts.models import Account, LoginIn
from eventday.accounts.passwords import Passwords
from eventday.db import Database
from eventday.errors import N_, InvalidInput, TooManyRequests
from eventday.web.forms import parse_form
from eventday.web.i18n import gettext
from eventday.web.throttle import Throttle, client_address

AnyRequest = Request[Any, Any, Any]


def safe_next(target: str) -> str:
    """Only local paths, so a crafted link cannot send a fresh login elsewhere."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/manage"


@get("/login", name="login")
async def login_page(next: str = "/manage") -> Template:
    return Template(
        "accounts/login.html", context={"next": safe_next(next), "error": None, "email": ""}
    )


@post("/login")
async def login(
    request: AnyRequest, db: Database, passwords: Passwords, login_throttle: Throttle
) -> Response[Any]:
    form = await request.form()
    try:
        data = parse_form(LoginIn, form)
    except InvalidInput:
        data = LoginIn(email=str(form.get("email", ""))[:254], password="")
    key = f"login:{client_address(request)}:{data.email.lower()}"
    # Every attempt counts before the password is checked; a successful one clears them.
    if not await login_throttle.reserve(key):
        raise TooManyRequests(N_("Too many failed logins. Please wait a few minutes."))
    account = (
        await service.authenticate(db, passwords, data.email, data.password)
        if data.password
        else None
    )
    if account is None:
        return Template(
            "accounts/login.html",
            context={
                "next": safe_next(data.next),
                "error": gettext("The e-mail or the password is wrong."),
                "email": data.email,
            },
            status_code=400,
        )
    await login_throttle.reset(key)
    request.session[SESSION_ACCOUNT_KEY] = account.id
    return Redirect(safe_next(data.next), status_code=303)


@post("/logout")
async def logout(request: AnyRequest) -> Redirect:
    request.clear_session()
    return Redirect("/", status_code=303)


@get("/api/v1/me", guards=[require_login])
async def me(account: Account) -> Account:
    return account


router = Router(
    path="/",
    route_handlers=[login_page, login, logout, me],
    dependencies={"account": Provide(provide_account)},
)
