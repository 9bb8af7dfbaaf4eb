"""Registration pages (register, the private link) and the organiser's list and API."""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any
from urllib.parse import urlencode

import msgspec
from annotated_types import Interval
from litestar import Request, Response, Router, get, post, put
from litestar.di import Provide
from litestar.openapi.datastructures import ResponseSpec
from litestar.response import Redirect, Template

from eventday.accounts.guards import require_organiser
from eventday.agenda import queries as agenda_queries
from eventday.agenda.models import SessionKind
from eventday.bounds import MAX_INT64, Id
from eventday.clock import utcnow
from eventday.db import Database
from eventday.errors import N_, Conflict, InvalidInput, NotFound, TooManyRequests
from eventday.events.guards import provide_event
from eventday.events.models import Event
from eventday.mail import MAX_ATTEMPTS, mail_of_event, mail_server, mail_to_registration, retry_mail
from eventday.mail.models import MailRecord, MailServer
from eventday.registration import queries, service
from eventday.registration.mails import Mailer
from eventday.registration.models import (
    BUILTIN_LABELS,
    GENDER_OPTIONS,
    REGIONS,
    Builtin,
    FieldMode,
    Question,
    QuestionIn,
    Registration,
    RegistrationApiIn,
    RegistrationCounts,
    RegistrationForm,
    RegistrationFormIn,
    RegistrationIn,
    RegistrationStatus,
    SelfServiceEdit,
    SelfServiceEditIn,
    status_label,
)
from eventday.registration.tickets import qr_svg_data_uri, ticket_calendar
from eventday.settings import Settings
from eventday.web.forms import parse_form
from eventday.web.i18n import (
    current_language,
    format_datetime,
    format_number,
    gettext,
    ngettext,
    pgettext,
)
from eventday.web.messages import done, warn
from eventday.web.throttle import Throttle, client_address

AnyRequest = Request[Any, Any, Any]


def form_context() -> dict[str, Any]:
    """Labels and choices of the built-in questions, in the request's language."""
    return {
        "builtin_labels": {b: gettext(text) for b, text in BUILTIN_LABELS.items()},
        "gender_choices": [(key, gettext(text)) for key, text in GENDER_OPTIONS.items()],
        "region_choices": [(r, r) for r in REGIONS],
        "builtins": list(Builtin),
    }


def translated(errors: dict[str, str]) -> dict[str, str]:
    return {name: gettext(message) for name, message in errors.items()}


def raw_answers(form: Any) -> dict[str, list[str]]:
    return {k: [v for v in vs if isinstance(v, str)] for k, vs in form.dict().items()}


def session_ids(form: Any) -> list[int]:
    try:
        return msgspec.convert(form.dict().get("session_ids", []), list[Id], strict=False)
    except msgspec.ValidationError as exc:
        raise InvalidInput(
            field_errors={"session_ids": N_("Please choose one of the options.")}
        ) from exc


async def _register_context(db: Database, event: Event) -> dict[str, Any]:
    sessions = await agenda_queries.sessions_of_event(db, event.id)
    return {
        **form_context(),
        "event": event,
        "form": await service.form_of(db, event),
        "workshops": service.offered_workshops(sessions, utcnow()),
        "seats_taken": await queries.seats_taken(db, event.id),
        "is_open": service.registration_open(event, utcnow()),
        "counts": await queries.counts(db, event.id),
    }


@get("/e/{event_slug:str}/register", name="register")
async def register_page(db: Database, event: Event) -> Template:
    context = await _register_context(db, event)
    return Template(
        "registration/register.html",
        context={**context, "values": {}, "errors": {}, "chosen": [], "problem": None},
    )


TOO_MANY_REGISTRATIONS = N_(
    "Many registrations have come from your network just now. Please wait a few minutes"
    " and send the form again: what you filled in is still here."
)


