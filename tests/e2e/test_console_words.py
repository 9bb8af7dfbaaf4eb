"""Word moderation in the console with 500 distinct words: one search box, one merge
combobox for the chosen words (not a menu per row), and hiding the chosen at once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from eventday.demo import DEMO_ORGANISER
from tests.e2e.clouds import Cloud, own_server
from tests.e2e.conftest import LAPTOP, LiveServer, screenshot

MERGED = "Slog ihop ord"

LETTERS = "bdfgklmnprstv"
# compounds on "lyft": no Swedish ending to trim, so 500 words are 500 groups
WORDS = [f"{a.upper()}{b}{c}lyft" for a in LETTERS for b in "aeiouyåäö" for c in LETTERS][:500]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    yield from own_server(tmp_path_factory)


def keys(page: Any) -> list[str]:
    found: list[str] = page.evaluate(
        "() => [...document.querySelectorAll('.mod-list input[type=checkbox]')]"
        ".map((box) => box.id)"
    )
    return found


def test_moderating_500_words_by_search_one_combobox_and_bulk_hide(
    browser, server: LiveServer, logged_in_on
) -> None:  # type: ignore[no-untyped-def]
    cloud = Cloud(server)
    cloud.send(WORDS)
    cloud.send(["Bablyft", "Vätgas"])  # counted twice, and one more
    context = browser.new_context(
        viewport=LAPTOP, locale="sv-SE", storage_state=logged_in_on(server, DEMO_ORGANISER)
    )
    page = context.new_page()
    page.goto(f"{server.url}/console/{cloud.event['slug']}")
    page.wait_for_selector("#console-status[data-state='connected']")
    page.locator(".show-pick", has_text="Ord").first.click()
    page.wait_for_function("() => document.querySelectorAll('.mod-list input[type=checkbox]')"
                           ".length === 501")  # fmt: skip
    # one combobox for every row: its options are the words, once
    assert page.locator(".panel-results select").count() == 0
    assert page.locator(".panel-results datalist").count() == 1
    assert page.locator(".panel-results datalist option").count() == 501
    screenshot(page, "console-laptop-500-words")
    axe = Axe().run(page)
    assert axe.violations_count == 0, axe.generate_report()

    page.get_by_label("Sök bland orden").fill("ba")
    page.wait_for_function("() => document.querySelectorAll('.mod-words li').length < 20")
    rows = page.locator(".panel-results .mod-words li")
    assert rows.count() == len(LETTERS)
    assert all(text.startswith("Ba") for text in rows.all_inner_texts())
    page.get_by_role("checkbox", name="Bablyft").check()
    page.get_by_role("checkbox", name="Badlyft").check()
    page.get_by_label("Slå ihop de valda orden till").fill("Vätgas")
    page.get_by_role("button", name="Slå ihop", exact=True).click()
    page.wait_for_selector(f"#audit-log li:has-text('{MERGED}')")
    page.get_by_role("checkbox", name="Bablyft").wait_for(state="detached")
    page.get_by_label("Sök bland orden").fill("vätgas")
    page.get_by_role("checkbox", name="Vätgas 4").wait_for()  # 1 + 2 + 1, its spelling

    page.get_by_label("Sök bland orden").fill("be")
    page.wait_for_function("() => document.querySelectorAll('.mod-words li').length < 20")
    boxes = page.locator(".panel-results .mod-words li input[type=checkbox]")
    chosen = min(3, boxes.count())
    for index in range(chosen):
        boxes.nth(index).check()
    page.get_by_role("button", name="Dölj de valda orden").click()
    page.wait_for_function(
        "n => document.querySelectorAll('.mod-row--hidden').length === n", arg=chosen
    )
    context.close()
