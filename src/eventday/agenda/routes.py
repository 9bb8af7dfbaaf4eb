"""The public event page, sessions and speakers; the organiser's agenda pages; the
agenda API; schedule exports and imports."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from litestar import Request, Response, Router, delete, get, post, put
from litestar.datastructures import UploadFile
from litestar.di import Provide
from litestar.enums import RequestEncodingType
from litestar.handlers import HTTPRouteHandler
from litestar.params import Body
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_204_NO_CONTENT

from eventday.accounts.guards import require_organiser
from eventday.agenda import imports, queries, service
from eventday.agenda.exports import EXPORTERS
from eventday.agenda.imports import ImportReport, ImportRowReport
from eventday.agenda.models import (
    Agenda,
    Room,
    RoomIn,
    Session,
    SessionIn,
    SessionKind,
    Speaker,
    SpeakerIn,
    Track,
    TrackIn,
)
from eventday.agenda.photos import MAX_UPLOAD_BYTES
from eventday.agenda.timeline import day_timeline
from eventday.agenda.warnings import agenda_warnings
from eventday.bounds import Id, NewOrId
from eventday.db import Database
from eventday.errors import N_, Conflict, InvalidInput, NotFound
from eventday.events.forms import form_values
from eventday.events.guards import provide_event
from eventday.events.models import Event
from eventday.settings import Settings
from eventday.web.forms import parse_form
from eventday.web.i18n import current_language, gettext
from eventday.web.messages import done, warn

AnyRequest = Request[Any, Any, Any]
UPLOAD_BODY_LIMIT = MAX_UPLOAD_BYTES + 64 * 1024
IMPORT_BODY_LIMIT = 4 * 1024 * 1024
CONFLICTS = {"errors": (Conflict,)}
ROWS_NEED_ATTENTION = N_("Some rows need attention; nothing was imported.")
KIND_LABELS = {
    SessionKind.TALK: N_("Talk"),
    SessionKind.PANEL: N_("Panel"),
    SessionKind.WORKSHOP: N_("Workshop"),
    SessionKind.BREAK: N_("Break"),
    SessionKind.OTHER: N_("Other"),
}


def kind_labels() -> dict[SessionKind, str]:
    return {kind: gettext(text) for kind, text in KIND_LABELS.items()}


def translated(errors: dict[str, str]) -> dict[str, str]:
    return {name: gettext(message) for name, message in errors.items()}


# --- public pages ---------------------------------------------------------------------


@get("/e/{event_slug:str}/speakers")
async def speakers_page(db: Database, event: Event) -> Template:
    return Template(
        "agenda/speakers.html",
        context={"event": event, "speakers": await queries.speakers_of_event(db, event.id)},
    )


@get("/e/{event_slug:str}/speakers/{speaker_id:int}")
async def speaker_page(db: Database, event: Event, speaker_id: Id) -> Template:
    return Template(
        "agenda/speaker.html",
        context={
            "event": event,
            "speaker": await service.get_speaker(db, event, speaker_id),
            "sessions": await queries.sessions_of_speaker(db, event.id, speaker_id),
        },
    )


@get("/e/{event_slug:str}/speakers/{speaker_id:int}/photo.jpg", opt={"produces": ("image/jpeg",)})
async def speaker_photo(db: Database, event: Event, speaker_id: Id) -> Response[bytes]:
    photo = await queries.speaker_photo(db, event.id, speaker_id)
    if photo is None:
        raise NotFound(N_("This speaker has no photo."))
    return Response(
        photo, media_type="image/jpeg", headers={"cache-control": "public, max-age=86400"}
    )


@get(
    "/e/{event_slug:str}/export/{fmt:str}",
    opt={"produces": tuple(exporter.content_type for exporter in EXPORTERS.values())},
)
async def export_schedule(
    db: Database, settings: Settings, event: Event, fmt: str
) -> Response[bytes]:
    """The programme as ``ics`` (iCalendar), ``json`` (c3voc/frab schedule) or ``csv``,
    its texts in the asker's language (``?lang=en`` or ``Accept-Language``), which
    ``Content-Language`` names."""
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise NotFound(N_("There is no such export format."))
    body = exporter.render(event, await service.load_agenda(db, event), settings.base_url)
    return Response(
        body,
        media_type=exporter.content_type,
        headers={
            "content-disposition": f'attachment; filename="{event.slug}.{exporter.extension}"',
            "content-language": current_language(),
        },
    )


# --- organiser pages ------------------------------------------------------------------


async def _agenda_context(db: Database, event: Event, **extra: Any) -> dict[str, Any]:
    agenda = await service.load_agenda(db, event)
    warnings = agenda_warnings(event, agenda.sessions)
    return {
        "event": event,
        "agenda": agenda,
        "room_choices": [(r.id, r.name) for r in agenda.rooms],
        "track_choices": [(t.id, t.name) for t in agenda.tracks],
        "speaker_choices": [
            (p.id, f"{p.name}, {p.organisation}" if p.organisation else p.name)
            for p in agenda.speakers
        ],
        "kind_labels": kind_labels(),
        "warnings": warnings,
        "timeline": day_timeline(event, agenda.sessions, set(warnings)),
        "errors": {},
        "problem": None,
        **extra,
    }


@get("/manage/{event_slug:str}/agenda", guards=[require_organiser])
async def manage_agenda(db: Database, event: Event) -> Template:
    return Template("agenda/manage.html", context=await _agenda_context(db, event))


@post("/manage/{event_slug:str}/agenda/{what:str}", guards=[require_organiser])
async def add_room_or_track(
    request: AnyRequest, db: Database, event: Event, what: str
) -> Response[Any]:
    form = await request.form()
    try:
        if what == "rooms":
            await service.create_room(db, event, parse_form(RoomIn, form))
        elif what == "tracks":
            await service.create_track(db, event, parse_form(TrackIn, form))
        else:
            raise NotFound()
    except (InvalidInput, Conflict) as exc:
        context = await _agenda_context(
            db, event, errors={f"{what}-{k}": v for k, v in translated(exc.field_errors).items()}
        )
        return Template("agenda/manage.html", context=context, status_code=exc.status_code)
    added = N_("The room is added.") if what == "rooms" else N_("The track is added.")
    return done(request, f"/manage/{event.slug}/agenda", added)


@post("/manage/{event_slug:str}/agenda/{what:str}/{item_id:int}/delete", guards=[require_organiser])
async def delete_from_page(
    request: AnyRequest, db: Database, event: Event, what: str, item_id: Id
) -> Redirect:
    if what not in DELETED:
        raise NotFound()
    await service.delete_item(db, event, what, item_id)
    target = "speakers" if what == "speakers" else "agenda"
    return done(request, f"/manage/{event.slug}/{target}", DELETED[what])


DELETED = {
    "rooms": N_("The room is removed."),
    "tracks": N_("The track is removed."),
    "sessions": N_("The session is removed."),
    "speakers": N_("The speaker is removed."),
}


LOCAL_MINUTES = "%Y-%m-%dT%H:%M"
NEW_SESSION_LENGTH = timedelta(minutes=45)


def _new_session_values(event: Event, sessions: list[Session]) -> dict[str, Any]:
    """A new session starts where the agenda ends (or when the event starts) and lasts
    45 minutes, within the event's day; the organiser changes what is wrong."""
    tz = ZoneInfo(event.timezone)
    starts = max((s.ends_at for s in sessions), default=event.starts_at)
    if starts >= event.ends_at:
        starts = event.starts_at
    ends = min(starts + NEW_SESSION_LENGTH, max(event.ends_at, starts + timedelta(minutes=5)))
    return {
        "kind": "talk",
        "speaker_ids": [],
        "starts_at": starts.astimezone(tz).strftime(LOCAL_MINUTES),
        "ends_at": ends.astimezone(tz).strftime(LOCAL_MINUTES),
    }


