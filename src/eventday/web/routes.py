"""Routes that belong to no feature: the front page and the health check."""

from __future__ import annotations

from litestar import get
from litestar.response import Template

from eventday.db import Database
from eventday.events.queries import all_events


@get("/", name="home")
async def home(db: Database) -> Template:
    return Template("home.html", context={"events": await all_events(db)})


@get("/healthz", include_in_schema=True)
async def healthz(db: Database) -> dict[str, str]:
    """Liveness and database reachability, for load balancers and monitoring."""
    await db.fetch_value("SELECT 1")
    return {"status": "ok"}


route_handlers = [home, healthz]
