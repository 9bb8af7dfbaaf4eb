"""The phone page in the attendee's language, and an answer sent while offline that
arrives once when the connection is back. A server of its own: these move the stage."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import PHONE, Api, screenshot


def _stage(api: Api, kind: str) -> dict[str, Any]:
    listed = api.call("GET", "/activities")
    assert isinstance(listed, list)
    activity: dict[str, Any] = next(a for a in listed if a["kind"] == kind)
    api.call("POST", f"/activities/{activity['id']}/open")
    api.call("PUT", "/stage", {"activity_id": activity["id"]})
    return activity


def test_english_phone_shows_the_english_title_and_options(browser, stage_server) -> None:
    server, api, code = stage_server
    poll = _stage(api, "choice")
    english = browser.new_context(viewport=PHONE, locale="en")
    swedish = browser.new_context(viewport=PHONE, locale="sv-SE")
    en_page, sv_page = english.new_page(), swedish.new_page()

    en_page.goto(f"{server.url}/{code}")
    sv_page.goto(f"{server.url}/{code}")
    en_page.get_by_role("heading", name=poll["title_en"]).wait_for()
    sv_page.get_by_role("heading", name=poll["title"]).wait_for()

    en_options = en_page.locator(".choices label").all_inner_texts()
    sv_options = sv_page.locator(".choices label").all_inner_texts()
    assert en_options == poll["config"]["options_en"]
    assert sv_options == poll["config"]["options"]
    assert en_options != sv_options
    assert en_page.locator(".live-event").inner_text() == (
        "Competence Day 2026 – digital skills in industry"
    )
    screenshot(en_page, "live-phone-choice-english")
    english.close()
    swedish.close()


def test_word_sent_offline_arrives_once_when_back_online(browser, stage_server) -> None:
    server, api, code = stage_server
    cloud = _stage(api, "wordcloud")
    context = browser.new_context(viewport=PHONE, locale="sv-SE")
    page = context.new_page()
    page.goto(f"{server.url}/{code}")
    page.wait_for_selector("#live-status[data-state='connected']")
    field = page.get_by_label("Ditt ord eller din korta fras")
    field.fill("Offlineord")

    context.set_offline(True)
    page.wait_for_selector("#live-status[data-state='offline']")
    page.get_by_role("button", name="Skicka").click()
    page.get_by_text("Återansluter – ditt svar skickas när anslutningen är tillbaka").wait_for()
    assert field.input_value() == "Offlineord"
    screenshot(page, "live-phone-offline-pending")
    context.set_offline(False)

    page.wait_for_selector("svg.cloud text:text-is('Offlineord')")
    page.get_by_text("Tack, ditt svar är sparat.").wait_for()
    detail = api.call("GET", f"/activities/{cloud['id']}")
    assert isinstance(detail, dict)
    counted = [w for w in detail["results"]["words"] if w["key"] == "offlineord"]
    assert counted == [{"key": "offlineord", "text": "Offlineord", "count": 1}]
    assert page.locator("#live-status").inner_text() == "Ansluten"
    assert field.input_value() == ""
    context.close()


def test_screen_readers_hear_a_short_summary_not_every_redraw(browser, stage_server) -> None:
    """The results area is not a live region (it redraws on every snapshot); a polite
    status line carries a short summary instead."""
    server, _api, code = stage_server
    page = browser.new_context(viewport=PHONE, locale="sv").new_page()
    page.goto(f"{server.url}/{code}")
    summary = page.locator("#live-summary")
    summary.wait_for(state="attached")
    page.wait_for_function(
        "() => document.getElementById('live-summary').textContent.includes('deltagare')"
    )
    assert summary.get_attribute("aria-live") == "polite"
    assert page.locator("#live-activity").get_attribute("aria-live") is None