def _session_values(
    session: Session | None, event: Event, sessions: list[Session]
) -> dict[str, Any]:
    if session is None:
        return _new_session_values(event, sessions)
    tz = ZoneInfo(event.timezone)
    return {
        "title": session.title,
        "title_en": session.title_en,
        "description": session.description,
        "description_en": session.description_en,
        "kind": session.kind.value,
        "starts_at": session.starts_at.astimezone(tz).strftime(LOCAL_MINUTES),
        "ends_at": session.ends_at.astimezone(tz).strftime(LOCAL_MINUTES),
        "room_id": session.room_id,
        "track_id": session.track_id,
        "capacity": session.capacity or "",
        "stream_url": session.stream_url,
        "speaker_ids": [s.id for s in session.speakers],
    }


@get("/manage/{event_slug:str}/agenda/sessions/{session_id:int}", guards=[require_organiser])
async def session_form(db: Database, event: Event, session_id: NewOrId) -> Template:
    """The session form; ``0`` is a new session."""
    session = await service.get_session(db, event, session_id) if session_id else None
    context = await _agenda_context(db, event, session=session)
    context["values"] = _session_values(session, event, context["agenda"].sessions)
    return Template("agenda/session_form.html", context=context)


@post("/manage/{event_slug:str}/agenda/sessions/{session_id:int}", guards=[require_organiser])
async def save_session_page(
    request: AnyRequest, db: Database, event: Event, session_id: NewOrId
) -> Response[Any]:
    form = await request.form()
    try:
        data = parse_form(SessionIn, form_values(form, {"speaker_ids"}))
        saved = await service.save_session(db, event, data, session_id or None)
    except (InvalidInput, Conflict, NotFound) as exc:
        raw = form.dict()
        values: dict[str, Any] = {k: v[0] for k, v in raw.items()}
        values["speaker_ids"] = [int(v) for v in raw.get("speaker_ids", []) if v.isdigit()]
        for key in ("room_id", "track_id"):
            values[key] = int(values[key]) if str(values.get(key, "")).isdigit() else None
        context = await _agenda_context(
            db,
            event,
            session=await queries.session_by_id(db, event.id, session_id),
            values=values,
            errors=translated(exc.field_errors),
            problem=gettext(exc.message, **exc.params),
        )
        return Template("agenda/session_form.html", context=context, status_code=exc.status_code)
    await _warn_about(request, db, event, saved)
    return done(request, f"/manage/{event.slug}/agenda", N_("The session is saved."))


