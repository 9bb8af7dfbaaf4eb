"""A real SMTP server (aiosmtpd) and mail workers ("processes") over the test's database."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta

import msgspec
import pytest
from aiosmtpd.controller import Controller

from eventday.db import Database
from eventday.db.migrations import migrate
from eventday.events import service as events
from eventday.events.models import Event, EventFormat, EventIn
from eventday.harness import free_port
from eventday.mail import Outbox
from eventday.paths import locale_dir
from eventday.registration.mails import Mailer
from eventday.settings import Settings
from eventday.web.i18n import Catalogues
from eventday.webinar.setup import Webinar
from tests.registration.conftest import api  # noqa: F401  (the organiser's API token)
from tests.registration.test_mail import Inbox


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


class Worker:
    """One process's outbox worker (with the registration and webinar parts that
    register its composer and scheduler) on its own connection to the database."""

    def __init__(self, db: Database, settings: Settings, catalogues: Catalogues) -> None:
        self.db = db
        self.outbox = Outbox(db, settings)
        self.mailer = Mailer(settings, catalogues, self.outbox)
        self.webinar = Webinar(
            db, settings, catalogues, self.outbox, b"test-secret-key-that-is-long-enough"
        )

    async def send_due(self) -> int:
        return await self.outbox.send_due()


@pytest.fixture
async def workers(
    db: Database, settings: Settings, inbox: tuple[Inbox, int]
) -> AsyncIterator[list[Worker]]:
    """Two workers on two connections to the app's database file, sending to ``inbox``."""
    sending = msgspec.structs.replace(
        settings, smtp_host="127.0.0.1", smtp_port=inbox[1], mail_from="dagen@example.se"
    )
    catalogues = Catalogues.load(locale_dir())
    connections = [Database(settings.database), Database(settings.database)]
    for connection in connections:
        await connection.connect()
        await migrate(connection)
    yield [Worker(connection, sending, catalogues) for connection in connections]
    for connection in connections:
        await connection.close()


async def webinar_event(db: Database, now: datetime, **fields: object) -> Event:
    """An online event three days from now, 08:00 UTC (09:00 in Stockholm in winter)."""
    starts = (now + timedelta(days=3)).replace(hour=8, minute=0, second=0, microsecond=0)
    data: dict[str, object] = {
        "name": "Basindustrins dag",
        "name_en": "Basic Industry Day",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=4),
        "online_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "format": EventFormat.ONLINE,
        **fields,
    }
    return await events.create_event(db, EventIn(**data))  # type: ignore[arg-type]
