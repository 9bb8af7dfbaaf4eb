"""Two staff phones scanning the same tickets at the same moment, over real HTTP to a
real uvicorn server: each ticket is checked in once, the other phone is told
"already checked in"; a scan retried many times at once with its nonce counts once."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx

from eventday.accounts import service as accounts
from eventday.accounts.models import AccountIn, EventRole, Role
from eventday.events.models import Event
from eventday.settings import Settings
from tests.checkin.conftest import register
from tests.conftest import PASSWORD, TEST_PASSWORDS, grant
from tests.registration.conftest import Served, make_event

TICKETS = 30


async def phone(served: Served, event: Event, email: str) -> dict[str, str]:
    account = await accounts.create_account(
        served.db,
        TEST_PASSWORDS,
        AccountIn(email=email, role=Role.STAFF, password=PASSWORD),
    )
    await grant(served.db, event, email, EventRole.STAFF)
    return {
        "Authorization": f"Bearer {await accounts.create_api_token(served.db, account.id, 'p')}"
    }


async def post_scan(
    client: httpx.AsyncClient, event: Event, headers: dict[str, str], nonce: str, code: str
) -> dict[str, object]:
    response = await client.post(
        f"/api/v1/events/{event.slug}/checkin/scans",
        json={"nonce": nonce, "code": code},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    value: dict[str, object] = response.json()
    return value


async def test_concurrent_duplicate_scans_give_one_checkin(
    served: Served, settings: Settings
) -> None:
    event = await make_event(served.db)
    codes = [
        (await register(served.db, settings, event, n)).registration.ticket_code
        for n in range(TICKETS)
    ]
    first = await phone(served, event, "door1@example.se")
    second = await phone(served, event, "door2@example.se")

    async with httpx.AsyncClient(base_url=served.url, timeout=60) as client:
        results = await asyncio.gather(
            *(
                post_scan(client, event, headers, f"{tag}-{code}", code)
                for code in codes
                for tag, headers in (("a", first), ("b", second))
            )
        )

    per_ticket: dict[str, Counter[object]] = {}
    for (code, _tag), result in zip(
        [(c, t) for c in codes for t in ("a", "b")], results, strict=True
    ):
        per_ticket.setdefault(code, Counter())[result["outcome"]] += 1
    assert all(c == Counter({"checked-in": 1, "already": 1}) for c in per_ticket.values())
    assert await served.db.fetch_value("SELECT COUNT(*) FROM checkins") == TICKETS


async def test_retried_nonce_under_concurrency_counts_once(
    served: Served, settings: Settings
) -> None:
    event = await make_event(served.db)
    code = (await register(served.db, settings, event, 1)).registration.ticket_code
    headers = await phone(served, event, "door1@example.se")

    async with httpx.AsyncClient(base_url=served.url, timeout=60) as client:
        results = await asyncio.gather(
            *(post_scan(client, event, headers, "same-nonce-1", code) for _ in range(10))
        )

    assert {r["outcome"] for r in results} == {"checked-in"}
    assert len({r["checkin_id"] for r in results}) == 1
    assert await served.db.fetch_value("SELECT COUNT(*) FROM checkins") == 1
    assert await served.db.fetch_value("SELECT COUNT(*) FROM checkin_scans") == 1
