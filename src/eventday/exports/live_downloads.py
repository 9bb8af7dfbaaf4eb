"""Downloads of one live activity's results, in the live API (a token) and on the
moderator page (a login): JSON, CSV, a word cloud as PNG or SVG, and a scored quiz's
scores as CSV or XLSX."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Request, Response, Router, get
from litestar.di import Provide
from litestar.handlers import HTTPRouteHandler

from eventday.accounts.guards import provide_account
from eventday.accounts.models import EventRole
from eventday.bounds import Id
from eventday.db import Database
from eventday.errors import N_, NotFound
from eventday.events.guards import provide_event, require_event_role
from eventday.events.models import Event
from eventday.exports.datasets import result_sheet
from eventday.exports.exporters import Cell, CsvExporter, Sheet, XlsxExporter
from eventday.live import activities, quiz, results
from eventday.live.clouds import svg
from eventday.live.models import Activity, ActivityKind
from eventday.live.routes import API, MANAGE, live_of
from eventday.web.i18n import gettext

MODERATE = require_event_role(EventRole.MODERATOR)


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
    activity = await activities.get_activity(db, event, activity_id)
    body = {"activity": activity, "results": await results.moderator_results(db, activity)}
    return Response(body, headers=_download(activity, "json"))


@_exports("results.csv", media_type="text/csv", opt={"produces": ("text/csv",)})
async def export_csv(db: Database, event: Event, activity_id: Id) -> Response[bytes]:
    """The results with column names and values in words, in the asker's language."""
    activity = await activities.get_activity(db, event, activity_id)
    data = await results.moderator_results(db, activity)
    body = CsvExporter().render([result_sheet(activity, data, event.timezone)])
    return Response(body, headers=_download(activity, "csv"))


async def _scores(db: Database, event: Event, activity_id: Id) -> tuple[Activity, Sheet]:
    activity = await activities.get_activity(db, event, activity_id)
    if not quiz.is_scored(activity):
        raise NotFound(N_("This activity is not a scored quiz question."))
    header = [gettext("Place"), gettext("Nickname"), gettext("Points"), gettext("Right answers")]
    rows: list[list[Cell]] = [
        [s.rank, s.nickname, s.points, s.right] for s in await quiz.scores(db, activity)
    ]
    return activity, Sheet(name=gettext("Quiz scores"), header=header, rows=rows)


@_exports("scores.csv", media_type="text/csv", opt={"produces": ("text/csv",)})
async def export_scores_csv(db: Database, event: Event, activity_id: Id) -> Response[bytes]:
    """The scores of the quiz this scored question belongs to, everyone ranked."""
    activity, sheet = await _scores(db, event, activity_id)
    body = CsvExporter().render([sheet])
    return Response(body, headers=_download(activity, "scores.csv"))


@_exports(
    "scores.xlsx",
    media_type=XlsxExporter.content_type,
    opt={"produces": (XlsxExporter.content_type,)},
)
async def export_scores_xlsx(db: Database, event: Event, activity_id: Id) -> Response[bytes]:
    activity, sheet = await _scores(db, event, activity_id)
    body = XlsxExporter().render([sheet])
    return Response(body, headers=_download(activity, "scores.xlsx"))


async def _cloud(db: Database, event: Event, activity_id: Id) -> Activity:
    activity = await activities.get_activity(db, event, activity_id)
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


router = Router(
    path="/",
    route_handlers=[
        *export_json,
        *export_csv,
        *export_scores_csv,
        *export_scores_xlsx,
        *export_png,
        *export_svg,
    ],
    dependencies={"account": Provide(provide_account), "event": Provide(provide_event)},
)
