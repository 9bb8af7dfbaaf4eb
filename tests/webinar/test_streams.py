"""Stream links: providers and privacy-enhanced embeds, the live page showing the
player or a join button only to whom the setting allows, and a frame-src that names
only that player."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from httpx import Response

from eventday.agenda import service as agenda
from eventday.agenda.models import SessionIn
from eventday.db import Database
from eventday.errors import InvalidInput
from eventday.events.models import Event
from eventday.events.streams import Provider, parse_stream
from eventday.registration import service as registration
from eventday.registration.models import RegistrationIn
from eventday.webinar import service
from eventday.webinar.links import key_of
from eventday.webinar.models import StreamAudience, WebinarSettingsIn
from tests.conftest import Client
from tests.webinar.conftest import Worker, webinar_event


@pytest.mark.parametrize(
    ("url", "provider", "embed"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3",
            Provider.YOUTUBE,
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        (
            "https://youtu.be/dQw4w9WgXcQ",
            Provider.YOUTUBE,
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        (
            "https://www.youtube.com/live/dQw4w9WgXcQ",
            Provider.YOUTUBE,
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        (
            "https://vimeo.com/76979871",
            Provider.VIMEO,
            "https://player.vimeo.com/video/76979871?dnt=1",
        ),
        (
            "https://vimeo.com/76979871/8a6f5e3c2b",
            Provider.VIMEO,
            "https://player.vimeo.com/video/76979871?h=8a6f5e3c2b&dnt=1",
        ),
        ("https://teams.microsoft.com/l/meetup-join/19%3ameeting_x", Provider.TEAMS, None),
        ("https://us02web.zoom.us/j/85012345678?pwd=abc", Provider.ZOOM, None),
        ("https://www.youtube.com/@basindustrin", Provider.LINK, None),
        ("https://play.example.se/sandning", Provider.LINK, None),
    ],
)
def test_stream_links_are_recognised_with_privacy_enhanced_embeds(
    url: str, provider: Provider, embed: str | None
) -> None:
    stream = parse_stream(url)
    assert (stream.provider, stream.embed_url) == (provider, embed)


@pytest.mark.parametrize(
    "url",
    [
        "http://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)",
        "https://",
        "youtube.com",
        "https://user@evil.example/",
    ],
)
def test_anything_but_a_full_https_link_is_refused(url: str) -> None:
    with pytest.raises(InvalidInput):
        parse_stream(url)


async def test_an_invalid_stream_url_is_a_clear_error_in_the_api(
    client: Client,
    api: dict[str, str],
    now: datetime,
) -> None:
    response = await client.post(
        "/api/v1/events",
        json={
            "name": "Webbinariet",
            "starts_at": "2030-02-01T09:00:00+01:00",
            "ends_at": "2030-02-01T12:00:00+01:00",
            "online_url": "http://example.se/stream",
        },
        headers=api,
    )
    assert response.status_code == 422
    problem = response.json()
    assert set(problem["errors"]) == {"online_url"}, problem


async def join(
    client: Client, db: Database, event: Event, via_link: bool, workers: list[Worker]
) -> Response:
    """Open the live page, through the mail's live link or with the join code only."""
    if via_link:
        registered = await registration.register(
            db,
            workers[0].mailer,
            event,
            RegistrationIn(name="Anna", email="anna@example.se", organisation="Verket"),
            {},
            [],
        )
        key = await key_of(db, workers[0].webinar.secret, registered.registration.id)
        response = await client.get(f"/m/{key}/live")
    else:
        response = await client.get(f"/{event.join_code}")
    assert response.status_code == 200
    return response


async def test_the_player_shows_beside_the_activities_only_for_those_with_the_private_link(
    client: Client, db: Database, now: datetime, workers: list[Worker]
) -> None:
    event = await webinar_event(db, now)
    anonymous = await join(client, db, event, False, workers)
    assert "youtube-nocookie" not in anonymous.text
    assert "frame-src" not in anonymous.headers["content-security-policy"]

    linked = await join(client, db, event, True, workers)
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in linked.text
    csp = linked.headers["content-security-policy"]
    assert csp.endswith("; frame-src https://www.youtube-nocookie.com")


async def test_with_the_join_code_setting_everyone_sees_a_join_button_for_a_meeting(
    client: Client, db: Database, now: datetime, workers: list[Worker]
) -> None:
    event = await webinar_event(
        db, now, online_url="https://teams.microsoft.com/l/meetup-join/19%3ameeting_x"
    )
    await service.save_settings(db, event, WebinarSettingsIn(stream_audience=StreamAudience.CODE))
    page = await join(client, db, event, False, workers)
    assert 'href="https://teams.microsoft.com/l/meetup-join/19%3ameeting_x"' in page.text
    assert "Microsoft Teams" in page.text
    assert "<iframe" not in page.text
    assert "frame-src" not in page.headers["content-security-policy"]


