"""The stream on the attendee's live page in Chromium: for an attendee who came
through their private link, the privacy-enhanced player above the activities on a
phone and beside them on a laptop, accessible, without sideways scrolling; a phone
that came with the join code alone stays without it (the demo's default setting); and
when a session with its own stream ends, phone and laptop switch to the event's stream
without a reload."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe

from eventday.demo import DEMO_ORGANISER
from tests.e2e.conftest import LAPTOP, PHONE, LiveServer, day_server, register, screenshot

PLAYER = "https://www.youtube-nocookie.com/embed/jNQXAC9IVRw"  # the demo day's stream
VIMEO = "https://player.vimeo.com/video/76979871?dnt=1"
SESSION_SECONDS = 25  # from the test's now to the end of the session with its own stream
VIEWPORTS = {"phone": PHONE, "laptop": LAPTOP, "projector": {"width": 1920, "height": 1080}}


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_player_sits_above_the_activities_on_a_phone_and_beside_them_on_a_laptop(
    browser, live_server: LiveServer, demo_event, ticket_token, viewport: str
) -> None:
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="sv")
    # The player's host is unreachable offline and irrelevant here: answer it empty.
    context.route("https://www.youtube-nocookie.com/**", lambda route: route.fulfill(body=""))
    page = context.new_page()
    page.goto(f"{live_server.url}/r/{ticket_token}")
    page.locator("form.join-live button").click()
    page.wait_for_url(f"{live_server.url}/{demo_event['code']}")
    player = page.locator(".stream-player iframe")
    assert player.get_attribute("src") == PLAYER
    stream = page.locator(".stream").bounding_box()
    activities = page.locator("#live").bounding_box()
    assert stream is not None
    assert activities is not None
    if viewport == "phone":
        assert stream["y"] + stream["height"] <= activities["y"]  # above
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"]
    else:
        assert stream["x"] + stream["width"] <= activities["x"]  # beside
        assert activities["y"] < stream["y"] + stream["height"]
    screenshot(page, f"stream-live-{viewport}")
    results = Axe().run(page)
    context.close()
    assert results.violations_count == 0, results.generate_report()


def test_with_the_join_code_alone_there_is_no_player(
    browser, live_server: LiveServer, demo_event
) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/{demo_event['code']}")
    assert page.locator(".stream").count() == 0
    context.close()


@pytest.fixture(scope="module")
def agenda_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, str]]:
    """A seeded demo server of its own, for a test that adds a session with a stream."""
    server = day_server(tmp_path_factory.mktemp("stream"))
    server.seed()
    token = server.api_token(DEMO_ORGANISER)
    server.start()
    yield server, token
    server.stop()


def add_session(server: LiveServer, token: str, body: dict[str, object]) -> None:
    request = urllib.request.Request(
        f"{server.url}/api/v1/events/kompetensdagen-2026/sessions",
        method="POST",
        data=json.dumps(body).encode(),
        headers={"authorization": f"Bearer {token}", "content-type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 201


def test_the_stream_switches_when_a_session_with_its_own_ends_without_a_reload(
    browser, agenda_server: tuple[LiveServer, str], now: datetime
) -> None:
    server, token = agenda_server
    ends = now + timedelta(seconds=SESSION_SECONDS)
    add_session(
        server,
        token,
        {
            "title": "Panelsamtal",
            "starts_at": (now - timedelta(minutes=10)).isoformat(),
            "ends_at": ends.isoformat(),
            "stream_url": "https://vimeo.com/76979871",
        },
    )
    ticket = register(browser, server, "strom@example.se")
    pages = {}
    for name in ("phone", "laptop"):  # side by side: both switch on their own
        context = browser.new_context(viewport=VIEWPORTS[name], locale="sv")
        for host in ("https://www.youtube-nocookie.com/**", "https://player.vimeo.com/**"):
            context.route(host, lambda route: route.fulfill(body=""))
        page = context.new_page()
        page.goto(f"{server.url}/r/{ticket}")
        page.locator("form.join-live button").click()
        page.wait_for_url(f"{server.url}/{server_code(server)}")
        assert page.locator(".stream-player iframe").get_attribute("src") == VIMEO
        page.evaluate("() => { window.notReloaded = true; }")
        pages[name] = page
    for name, page in pages.items():
        # The page asks again at the session's end; the player changes, the page stays.
        page.wait_for_function(
            f"() => document.querySelector('.stream-player iframe')?.src === '{PLAYER}'",
            timeout=(SESSION_SECONDS + 15) * 1000,
        )
        assert page.evaluate("() => window.notReloaded") is True
        csp = page.context.request.get(f"{server.url}/{server_code(server)}").headers[
            "content-security-policy"
        ]
        assert csp.endswith("frame-src https://player.vimeo.com https://www.youtube-nocookie.com")
        stream = page.locator(".stream").bounding_box()
        activities = page.locator("#live").bounding_box()
        assert stream is not None
        assert activities is not None
        if name == "phone":
            assert stream["y"] + stream["height"] <= activities["y"]
            assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        else:
            assert stream["x"] + stream["width"] <= activities["x"]
        screenshot(page, f"stream-switched-{name}")
        page.context.close()


def server_code(server: LiveServer) -> str:
    return server.demo_day()[1]
