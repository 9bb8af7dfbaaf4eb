"""axe-core on every page, in Swedish and English, on a phone and a laptop."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.conftest import LAPTOP, PHONE, LiveServer, screenshot
from tests.e2e.pages import PAGES, Page

VIEWPORTS = {"phone": PHONE, "laptop": LAPTOP}


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("target", PAGES, ids=[p.name for p in PAGES])
def test_page_has_no_accessibility_violations(
    browser,
    live_server: LiveServer,
    demo_event,
    ticket_token,
    logged_in,
    target: Page,
    language: str,
    viewport: str,
) -> None:
    context = browser.new_context(
        viewport=VIEWPORTS[viewport],
        locale=language,
        storage_state=logged_in(target.login) if target.login else None,
    )
    page = context.new_page()
    response = page.goto(live_server.url + target.path.format(**demo_event, token=ticket_token))
    assert response is not None
    assert response.status == target.status
    assert page.locator("html").get_attribute("lang") == language
    if viewport == "phone":
        # Reflow (WCAG 1.4.10): nothing scrolls sideways at phone width, which is also
        # what a laptop page looks like at 200-400 % zoom. Wide tables scroll inside
        # their own container.
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= VIEWPORTS["phone"]["width"], f"{target.name} is {width}px wide"
    results = Axe().run(page)
    if viewport == "phone" and language == "sv":
        screenshot(page, f"a11y-{target.name}-phone")
    context.close()
    assert results.violations_count == 0, results.generate_report()