async def _warn_about(request: AnyRequest, db: Database, event: Event, session: Session) -> None:
    """Flash what looks wrong about ``session`` (outside the event's hours, a speaker in
    two places), for the organiser to see with the saved message."""
    agenda = await service.load_agenda(db, event)
    for warning in agenda_warnings(event, agenda.sessions).get(session.id, []):
        warn(request, warning.text())


@post(
    "/manage/{event_slug:str}/agenda/sessions/{session_id:int}/duplicate",
    guards=[require_organiser],
)
async def duplicate_session_page(
    request: AnyRequest, db: Database, event: Event, session_id: Id
) -> Redirect:
    """A copy of the session right after it (same room when free), opened to edit."""
    copy = await service.duplicate_session(db, event, session_id)
    return done(
        request,
        f"/manage/{event.slug}/agenda/sessions/{copy.id}",
        N_("This is a copy of “%(title)s”: change what differs and save."),
        title=copy.title,
    )


@get("/manage/{event_slug:str}/speakers", guards=[require_organiser])
async def manage_speakers(db: Database, event: Event) -> Template:
    return Template(
        "agenda/manage_speakers.html",
        context=await _agenda_context(db, event, speaker=None, values={}),
    )


SPEAKER_FIELDS = ("name", "title", "title_en", "organisation", "bio", "bio_en")


def _speaker_values(speaker: Speaker) -> dict[str, Any]:
    return {name: getattr(speaker, name) for name in SPEAKER_FIELDS}


@get("/manage/{event_slug:str}/speakers/{speaker_id:int}", guards=[require_organiser])
async def speaker_form(db: Database, event: Event, speaker_id: Id) -> Template:
    speaker = await service.get_speaker(db, event, speaker_id)
    return Template(
        "agenda/speaker_form.html",
        context=await _agenda_context(db, event, speaker=speaker, values=_speaker_values(speaker)),
    )


@post("/manage/{event_slug:str}/speakers/{speaker_id:int}", guards=[require_organiser])
async def save_speaker_page(
    request: AnyRequest, db: Database, event: Event, speaker_id: NewOrId
) -> Response[Any]:
    """Create (``0``) or change a speaker."""
    form = await request.form()
    try:
        data = parse_form(SpeakerIn, form)
        if speaker_id:
            await service.update_speaker(db, event, speaker_id, data)
        else:
            await service.create_speaker(db, event, data)
    except InvalidInput as exc:
        speaker = await queries.speaker_by_id(db, event.id, speaker_id)
        context = await _agenda_context(
            db,
            event,
            speaker=speaker,
            values={k: form.get(k) for k in SPEAKER_FIELDS},
            errors=translated(exc.field_errors),
        )
        template = "agenda/speaker_form.html" if speaker else "agenda/manage_speakers.html"
        return Template(template, context=context, status_code=422)
    return done(request, f"/manage/{event.slug}/speakers", N_("The speaker is saved."))


