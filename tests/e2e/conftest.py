"""Real-browser fixtures: eventday served by uvicorn in a subprocess on a free port,
driven by Playwright on Debian's Chromium (``/usr/bin/chromium``).

Tests here skip only when Chromium is missing and ``EVENTDAY_REQUIRE_BROWSER`` is
unset; CI sets it, so there a missing browser fails the run instead of hiding it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """A real eventday process on a seeded demo database."""

    def __init__(self, database: Path, port: int) -> None:
        self.database = database
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen[bytes] | None = None

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "EVENTDAY_DATABASE": str(self.database),
            "EVENTDAY_BASE_URL": self.url,
            "EVENTDAY_SECRET_KEY": "browser-test-secret-key-0123456789",
            "EVENTDAY_LOG_LEVEL": "WARNING",
        }

    def seed(self) -> str:
        """Seed the demo day; returns the demo's printed banner."""
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "eventday",
                "demo",
                "--no-serve",
                "--database",
                str(self.database),
            ],
            env=self.env(),
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "eventday", "serve", "--port", str(self.port)], env=self.env()
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("eventday did not start within 30 s")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = LiveServer(tmp_path_factory.mktemp("live") / "demo.db", free_port())
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


def screenshot(page: object, name: str) -> Path:
    """Save a full-page screenshot under screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    return path


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run browser tests last: Playwright's sync API keeps an event loop running in the
    main thread for the whole session once the browser starts, and async tests (and
    asyncio.run) cannot run after that."""
    e2e = Path(__file__).parent
    items.sort(key=lambda item: e2e in Path(str(item.fspath)).parents)
