"""Routes that belong to no feature: the health check."""

from __future__ import annotations

from litestar import get

from eventday.db import Database


@get("/healthz", include_in_schema=True)
async def healthz(db: Database) -> dict[str, str]:
    """Liveness and database reachability, for load balancers and monitoring."""
    await db.ping()
    return {"status": "ok"}


route_handlers = [healthz]
