from __future__ import annotations

from eventday.demo import DEMO_ORGANISER, DEMO_PASSWORD
from tests.e2e.conftest import PHONE, LiveServer, screenshot


def test_organiser_logs_in_on_a_phone_and_sees_the_dashboard(
    browser, live_server: LiveServer
) -> None:
    context = browser.new_context(viewport=PHONE, locale="sv-SE")
    page = context.new_page()
    page.goto(live_server.url + "/manage")
    assert page.locator("h1").inner_text() == "Logga in"

    page.get_by_label("E-post").fill(DEMO_ORGANISER)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()

    page.wait_for_url(live_server.url + "/manage")
    assert page.locator("h1").inner_text() == "Dina evenemang"
    assert page.locator(".card h2", has_text="Kompetensdagen 2026").is_visible()
    screenshot(page, "dashboard-phone")
    context.close()
