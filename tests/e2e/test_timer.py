"""A countdown and activities beside the stage, with a phone, the console and the
projector side by side: the console starts a countdown, the phone and the projector
show the time left and close at zero; Q&A and an always-open idea board stay
answerable on the phone while a poll is on stage, with an unread badge that clears."""

from __future__ import annotations

import re

from eventday.demo import DEMO_MODERATOR
from tests.e2e.conftest import LAPTOP, PHONE, PROJECTOR, Api, LiveServer, screenshot

CLOCK = re.compile(r"^\d+:\d\d$")


def slug_of(api: Api) -> str:
    return api.base.split("/events/", 1)[1].split("/", 1)[0]


def activity_titled(api: Api, prefix: str) -> dict[str, object]:
    activities = api.call("GET", "/activities")
    assert isinstance(activities, list)
    return next(a for a in activities if str(a["title"]).startswith(prefix))


def below(upper: dict[str, float], lower: dict[str, float]) -> bool:
    return upper["y"] + upper["height"] <= lower["y"] + 0.5


def test_a_countdown_on_the_phone_the_projector_and_the_console_closes_at_zero(  # type: ignore[no-untyped-def]
    browser, stage_server: tuple[LiveServer, Api, str], logged_in_on
) -> None:
    server, api, code = stage_server
    slug = slug_of(api)
    moderator = logged_in_on(server, DEMO_MODERATOR)
    quick = activity_titled(api, "Snabbfråga")
    api.call("PUT", "/stage", {"activity_id": quick["id"]})

    desk = browser.new_context(viewport=LAPTOP, locale="sv-SE", storage_state=moderator)
    console = desk.new_page()
    console.goto(f"{server.url}/console/{slug}?lang=sv")
    console.wait_for_selector("#console-status[data-state='connected']")
    wall = browser.new_context(viewport=PROJECTOR, locale="sv-SE", storage_state=moderator)
    projector = wall.new_page()
    projector.goto(f"{server.url}/{code}/screen?lang=sv")
    projector.wait_for_selector("#live-status[data-state='connected']")
    hand = browser.new_context(viewport=PHONE, locale="sv-SE")
    phone = hand.new_page()
    phone.goto(f"{server.url}/{code}?lang=sv")
    phone.wait_for_selector("#live-status[data-state='connected']")

    # The demo's quick poll runs a 30-minute countdown: shown, in minutes and seconds.
    timer = phone.locator(".live-countdown .countdown")
    timer.wait_for()
    assert timer.get_attribute("role") == "timer"
    value = phone.locator(".countdown-value").inner_text()
    assert CLOCK.match(value), value
    assert 28 * 60 <= int(value.split(":")[0]) * 60 + int(value.split(":")[1]) <= 30 * 60
    projector.locator(".screen-countdown .countdown").wait_for()
    # At 360 px it sits in the flow: above the activity, below the tabs, nothing over it
    # (measured once the tabs of the Q&A and the idea board are drawn).
    phone.locator(".live-tab", has_text="Frågor till panelen").wait_for()
    timer_box = timer.bounding_box()
    activity_box = phone.locator("#live-activity").bounding_box()
    tabs_box = phone.locator(".live-tabs").bounding_box()
    assert timer_box
    assert activity_box
    assert tabs_box
    assert below(tabs_box, timer_box)
    assert below(timer_box, activity_box)
    assert timer_box["x"] >= 0
    assert timer_box["x"] + timer_box["width"] <= PHONE["width"]
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    console.locator(".show-pick", has_text="Snabbfråga").click()
    panel = console.locator("#panel-body")
    panel.locator(".panel-countdown .countdown").wait_for()
    screenshot(phone, "timer-phone-360")
    screenshot(projector, "timer-projector-1920")
    screenshot(console, "timer-console-1440")
    for size, name in ((LAPTOP, "1440"), (PROJECTOR, "1920")):
        phone.set_viewport_size(size)
        screenshot(phone, f"timer-phone-{name}")
    for size, name in ((PHONE, "360"), (LAPTOP, "1440")):
        projector.set_viewport_size(size)
        screenshot(projector, f"timer-projector-{name}")
    phone.set_viewport_size(PHONE)
    projector.set_viewport_size(PROJECTOR)

    # A wrong number is refused next to the field and kept there.
    seconds = panel.get_by_label("Sekunder (5–3600)")
    seconds.fill("2")
    panel.get_by_role("button", name="Starta nedräkning").click()
    error = panel.locator("#timer-error")
    error.wait_for()
    assert "5 till 3600" in error.inner_text()
    assert seconds.input_value() == "2"
    assert seconds.get_attribute("aria-invalid") == "true"

    # 30 seconds from now: the phone's screen reader hears it once, not every second.
    panel.get_by_role("button", name="30 sekunder", exact=True).click()
    phone.wait_for_function(
        "() => /^0:(2\\d|30)$/.test(document.querySelector('.countdown-value').textContent)"
    )
    spoken = phone.locator(".live-countdown [aria-live=polite]")
    said = spoken.inner_text()
    assert re.match(r"^(2\d|30) sekunder kvar\.$", said), said  # the deadline moved
    phone.wait_for_timeout(1500)
    assert spoken.inner_text() == said  # not every second
    panel.get_by_role("button", name="+30 sekunder").click()
    phone.wait_for_function(
        "() => /^0:5\\d|^1:00$/.test(document.querySelector('.countdown-value').textContent)"
    )
    projector.wait_for_function(
        "() => /^0:5\\d|^1:00$/.test(document.querySelector('.countdown-value').textContent)"
    )

    # Five seconds: it closes by itself everywhere at zero.
    seconds.fill("5")
    panel.get_by_role("button", name="Starta nedräkning").click()
    assert error.inner_text() == ""
    phone.wait_for_selector(".live-note:has-text('Aktiviteten är stängd.')", timeout=15000)
    assert phone.locator(".live-countdown .countdown").is_hidden()
    projector.locator(".screen-countdown .countdown").wait_for(state="hidden")
    phone.wait_for_function(
        "() => document.querySelector('.live-countdown [aria-live=polite]').textContent"
        ".includes('Tiden är ute')"
    )
    panel.get_by_role("button", name="Öppna", exact=True).wait_for()
    closed = api.call("GET", f"/activities/{quick['id']}")
    assert isinstance(closed, dict)
    assert closed["activity"]["state"] == "closed"
    for context in (desk, wall, hand):
        context.close()


