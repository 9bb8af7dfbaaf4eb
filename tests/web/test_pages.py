from __future__ import annotations

import re

from eventday.events.models import Event
from tests.conftest import Client


async def test_healthz_reports_ok(client: Client) -> None:
    response = await client.get("/healthz")
    assert response.json() == {"status": "ok"}


async def test_pages_carry_a_strict_content_security_policy(client: Client) -> None:
    response = await client.get("/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_pages_have_no_inline_script_or_style(client: Client, event: Event) -> None:
    html = (await client.get("/")).text
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert re.findall(r"\sstyle=", html) == []
    assert "<style" not in html


async def test_static_urls_are_hashed_and_cached_long(client: Client) -> None:
    html = (await client.get("/")).text
    match = re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]{10})"', html)
    assert match
    response = await client.get(match.group(1))
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["cache-control"]


async def test_static_files_imported_by_plain_path_are_revalidated(client: Client) -> None:
    """A module imported by another (no hash in its URL) must not outlive a release."""
    response = await client.get("/static/js/lib/socket.js")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["etag"]
    again = await client.get(
        "/static/js/lib/socket.js", headers={"if-none-match": response.headers["etag"]}
    )
    assert again.status_code == 304


async def test_language_defaults_to_swedish(client: Client) -> None:
    html = (await client.get("/")).text
    assert '<html lang="sv">' in html
    assert "Branschdagar" in html


async def test_language_follows_accept_language_on_a_first_visit(client: Client) -> None:
    html = (await client.get("/", headers={"accept-language": "en-GB,en;q=0.8"})).text
    assert '<html lang="en">' in html
    assert "Industry days" in html


async def test_language_switch_is_remembered(client: Client) -> None:
    response = await client.get("/?lang=en")
    assert "lang=en" in response.headers["set-cookie"]
    html = (await client.get("/", headers={"accept-language": "sv"})).text
    assert '<html lang="en">' in html


async def test_front_page_lists_events_with_local_times(client: Client, event: Event) -> None:
    html = (await client.get("/")).text
    assert event.name in html
    # 08:00 UTC on 26 November is 09:00 in Stockholm (winter time).
    assert "09:00" in html
