"""Issue 16 in a real browser, the console, phones and the projector side by side: a
scored quiz (nickname, right or wrong in Swedish and English, the leaderboard), the
open-text wall with pre-moderation, and merging a duplicate question."""

from __future__ import annotations

from eventday.demo import DEMO_MODERATOR
from tests.e2e.conftest import LAPTOP, PHONE, PROJECTOR, Api, LiveServer, screenshot


def slug_of(api: Api) -> str:
    return api.base.split("/events/", 1)[1].split("/", 1)[0]


def open_console(browser, server: LiveServer, slug: str, state: object):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=LAPTOP, locale="sv-SE", storage_state=state)
    page = context.new_page()
    page.goto(f"{server.url}/console/{slug}?lang=sv")
    page.wait_for_selector("#console-status[data-state='connected']")
    return context, page


def row_of(console, text: str):  # type: ignore[no-untyped-def]
    """The console's moderation row of an entry (other rows name it in their menus)."""
    return console.locator(".mod-row").filter(has=console.locator(".mod-text", has_text=text))


def no_overflow(page) -> None:  # type: ignore[no-untyped-def]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


def test_a_scored_quiz_from_the_phone_and_the_console(  # type: ignore[no-untyped-def]
    browser, stage_server: tuple[LiveServer, Api, str], logged_in_on
) -> None:
    server, api, code = stage_server
    moderator = logged_in_on(server, DEMO_MODERATOR)
    title = "Hur många lärlingar tar vi in?"
    question = api.call(
        "POST",
        "/activities",
        {
            "kind": "choice",
            "title": title,
            "title_en": "How many apprentices do we take on?",
            "hide_results": True,
            "config": {"options": ["100", "1000"], "correct": [1], "points": 10},
        },
    )
    api.call("POST", f"/activities/{question['id']}/open")
    desk, console = open_console(browser, server, slug_of(api), moderator)
    wall = browser.new_context(viewport=PROJECTOR, locale="sv-SE", storage_state=moderator)
    projector = wall.new_page()
    projector.goto(f"{server.url}/{code}/screen?lang=sv")
    projector.wait_for_selector("#live-status[data-state='connected']")
    hands = [browser.new_context(viewport=PHONE, locale=lang) for lang in ("sv-SE", "en-GB")]
    swedish, english = (context.new_page() for context in hands)
    swedish.goto(f"{server.url}/{code}?lang=sv")
    english.goto(f"{server.url}/{code}?lang=en")
    nickname = f"#nickname-{question['id']}"
    for page in (swedish, english):
        page.wait_for_selector(nickname)
    default = english.locator(nickname).input_value()
    assert default.split(" ")[0] in {"Älg", "Lo", "Räv", "Uggla", "Igelkott", "Bäver", "Säl",
                                      "Hare", "Varg", "Björn", "Ekorre", "Grävling", "Utter",
                                      "Trana", "Lunnefågel", "Järv"}  # fmt: skip
    screenshot(swedish, "quiz-phone-nickname")
    no_overflow(swedish)
    api.call("PUT", "/settings", {"qa_premoderation": False, "blocklist": ["dumbom"]})
    swedish.locator(nickname).fill("Dumbom")
    swedish.get_by_role("button", name="Använd smeknamnet").click()
    swedish.wait_for_selector(f"{nickname}-error:has-text('Välj ett annat smeknamn.')")
    assert swedish.locator(nickname).input_value() == "Dumbom"  # nothing lost
    screenshot(swedish, "quiz-phone-nickname-refused")
    swedish.locator(nickname).fill("Kvick Räv")
    swedish.get_by_role("button", name="Använd smeknamnet").click()
    swedish.wait_for_selector(".nickname:has-text('Ditt smeknamn: Kvick Räv')")
    swedish.get_by_label("1000", exact=True).click()
    swedish.wait_for_selector("#live-feedback:has-text('Tack, ditt svar är sparat.')")
    english.get_by_label("100", exact=True).click()
    english.wait_for_selector("#live-feedback:has-text('Thank you, your answer is saved.')")

    api.call("POST", f"/activities/{question['id']}/reveal")
    swedish.wait_for_selector(".verdict--right:has-text('Rätt!')")
    english.wait_for_selector(".verdict--wrong:has-text('Not quite.')")
    assert english.locator(".verdict-answer").inner_text() == "The correct answer: 1000"
    assert english.locator(".live-form input[type=radio]").count() == 0  # locked
    screenshot(english, "quiz-phone-wrong-english")

    console.locator(".show-pick", has_text=title).click()
    console.get_by_role("button", name="Visa topplista").click()
    projector.wait_for_selector(".leaderboard-row")
    rows = projector.locator(".leaderboard-row").all_inner_texts()
    assert [" ".join(r.split()) for r in rows] == ["1. Kvick Räv 10 poäng", f"2. {default} 0 poäng"]
    assert projector.locator("#screen-title").inner_text() == "Topplista"
    english.wait_for_selector(".leaderboard-row--own")
    assert default in english.locator(".leaderboard-row--own").inner_text()
    assert english.locator(".live-title").inner_text() == "Leaderboard"
    console.wait_for_selector("button[aria-pressed='true']:has-text('Ta bort topplistan')")
    assert console.get_by_role("link", name="Poäng (CSV)").get_attribute("href", timeout=5000)
    screenshot(projector, "quiz-projector-leaderboard")
    screenshot(english, "quiz-phone-leaderboard-english")
    screenshot(console, "quiz-console-leaderboard")
    no_overflow(english)
    for context in (desk, wall, *hands):
        context.close()


