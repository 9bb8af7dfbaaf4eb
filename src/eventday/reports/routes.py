"""The funder's report (HTML that prints, XLSX, JSON), event series, and
certificates of attendance (one from the private link, all for the organiser)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Response, Router, delete, get, post, put
from litestar.datastructures import UploadFile
from litestar.di import Provide
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template

from eventday.accounts.guards import require_organiser
from eventday.bounds import Id
from eventday.checkin.attendance import event_attendance
from eventday.db import Database
from eventday.errors import N_, InvalidInput, NotFound
from eventday.events.guards import provide_event
from eventday.events.models import Event
from eventday.exports.datasets import hours_sheet
from eventday.exports.exporters import EXPORTERS, XlsxExporter
from eventday.exports.hours import ParticipationMonth
from eventday.exports.queries import registrations_of_event
from eventday.exports.routes import Language, as_response
from eventday.exports.service import download
from eventday.registration import service as registration
from eventday.registration.models import Registration, RegistrationStatus
from eventday.reports import certificates, queries, service
from eventday.reports.charts import paired_bars
from eventday.reports.logos import MAX_LOGO_BYTES
from eventday.reports.models import (
    CertificateIssuer,
    CertificateIssuerIn,
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
LOGO_BODY_LIMIT = MAX_LOGO_BYTES + 64 * 1024


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
            "formats": list(EXPORTERS),
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


async def _series_hours_file(db: Database, series_id: int, filename: str) -> Response[bytes]:
    series = await service.get_series(db, series_id)
    stem, _dot, fmt = filename.partition(".")
    if stem != "hours":
        raise NotFound(N_("There is no such export."))
    months = await service.series_hours(db, series)
    return as_response(download([hours_sheet(months)], f"series-{series.id}-hours", fmt))


@get("/manage/series/{series_id:int}/exports/{filename:str}", guards=[require_organiser])
async def series_hours_page(db: Database, series_id: Id, filename: str) -> Response[bytes]:
    return await _series_hours_file(db, series_id, filename)


@get(
    "/api/v1/series/{series_id:int}/exports/{filename:str}",
    guards=[require_organiser],
    opt={"produces": tuple(exporter.content_type for exporter in EXPORTERS.values())},
)
async def series_hours_file_api(
    db: Database, series_id: Id, filename: str, lang: Language = None
) -> Response[bytes]:
    """``hours.csv`` or ``hours.xlsx``: the participation hours of the series' events,
    per person (by e-mail) and month, with names and values in words in ``lang``
    (``sv``, ``en``), else ``Accept-Language``, else Swedish."""
    return await _series_hours_file(db, series_id, filename)


@get("/api/v1/series/{series_id:int}/participation-hours", guards=[require_organiser])
async def series_hours_api(db: Database, series_id: Id) -> list[ParticipationMonth]:
    """Per person (by e-mail) and month, minutes on site and online over the series'
    events (docs/attendance.md)."""
    return await service.series_hours(db, await service.get_series(db, series_id))


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
        issued_by=gettext("Issued by %(organisation)s"),
    )


async def _pdf(
    db: Database, event: Event, people: list[certificates.Attendee], filename: str
) -> Response[bytes]:
    logo = await queries.certificate_logo(db, event.id)
    body = certificates.render(
        event,
        people,
        _texts(),
        format_date(event.starts_at, event.timezone, "long"),
        await service.certificate_issuer(db, event),
        logo[0] if logo else None,
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
    return await _pdf(db, event, people, f"{event.slug}-certificates.pdf")


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
    return await _pdf(db, event, [person], f"{event.slug}-certificate.pdf")


def _issuer_errors(exc: InvalidInput) -> dict[str, str]:
    return {k: gettext(v) for k, v in exc.field_errors.items()}


async def _issuer_page(
    db: Database,
    event: Event,
    values: CertificateIssuer | None = None,
    errors: dict[str, str] | None = None,
) -> Template:
    return Template(
        "reports/certificate.html",
        context={
            "event": event,
            "issuer": values or await service.certificate_issuer(db, event),
            "errors": errors or {},
            "max_logo_mb": MAX_LOGO_BYTES // (1024 * 1024),
        },
        status_code=422 if errors else 200,
    )


@get(f"{MANAGE}/certificate", guards=[require_organiser], name="certificate")
async def issuer_page(db: Database, event: Event) -> Template:
    return await _issuer_page(db, event)


@post(
    f"{MANAGE}/certificate",
    guards=[require_organiser],
    request_max_body_size=LOGO_BODY_LIMIT,
)
async def issuer_from_page(
    request: AnyRequest,
    db: Database,
    event: Event,
    data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)],
) -> Response[Any] | Template:
    """The issuer's texts, and a new logo when a file is chosen (or none when
    "remove" is ticked). Nothing is saved when a field is wrong."""
    texts = {k: v for k, v in data.items() if k in ("organisation", "signer_name", "signer_title")}
    upload = data.get("logo")
    content = await upload.read() if isinstance(upload, UploadFile) else b""
    current = await service.certificate_issuer(db, event)
    shown = CertificateIssuer(
        organisation=str(texts.get("organisation", "")),
        signer_name=str(texts.get("signer_name", "")),
        signer_title=str(texts.get("signer_title", "")),
        has_logo=current.has_logo,
    )
    try:
        issuer = parse_form(CertificateIssuerIn, {k: str(v) for k, v in texts.items()})
        await service.save_certificate_issuer(
            db, event, issuer, content, remove_logo=bool(data.get("remove_logo"))
        )
    except InvalidInput as exc:
        return await _issuer_page(db, event, shown, _issuer_errors(exc))
    return done(request, f"/manage/{event.slug}/certificate", N_("The certificate is saved."))


@get(f"{MANAGE}/certificate/logo", guards=[require_organiser])
async def logo_page(db: Database, event: Event) -> Response[bytes]:
    logo = await queries.certificate_logo(db, event.id)
    if logo is None:
        raise NotFound(N_("This event's certificates have no logo."))
    return Response(logo[0], media_type=logo[1], headers={"cache-control": "no-cache"})


@get(f"{API}/certificate", guards=[require_organiser])
async def issuer_api(db: Database, event: Event) -> CertificateIssuer:
    """Who issues the certificates: organisation, signer's name and title, and whether
    there is a logo."""
    return await service.certificate_issuer(db, event)


@put(f"{API}/certificate", guards=[require_organiser])
async def issuer_save_api(
    data: CertificateIssuerIn, db: Database, event: Event
) -> CertificateIssuer:
    """Each text at most 120 characters; an empty one is left off the PDF."""
    return await service.save_certificate_issuer(db, event, data)


@put(
    f"{API}/certificate/logo",
    guards=[require_organiser],
    request_max_body_size=LOGO_BODY_LIMIT,
    opt={"consumes": ("image/png", "image/jpeg")},
)
async def logo_api(request: AnyRequest, db: Database, event: Event) -> CertificateIssuer:
    """The body is the logo itself: PNG or JPEG, at most 1 MB and 4000 pixels a side."""
    return await service.set_certificate_logo(db, event, await request.body())


@delete(f"{API}/certificate/logo", guards=[require_organiser], status_code=204)
async def logo_delete_api(db: Database, event: Event) -> None:
    await service.remove_certificate_logo(db, event)


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
        series_hours_page,
        series_hours_file_api,
        series_hours_api,
        event_series_api,
        certificates_pdf,
        certificate_pdf,
        certificate_from_mail,
        issuer_page,
        issuer_from_page,
        logo_page,
        issuer_api,
        issuer_save_api,
        logo_api,
        logo_delete_api,
    ],
    dependencies={"event": Provide(provide_event)},
)
