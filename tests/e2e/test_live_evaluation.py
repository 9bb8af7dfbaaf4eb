"""The evaluation run live, with the console and a phone side by side: the moderator
starts it, the phone's live page offers it, the phone answers (an empty form gets its
error beside the form, nothing lost), and ending it takes the card off the phone."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from eventday.demo import DEMO_MODERATOR
from tests.e2e.conftest import LAPTOP, PHONE, PROJECTOR, Api, LiveServer, screenshot


def test_the_moderator_runs_the_evaluation_and_a_phone_answers_it(
    browser, stage_server: tuple[LiveServer, Api, str], logged_in_on
) -> None:
    server, _, code = stage_server
    moderator = logged_in_on(server, DEMO_MODERATOR)
    desk = browser.new_context(viewport=LAPTOP, locale="sv-SE", storage_state=moderator)
    console = desk.new_page()
    console.goto(f"{server.url}/console/kompetensdagen-2026")
    console.wait_for_selector("#console-status[data-state='connected']")
    toggle = console.locator("#evaluation-toggle")
    expect(toggle).to_have_text("Starta utvärderingen i mobilerna")  # once the state is in

    phone_context = browser.new_context(viewport=PHONE, locale="sv-SE")
    phone = phone_context.new_page()
    phone.goto(f"{server.url}/{code}")
    phone.wait_for_selector("#live-status[data-state='connected']")
    card = phone.locator(".evaluation-card")
    assert card.count() == 0

    toggle.click()
    console.wait_for_selector("#evaluation-toggle:text-is('Avsluta utvärderingen')")
    assert console.locator("#evaluation-state").inner_text() == (
        "Mobilerna på livesidan erbjuds utvärderingen."
    )
    card.wait_for(state="visible")  # pushed over the socket: no reload
    assert "Berätta vad du tyckte" in card.inner_text()
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(phone, "evaluation-live-phone-card")
    screenshot(console, "evaluation-live-console")
    for page in (phone, console):
        audit = Axe().run(page)
        assert audit.violations_count == 0, audit.generate_report()
    screen = browser.new_context(viewport=PROJECTOR, locale="sv-SE", storage_state=moderator)
    projector = screen.new_page()
    projector.goto(f"{server.url}/{code}/screen")
    projector.wait_for_selector("#live-status[data-state='connected']")
    assert projector.locator(".evaluation-card").count() == 0  # the projector is unchanged
    screenshot(projector, "evaluation-live-projector")
    screen.close()

    phone.get_by_role("link", name="Svara på utvärderingen").click()
    phone.wait_for_url(f"{server.url}/{code}/evaluation")
    phone.get_by_role("button", name="Skicka mina svar").click()
    phone.wait_for_selector(".error-text:text-is('Svara på minst en fråga.')")
    audit = Axe().run(phone)
    assert audit.violations_count == 0, audit.generate_report()
    screenshot(phone, "evaluation-live-phone-error")
    phone.get_by_label("Vad ska vi göra bättre?").fill("Mer tid för frågor")
    phone.locator("input[type=radio][value='4']").first.check()
    phone.get_by_role("button", name="Skicka mina svar").click()
    phone.wait_for_selector("text=Tack! Dina svar är sparade.")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(phone, "evaluation-live-phone-answered")

    phone.get_by_role("link", name="Tillbaka till livesessionen").click()
    phone.wait_for_selector("#live-status[data-state='connected']")
    card.wait_for(state="visible")
    toggle.click()
    console.wait_for_selector("#evaluation-toggle:text-is('Starta utvärderingen i mobilerna')")
    card.wait_for(state="detached")
    phone_context.close()
    desk.close()