@post(
    "/manage/{event_slug:str}/speakers/{speaker_id:int}/photo",
    guards=[require_organiser],
    request_max_body_size=UPLOAD_BODY_LIMIT,
)
async def upload_photo_page(
    request: AnyRequest,
    db: Database,
    event: Event,
    speaker_id: Id,
    data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)],
) -> Response[Any]:
    upload = data.get("photo")
    content = await upload.read() if isinstance(upload, UploadFile) else b""
    try:
        await service.set_speaker_photo(db, event, speaker_id, content)
    except InvalidInput as exc:
        speaker = await service.get_speaker(db, event, speaker_id)
        context = await _agenda_context(
            db,
            event,
            speaker=speaker,
            values=_speaker_values(speaker),
            errors=translated(exc.field_errors),
        )
        return Template("agenda/speaker_form.html", context=context, status_code=422)
    return done(request, f"/manage/{event.slug}/speakers/{speaker_id}", N_("The photo is saved."))


def _import_rows(result: imports.ImportResult) -> list[ImportRowReport]:
    return [
        ImportRowReport(
            number=r.number,
            title=r.title,
            starts_at=r.starts_at,
            ends_at=r.ends_at,
            room=r.room,
            speakers=", ".join(s.name for s in r.speakers),
            errors=[gettext(e.message, **e.params) for e in r.errors],
        )
        for r in result.rows
    ]


async def _run_import(
    db: Database, event: Event, content: bytes, fmt: str, *, write: bool
) -> imports.ImportResult:
    if fmt == "csv":
        rows = imports.parse_csv(content, event.timezone)
    elif fmt == "json":
        rows = imports.parse_schedule_json(content)
    else:
        raise InvalidInput(field_errors={"format": N_("Please choose one of the options.")})
    return await imports.run_import(db, event, rows, write=write)


@get("/manage/{event_slug:str}/import", guards=[require_organiser])
async def import_page(event: Event) -> Template:
    return Template(
        "agenda/import.html",
        context={"event": event, "rows": None, "errors": {}, "content": "", "fmt": "json"},
    )


@post(
    "/manage/{event_slug:str}/import",
    guards=[require_organiser],
    request_max_body_size=IMPORT_BODY_LIMIT,
)
async def import_from_page(
    request: AnyRequest,
    db: Database,
    event: Event,
    data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)],
) -> Response[Any]:
    """With a file: preview. With ``content`` from the preview and ``confirm``: import."""
    upload = data.get("file")
    fmt = str(data.get("format", "json"))
    content = await upload.read() if isinstance(upload, UploadFile) else b""
    if not content:
        content = str(data.get("content", "")).encode()
    write = bool(data.get("confirm"))
    try:
        result = await _run_import(db, event, content, fmt, write=write)
    except InvalidInput as exc:
        return Template(
            "agenda/import.html",
            context={
                "event": event,
                "rows": None,
                "errors": translated(exc.field_errors),
                "content": "",
                "fmt": fmt,
            },
            status_code=422,
        )
    if result.written:
        return done(request, f"/manage/{event.slug}/agenda", N_("The schedule is imported."))
    return Template(
        "agenda/import.html",
        context={
            "event": event,
            "rows": _import_rows(result),
            "error_count": result.error_count,
            "errors": {},
            "content": content.decode("utf-8", "replace"),
            "fmt": fmt,
        },
    )


# --- API ----------------------------------------------------------------------------


@get("/api/v1/events/{event_slug:str}/agenda")
async def agenda_api(db: Database, event: Event) -> Agenda:
    """Rooms, tracks, speakers and sessions (public, like the event page)."""
    return await service.load_agenda(db, event)


@post("/api/v1/events/{event_slug:str}/rooms", guards=[require_organiser], opt=CONFLICTS)
async def create_room_api(data: RoomIn, db: Database, event: Event) -> Room:
    return await service.create_room(db, event, data)


@put(
    "/api/v1/events/{event_slug:str}/rooms/{item_id:int}", guards=[require_organiser], opt=CONFLICTS
)
async def update_room_api(data: RoomIn, db: Database, event: Event, item_id: Id) -> None:
    await service.update_room(db, event, item_id, data)


@post("/api/v1/events/{event_slug:str}/tracks", guards=[require_organiser], opt=CONFLICTS)
async def create_track_api(data: TrackIn, db: Database, event: Event) -> Track:
    return await service.create_track(db, event, data)


