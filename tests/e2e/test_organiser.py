"""A new organiser walks in from the front page, creates a draft, publishes it and
finds it on the front page; the organiser's home and menu at every size; check-in
search results in view, reasons instead of buttons, undo that asks first."""

from __future__ import annotations

import json
import sqlite3
import urllib.request
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from eventday.clock import utcnow
from eventday.demo import DEMO_ORGANISER, DEMO_PASSWORD, DEMO_STAFF
from tests.e2e.conftest import LAPTOP, PHONE, PROJECTOR, LiveServer, screenshot

SLUG = "kompetensdagen-2026"
SIZES = {"phone": PHONE, "laptop": LAPTOP, "projector": PROJECTOR}


def no_overlap(page, upper: str, lower: str) -> None:  # type: ignore[no-untyped-def]
    """``upper`` ends before ``lower`` begins on the page."""
    a = page.locator(upper).first.bounding_box()
    b = page.locator(lower).first.bounding_box()
    assert a is not None, upper
    assert b is not None, lower
    assert a["y"] + a["height"] <= b["y"] + 0.5, (upper, a, lower, b)


def page_text_is_clean(page) -> None:  # type: ignore[no-untyped-def]
    text = page.locator("body").inner_text()
    for bad in ("null", "None", "undefined", ":00:00"):
        assert bad not in text, bad


