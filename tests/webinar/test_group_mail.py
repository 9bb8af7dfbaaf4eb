"""Mail to a group and the thank-you mail, through the API and the organiser's page,
read back from a real SMTP server."""

from __future__ import annotations

from datetime import datetime, timedelta

import time_machine

from eventday.accounts import queries as account_queries
from eventday.accounts.models import Role
from eventday.checkin import service as checkin
from eventday.checkin.models import ScanIn
from eventday.db import Database
from eventday.registration import service as registration
from eventday.registration.models import RegistrationIn
from tests.conftest import AccountMaker, Client, csrf_token
from tests.registration.test_mail import Inbox
from tests.webinar.conftest import Worker, webinar_event
from tests.webinar.test_reminders import body, subject


async def sign_up(worker: Worker, db: Database, event, name: str, address: str) -> int:  # type: ignore[no-untyped-def]
    registered = await registration.register(
        db,
        worker.mailer,
        event,
        RegistrationIn(name=name, email=address, organisation="Bruket"),
        {},
        [],
        language="en",
    )
    return registered.registration.id


async def test_mail_to_a_group_is_previewed_counted_filled_in_and_sent_at_a_bounded_rate(
    client: Client,
    db: Database,
    api: dict[str, str],
    now: datetime,
    workers: list[Worker],
    inbox: tuple[Inbox, int],
) -> None:
    worker = workers[0]
    event = await webinar_event(db, now, capacity=3)
    for n in range(4):  # three seats, one on the waitlist
        await sign_up(worker, db, event, f"Person {n}", f"p{n}@example.se")
    await worker.send_due()
    inbox[0].messages.clear()
    url = f"/api/v1/events/{event.slug}/webinar/mail"

    empty = await client.post(
        url, json={"audience": "confirmed", "subject": "Hej", "body": " "}, headers=api
    )
    assert empty.status_code == 422
    assert set(empty.json()["errors"]) == {"body"}
    unknown = await client.post(
        url, json={"audience": "confirmed", "subject": "Hej {namn}", "body": "x"}, headers=api
    )
    assert unknown.status_code == 422
    assert set(unknown.json()["errors"]) == {"subject"}

    message = {
        "audience": "confirmed",
        "subject": "Till {name}",
        "body": "Hej {name}! Länk: {link}",
    }
    preview = await client.post(f"{url}/preview", json=message, headers=api)
    assert preview.status_code == 200
    assert preview.json()["recipients"] == 3
    assert preview.json()["subject"] == "Till Person 0"
    assert "Länk: http://testserver.local/m/" in preview.json()["body"]

    moment = now + timedelta(minutes=1)
    with time_machine.travel(moment, tick=False):
        sent = await client.post(url, json=message, headers=api)
        assert sent.status_code == 201, sent.text
        assert sent.json()["recipients"] == 3
        # 60 a minute by default: one second apart, so only the first is due at once.
        assert await worker.send_due() == 1
    assert [g["subject"] for g in (await client.get(url, headers=api)).json()] == ["Till {name}"]
    with time_machine.travel(moment + timedelta(seconds=1), tick=False):
        assert await worker.send_due() == 1
    with time_machine.travel(moment + timedelta(seconds=2), tick=False):
        assert await worker.send_due() == 1
        assert await worker.send_due() == 0
    got = sorted((m["To"], subject(m)) for m in inbox[0].messages)
    assert got == [(f"p{n}@example.se", f"Till Person {n}") for n in range(3)]
    assert all("Hej Person" in body(m) for m in inbox[0].messages)

    waitlisted = await client.post(
        f"{url}/preview", json={**message, "audience": "waitlisted"}, headers=api
    )
    assert waitlisted.json()["recipients"] == 1


async def test_the_thank_you_mail_goes_to_attendees_only_with_a_working_certificate_link(
    client: Client,
    db: Database,
    now: datetime,
    workers: list[Worker],
    inbox: tuple[Inbox, int],
    make_account: AccountMaker,
) -> None:
    worker = workers[0]
    event = await webinar_event(db, now)
    came = await sign_up(worker, db, event, "Anna", "anna@example.se")
    await sign_up(worker, db, event, "Bo", "bo@example.se")
    await make_account(Role.ORGANISER, "door@example.se")
    staff = await account_queries.account_by_email(db, "door@example.se")
    assert staff is not None
    await worker.send_due()
    with time_machine.travel(event.starts_at + timedelta(minutes=5), tick=False):
        await checkin.scan(db, event, ScanIn(nonce="n" * 16, registration_id=came), staff)
    inbox[0].messages.clear()
    with time_machine.travel(event.ends_at + timedelta(minutes=59), tick=False):
        assert await worker.send_due() == 0
    with time_machine.travel(event.ends_at + timedelta(hours=1, minutes=1), tick=False):
        assert await worker.send_due() == 1
        assert await workers[1].send_due() == 0
    [thanks] = inbox[0].messages
    assert thanks["To"] == "anna@example.se"
    assert subject(thanks) == "Thank you for taking part in Basic Industry Day"
    link = next(line for line in body(thanks).splitlines() if line.endswith("certificate.pdf"))
    with time_machine.travel(event.ends_at + timedelta(hours=2), tick=False):
        pdf = await client.get(link.removeprefix("http://testserver.local"))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


async def test_the_organiser_page_shows_the_schedule_and_refuses_a_reminder_after_the_start(
    organiser: Client, db: Database, now: datetime, workers: list[Worker]
) -> None:
    event = await webinar_event(db, now)
    await sign_up(workers[0], db, event, "Anna", "anna@example.se")
    page = await organiser.get(f"/manage/{event.slug}/webinar")
    assert page.status_code == 200
    assert "/webinar/reminders/1440" in page.text
    assert "/webinar/reminders/60" in page.text

    token = await csrf_token(organiser, f"/manage/{event.slug}/webinar")
    refused = await organiser.post(
        f"/manage/{event.slug}/webinar/settings",
        data={"reminders": "60, -30", "_csrf_token": token},
    )
    assert refused.status_code == 422
    assert "Ange upp till fem påminnelser som minuter före starten" in refused.text
    saved = await organiser.post(
        f"/manage/{event.slug}/webinar/settings",
        data={"reminders": "2880, 30", "stream_audience": "code", "_csrf_token": token},
    )
    assert saved.status_code == 200
    assert "/webinar/reminders/2880" in saved.text
    preview = await organiser.get(f"/manage/{event.slug}/webinar/reminders/2880?lang=en")
    assert preview.status_code == 200
    assert "Reminder: Basic Industry Day starts in 2 days" in preview.text
    assert (await organiser.get(f"/manage/{event.slug}/webinar/reminders/61")).status_code == 404
