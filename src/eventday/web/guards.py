"""Who is asking, and may they: the account behind a request, and the role guards.

Pages identify staff by the signed session cookie; the API only by a bearer token
(``Authorization: Bearer ed_...``), which is why the API needs no CSRF token.
Websockets take either: a bearer token on the handshake when the client sends one
(integrations), else the session cookie (the browser, which cannot set headers on a
websocket). Guards run on every protected route and socket; hiding a button is never
enough.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.handlers.base import BaseRouteHandler

from eventday.accounts import service as accounts
from eventday.accounts.models import Account, EventRole
from eventday.accounts.queries import account_by_id
from eventday.db import Database
from eventday.errors import N_, NotAuthenticated, NotFound, PermissionDenied
from eventday.events.models import Event
from eventday.events.service import get_event, visible_to_public

API_PREFIX = "/api/"
SESSION_ACCOUNT_KEY = "account_id"

Connection = ASGIConnection[Any, Any, Any, Any]
Guard = Callable[[Connection, BaseRouteHandler], Awaitable[None]]


def is_api(connection: Connection) -> bool:
    return connection.url.path.startswith(API_PREFIX)


def database(connection: Connection) -> Database:
    db: Database = connection.app.state.db
    return db


async def current_account(connection: Connection) -> Account | None:
    """The logged-in account, looked up once per request."""
    if "account" in connection.state:
        cached: Account | None = connection.state["account"]
        return cached
    account = None
    db = database(connection)
    authorization = connection.headers.get("authorization", "")
    if is_api(connection) or (authorization and connection.scope["type"] == ScopeType.WEBSOCKET):
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() == "bearer" and token:
            account = await accounts.account_for_token(db, token.strip())
    else:
        account_id = (
            connection.session.get(SESSION_ACCOUNT_KEY) if "session" in connection.scope else None
        )
        if isinstance(account_id, int):
            account = await account_by_id(db, account_id)
    connection.state["account"] = account
    return account


async def require_login(connection: Connection, _: BaseRouteHandler) -> None:
    if await current_account(connection) is None:
        raise NotAuthenticated()


async def require_organiser(connection: Connection, _: BaseRouteHandler) -> None:
    account = await current_account(connection)
    if account is None:
        raise NotAuthenticated()
    if not account.is_organiser:
        raise PermissionDenied(N_("Only organisers can do this."))


def require_event_role(*roles: EventRole) -> Guard:
    """A guard for routes with an ``{event_slug:str}`` path parameter: organisers pass, other
    accounts need one of ``roles`` granted on that event. The event is cached for
    the handler (see :func:`provide_event`)."""
    wanted = set(roles)

    async def guard(connection: Connection, _: BaseRouteHandler) -> None:
        account = await current_account(connection)
        if account is None:
            raise NotAuthenticated()
        event = await get_event(database(connection), connection.path_params["event_slug"])
        if not await accounts.can_act_on_event(database(connection), account, event.id, wanted):
            raise PermissionDenied(N_("You have not been given access to this event."))
        connection.state["event"] = event

    return guard


async def provide_account(request: Connection) -> Account:
    account = await current_account(request)
    if account is None:
        raise NotAuthenticated()
    return account


async def provide_event(request: Connection) -> Event:
    """The event of the path, already checked by a guard, or looked up (public pages).
    A draft is found only by its team (organisers and the accounts granted a role on
    it); everyone else gets the same 404 as for an event that does not exist."""
    if "event" in request.state:
        cached: Event = request.state["event"]
        return cached
    db = database(request)
    event = await get_event(db, request.path_params["event_slug"])
    if not visible_to_public(event):
        account = await current_account(request)
        if account is None or not await accounts.can_act_on_event(
            db, account, event.id, set(EventRole)
        ):
            raise NotFound(N_("There is no such event."))
    request.state["event"] = event
    return event
