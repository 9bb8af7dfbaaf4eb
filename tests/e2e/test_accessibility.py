"""axe-core on every page, in Swedish and English, on a phone and a laptop.

One sweep loads the pages: a browser context per account, language and width (logged
in once), each page of that account loaded once in it, and axe's rules run once on
each load. A context keeps a few tabs, so axe checks one page (in its own renderer
process) while the next loads. The tests read what the sweep saw: each page's checks,
the footer link to the accessibility statement, and the audit the statement is made
from.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

import pytest

from eventday.accessibility.audit import Check
from tests.e2e.audit import Checker, check, record
from tests.e2e.conftest import LAPTOP, PHONE, LiveServer, screenshot
from tests.e2e.pages import PAGES, Page

VIEWPORTS = {"phone": PHONE, "laptop": LAPTOP}
LANGUAGES = ("sv", "en")
NO_FOOTER = {"console", "projector"}  # they fill the screen; they have no footer
STATEMENT_LINK = {"sv": "Tillgänglighet", "en": "Accessibility"}
TABS = 3  # pages of one context loaded side by side: axe runs in one while the next loads


class Visit(NamedTuple):
    status: int
    lang: str | None
    width: int  # the page's scroll width
    footers: int
    statement_links: list[str]  # texts of the footer's links to /tillganglighet
    check: Check
    report: str


class Sweep(NamedTuple):
    visits: dict[tuple[str, str, str], Visit]  # (page, language, viewport)
    checker: Checker


class Loaded(NamedTuple):
    """A page loaded in a tab, axe started on it."""

    target: Page
    status: int
    lang: str | None
    width: int
    footers: int
    statement_links: list[str]


def _load(tab: Any, checker: Checker, url: str, target: Page) -> Loaded:
    response = tab.goto(url)
    assert response is not None
    loaded = Loaded(
        target=target,
        status=response.status,
        lang=tab.locator("html").get_attribute("lang"),
        width=tab.evaluate("() => document.documentElement.scrollWidth"),
        footers=tab.locator("footer.site-footer").count(),
        statement_links=tab.locator(
            "footer.site-footer a[href='/tillganglighet']"
        ).all_inner_texts(),
    )
    checker.start(tab)
    return loaded


def _visited(tab: Any, checker: Checker, loaded: Loaded, language: str, width: int) -> Visit:
    results = checker.result(tab)
    return Visit(
        status=loaded.status,
        lang=loaded.lang,
        width=loaded.width,
        footers=loaded.footers,
        statement_links=loaded.statement_links,
        check=check(loaded.target.name, loaded.target.path, language, width, results),
        report=results.generate_report(),
    )


def _check_in_turn(
    context: Any, checker: Checker, urls: dict[str, str], targets: list[Page], language: str
) -> Iterator[tuple[Any, Visit]]:
    """Each target loaded once in ``context``, in turn over a few tabs: a tab's next
    page loads only once axe has finished with the one before."""
    tabs = [context.new_page() for _ in range(min(TABS, len(targets)))]
    width = tabs[0].viewport_size["width"]
    started: dict[int, Loaded] = {}
    for index, target in enumerate(targets):
        number = index % len(tabs)
        if number in started:
            yield (
                tabs[number],
                _visited(tabs[number], checker, started.pop(number), language, width),
            )
        started[number] = _load(tabs[number], checker, urls[target.name], target)
    for number, loaded in started.items():
        yield tabs[number], _visited(tabs[number], checker, loaded, language, width)


@pytest.fixture(scope="module")
def sweep(browser, live_server: LiveServer, demo_event, ticket_token, logged_in) -> Sweep:  # type: ignore[no-untyped-def]
    checker = Checker()
    visits: dict[tuple[str, str, str], Visit] = {}
    urls = {
        p.name: live_server.url + p.path.format(**demo_event, token=ticket_token) for p in PAGES
    }
    for login in dict.fromkeys(p.login for p in PAGES):
        state = logged_in(login) if login else None
        targets = [p for p in PAGES if p.login == login]
        for language in LANGUAGES:
            for viewport, size in VIEWPORTS.items():
                context = checker.watch(
                    browser.new_context(viewport=size, locale=language, storage_state=state)
                )
                for tab, visit in _check_in_turn(context, checker, urls, targets, language):
                    visits[visit.check.page, language, viewport] = visit
                    if viewport == "phone" and language == "sv":
                        screenshot(tab, f"a11y-{visit.check.page}-phone")
                context.close()
    return Sweep(visits, checker)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("target", PAGES, ids=[p.name for p in PAGES])
def test_page_has_no_accessibility_violations(
    sweep: Sweep, target: Page, language: str, viewport: str
) -> None:
    visit = sweep.visits[target.name, language, viewport]
    assert visit.status == target.status
    assert visit.lang == language
    if viewport == "phone":
        # Reflow (WCAG 1.4.10): nothing scrolls sideways at phone width, which is also
        # what a laptop page looks like at 200-400 % zoom. Wide tables scroll inside
        # their own container.
        assert visit.width <= VIEWPORTS["phone"]["width"], f"{target.name} is {visit.width}px wide"
    assert visit.check.violations == (), visit.report


def test_every_footer_links_the_accessibility_statement(sweep: Sweep) -> None:
    for (name, language, viewport), visit in sweep.visits.items():
        where = f"{name} ({language}, {viewport})"
        if name in NO_FOOTER:
            assert visit.footers == 0, f"{where} has a footer now: take it out of NO_FOOTER"
        else:
            assert visit.statement_links == [STATEMENT_LINK[language]], where


def test_the_statement_audit_is_what_the_suite_measured(sweep: Sweep) -> None:
    checks = [
        sweep.visits[target.name, language, viewport].check
        for target in PAGES
        for language in LANGUAGES
        for viewport in VIEWPORTS
    ]
    record("pages", checks, sweep.checker)
