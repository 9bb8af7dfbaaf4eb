"""No overbooking: hundreds of registrations at once, through real HTTP to a real
uvicorn server, against a small capacity; and a control that shows the same
assertions catch a check-then-insert race."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

import httpx
import msgspec
import pytest

from eventday.agenda import service as agenda
from eventday.agenda.models import SessionIn, SessionKind
from eventday.clock import now_db
from eventday.db import Database
from eventday.settings import Settings
from tests.registration.conftest import CSRF_FIELD, Served, make_event

ATTEMPTS = 220


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Hundreds registering from one address: the per-address limit of the public form
    (tested in test_register_limit.py) is off here."""
    return msgspec.structs.replace(settings, registrations_per_address=0)


async def register_over_http(url: str, slug: str, n: int, session_id: int | None) -> int:
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        form = await client.get(f"/e/{slug}/register")
        match = CSRF_FIELD.search(form.text)
        assert match
        data = {
            "name": f"Person {n}",
            "email": f"person{n}@example.se",
            "organisation": "Verkstaden",
            "_csrf_token": match.group(1),
        }
        if session_id is not None:
            data["session_ids"] = str(session_id)
        response = await client.post(f"/e/{slug}/register", data=data)
        return response.status_code


def assert_no_overbooking(statuses: list[str], emails: list[str], capacity: int) -> None:
    counts = Counter(statuses)
    assert counts["confirmed"] == capacity
    assert counts["waitlisted"] == len(statuses) - capacity
    assert len(set(emails)) == len(emails)


async def test_capacity_holds_under_concurrent_http_registrations(
    served: Served,
) -> None:
    event = await make_event(served.db, capacity=50)

    codes = await asyncio.gather(
        *(register_over_http(served.url, event.slug, n, None) for n in range(ATTEMPTS))
    )

    rows = await served.db.fetch_all(
        "SELECT status, email FROM registrations WHERE event_id = ?", (event.id,)
    )
    assert Counter(codes) == {303: ATTEMPTS}
    assert len(rows) == ATTEMPTS
    assert_no_overbooking([r[0] for r in rows], [r[1] for r in rows], 50)
    tickets = await served.db.fetch_value("SELECT COUNT(DISTINCT ticket_code) FROM registrations")
    assert tickets == ATTEMPTS


async def test_workshop_capacity_holds_under_concurrent_http_registrations(
    served: Served,
) -> None:
    event = await make_event(served.db)
    workshop = await agenda.save_session(
        served.db,
        event,
        SessionIn(
            title="Workshop",
            kind=SessionKind.WORKSHOP,
            starts_at=event.starts_at,
            ends_at=event.starts_at + timedelta(hours=1),
            capacity=20,
        ),
    )

    await asyncio.gather(
        *(register_over_http(served.url, event.slug, n, workshop.id) for n in range(ATTEMPTS))
    )

    rows = await served.db.fetch_all(
        "SELECT b.status, r.email FROM session_bookings b"
        " JOIN registrations r ON r.id = b.registration_id WHERE b.session_id = ?",
        (workshop.id,),
    )
    assert len(rows) == ATTEMPTS
    assert_no_overbooking([r[0] for r in rows], [r[1] for r in rows], 20)


async def test_capacity_control_check_then_insert_race_is_caught(db: Database) -> None:
    """The same counting rule run as a read, then a separate write (no single
    transaction), against the real database: the assertions above must catch it."""
    event = await make_event(db, capacity=50)

    async def racy_register(n: int) -> None:
        taken = await db.fetch_value(
            "SELECT COUNT(*) FROM registrations WHERE event_id = ? AND status = 'confirmed'",
            (event.id,),
        )
        status = "confirmed" if taken < 50 else "waitlisted"
        await db.execute(
            "INSERT INTO registrations (event_id, status, name, email, ticket_code, token_hash,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (event.id, status, "P", f"p{n}@example.se", f"T{n}", f"h{n}", now_db(), now_db()),
        )

    await asyncio.gather(*(racy_register(n) for n in range(ATTEMPTS)))

    rows = await db.fetch_all("SELECT status, email FROM registrations")
    confirmed = sum(1 for r in rows if r[0] == "confirmed")
    assert confirmed > 50
    with pytest.raises(AssertionError):
        assert_no_overbooking([r[0] for r in rows], [r[1] for r in rows], 50)
