"""The outbox as the organiser sees it, with a real SMTP server (aiosmtpd) that is up,
is stopped and is started again, and the clock moved through the project's seam: each mail's
attempts, next try and last error, a failed and an expired mail, and the mail server's
state, on the page and in the API."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import msgspec
import pytest
import time_machine
from aiosmtpd.controller import Controller
from litestar import Litestar
from litestar.testing import AsyncTestClient

from eventday.clock import from_db
from eventday.db import Database
from eventday.events.models import Event
from eventday.harness import free_port
from eventday.mail import MAX_ATTEMPTS, Outbox
from eventday.settings import Settings
from tests.conftest import Client
from tests.registration.test_mail import Inbox
from tests.webinar.conftest import webinar_event

RETRY = re.compile(r'class="mail-retry">([^<]*)<')
SERVER = re.compile(r'class="mail-server mail-server--(\w+)"')


class MailServer:
    """A real SMTP server (aiosmtpd) on one port that the test starts and stops; a
    stopped controller cannot start again, so each start is a new one."""

    def __init__(self) -> None:
        self.inbox = Inbox()
        self.port = free_port()
        self.running: Controller | None = None

    def start(self) -> None:
        self.running = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.running.start()

    def stop(self) -> None:
        if self.running is not None:
            self.running.stop()
            self.running = None


@pytest.fixture
def smtp() -> Iterator[MailServer]:
    """The mail server, not started: down until the test starts it."""
    server = MailServer()
    yield server
    server.stop()


@pytest.fixture
def settings(settings: Settings, smtp: MailServer) -> Settings:
    return msgspec.structs.replace(
        settings, smtp_host="127.0.0.1", smtp_port=smtp.port, mail_from="dagen@example.se"
    )


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[Client]:
    """The test client, with the app's outbox worker stopped as soon as the app has
    started: the test runs the outbox's rounds itself, at the moments it chooses. (A
    worker left running would take the database's write lock in the client's event
    loop while the test's own loop waits for it, and nothing wakes that loop.)"""
    async with AsyncTestClient(app, base_url="http://testserver.local") as test_client:
        test_client.blocking_portal.call(app.state.outbox.stop)
        yield test_client


@pytest.fixture
def outbox(app: Litestar) -> Outbox:
    """The app's own outbox (its worker stopped by ``client``)."""
    box: Outbox = app.state.outbox
    return box


async def sign_up(client: Client, api: dict[str, str], event: Event, address: str) -> None:
    body = {"name": "Anna", "email": address, "organisation": "Bruket", "language": "sv"}
    answer = await client.post(f"/api/v1/events/{event.slug}/registrations", json=body, headers=api)
    assert answer.status_code == 201, answer.text


def local_time(text: str) -> str:
    return from_db(text).astimezone(ZoneInfo("Europe/Stockholm")).strftime("%H:%M")


