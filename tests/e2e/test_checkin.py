"""Check-in on a staff phone (360x740) by typed code, and the funder's report on a
laptop and in print."""

from __future__ import annotations

import re
import sqlite3

import pytest

from eventday.demo import DEMO_ORGANISER, DEMO_STAFF
from tests.e2e.conftest import LAPTOP, PHONE, LiveServer, keep, screenshot

SLUG = "kompetensdagen-2026"


def unchecked_ticket(server: LiveServer) -> str:
    """A confirmed demo registration nobody has checked in at the door."""
    with sqlite3.connect(server.database) as conn:
        row = conn.execute(
            "SELECT ticket_code FROM registrations r WHERE status = 'confirmed' AND NOT EXISTS"
            " (SELECT 1 FROM checkins c WHERE c.registration_id = r.id"
            "  AND c.session_id IS NULL AND c.undone_at IS NULL) ORDER BY id DESC LIMIT 1"
        ).fetchone()
    return str(row[0])


@pytest.mark.browser
def test_staff_checks_in_a_typed_code_on_a_phone(
    browser, live_server: LiveServer, logged_in
) -> None:
    code = unchecked_ticket(live_server)
    context = browser.new_context(
        viewport=PHONE, locale="sv-SE", storage_state=logged_in(DEMO_STAFF)
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/checkin/{SLUG}")
    page.locator("#checkin[data-ready]").wait_for()  # the script handles the form
    door = page.locator('#counts [data-key="door"] .count-checked')
    before = int(door.inner_text())
    screenshot(page, "checkin-phone")

    page.get_by_role("textbox", name="Biljettkod").fill(code.lower())
    page.get_by_role("button", name="Checka in", exact=True).click()
    result = page.locator("#result")
    result.locator(".result-message", has_text="Incheckad").wait_for()
    assert "result--green" in (result.get_attribute("class") or "")
    # A function, not an expression: polling an expression string is an eval, which
    # the page's Content-Security-Policy refuses whenever the first check is false.
    page.wait_for_function(
        "(want) => document.querySelector('#counts [data-key=\"door\"] .count-checked')"
        ".textContent === want",
        arg=str(before + 1),
    )
    screenshot(page, "checkin-phone-green")

    page.get_by_role("textbox", name="Biljettkod").fill(code)
    page.get_by_role("button", name="Checka in", exact=True).click()
    result.locator(".result-message", has_text="Redan incheckad").wait_for()
    assert "result--amber" in (result.get_attribute("class") or "")
    assert re.search(r"Redan incheckad kl\. \d\d:\d\d av Sara Nyström", result.inner_text())
    screenshot(page, "checkin-phone-amber")

    page.get_by_role("textbox", name="Biljettkod").fill("QQQQQQQQ")
    page.get_by_role("button", name="Checka in", exact=True).click()
    result.locator(".result-message", has_text="Inte anmäld").wait_for()
    assert "result--red" in (result.get_attribute("class") or "")
    assert page.locator("body").evaluate("b => b.scrollWidth") <= PHONE["width"]
    screenshot(page, "checkin-phone-red")
    context.close()


@pytest.mark.browser
def test_report_on_a_laptop_and_in_print(browser, live_server: LiveServer, logged_in) -> None:
    context = browser.new_context(
        viewport=LAPTOP, locale="sv-SE", storage_state=logged_in(DEMO_ORGANISER)
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/manage/{SLUG}/report")
    assert page.locator("svg.chart").count() == 4
    assert page.get_by_role("img", name="Andel kvinnor: anställda och deltagare").is_visible()
    screenshot(page, "report-laptop")

    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    screenshot(page, "report-print")
    pdf = page.pdf(format="A4")
    keep("report-print.pdf", pdf)
    assert pdf.startswith(b"%PDF-")
    context.close()
