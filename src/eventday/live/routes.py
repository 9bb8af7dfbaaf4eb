"""Live pages (phone, projector, moderator controls), the live API and the socket."""

from __future__ import annotations

import csv
import io
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import segno
from annotated_types import Interval
from litestar import Request, Response, Router, WebSocket, get, post, put, websocket
from litestar.datastructures import Cookie
from litestar.di import Provide
from litestar.handlers import HTTPRouteHandler
from litestar.response import Redirect, Template

from eventday.accounts import service as accounts
from eventday.accounts.guards import Connection, current_account, provide_account
from eventday.accounts.models import Account, EventRole
from eventday.bounds import Id
from eventday.codes import normalise_code
from eventday.console import actions
from eventday.console.models import (
    Blocklist,
    Close,
    ConsoleAction,
    HideResults,
    MergeIdeas,
    Open,
    Premoderation,
    Question,
    Quick,
    Reset,
    Reveal,
    ShowOnProjector,
)
from eventday.db import Database
from eventday.errors import N_, NotAuthenticated, NotFound, PermissionDenied, TooManyRequests
from eventday.events.guards import provide_event, require_event_role
from eventday.events.models import Event
from eventday.events.queries import event_by_join_code
from eventday.exports.exporters import safe
from eventday.live import service
from eventday.live.clouds import svg
from eventday.live.hub import encoder
from eventday.live.models import (
    Activity,
    ActivityIn,
    ActivityKind,
    ErrorMessage,
    LiveSettings,
    LiveSettingsIn,
    MergeIn,
    QuestionAction,
    StageIn,
)
from eventday.live.setup import PARTICIPANT_COOKIE, PARTICIPANT_MAX_AGE, Live
from eventday.live.socket import NOT_JOINED, LiveConnection
from eventday.live.words import normalise
from eventday.web.i18n import gettext, plural_forms
from eventday.web.origins import refuse_foreign_origin
from eventday.web.throttle import client_address
from eventday.webinar.embed import stream_on_page

MODERATE = require_event_role(EventRole.MODERATOR)
API = "/api/v1/events/{event_slug:str}/live"
MANAGE = "/manage/{event_slug:str}/live"
TOO_MANY_JOINS = N_(
    "Many people have just joined from your network. Please wait a minute and try again."
)


def live_of(connection: Connection) -> Live:
    live: Live = connection.app.state.live
    return live


UNKNOWN_CODE = N_("No event has this code. Check it and try again.")
NO_ACCESS = N_("You have not been given access to this event.")


async def event_of_code(db: Database, code: str) -> Event:
    event = await event_by_join_code(db, normalise_code(code))
    if event is None:
        raise NotFound(UNKNOWN_CODE)
    return event


async def refuse(socket: WebSocket[Any, Any, Any], code: str, message: str, close: int) -> None:
    """On an accepted socket: one ``error`` saying why (a binary frame, like every
    server message), then the close code."""
    error = ErrorMessage(ref="", code=code, message=gettext(message))
    await socket.send_bytes(encoder.encode(error))
    await socket.close(code=close)


async def refuse_staff(socket: WebSocket[Any, Any, Any]) -> None:
    """A socket for the event's moderators: 4401 without an account (no session, no
    valid bearer token), 4403 for an account without the role on this event."""
    if await current_account(socket) is None:
        await refuse(socket, NotAuthenticated.code, NotAuthenticated.title, 4401)
    else:
        await refuse(socket, PermissionDenied.code, NO_ACCESS, 4403)


async def is_moderator(connection: Connection, event: Event) -> bool:
    account = await current_account(connection)
    return account is not None and await accounts.can_act_on_event(
        connection.app.state.db, account, event.id, {EventRole.MODERATOR}
    )


def join_url(connection: Connection, event: Event) -> str:
    return f"{live_of(connection).settings.base_url}/{event.join_code}"


def qr_svg(url: str, scale: int = 8) -> str:
    """The join URL as an inline SVG QR code (dark on light, for any screen)."""
    return str(
        segno.make(url, error="m").svg_inline(scale=scale, dark="#000", light="#fff", omitsize=True)
    )


# --- attendee pages -------------------------------------------------------------------


@get("/join", name="live_join")
async def join_form(db: Database, code: str = "") -> Template | Redirect:
    """The join-by-code form; a known code goes straight to the event's live page."""
    error = ""
    if code:
        event = await event_by_join_code(db, normalise_code(code))
        if event is not None:
            return Redirect(f"/{event.join_code}")
        error = gettext(UNKNOWN_CODE)
    return Template("live/join.html", context={"code": code, "error": error})


