"""The funder's report (HTML that prints, XLSX, JSON), event series, and
certificates of attendance (one from the private link, all for the organiser)."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, Router, get, post, put
from litestar.di import Provide
from litestar.response import Redirect, Template

from eventday.accounts.guards import require_organiser
from eventday.bounds import Id
from eventday.checkin.attendance import event_attendance
from eventday.db import Database
from eventday.errors import N_, InvalidInput, NotFound
from eventday.events.guards import provide_event
from eventday.events.models import Event
from eventday.exports.exporters import XlsxExporter
from eventday.exports.queries import registrations_of_event
from eventday.registration import service as registration
from eventday.registration.models import Registration, RegistrationStatus
from eventday.reports import certificates, queries, service
from eventday.reports.charts import paired_bars
from eventday.reports.models import (
    EventSeriesIn,
    FunderReport,
    Series,
    SeriesIn,
    SeriesProgress,
    WorkforceIn,
)
from eventday.reports.sheets import evaluation_sheet, report_sheets
from eventday.web.forms import parse_form
from eventday.web.i18n import format_date, gettext
from eventday.web.messages import done
from eventday.webinar import evaluation
from eventday.webinar.links import registration_for_key
from eventday.webinar.setup import Webinar

AnyRequest = Request[Any, Any, Any]
MANAGE = "/manage/{event_slug:str}"
API = "/api/v1/events/{event_slug:str}"


def bucket_label(key: str) -> str:
    return gettext("Not answered") if key == service.NOT_ANSWERED else evaluation.group_label(key)


def _charts(report: FunderReport) -> dict[str, Any]:
    both = (gettext("Registered"), gettext("Attended"))
    charts: dict[str, Any] = {
        "overview": paired_bars(
            gettext("Registered and attended"),
            both,
            [
                (gettext("People"), report.registered, report.attended),
                (
                    gettext("Organisations"),
                    report.organisations_registered,
                    report.organisations_reached,
                ),
            ],
        )
    }
    for name, rows in (("gender", report.gender), ("region", report.region)):
        if rows:
            charts[name] = paired_bars(
                gettext("Gender") if name == "gender" else gettext("Region (län)"),
                both,
                [(bucket_label(b.key), b.registered, b.attended) for b in rows],
            )
    compared = [o for o in report.organisations if o.workforce_women_percent is not None]
    if compared:
        charts["workforce"] = paired_bars(
            gettext("Share of women: workforce and participants"),
            (gettext("Workforce"), gettext("Participants")),
            [
                (o.organisation, o.workforce_women_percent, o.participant_women_percent)
                for o in compared
            ],
            maximum=100,
            unit=" %",
        )
    return charts


async def _report_context(db: Database, event: Event) -> dict[str, Any]:
    report = await service.funder_report(db, event)
    series_id = await queries.series_of_event(db, event.id)
    return {
        "event": event,
        "report": report,
        "charts": _charts(report),
        "bucket_label": bucket_label,
        "all_series": await queries.all_series(db),
        "series_id": series_id,
        "evaluation": await evaluation.results(db, event),
        "group_label": evaluation.group_label,
        "errors": {},
    }


@get(f"{MANAGE}/report", guards=[require_organiser], name="report")
async def report_page(db: Database, event: Event) -> Template:
    return Template("reports/report.html", context=await _report_context(db, event))


@get(f"{MANAGE}/report.xlsx", guards=[require_organiser])
async def report_xlsx(db: Database, event: Event) -> Response[bytes]:
    report = await service.funder_report(db, event)
    sheets = report_sheets(report, bucket_label)
    answers = await evaluation.results(db, event)
    if answers.respondents:
        sheets.append(evaluation_sheet(answers, bucket_label))
    return Response(
        XlsxExporter().render(sheets),
        media_type=XlsxExporter.content_type,
        headers={"content-disposition": f'attachment; filename="{event.slug}-report.xlsx"'},
    )


@post(f"{MANAGE}/report/workforce", guards=[require_organiser])
async def workforce_from_page(request: AnyRequest, db: Database, event: Event) -> Response[Any]:
    try:
        data = parse_form(WorkforceIn, await request.form())
    except InvalidInput as exc:
        context = await _report_context(db, event)
        context["errors"] = {k: gettext(v) for k, v in exc.field_errors.items()}
        return Template("reports/report.html", context=context, status_code=422)
    await service.save_workforce(db, event, data)
    return done(
        request, f"/manage/{event.slug}/report#organisations", N_("The workforce is saved.")
    )


@post(f"{MANAGE}/series", guards=[require_organiser])
async def event_series_from_page(request: AnyRequest, db: Database, event: Event) -> Redirect:
    data = parse_form(EventSeriesIn, await request.form())
    await service.set_event_series(db, event, data.series_id)
    return done(request, f"/manage/{event.slug}/report", N_("The series is saved."))


@get(f"{API}/report", guards=[require_organiser])
async def report_api(db: Database, event: Event) -> FunderReport:
    """The funder's report as data: registered and attended, organisations reached,
    gender and region (when asked), organisations with the workforce comparison."""
    return await service.funder_report(db, event)


@put(f"{API}/report/workforce", guards=[require_organiser])
async def workforce_api(data: WorkforceIn, db: Database, event: Event) -> FunderReport:
    await service.save_workforce(db, event, data)
    return await service.funder_report(db, event)


# --- series ---------------------------------------------------------------------------


@get("/manage/series", guards=[require_organiser], name="series_list")
async def series_list_page(db: Database) -> Template:
    return Template(
        "reports/series_list.html",
        context={"series": await queries.all_series(db), "errors": {}, "values": {}},
    )


@post("/manage/series", guards=[require_organiser])
async def series_create_page(request: AnyRequest, db: Database) -> Response[Any]:
    form = await request.form()
    raw = {k: v for k, v in form.items() if k in SeriesIn.__struct_fields__ and v}
    try:
        series = await service.create_series(db, parse_form(SeriesIn, raw))
    except InvalidInput as exc:
        return Template(
            "reports/series_list.html",
            context={
                "series": await queries.all_series(db),
                "errors": {k: gettext(v) for k, v in exc.field_errors.items()},
                "values": dict(raw),
            },
            status_code=422,
        )
    return done(request, f"/manage/series/{series.id}", N_("The series is created."))


@get("/manage/series/{series_id:int}", guards=[require_organiser])
async def series_page(db: Database, series_id: Id) -> Template:
    progress = await service.series_progress(db, await service.get_series(db, series_id))
    return Template(
        "reports/series.html",
        context={
            "progress": progress,
            "chart": paired_bars(
                gettext("Reached against the targets"),
                (gettext("Target"), gettext("Reached")),
                [
                    (
                        gettext("Organisations"),
                        progress.series.target_organisations,
                        progress.unique_organisations,
                    ),
                    (
                        gettext("Participants"),
                        progress.series.target_participants,
                        progress.unique_participants,
                    ),
                ],
            ),
        },
    )


@get("/api/v1/series", guards=[require_organiser])
async def series_list_api(db: Database) -> list[Series]:
    return await queries.all_series(db)


@post("/api/v1/series", guards=[require_organiser], status_code=201)
async def series_create_api(data: SeriesIn, db: Database) -> Series:
    return await service.create_series(db, data)


@get("/api/v1/series/{series_id:int}", guards=[require_organiser])
async def series_api(db: Database, series_id: Id) -> SeriesProgress:
    """The series' events and unique organisations and participants against targets."""
    return await service.series_progress(db, await service.get_series(db, series_id))


