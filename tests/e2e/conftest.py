"""Real-browser fixtures: eventday served by uvicorn in a subprocess on a free port,
driven by Playwright on Debian's Chromium (``/usr/bin/chromium``).

Tests here skip only when Chromium is missing and ``EVENTDAY_REQUIRE_BROWSER`` is
unset; CI sets it, so there a missing browser fails the run instead of hiding it.
"""

from __future__ import annotations

import json
import os
import re
import urllib.request
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from eventday.clock import local, utcnow
from eventday.demo import DEMO_ORGANISER, TIMEZONE
from eventday.harness import EventdayServer
from tests.conftest import FAST_PASSWORDS

CHROMIUM = Path(os.environ.get("EVENTDAY_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
PROJECTOR = {"width": 1920, "height": 1080}
LAPTOP = {"width": 1440, "height": 900}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def _mid_morning() -> timedelta:
    """From the real time to 10:00 today in the demo's zone, in whole seconds."""
    real = utcnow().replace(microsecond=0)
    today = local(real, TIMEZONE).date()
    return datetime.combine(today, time(10), tzinfo=ZoneInfo(TIMEZONE)) - real


# The browser suite runs in the middle of the demo day (08:30-16:00), whatever the hour
# it is started at: every server below and the tests' own clock are moved by this much.
DAY_SHIFT = _mid_morning()


@pytest.fixture
def clock_shift() -> timedelta:
    """The tests' clock stands where their servers' clocks stand (see ``DAY_SHIFT``)."""
    return DAY_SHIFT


TEST_ENV = {
    "EVENTDAY_SECRET_KEY": "browser-test-secret-key-0123456789",
    **{f"EVENTDAY_{key.upper()}": str(value) for key, value in FAST_PASSWORDS.items()},
}


class LiveServer(EventdayServer):
    """A real eventday process for the tests: a fixed secret, the cheapest password
    hashing, and any further ``EVENTDAY_*`` variables given."""

    def __init__(
        self,
        database: Path,
        port: int | None = None,
        *,
        clock_shift: timedelta = timedelta(0),
        **env: str,
    ) -> None:
        super().__init__(database, port, env={**TEST_ENV, **env}, clock_shift=clock_shift)

    def seed(self) -> str:
        """Seed the demo day; returns the demo's printed banner."""
        return self.seed_demo()

    def demo_day(self) -> tuple[str, str]:
        """The demo day's slug and join code. By slug: the database also holds last
        year's day, and ``SELECT join_code FROM events`` reads the codes' index, in
        the codes' order (so "the first event" was last year's about half the time)."""
        import sqlite3

        with sqlite3.connect(self.database) as conn:
            slug, code = conn.execute(
                "SELECT slug, join_code FROM events WHERE slug = 'kompetensdagen-2026'"
            ).fetchone()
        return str(slug), str(code)


def day_server(directory: Path) -> LiveServer:
    """A server for the browser suite, on the demo day's clock (see ``DAY_SHIFT``)."""
    return LiveServer(directory / "demo.db", clock_shift=DAY_SHIFT)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = day_server(tmp_path_factory.mktemp("live"))
    server.seed()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        if os.environ.get("EVENTDAY_REQUIRE_BROWSER"):
            pytest.fail(f"EVENTDAY_REQUIRE_BROWSER is set but {CHROMIUM} is missing")
        pytest.skip(f"Chromium not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def screenshot(page: object, name: str) -> None:
    """With ``EVENTDAY_SCREENSHOTS`` set, save a full-page screenshot under screenshots/
    for a person to look at (off by default: the suite's ~190 cost a minute of CPU)."""
    if os.environ.get("EVENTDAY_SCREENSHOTS"):
        keep(f"{name}.png", page.screenshot(full_page=True))  # type: ignore[attr-defined]


def keep(name: str, content: bytes) -> None:
    """With ``EVENTDAY_SCREENSHOTS`` set, save ``content`` (a picture, a printed PDF)
    as screenshots/``name`` for a person to look at."""
    if os.environ.get("EVENTDAY_SCREENSHOTS"):
        SCREENSHOTS.mkdir(exist_ok=True)
        (SCREENSHOTS / name).write_bytes(content)


@pytest.fixture(scope="session")
def demo_event(live_server: LiveServer) -> dict[str, str]:
    """The seeded demo event's slug and join code, for page paths."""
    slug, code = live_server.demo_day()
    return {"slug": slug, "code": code}


@pytest.fixture(scope="session")
def logged_in(live_server: LiveServer, logged_in_on):  # type: ignore[no-untyped-def]
    """``logged_in(email)`` -> a Playwright storage state with that demo account
    logged in on the shared server (each account logs in once per session)."""
    states: dict[str, object] = {}

    def state(email: str) -> object:
        if email not in states:
            states[email] = logged_in_on(live_server, email)
        return states[email]

    return state


@pytest.fixture(scope="session")
def logged_in_on(browser):  # type: ignore[no-untyped-def]
    """``logged_in_on(server, email)`` -> a storage state logged in on that server."""
    from eventday.demo import DEMO_PASSWORD

    def state(server: LiveServer, email: str) -> object:
        context = browser.new_context()
        page = context.new_page()
        page.goto(server.url + "/login")
        page.locator("#field-email").fill(email)
        page.locator("#field-password").fill(DEMO_PASSWORD)
        page.locator("form.form button[type=submit]").click()
        page.wait_for_url(server.url + "/manage")
        stored = context.storage_state()
        context.close()
        return stored

    return state


def register(browser, server: LiveServer, email: str, *, javascript: bool = True) -> str:  # type: ignore[no-untyped-def]
    """Register ``email`` for the demo event through its form; returns the private-link
    token from the confirmation page."""

    context = browser.new_context(viewport=PHONE, locale="sv-SE", java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{server.url}/e/kompetensdagen-2026/register")
    page.get_by_label(re.compile(r"^Namn")).fill("Alva Ordning")
    page.get_by_label(re.compile(r"^E-post")).fill(email)
    page.get_by_label(re.compile(r"^Organisation")).fill("Tillgänglighetsbyrån")
    page.get_by_label("Jag godkänner villkoren ovan").check()
    page.get_by_role("button", name="Anmäl dig").click()
    page.wait_for_url("**/r/**")
    token = page.url.split("/r/")[1].split("?")[0].split("/")[0]
    context.close()
    return token


@pytest.fixture(scope="session")
def ticket_token(browser, live_server: LiveServer) -> str:  # type: ignore[no-untyped-def]
    """The private-link token of a registration made for the page suites."""
    return register(browser, live_server, "sidor@example.se")


class Api:
    """The demo event's live API with an organiser's token."""

    def __init__(self, server: LiveServer, token: str, slug: str) -> None:
        self.base = f"{server.url}/api/v1/events/{slug}/live"
        self.token = token

    def call(self, method: str, path: str, body: object = None) -> object:
        request = urllib.request.Request(
            self.base + path,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"authorization": f"Bearer {self.token}", "content-type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read() or b"null")


@pytest.fixture(scope="module")
def stage_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, Api, str]]:
    """A seeded demo server of its own, for a module whose tests move the stage."""
    server = day_server(tmp_path_factory.mktemp("stage"))
    server.seed()
    token = server.api_token(DEMO_ORGANISER)
    server.start()
    slug, code = server.demo_day()
    yield server, Api(server, token, slug), code
    server.stop()


def shown_title(activity: dict[str, object], language: str) -> str:
    """The activity title a browser in ``language`` shows (English falls back)."""
    english = str(activity.get("title_en") or "")
    return english if language == "en" and english else str(activity["title"])
