"""The evaluation on the live page. While the moderator runs it (the console action
``evaluation``), the stage tells phones ``evaluation: true`` and they offer
``/<code>/evaluation``: the same questions and form as the mailed evaluation, one
evaluation with two ways in. An attendee who came through their private link answers
as their registration, so the mail link and the live page count them once; one who came
with the join code alone answers as that participant (one per device)."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, Router, get, post
from litestar.response import Redirect, Template

from eventday.db import Database, Reader
from eventday.errors import N_, Conflict
from eventday.events.models import Event
from eventday.live import participants
from eventday.live import queries as live_queries
from eventday.live.routes import event_of_code, live_of
from eventday.live.setup import PARTICIPANT_COOKIE
from eventday.registration.queries import registration_by_id
from eventday.webinar import evaluation, queries
from eventday.webinar.routes import evaluation_answered, evaluation_form
from eventday.webinar.setup import Webinar

AnyRequest = Request[Any, Any, Any]
NOT_RUNNING = N_("The evaluation is not running on the live page now.")


async def respondent_of(
    db: Reader, secret: bytes, event: Event, participant_id: int
) -> evaluation.Respondent:
    reg_id = await queries.linked_registration(db, event.id, participant_id)
    reg = await registration_by_id(db, event.id, reg_id) if reg_id is not None else None
    if reg is not None:
        return evaluation.registrant(secret, reg)
    return evaluation.participant(secret, participant_id)


def participant_of(request: AnyRequest, event: Event) -> int | None:
    token = request.cookies.get(PARTICIPANT_COOKIE.format(event_id=event.id), "")
    return participants.read_participant_token(live_of(request).secret, token, event.id)


@get("/{code:str}/evaluation", name="live_evaluation")
async def live_evaluation_page(
    request: AnyRequest, db: Database, webinar: Webinar, code: str
) -> Response[Any]:
    """The evaluation for a phone of the live page, while it runs (409 otherwise); a
    browser that has not joined goes to the live page first."""
    event = await event_of_code(request, code)
    participant = participant_of(request, event)
    if participant is None:
        return Redirect(f"/{event.join_code}")
    if not (await live_queries.live_settings(db, event.id)).evaluation_open:
        raise Conflict(NOT_RUNNING)
    who = await respondent_of(db, webinar.secret, event, participant)
    live = f"/{event.join_code}"
    return await evaluation_form(db, event, who, f"{live}/evaluation", live)


@post("/{code:str}/evaluation", status_code=200)
async def answer_live_evaluation(
    request: AnyRequest, db: Database, webinar: Webinar, code: str
) -> Response[Any]:
    """Answers from the live page; taken also after the moderator has ended it, so
    nobody who was still answering loses them (each person counts once)."""
    event = await event_of_code(request, code)
    participant = participant_of(request, event)
    if participant is None:
        return Redirect(f"/{event.join_code}")
    who = await respondent_of(db, webinar.secret, event, participant)
    live = f"/{event.join_code}"
    answered: Template = await evaluation_answered(
        request, db, event, who, f"{live}/evaluation", live
    )
    return answered


router = Router(path="/", route_handlers=[live_evaluation_page, answer_live_evaluation])