@put(f"{API}/series", guards=[require_organiser])
async def event_series_api(data: EventSeriesIn, db: Database, event: Event) -> None:
    """``{"series_id": 3}`` puts the event in a series; ``null`` takes it out."""
    await service.set_event_series(db, event, data.series_id)


# --- certificates ---------------------------------------------------------------------


def _texts() -> certificates.CertificateTexts:
    return certificates.CertificateTexts(
        title=gettext("Certificate of attendance"),
        certifies=gettext("This certifies that"),
        attended=gettext("attended"),
        onsite=gettext("on site"),
        online=gettext("online for %(minutes)s minutes"),
        organiser=gettext("Issued by eventday"),
    )


def _pdf(event: Event, people: list[certificates.Attendee], filename: str) -> Response[bytes]:
    body = certificates.render(
        event, people, _texts(), format_date(event.starts_at, event.timezone, "long")
    )
    return Response(
        body,
        media_type="application/pdf",
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )


async def _attendees(db: Database, event: Event) -> dict[int, certificates.Attendee]:
    seen = await event_attendance(db, event)
    result = {}
    for reg in await registrations_of_event(db, event.id):
        record = seen.of(reg.id)
        if reg.status is RegistrationStatus.CONFIRMED and record.attended and reg.name:
            result[reg.id] = certificates.Attendee(
                name=reg.name,
                organisation=reg.organisation,
                minutes_online=record.online_total,
                onsite=record.onsite,
            )
    return result


@get(f"{MANAGE}/certificates.pdf", guards=[require_organiser])
async def certificates_pdf(db: Database, event: Event) -> Response[bytes]:
    """Every attendee's certificate in one file."""
    people = list((await _attendees(db, event)).values())
    if not people:
        raise NotFound(N_("Nobody has attended yet, so there are no certificates."))
    return _pdf(event, people, f"{event.slug}-certificates.pdf")


@get("/r/{token:str}/certificate.pdf", opt={"produces": ("application/pdf",)})
async def certificate_pdf(db: Database, token: str) -> Response[bytes]:
    """The attendee's own certificate, once they have attended."""
    event, reg = await registration.registration_for_token(db, token)
    return await own_certificate(db, event, reg)


@get("/m/{key:str}/certificate.pdf", opt={"produces": ("application/pdf",)})
async def certificate_from_mail(db: Database, webinar: Webinar, key: str) -> Response[bytes]:
    """The certificate from the link in the thank-you mail (see webinar.links)."""
    event, reg = await registration_for_key(db, webinar.secret, key)
    return await own_certificate(db, event, reg)


async def own_certificate(db: Database, event: Event, reg: Registration) -> Response[bytes]:
    """One attendee's certificate (from the private link or a mail link)."""
    person = (await _attendees(db, event)).get(reg.id)
    if person is None:
        raise NotFound(N_("A certificate is there once you have attended the event."))
    return _pdf(event, [person], f"{event.slug}-certificate.pdf")


router = Router(
    path="/",
    route_handlers=[
        report_page,
        report_xlsx,
        workforce_from_page,
        event_series_from_page,
        report_api,
        workforce_api,
        series_list_page,
        series_create_page,
        series_page,
        series_list_api,
        series_create_api,
        series_api,
        event_series_api,
        certificates_pdf,
        certificate_pdf,
        certificate_from_mail,
    ],
    dependencies={"event": Provide(provide_event)},
)