@post("/e/{event_slug:str}/register")
async def register_from_page(
    request: AnyRequest,
    db: Database,
    event: Event,
    mailer: Mailer,
    registration_throttle: Throttle,
) -> Response[Any]:
    """The public form. Registrations per network address are limited (a form is not a
    bulk import: organisers add lists through the API or CSV import); a form that
    passes its checks takes its place in the limit before it is registered."""
    form = await request.form()
    address = f"register:{event.id}:{client_address(request)}"
    raw = raw_answers(form)
    errors: dict[str, str] = {}
    data: RegistrationIn | None = None
    try:
        data = parse_form(RegistrationIn, form)
    except InvalidInput as exc:
        errors = exc.field_errors
    try:
        chosen = session_ids(form)
        if data is None:
            answers_errors = service.validate_answers(await service.form_of(db, event), raw)[1]
            raise InvalidInput(field_errors={**answers_errors, **errors})
        if not await registration_throttle.reserve(address):
            raise TooManyRequests(TOO_MANY_REGISTRATIONS)
        registered = await service.register(
            db, mailer, event, data, raw, chosen, current_language()
        )
    except (InvalidInput, Conflict, TooManyRequests) as exc:
        context = await _register_context(db, event)
        values = {k: v[0] if len(v) == 1 else v for k, v in raw.items()}
        return Template(
            "registration/register.html",
            context={
                **context,
                "values": values,
                "chosen": [int(v) for v in raw.get("session_ids", []) if v.isdigit()],
                "errors": translated({**errors, **exc.field_errors}),
                "problem": gettext(exc.message, **exc.params),
                "duplicate": "email" in exc.field_errors and isinstance(exc, Conflict),
            },
            status_code=exc.status_code,
        )
    return Redirect(f"/r/{registered.token}?new=1", status_code=303)


@get("/e/{event_slug:str}/link")
async def link_page(event: Event) -> Template:
    return Template("registration/link.html", context={"event": event, "sent": False, "email": ""})


class LinkIn(msgspec.Struct, frozen=True):
    email: str


async def _send_link(
    db: Database, mailer: Mailer, throttle: Throttle, event: Event, email: str
) -> None:
    """Mail a fresh link, at most as often per address as failed logins are allowed,
    so nobody can flood an inbox through us."""
    key = f"link:{event.id}:{email.strip().lower()}"
    if not await throttle.reserve(key):
        raise TooManyRequests(N_("Too many requests for this address. Please wait a few minutes."))
    await service.send_link_again(db, mailer, event, email)


@post("/e/{event_slug:str}/link")
async def link_request(
    request: AnyRequest, db: Database, event: Event, mailer: Mailer, login_throttle: Throttle
) -> Template:
    form = await request.form()
    email = str(form.get("email", ""))[:254]
    await _send_link(db, mailer, login_throttle, event, email)
    return Template(
        "registration/link.html", context={"event": event, "sent": True, "email": email}
    )


@post("/api/v1/events/{event_slug:str}/link", opt={"errors": (TooManyRequests,)})
async def link_api(
    data: LinkIn, db: Database, event: Event, mailer: Mailer, login_throttle: Throttle
) -> dict[str, str]:
    """Mail a fresh private link to the address if it is registered (same answer either way)."""
    await _send_link(db, mailer, login_throttle, event, data.email[:254])
    return {"status": "sent-if-registered"}


# --- the private link -------------------------------------------------------------


async def _ticket_context(db: Database, token: str) -> dict[str, Any]:
    event, reg = await service.registration_for_token(db, token)
    sessions = await agenda_queries.sessions_of_event(db, event.id)
    bookings = {b.session_id: b.status for b in await queries.bookings_of(db, reg.id)}
    waitlist = 0
    if reg.status is RegistrationStatus.WAITLISTED:
        waitlist = await queries.waitlist_position(db, event.id, reg.id)
    return {
        **form_context(),
        "event": event,
        "reg": reg,
        "token": token,
        "form": await service.form_of(db, event),
        "workshops": service.offered_workshops(sessions, utcnow()),
        "bookings": bookings,
        "seats_taken": await queries.seats_taken(db, event.id),
        "waitlist_position": waitlist,
        "qr": qr_svg_data_uri(reg.ticket_code),
        "sessions": [s for s in sessions if s.kind is not SessionKind.BREAK],
        "favourites": await queries.favourites_of(db, reg.id),
        "registration_open": service.registration_open(event, utcnow()),
    }


