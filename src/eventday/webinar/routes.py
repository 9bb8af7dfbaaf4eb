"""The webinar companion over HTTP: the organiser's page and API (reminders, stream
audience, thank-you mail, mail to groups), and the links its mail carries."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, Router, get, post, put
from litestar.di import Provide
from litestar.response import Redirect, Template

from eventday.accounts.models import Account
from eventday.db import Database
from eventday.events.models import Event
from eventday.live import routes as live_routes
from eventday.live import service as live
from eventday.registration import service as registration
from eventday.registration.mails import Mailer
from eventday.reports.routes import own_certificate
from eventday.web.guards import provide_account, provide_event, require_organiser
from eventday.webinar import queries, service
from eventday.webinar.links import registration_for_key
from eventday.webinar.models import (
    GroupMailIn,
    GroupMailPreview,
    GroupMailRecord,
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


@get("/m/{key:str}/certificate.pdf", opt={"produces": ("application/pdf",)})
async def certificate_from_mail(db: Database, webinar: Webinar, key: str) -> Response[bytes]:
    event, reg = await registration_for_key(db, webinar.secret, key)
    return await own_certificate(db, event, reg)


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
    db: Database, webinar: Webinar, event: Event, minutes: int
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
    record = await service.send_group_mail(
        db,
        webinar.mails,
        webinar.secret,
        event,
        data,
        account.id,
        webinar.settings.group_mail_per_minute,
    )
    return record


@get(f"{API}/mail", guards=[require_organiser])
async def group_mails_api(db: Database, event: Event) -> list[GroupMailRecord]:
    return await service.group_mails_of(db, event)


router = Router(
    path="/",
    route_handlers=[
        live_from_mail,
        cancel_page,
        cancel_from_mail,
        certificate_from_mail,
        settings_api,
        save_settings_api,
        schedule_api,
        reminder_preview_api,
        group_mail_preview_api,
        group_mail_api,
        group_mails_api,
    ],
    dependencies={"event": Provide(provide_event), "account": Provide(provide_account)},
)
