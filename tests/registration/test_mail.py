"""Confirmation mail through a real SMTP server (aiosmtpd), with the QR code decoded."""

from __future__ import annotations

import asyncio
import email
import io
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from email.message import Message
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import icalendar
import msgspec
import pytest
import zxingcpp
from aiosmtpd.controller import Controller
from PIL import Image

from eventday.agenda import service as agenda
from eventday.agenda.models import SessionIn, SessionKind
from eventday.db import Database
from eventday.events.models import Event
from eventday.mail import CLAIM_BATCH, Outbox, OutgoingMail, enqueue
from eventday.paths import locale_dir
from eventday.registration import service as registration
from eventday.registration.mails import Mailer
from eventday.registration.models import RegistrationIn
from eventday.settings import Settings
from eventday.web.i18n import Catalogues
from tests.conftest import Client
from tests.registration.conftest import (
    CSRF_FIELD,
    Served,
    free_port,
    make_event,
    private_token,
    serve,
)


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # type: ignore[no-untyped-def]
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


def mail_settings(tmp_path: Path, port: int) -> Settings:
    return Settings(
        database=str(tmp_path / "mail.db"),
        secret_key="test-secret-key-that-is-long-enough",
        base_url="http://testserver.local",
        smtp_host="127.0.0.1",
        smtp_port=port,
        mail_from="dagen@example.se",
    )


async def register_http(url: str, slug: str, email_address: str) -> str:
    """Register through the page form over real HTTP; returns the private token."""
    async with httpx.AsyncClient(base_url=url) as client:
        form = await client.get(f"/e/{slug}/register")
        token = CSRF_FIELD.search(form.text)
        assert token
        response = await client.post(
            f"/e/{slug}/register",
            data={
                "name": "Anna",
                "email": email_address,
                "organisation": "Gruvan AB",
                "_csrf_token": token.group(1),
            },
        )
        return private_token(response)


async def wait_for(predicate) -> None:  # type: ignore[no-untyped-def]
    """Poll until the mail worker has done its part (at most 15 s)."""
    for _ in range(300):
        if await predicate():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not met in time")


async def test_mail_confirmation_arrives_with_a_qr_code_of_the_ticket(
    tmp_path: Path, inbox: tuple[Inbox, int]
) -> None:
    async for served in serve(mail_settings(tmp_path, inbox[1])):
        await check_confirmation(served, inbox[0])


async def check_confirmation(served: Served, inbox: Inbox) -> None:
    db = served.db
    event = await make_event(db, name="Gruvdagen", capacity=5)

    link = await register_http(served.url, event.slug, "anna@example.se")

    async def arrived() -> bool:
        return bool(inbox.messages)

    await wait_for(arrived)
    message = inbox.messages[0]
    code = await db.fetch_value("SELECT ticket_code FROM registrations")
    assert message["To"] == "anna@example.se"
    assert "Gruvdagen" in str(
        email.header.make_header(email.header.decode_header(message["Subject"]))
    )
    parts = {part.get_filename(): part for part in message.walk() if part.get_filename()}
    png = parts[f"ticket-{code}.png"].get_payload(decode=True)
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert [d.text for d in decoded] == [code]
    body = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    assert f"/r/{link}" in body.get_payload(decode=True).decode()
    calendar = icalendar.Calendar.from_ical(parts[f"{event.slug}.ics"].get_payload(decode=True))
    assert [str(item["summary"]) for item in calendar.walk("VEVENT")] == ["Gruvdagen"]

    async def marked_sent() -> bool:
        return await db.fetch_value("SELECT status FROM mail_outbox") == "sent"

    await wait_for(marked_sent)


def attached(message: Message) -> dict[str, bytes]:
    return {
        part.get_filename() or "": part.get_payload(decode=True)
        for part in message.walk()
        if part.get_filename()
    }


async def test_mail_ticket_is_made_when_sent_with_the_bookings_and_language_of_then(
    client: Client, db: Database, settings: Settings, inbox: tuple[Inbox, int]
) -> None:
    # The app under test has no SMTP host: its mail stays queued, and the outbox
    # below (with a mail server) sends it later, as a worker would after a burst.
    event = await make_event(db, name="Gruvdagen", name_en="Mining Day")
    blasting, geology = [
        await agenda.save_session(
            db,
            event,
            SessionIn(
                title=title,
                kind=SessionKind.WORKSHOP,
                starts_at=event.starts_at,
                ends_at=event.starts_at + timedelta(hours=1),
                capacity=5,
            ),
        )
        for title in ("Sprängteknik", "Malmgeologi")
    ]
    catalogues = Catalogues.load(locale_dir())
    mailer = Mailer(settings, catalogues, Outbox(db, settings))
    registered = await registration.register(
        db,
        mailer,
        event,
        RegistrationIn(name="Anna", email="anna@example.se", organisation="Gruvan AB"),
        {},
        [blasting.id],
        language="en",
    )
    reg = registered.registration
    row = await db.fetch_one("SELECT attachments, compose FROM mail_outbox")
    assert row is not None
    assert row["attachments"] == "[]"  # no files were made in the registration's transaction
    assert msgspec.json.decode(row["compose"]) == [{"kind": "ticket", "ref": reg.id}]

    # Before the mail goes out, Anna swaps her workshop.
    await registration.choose_sessions(db, mailer, event, reg, [geology.id])
    sending_settings = msgspec.structs.replace(
        settings, smtp_host="127.0.0.1", smtp_port=inbox[1], mail_from="dagen@example.se"
    )
    outbox = Outbox(db, sending_settings)
    Mailer(sending_settings, catalogues, outbox)  # registers the ticket's composer
    assert await outbox.send_due() == 1

    files = attached(inbox[0].messages[0])
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(files[f"ticket-{reg.ticket_code}.png"])))
    assert [d.text for d in decoded] == [reg.ticket_code]
    calendar = icalendar.Calendar.from_ical(files[f"{event.slug}.ics"])
    assert [str(item["summary"]) for item in calendar.walk("VEVENT")] == [
        "Mining Day",
        "Malmgeologi",
    ]
    assert await db.fetch_value("SELECT status FROM mail_outbox") == "sent"


