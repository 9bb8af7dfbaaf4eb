"""The webinar companion over HTTP: the organiser's page and API (reminders, stream
audience, thank-you mail, mail to groups), and the links its mail carries."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, Router, get, post, put
from litestar.di import Provide
from litestar.response import Redirect, Template

from eventday.accounts.guards import provide_account, require_organiser
from eventday.accounts.models import Account
from eventday.agenda import queries as agenda_queries
from eventday.db import Database
from eventday.errors import N_, Conflict, InvalidInput
from eventday.events.guards import provide_event
from eventday.events.models import Event
from eventday.events.streams import stream_of
from eventday.live import participants as live
from eventday.live import routes as live_routes
from eventday.registration import service as registration
from eventday.registration.mails import Mailer
from eventday.web.forms import parse_form
from eventday.web.i18n import gettext
from eventday.webinar import evaluation, queries, service
from eventday.webinar.links import registration_for_key
from eventday.webinar.models import (
    MAX_REMINDER_MINUTES,
    Audience,
    EvaluationIn,
    EvaluationQuestion,
    EvaluationQuestionIn,
    EvaluationResults,
    GroupMailIn,
    GroupMailPreview,
    GroupMailRecord,
    QuestionKind,
    ReminderMinutes,
    ScheduledMail,
    WebinarSettings,
    WebinarSettingsIn,
)
from eventday.webinar.setup import Webinar

AnyRequest = Request[Any, Any, Any]
MANAGE = "/manage/{event_slug:str}/webinar"
API = "/api/v1/events/{event_slug:str}/webinar"


# --- the links in the mail -------------------------------------------------------------


@get("/m/{key:str}/live")
async def live_from_mail(
    request: AnyRequest, db: Database, webinar: Webinar, key: str
) -> Response[Any]:
    """Open the live page as the attendee, so their time online counts as attendance."""
    event, reg = await registration_for_key(db, webinar.secret, key)
    participant, cookie = await live_routes.participant_of(request, db, event)
    await live.link_registration(db, participant, reg.id)
    return Redirect(f"/{event.join_code}", status_code=303, cookies=[cookie])


@get("/m/{key:str}/cancel")
async def cancel_page(db: Database, webinar: Webinar, key: str) -> Template:
    event, reg = await registration_for_key(db, webinar.secret, key)
    return Template("webinar/cancel.html", context={"event": event, "reg": reg, "key": key})


@post("/m/{key:str}/cancel", status_code=200)
async def cancel_from_mail(db: Database, mailer: Mailer, webinar: Webinar, key: str) -> Template:
    """Cancel from the reminder: the seat goes to the first on the waitlist."""
    event, reg = await registration_for_key(db, webinar.secret, key)
    await registration.cancel(db, mailer, event, reg)
    reg = (await registration_for_key(db, webinar.secret, key))[1]
    return Template("webinar/cancel.html", context={"event": event, "reg": reg, "key": key})


@get("/m/{key:str}/evaluation")
async def evaluation_page(db: Database, webinar: Webinar, key: str) -> Template:
    """The evaluation, answered anonymously at one's own pace."""
    event, reg = await registration_for_key(db, webinar.secret, key)
    who = evaluation.registrant(webinar.secret, reg)
    return await evaluation_form(db, event, who, f"/m/{key}/evaluation")


@post("/m/{key:str}/evaluation", status_code=200)
async def answer_evaluation(
    request: AnyRequest, db: Database, webinar: Webinar, key: str
) -> Template:
    event, reg = await registration_for_key(db, webinar.secret, key)
    who = evaluation.registrant(webinar.secret, reg)
    return await evaluation_answered(request, db, event, who, f"/m/{key}/evaluation")


async def evaluation_answered(
    request: AnyRequest,
    db: Database,
    event: Event,
    who: evaluation.Respondent,
    action: str,
    back: str = "",
) -> Template:
    """Store the answers posted on the evaluation's page (the mail's or the live one)
    and show the page again: thank you, or each error beside its question."""
    form = await request.form()
    values = {
        int(name[1:]): str(value)
        for name, value in form.items()
        if name.startswith("q") and name[1:].isdigit()
    }
    try:
        await evaluation.answer(db, event, who, values)
    except InvalidInput as exc:
        return await evaluation_form(
            db, event, who, action, back, errors=dict(exc.field_errors), values=values
        )
    return await evaluation_form(db, event, who, action, back)