@pytest.mark.browser
def test_a_new_organiser_walks_in_from_the_front_page(browser, live_server: LiveServer) -> None:
    context = browser.new_context(viewport=LAPTOP, locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + "/?lang=en")
    page.get_by_role("link", name="Staff login").click()
    page.locator("#field-email").fill(DEMO_ORGANISER)
    page.locator("#field-password").fill(DEMO_PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/manage")

    home = page.locator(".overview").first
    for label in ("Registered", "Waitlist", "Checked in", "Online now", "Mail waiting"):
        assert home.get_by_text(label, exact=True).is_visible(), label
    assert home.get_by_role("heading", name="Next steps").is_visible()
    page_text_is_clean(page)

    menu = page.get_by_role("navigation", name="Organiser menu")
    menu.get_by_role("link", name="New event").click()
    starts = (utcnow() + timedelta(days=40)).replace(hour=8, minute=30)
    page.get_by_label("Name (Swedish)").fill("Verkstadsdagen i Gävle")
    page.locator("#field-starts_at").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#field-ends_at").fill((starts + timedelta(hours=7)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Save").click()

    page.wait_for_url("**/manage/verkstadsdagen-i-gavle/edit")
    flash = page.locator(".flash")
    assert "created as a draft" in flash.inner_text()
    assert page.locator(".status-banner").is_visible()
    no_overlap(page, ".manage-menu", "main h1")
    for name, size in SIZES.items():
        page.set_viewport_size(size)
        screenshot(page, f"organiser-draft-{name}")
        no_overlap(page, ".manage-menu", "main h1")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size(LAPTOP)

    # Not on the front page yet, and not found by the public.
    public = browser.new_context(viewport=PHONE, locale="en-GB").new_page()
    public.goto(live_server.url + "/?lang=en")
    assert public.get_by_text("Verkstadsdagen i Gävle").count() == 0
    assert public.goto(live_server.url + "/e/verkstadsdagen-i-gavle").status == 404

    page.get_by_role("button", name="Publish").click()
    assert "is published" in page.locator(".flash").inner_text()
    assert page.locator(".status-banner").count() == 0

    public.goto(live_server.url + "/?lang=en")
    public.get_by_role("link", name="Verkstadsdagen i Gävle").click()
    public.wait_for_url("**/e/verkstadsdagen-i-gavle")
    lead = public.locator(".lead").inner_text()
    assert "08:30–15:30" in lead, lead
    assert "AM" not in lead
    assert "PM" not in lead
    page_text_is_clean(public)

    # A reload shows the message no more.
    page.reload()
    assert page.locator(".flash").count() == 0
    page.get_by_role("button", name="Archive").click()
    assert "archived" in page.locator(".flash").inner_text()
    public.goto(live_server.url + "/?lang=en")
    assert public.get_by_text("Verkstadsdagen i Gävle").count() == 0
    context.close()


@pytest.mark.browser
def test_the_organisers_home_at_every_size(browser, live_server: LiveServer, logged_in) -> None:
    for language, locale in (("sv", "sv-SE"), ("en", "en-GB")):
        context = browser.new_context(locale=locale, storage_state=logged_in(DEMO_ORGANISER))
        page = context.new_page()
        page.goto(f"{live_server.url}/manage?lang={language}")
        for name, size in SIZES.items():
            page.set_viewport_size(size)
            screenshot(page, f"organiser-home-{language}-{name}")
            no_overlap(page, ".manage-menu", "main h1")
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            # Each number stays on one line.
            for box in page.locator(".numbers dd").all():
                height = box.bounding_box()["height"]  # type: ignore[index]
                line = float(box.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
                assert height <= line * 1.5, (name, box.inner_text())
        page_text_is_clean(page)
        context.close()


def _cancel_someone(server: LiveServer) -> str:
    """Cancel a confirmed demo registration through the API; returns the name."""
    with sqlite3.connect(server.database) as conn:
        reg_id, name = conn.execute(
            "SELECT id, name FROM registrations WHERE status = 'confirmed' ORDER BY id LIMIT 1"
        ).fetchone()
    token = server.api_token(DEMO_ORGANISER)
    request = urllib.request.Request(
        f"{server.url}/api/v1/events/{SLUG}/registrations/{reg_id}/cancel",
        method="POST",
        data=json.dumps({}).encode(),
        headers={"authorization": f"Bearer {token}", "content-type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
    return str(name)


@pytest.mark.browser
def test_checkin_search_results_are_in_view_with_reasons(
    browser, live_server: LiveServer, logged_in
) -> None:
    name = _cancel_someone(live_server)
    context = browser.new_context(
        viewport=PHONE, locale="sv-SE", storage_state=logged_in(DEMO_STAFF)
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/checkin/{SLUG}")
    page.locator("#checkin[data-ready]").wait_for()
    page.get_by_role("searchbox").fill(name)
    page.get_by_role("button", name="Sök", exact=True).click()
    found = page.locator("#found")
    found.wait_for()
    # A web-first assertion: a string predicate polled by wait_for_function is eval'd in
    # the page, which its CSP refuses whenever the focus is not there at the first look.
    expect(found).to_be_focused()
    box = found.bounding_box()
    assert box is not None
    assert 0 <= box["y"] < PHONE["height"] / 2, box
    person = found.locator(".found", has_text=name).first
    assert person.get_by_role("button").count() == 0
    assert "avbokad" in person.locator(".reason").inner_text().lower()
    screenshot(page, "checkin-search-phone")
    context.close()


@pytest.mark.browser
def test_undo_asks_first(browser, live_server: LiveServer, logged_in) -> None:
    with sqlite3.connect(live_server.database) as conn:
        code = conn.execute(
            "SELECT ticket_code FROM registrations r WHERE status = 'confirmed' AND NOT EXISTS"
            " (SELECT 1 FROM checkins c WHERE c.registration_id = r.id AND c.undone_at IS NULL)"
            " ORDER BY id DESC LIMIT 1"
        ).fetchone()[0]
    context = browser.new_context(
        viewport=PHONE, locale="sv-SE", storage_state=logged_in(DEMO_STAFF)
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/checkin/{SLUG}")
    page.locator("#checkin[data-ready]").wait_for()
    page.get_by_role("textbox", name="Biljettkod").fill(code)
    page.get_by_role("button", name="Checka in", exact=True).click()
    page.locator("#result.result--green").wait_for()
    page.reload()
    row = page.locator("#recent-heading + .found-list .found").first
    confirm = row.get_by_role("button", name="Ja, ångra incheckningen")
    assert not confirm.is_visible()
    row.locator("summary").click()
    assert confirm.is_visible()
    screenshot(page, "checkin-undo-asks")
    confirm.click()
    page.wait_for_load_state()
    with sqlite3.connect(live_server.database) as conn:
        undone = conn.execute(
            "SELECT c.undone_at FROM checkins c JOIN registrations r ON r.id = c.registration_id"
            " WHERE r.ticket_code = ? ORDER BY c.id DESC LIMIT 1",
            (code,),
        ).fetchone()[0]
    assert undone is not None
    context.close()


@pytest.mark.browser
def test_registrations_and_agenda_pages_at_every_size(
    browser, live_server: LiveServer, logged_in
) -> None:
    context = browser.new_context(locale="sv-SE", storage_state=logged_in(DEMO_ORGANISER))
    page = context.new_page()
    for name, path in (("registrations", "registrations?sort=name"), ("agenda", "agenda")):
        page.goto(f"{live_server.url}/manage/{SLUG}/{path}")
        for size_name, size in SIZES.items():
            page.set_viewport_size(size)
            screenshot(page, f"organiser-{name}-{size_name}")
            no_overlap(page, ".manage-menu", "main h1")
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page_text_is_clean(page)
    # Ticked rows and one action: the organiser sees what happened.
    page.set_viewport_size(LAPTOP)
    page.goto(f"{live_server.url}/manage/{SLUG}/registrations?status=confirmed&sort=name")
    assert "Visar 1–" in page.locator(".list-summary").inner_text()
    page.locator('input[name="ids"]').first.check()
    page.get_by_label("Med de markerade").select_option("resend")
    page.get_by_role("button", name="Utför").click()
    assert "Bekräftelsen skickad igen: 1." in page.locator(".flash").inner_text()
    context.close()
