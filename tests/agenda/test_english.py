"""Sessions and speakers in Swedish and English: English visitors (and English
exports) get the English texts, falling back to Swedish where none was written, and
each text carries the lang of the language it is in."""

from __future__ import annotations

import csv
import io
from typing import Any

import icalendar
from bs4 import BeautifulSoup, Tag

from eventday.db import Database
from eventday.events.models import Event
from tests.agenda.test_agenda import DAY, add_session, day_event
from tests.conftest import Client, csrf_token

EN = {"Accept-Language": "en-GB,en;q=0.9"}
SV = {"Accept-Language": "sv-SE,sv;q=0.9"}


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def found(page: BeautifulSoup, selector: str) -> Tag:
    element = page.select_one(selector)
    assert isinstance(element, Tag), selector
    return element


def agenda_titles(page: BeautifulSoup) -> list[tuple[str, str]]:
    """The titles in the day's agenda (the last list; "now and next" come first)."""
    agenda = page.select("ul.session-list")[-1]
    return [(str(h.get_text(strip=True)), str(h["lang"])) for h in agenda.select(".session-title")]


async def bilingual_programme(
    client: Client, db: Database, api: dict[str, str]
) -> tuple[Event, dict[str, Any], dict[str, Any], dict[str, Any]]:
    """A translated speaker and session, and a session with Swedish texts only."""
    event = await day_event(db, DAY)
    speaker = await client.post(
        f"/api/v1/events/{event.slug}/speakers",
        json={
            "name": "Leila Haddad",
            "organisation": "Industrifacket",
            "title": "Utredare",
            "title_en": "Analyst",
            "bio": "Leila forskar om kompetensutveckling.",
            "bio_en": "Leila researches skills development.",
        },
        headers=api,
    )
    assert speaker.status_code == 201, speaker.text
    translated = await add_session(
        client,
        event,
        api,
        title="Lärande på arbetstid",
        title_en="Learning at work",
        description="Hur verkstäder lär sig.",
        description_en="How workshops learn.",
        starts_at=f"{DAY}T09:00:00",
        ends_at=f"{DAY}T09:45:00",
        speaker_ids=[speaker.json()["id"]],
    )
    swedish_only = await add_session(
        client,
        event,
        api,
        title="Fika",
        description="Kaffe i foajén.",
        starts_at=f"{DAY}T10:00:00",
        ends_at=f"{DAY}T10:30:00",
    )
    assert translated.status_code == 201, translated.text
    assert swedish_only.status_code == 201, swedish_only.text
    return event, speaker.json(), translated.json(), swedish_only.json()


async def test_api_keeps_the_english_texts_of_sessions_and_speakers(
    client: Client, db: Database, api: dict[str, str]
) -> None:
    event, speaker, session, _ = await bilingual_programme(client, db, api)
    changed = await client.put(
        f"/api/v1/events/{event.slug}/sessions/{session['id']}",
        json={
            "title": "Lärande på arbetstid",
            "title_en": "Learning on the job",
            "starts_at": f"{DAY}T09:00:00",
            "ends_at": f"{DAY}T09:45:00",
        },
        headers=api,
    )

    agenda = (await client.get(f"/api/v1/events/{event.slug}/agenda")).json()

    assert (speaker["title_en"], speaker["bio_en"]) == (
        "Analyst",
        "Leila researches skills development.",
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["title_en"], changed.json()["description_en"]) == (
        "Learning on the job",
        "",
    )
    assert [s["title_en"] for s in agenda["sessions"]] == ["Learning on the job", ""]
    assert agenda["speakers"][0]["bio_en"] == "Leila researches skills development."


async def test_programme_page_is_english_for_english_visitors_with_swedish_fallback(
    client: Client, db: Database, api: dict[str, str]
) -> None:
    event, _, _, _ = await bilingual_programme(client, db, api)

    english = soup((await client.get(f"/e/{event.slug}", headers=EN)).text)
    swedish = soup((await client.get(f"/e/{event.slug}", headers=SV)).text)

    assert agenda_titles(english) == [("Learning at work", "en"), ("Fika", "sv")]
    assert agenda_titles(swedish) == [("Lärande på arbetstid", "sv"), ("Fika", "sv")]