@get("/{code:str}", name="live_phone")
async def phone_page(request: Request[Any, Any, Any], db: Database, code: str) -> Template:
    """The attendee's live page. A first visit becomes a participant (signed cookie)."""
    event = await event_of_code(db, code)
    participant, cookie = await participant_of(request, db, event)
    stream = await stream_on_page(request, db, event, participant)
    return Template(
        "live/phone.html",
        context={"event": event, "strings": phone_strings(), "stream": stream},
        cookies=[cookie],
    )


async def participant_of(
    request: Request[Any, Any, Any], db: Database, event: Event
) -> tuple[int, Cookie]:
    """The participant of this browser (from its signed cookie, or a new one) and the
    cookie that keeps it."""
    live = live_of(request)
    cookie_name = PARTICIPANT_COOKIE.format(event_id=event.id)
    token = request.cookies.get(cookie_name, "")
    participant = service.read_participant_token(live.secret, token, event.id)
    if participant is None:
        participant = await new_participant(request, db, event)
        token = service.participant_token(live.secret, event.id, participant)
    cookie = Cookie(
        key=cookie_name,
        value=token,
        max_age=PARTICIPANT_MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=live.settings.secure_cookies,
        path="/",
    )
    return participant, cookie


async def new_participant(connection: Connection, db: Database, event: Event) -> int:
    """A new participant of the event, within the joins allowed per network address."""
    key = f"join:{event.id}:{client_address(connection)}"
    if not await live_of(connection).joins.reserve(key):
        raise TooManyRequests(TOO_MANY_JOINS)
    return await service.join(db, event)


@get(
    "/{code:str}/qr.svg",
    name="live_qr",
    media_type="image/svg+xml",
    opt={"produces": ("image/svg+xml",)},
)
async def join_qr(request: Request[Any, Any, Any], db: Database, code: str) -> str:
    event = await event_of_code(db, code)
    return qr_svg(join_url(request, event))


@get("/{code:str}/screen", name="live_projector")
async def projector_page(request: Request[Any, Any, Any], db: Database, code: str) -> Template:
    """The projector: moderators and organisers only (it runs on their laptop)."""
    event = await event_of_code(db, code)
    if await current_account(request) is None:
        raise NotAuthenticated()
    if not await is_moderator(request, event):
        raise PermissionDenied(NO_ACCESS)
    url = join_url(request, event)
    return Template(
        "live/projector.html",
        context={
            "event": event,
            "join_url": url,
            "join_host": url.split("://", 1)[-1],
            "qr": qr_svg(url, scale=10),
            "strings": phone_strings(),
        },
    )


@post("/api/v1/live/{code:str}/join", status_code=201, opt={"errors": (TooManyRequests,)})
async def api_join(request: Request[Any, Any, Any], db: Database, code: str) -> Response[Any]:
    """Join without a browser: returns a participant token for the socket's ``token``."""
    event = await event_of_code(db, code)
    return joined(request, event, await new_participant(request, db, event))


def joined(connection: Connection, event: Event, participant: int) -> Response[Any]:
    """The API's answer to a join: the participant and its token for the socket."""
    token = service.participant_token(live_of(connection).secret, event.id, participant)
    return Response(
        {"event": event.id, "code": event.join_code, "participant": participant, "token": token},
        status_code=201,
    )


@websocket("/{code:str}/ws", name="live_socket")
async def live_socket(socket: WebSocket[Any, Any, Any], code: str) -> None:
    """Participants (cookie or ``?token=``) and moderators (``?view=moderator``)."""
    if await refuse_foreign_origin(socket):
        return
    db: Database = socket.app.state.db
    live = live_of(socket)
    event = await event_by_join_code(db, normalise_code(code))
    # Accepted before any refusal: a close before the accept would be an HTTP 403 at
    # the handshake, and the client would never see the reason or the close code.
    await socket.accept()
    if event is None:
        await refuse(socket, "not-found", UNKNOWN_CODE, 4404)
        return
    token = socket.query_params.get("token") or socket.cookies.get(
        PARTICIPANT_COOKIE.format(event_id=event.id), ""
    )
    participant = service.read_participant_token(live.secret, token, event.id)
    moderator = await is_moderator(socket, event)
    moderator_view = socket.query_params.get("view") == "moderator"
    if moderator_view and not moderator:
        await refuse_staff(socket)
        return
    if participant is None and not moderator:
        await refuse(socket, "not-joined", NOT_JOINED, 4401)
        return
    await LiveConnection(live, socket, event, participant, moderator_view).run()