def test_the_open_text_wall_with_approval(  # type: ignore[no-untyped-def]
    browser, stage_server: tuple[LiveServer, Api, str], logged_in_on
) -> None:
    server, api, code = stage_server
    moderator = logged_in_on(server, DEMO_MODERATOR)
    title = "Vad vill du se nästa år?"
    wall_activity = api.call(
        "POST",
        "/activities",
        {"kind": "open_text", "title": title, "config": {"premoderation": True}},
    )
    api.call("POST", f"/activities/{wall_activity['id']}/open")
    desk, console = open_console(browser, server, slug_of(api), moderator)
    hall = browser.new_context(viewport=PROJECTOR, locale="sv-SE", storage_state=moderator)
    projector = hall.new_page()
    projector.goto(f"{server.url}/{code}/screen?lang=sv")
    hand = browser.new_context(viewport=PHONE, locale="sv-SE")
    phone = hand.new_page()
    phone.goto(f"{server.url}/{code}?lang=sv")
    phone.wait_for_selector(f".live-title:has-text('{title}')")
    field = phone.get_by_label("Ditt svar")
    assert field.get_attribute("maxlength") == "500"
    assert "null" not in phone.locator("#live-activity").inner_text()
    answers = ["Att validering går fort", "Nya kontakter med skolorna"]
    for text in answers:
        field.fill(text)
        phone.get_by_role("button", name="Skicka").click()
        phone.wait_for_selector(f".pending li:has-text('{text}')")
    assert phone.locator(".wall").count() == 0  # nothing approved yet
    console.locator(".show-pick", has_text=title).click()
    console.wait_for_selector(".mod-row:has-text('Nya kontakter med skolorna')")
    for text in answers:
        row = row_of(console, text)
        row.get_by_role("button", name="Godkänn", exact=True).click()
        row.get_by_role("button", name="Dölj", exact=True).wait_for()  # approved: on the wall
    projector.wait_for_selector(".screen-wall li:has-text('Nya kontakter med skolorna')")
    phone.wait_for_selector(".wall li:has-text('Att validering går fort')")
    phone.locator(".pending").wait_for(state="detached")  # approved: no longer waiting
    assert projector.locator(".screen-wall li").count() == 2
    row = row_of(console, "Nya kontakter med skolorna")
    row.get_by_role("button", name="Dölj", exact=True).click()
    projector.locator(".screen-wall li", has_text="Nya kontakter med skolorna").wait_for(
        state="detached"
    )
    assert projector.locator(".screen-wall li").all_inner_texts() == ["Att validering går fort"]
    screenshot(phone, "open-text-phone")
    screenshot(projector, "open-text-projector")
    screenshot(console, "open-text-console")
    no_overflow(phone)
    for context in (desk, hall, hand):
        context.close()


def test_merging_a_duplicate_question_in_the_console(  # type: ignore[no-untyped-def]
    browser, stage_server: tuple[LiveServer, Api, str], logged_in_on
) -> None:
    server, api, code = stage_server
    moderator = logged_in_on(server, DEMO_MODERATOR)
    title = "Frågor om lärlingar"
    qa = api.call("POST", "/activities", {"kind": "qa", "title": title})
    api.call("POST", f"/activities/{qa['id']}/open")
    desk, console = open_console(browser, server, slug_of(api), moderator)
    hands = [browser.new_context(viewport=PHONE, locale="sv-SE") for _ in range(2)]
    phones = [context.new_page() for context in hands]
    asked = ["Hur hittar vi handledare?", "Var hittar vi handledare?"]
    for page, text in zip(phones, asked, strict=True):
        page.goto(f"{server.url}/{code}?lang=sv")
        page.wait_for_selector(f".live-title:has-text('{title}')")
        page.get_by_label("Din fråga").fill(text)
        page.get_by_role("button", name="Skicka").click()
        page.wait_for_selector(f".item-text:has-text('{text}')")
    console.locator(".show-pick", has_text=title).click()
    row_of(console, asked[1]).locator("select").wait_for()
    dialogs: list[str] = []
    console.once("dialog", lambda d: (dialogs.append(d.message), d.accept()))
    row_of(console, asked[1]).locator("select").select_option(label=asked[0])
    phones[0].wait_for_selector(f".item-variants:has-text('Frågas också: {asked[1]}')")
    assert phones[0].locator(".item-text").all_inner_texts() == [asked[0]]
    assert "Rösterna räknas ihop" in dialogs[0]
    console.wait_for_selector(".mod-row--hidden:has-text('Ihopslagen med')", timeout=5000)
    screenshot(phones[0], "qa-merged-phone")
    screenshot(console, "qa-merged-console")
    for context in (desk, *hands):
        context.close()
