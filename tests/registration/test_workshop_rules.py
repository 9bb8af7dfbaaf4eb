"""Workshop seats: nobody holds seats in two workshops at the same time, and a
workshop that has ended is no longer offered (nor taken away from who had a seat)."""

from __future__ import annotations

from datetime import timedelta

import time_machine

from eventday.agenda import service as agenda
from eventday.agenda.models import Session, SessionIn, SessionKind
from eventday.db import Database
from eventday.events.models import Event
from tests.conftest import Client, csrf_token
from tests.registration.conftest import make_event, private_token, register


async def workshop(db: Database, event: Event, title: str, start_h: float, hours: float) -> Session:
    starts = event.starts_at + timedelta(hours=start_h)
    return await agenda.save_session(
        db,
        event,
        SessionIn(
            title=title,
            kind=SessionKind.WORKSHOP,
            starts_at=starts,
            ends_at=starts + timedelta(hours=hours),
            capacity=10,
        ),
    )


async def bookings(db: Database) -> list[tuple[str, int, str]]:
    rows = await db.fetch_all(
        "SELECT r.email, b.session_id, b.status FROM session_bookings b"
        " JOIN registrations r ON r.id = b.registration_id ORDER BY b.id"
    )
    return [tuple(r) for r in rows]  # type: ignore[misc]


async def test_registering_for_two_workshops_at_once_is_refused(
    client: Client, db: Database
) -> None:
    event = await make_event(db)
    a = await workshop(db, event, "Svetsning", 1, 1.5)
    b = await workshop(db, event, "Robotik", 2, 1)
    await client.get("/?lang=en")
    response = await register(client, event, "a@example.se", session_ids=[str(a.id), str(b.id)])
    assert response.status_code == 422
    assert "Two of these workshops are at the same time" in response.text
    assert await db.fetch_value("SELECT COUNT(*) FROM registrations") == 0
    assert await bookings(db) == []


async def test_back_to_back_workshops_are_fine(client: Client, db: Database) -> None:
    event = await make_event(db)
    a = await workshop(db, event, "Svetsning", 1, 1)
    b = await workshop(db, event, "Robotik", 2, 1)
    private_token(await register(client, event, "a@example.se", session_ids=[str(a.id), str(b.id)]))
    assert await bookings(db) == [
        ("a@example.se", a.id, "confirmed"),
        ("a@example.se", b.id, "confirmed"),
    ]


async def test_adding_a_clashing_workshop_later_is_refused_and_nothing_changes(
    client: Client, db: Database
) -> None:
    event = await make_event(db)
    a = await workshop(db, event, "Svetsning", 1, 1.5)
    b = await workshop(db, event, "Robotik", 2, 1)
    token = private_token(await register(client, event, "a@example.se", session_ids=str(a.id)))
    csrf = await csrf_token(client, f"/r/{token}")
    response = await client.post(
        f"/r/{token}/sessions?lang=en",
        data={"session_ids": [str(a.id), str(b.id)], "_csrf_token": csrf},
    )
    assert response.status_code == 422
    assert "at the same time: Svetsning and Robotik" in response.text
    assert await bookings(db) == [("a@example.se", a.id, "confirmed")]

    swapped = await client.post(
        f"/r/{token}/sessions?lang=en", data={"session_ids": str(b.id), "_csrf_token": csrf}
    )
    assert swapped.status_code == 200
    assert "Your workshop choices are saved." in swapped.text
    assert await bookings(db) == [
        ("a@example.se", a.id, "cancelled"),
        ("a@example.se", b.id, "confirmed"),
    ]


async def test_an_ended_workshop_is_not_offered_but_its_seats_stay(
    client: Client, db: Database
) -> None:
    event = await make_event(db)
    early = await workshop(db, event, "Morgonpasset", 0, 1)
    late = await workshop(db, event, "Eftermiddagspasset", 4, 1)
    token = private_token(await register(client, event, "a@example.se", session_ids=str(early.id)))
    with time_machine.travel(early.ends_at + timedelta(minutes=1), tick=False):
        page = (await client.get(f"/e/{event.slug}/register")).text
        assert "Eftermiddagspasset" in page
        assert "Morgonpasset" not in page
        refused = await register(client, event, "b@example.se", session_ids=str(early.id))
        assert refused.status_code == 422
        ticket = (await client.get(f"/r/{token}")).text
        assert f'name="session_ids" value="{early.id}"' not in ticket
        csrf = await csrf_token(client, f"/r/{token}")
        await client.post(
            f"/r/{token}/sessions", data={"session_ids": str(late.id), "_csrf_token": csrf}
        )
    assert await bookings(db) == [
        ("a@example.se", early.id, "confirmed"),
        ("a@example.se", late.id, "confirmed"),
    ]
