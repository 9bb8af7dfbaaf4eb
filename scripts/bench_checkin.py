"""Check-in throughput: N tickets scanned by two "phones" at once (every ticket twice,
as at a busy door), over real HTTP to a real uvicorn server on a temporary database
(the client runs in the server's process and event loop, so this is a lower bound).

    PYTHONPATH=src python scripts/bench_checkin.py --tickets 500
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from eventday.accounts import service as accounts
from eventday.accounts.models import AccountIn, EventRole, Role
from eventday.events import service as events
from eventday.events.models import EventIn
from eventday.mail import Outbox
from eventday.paths import locale_dir
from eventday.registration import service as registration
from eventday.registration.mails import Mailer
from eventday.registration.models import RegistrationIn
from eventday.settings import Settings
from eventday.web.i18n import Catalogues
from tests.registration.conftest import serve


async def scan(
    client: httpx.AsyncClient,
    in_flight: asyncio.Semaphore,
    latencies: list[float],
    slug: str,
    code: str,
    headers: dict[str, str],
    phone: int,
) -> str:
    async with in_flight:
        began = time.perf_counter()
        response = await client.post(
            f"/api/v1/events/{slug}/checkin/scans",
            json={"nonce": f"{phone}-{code}", "code": code},
            headers=headers,
        )
        latencies.append(time.perf_counter() - began)
    return str(response.json()["outcome"])


async def main(tickets: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(database=str(Path(folder) / "bench.db"), secret_key="x" * 40)
        async for served in serve(settings):
            db = served.db
            starts = datetime.now(UTC)
            event = await events.create_event(
                db, EventIn(name="Bench", starts_at=starts, ends_at=starts + timedelta(hours=8))
            )
            mailer = Mailer(settings, Catalogues.load(locale_dir()), Outbox(db, settings))
            codes = []
            for n in range(tickets):
                reg = await registration.register(
                    db,
                    mailer,
                    event,
                    RegistrationIn(name=f"P{n}", email=f"p{n}@example.se", organisation="O"),
                    {},
                )
                codes.append(reg.registration.ticket_code)
            headers = []
            for phone in ("a", "b"):
                account = await accounts.create_account(
                    db,
                    AccountIn(email=f"{phone}@example.se", role=Role.STAFF, password="x" * 12),
                )
                await accounts.grant_event_role(db, event.id, account.email, EventRole.STAFF, None)
                token = await accounts.create_api_token(db, account.id, "bench")
                headers.append({"Authorization": f"Bearer {token}"})
            latencies: list[float] = []
            # At most 20 scans in flight (a large door has a handful of phones);
            # httpx's pool slows down badly with hundreds of queued requests.
            in_flight = asyncio.Semaphore(20)
            limits = httpx.Limits(max_connections=20)
            async with httpx.AsyncClient(base_url=served.url, timeout=60, limits=limits) as client:
                began = time.perf_counter()
                outcomes = await asyncio.gather(
                    *(
                        scan(client, in_flight, latencies, event.slug, code, headers[phone], phone)
                        for code in codes
                        for phone in (0, 1)
                    )
                )
                took = time.perf_counter() - began
            latencies.sort()
            print(
                f"{len(outcomes)} scans of {tickets} tickets in {took:.2f} s"
                f" ({len(outcomes) / took:.0f}/s); outcomes {dict(Counter(outcomes))};"
                f" latency median {statistics.median(latencies) * 1000:.0f} ms,"
                f" p95 {latencies[int(len(latencies) * 0.95)] * 1000:.0f} ms"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=500)
    logging.disable(logging.INFO)
    asyncio.run(main(parser.parse_args().tickets))
