"""Reminders through a real SMTP server, with the clock moved to prove the schedule:
each goes out once at its time across workers and restarts, late if the server was
down, never after the start."""

from __future__ import annotations

import asyncio
import email
import email.header
from datetime import datetime, timedelta
from email.message import Message

import icalendar
import msgspec
import time_machine

from eventday.clock import local
from eventday.db import Database
from eventday.events.models import Event
from eventday.harness import free_port
from eventday.mail import mail_of_event
from eventday.registration import service as registration
from eventday.registration.models import RegistrationIn
from tests.conftest import Client
from tests.registration.test_mail import Inbox
from tests.webinar.conftest import Worker, webinar_event


def subject(message: Message) -> str:
    return str(email.header.make_header(email.header.decode_header(message["Subject"])))


def body(message: Message) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    return str(part.get_payload(decode=True).decode())


async def sign_up(worker: Worker, event: Event, name: str, address: str, language: str) -> int:
    registered = await registration.register(
        worker.db,
        worker.mailer,
        event,
        RegistrationIn(name=name, email=address, organisation="Stålverket AB"),
        {},
        [],
        language=language,
    )
    return registered.registration.id


async def test_reminders_go_out_once_each_at_their_time_across_workers_and_restarts(
    db: Database, now: datetime, workers: list[Worker], inbox: tuple[Inbox, int]
) -> None:
    mails, _port = inbox
    first, second = workers
    event = await webinar_event(db, now)
    await sign_up(first, event, "Anna", "anna@example.se", "sv")
    await sign_up(first, event, "Bo", "bo@example.se", "en")
    assert await first.send_due() == 2  # the confirmations
    mails.messages.clear()
    start = event.starts_at

    with time_machine.travel(start - timedelta(days=1, minutes=1), tick=False):
        assert await first.send_due() + await second.send_due() == 0
    with time_machine.travel(start - timedelta(days=1) + timedelta(seconds=10), tick=False):
        both = await asyncio.gather(first.send_due(), second.send_due())
        assert sum(both) == 2
    assert sorted(subject(m) for m in mails.messages) == [
        "Påminnelse: Basindustrins dag börjar om 1 dag",
        "Reminder: Basic Industry Day starts in 1 day",
    ]
    swedish = next(m for m in mails.messages if m["To"] == "anna@example.se")
    text = body(swedish)
    assert local(start, "Europe/Stockholm").strftime("%H:%M") in text  # the event's zone
    assert "https://www.youtube.com/watch?v=dQw4w9WgXcQ" in text
    links = [line for line in text.splitlines() if line.startswith("http://testserver.local/m/")]
    assert [link.rsplit("/", 1)[1] for link in links] == ["live", "cancel"]
    assert "(Europe/Stockholm)" in text
    files = {
        p.get_filename(): p.get_payload(decode=True) for p in swedish.walk() if p.get_filename()
    }
    calendar = icalendar.Calendar.from_ical(files[f"{event.slug}.ics"])
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == ["Basindustrins dag"]

    # A restart: a new worker on the same file queues nothing again.
    restarted = Worker(Database(db.path), first.outbox.settings, first.webinar.mails.catalogues)
    await restarted.db.connect()
    try:
        with time_machine.travel(start - timedelta(hours=2), tick=False):
            assert await restarted.send_due() == 0
        with time_machine.travel(start - timedelta(minutes=60), tick=False):
            assert await restarted.send_due() + await first.send_due() == 2
        with time_machine.travel(start + timedelta(minutes=1), tick=False):
            assert await restarted.send_due() + await second.send_due() == 0
    finally:
        await restarted.db.close()
    assert len(mails.messages) == 4
    assert sum("starts in 1 hour" in subject(m) for m in mails.messages) == 1
    assert sum("börjar om 1 timme" in subject(m) for m in mails.messages) == 1
    assert await db.fetch_value("SELECT COUNT(*) FROM mail_outbox WHERE once_key IS NOT NULL") == 4