async def test_a_session_with_its_own_stream_shows_it_while_it_runs(
    client: Client, db: Database, now: datetime, workers: list[Worker]
) -> None:
    event = await webinar_event(db, now)
    await service.save_settings(db, event, WebinarSettingsIn(stream_audience=StreamAudience.CODE))
    panel = await agenda.save_session(
        db,
        event,
        SessionIn(
            title="Panelsamtal",
            starts_at=event.starts_at + timedelta(hours=1),
            ends_at=event.starts_at + timedelta(hours=2),
            stream_url="https://vimeo.com/76979871",
        ),
    )
    with pytest.raises(InvalidInput) as refused:
        await agenda.save_session(
            db,
            event,
            SessionIn(
                title="Fel",
                starts_at=event.starts_at,
                ends_at=event.starts_at + timedelta(hours=1),
                stream_url="ftp://example.se/x",
            ),
        )
    assert set(refused.value.field_errors) == {"stream_url"}

    with time_machine.travel(event.starts_at + timedelta(minutes=10), tick=False):
        before = await join(client, db, event, False, workers)
    assert "youtube-nocookie.com/embed/dQw4w9WgXcQ" in before.text
    with time_machine.travel(panel.starts_at + timedelta(minutes=10), tick=False):
        during = await join(client, db, event, False, workers)
    assert 'src="https://player.vimeo.com/video/76979871?dnt=1"' in during.text
    # Every player the event may show today, so the page can switch without a reload.
    assert during.headers["content-security-policy"].endswith(
        "; frame-src https://player.vimeo.com https://www.youtube-nocookie.com"
    )


async def test_the_stream_now_follows_the_sessions_by_the_agendas_clock(
    client: Client, db: Database, now: datetime, workers: list[Worker]
) -> None:
    event = await webinar_event(db, now)
    await service.save_settings(db, event, WebinarSettingsIn(stream_audience=StreamAudience.CODE))
    start = event.starts_at
    await agenda.save_session(
        db,
        event,
        SessionIn(
            title="Panelsamtal",
            starts_at=start + timedelta(hours=1),
            ends_at=start + timedelta(hours=2),
            stream_url="https://vimeo.com/76979871",
        ),
    )
    await agenda.save_session(
        db,
        event,
        SessionIn(
            title="Verkstaden",
            starts_at=start + timedelta(hours=2),
            ends_at=start + timedelta(hours=3),
            stream_url="https://teams.microsoft.com/l/meetup-join/19%3ameeting_x",
        ),
    )
    url = f"/{event.join_code}/stream"
    youtube = {
        "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "provider": "youtube",
        "embed_url": "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    }
    vimeo = {
        "url": "https://vimeo.com/76979871",
        "provider": "vimeo",
        "embed_url": "https://player.vimeo.com/video/76979871?dnt=1",
    }
    teams = {
        "url": "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x",
        "provider": "teams",
        "embed_url": None,
    }
    expected = [
        (start - timedelta(minutes=30), youtube, 90 * 60),  # the event's, until the panel
        (start + timedelta(minutes=70), vimeo, 50 * 60),  # the panel's, until it ends
        (start + timedelta(hours=2), teams, 60 * 60),  # from its first second
        (start + timedelta(minutes=190), youtube, None),  # the event's again, for good
    ]
    for moment, stream, changes_in in expected:
        with time_machine.travel(moment, tick=False):
            answer = await client.get(url)
            page = await client.get(f"/{event.join_code}")
        assert answer.json() == {"stream": stream, "changes_in": changes_in}, moment
        shown = "" if changes_in is None else f"{changes_in:.1f}"
        assert f'data-changes-in="{shown}"' in page.text
        assert page.headers["content-security-policy"].endswith(
            "; frame-src https://player.vimeo.com https://www.youtube-nocookie.com"
        )
    assert (await client.get("/ZZZZZZ/stream")).status_code == 404


async def test_the_stream_now_is_only_for_those_who_may_see_it(
    client: Client, db: Database, now: datetime, workers: list[Worker]
) -> None:
    event = await webinar_event(db, now)
    url = f"/{event.join_code}/stream"
    await join(client, db, event, False, workers)  # a participant by the join code only
    assert (await client.get(url)).json() == {"stream": None, "changes_in": None}
    joined = await client.post(f"/api/v1/live/{event.join_code}/join")  # another client
    by_token = await client.get(url, params={"token": joined.json()["token"]})
    assert by_token.json() == {"stream": None, "changes_in": None}  # not linked either
    await join(client, db, event, True, workers)  # now linked to the registration
    shown = (await client.get(url)).json()
    assert shown["stream"]["embed_url"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    plain = await webinar_event(db, now, name="Utan ström", online_url="")
    await service.save_settings(db, plain, WebinarSettingsIn(stream_audience=StreamAudience.CODE))
    assert (await client.get(f"/{plain.join_code}/stream")).json() == {
        "stream": None,
        "changes_in": None,
    }
    assert 'id="stream"' not in (await client.get(f"/{plain.join_code}")).text
