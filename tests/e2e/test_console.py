"""The console beside a phone: open the word cloud, the phone submits, the console
hides the entry, and the phone's cloud and the projector lose it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from eventday.demo import DEMO_MODERATOR
from tests.e2e.conftest import LAPTOP, PHONE, PROJECTOR, LiveServer, screenshot


def demo(server: LiveServer) -> tuple[str, str]:
    return server.demo_day()


def open_console(browser, server: LiveServer, state: object, locale: str):  # type: ignore[no-untyped-def]
    """A laptop's context and its console page, connected."""
    context = browser.new_context(viewport=LAPTOP, locale=locale, storage_state=state)
    page = context.new_page()
    page.goto(f"{server.url}/console/{demo(server)[0]}")
    page.wait_for_selector("#console-status[data-state='connected']")
    return context, page


def test_console_hides_a_word_from_the_phone_and_the_projector(
    browser, live_server: LiveServer, logged_in
) -> None:
    _slug, code = demo(live_server)
    desk, console = open_console(browser, live_server, logged_in(DEMO_MODERATOR), "sv-SE")
    cloud_item = console.locator(".show-pick", has_text="Vilka digitala kompetenser")
    cloud_item.click()
    console.get_by_role("button", name="Öppna", exact=True).or_(
        console.get_by_role("button", name="Stäng", exact=True)
    ).first.wait_for()
    if console.get_by_role("button", name="Öppna", exact=True).count():
        console.get_by_role("button", name="Öppna", exact=True).click()
    # Earlier tests on the shared server may have left it open but off the projector.
    show = console.get_by_role("button", name="Visa på projektorn", exact=True)
    if show.count():
        show.click()
    console.wait_for_selector(".show-item--selected .badge--stage")

    screen_context = browser.new_context(
        viewport=PROJECTOR, locale="sv-SE", storage_state=logged_in(DEMO_MODERATOR)
    )
    projector = screen_context.new_page()
    projector.goto(f"{live_server.url}/{code}/screen")
    projector.wait_for_selector("#live-status[data-state='connected']")

    phone_context = browser.new_context(viewport=PHONE, locale="sv-SE")
    phone = phone_context.new_page()
    phone.goto(f"{live_server.url}/{code}")
    phone.wait_for_selector("#live-status[data-state='connected']")
    phone.get_by_label("Ditt ord eller din korta fras").fill("Tramsord")
    phone.get_by_role("button", name="Skicka").click()
    phone.wait_for_selector("svg.cloud text:text-is('Tramsord')")
    projector.wait_for_selector("svg.cloud text:text-is('Tramsord')")

    # The row whose word is Tramsord (every other row's merge menu lists it too).
    row = console.locator(".mod-row", has=console.locator("strong", has_text="Tramsord"))
    row.wait_for()
    console.wait_for_timeout(900)
    screenshot(console, "console-laptop-wordcloud")
    row.get_by_role("button", name="Dölj").click()
    phone.wait_for_selector("svg.cloud text:text-is('Tramsord')", state="detached")
    projector.wait_for_selector("svg.cloud text:text-is('Tramsord')", state="detached")
    console.wait_for_selector("#audit-log li:has-text('Dolde ord')")
    # The panel redraws once the pointer rests (rows never move under a moving pointer).
    hidden = console.locator(".mod-row--hidden", has=console.locator("s", has_text="Tramsord"))
    hidden.wait_for()
    assert hidden.count() == 1

    console.locator("#announce-text").fill("Kaffe serveras i foajén")
    console.locator("#announce-projector").check()
    console.get_by_role("button", name="Skicka till mobilerna").click()
    phone.wait_for_selector(".announcement:has-text('Kaffe serveras i foajén')")
    projector.wait_for_selector(".screen-announcement:has-text('Kaffe serveras i foajén')")
    console.wait_for_timeout(600)
    screenshot(console, "console-laptop-after-hide")
    screenshot(phone, "console-phone-after-hide")
    screenshot(projector, "console-projector-after-hide")
    for context in (desk, screen_context, phone_context):
        context.close()


def test_console_keyboard_shortcut_toggles_the_projector(
    browser, live_server: LiveServer, logged_in
) -> None:
    context, page = open_console(browser, live_server, logged_in(DEMO_MODERATOR), "en")
    page.locator(".show-pick", has_text="Rangordna").click()
    page.locator("body").press("p")
    page.wait_for_selector(".show-item--selected .badge--stage")
    page.locator("body").press("j")
    selected = page.locator(".show-item--selected .show-title").inner_text()
    page.locator(".show-pick", has_text="Vilka digitala kompetenser").click()
    page.locator("body").press("p")  # the word cloud back on the projector for other tests
    page.wait_for_selector(".show-item--selected .badge--stage")
    assert selected.startswith("Quiz")
    context.close()


def test_the_run_of_show_marks_the_session_running_by_the_servers_clock(
    browser, live_server: LiveServer, logged_in
) -> None:
    """The server's clock stands at 10:00 of the demo day (the browser's own may be at
    any hour): the console's clock and its "now" follow the server, not the laptop."""
    context, page = open_console(browser, live_server, logged_in(DEMO_MODERATOR), "sv-SE")
    running = page.locator(".show-group--now")
    running.wait_for()
    assert running.count() == 1
    assert (
        running.locator(".show-group-title").inner_text().startswith("Gruvnäringens digitala lyft")
    )
    assert running.locator(".badge--now").inner_text() == "Nu"
    expect(page.locator("#console-clock")).to_have_text(re.compile(r"^10:0\d$"))
    context.close()
