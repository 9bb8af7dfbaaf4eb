"""Check-in pages for staff phones, the check-in API, and the attendee's "delete my
data" page."""

from __future__ import annotations

import secrets
from typing import Any

import msgspec
from litestar import Request, Router, get, post
from litestar.di import Provide
from litestar.response import Redirect, Template

from eventday.accounts.guards import provide_account
from eventday.accounts.models import Account, EventRole
from eventday.bounds import Id
from eventday.checkin import privacy, queries, service
from eventday.checkin.models import (
    OUTCOME_TEXTS,
    CheckinList,
    ListCount,
    Outcome,
    ScanIn,
    ScanResult,
    WalkInIn,
)
from eventday.db import Database
from eventday.errors import N_, Conflict, InvalidInput
from eventday.events.guards import provide_event, require_event_role
from eventday.events.models import Event
from eventday.registration import queries as registration_queries
from eventday.registration import service as registration
from eventday.registration.mails import Mailer
from eventday.web.forms import parse_form
from eventday.web.i18n import current_language, format_time, gettext

STAFF = require_event_role(EventRole.STAFF)
PAGE = "/checkin/{event_slug:str}"
API = "/api/v1/events/{event_slug:str}/checkin"
SEARCH_LIMIT = 20
RECENT = 10

AnyRequest = Request[Any, Any, Any]


def describe(result: ScanResult, event: Event) -> ScanResult:
    """The result with its message in the request's language (times in the event's
    time zone)."""
    params: dict[str, str] = {}
    if result.outcome is Outcome.ALREADY and result.checked_in_at is not None:
        params = {"time": format_time(result.checked_in_at, event.timezone), "staff": result.staff}
    elif result.outcome is Outcome.WRONG_EVENT:
        params = {"event": result.other_event}
    return msgspec.structs.replace(result, message=gettext(OUTCOME_TEXTS[result.outcome], **params))


def list_title(checkin_list: CheckinList | ListCount) -> str:
    return checkin_list.title or gettext("Entrance")


def new_nonce() -> str:
    return secrets.token_urlsafe(12)