@get("/r/{token:str}", name="ticket")
async def ticket_page(db: Database, token: str, new: bool = False) -> Template:
    context = await _ticket_context(db, token)
    return Template(
        "registration/ticket.html", context={**context, "new": new, "workshop_error": ""}
    )


@get("/r/{token:str}/ticket.ics", media_type="text/calendar", opt={"produces": ("text/calendar",)})
async def ticket_ics(db: Database, settings: Settings, token: str) -> Response[bytes]:
    """The event, the workshops with a seat and the sessions marked: a calendar file
    that calendar apps can also subscribe to."""
    event, reg = await service.registration_for_token(db, token)
    sessions = await service.personal_sessions(db, event, reg)
    return Response(
        ticket_calendar(event, sessions, settings.base_url),
        headers={"content-disposition": f'attachment; filename="{event.slug}.ics"'},
    )


@post("/r/{token:str}/favourites/{session_id:int}")
async def favourite_from_page(db: Database, token: str, session_id: Id) -> Redirect:
    event, reg = await service.registration_for_token(db, token)
    await service.toggle_favourite(db, event, reg, session_id)
    return Redirect(f"/r/{token}#my-agenda", status_code=303)


def _edit_template(
    context: dict[str, Any],
    values: dict[str, Any],
    errors: dict[str, str],
    manage: bool,
    status_code: int = 200,
) -> Template:
    """The answers form, for the attendee (private link) or the organiser."""
    event: Event = context["event"]
    reg: Registration = context["reg"]
    if manage:
        urls = {
            "form_action": f"/manage/{event.slug}/registrations/{reg.id}/edit",
            "back_url": f"/manage/{event.slug}/registrations",
            "back_text": gettext("Registrations"),
            "title": reg.name,
        }
    else:
        urls = {
            "form_action": f"/r/{context['token']}/edit",
            "back_url": f"/r/{context['token']}",
            "back_text": gettext("Your registration"),
            "title": gettext("Change my answers"),
        }
    return Template(
        "registration/edit.html",
        context={**context, **urls, "values": values, "errors": errors, "manage": manage},
        status_code=status_code,
    )


def _current_values(reg: Registration) -> dict[str, Any]:
    values: dict[str, Any] = dict(reg.answers)
    return values | {"name": reg.name, "email": reg.email, "organisation": reg.organisation}


async def _save_answers(
    request: AnyRequest, db: Database, mailer: Mailer, context: dict[str, Any], manage: bool
) -> Response[Any]:
    form = await request.form()
    raw = raw_answers(form)
    event: Event = context["event"]
    reg: Registration = context["reg"]
    try:
        data = parse_form(RegistrationIn, form)
        if manage:
            await service.update_registration(db, event, reg, data, raw)
        else:
            edit = await service.update_own_registration(db, mailer, event, reg, data, raw)
    except (InvalidInput, Conflict) as exc:
        values = {k: v[0] if len(v) == 1 else v for k, v in raw.items()}
        return _edit_template(
            context, values, translated(exc.field_errors), manage, exc.status_code
        )
    if manage:
        return done(request, f"/manage/{event.slug}/registrations", N_("The answers are saved."))
    if edit.pending_email:
        return done(
            request,
            f"/r/{context['token']}",
            N_("We sent a link to %(new)s; until you confirm, mail goes to %(old)s."),
            new=edit.pending_email,
            old=reg.email,
        )
    return done(request, f"/r/{context['token']}", N_("The answers are saved."))


@get("/r/{token:str}/edit")
async def edit_page(db: Database, token: str) -> Template:
    context = await _ticket_context(db, token)
    return _edit_template(context, _current_values(context["reg"]), {}, manage=False)


