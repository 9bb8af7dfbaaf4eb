"""Shared fixtures: the test's clock, the app built from explicit Settings on a
tmp_path database (a copy of one migrated once per session), an HTTP client, staff
accounts logged in, and (in tests/e2e) a real browser.

Tests never read the calendar. Every date a test makes is placed relative to
``eventday.clock.utcnow()`` (the one clock the server reads), and a test or module
marked ``any_date`` runs three times: at the real time, one year later and one year
earlier, with the whole process's clock moved by ``time-machine``.
"""

from __future__ import annotations

import asyncio
import re
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import msgspec
import pytest
import time_machine
from litestar import Litestar
from litestar.testing import AsyncTestClient

from eventday.accounts import service as accounts
from eventday.accounts.models import AccountIn, EventRole, Role
from eventday.accounts.passwords import Passwords
from eventday.app import Services, routes, serve
from eventday.clock import utcnow
from eventday.db import Database
from eventday.db.migrations import migrate
from eventday.events import service as events
from eventday.events.models import Event, EventIn
from eventday.settings import Settings

PASSWORD = "correct horse battery"
CSRF_FIELD = re.compile(r'name="_csrf_token" value="([^"]+)"')

Client = AsyncTestClient[Litestar]

# Tests hash passwords at the cheapest argon2id cost (production keeps the default).
FAST_PASSWORDS = {"password_time_cost": 1, "password_memory_kib": 32}
TEST_PASSWORDS = Passwords(time_cost=1, memory_kib=32)

CLOCK_SHIFTS = {
    "today": timedelta(0),
    "next-year": timedelta(days=365),
    "last-year": timedelta(days=-365),
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "any_date: run at the real time and with the clock moved a year each way"
    )
    # pytest-xdist hands out the largest files first unless told not to: a worker that
    # began with the browser suite had sync Playwright's event loop running and every
    # asyncio test after it failed ("cannot be called from a running event loop").
    # Files keep the order below, browser tests last.
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if metafunc.definition.get_closest_marker("any_date"):
        metafunc.parametrize(
            "clock_shift", list(CLOCK_SHIFTS.values()), ids=[f"clock-{k}" for k in CLOCK_SHIFTS]
        )


@pytest.fixture
def clock_shift() -> timedelta:
    """How far the test's clock is moved from the real time (see ``any_date``)."""
    return timedelta(0)


@pytest.fixture(autouse=True)
def now(clock_shift: timedelta) -> Iterator[datetime]:
    """The test's "now" (seconds dropped); with a shift, the clock runs on from there."""
    moment = (utcnow() + clock_shift).replace(microsecond=0)
    if not clock_shift:
        yield moment
        return
    with time_machine.travel(moment, tick=True):
        yield moment


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database with every migration applied, made once per session (once per
    xdist worker): each test's database starts as a copy of this file."""
    path = tmp_path_factory.mktemp("migrated") / "eventday.db"

    async def build() -> None:
        db = Database(path)
        await db.connect()
        try:
            await migrate(db)
        finally:
            await db.close()  # the last connection folds the WAL into the file

    asyncio.run(build())
    return path


@pytest.fixture
def settings(tmp_path: Path, migrated_database: Path) -> Settings:
    database = tmp_path / "eventday.db"
    shutil.copyfile(migrated_database, database)
    return Settings(
        database=str(database),
        secret_key="test-secret-key-that-is-long-enough",
        base_url="http://testserver.local",
        **FAST_PASSWORDS,
    )


# The routes of each set of settings but the database's, made once a worker.
ROUTES: dict[bytes, Litestar] = {}


@pytest.fixture
def app(settings: Settings) -> Litestar:
    """The app of ``settings``: services of its own (a database, live interaction, mail,
    limits: ``eventday.app.Services``), on routes made once a worker for each set of
    settings other than the database (``eventday.app.routes``: they are most of the
    cost of an app, a quarter of a second, and hold nothing of a test's)."""
    key = msgspec.json.encode(msgspec.structs.replace(settings, database=""))
    if key not in ROUTES:
        ROUTES[key] = routes(settings)
    serve(ROUTES[key], Services(settings))
    return ROUTES[key]


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[Client]:
    async with AsyncTestClient(app, base_url="http://testserver.local") as test_client:
        yield test_client


@pytest.fixture
def db(app: Litestar, client: Client) -> Database:
    """The app's own database, connected and migrated by the client's startup."""
    database: Database = app.state.db
    return database


async def csrf_token(client: Client, path: str = "/login") -> str:
    """Fetch a page with a form and return its CSRF token (the cookie is kept)."""
    response = await client.get(path)
    match = CSRF_FIELD.search(response.text)
    assert match, f"no CSRF field on {path}"
    return match.group(1)


async def log_in(client: Client, email: str, password: str = PASSWORD) -> None:
    token = await csrf_token(client)
    response = await client.post(
        "/login",
        data={"email": email, "password": password, "_csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


AccountMaker = Callable[[Role, str], Awaitable[None]]


@pytest.fixture
def make_account(db: Database) -> AccountMaker:
    async def make(role: Role, email: str) -> None:
        await accounts.create_account(
            db, TEST_PASSWORDS, AccountIn(email=email, role=role, password=PASSWORD)
        )

    return make


def tomorrow_at(now: datetime, hour: int) -> datetime:
    """``hour``:00 UTC on the day after ``now``: in the future, whatever the date."""
    return (now + timedelta(days=1)).replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.fixture
async def event(db: Database, now: datetime) -> Event:
    starts = tomorrow_at(now, 8)
    return await events.create_event(
        db, EventIn(name="Kompetensdagen", starts_at=starts, ends_at=starts + timedelta(hours=8))
    )


@pytest.fixture
async def organiser(client: Client, make_account: AccountMaker) -> Client:
    """The client, logged in as an organiser."""
    await make_account(Role.ORGANISER, "org@example.se")
    await log_in(client, "org@example.se")
    return client


async def grant(db: Database, event: Event, email: str, role: EventRole) -> None:
    await accounts.grant_event_role(db, event.id, email, role, granted_by=None)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser tests last: sync Playwright keeps an event loop running in the
    main thread for the rest of the session, which the asyncio tests cannot share."""
    items.sort(key=lambda item: "/e2e/" in str(item.path))