async def test_a_server_down_past_the_reminders_sends_only_the_latest_and_never_after_the_start(
    db: Database, now: datetime, workers: list[Worker], inbox: tuple[Inbox, int]
) -> None:
    mails, _port = inbox
    worker = workers[0]
    event = await webinar_event(db, now)
    await sign_up(worker, event, "Anna", "anna@example.se", "en")
    await worker.send_due()
    mails.messages.clear()

    # Down from before the 1-day reminder until half an hour before the start.
    with time_machine.travel(event.starts_at - timedelta(minutes=30), tick=False):
        assert await worker.send_due() == 1
    assert [subject(m) for m in mails.messages] == [
        "Reminder: Basic Industry Day starts in 30 minutes"
    ]

    # Another event, its server down until after the start: nothing at all.
    later = await webinar_event(db, now, name="Andra dagen", name_en="")
    await sign_up(worker, later, "Bo", "bo@example.se", "sv")
    await worker.send_due()
    mails.messages.clear()
    with time_machine.travel(later.starts_at + timedelta(minutes=1), tick=False):
        assert await worker.send_due() == 0
    assert mails.messages == []


async def test_who_registers_after_a_reminder_moment_gets_only_the_later_ones(
    db: Database, now: datetime, workers: list[Worker], inbox: tuple[Inbox, int]
) -> None:
    mails, _port = inbox
    worker = workers[0]
    event = await webinar_event(db, now)
    with time_machine.travel(event.starts_at - timedelta(hours=5), tick=False):
        await sign_up(worker, event, "Anna", "anna@example.se", "en")
        assert await worker.send_due() == 1  # the confirmation only
    with time_machine.travel(event.starts_at - timedelta(minutes=59), tick=False):
        assert await worker.send_due() == 1
    assert subject(mails.messages[-1]) == "Reminder: Basic Industry Day starts in 59 minutes"


async def test_a_mail_server_that_is_down_gets_retries_and_a_reminder_then_expires_at_the_start(
    db: Database, now: datetime, workers: list[Worker], inbox: tuple[Inbox, int]
) -> None:
    worker = workers[0]
    event = await webinar_event(db, now)
    await sign_up(worker, event, "Anna", "anna@example.se", "en")
    await worker.send_due()
    down = free_port()  # nothing listens here
    working = worker.outbox.settings
    worker.outbox.settings = msgspec.structs.replace(working, smtp_port=down)
    with time_machine.travel(event.starts_at - timedelta(hours=1), tick=False):
        assert await worker.send_due() == 0
        [reminder] = [m for m in await mail_of_event(db, event.id) if m.scheduled_for]
        assert (reminder.status, reminder.attempts) == ("queued", 1)
        assert reminder.last_error
    with time_machine.travel(event.starts_at - timedelta(minutes=59), tick=False):
        assert await worker.send_due() == 0  # its retry is 30 s later; still failing
    with time_machine.travel(event.starts_at + timedelta(minutes=5), tick=False):
        worker.outbox.settings = working
        assert await worker.send_due() == 0
    [reminder] = [m for m in await mail_of_event(db, event.id) if m.scheduled_for]
    assert reminder.status == "expired"
    assert len(inbox[0].messages) == 1  # the confirmation, never a reminder after the start


async def test_the_mail_links_open_the_live_page_and_cancel_for_the_waitlist(
    client: Client, db: Database, now: datetime, workers: list[Worker], inbox: tuple[Inbox, int]
) -> None:
    worker = workers[0]
    event = await webinar_event(db, now, capacity=1)
    anna = await sign_up(worker, event, "Anna", "anna@example.se", "en")
    bo = await sign_up(worker, event, "Bo", "bo@example.se", "en")
    await worker.send_due()
    with time_machine.travel(event.starts_at - timedelta(minutes=59), tick=False):
        assert await worker.send_due() == 1  # only Anna holds a seat
    text = body(inbox[0].messages[-1])
    live = next(line for line in text.splitlines() if line.endswith("/live"))
    cancel = next(line for line in text.splitlines() if line.endswith("/cancel"))
    base = "http://testserver.local"

    opened = await client.get(live.removeprefix(base), follow_redirects=False)
    assert opened.status_code == 303
    assert opened.headers["location"] == f"/{event.join_code}"
    assert (
        await db.fetch_value(
            "SELECT COUNT(*) FROM live_participants WHERE registration_id = ?", (anna,)
        )
        == 1
    )

    wrong = cancel.removeprefix(base).replace("/m/", "/m/9").replace("-", "-0", 1)
    assert (await client.get(wrong)).status_code == 404
    page = await client.get(cancel.removeprefix(base))
    assert page.status_code == 200
    token = page.text.split('name="_csrf_token" value="')[1].split('"')[0]
    done = await client.post(cancel.removeprefix(base), data={"_csrf_token": token})
    assert done.status_code == 200
    assert "Din anmälan är avbokad." in done.text
    statuses = dict(await db.fetch_all("SELECT id, status FROM registrations ORDER BY id"))
    assert statuses == {anna: "cancelled", bo: "confirmed"}