async def test_a_mail_server_that_is_down_then_up_shows_on_the_outbox_page(
    organiser: Client,
    app: Litestar,
    db: Database,
    api: dict[str, str],
    now: datetime,
    outbox: Outbox,
    smtp: MailServer,
) -> None:
    inbox, controller = smtp.inbox, smtp
    event = await webinar_event(db, now)
    page_url = f"/manage/{event.slug}/registrations"
    mail_url = f"/api/v1/events/{event.slug}/mail"
    before = (await organiser.get(f"{mail_url}/server", headers=api)).json()
    assert before == {"state": "unknown", "since": None, "error": ""}
    assert SERVER.search((await organiser.get(page_url)).text)[1] == "unknown"  # type: ignore[index]

    start = now.replace(microsecond=0)
    controller.start()  # the mail server is up
    with time_machine.travel(start - timedelta(minutes=5), tick=False):
        await sign_up(organiser, api, event, "bo@example.se")
        assert await outbox.send_due() == 1
    server = (await organiser.get(f"{mail_url}/server", headers=api)).json()
    assert (server["state"], from_db(server["since"])) == (
        "reachable",
        start - timedelta(minutes=5),
    )
    controller.stop()  # and then down
    with time_machine.travel(start, tick=False):
        await sign_up(organiser, api, event, "anna@example.se")
        assert await outbox.send_due() == 0  # refused: nobody listens

    def anna(mails: list[dict[str, Any]]) -> dict[str, Any]:
        return next(m for m in mails if m["recipient"] == "anna@example.se")

    mail = anna((await organiser.get(mail_url, headers=api)).json())
    assert (mail["status"], mail["attempts"]) == ("queued", 1)
    assert from_db(mail["retry_at"]) == start + timedelta(seconds=30)
    assert mail["last_error"]
    server = (await organiser.get(f"{mail_url}/server", headers=api)).json()
    assert server["state"] == "unreachable"
    assert from_db(server["since"]) == start
    assert server["error"] == mail["last_error"]
    page = (await organiser.get(page_url)).text
    assert SERVER.search(page)[1] == "unreachable"  # type: ignore[index]
    assert "E-postservern kan inte nås" in page
    [retry] = RETRY.findall(page)
    assert retry.startswith(f"Försök 1 av {MAX_ATTEMPTS} misslyckades; nästa försök ")
    assert local_time(mail["retry_at"]) in retry

    with time_machine.travel(start + timedelta(seconds=20), tick=False):
        assert await outbox.send_due() == 0  # not due yet: no attempt
    assert anna((await organiser.get(mail_url, headers=api)).json())["attempts"] == 1

    controller.start()  # up again
    with time_machine.travel(start + timedelta(seconds=31), tick=False):
        assert await outbox.send_due() == 1
    assert [m["To"] for m in inbox.messages] == ["bo@example.se", "anna@example.se"]
    mail = anna((await organiser.get(mail_url, headers=api)).json())
    assert (mail["status"], mail["attempts"], mail["retry_at"]) == ("sent", 2, None)
    server = (await organiser.get(f"{mail_url}/server", headers=api)).json()
    assert (server["state"], server["error"]) == ("reachable", "")
    assert from_db(server["since"]) == start + timedelta(seconds=31)
    page = (await organiser.get(page_url)).text
    assert SERVER.search(page)[1] == "reachable"  # type: ignore[index]
    assert RETRY.findall(page) == []


async def test_a_mail_that_runs_out_of_attempts_fails_and_a_late_reminder_expires(
    organiser: Client, db: Database, api: dict[str, str], outbox: Outbox, now: datetime
) -> None:
    event = await webinar_event(db, now)
    mail_url = f"/api/v1/events/{event.slug}/mail"
    moment = event.starts_at - timedelta(minutes=70)  # before the hour-before reminder
    with time_machine.travel(moment, tick=False):
        await sign_up(organiser, api, event, "anna@example.se")
        await outbox.send_due()
    for attempt in range(1, MAX_ATTEMPTS):  # each retry when due: 30 s, 1, 2, 4, 8 min
        moment += timedelta(seconds=30 * 2 ** (attempt - 1))
        with time_machine.travel(moment, tick=False):
            await outbox.send_due()  # the last also queues the reminder (and fails it)
    with time_machine.travel(event.starts_at + timedelta(minutes=1), tick=False):
        await outbox.send_due()
    confirmation, reminder = sorted(
        (await organiser.get(mail_url, headers=api)).json(), key=lambda m: m["id"]
    )
    assert (confirmation["status"], confirmation["attempts"]) == ("failed", MAX_ATTEMPTS)
    assert confirmation["retry_at"] is None
    assert (reminder["status"], reminder["attempts"], reminder["retry_at"]) == ("expired", 1, None)
    assert from_db(reminder["expires_at"]) == event.starts_at
    page = (await organiser.get(f"/manage/{event.slug}/registrations")).text
    failed, expired = RETRY.findall(page)  # failures first
    assert failed == f"Inte skickat efter {MAX_ATTEMPTS} försök."
    assert expired.startswith("Tiden hade passerat ")
    assert local_time(reminder["expires_at"]) in expired
    assert "Försök igen" in page