@post("/r/{token:str}/edit")
async def edit_from_page(
    request: AnyRequest, db: Database, mailer: Mailer, token: str
) -> Response[Any]:
    context = await _ticket_context(db, token)
    return await _save_answers(request, db, mailer, context, False)


@get("/r/email/{token:str}")
async def email_change_page(db: Database, token: str) -> Template:
    """The link mailed to a new address: it comes into force (or the page says why not)."""
    event, reg = await service.confirm_email_change(db, token)
    return Template("registration/email_changed.html", context={"event": event, "reg": reg})


@put(
    "/api/v1/r/{token:str}",
    status_code=202,
    opt={"errors": (Conflict,)},
    responses={200: ResponseSpec(SelfServiceEdit, description="Saved; the e-mail did not change")},
)
async def edit_api(
    data: SelfServiceEditIn, db: Database, mailer: Mailer, token: str
) -> Response[SelfServiceEdit]:
    """The attendee's own edit, as on the private link's page: a new e-mail waits for
    its confirmation link (``202`` with ``pending_email``); otherwise ``200``."""
    event, reg = await service.registration_for_token(db, token)
    edit = await service.update_own_registration(
        db,
        mailer,
        event,
        reg,
        RegistrationIn(name=data.name, email=data.email, organisation=data.organisation),
        service.raw_from_api(data.answers),
    )
    return Response(edit, status_code=202 if edit.pending_email else 200)


async def _manage_context(db: Database, event: Event, reg_id: Id) -> dict[str, Any]:
    reg = await service.get_registration(db, event, reg_id)
    return {**form_context(), "event": event, "reg": reg, "form": await service.form_of(db, event)}


@get("/manage/{event_slug:str}/registrations/{reg_id:int}/edit", guards=[require_organiser])
async def manage_edit_page(db: Database, event: Event, reg_id: Id) -> Template:
    context = await _manage_context(db, event, reg_id)
    return _edit_template(context, _current_values(context["reg"]), {}, manage=True)


@post("/manage/{event_slug:str}/registrations/{reg_id:int}/edit", guards=[require_organiser])
async def manage_edit_from_page(
    request: AnyRequest, db: Database, mailer: Mailer, event: Event, reg_id: Id
) -> Response[Any]:
    context = await _manage_context(db, event, reg_id)
    return await _save_answers(request, db, mailer, context, True)


@post("/r/{token:str}/sessions")
async def sessions_from_page(
    request: AnyRequest, db: Database, mailer: Mailer, token: str
) -> Response[Any]:
    event, reg = await service.registration_for_token(db, token)
    try:
        await service.choose_sessions(db, mailer, event, reg, session_ids(await request.form()))
    except InvalidInput as exc:
        context = await _ticket_context(db, token)
        return Template(
            "registration/ticket.html",
            context={**context, "new": False, "workshop_error": gettext(exc.message, **exc.params)},
            status_code=exc.status_code,
        )
    return done(request, f"/r/{token}", N_("Your workshop choices are saved."))


@get("/r/{token:str}/cancel")
async def cancel_page(db: Database, token: str) -> Template:
    return Template("registration/cancel.html", context=await _ticket_context(db, token))


@post("/r/{token:str}/cancel")
async def cancel_from_page(
    request: AnyRequest, db: Database, mailer: Mailer, token: str
) -> Redirect:
    event, reg = await service.registration_for_token(db, token)
    await service.cancel(db, mailer, event, reg)
    return done(request, f"/r/{token}", N_("Your registration is cancelled."))


