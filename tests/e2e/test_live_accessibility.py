"""axe-core on the phone page and the projector for every activity type, open and
revealed, in Swedish and English. A server of its own: these tests move the stage."""

from __future__ import annotations

from typing import NamedTuple

import pytest

from eventday.accessibility.audit import Check
from eventday.demo import DEMO_ORGANISER
from tests.e2e.audit import Checker, check, record
from tests.e2e.conftest import PHONE, PROJECTOR, Api, screenshot, shown_title


def _activities(api: Api) -> list[dict[str, object]]:
    listed = api.call("GET", "/activities")
    assert isinstance(listed, list)
    return listed


LANGUAGES = ("sv", "en")
SHOWN = "t => document.querySelector('h1, h2') && document.body.innerText.includes(t)"


class Sweep(NamedTuple):
    checks: list[Check]
    failures: dict[str, list[str]]  # language -> axe reports of the failed checks
    checker: Checker


@pytest.fixture(scope="module")
def sweep(browser, stage_server, logged_in_on) -> Sweep:  # type: ignore[no-untyped-def]
    """Every activity, open and then revealed, on the phone and the projector in each
    language: axe's rules run once on each state."""
    server, api, code = stage_server
    checker = Checker()
    checks: list[Check] = []
    failures: dict[str, list[str]] = {language: [] for language in LANGUAGES}
    for language in LANGUAGES:
        phone = checker.watch(browser.new_context(viewport=PHONE, locale=language)).new_page()
        projector = checker.watch(
            browser.new_context(
                viewport=PROJECTOR,
                locale=language,
                storage_state=logged_in_on(server, DEMO_ORGANISER),
            )
        ).new_page()
        phone.goto(f"{server.url}/{code}")
        projector.goto(f"{server.url}/{code}/screen")
        for activity in _activities(api):
            kind = activity["kind"]
            api.call("POST", f"/activities/{activity['id']}/open")
            api.call("PUT", "/stage", {"activity_id": activity["id"]})
            for phase in ("open", "revealed"):
                if phase == "revealed":
                    api.call("POST", f"/activities/{activity['id']}/reveal")
                screens = (
                    (phone, "phone", "/{code}", PHONE),
                    (projector, "projector", "/{code}/screen", PROJECTOR),
                )
                for page, *_ in screens:
                    page.wait_for_function(SHOWN, arg=shown_title(activity, language)[:30])
                phone.wait_for_timeout(300)
                for page, *_ in screens:
                    checker.start(page)  # both at once, each in its own renderer
                for page, name, path, size in screens:
                    results = checker.result(page)
                    label = f"{name} {kind}-{activity['id']} {phase}"
                    checks.append(check(label, path, language, size["width"], results))
                    if results.violations_count:
                        failures[language].append(f"{label}:\n{results.generate_report()}")
                    if language == "sv":
                        screenshot(page, f"live-{kind}-{activity['id']}-{phase}-{name}")
        phone.context.close()
        projector.context.close()
    return Sweep(checks, failures, checker)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_activity_on_phone_and_projector_has_no_violations(
    sweep: Sweep, language: str
) -> None:
    assert sweep.failures[language] == []


def test_the_statement_audit_is_what_the_suite_measured(sweep: Sweep) -> None:
    record("activities", sweep.checks, sweep.checker)


def _stage(api: Api, kind: str) -> dict[str, object]:
    activity = next(a for a in _activities(api) if a["kind"] == kind)
    api.call("POST", f"/activities/{activity['id']}/open")
    api.call("PUT", "/stage", {"activity_id": activity["id"]})
    return activity


def _tab_to(page, selector: str, limit: int = 40) -> None:  # type: ignore[no-untyped-def]
    """Press Tab until the focused element matches ``selector``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_choice_vote_by_keyboard_alone(browser, stage_server) -> None:
    server, api, code = stage_server
    activity = _stage(api, "choice")
    page = browser.new_context(viewport=PHONE, locale="en").new_page()
    page.goto(f"{server.url}/{code}")
    page.get_by_role("heading", name=shown_title(activity, "en")).wait_for()

    _tab_to(page, "input[type=radio]")
    page.keyboard.press("ArrowDown")  # radios move and select with the arrow keys: sent

    page.get_by_text("Thank you, your answer is saved.").wait_for()
    detail = api.call("GET", f"/activities/{activity['id']}")
    assert isinstance(detail, dict)
    assert detail["results"]["counts"][1] >= 1
    # The form is drawn again with the answer; the focus stays on the chosen option.
    assert page.evaluate("() => document.activeElement.matches('input[type=radio]:checked')")
    assert page.locator(".live-form button[type=submit]").count() == 0


def test_word_cloud_entry_by_keyboard_alone(browser, stage_server) -> None:
    server, api, code = stage_server
    activity = _stage(api, "wordcloud")
    page = browser.new_context(viewport=PHONE, locale="sv").new_page()
    page.goto(f"{server.url}/{code}")
    page.get_by_role("heading", name=str(activity["title"])).wait_for()

    _tab_to(page, "input[name=text]")
    page.keyboard.type("Tangentbordsvana")
    page.keyboard.press("Enter")

    page.locator("svg.cloud text", has_text="Tangentbordsvana").wait_for()
    focused_outline = page.evaluate(
        "() => { const b = document.querySelector('button[type=submit]'); b.focus();"
        " return getComputedStyle(b).outlineStyle; }"
    )
    assert focused_outline != "none"