async def evaluation_form(
    db: Database,
    event: Event,
    who: evaluation.Respondent,
    action: str,
    back: str = "",
    errors: dict[str, str] | None = None,
    values: dict[int, str] | None = None,
) -> Template:
    """The evaluation's phone page; ``action`` is where it posts to: the mail link's
    page or the live page's (then ``back`` leads back to the live session)."""
    return Template(
        "webinar/evaluation.html",
        context={
            "event": event,
            "action": action,
            "back": back,
            "questions": await queries.questions_of(db, event.id),
            "answered": await evaluation.answered(db, event, who),
            "scale": evaluation.SCALE,
            "errors": {name: gettext(m) for name, m in (errors or {}).items()},
            "values": values or {},
        },
        status_code=422 if errors else 200,
    )


# --- the organiser's page ----------------------------------------------------------------


def parse_reminders(text: str) -> list[int]:
    """ "1440, 60" -> [1440, 60]; a clear error for anything but minutes before the start."""
    parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    if len(parts) > 5 or not all(
        p.isdigit() and 1 <= int(p) <= MAX_REMINDER_MINUTES for p in parts
    ):
        raise InvalidInput(field_errors={"reminders": BAD_REMINDERS})
    return [int(p) for p in parts]


BAD_REMINDERS = N_(
    "Give up to five reminders as minutes before the start, from 1 to 20160"
    " (14 days), separated by commas."
)


async def _page(
    db: Database,
    event: Event,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    preview: GroupMailPreview | None = None,
    saved: bool = False,
    queued: GroupMailRecord | None = None,
) -> Template:
    settings = await queries.settings_of(db, event.id)
    return Template(
        "webinar/manage.html",
        context={
            "event": event,
            "settings": settings,
            "schedule": await service.schedule_of(db, event),
            "workshops": [
                s for s in await agenda_queries.sessions_of_event(db, event.id) if s.capacity
            ],
            "audiences": [a.value for a in Audience],
            "stream": stream_of(event.online_url),
            "group_mails": await queries.group_mails_of(db, event.id),
            "question_lines": "\n".join(
                " | ".join([f"{q.kind.value}: {q.prompt}", *q.options])
                for q in await queries.questions_of(db, event.id)
            ),
            "results": await evaluation.results(db, event),
            "group_label": evaluation.group_label,
            "errors": {name: gettext(m) for name, m in (errors or {}).items()},
            "values": values or {},
            "preview": preview,
            "saved": saved,
            "queued": queued,
        },
        status_code=422 if errors else 200,
    )


@get(MANAGE, guards=[require_organiser])
async def manage_page(db: Database, event: Event) -> Template:
    """Reminders and what is scheduled, who sees the stream, mail to a group."""
    return await _page(db, event)


@post(f"{MANAGE}/settings", guards=[require_organiser], status_code=200)
async def settings_from_page(request: AnyRequest, db: Database, event: Event) -> Template:
    form = await request.form()
    try:
        data = parse_form(
            WebinarSettingsIn,
            {
                "reminders": parse_reminders(str(form.get("reminders", ""))),
                "stream_audience": form.get("stream_audience") or "link",
                "thank_you": form.get("thank_you"),
                "evaluation_reminder_days": form.get("evaluation_reminder_days"),
                "evaluation_min_group": form.get("evaluation_min_group"),
            },
        )
    except InvalidInput as exc:
        typed = {name: str(form.get(name, "")) for name in form}
        return await _page(db, event, errors=dict(exc.field_errors), values=typed)
    await service.save_settings(db, event, data)
    return await _page(db, event, saved=True)


@get(f"{MANAGE}/reminders/{{minutes:int}}", guards=[require_organiser])
async def reminder_preview_page(
    db: Database, webinar: Webinar, event: Event, minutes: ReminderMinutes
) -> Template:
    preview = await service.preview_reminder(db, webinar.mails, webinar.secret, event, minutes)
    return Template(
        "webinar/preview.html", context={"event": event, "preview": preview, "minutes": minutes}
    )


@post(f"{MANAGE}/mail", guards=[require_organiser], status_code=200)
async def group_mail_from_page(
    request: AnyRequest, db: Database, webinar: Webinar, event: Event, account: Account
) -> Template:
    """Preview (the text for the first recipient and how many) or send."""
    form = await request.form()
    values = {k: str(form.get(k, "")) for k in ("audience", "session_id", "subject", "body")}
    try:
        data = parse_form(GroupMailIn, {k: v for k, v in values.items() if v})
        if form.get("action") == "send":
            queued = await webinar.send_group_mail(db, event, data, account.id)
            return await _page(db, event, queued=queued)
        preview = await service.preview_group_mail(db, webinar.mails, webinar.secret, event, data)
    except InvalidInput as exc:
        errors = dict(exc.field_errors) or {"body": exc.message}
        return await _page(db, event, errors=errors, values=values)
    return await _page(db, event, values=values, preview=preview)