@get("/r/{token:str}/data.json")
async def personal_data(db: Database, token: str) -> Response[dict[str, Any]]:
    """Everything held about the attendee (GDPR right of access)."""
    event, reg = await service.registration_for_token(db, token)
    data = service.personal_data(event, reg, await queries.bookings_of(db, reg.id))
    data["favourite_session_ids"] = sorted(await queries.favourites_of(db, reg.id))
    data["mail"] = msgspec.to_builtins(
        [
            {"subject": m.subject, "status": m.status, "created_at": m.created_at}
            for m in await mail_to_registration(db, reg.id)
        ]
    )
    return Response(
        data,
        headers={"content-disposition": f'attachment; filename="{event.slug}-my-data.json"'},
    )


# --- organiser: the list, the form ---------------------------------------------------


STATUS_FILTERS = [s.value for s in RegistrationStatus]


def _status(value: str) -> RegistrationStatus | None:
    return RegistrationStatus(value) if value in STATUS_FILTERS else None


PAGE_SIZE = 50
LIST_PARAMS = ("q", "status", "workshop", "checkin", "sort")


def _list_filter(request: AnyRequest) -> queries.ListFilter:
    """The list's filter from the query string; unknown values mean "any"."""
    params = request.query_params
    workshop = str(params.get("workshop", ""))
    checkin = str(params.get("checkin", ""))
    sort = str(params.get("sort", "newest"))
    return queries.ListFilter(
        q=str(params.get("q", "")).strip()[:200],
        status=_status(str(params.get("status", ""))),
        workshop=int(workshop) if workshop.isdigit() else None,
        checked_in={"yes": True, "no": False}.get(checkin),
        sort=sort if sort in queries.SORTS else "newest",
    )


def _list_query(request: AnyRequest, **changes: str) -> str:
    """The list's query string with ``changes`` (empty values left out)."""
    kept = {k: str(request.query_params.get(k, "")) for k in LIST_PARAMS}
    kept.update(changes)
    return urlencode({k: v for k, v in kept.items() if v})


@get("/manage/{event_slug:str}/registrations", guards=[require_organiser])
async def registrations_page(
    request: AnyRequest, db: Database, settings: Settings, event: Event
) -> Template:
    """Paged, searchable, sortable and filtered; bulk actions on what is ticked; the
    export takes the same filter."""
    shown = _list_filter(request)
    page_text = str(request.query_params.get("page", "1"))
    page = max(1, int(page_text)) if page_text.isdigit() else 1
    registrations, total = await queries.list_page(
        db, event.id, shown, (page - 1) * PAGE_SIZE, PAGE_SIZE
    )
    sessions = await agenda_queries.sessions_of_event(db, event.id)
    pages = max(1, -(-total // PAGE_SIZE))
    return Template(
        "registration/manage_list.html",
        context={
            "event": event,
            "shown": shown,
            "statuses": STATUS_FILTERS,
            "sorts": list(queries.SORTS),
            "workshops": [s for s in sessions if s.bookable],
            "registrations": registrations,
            "total": total,
            "page": min(page, pages),
            "pages": pages,
            "summary": ngettext(
                "Showing %(first)s–%(last)s of %(num)s registration",
                "Showing %(first)s–%(last)s of %(num)s registrations",
                total,
                first=format_number((page - 1) * PAGE_SIZE + 1),
                last=format_number((page - 1) * PAGE_SIZE + len(registrations)),
                num=format_number(total),
            ),
            "page_url": lambda n: f"?{_list_query(request, page=str(n))}",
            "export_url": f"/manage/{event.slug}/registrations.csv?{_list_query(request)}",
            "back_query": _list_query(request, page=str(page)),
            "counts": await queries.counts(db, event.id),
            "mail": await mail_of_event(db, event.id, 50),
            "mail_server": await mail_server(db, settings),
            "max_attempts": MAX_ATTEMPTS,
        },
    )


BULK_DONE = {
    "approve": N_("Approved: %(num)d."),
    "promote": N_("Given a seat: %(num)d."),
    "cancel": N_("Cancelled: %(num)d."),
    "resend": N_("Confirmation sent again: %(num)d."),
}


@post("/manage/{event_slug:str}/registrations/bulk", guards=[require_organiser])
async def bulk_action_page(
    request: AnyRequest, db: Database, mailer: Mailer, event: Event
) -> Redirect:
    """One action on every ticked registration; those it does not apply to (a
    cancelled one to cancel again, a full event to approve into) are skipped and
    counted."""
    form = await request.form()
    action = str(form.get("action", ""))
    if action not in BULK_DONE:
        raise InvalidInput(field_errors={"action": N_("Please choose one of the options.")})
    ids = [int(v) for v in form.getall("ids", []) if str(v).isdigit() and 0 < int(v) <= MAX_INT64]
    ids = ids[:PAGE_SIZE]
    done_count = skipped = 0
    for reg_id in ids:
        try:
            before = await service.get_registration(db, event, reg_id)
            after = await _act(db, mailer, event, reg_id, action)
        except (Conflict, NotFound):
            skipped += 1
            continue
        if action == "resend" or after.status != before.status:
            done_count += 1
        else:
            skipped += 1
    if skipped:
        warn(
            request,
            ngettext(
                "%(num)d registration was skipped: the action does not apply to it.",
                "%(num)d registrations were skipped: the action does not apply to them.",
                skipped,
            ),
        )
    back = f"/manage/{event.slug}/registrations?{form.get('back', '')}"
    return done(request, back, BULK_DONE[action], num=done_count)


@get(
    "/manage/{event_slug:str}/registrations.csv",
    guards=[require_organiser],
    media_type="text/csv; charset=utf-8",
)
async def registrations_csv(request: AnyRequest, db: Database, event: Event) -> Response[bytes]:
    """What the list shows (every page), as CSV with column names in the page's language."""
    rows = await queries.list_all(db, event.id, _list_filter(request))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            gettext("Name"),
            gettext("E-mail"),
            gettext("Organisation"),
            gettext("Status"),
            gettext("Ticket"),
            pgettext("registered at", "Registered"),
        ]
    )
    for r in rows:
        writer.writerow(
            [
                r.name,
                r.email,
                r.organisation,
                status_label(r.status),
                r.ticket_code,
                format_datetime(r.created_at, event.timezone, "short"),
            ]
        )
    return Response(
        out.getvalue().encode("utf-8-sig"),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{event.slug}-registrations.csv"'},
    )


