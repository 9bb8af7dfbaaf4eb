"""The guards that need the event of the path: roles granted on it, and drafts seen
only by their team (see ``accounts.guards`` for who is asking)."""

from __future__ import annotations

from litestar.handlers.base import BaseRouteHandler

from eventday.accounts import service as accounts
from eventday.accounts.guards import Connection, Guard, current_account, database
from eventday.accounts.models import EventRole
from eventday.errors import N_, NotAuthenticated, NotFound, PermissionDenied
from eventday.events.models import Event
from eventday.events.service import get_event, visible_to_public


def require_event_role(*roles: EventRole) -> Guard:
    """A guard for routes with an ``{event_slug:str}`` path parameter: organisers pass, other
    accounts need one of ``roles`` granted on that event. The event is cached for
    the handler (see :func:`provide_event`)."""
    wanted = set(roles)

    async def guard(connection: Connection, _: BaseRouteHandler) -> None:
        account = await current_account(connection)
        if account is None:
            raise NotAuthenticated()
        event = await get_event(database(connection).inline, connection.path_params["event_slug"])
        if not await accounts.can_act_on_event(database(connection), account, event.id, wanted):
            raise PermissionDenied(N_("You have not been given access to this event."))
        connection.state["event"] = event

    return guard


async def provide_event(request: Connection) -> Event:
    """The event of the path, already checked by a guard, or looked up (public pages).
    A draft is found only by its team (organisers and the accounts granted a role on
    it); everyone else gets the same 404 as for an event that does not exist."""
    if "event" in request.state:
        cached: Event = request.state["event"]
        return cached
    db = database(request)
    event = await get_event(db.inline, request.path_params["event_slug"])
    if not visible_to_public(event):
        account = await current_account(request)
        if account is None or not await accounts.can_act_on_event(
            db, account, event.id, set(EventRole)
        ):
            raise NotFound(N_("There is no such event."))
    request.state["event"] = event
    return event
