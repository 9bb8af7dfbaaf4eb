"""Attendee pages stay light: bytes transferred on a first, uncached load."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PHONE, LiveServer
from tests.e2e.pages import PAGES, Page

BUDGETED = [p for p in PAGES if p.budget]


@pytest.mark.parametrize("target", BUDGETED, ids=[p.name for p in BUDGETED])
def test_attendee_page_first_load_fits_its_budget(
    browser, live_server: LiveServer, demo_event, ticket_token, target: Page
) -> None:
    context = browser.new_context(viewport=PHONE, locale="sv")
    page = context.new_page()
    transferred: list[int] = []

    def count(request) -> None:  # type: ignore[no-untyped-def]
        sizes = request.sizes()
        transferred.append(sizes["responseHeadersSize"] + sizes["responseBodySize"])

    page.on("requestfinished", count)
    page.goto(
        live_server.url + target.path.format(**demo_event, token=ticket_token),
        wait_until="networkidle",
    )
    context.close()
    assert transferred, "no requests were observed"
    assert target.budget is not None
    assert sum(transferred) <= target.budget, (
        f"{sum(transferred)} bytes over {len(transferred)} requests"
    )


def test_responses_are_compressed(browser, live_server: LiveServer) -> None:
    context = browser.new_context()
    page = context.new_page()
    response = page.goto(live_server.url + "/static/css/app.css")
    assert response is not None
    assert response.headers.get("content-encoding") == "gzip"
    context.close()