def parse_questions(text: str) -> EvaluationIn:
    """One question a line: ``scale: …``, ``text: …`` or ``choice: … | option | option``."""
    questions = []
    for line in text.splitlines():
        if not line.strip():
            continue
        kind, _, rest = line.partition(":")
        parts = [p.strip() for p in rest.split("|")]
        if kind.strip() not in ("scale", "choice", "text") or not parts[0]:
            raise InvalidInput(field_errors={"questions": BAD_QUESTION})
        questions.append(
            EvaluationQuestionIn(
                kind=QuestionKind(kind.strip()), prompt=parts[0][:300], options=parts[1:11]
            )
        )
    return EvaluationIn(questions=questions[:20])


BAD_QUESTION = N_(
    "Write one question a line, starting with scale:, choice: or text:"
    " (choice: the question | an option | another option)."
)


@post(f"{MANAGE}/evaluation", guards=[require_organiser], status_code=200)
async def evaluation_from_page(request: AnyRequest, db: Database, event: Event) -> Template:
    form = await request.form()
    text = str(form.get("questions", ""))[:20_000]
    try:
        await evaluation.save_questions(db, event, parse_questions(text))
    except (InvalidInput, Conflict) as exc:
        errors = {"questions": next(iter(exc.field_errors.values()), exc.message)}
        return await _page(db, event, errors=errors, values={"questions": text})
    return await _page(db, event, saved=True)


# --- the organiser's API -----------------------------------------------------------------


@get(API, guards=[require_organiser])
async def settings_api(db: Database, event: Event) -> WebinarSettings:
    return await queries.settings_of(db, event.id)


@put(API, guards=[require_organiser])
async def save_settings_api(data: WebinarSettingsIn, db: Database, event: Event) -> WebinarSettings:
    """Reminders (minutes before the start), who sees the stream, the thank-you mail."""
    return await service.save_settings(db, event, data)


@get(f"{API}/schedule", guards=[require_organiser])
async def schedule_api(db: Database, event: Event) -> list[ScheduledMail]:
    return await service.schedule_of(db, event)


@get(f"{API}/reminders/{{minutes:int}}/preview", guards=[require_organiser])
async def reminder_preview_api(
    db: Database, webinar: Webinar, event: Event, minutes: ReminderMinutes
) -> GroupMailPreview:
    return await service.preview_reminder(db, webinar.mails, webinar.secret, event, minutes)


@post(f"{API}/mail/preview", guards=[require_organiser], status_code=200)
async def group_mail_preview_api(
    data: GroupMailIn, db: Database, webinar: Webinar, event: Event
) -> GroupMailPreview:
    return await service.preview_group_mail(db, webinar.mails, webinar.secret, event, data)


@post(f"{API}/mail", guards=[require_organiser], status_code=201)
async def group_mail_api(
    data: GroupMailIn, db: Database, webinar: Webinar, event: Event, account: Account
) -> GroupMailRecord:
    """Queue the mail to the group; it leaves at the configured rate."""
    return await webinar.send_group_mail(db, event, data, account.id)


@get(f"{API}/evaluation", guards=[require_organiser])
async def evaluation_api(db: Database, event: Event) -> list[EvaluationQuestion]:
    return await queries.questions_of(db, event.id)


@put(f"{API}/evaluation", guards=[require_organiser], opt={"errors": (Conflict,)})
async def save_evaluation_api(
    data: EvaluationIn, db: Database, event: Event
) -> list[EvaluationQuestion]:
    """Replace the questions (409 once anyone has answered)."""
    return await evaluation.save_questions(db, event, data)


@get(f"{API}/evaluation/results", guards=[require_organiser])
async def evaluation_results_api(db: Database, event: Event) -> EvaluationResults:
    return await evaluation.results(db, event)


@get(f"{API}/mail", guards=[require_organiser])
async def group_mails_api(db: Database, event: Event) -> list[GroupMailRecord]:
    return await queries.group_mails_of(db, event.id)


router = Router(
    path="/",
    route_handlers=[
        manage_page,
        settings_from_page,
        reminder_preview_page,
        group_mail_from_page,
        live_from_mail,
        cancel_page,
        cancel_from_mail,
        settings_api,
        save_settings_api,
        schedule_api,
        reminder_preview_api,
        group_mail_preview_api,
        group_mail_api,
        group_mails_api,
        evaluation_page,
        answer_evaluation,
        evaluation_api,
        save_evaluation_api,
        evaluation_results_api,
        evaluation_from_page,
    ],
    dependencies={"event": Provide(provide_event), "account": Provide(provide_account)},
)