async def _act(db: Database, mailer: Mailer, event: Event, reg_id: Id, action: str) -> Registration:
    if action == "cancel":
        await service.cancel(db, mailer, event, await service.get_registration(db, event, reg_id))
    elif action in ("approve", "promote"):
        await service.move_from_waitlist(
            db, mailer, event, reg_id, over_capacity=action == "promote"
        )
    elif action == "resend":
        await service.resend_confirmation(db, mailer, event, reg_id)
    else:
        raise NotFound()
    return await service.get_registration(db, event, reg_id)


@post(
    "/manage/{event_slug:str}/registrations/{reg_id:int}/{action:str}", guards=[require_organiser]
)
async def registration_action_page(
    request: AnyRequest, db: Database, mailer: Mailer, event: Event, reg_id: Id, action: str
) -> Redirect:
    reg = await _act(db, mailer, event, reg_id, action)
    return done(request, f"/manage/{event.slug}/registrations", ACTION_DONE[action], name=reg.name)


ACTION_DONE = {
    "cancel": N_("%(name)s is cancelled."),
    "approve": N_("%(name)s is approved."),
    "promote": N_("%(name)s has a seat."),
    "resend": N_("The confirmation is sent again to %(name)s."),
}


@post("/manage/{event_slug:str}/mail/{mail_id:int}/retry", guards=[require_organiser])
async def retry_mail_page(request: AnyRequest, db: Database, event: Event, mail_id: Id) -> Redirect:
    await retry_mail(db, mail_id, event.id)
    return done(request, f"/manage/{event.slug}/registrations", N_("The mail is sent again."))


CONSENT_FIELDS = ("consent_text", "consent_text_en")


