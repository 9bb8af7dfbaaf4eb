"""The activity editor in a real browser: the console (laptop) creates a quiz draft
with its options and correct answer, is told what is wrong next to the field, moves
and deletes drafts by keyboard, copies last year's activities; a phone answers the
new quiz and the projector shows it; the organiser's page works at phone width."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

import pytest

from eventday.demo import DEMO_ORGANISER
from tests.e2e.conftest import LAPTOP, PHONE, PROJECTOR, LiveServer, day_server, screenshot


@pytest.fixture(scope="module")
def editor_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[LiveServer, str, str]]:
    """A seeded demo of its own: these tests add, move and delete activities."""
    server = day_server(tmp_path_factory.mktemp("editor"))
    server.seed()
    server.start()
    with sqlite3.connect(server.database) as conn:
        slug, code = conn.execute(
            "SELECT slug, join_code FROM events WHERE slug = 'kompetensdagen-2026'"
        ).fetchone()
    yield server, str(slug), str(code)
    server.stop()


def no_overflow(page) -> bool:  # type: ignore[no-untyped-def]
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_console_creates_a_quiz_a_phone_answers_it_and_drafts_move_and_go(
    browser, editor_server, logged_in_on
) -> None:
    server, slug, code = editor_server
    desk = browser.new_context(
        viewport=LAPTOP, locale="sv-SE", storage_state=logged_in_on(server, DEMO_ORGANISER)
    )
    console = desk.new_page()
    console.on("dialog", lambda dialog: dialog.accept())
    console.goto(f"{server.url}/console/{slug}")
    console.wait_for_selector("#console-status[data-state='connected']")

    console.get_by_label("Ny aktivitet").select_option("choice")
    console.get_by_role("button", name="Skapa ett utkast").click()
    editor = console.locator(".edit-form")
    editor.get_by_label("Titel (svenska)").fill("Frågesport: när grundades föreningen?")
    editor.get_by_label("Alternativ, ett per rad").fill("1921")
    editor.get_by_label("Rätta svar (frågesport)").fill("2")
    editor.get_by_role("button", name="Spara").click()

    # Told next to the field, the field focused, nothing typed lost.
    options = editor.get_by_label("Alternativ, ett per rad")
    console.wait_for_selector("#edit-options-error")
    assert options.get_attribute("aria-invalid") == "true"
    assert "edit-options-error" in (options.get_attribute("aria-describedby") or "")
    assert console.evaluate("document.activeElement.id") == "edit-options"
    assert editor.get_by_label("Titel (svenska)").input_value().startswith("Frågesport")
    assert editor.locator("fieldset legend").count() >= 3
    screenshot(console, "editor-console-error-1440")

    options.fill("1921\n1952\n1977")
    editor.get_by_label("Samma alternativ på engelska, ett per rad (eller inga)").fill("1921\n1952")
    editor.get_by_role("button", name="Spara").click()
    console.wait_for_selector("#edit-options_en-error")  # the server's own check, by name
    assert console.evaluate("document.activeElement.id") == "edit-options_en"
    editor.get_by_label("Samma alternativ på engelska, ett per rad (eller inga)").fill("")
    editor.get_by_label("Deltagarna får välja fler än ett alternativ").check()
    editor.get_by_label("Poäng för rätt svar").fill("10")
    editor.get_by_role("button", name="Spara").click()

    quiz = console.locator(".show-item", has_text="Frågesport: när grundades")
    quiz.locator(".badge--draft").wait_for()
    with sqlite3.connect(server.database) as conn:
        (config,) = conn.execute(
            "SELECT config FROM live_activities WHERE title LIKE 'Frågesport: när%'"
        ).fetchone()
    assert json.loads(config)["points"] == 10  # scored, set from the editor
    console.wait_for_selector(".show-item--selected:has-text('Frågesport: när grundades')")
    screenshot(console, "editor-console-draft-1440")

    # Two more drafts; the last moves up by keyboard and keeps the focus.
    for title in ("Utkast ett", "Utkast två"):
        console.get_by_label("Ny aktivitet").select_option("wordcloud")
        console.get_by_role("button", name="Skapa ett utkast").click()
        console.locator(".edit-form").get_by_label("Titel (svenska)").fill(title)
        console.locator(".edit-form").get_by_label("Ord per person").fill("2")
        console.locator(".edit-form").get_by_role("button", name="Spara").click()
        console.locator(".show-item", has_text=title).wait_for()
    titles = console.locator(".show-group:last-child .show-title")
    assert titles.all_inner_texts()[-2:] == ["Utkast ett", "Utkast två"]
    move_up = console.get_by_role("button", name="Flytta upp: Utkast två")
    move_up.focus()
    console.keyboard.press("Enter")
    console.wait_for_function(
        "() => [...document.querySelectorAll('.show-group:last-child .show-title')]"
        ".slice(-2).map(e => e.textContent).join('|') === 'Utkast två|Utkast ett'"
    )
    console.wait_for_function(
        "() => document.activeElement.closest('.show-item')?.textContent.includes('Utkast två')"
    )

    # Delete a draft from the panel (after the confirmation).
    console.locator(".show-pick", has_text="Utkast ett").click()
    console.get_by_role("button", name="Ta bort", exact=True).click()
    console.locator(".show-item", has_text="Utkast ett").wait_for(state="detached")

    # Copy last year's activities.
    console.get_by_text("Kopiera aktiviteter från ett annat evenemang").click()
    copy = console.locator(".copy-form")
    copy.get_by_role("button", name="Kopiera de valda som utkast").click()
    copy.locator(".error-text:not([hidden])").wait_for()
    copy.get_by_label("Ett ord om dagen").check()
    copy.get_by_role("button", name="Kopiera de valda som utkast").click()
    console.locator(".show-item", has_text="Ett ord om dagen").wait_for()
    assert "Kopierade 1 aktivitet." in copy.inner_text()
    console.wait_for_selector("#audit-log li:has-text('Kopierade aktiviteter från')")

    # Drag the copy onto the top half of another draft of the same session: it goes before.
    target = console.locator(".show-item", has_text="Utkast två")
    console.locator(".show-item", has_text="Ett ord om dagen").drag_to(
        target, target_position={"x": 20, "y": 4}
    )
    console.wait_for_function(
        "() => [...document.querySelectorAll('.show-group:last-child .show-title')]"
        ".slice(-2).map(e => e.textContent).join('|') === 'Ett ord om dagen|Utkast två'"
    )

    # Open the quiz: the phone answers it, the projector shows it.
    console.locator(".show-pick", has_text="Frågesport: när grundades").click()
    console.get_by_role("button", name="Öppna", exact=True).click()
    phone_context = browser.new_context(viewport=PHONE, locale="sv-SE")
    phone = phone_context.new_page()
    phone.goto(f"{server.url}/{code}")
    phone.wait_for_selector("#live-status[data-state='connected']")
    phone.get_by_role("heading", name="Frågesport: när grundades föreningen?").wait_for()
    assert phone.get_by_role("checkbox").count() == 3  # multiple choice
    assert no_overflow(phone)
    screenshot(phone, "editor-phone-quiz-360")
    screen_context = browser.new_context(
        viewport=PROJECTOR, locale="sv-SE", storage_state=logged_in_on(server, DEMO_ORGANISER)
    )
    projector = screen_context.new_page()
    projector.goto(f"{server.url}/{code}/screen")
    projector.get_by_role("heading", name="Frågesport: när grundades föreningen?").wait_for()
    screenshot(projector, "editor-projector-quiz-1920")
    for context in (desk, phone_context, screen_context):
        context.close()


def test_the_organisers_page_edits_drafts_at_phone_width(
    browser, editor_server, logged_in_on
) -> None:
    server, slug, _ = editor_server
    context = browser.new_context(
        viewport=PHONE, locale="sv-SE", storage_state=logged_in_on(server, DEMO_ORGANISER)
    )
    page = context.new_page()
    page.goto(f"{server.url}/manage/{slug}/edit")
    page.get_by_role("navigation", name="Arrangörsmeny").get_by_role(
        "link", name="Liveaktiviteter"
    ).click()
    page.wait_for_url(f"{server.url}/manage/{slug}/live")
    assert no_overflow(page)
    screenshot(page, "editor-manage-360")

    page.get_by_role("link", name="Skala", exact=True).click()
    page.get_by_label("Titel (svenska)").fill("")
    page.get_by_label("Text vid lägsta värdet", exact=True).fill("Dåligt")
    page.get_by_role("button", name="Spara").click()
    assert page.evaluate("document.activeElement.id") == "field-title"
    assert page.get_by_label("Text vid lägsta värdet", exact=True).input_value() == "Dåligt"
    assert no_overflow(page)
    screenshot(page, "editor-manage-form-error-360")
    page.get_by_label("Titel (svenska)").fill("Hur var lunchen?")
    page.get_by_label("Till", exact=True).select_option("10")
    page.get_by_role("button", name="Spara").click()
    page.get_by_role("heading", name="Hur var lunchen?").wait_for()
    card = page.locator(".card", has_text="Hur var lunchen?")
    assert card.get_by_role("button", name="Ta bort").count() == 1
    assert card.get_by_role("button", name="Nollställ").count() == 0
    page.set_viewport_size(LAPTOP)
    screenshot(page, "editor-manage-1440")
    context.close()