async def test_mail_without_a_composer_for_its_attachments_fails_alone(
    client: Client, db: Database, settings: Settings, inbox: tuple[Inbox, int]
) -> None:
    event = await make_event(db)
    mailer = Mailer(settings, Catalogues.load(locale_dir()), Outbox(db, settings))
    for address in ("a@example.se", "b@example.se"):
        await registration.register(
            db, mailer, event, RegistrationIn(name="A", email=address, organisation="X"), {}
        )
    await db.execute(
        'UPDATE mail_outbox SET compose = \'[{"kind":"unknown","ref":1}]\''
        " WHERE recipient = 'a@example.se'"
    )
    sending_settings = msgspec.structs.replace(settings, smtp_host="127.0.0.1", smtp_port=inbox[1])
    outbox = Outbox(db, sending_settings)
    Mailer(sending_settings, Catalogues.load(locale_dir()), outbox)

    assert await outbox.send_due() == 1
    assert [m["To"] for m in inbox[0].messages] == ["b@example.se"]
    rows = await db.fetch_all("SELECT recipient, status, last_error FROM mail_outbox ORDER BY id")
    assert [(r[0], r[1]) for r in rows] == [("a@example.se", "queued"), ("b@example.se", "sent")]
    assert "unknown" in rows[0][2]


async def test_mail_outbox_sends_a_burst_larger_than_one_claim_in_one_round(
    client: Client, db: Database, settings: Settings, inbox: tuple[Inbox, int]
) -> None:
    count = CLAIM_BATCH + 5
    async with db.transaction() as conn:
        for n in range(count):
            await enqueue(
                conn, OutgoingMail(recipient=f"p{n}@example.se", subject="Hej", body="Hej\n")
            )
    outbox = Outbox(
        db, msgspec.structs.replace(settings, smtp_host="127.0.0.1", smtp_port=inbox[1])
    )

    assert await outbox.send_due() == count
    assert len(inbox[0].messages) == count
    assert await db.fetch_value("SELECT COUNT(*) FROM mail_outbox WHERE status = 'sent'") == count


async def test_mail_failure_keeps_the_registration_and_shows_the_error(tmp_path: Path) -> None:
    # Nothing listens on this port: every attempt fails.
    async for served in serve(mail_settings(tmp_path, free_port())):
        db = served.db
        event = await make_event(db)
        await register_http(served.url, event.slug, "anna@example.se")

        async def failed_once(db: Database = db) -> bool:
            return bool(await db.fetch_value("SELECT attempts FROM mail_outbox"))

        await wait_for(failed_once)
        row = await db.fetch_one("SELECT status, last_error FROM mail_outbox")
        assert row is not None
        assert row[0] == "queued"
        assert row[1] != ""
        assert await db.fetch_value("SELECT status FROM registrations") == "confirmed"


MONTHS = {
    "sv": "januari februari mars april maj juni juli augusti september oktober november december",
    "en": "January February March April May June July August September October November December",
}


def long_span(starts: datetime, ends: datetime, language: str) -> str:
    """The one format the ticket mail uses, written out independently of eventday:
    "2 december 2026 09:00–17:00" (sv), "2 December 2026, 09:00–17:00" (en)."""
    local_start = starts.astimezone(ZoneInfo("Europe/Stockholm"))
    local_end = ends.astimezone(ZoneInfo("Europe/Stockholm"))
    month = MONTHS[language].split()[local_start.month - 1]
    day = f"{local_start.day} {month} {local_start.year}"
    joiner = " " if language == "sv" else ", "
    return f"{day}{joiner}{local_start:%H:%M}–{local_end:%H:%M}"


@pytest.mark.parametrize(("language", "when"), [("sv", "När"), ("en", "When")])
async def test_mail_ticket_gives_the_event_and_each_workshop_start_to_end_in_one_format(
    db: Database,
    settings: Settings,
    inbox: tuple[Inbox, int],
    event: Event,
    language: str,
    when: str,
) -> None:
    workshop = await agenda.save_session(
        db,
        event,
        SessionIn(
            title="Sprängteknik",
            kind=SessionKind.WORKSHOP,
            starts_at=event.starts_at + timedelta(hours=1, minutes=30),
            ends_at=event.starts_at + timedelta(hours=2, minutes=45),
            capacity=5,
        ),
    )
    sending = msgspec.structs.replace(
        settings, smtp_host="127.0.0.1", smtp_port=inbox[1], mail_from="dagen@example.se"
    )
    outbox = Outbox(db, sending)
    mailer = Mailer(sending, Catalogues.load(locale_dir()), outbox)
    await registration.register(
        db,
        mailer,
        event,
        RegistrationIn(name="Anna", email="anna@example.se", organisation="Gruvan AB"),
        {},
        [workshop.id],
        language=language,
    )
    assert await outbox.send_due() == 1

    message = inbox[0].messages[0]
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    lines = part.get_payload(decode=True).decode().splitlines()
    assert f"{when}: {long_span(event.starts_at, event.ends_at, language)}" in lines
    assert f"· {long_span(workshop.starts_at, workshop.ends_at, language)} Sprängteknik" in lines
    assert not any(re.search(r"\d\d:\d\d:\d\d", line) for line in lines)  # no seconds