def phone_strings() -> dict[str, Any]:
    """Words the page scripts show, in the request's language."""
    return {
        "connecting": gettext("Connecting…"),
        "connected": gettext("Connected"),
        "offline": gettext("Connection lost. Reconnecting…"),
        "queued": gettext("Reconnecting — your answer will be sent when the connection is back"),
        "waiting": gettext("Waiting for the moderator to start an activity."),
        "closed": gettext("This activity is closed."),
        "send": gettext("Send"),
        "sent": gettext("Thank you, your answer is saved."),
        "change": gettext("You can change your answer while the activity is open."),
        "results_hidden": gettext("Results are shown when the moderator reveals them."),
        "votes": plural_forms("%(n)s vote", "%(n)s votes"),
        "answers": plural_forms("%(n)s answer", "%(n)s answers"),
        "mean": gettext("Mean"),
        "participants": plural_forms("%(n)s participant", "%(n)s participants"),
        "correct": gettext("Correct answer"),
        "right": gettext("Right!"),
        "wrong": gettext("Not quite."),
        "no_answer": gettext("You did not answer."),
        "answer_was": gettext("The correct answer: %(answer)s"),
        "your_word": gettext("Your word or short phrase"),
        "words_left": plural_forms(
            "You can send %(n)s more word.", "You can send %(n)s more words."
        ),
        "no_words_left": gettext("You have sent all your words. Thank you!"),
        "your_words": gettext("Your words"),
        "cloud_list": gettext("All words with their counts"),
        "your_idea": gettext("Your idea"),
        "your_question": gettext("Your question"),
        "your_name": gettext("Your name (optional, leave empty to ask anonymously)"),
        "upvote": gettext("Upvote"),
        "upvoted": gettext("Upvoted"),
        "by_votes": gettext("Most votes"),
        "newest": gettext("Newest"),
        "answered": gettext("Answered"),
        "pending": gettext("Waiting for the moderator's approval"),
        "anonymous": gettext("Anonymous"),
        "move_up": gettext("Move up"),
        "move_down": gettext("Move down"),
        "points": plural_forms("%(n)s point", "%(n)s points"),
        "pinned": gettext("Pinned question"),
        "nothing_yet": gettext("Nothing yet: be the first!"),
        "join_at": gettext("Join at"),
        "code": gettext("Code"),
        "announcement": gettext("Announcements"),
        "dismiss": gettext("Dismiss"),
    }


# --- moderator API and pages ------------------------------------------------------------


@get([f"{API}/activities"], guards=[MODERATE])
async def list_activities(db: Database, event: Event) -> list[Activity]:
    return await service.list_activities(db, event)


@post(f"{API}/activities", guards=[MODERATE], status_code=201)
async def create_activity(
    request: Request[Any, Any, Any], data: ActivityIn, db: Database, event: Event, account: Account
) -> Activity:
    """A new draft (the console's ``quick`` action with ``open`` false)."""
    action = Quick(
        kind=data.kind,
        title=data.title,
        title_en=data.title_en,
        hide_results=data.hide_results,
        config=data.config,
        session_id=data.session_id,
        open=False,
    )
    created: Activity = await moderate(request, db, event, account, action)
    return created


@get(f"{API}/activities/{{activity_id:int}}", guards=[MODERATE])
async def get_activity(db: Database, event: Event, activity_id: Id) -> dict[str, Any]:
    """The activity with its current results (hidden ones and pending questions too)."""
    activity = await service.get_activity(db, event, activity_id)
    return {"activity": activity, "results": await service.moderator_results(db, activity)}


ACTIVITY_ACTIONS: dict[str, Callable[[int], ConsoleAction]] = {
    "open": lambda activity: Open(activity=activity),
    "close": lambda activity: Close(activity=activity),
    "reveal": lambda activity: Reveal(activity=activity),
    "hide": lambda activity: HideResults(activity=activity),
    "reset": lambda activity: Reset(activity=activity),
}
PAGE_ACTIONS = {**ACTIVITY_ACTIONS, "stage": lambda activity: ShowOnProjector(activity=activity)}


