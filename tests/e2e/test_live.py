from __future__ import annotations

from eventday.demo import DEMO_MODERATOR, DEMO_PASSWORD
from tests.e2e.conftest import LAPTOP, PHONE, PROJECTOR, LiveServer, screenshot


def join_code(server: LiveServer) -> str:
    return server.demo_day()[1]


def send_word(page: object, word: str) -> None:
    page.get_by_label("Ditt ord eller din korta fras").fill(word)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Skicka").click()  # type: ignore[attr-defined]


def test_phone_joins_by_code_and_sees_its_words_in_the_cloud(
    browser, live_server: LiveServer
) -> None:
    context = browser.new_context(viewport=PHONE, locale="sv-SE")
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_label("Koden som visas på skärmen").fill(join_code(live_server).lower())
    page.get_by_role("button", name="Delta").click()
    page.wait_for_url(live_server.url + "/" + join_code(live_server))
    page.wait_for_selector("#live-status[data-state='connected']")
    send_word(page, "Kompetensförsörjning")
    page.wait_for_selector("text=Tack, ditt svar är sparat.")
    send_word(page, "Robotik")
    page.wait_for_selector("svg.cloud text:text-is('Robotik')")
    page.wait_for_selector("svg.cloud text:text-is('Kompetensförsörjning')")
    page.wait_for_timeout(900)  # let the words finish gliding in before the picture
    assert page.locator("text=Du kan skicka 1 ord till.").count() == 1
    screenshot(page, "live-phone-wordcloud")
    context.close()


def test_projector_shows_new_words_as_they_arrive(browser, live_server: LiveServer) -> None:
    code = join_code(live_server)
    screen = browser.new_context(viewport=PROJECTOR, locale="sv-SE")
    projector = screen.new_page()
    projector.goto(live_server.url + "/login")
    projector.get_by_label("E-post").fill(DEMO_MODERATOR)
    projector.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    projector.get_by_role("button", name="Logga in").click()
    projector.wait_for_url(live_server.url + "/manage")
    projector.goto(f"{live_server.url}/{code}/screen")
    projector.wait_for_selector("#live-status[data-state='connected']")
    assert projector.locator(".screen-code").inner_text() == code

    phone_context = browser.new_context(viewport=PHONE, locale="sv-SE")
    phone = phone_context.new_page()
    phone.goto(f"{live_server.url}/{code}")
    phone.wait_for_selector("#live-status[data-state='connected']")
    for word in ("Automation", "Programmering", "Cybersäkerhet"):
        send_word(phone, word)
        # This word's own ack: the thank-you line is already there from the first one,
        # and a press while a word waits for its ack is not a second word.
        phone.locator(".live-form .hint", has_text=word).wait_for()
    projector.wait_for_selector("svg.cloud text:text-is('Cybersäkerhet')")
    projector.wait_for_timeout(900)
    assert projector.locator(".cloud-list li", has_text="Automation").count() == 1
    screenshot(projector, "live-projector-wordcloud")
    screen.close()
    phone_context.close()


def test_projector_needs_a_moderator_login(browser, live_server: LiveServer) -> None:
    context = browser.new_context(viewport=PROJECTOR, locale="sv-SE")
    page = context.new_page()
    page.goto(f"{live_server.url}/{join_code(live_server)}/screen")
    assert page.locator("h1").inner_text() == "Logga in"
    context.close()


def test_the_widest_join_code_fits_the_projector_on_a_phone_a_laptop_and_a_projector(
    browser, live_server: LiveServer, logged_in
) -> None:
    """A join code is six letters from ``codes.ALPHABET``; M and W are its widest, so a
    code of them is the widest the projector ever shows (a random code that overflowed
    a phone-wide projector page by a few pixels failed the accessibility sweep's reflow
    check now and then)."""
    state = logged_in(DEMO_MODERATOR)
    for viewport in (PHONE, LAPTOP, PROJECTOR):
        context = browser.new_context(viewport=viewport, locale="sv-SE", storage_state=state)
        page = context.new_page()
        page.goto(f"{live_server.url}/{join_code(live_server)}/screen")
        code = page.locator(".screen-code")
        code.evaluate("element => { element.textContent = 'MWMWMW'; }")
        box = code.evaluate(
            """element => {
                const range = document.createRange();
                range.selectNodeContents(element);
                const text = range.getBoundingClientRect();
                const column = element.parentElement.getBoundingClientRect();
                return {left: text.left, right: text.right, columnLeft: column.left,
                        columnRight: column.right, page: document.documentElement.scrollWidth};
            }"""
        )
        width = viewport["width"]
        assert box["page"] <= width, f"the projector scrolls sideways at {width}px: {box}"
        assert box["columnLeft"] <= box["left"], f"the code leaves its column at {width}px: {box}"
        assert box["right"] <= box["columnRight"], f"the code leaves its column at {width}px: {box}"
        context.close()