@put(
    "/api/v1/events/{event_slug:str}/tracks/{item_id:int}",
    guards=[require_organiser],
    opt=CONFLICTS,
)
async def update_track_api(data: TrackIn, db: Database, event: Event, item_id: Id) -> None:
    await service.update_track(db, event, item_id, data)


@post("/api/v1/events/{event_slug:str}/speakers", guards=[require_organiser])
async def create_speaker_api(data: SpeakerIn, db: Database, event: Event) -> Speaker:
    return await service.create_speaker(db, event, data)


@put("/api/v1/events/{event_slug:str}/speakers/{item_id:int}", guards=[require_organiser])
async def update_speaker_api(data: SpeakerIn, db: Database, event: Event, item_id: Id) -> Speaker:
    return await service.update_speaker(db, event, item_id, data)


@put(
    "/api/v1/events/{event_slug:str}/speakers/{item_id:int}/photo",
    guards=[require_organiser],
    request_max_body_size=UPLOAD_BODY_LIMIT,
    opt={"consumes": ("image/jpeg", "image/png", "image/webp", "image/gif")},
)
async def upload_photo_api(request: AnyRequest, db: Database, event: Event, item_id: Id) -> Speaker:
    """The body is the image itself (JPEG, PNG, WebP or GIF, at most 5 MB)."""
    return await service.set_speaker_photo(db, event, item_id, await request.body())


@post("/api/v1/events/{event_slug:str}/sessions", guards=[require_organiser], opt=CONFLICTS)
async def create_session_api(data: SessionIn, db: Database, event: Event) -> Session:
    """Times without an offset are in the event's time zone. Overlaps in a room: 409."""
    return await service.save_session(db, event, data)


@put(
    "/api/v1/events/{event_slug:str}/sessions/{item_id:int}",
    guards=[require_organiser],
    opt=CONFLICTS,
)
async def update_session_api(data: SessionIn, db: Database, event: Event, item_id: Id) -> Session:
    return await service.save_session(db, event, data, item_id)


def _delete_api(what: str) -> HTTPRouteHandler:
    """``DELETE /api/v1/events/<slug>/<what>/<id>`` for one kind of agenda item."""

    async def handler(db: Database, event: Event, item_id: Id) -> None:
        await service.delete_item(db, event, what, item_id)

    handler.__doc__ = f"Delete one of the event's {what} (see docs/registration.md)."
    return delete(
        f"/api/v1/events/{{event_slug:str}}/{what}/{{item_id:int}}",
        guards=[require_organiser],
        status_code=HTTP_204_NO_CONTENT,
        name=f"delete_{what}_api",
        opt=CONFLICTS if what in service.IN_USE else {},
    )(handler)


delete_apis = [_delete_api(what) for what in ("rooms", "tracks", "speakers", "sessions")]


@post(
    "/api/v1/events/{event_slug:str}/schedule/import",
    guards=[require_organiser],
    request_max_body_size=IMPORT_BODY_LIMIT,
    status_code=200,
    opt={"consumes": ("application/json", "text/csv")},
)
async def import_api(
    request: AnyRequest, db: Database, event: Event, format: str = "json", dry_run: bool = True
) -> ImportReport:
    """Body: a schedule JSON or CSV file. ``dry_run`` (default) only previews; rows
    with errors block the whole import: 422, a problem document whose ``rows`` lists
    every row with its errors."""
    result = await _run_import(db, event, await request.body(), format, write=not dry_run)
    rows = _import_rows(result)
    if result.error_count:
        raise InvalidInput(ROWS_NEED_ATTENTION, extensions={"rows": rows})
    return ImportReport(written=result.written, rows=rows)


router = Router(
    path="/",
    route_handlers=[
        speakers_page,
        speaker_page,
        speaker_photo,
        export_schedule,
        manage_agenda,
        add_room_or_track,
        delete_from_page,
        session_form,
        save_session_page,
        duplicate_session_page,
        manage_speakers,
        speaker_form,
        save_speaker_page,
        upload_photo_page,
        import_page,
        import_from_page,
        agenda_api,
        create_room_api,
        update_room_api,
        create_track_api,
        update_track_api,
        create_speaker_api,
        update_speaker_api,
        upload_photo_api,
        create_session_api,
        update_session_api,
        *delete_apis,
        import_api,
    ],
    dependencies={"event": Provide(provide_event)},
)
