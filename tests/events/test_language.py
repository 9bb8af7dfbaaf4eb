"""A Swedish event name on an English page is marked as Swedish, so the browser
hyphenates it (and a screen reader reads it) as Swedish."""

from __future__ import annotations

from eventday.events.models import Event
from tests.conftest import Client


async def test_an_untranslated_name_keeps_its_swedish_lang(client: Client, event: Event) -> None:
    page = (await client.get(f"/e/{event.slug}?lang=en")).text
    assert '<html lang="en">' in page
    assert f'<h1 lang="sv">{event.name}</h1>' in page
    front = (await client.get("/?lang=en")).text
    assert '<h2 lang="sv">' in front