async def moderate(
    connection: Connection, db: Database, event: Event, account: Account, action: ConsoleAction
) -> Any:
    """Every moderator action of the live API and the moderator page goes through the
    console's audited service: it is recorded in the audit log and published."""
    answer = await actions.run_action(live_of(connection), db, event, account, action)
    return answer["value"]


def activity_action_of(
    name: str, activity: int, table: dict[str, Callable[[int], ConsoleAction]]
) -> ConsoleAction:
    """The console action a path segment (``open``, ``reset``...) names."""
    make = table.get(name)
    if make is None:
        raise NotFound()
    action: ConsoleAction = make(activity)
    return action


@post(f"{API}/activities/{{activity_id:int}}/{{action:str}}", guards=[MODERATE], status_code=200)
async def activity_action(
    request: Request[Any, Any, Any],
    db: Database,
    event: Event,
    account: Account,
    activity_id: Id,
    action: str,
) -> Activity:
    """``open`` (also puts it on stage), ``close``, ``reveal``, ``hide`` (results) or
    ``reset`` (a new round; earlier rounds stay in the database)."""
    change = activity_action_of(action, activity_id, ACTIVITY_ACTIONS)
    changed: Activity = await moderate(request, db, event, account, change)
    return changed


@put(f"{API}/stage", guards=[MODERATE])
async def set_stage(
    request: Request[Any, Any, Any], data: StageIn, db: Database, event: Event, account: Account
) -> LiveSettings:
    """Choose the activity phones and the projector show."""
    await moderate(request, db, event, account, ShowOnProjector(activity=data.activity_id))
    return await service.live_settings(db, event)


@get(f"{API}/settings", guards=[MODERATE])
async def get_live_settings(db: Database, event: Event) -> LiveSettings:
    return await service.live_settings(db, event)


@put(f"{API}/settings", guards=[MODERATE])
async def put_live_settings(
    request: Request[Any, Any, Any],
    data: LiveSettingsIn,
    db: Database,
    event: Event,
    account: Account,
) -> LiveSettings:
    """Q&A pre-moderation and the event's own blocked words: each setting that changes
    is one console action (``premoderation``, ``blocklist``) and one log entry."""
    current = await service.live_settings(db, event)
    if data.qa_premoderation != current.qa_premoderation:
        await moderate(request, db, event, account, Premoderation(on=data.qa_premoderation))
    before, after = set(current.blocklist), {normalise(w) for w in data.blocklist} - {""}
    if before != after:
        change = Blocklist(add=sorted(after - before), remove=sorted(before - after))
        await moderate(request, db, event, account, change)
    return await service.live_settings(db, event)


@post(f"{API}/activities/{{activity_id:int}}/ideas/merge", guards=[MODERATE], status_code=200)
async def merge_ideas(
    request: Request[Any, Any, Any],
    data: MergeIn,
    db: Database,
    event: Event,
    account: Account,
    activity_id: Id,
) -> dict[str, Any]:
    action = MergeIdeas(activity=activity_id, source=data.source, target=data.target)
    await moderate(request, db, event, account, action)
    return await service.results(db, await service.get_activity(db, event, activity_id))


@get(f"{API}/activities/{{activity_id:int}}/ideas/top", guards=[MODERATE])
async def top_ideas(
    db: Database, event: Event, activity_id: Id, limit: Annotated[int, Interval(ge=1, le=100)] = 3
) -> list[dict[str, Any]]:
    """The workshop's result: the top ``limit`` ideas by votes."""
    activity = await service.get_activity(db, event, activity_id)
    return await service.top_ideas(db, activity, limit)


@post(
    f"{API}/activities/{{activity_id:int}}/questions/{{question_id:int}}/{{action:str}}",
    guards=[MODERATE],
    status_code=200,
)
async def moderate_question(
    request: Request[Any, Any, Any],
    db: Database,
    event: Event,
    account: Account,
    activity_id: Id,
    question_id: Id,
    action: QuestionAction,
) -> dict[str, Any]:
    """``approve``, ``hide``, ``answer``, ``unanswer``, ``pin`` or ``unpin`` a question."""
    change = Question(activity=activity_id, question=question_id, action=action)
    await moderate(request, db, event, account, change)
    return await service.moderator_results(db, await service.get_activity(db, event, activity_id))


# --- exports (API with a token, or the moderator page with a login) -------------------


