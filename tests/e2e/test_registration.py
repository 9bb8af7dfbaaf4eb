from __future__ import annotations

import re
from datetime import time
from zoneinfo import ZoneInfo

import pytest

from eventday.clock import utcnow
from tests.e2e.conftest import PHONE, LiveServer, screenshot

SLUG = "kompetensdagen-2026"


@pytest.mark.browser
def test_attendee_registers_on_a_phone_and_opens_the_ticket(
    browser, live_server: LiveServer
) -> None:
    context = browser.new_context(viewport=PHONE, locale="sv-SE")
    page = context.new_page()
    page.goto(f"{live_server.url}/e/{SLUG}")
    screenshot(page, "event-page-phone")
    assert "Välkomstord från branschen" in page.locator("main").inner_text()

    page.get_by_role("link", name="Anmäl dig").first.click()
    page.get_by_label(re.compile(r"^Namn")).fill("Karin Testsson")
    page.get_by_label(re.compile(r"^E-post")).fill("karin.testsson@example.se")
    page.get_by_label(re.compile(r"^Organisation")).fill("Testverkstaden AB")
    page.get_by_label("Län").select_option("Gävleborgs län")
    page.get_by_label("Vill inte uppge").check()
    page.get_by_label("1–9").check()
    workshop = page.get_by_label("Workshop: framtidens kompetensbehov", exact=False)
    # The demo's workshops run 13:00–14:30 in Stockholm today; once over they are no
    # longer offered.
    offered = utcnow().astimezone(ZoneInfo("Europe/Stockholm")).time() < time(14, 30)
    if offered:
        workshop.check()
    else:
        assert workshop.count() == 0
    page.get_by_label("Jag godkänner villkoren ovan").check()
    screenshot(page, "register-phone")
    page.get_by_role("button", name="Anmäl dig").click()

    page.wait_for_url("**/r/**")
    assert page.locator("h1").inner_text() == "Din anmälan"
    code = page.locator(".ticket-code .code").inner_text()
    assert len(code) == 8
    qr = page.get_by_role("img", name=f"QR-kod för biljett {code}")
    assert qr.is_visible()
    assert page.locator("body").evaluate("b => b.scrollWidth") <= PHONE["width"]
    screenshot(page, "ticket-phone")

    page.goto(page.url.split("?")[0])
    assert page.get_by_text("(du har plats)").is_visible() is offered
    star = page.get_by_role("button", name="I mitt program: Kompetensbehoven i siffror")
    star.click()
    page.wait_for_url("**#my-agenda")
    assert star.get_attribute("aria-pressed") == "true"
    screenshot(page, "ticket-agenda-phone")
    context.close()
