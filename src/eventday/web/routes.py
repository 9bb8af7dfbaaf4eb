"""Routes that belong to no feature: the front page and the health check."""

from __future__ import annotations

from litestar import get
from litestar.response import Template

from eventday.db import Database
from eventday.events.queries import published_events


@get("/", name="home")
async def home(db: Database) -> Template:
    """The published events, each linked to its page (drafts and archived events are
    not listed)."""
    return Template("home.html", context={"events": await published_events(db)})


@get("/healthz", include_in_schema=True)
async def healthz(db: Database) -> dict[str, str]:
    """Liveness and database reachability, for load balancers and monitoring."""
    await db.fetch_value("SELECT 1")
    return {"status": "ok"}


route_handlers = [home, healthz]