def _exports(
    suffix: str, **options: Any
) -> Callable[[Callable[..., Awaitable[Any]]], list[HTTPRouteHandler]]:
    """One download, twice: in the API (a token) and on the moderator page (a login).
    Two handlers, so the OpenAPI document describes only the API one."""

    def register(fn: Callable[..., Awaitable[Any]]) -> list[HTTPRouteHandler]:
        return [
            get(f"{API}/activities/{{activity_id:int}}/{suffix}", guards=[MODERATE], **options)(fn),
            get(f"{MANAGE}/{{activity_id:int}}/{suffix}", guards=[MODERATE], **options)(fn),
        ]

    return register


def _download(activity: Activity, extension: str) -> dict[str, str]:
    name = f"activity-{activity.id}-round-{activity.round}.{extension}"
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@_exports("results.json")
async def export_json(db: Database, event: Event, activity_id: Id) -> Response[Any]:
    activity = await service.get_activity(db, event, activity_id)
    body = {"activity": activity, "results": await service.moderator_results(db, activity)}
    return Response(body, headers=_download(activity, "json"))


@_exports("results.csv", media_type="text/csv", opt={"produces": ("text/csv",)})
async def export_csv(db: Database, event: Event, activity_id: Id) -> Response[str]:
    activity = await service.get_activity(db, event, activity_id)
    header, rows = service.result_rows(activity, await service.moderator_results(db, activity))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([[safe(v) for v in row] for row in rows])
    return Response(out.getvalue(), headers=_download(activity, "csv"))


async def _cloud(db: Database, event: Event, activity_id: Id) -> Activity:
    activity = await service.get_activity(db, event, activity_id)
    if activity.kind is not ActivityKind.WORDCLOUD:
        raise NotFound(N_("This activity is not a word cloud."))
    return activity


@_exports("cloud.png", media_type="image/png", opt={"produces": ("image/png",)})
async def export_png(
    request: Request[Any, Any, Any], db: Database, event: Event, activity_id: Id
) -> Response[bytes]:
    activity = await _cloud(db, event, activity_id)
    hub = live_of(request).hub
    image = await hub.renderer.png(await hub.cloud_layout(activity.id))
    return Response(image, headers=_download(activity, "png"))


@_exports("cloud.svg", media_type="image/svg+xml", opt={"produces": ("image/svg+xml",)})
async def export_svg(
    request: Request[Any, Any, Any], db: Database, event: Event, activity_id: Id
) -> Response[str]:
    activity = await _cloud(db, event, activity_id)
    layout = await live_of(request).hub.cloud_layout(activity.id)
    return Response(svg(layout, activity.title), headers=_download(activity, "svg"))


# --- the minimal moderator page (the full console is its own feature) ---------------


@get(MANAGE, guards=[MODERATE], name="live_manage")
async def manage_page(db: Database, event: Event) -> Template:
    settings = await service.live_settings(db, event)
    return Template(
        "live/manage.html",
        context={
            "event": event,
            "activities": await service.list_activities(db, event),
            "stage": settings.activity_id,
            "kinds": {
                "choice": gettext("Poll"),
                "scale": gettext("Rating scale"),
                "ranking": gettext("Ranking"),
                "wordcloud": gettext("Word cloud"),
                "ideas": gettext("Idea board"),
                "qa": gettext("Questions"),
            },
            "states": {
                "draft": gettext("Draft"),
                "open": gettext("Open"),
                "closed": gettext("Closed"),
            },
        },
    )


@post(f"{MANAGE}/{{activity_id:int}}/{{action:str}}", guards=[MODERATE])
async def manage_action(
    request: Request[Any, Any, Any],
    db: Database,
    event: Event,
    account: Account,
    activity_id: Id,
    action: str,
) -> Redirect:
    change = activity_action_of(action, activity_id, PAGE_ACTIONS)
    await moderate(request, db, event, account, change)
    return Redirect(f"/manage/{event.slug}/live")


router = Router(
    path="/",
    route_handlers=[
        join_form,
        phone_page,
        join_qr,
        projector_page,
        api_join,
        live_socket,
        list_activities,
        create_activity,
        get_activity,
        activity_action,
        set_stage,
        get_live_settings,
        put_live_settings,
        merge_ideas,
        top_ideas,
        moderate_question,
        *export_json,
        *export_csv,
        *export_png,
        *export_svg,
        manage_page,
        manage_action,
    ],
    dependencies={"account": Provide(provide_account), "event": Provide(provide_event)},
)
