"""The live pages (joining, the projector), joining through the API, and the socket.
The phone page is served by ``webinar.embed`` (it shows the stream too), the live
API's moderator endpoints and the moderator page by ``console.moderator`` (audited),
and the downloads by ``exports.live_downloads``."""

from __future__ import annotations

from typing import Any

import segno
from litestar import Request, Response, Router, WebSocket, get, post, websocket
from litestar.datastructures import Cookie
from litestar.response import Redirect, Template

from eventday.accounts import service as accounts
from eventday.accounts.guards import Connection, current_account
from eventday.accounts.models import EventRole
from eventday.codes import normalise_code
from eventday.db import Database
from eventday.errors import N_, NotAuthenticated, NotFound, PermissionDenied, TooManyRequests
from eventday.events.models import Event
from eventday.live import participants
from eventday.live.hub import encoder
from eventday.live.models import ErrorMessage
from eventday.live.setup import PARTICIPANT_COOKIE, PARTICIPANT_MAX_AGE, Live
from eventday.live.socket import NOT_JOINED, LiveConnection
from eventday.web.i18n import gettext, plural_forms
from eventday.web.origins import refuse_foreign_origin
from eventday.web.throttle import client_address

# Where the live API and the moderator page are (their handlers are in the console and
# in exports, which compose live with other features).
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


async def event_of_code(connection: Connection, code: str) -> Event:
    """The event of a join code (kept a few seconds: every phone's join asks)."""
    event = await live_of(connection).events.event(normalise_code(code))
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
async def join_form(request: Request[Any, Any, Any], code: str = "") -> Template | Redirect:
    """The join-by-code form; a known code goes straight to the event's live page."""
    error = ""
    if code:
        event = await live_of(request).events.event(normalise_code(code))
        if event is not None:
            return Redirect(f"/{event.join_code}")
        error = gettext(UNKNOWN_CODE)
    return Template("live/join.html", context={"code": code, "error": error})


async def participant_of(
    request: Request[Any, Any, Any], db: Database, event: Event
) -> tuple[int, Cookie]:
    """The participant of this browser (from its signed cookie, or a new one) and the
    cookie that keeps it."""
    live = live_of(request)
    cookie_name = PARTICIPANT_COOKIE.format(event_id=event.id)
    token = request.cookies.get(cookie_name, "")
    participant = participants.read_participant_token(live.secret, token, event.id)
    if participant is None:
        participant = await new_participant(request, db, event)
        token = participants.participant_token(live.secret, event.id, participant)
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
    return await participants.join(db, event)


@get(
    "/{code:str}/qr.svg",
    name="live_qr",
    media_type="image/svg+xml",
    opt={"produces": ("image/svg+xml",)},
)
async def join_qr(request: Request[Any, Any, Any], db: Database, code: str) -> str:
    event = await event_of_code(request, code)
    return qr_svg(join_url(request, event))


@get("/{code:str}/screen", name="live_projector")
async def projector_page(request: Request[Any, Any, Any], db: Database, code: str) -> Template:
    """The projector: moderators and organisers only (it runs on their laptop)."""
    event = await event_of_code(request, code)
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
    event = await event_of_code(request, code)
    return joined(request, event, await new_participant(request, db, event))


def joined(connection: Connection, event: Event, participant: int) -> Response[Any]:
    """The API's answer to a join: the participant and its token for the socket."""
    token = participants.participant_token(live_of(connection).secret, event.id, participant)
    return Response(
        {"event": event.id, "code": event.join_code, "participant": participant, "token": token},
        status_code=201,
    )


@websocket("/{code:str}/ws", name="live_socket")
async def live_socket(socket: WebSocket[Any, Any, Any], code: str) -> None:
    """Participants (cookie or ``?token=``) and moderators (``?view=moderator``)."""
    if await refuse_foreign_origin(socket):
        return
    live = live_of(socket)
    event = await live.events.event(normalise_code(code))
    # Accepted before any refusal: a close before the accept would be an HTTP 403 at
    # the handshake, and the client would never see the reason or the close code.
    await socket.accept()
    if event is None:
        await refuse(socket, "not-found", UNKNOWN_CODE, 4404)
        return
    token = socket.query_params.get("token") or socket.cookies.get(
        PARTICIPANT_COOKIE.format(event_id=event.id), ""
    )
    participant = participants.read_participant_token(live.secret, token, event.id)
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
        "your_answer": gettext("Your answer"),
        "open_text_limit": gettext("Up to 500 characters."),
        "same_answers": plural_forms("%(n)s said the same", "%(n)s said the same"),
        "your_name": gettext("Your name (optional, leave empty to ask anonymously)"),
        "upvote": gettext("Upvote"),
        "upvoted": gettext("Upvoted"),
        "by_votes": gettext("Most votes"),
        "newest": gettext("Newest"),
        "answered": gettext("Answered"),
        "pending": gettext("Waiting for the moderator's approval"),
        "anonymous": gettext("Anonymous"),
        "also_asked": gettext("Also asked:"),
        "move_up": gettext("Move up"),
        "move_down": gettext("Move down"),
        "points": plural_forms("%(n)s point", "%(n)s points"),
        "pinned": gettext("Pinned question"),
        "nothing_yet": gettext("Nothing yet: be the first!"),
        "leaderboard": gettext("Leaderboard"),
        "no_scores": gettext("No points yet: the scores count once an answer is revealed."),
        "rank": gettext("%(n)s."),
        "players": plural_forms("%(n)s player", "%(n)s players"),
        "nickname_label": gettext("Your nickname on the leaderboard"),
        "nickname_hint": gettext(
            "Shown on the projector with your points. Keep the animal name to stay anonymous."
        ),
        "nickname_save": gettext("Use this nickname"),
        "nickname_is": gettext("Your nickname: %(name)s"),
        "join_at": gettext("Join at"),
        "code": gettext("Code"),
        "announcement": gettext("Announcements"),
        "dismiss": gettext("Dismiss"),
        "time_left": gettext("Time left"),
        "timer_started": plural_forms(
            "Countdown started: %(n)s second left.", "Countdown started: %(n)s seconds left."
        ),
        "timer_changed": plural_forms("%(n)s second left.", "%(n)s seconds left."),
        "timer_started_minutes": plural_forms(
            "Countdown started: %(n)s minute left.", "Countdown started: %(n)s minutes left."
        ),
        "timer_changed_minutes": plural_forms("%(n)s minute left.", "%(n)s minutes left."),
        "time_up": gettext("Time is up. The activity is closed."),
        "tabs": gettext("Activities"),
        "on_stage": gettext("Now"),
        "unread": plural_forms("%(n)s new", "%(n)s new"),
    }


router = Router(
    path="/",
    route_handlers=[
        join_form,
        join_qr,
        projector_page,
        api_join,
        live_socket,
    ],
)
