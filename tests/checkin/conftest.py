"""Helpers for check-in tests: registrations made through the registration service,
staff and organiser clients, API headers."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from eventday.accounts.models import EventRole, Role
from eventday.db import Database
from eventday.events.models import Event
from eventday.mail import Outbox
from eventday.paths import locale_dir
from eventday.registration import service as registration
from eventday.registration.mails import Mailer
from eventday.registration.models import Registered, RegistrationIn
from eventday.settings import Settings
from eventday.web.i18n import Catalogues
from tests.conftest import AccountMaker, Client, grant, log_in
from tests.live.helpers import api_token
from tests.registration.conftest import Served, serve


def mailer_for(db: Database, settings: Settings) -> Mailer:
    return Mailer(settings, Catalogues.load(locale_dir()), Outbox(db, settings))


async def register(
    db: Database,
    settings: Settings,
    event: Event,
    n: int,
    organisation: str = "Verkstaden AB",
    answers: dict[str, list[str]] | None = None,
) -> Registered:
    return await registration.register(
        db,
        mailer_for(db, settings),
        event,
        RegistrationIn(name=f"Person {n}", email=f"p{n}@example.se", organisation=organisation),
        answers or {},
    )


@pytest.fixture
async def staff(client: Client, db: Database, event: Event, make_account: AccountMaker) -> Client:
    """The client, logged in as check-in staff of the event."""
    await make_account(Role.STAFF, "staff@example.se")
    await grant(db, event, "staff@example.se", EventRole.STAFF)
    await log_in(client, "staff@example.se")
    return client


@pytest.fixture
async def staff_api(db: Database, event: Event, make_account: AccountMaker) -> dict[str, str]:
    await make_account(Role.STAFF, "staff-api@example.se")
    await grant(db, event, "staff-api@example.se", EventRole.STAFF)
    return {**await api_token(db, "staff-api@example.se"), "Accept-Language": "en"}


@pytest.fixture
async def served(settings: Settings) -> AsyncIterator[Served]:
    """The app in a real uvicorn server (real HTTP concurrency, real websockets)."""
    async for server in serve(settings):
        yield server
