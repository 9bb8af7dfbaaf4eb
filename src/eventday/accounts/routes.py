"""Login, logout, the event team (pages and API) and the ``me`` endpoint."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, Router, delete, get, post
from litestar.di import Provide
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_204_NO_CONTENT

from eventday.accounts import service
from eventday.accounts.models import Account, EventRole, GrantIn, LoginIn, TeamMember
from eventday.accounts.passwords import Passwords
from eventday.accounts.queries import team_of_event
from eventday.bounds import Id
from eventday.db import Database
from eventday.errors import N_, InvalidInput, TooManyRequests
from eventday.events.models import Event
from eventday.web.forms import parse_form
from eventday.web.guards import (
    SESSION_ACCOUNT_KEY,
    provide_account,
    provide_event,
    require_login,
    require_organiser,
)
from eventday.web.i18n import gettext
from eventday.web.messages import done
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


@get("/manage/{event_slug:str}/team", guards=[require_organiser])
async def team_page(db: Database, event: Event) -> Template:
    return Template(
        "accounts/team.html",
        context={"event": event, "team": await team_of_event(db, event.id), "errors": {}},
    )


@post("/manage/{event_slug:str}/team", guards=[require_organiser])
async def grant_from_page(
    request: AnyRequest, db: Database, event: Event, account: Account
) -> Response[Any]:
    try:
        data = parse_form(GrantIn, await request.form())
        await service.grant_event_role(db, event.id, data.email, data.role, account.id)
    except InvalidInput as exc:
        return Template(
            "accounts/team.html",
            context={
                "event": event,
                "team": await team_of_event(db, event.id),
                "errors": {k: gettext(v) for k, v in exc.field_errors.items()},
            },
            status_code=422,
        )
    return done(
        request, f"/manage/{event.slug}/team", N_("%(email)s is in the team."), email=data.email
    )


@post(
    "/manage/{event_slug:str}/team/{account_id:int}/{role:str}/revoke", guards=[require_organiser]
)
async def revoke_from_page(
    request: AnyRequest, db: Database, event: Event, account_id: Id, role: EventRole
) -> Redirect:
    await service.revoke_event_role(db, event.id, account_id, role)
    return done(request, f"/manage/{event.slug}/team", N_("The role is taken back."))


@get("/api/v1/me", guards=[require_login])
async def me(account: Account) -> Account:
    return account


@get("/api/v1/events/{event_slug:str}/team", guards=[require_organiser])
async def team_api(db: Database, event: Event) -> list[TeamMember]:
    return await team_of_event(db, event.id)


@post("/api/v1/events/{event_slug:str}/team", guards=[require_organiser])
async def grant_api(data: GrantIn, db: Database, event: Event, account: Account) -> TeamMember:
    return await service.grant_event_role(db, event.id, data.email, data.role, account.id)


@delete(
    "/api/v1/events/{event_slug:str}/team/{account_id:int}/{role:str}",
    guards=[require_organiser],
    status_code=HTTP_204_NO_CONTENT,
)
async def revoke_api(db: Database, event: Event, account_id: Id, role: EventRole) -> None:
    await service.revoke_event_role(db, event.id, account_id, role)


router = Router(
    path="/",
    route_handlers=[
        login_page,
        login,
        logout,
        team_page,
        grant_from_page,
        revoke_from_page,
        me,
        team_api,
        grant_api,
        revoke_api,
    ],
    dependencies={"account": Provide(provide_account), "event": Provide(provide_event)},
)