async def test_session_and_speaker_pages_show_the_visitors_language(
    client: Client, db: Database, api: dict[str, str]
) -> None:
    event, speaker, session, swedish_only = await bilingual_programme(client, db, api)
    base = f"/e/{event.slug}"

    english = soup((await client.get(f"{base}/sessions/{session['id']}", headers=EN)).text)
    fallback = soup((await client.get(f"{base}/sessions/{swedish_only['id']}", headers=EN)).text)
    swedish = soup((await client.get(f"{base}/sessions/{session['id']}", headers=SV)).text)
    profile = soup((await client.get(f"{base}/speakers/{speaker['id']}", headers=EN)).text)

    h1 = found(english, "h1")
    assert (h1.get_text(strip=True), h1["lang"]) == ("Learning at work", "en")
    assert found(english, 'div[lang="en"]').get_text(strip=True) == "How workshops learn."
    assert found(english, '.speaker span[lang="en"]').get_text(strip=True) == "Analyst"
    assert (found(fallback, "h1").get_text(strip=True), found(fallback, "h1")["lang"]) == (
        "Fika",
        "sv",
    )
    assert found(fallback, 'div[lang="sv"]').get_text(strip=True) == "Kaffe i foajén."
    assert found(swedish, "h1").get_text(strip=True) == "Lärande på arbetstid"
    assert "Learning at work" not in str(swedish)
    assert found(profile, 'div[lang="en"]').get_text(strip=True) == (
        "Leila researches skills development."
    )
    assert found(profile, '.lead span[lang="en"]').get_text(strip=True) == "Analyst"
    assert found(profile, 'a[lang="en"]').get_text(strip=True) == "Learning at work"


async def test_schedule_exports_in_english_when_asked_in_english(
    client: Client, db: Database, api: dict[str, str]
) -> None:
    event, _, _, _ = await bilingual_programme(client, db, api)
    base = f"/e/{event.slug}/export"

    csv_sv = await client.get(f"{base}/csv", headers=SV)
    csv_en = await client.get(f"{base}/csv?lang=en")
    ics_en = await client.get(f"{base}/ics", headers=EN)
    json_en = await client.get(f"{base}/json", headers=EN)

    rows = list(csv.DictReader(io.StringIO(csv_en.content.decode("utf-8-sig"))))
    assert [(r["title"], r["description"]) for r in rows] == [
        ("Learning at work", "How workshops learn."),
        ("Fika", "Kaffe i foajén."),
    ]
    assert csv_en.headers["content-language"] == "en"
    swedish_rows = list(csv.DictReader(io.StringIO(csv_sv.content.decode("utf-8-sig"))))
    assert [r["title"] for r in swedish_rows] == ["Lärande på arbetstid", "Fika"]
    assert csv_sv.headers["content-language"] == "sv"
    calendar = icalendar.Calendar.from_ical(ics_en.content)
    summaries = [str(item["summary"]) for item in calendar.walk("VEVENT")]
    assert summaries == ["Learning at work", "Fika"]
    assert "How workshops learn." in str(calendar.walk("VEVENT")[0]["description"])
    day = json_en.json()["schedule"]["conference"]["days"][0]
    talks = [talk for room in day["rooms"].values() for talk in room]
    assert [(t["title"], t["persons"][0]["biography"] if t["persons"] else "") for t in talks] == [
        ("Learning at work", "Analyst · Industrifacket"),
        ("Fika", ""),
    ]


async def test_organiser_forms_save_english_texts_and_show_errors_next_to_the_field(
    organiser: Client, db: Database
) -> None:
    event = await day_event(db, DAY)
    form = f"/manage/{event.slug}/agenda/sessions/0"
    session = {
        "title": "Lärande på arbetstid",
        "title_en": "Learning at work",
        "description_en": "How workshops learn.",
        "kind": "talk",
        "starts_at": f"{DAY}T09:00",
        "ends_at": f"{DAY}T09:45",
    }
    too_long = await organiser.post(
        form,
        data={**session, "title_en": "x" * 201, "_csrf_token": await csrf_token(organiser, form)},
    )
    saved = await organiser.post(
        form,
        data={**session, "_csrf_token": await csrf_token(organiser, form)},
        follow_redirects=False,
    )
    speakers = f"/manage/{event.slug}/speakers/0"
    speaker = await organiser.post(
        speakers,
        data={
            "name": "Leila Haddad",
            "title_en": "Analyst",
            "bio_en": "Leila researches skills development.",
            "_csrf_token": await csrf_token(organiser, f"/manage/{event.slug}/speakers"),
        },
        follow_redirects=False,
    )
    agenda = (await organiser.get(f"/api/v1/events/{event.slug}/agenda")).json()

    assert too_long.status_code == 422
    error = found(soup(too_long.text), "#field-title_en-error")
    assert found(soup(too_long.text), "#field-title_en")["aria-invalid"] == "true"
    assert error.get_text(strip=True)
    assert saved.status_code == 303, saved.text
    assert speaker.status_code == 303, speaker.text
    assert [(s["title_en"], s["description_en"]) for s in agenda["sessions"]] == [
        ("Learning at work", "How workshops learn.")
    ]
    assert [(p["title_en"], p["bio_en"]) for p in agenda["speakers"]] == [
        ("Analyst", "Leila researches skills development.")
    ]
