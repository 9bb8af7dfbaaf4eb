"""Who is asking: the account behind a request, and the guards that need only it
(logged in, organiser); roles granted on an event are checked in ``events.guards``.

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
from eventday.accounts.models import Account
from eventday.accounts.queries import account_by_id
from eventday.db import Database
from eventday.errors import N_, NotAuthenticated, PermissionDenied
from eventday.web.openapi import login_only

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


@login_only
async def require_login(connection: Connection, _: BaseRouteHandler) -> None:
    if await current_account(connection) is None:
        raise NotAuthenticated()


async def require_organiser(connection: Connection, _: BaseRouteHandler) -> None:
    account = await current_account(connection)
    if account is None:
        raise NotAuthenticated()
    if not account.is_organiser:
        raise PermissionDenied(N_("Only organisers can do this."))


async def provide_account(request: Connection) -> Account:
    account = await current_account(request)
    if account is None:
        raise NotAuthenticated()
    return account
