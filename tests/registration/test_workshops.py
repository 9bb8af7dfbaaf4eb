from __future__ import annotations

from datetime import timedelta

import icalendar

from eventday.agenda import service as agenda
from eventday.agenda.models import SessionIn, SessionKind
from eventday.db import Database
from tests.conftest import Client, csrf_token
from tests.registration.conftest import make_event, private_token, register


async def test_workshop_seat_given_up_goes_to_the_first_on_its_waitlist(
    client: Client, db: Database
) -> None:
    event = await make_event(db)
    workshop = await agenda.save_session(
        db,
        event,
        SessionIn(
            title="Verktyg i produktionen",
            kind=SessionKind.WORKSHOP,
            starts_at=event.starts_at,
            ends_at=event.starts_at + timedelta(hours=1),
            capacity=1,
        ),
    )
    first = private_token(
        await register(client, event, "a@example.se", session_ids=str(workshop.id))
    )
    private_token(await register(client, event, "b@example.se", session_ids=str(workshop.id)))
    ticket = await client.get(f"/r/{first}")
    assert "du har plats" in ticket.text or "you have a seat" in ticket.text

    token = await csrf_token(client, f"/r/{first}")
    await client.post(f"/r/{first}/sessions", data={"_csrf_token": token})

    rows = await db.fetch_all(
        "SELECT r.email, b.status FROM session_bookings b"
        " JOIN registrations r ON r.id = b.registration_id ORDER BY b.id"
    )
    assert [tuple(r) for r in rows] == [
        ("a@example.se", "cancelled"),
        ("b@example.se", "confirmed"),
    ]
    told = await db.fetch_value(
        "SELECT COUNT(*) FROM mail_outbox WHERE recipient = 'b@example.se'"
        " AND body LIKE '%Verktyg i produktionen%'"
    )
    assert told == 1


async def test_workshop_choice_that_is_not_bookable_is_refused(
    client: Client, db: Database
) -> None:
    event = await make_event(db)
    talk = await agenda.save_session(
        db,
        event,
        SessionIn(
            title="Föredrag",
            starts_at=event.starts_at,
            ends_at=event.starts_at + timedelta(hours=1),
        ),
    )

    response = await register(client, event, "a@example.se", session_ids=str(talk.id))

    assert response.status_code == 422
    assert await db.fetch_value("SELECT COUNT(*) FROM registrations") == 0


async def test_personal_agenda_favourites_go_into_the_calendar_feed(
    client: Client, db: Database
) -> None:
    event = await make_event(db)
    talk = await agenda.save_session(
        db,
        event,
        SessionIn(
            title="Gruvnäringens digitala lyft",
            starts_at=event.starts_at,
            ends_at=event.starts_at + timedelta(minutes=30),
        ),
    )
    link = private_token(await register(client, event, "a@example.se"))
    token = await csrf_token(client, f"/r/{link}")

    before = await client.get(f"/r/{link}/ticket.ics")
    await client.post(f"/r/{link}/favourites/{talk.id}", data={"_csrf_token": token})
    marked = await client.get(f"/r/{link}/ticket.ics")
    page = await client.get(f"/r/{link}")
    await client.post(f"/r/{link}/favourites/{talk.id}", data={"_csrf_token": token})
    unmarked = await client.get(f"/r/{link}/ticket.ics")

    summaries = [
        [str(e["summary"]) for e in icalendar.Calendar.from_ical(r.content).walk("VEVENT")]
        for r in (before, marked, unmarked)
    ]
    assert summaries == [
        [event.name],
        [event.name, "Gruvnäringens digitala lyft"],
        [event.name],
    ]
    assert 'aria-pressed="true"' in page.text