def test_q_and_a_stays_answerable_beside_a_poll_with_an_unread_badge(  # type: ignore[no-untyped-def]
    browser, stage_server: tuple[LiveServer, Api, str], logged_in_on
) -> None:
    server, api, code = stage_server
    slug = slug_of(api)
    moderator = logged_in_on(server, DEMO_MODERATOR)
    poll = activity_titled(api, "Hur stor del av personalen")
    api.call("PUT", "/stage", {"activity_id": poll["id"]})

    desk = browser.new_context(viewport=LAPTOP, locale="sv-SE", storage_state=moderator)
    console = desk.new_page()
    console.goto(f"{server.url}/console/{slug}?lang=sv")
    console.wait_for_selector("#console-status[data-state='connected']")
    hand = browser.new_context(viewport=PHONE, locale="sv-SE")
    phone = hand.new_page()
    phone.goto(f"{server.url}/{code}?lang=sv")
    phone.wait_for_selector("#live-status[data-state='connected']")
    other = browser.new_context(viewport=PHONE, locale="sv-SE").new_page()
    other.goto(f"{server.url}/{code}?lang=sv")
    other.wait_for_selector("#live-status[data-state='connected']")

    # The poll on stage comes first; Q&A and the always-open idea board are tabs.
    tabs = phone.locator(".live-tabs")
    tabs.locator(".live-tab", has_text="Frågor till panelen").wait_for()
    tabs.locator(".live-tab", has_text="Workshop").wait_for()
    assert phone.locator(".live-title").inner_text().startswith("Hur stor del av personalen")
    first = tabs.locator(".live-tab").first
    assert first.get_attribute("aria-current") == "true"
    phone.get_by_label("10–25 %").click()
    phone.wait_for_selector("#live-feedback:has-text('Tack')")

    # Look at the Q&A once (nothing new afterwards), then back to the poll.
    qa_tab = tabs.locator(".live-tab", has_text="Frågor till panelen")
    qa_tab.click()
    phone.wait_for_selector(".live-title:has-text('Frågor till panelen')")
    first.click()
    phone.wait_for_selector(".live-title:has-text('Hur stor del av personalen')")
    assert qa_tab.locator(".live-badge").count() == 0

    # Another phone asks; this phone's Q&A tab counts it, in Swedish plural forms.
    other.locator(".live-tab", has_text="Frågor till panelen").click()
    other.get_by_label("Din fråga").fill("Hur når vi de små företagen?")
    other.get_by_role("button", name="Skicka").click()
    other.wait_for_selector("#live-feedback:has-text('Tack')")
    qa_tab.locator(".live-badge:text-is('1 ny')").wait_for()
    other.get_by_label("Din fråga").fill("Vem betalar utbildningen?")
    other.get_by_role("button", name="Skicka").click()
    qa_tab.locator(".live-badge:text-is('2 nya')").wait_for()
    screenshot(phone, "always-open-phone-360-badge")

    # Opening the tab shows the questions, answerable, and clears the badge.
    qa_tab.click()
    phone.wait_for_selector(".item-text:has-text('Hur når vi de små företagen?')")
    assert qa_tab.locator(".live-badge").count() == 0
    phone.get_by_label("Din fråga").fill("Finns det stöd för validering?")
    phone.get_by_role("button", name="Skicka").click()
    phone.wait_for_selector(".item-text:has-text('Finns det stöd för validering?')")
    screenshot(phone, "always-open-phone-360-qa")

    # The console's toggle takes the idea board off the phones' tabs.
    console.locator(".show-pick", has_text="Workshop: hur lockar").click()
    toggle = console.locator("#panel-body").get_by_role("button", name="Alltid öppen i mobilerna")
    toggle.wait_for()
    assert toggle.get_attribute("aria-pressed") == "true"
    screenshot(console, "always-open-console-1440")
    toggle.click()
    tabs.locator(".live-tab", has_text="Workshop").wait_for(state="detached")
    console.locator(
        "#panel-body [aria-pressed=false]", has_text="Alltid öppen i mobilerna"
    ).wait_for()
    for context in (desk, hand, other.context):
        context.close()
