"""The public programme in English on a phone: English titles where the organiser
wrote them, the Swedish one otherwise, each with its own lang, and nothing wider
than the screen."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import LAPTOP, PHONE, PROJECTOR, LiveServer, screenshot

SLUG = "kompetensdagen-2026"


@pytest.mark.browser
def test_programme_page_in_english_on_a_phone(browser, live_server: LiveServer) -> None:
    for name, viewport in (("phone", PHONE), ("laptop", LAPTOP), ("projector", PROJECTOR)):
        context = browser.new_context(viewport=viewport, locale="en-GB")
        page = context.new_page()
        page.goto(f"{live_server.url}/e/{SLUG}?lang=en")
        screenshot(page, f"programme-english-{name}")
        agenda = page.locator("ul.session-list").last
        translated = agenda.locator(".session-title", has_text="Skills needs in figures")
        fallback = agenda.locator(".session-title", has_text="Gruvnäringens digitala lyft")
        assert translated.get_attribute("lang") == "en"
        assert fallback.get_attribute("lang") == "sv"
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("body").evaluate("b => b.scrollWidth") <= viewport["width"]
        if viewport is PHONE:
            translated.locator("a").click()
            page.wait_for_url("**/sessions/**")
            assert page.locator("h1").inner_text() == "Skills needs in figures"
            assert page.locator("h1").get_attribute("lang") == "en"
            assert page.locator("body").evaluate("b => b.scrollWidth") <= PHONE["width"]
            screenshot(page, "session-english-phone")
        context.close()
