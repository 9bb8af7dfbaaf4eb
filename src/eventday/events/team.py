"""An event's team: the accounts granted a role on it (pages and API)."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, Router, delete, get, post
from litestar.di import Provide
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_204_NO_CONTENT

from eventday.accounts import service
from eventday.accounts.guards import provide_account, require_organiser
from eventday.accounts.models import Account, EventRole, GrantIn, TeamMember
from eventday.accounts.queries import team_of_event
from eventday.bounds import Id
from eventday.db import Database
from eventday.errors import N_, InvalidInput
from eventday.events.guards import provide_event
from eventday.events.models import Event
from eventday.web.forms import parse_form
from eventday.web.i18n import gettext
from eventday.web.messages import done

AnyRequest = Request[Any, Any, Any]


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
    route_handlers=[team_page, grant_from_page, revoke_from_page, team_api, grant_api, revoke_api],
    dependencies={"account": Provide(provide_account), "event": Provide(provide_event)},
)
