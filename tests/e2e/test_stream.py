"""The stream on the attendee's live page in Chromium: for an attendee who came
through their private link, the privacy-enhanced player above the activities on a
phone and beside them on a laptop, accessible, without sideways scrolling; a phone
that came with the join code alone stays without it (the demo's default setting)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.conftest import LAPTOP, PHONE, LiveServer, screenshot

PLAYER = "https://www.youtube-nocookie.com/embed/jNQXAC9IVRw"  # the demo day's stream
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
