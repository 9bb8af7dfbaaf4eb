"""The console, a phone and the projector side by side, for the details a room
notices: one tap answers, counts in plural forms, hide and reveal for public results,
buttons only where they do something, the saved message stays with its activity, no
"null" on the projector, translated log entries and a toast that covers no button."""

from __future__ import annotations

import re

from eventday.demo import DEMO_MODERATOR
from tests.e2e.conftest import LAPTOP, PHONE, PROJECTOR, Api, LiveServer, screenshot

SAVED = "Tack, ditt svar är sparat."


def overlaps(a: dict[str, float], b: dict[str, float]) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def toast_covers_nothing(console) -> None:  # type: ignore[no-untyped-def]
    toast = console.locator("#console-feedback").bounding_box()
    assert toast is not None
    assert toast["height"] > 0
    for button in console.locator("button:visible").all():
        box = button.bounding_box()
        assert box is None or not overlaps(toast, box), button.inner_text()


def test_phone_and_console_side_by_side(  # type: ignore[no-untyped-def]
    browser, stage_server: tuple[LiveServer, Api, str], logged_in_on
) -> None:
    server, api, code = stage_server
    slug = api.base.split("/events/", 1)[1].split("/", 1)[0]
    moderator = logged_in_on(server, DEMO_MODERATOR)
    poll = api.call(
        "POST",
        "/activities",
        {
            "kind": "choice",
            "title": "Bästa fikat i dag?",
            "config": {"options": ["Bulle", "Kaka", "Frukt"]},
        },
    )
    api.call("POST", f"/activities/{poll['id']}/open")

    desk = browser.new_context(viewport=LAPTOP, locale="sv-SE", storage_state=moderator)
    console = desk.new_page()
    console.goto(f"{server.url}/console/{slug}?lang=sv")
    console.wait_for_selector("#console-status[data-state='connected']")
    wall = browser.new_context(viewport=PROJECTOR, locale="sv-SE", storage_state=moderator)
    projector = wall.new_page()
    projector.goto(f"{server.url}/{code}/screen?lang=sv")
    projector.wait_for_selector("#live-status[data-state='connected']")
    hand = browser.new_context(viewport=PHONE, locale="sv-SE")
    phone = hand.new_page()
    phone.goto(f"{server.url}/{code}?lang=sv")
    phone.wait_for_selector("#live-status[data-state='connected']")

    # One tap answers; another tap changes it; there is no send button.
    phone.get_by_label("Bulle").click()
    phone.wait_for_selector(f"#live-feedback:has-text('{SAVED}')")
    phone.wait_for_selector(".bar-row:has-text('Bulle') .bar-count:has-text('1 röst ')")
    assert phone.locator(".live-form button[type=submit]").count() == 0
    phone.get_by_label("Kaka").click()
    phone.wait_for_selector(".bar-row:has-text('Kaka') .bar-count:has-text('1 röst ')")
    phone.wait_for_selector(".bar-row:has-text('Bulle') .bar-count:has-text('0 röster')")
    results = api.call("GET", f"/activities/{poll['id']}")
    assert results["results"]["counts"] == [0, 1, 0]
    projector.wait_for_selector(".bar-row:has-text('Kaka') .bar-count:has-text('1 röst ')")
    projector.wait_for_selector("#screen-count:has-text('1 deltagare')")

    # Public results: only "Hide results"; hiding takes them off the phone and the projector.
    console.locator(".show-pick", has_text="Bästa fikat i dag?").click()
    panel = console.locator("#panel-body")
    hide = panel.get_by_role("button", name="Dölj resultat", exact=True)
    hide.wait_for()
    assert panel.get_by_role("button", name="Visa resultat", exact=True).count() == 0
    answered = console.locator("#stat-answered")
    console.wait_for_function(
        "() => /^1 \\(\\d+ %\\)$/.test(document.getElementById('stat-answered').textContent)"
    )
    share = int(re.search(r"\((\d+) %\)", answered.inner_text()).group(1))  # type: ignore[union-attr]
    assert 0 < share <= 100
    hide.click()
    console.wait_for_selector("#console-feedback:has-text('Klart.')")
    toast_covers_nothing(console)
    phone.wait_for_selector(".live-note:has-text('Resultatet visas när moderatorn visar det.')")
    projector.wait_for_selector(
        ".screen-waiting:has-text('Resultatet visas när moderatorn visar det.')"
    )
    reveal = panel.get_by_role("button", name="Visa resultat", exact=True)
    reveal.wait_for()
    assert panel.get_by_role("button", name="Dölj resultat", exact=True).count() == 0
    screenshot(console, "details-console-poll-hidden")
    screenshot(phone, "details-phone-poll-hidden")
    reveal.click()
    phone.wait_for_selector(".bar-row:has-text('Kaka')")

    # The next activity: the saved message stays with the poll, no "null" on the wall.
    qa = api.call("POST", "/activities", {"kind": "qa", "title": "Frågor om lärlingarna"})
    api.call("POST", f"/activities/{qa['id']}/open")
    phone.wait_for_selector(".live-title:has-text('Frågor om lärlingarna')")
    assert phone.locator("#live-feedback").inner_text() == ""
    projector.wait_for_selector("#screen-title:has-text('Frågor om lärlingarna')")
    assert "null" not in projector.locator("#screen-body").inner_text()
    phone.get_by_label("Din fråga").fill("Hur når vi fler lärlingar?")
    phone.get_by_role("button", name="Skicka").click()
    phone.wait_for_selector(f"#live-feedback:has-text('{SAVED}')")
    projector.wait_for_selector(".top-list:has-text('Hur når vi fler lärlingar?')")
    assert "null" not in projector.locator("#screen-body").inner_text()

    console.locator(".show-pick", has_text="Frågor om lärlingarna").click()
    row = panel.locator(".mod-row", has_text="Hur når vi fler lärlingar?")
    row.wait_for()
    assert panel.get_by_role("button", name="Visa resultat", exact=True).count() == 0
    row.get_by_role("button", name="Markera som besvarad").click()
    entry = console.locator("#audit-log li", has_text="Markerade frågan som besvarad")
    entry.wait_for()
    assert "answer:" not in entry.inner_text()
    toast_covers_nothing(console)
    console.wait_for_timeout(500)
    screenshot(console, "details-console-qa")
    screenshot(phone, "details-phone-qa")
    screenshot(projector, "details-projector-qa")
    for name, size in (("phone", PHONE), ("projector", PROJECTOR)):
        console.set_viewport_size(size)
        console.wait_for_timeout(300)
        toast_covers_nothing(console)
        screenshot(console, f"details-console-qa-at-{name}-size")
    phone.set_viewport_size(LAPTOP)
    screenshot(phone, "details-phone-qa-at-laptop-size")
    for context in (desk, wall, hand):
        context.close()


