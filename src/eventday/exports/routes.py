"""The organiser's exports page, downloads on pages and in the API, and the
attendance rule and retention settings."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from litestar import Request, Response, Router, get, post, put
from litestar.di import Provide
from litestar.params import Parameter
from litestar.response import Template

from eventday.accounts.guards import require_organiser
from eventday.checkin import service as checkin
from eventday.checkin.models import AttendanceSettings, AttendanceSettingsIn
from eventday.db import Database
from eventday.errors import N_, InvalidInput
from eventday.events.guards import provide_event
from eventday.events.models import Event
from eventday.exports import service
from eventday.exports.datasets import DATASETS
from eventday.exports.exporters import EXPORTERS
from eventday.exports.hours import ParticipationMonth, participation_hours
from eventday.live import activities
from eventday.web.forms import parse_form
from eventday.web.i18n import gettext
from eventday.web.messages import done

AnyRequest = Request[Any, Any, Any]

Language = Annotated[
    Literal["sv", "en"] | None,
    Parameter(
        description="The language of the column names and values (default: Accept-Language,"
        " then Swedish). The request's language middleware makes it active."
    ),
]


def as_response(download: service.Download) -> Response[bytes]:
    return Response(
        download.body,
        media_type=download.content_type,
        headers={"content-disposition": f'attachment; filename="{download.filename}"'},
    )


def dataset_labels() -> dict[str, tuple[str, str]]:
    return {
        "attendance": (
            gettext("Attendance list"),
            gettext(
                "One row per registration: answers, status, check-in times, sessions, "
                "minutes online and whether the person attended."
            ),
        ),
        "engagement": (
            gettext("Engagement"),
            gettext("Per activity: participants, submissions and share of those connected."),
        ),
        "results": (gettext("Results of every activity"), gettext("One sheet per activity.")),
        "ideas": (gettext("Top ideas"), gettext("The ideas with the most votes on each board.")),
    }


async def _page(
    db: Database, event: Event, errors: dict[str, str] | None = None, status_code: int = 200
) -> Template:
    return Template(
        "exports/page.html",
        context={
            "event": event,
            "datasets": dataset_labels(),
            "formats": list(EXPORTERS),
            "activities": await activities.list_activities(db, event),
            "settings": await checkin.attendance_settings(db, event),
            "counts": await checkin.counts(db, event),
            "hours_people": len({p.email for p in await participation_hours(db, event)}),
            "errors": errors or {},
        },
        status_code=status_code,
    )


@get("/manage/{event_slug:str}/exports", guards=[require_organiser], name="exports")
async def exports_page(db: Database, event: Event) -> Template:
    return await _page(db, event)


@get("/manage/{event_slug:str}/exports/{filename:str}", guards=[require_organiser])
async def download_page(db: Database, event: Event, filename: str) -> Response[bytes]:
    return as_response(await service.render_file(db, event, filename))


@post("/manage/{event_slug:str}/attendance-settings", guards=[require_organiser])
async def settings_from_page(request: AnyRequest, db: Database, event: Event) -> Response[Any]:
    form = await request.form()
    raw = {k: v for k, v in form.items() if k in ("online_percent", "retention_days") and v}
    try:
        data = parse_form(AttendanceSettingsIn, raw)
    except InvalidInput as exc:
        errors = {k: gettext(v) for k, v in exc.field_errors.items()}
        return await _page(db, event, errors, status_code=422)
    await checkin.save_attendance_settings(db, event, data)
    return done(request, f"/manage/{event.slug}/exports", N_("The settings are saved."))


@get("/api/v1/events/{event_slug:str}/exports", guards=[require_organiser])
async def exports_api(event: Event) -> dict[str, list[str]]:
    """The datasets and the formats each comes in."""
    return {name: [f"{name}.{fmt}" for fmt in EXPORTERS] for name in DATASETS}


@get(
    "/api/v1/events/{event_slug:str}/exports/{filename:str}",
    guards=[require_organiser],
    opt={"produces": tuple(exporter.content_type for exporter in EXPORTERS.values())},
)
async def download_api(
    db: Database, event: Event, filename: str, lang: Language = None
) -> Response[bytes]:
    """``attendance``, ``engagement``, ``results``, ``ideas`` or ``hours``, then ``.csv`` or
    ``.xlsx``: e.g. ``attendance.xlsx``. Column names, sheet names and values are in
    words, in ``lang`` (``sv``, ``en``), else ``Accept-Language``, else Swedish."""
    return as_response(await service.render_file(db, event, filename))


@get("/api/v1/events/{event_slug:str}/participation-hours", guards=[require_organiser])
async def hours_api(db: Database, event: Event) -> list[ParticipationMonth]:
    """Participation hours for the ESF follow-up: per person and month (``YYYY-MM`` in
    the event's time zone), minutes on site and online (docs/attendance.md)."""
    return await participation_hours(db, event)


@get("/api/v1/events/{event_slug:str}/attendance-settings", guards=[require_organiser])
async def settings_api(db: Database, event: Event) -> AttendanceSettings:
    return await checkin.attendance_settings(db, event)


@put("/api/v1/events/{event_slug:str}/attendance-settings", guards=[require_organiser])
async def settings_save_api(
    data: AttendanceSettingsIn, db: Database, event: Event
) -> AttendanceSettings:
    """``online_percent``: online attendance counts from this share of the event;
    ``retention_days``: personal data is anonymised this many days after the event."""
    return await checkin.save_attendance_settings(db, event, data)


router = Router(
    path="/",
    route_handlers=[
        exports_page,
        download_page,
        settings_from_page,
        exports_api,
        download_api,
        hours_api,
        settings_api,
        settings_save_api,
    ],
    dependencies={"event": Provide(provide_event)},
)
