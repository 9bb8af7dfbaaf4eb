"""The per-address limit holds under concurrency (issue 14, item 3): a hundred posts
of the public form at once from one address, through real HTTP to real uvicorn
servers, write exactly the limit; in one process (memory) and across two processes'
apps sharing a real redis-server."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx
import msgspec

from eventday.harness import RedisServer
from eventday.settings import Settings
from tests.live.test_redis import redis_server  # noqa: F401 - fixture
from tests.registration.conftest import CSRF_FIELD, make_event, serve

LIMIT = 20
POSTS = 100


async def post_at_once(urls: list[str], slug: str) -> Counter[int]:
    """Every post gets its form and CSRF token first, then all are sent together."""
    clients = [httpx.AsyncClient(base_url=urls[n % len(urls)], timeout=60) for n in range(POSTS)]
    try:
        tokens = []
        for client in clients:
            match = CSRF_FIELD.search((await client.get(f"/e/{slug}/register")).text)
            assert match
            tokens.append(match.group(1))
        responses = await asyncio.gather(
            *(
                client.post(
                    f"/e/{slug}/register",
                    data={
                        "name": f"Person {n}",
                        "email": f"person{n}@example.se",
                        "organisation": "Verkstaden",
                        "_csrf_token": token,
                    },
                )
                for n, (client, token) in enumerate(zip(clients, tokens, strict=True))
            )
        )
    finally:
        for client in clients:
            await client.aclose()
    return Counter(response.status_code for response in responses)


async def test_a_hundred_concurrent_posts_from_one_address_write_exactly_the_limit(
    settings: Settings,
) -> None:
    limited = msgspec.structs.replace(settings, registrations_per_address=LIMIT)
    async for server in serve(limited):
        event = await make_event(server.db)
        statuses = await post_at_once([server.url], event.slug)
        written = await server.db.fetch_value(
            "SELECT COUNT(*) FROM registrations WHERE event_id = ?", (event.id,)
        )
    assert statuses == {303: LIMIT, 429: POSTS - LIMIT}
    assert written == LIMIT


async def test_the_limit_holds_across_processes_through_redis(
    settings: Settings,
    redis_server: RedisServer,  # noqa: F811
) -> None:
    shared = msgspec.structs.replace(
        settings, registrations_per_address=LIMIT, redis_url=redis_server.url
    )
    async for first in serve(shared):
        async for second in serve(shared):
            event = await make_event(first.db)
            statuses = await post_at_once([first.url, second.url], event.slug)
            written = await first.db.fetch_value(
                "SELECT COUNT(*) FROM registrations WHERE event_id = ?", (event.id,)
            )
    assert statuses == {303: LIMIT, 429: POSTS - LIMIT}
    assert written == LIMIT