async def _page(
    db: Database,
    event: Event,
    key: str,
    q: str = "",
    result: ScanResult | None = None,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Template:
    checkin_list = await service.find_list(db, event, key)
    found = []
    states = {}
    if q.strip():
        found = await registration_queries.search_registrations(
            db, event.id, q.strip()[:200], None, SEARCH_LIMIT
        )
        states = await queries.checkin_states(
            db, event.id, checkin_list.session_id, [r.id for r in found]
        )
    form = await registration.form_of(db, event)
    return Template(
        "checkin/page.html",
        context={
            "event": event,
            "lists": await service.lists_of(db, event),
            "current": checkin_list,
            "list_title": list_title,
            "counts": await service.counts(db, event),
            "recent": await queries.recent_checkins(db, event.id, checkin_list.session_id, RECENT),
            "q": q[:200],
            "found": found,
            "states": states,
            "result": describe(result, event) if result else None,
            "nonce": new_nonce(),
            "errors": errors or {},
            "values": values or {},
            "consent_text": form.local_consent_text(),
            # Instead of a check-in button: why this person cannot be checked in (the
            # same words a scan of their ticket shows).
            "reasons": {
                status: gettext(OUTCOME_TEXTS[Outcome(status)])
                for status in ("cancelled", "waitlisted", "pending")
            },
            "strings": {
                "scan": gettext("Scan with the camera"),
                "stop": gettext("Stop the camera"),
                "no_camera": gettext("This browser cannot read QR codes; type the code instead."),
                "offline": gettext("No connection. The scan was not saved; try again."),
                "checked_in": gettext("checked in"),
            },
        },
        status_code=status_code,
    )


@get(PAGE, guards=[STAFF], name="checkin")
async def checkin_page(db: Database, event: Event, list: str = "door", q: str = "") -> Template:
    """The staff page: scan, type or search, large result, counters, recent check-ins."""
    return await _page(db, event, list, q)


async def _form_scan(request: AnyRequest) -> tuple[ScanIn, str]:
    form = await request.form()
    key = str(form.get("list", "door"))
    raw = {
        "nonce": form.get("nonce", ""),
        "list": key,
        "code": form.get("code") or None,
        "registration_id": form.get("registration_id") or None,
    }
    try:
        return msgspec.convert(raw, ScanIn, strict=False), key
    except msgspec.ValidationError as exc:
        raise InvalidInput(field_errors={"code": N_("Type or scan a ticket code.")}) from exc


@post(f"{PAGE}/scan", guards=[STAFF])
async def scan_from_page(
    request: AnyRequest, db: Database, event: Event, account: Account
) -> Template:
    try:
        data, key = await _form_scan(request)
        result = await service.scan(db, event, data, account)
    except InvalidInput as exc:
        form = await request.form()
        key = str(form.get("list", "door"))
        errors = {k: gettext(v) for k, v in exc.field_errors.items()}
        return await _page(db, event, key, errors=errors, status_code=422)
    return await _page(db, event, key, result=result)


@post(f"{PAGE}/scans", guards=[STAFF], status_code=200)
async def scan_from_script(
    data: ScanIn, db: Database, event: Event, account: Account
) -> ScanResult:
    """The page's script: JSON in and out, with the session cookie and CSRF header."""
    return describe(await service.scan(db, event, data, account), event)


@get(f"{PAGE}/counts", guards=[STAFF])
async def counts_for_script(db: Database, event: Event) -> list[ListCount]:
    return await service.counts(db, event)


@post(f"{PAGE}/undo/{{checkin_id:int}}", guards=[STAFF])
async def undo_from_page(
    request: AnyRequest, db: Database, event: Event, account: Account, checkin_id: Id
) -> Redirect:
    form = await request.form()
    await service.undo(db, event, checkin_id, account)
    key = str(form.get("list", "door"))
    return Redirect(f"/checkin/{event.slug}?list={key}", status_code=303)


@post(f"{PAGE}/walk-in", guards=[STAFF])
async def walk_in_from_page(
    request: AnyRequest, db: Database, mailer: Mailer, event: Event, account: Account
) -> Template:
    form = await request.form()
    values = {k: form.get(k) for k in ("name", "email", "organisation")}
    try:
        data = parse_form(WalkInIn, form)
        result = await service.walk_in(db, mailer, event, data, account, current_language())
    except InvalidInput as exc:
        errors = {k: gettext(v) for k, v in exc.field_errors.items()}
        return await _page(db, event, "door", errors=errors, values=values, status_code=422)
    return await _page(db, event, "door", result=result)


# --- API -------------------------------------------------------------------------------


@get(f"{API}/lists", guards=[STAFF])
async def lists_api(db: Database, event: Event) -> list[CheckinList]:
    """The door (``door``) and one list per workshop session (``s<session id>``)."""
    return await service.lists_of(db, event)


@get(f"{API}/counts", guards=[STAFF])
async def counts_api(db: Database, event: Event) -> list[ListCount]:
    """Checked in and expected, per list."""
    return await service.counts(db, event)


@post(f"{API}/scans", guards=[STAFF], status_code=200)
async def scan_api(data: ScanIn, db: Database, event: Event, account: Account) -> ScanResult:
    """Check a ticket in: ``{"nonce", "code" | "registration_id", "list"}``. The same
    nonce again returns the first result and counts nothing twice."""
    return describe(await service.scan(db, event, data, account), event)


@post(f"{API}/checkins/{{checkin_id:int}}/undo", guards=[STAFF], status_code=204)
async def undo_api(db: Database, event: Event, account: Account, checkin_id: Id) -> None:
    await service.undo(db, event, checkin_id, account)


@post(f"{API}/walk-ins", guards=[STAFF], status_code=201, opt={"errors": (Conflict,)})
async def walk_in_api(
    data: WalkInIn, db: Database, mailer: Mailer, event: Event, account: Account
) -> ScanResult:
    """Register a person at the door and check them in."""
    return describe(
        await service.walk_in(db, mailer, event, data, account, current_language()), event
    )


@get("/r/{token:str}/delete")
async def delete_page(db: Database, token: str) -> Template:
    event, reg = await registration.registration_for_token(db, token)
    return Template(
        "checkin/delete.html", context={"event": event, "reg": reg, "token": token, "done": False}
    )


@post("/r/{token:str}/delete")
async def delete_from_page(db: Database, mailer: Mailer, token: str) -> Template:
    """The attendee's "delete my data": cancel (if the event is still to come) and
    anonymise. The private link stops working."""
    event, reg = await registration.registration_for_token(db, token)
    await privacy.delete_my_data(db, mailer, event, reg)
    return Template(
        "checkin/delete.html", context={"event": event, "reg": reg, "token": "", "done": True}
    )


router = Router(
    path="/",
    route_handlers=[
        checkin_page,
        scan_from_page,
        scan_from_script,
        counts_for_script,
        undo_from_page,
        walk_in_from_page,
        lists_api,
        counts_api,
        scan_api,
        undo_api,
        walk_in_api,
        delete_page,
        delete_from_page,
    ],
    dependencies={"account": Provide(provide_account), "event": Provide(provide_event)},
)