def test_quiz_reveal_shows_right_or_wrong_on_the_phone(  # type: ignore[no-untyped-def]
    browser, stage_server: tuple[LiveServer, Api, str]
) -> None:
    server, api, code = stage_server
    quiz = api.call(
        "POST",
        "/activities",
        {
            "kind": "choice",
            "title": "Hur många lärlingar i år?",
            "hide_results": True,
            "config": {"options": ["100", "1000", "10 000"], "correct": [1]},
        },
    )
    api.call("POST", f"/activities/{quiz['id']}/open")
    phones = [browser.new_context(viewport=PHONE, locale="sv-SE") for _ in range(2)]
    wrong, right = (context.new_page() for context in phones)
    for page, option in ((wrong, "100"), (right, "1000")):
        page.goto(f"{server.url}/{code}?lang=sv")
        page.wait_for_selector(".live-title:has-text('Hur många lärlingar i år?')")
        page.get_by_label(option, exact=True).click()
        page.wait_for_selector(f"#live-feedback:has-text('{SAVED}')")
    api.call("POST", f"/activities/{quiz['id']}/reveal")
    wrong.wait_for_selector(".verdict--wrong:has-text('Inte riktigt.')")
    right.wait_for_selector(".verdict--right:has-text('Rätt!')")
    for page in (wrong, right):
        assert page.locator(".verdict-answer").inner_text() == "Rätt svar: 1000"
        assert page.locator(".live-form input[type=radio]").count() == 0
    screenshot(wrong, "details-phone-quiz-wrong")
    screenshot(right, "details-phone-quiz-right")
    for context in phones:
        context.close()