async def _form_page(
    db: Database,
    event: Event,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    form = await service.form_of(db, event)
    return Template(
        "registration/manage_form.html",
        context={
            **form_context(),
            "event": event,
            "form": form,
            "modes": list(FieldMode),
            "values": values or {name: getattr(form, name) for name in CONSENT_FIELDS},
            "errors": errors or {},
        },
        status_code=status_code,
    )


@get("/manage/{event_slug:str}/registration-form", guards=[require_organiser])
async def form_page(db: Database, event: Event) -> Template:
    return await _form_page(db, event)


@post("/manage/{event_slug:str}/registration-form", guards=[require_organiser])
async def form_save_page(request: AnyRequest, db: Database, event: Event) -> Response[Any]:
    form = await request.form()
    texts = {name: str(form.get(name, "")).strip() for name in CONSENT_FIELDS}
    raw = {"builtins": {b.value: form.get(f"builtin_{b.value}", "off") for b in Builtin}, **texts}
    try:
        data = parse_form(RegistrationFormIn, raw)
    except InvalidInput as exc:
        return await _form_page(db, event, texts, exc.field_errors, exc.status_code)
    await service.save_form(db, event, data)
    return done(request, f"/manage/{event.slug}/registration-form", N_("The form is saved."))


@post("/manage/{event_slug:str}/registration-form/questions", guards=[require_organiser])
async def question_add_page(request: AnyRequest, db: Database, event: Event) -> Response[Any]:
    form = await request.form()
    lines = {
        name: [line.strip() for line in str(form.get(name, "")).splitlines() if line.strip()]
        for name in ("options", "options_en")
    }
    try:
        data = parse_form(QuestionIn, {**{k: form.get(k) for k in form}, **lines})
        await service.add_question(db, event, data)
    except InvalidInput as exc:
        return Template(
            "registration/manage_form.html",
            context={
                **form_context(),
                "event": event,
                "form": await service.form_of(db, event),
                "modes": list(FieldMode),
                "errors": translated(exc.field_errors),
            },
            status_code=422,
        )
    return done(request, f"/manage/{event.slug}/registration-form", N_("The question is added."))


@post(
    "/manage/{event_slug:str}/registration-form/questions/{question_id:int}/delete",
    guards=[require_organiser],
)
async def question_delete_page(
    request: AnyRequest, db: Database, event: Event, question_id: Id
) -> Redirect:
    await service.delete_question(db, event, question_id)
    return done(request, f"/manage/{event.slug}/registration-form", N_("The question is removed."))


# --- organiser API ------------------------------------------------------------------


class RegistrationList(msgspec.Struct, frozen=True, kw_only=True):
    counts: RegistrationCounts
    registrations: list[Registration]


@get("/api/v1/events/{event_slug:str}/registrations", guards=[require_organiser])
async def registrations_api(
    db: Database,
    event: Event,
    q: str = "",
    status: str = "",
    limit: Annotated[int, Interval(ge=1, le=5000)] = 1000,
) -> RegistrationList:
    """Search (name, e-mail, organisation, ticket code) and filter by status."""
    if status and _status(status) is None:
        raise InvalidInput(field_errors={"status": N_("Please choose one of the options.")})
    return RegistrationList(
        counts=await queries.counts(db, event.id),
        registrations=await queries.search_registrations(
            db, event.id, q.strip()[:200], _status(status), limit
        ),
    )


class RegisteredOut(msgspec.Struct, frozen=True, kw_only=True):
    registration: Registration
    private_link: str


@post(
    "/api/v1/events/{event_slug:str}/registrations",
    guards=[require_organiser],
    opt={"errors": (Conflict,)},
)
async def register_api(
    data: RegistrationApiIn, db: Database, event: Event, mailer: Mailer
) -> RegisteredOut:
    """Register someone (e.g. from the organiser's own site); same rules as the page."""
    registered = await service.register(
        db,
        mailer,
        event,
        RegistrationIn(
            name=data.name, email=data.email, organisation=data.organisation, consent=data.consent
        ),
        service.raw_from_api(data.answers),
        data.session_ids,
        data.language,
    )
    return RegisteredOut(
        registration=registered.registration, private_link=mailer.link(registered.token)
    )


@get("/api/v1/events/{event_slug:str}/registrations/{reg_id:int}", guards=[require_organiser])
async def registration_api(db: Database, event: Event, reg_id: Id) -> Registration:
    return await service.get_registration(db, event, reg_id)


@put(
    "/api/v1/events/{event_slug:str}/registrations/{reg_id:int}",
    guards=[require_organiser],
    opt={"errors": (Conflict,)},
)
async def registration_edit_api(
    data: RegistrationApiIn, db: Database, event: Event, reg_id: Id
) -> Registration:
    reg = await service.get_registration(db, event, reg_id)
    return await service.update_registration(
        db,
        event,
        reg,
        RegistrationIn(name=data.name, email=data.email, organisation=data.organisation),
        service.raw_from_api(data.answers),
    )


@post(
    "/api/v1/events/{event_slug:str}/registrations/{reg_id:int}/{action:str}",
    guards=[require_organiser],
    status_code=200,
    opt={"errors": (Conflict,)},
)
async def registration_action_api(
    db: Database, mailer: Mailer, event: Event, reg_id: Id, action: str
) -> Registration:
    """``cancel``, ``approve`` (needs a free seat), ``promote`` (even over capacity)
    or ``resend`` (the confirmation, with a fresh private link)."""
    return await _act(db, mailer, event, reg_id, action)


@get("/api/v1/events/{event_slug:str}/registration-form", guards=[require_organiser])
async def form_api(db: Database, event: Event) -> RegistrationForm:
    return await service.form_of(db, event)


@put("/api/v1/events/{event_slug:str}/registration-form", guards=[require_organiser])
async def form_save_api(data: RegistrationFormIn, db: Database, event: Event) -> RegistrationForm:
    return await service.save_form(db, event, data)


@post("/api/v1/events/{event_slug:str}/registration-form/questions", guards=[require_organiser])
async def question_add_api(data: QuestionIn, db: Database, event: Event) -> Question:
    return await service.add_question(db, event, data)


@post(
    "/api/v1/events/{event_slug:str}/registration-form/questions/{question_id:int}/delete",
    guards=[require_organiser],
    status_code=204,
)
async def question_delete_api(db: Database, event: Event, question_id: Id) -> None:
    await service.delete_question(db, event, question_id)


@get("/api/v1/events/{event_slug:str}/mail", guards=[require_organiser])
async def mail_api(db: Database, event: Event) -> list[MailRecord]:
    """The event's outgoing mail, failures first (status, attempts, last error)."""
    return await mail_of_event(db, event.id)


@get("/api/v1/events/{event_slug:str}/mail/server", guards=[require_organiser])
async def mail_server_api(db: Database, settings: Settings, event: Event) -> MailServer:
    """The mail server as the outbox last found it: off, unknown, reachable or
    unreachable (since when, and the error)."""
    return await mail_server(db, settings)


router = Router(
    path="/",
    route_handlers=[
        bulk_action_page,
        registrations_csv,
        register_page,
        register_from_page,
        link_page,
        link_request,
        link_api,
        ticket_page,
        ticket_ics,
        favourite_from_page,
        edit_page,
        edit_from_page,
        email_change_page,
        edit_api,
        manage_edit_page,
        manage_edit_from_page,
        sessions_from_page,
        cancel_page,
        cancel_from_page,
        personal_data,
        registrations_page,
        registration_action_page,
        retry_mail_page,
        mail_server_api,
        form_page,
        form_save_page,
        question_add_page,
        question_delete_page,
        registrations_api,
        register_api,
        registration_api,
        registration_edit_api,
        registration_action_api,
        form_api,
        form_save_api,
        question_add_api,
        question_delete_api,
        mail_api,
    ],
    dependencies={"event": Provide(provide_event)},
)
