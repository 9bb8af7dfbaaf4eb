"""Registration, agenda, ticket and private-link pages work with JavaScript off."""

from __future__ import annotations

import re

from tests.e2e.conftest import PHONE, LiveServer, register


def test_registration_works_with_javascript_disabled(browser, live_server: LiveServer) -> None:
    token = register(browser, live_server, "utan.skript@example.se", javascript=False)

    context = browser.new_context(viewport=PHONE, locale="sv-SE", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/r/{token}")
    assert page.locator("h1").inner_text() == "Din anmälan"
    assert re.fullmatch(r"[A-Z0-9]{8}", page.locator(".ticket-code .code").inner_text())
    context.close()


def test_agenda_and_speakers_work_with_javascript_disabled(
    browser, live_server: LiveServer
) -> None:
    context = browser.new_context(viewport=PHONE, locale="sv-SE", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/e/kompetensdagen-2026")
    page.get_by_role("link", name="Talare").first.click()
    assert page.locator("h1").inner_text() == "Talare"
    assert page.locator("main a").count() > 3
    context.close()
