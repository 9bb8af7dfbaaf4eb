"""The console survives what the phone survives: the laptop going offline and back,
and the server going away and coming back. It says so on its status line, and once
reconnected it shows the current state, changes made meanwhile included. A server of
its own: these move the stage and restart the server."""

from __future__ import annotations

from typing import Any

from eventday.demo import DEMO_MODERATOR
from tests.e2e.conftest import LAPTOP, Api, LiveServer, screenshot

RECONNECTING = "Anslutningen bröts. Ansluter igen…"


def _console(browser, server: LiveServer, api: Api, logged_in_on):  # type: ignore[no-untyped-def]
    slug = api.base.split("/events/", 1)[1].split("/", 1)[0]
    context = browser.new_context(
        viewport=LAPTOP, locale="sv-SE", storage_state=logged_in_on(server, DEMO_MODERATOR)
    )
    page = context.new_page()
    page.goto(f"{server.url}/console/{slug}?lang=sv")
    page.wait_for_selector("#console-status[data-state='connected']")
    return context, page


def _activity(api: Api, kind: str) -> dict[str, Any]:
    listed = api.call("GET", "/activities")
    assert isinstance(listed, list)
    found: dict[str, Any] = next(a for a in listed if a["kind"] == kind)
    return found


def _action(server: LiveServer, api: Api, action: dict[str, Any]) -> None:
    """A console action through the API, as another moderator's console would."""
    console = Api(server, api.token, "")
    console.base = api.base.removesuffix("/live") + "/console"
    console.call("POST", "/actions", action)


def _on_stage(page, title: str) -> None:  # type: ignore[no-untyped-def]
    page.locator(".show-item--stage .show-title", has_text=title).wait_for()


def test_console_offline_and_online_again_shows_what_changed_meanwhile(
    browser, stage_server: tuple[LiveServer, Api, str], logged_in_on
) -> None:
    server, api, _code = stage_server
    context, page = _console(browser, server, api, logged_in_on)
    scale, ranking = _activity(api, "scale"), _activity(api, "ranking")
    api.call("PUT", "/stage", {"activity_id": scale["id"]})
    _on_stage(page, scale["title"])

    context.set_offline(True)
    page.wait_for_selector("#console-status[data-state='offline']")
    assert page.locator("#console-status").inner_text() == RECONNECTING
    page.locator("#announce-text").fill("Lunch kl. 12")
    page.get_by_role("button", name="Skicka till mobilerna").click()
    page.locator("#console-feedback[data-kind='error']").wait_for()
    assert page.locator("#console-feedback").inner_text() == RECONNECTING
    screenshot(page, "console-offline")

    # Meanwhile another moderator puts the ranking on the projector and announces.
    api.call("PUT", "/stage", {"activity_id": ranking["id"]})
    _action(server, api, {"type": "announce", "text": "Kaffet är slut", "projector": False})
    assert page.locator(".show-item--stage .show-title").inner_text() == scale["title"]

    context.set_offline(False)
    page.wait_for_selector("#console-status[data-state='connected']")
    assert page.locator("#console-status").inner_text() == "Ansluten"
    _on_stage(page, ranking["title"])
    page.locator("#announce-log li", has_text="Kaffet är slut").wait_for()
    assert page.locator(".show-item--stage").count() == 1
    # The form kept what was typed, and sends it now.
    assert page.locator("#announce-text").input_value() == "Lunch kl. 12"
    page.get_by_role("button", name="Skicka till mobilerna").click()
    page.locator("#announce-log li", has_text="Lunch kl. 12").wait_for()
    page.locator("#console-feedback[data-kind='ok']").wait_for()
    assert page.locator("#console-feedback").inner_text() == "Klart."
    context.close()


def test_console_reconnects_when_the_server_comes_back(
    browser, stage_server: tuple[LiveServer, Api, str], logged_in_on
) -> None:
    server, api, _code = stage_server
    context, page = _console(browser, server, api, logged_in_on)
    cloud = _activity(api, "wordcloud")

    server.kill()
    page.wait_for_selector("#console-status[data-state='offline']")
    assert page.locator("#console-status").inner_text() == RECONNECTING
    server.start()

    page.wait_for_selector("#console-status[data-state='connected']")
    # The new socket is subscribed: a change made now shows up, and actions work.
    api.call("PUT", "/stage", {"activity_id": cloud["id"]})
    _on_stage(page, cloud["title"])
    page.locator(".show-pick", has_text=cloud["title"]).click()
    page.get_by_role("button", name="Ta bort från projektorn", exact=True).click()
    page.locator(".show-item--stage").wait_for(state="detached")
    page.locator("#console-feedback[data-kind='ok']").wait_for()
    assert page.locator("#console-feedback").inner_text() == "Klart."
    screenshot(page, "console-reconnected")
    context.close()
