from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import jsonschema
import pytest
from PIL import Image

from eventday.clock import utcnow
from eventday.db import Database
from eventday.events import service as events
from eventday.events.models import Event, EventIn
from tests.conftest import Client, csrf_token

SPECS = Path(__file__).resolve().parents[2].parent / "shared" / "specs" / "c3voc-schedule"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Days relative to the clock, never a fixed calendar day: tomorrow, and a summer and
# a winter day next year for the time-zone checks.
DAY = (utcnow() + timedelta(days=1)).date().isoformat()
SUMMER_DAY = f"{utcnow().year + 1}-07-02"
WINTER_DAY = f"{utcnow().year + 1}-12-03"


def spec(name: str) -> Path:
    if not SPECS.is_dir():
        pytest.skip(f"the c3voc schedule specs are not at {SPECS} (../shared/specs/)")
    return SPECS / name


async def day_event(db: Database, day: str) -> Event:
    start = datetime.fromisoformat(f"{day}T08:00:00").replace(tzinfo=STOCKHOLM)
    return await events.create_event(
        db,
        EventIn(name=f"Dagen {day}", starts_at=start, ends_at=start.replace(hour=17)),
    )


async def add_room(client: Client, event: Event, api: dict[str, str], name: str) -> int:
    response = await client.post(
        f"/api/v1/events/{event.slug}/rooms", json={"name": name}, headers=api
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


async def add_session(  # type: ignore[no-untyped-def]
    client: Client, event: Event, api: dict[str, str], **fields
):
    return await client.post(f"/api/v1/events/{event.slug}/sessions", json=fields, headers=api)


async def test_sessions_overlapping_in_one_room_are_refused_with_a_clear_message(
    client: Client, db: Database, api: dict[str, str]
) -> None:
    event = await day_event(db, DAY)
    hall = await add_room(client, event, api, "Storhallen")
    other = await add_room(client, event, api, "Workshop A")
    first = await add_session(
        client,
        event,
        api,
        title="Välkommen",
        starts_at=f"{DAY}T09:00:00",
        ends_at=f"{DAY}T09:30:00",
        room_id=hall,
    )

    clash = await add_session(
        client,
        event,
        api,
        title="Krock",
        starts_at=f"{DAY}T09:15:00",
        ends_at=f"{DAY}T09:45:00",
        room_id=hall,
    )
    elsewhere = await add_session(
        client,
        event,
        api,
        title="Parallellt",
        starts_at=f"{DAY}T09:15:00",
        ends_at=f"{DAY}T09:45:00",
        room_id=other,
    )
    back_to_back = await add_session(
        client,
        event,
        api,
        title="Direkt efter",
        starts_at=f"{DAY}T09:30:00",
        ends_at=f"{DAY}T10:00:00",
        room_id=hall,
    )

    assert first.status_code == 201
    assert clash.status_code == 409
    assert "Välkommen" in clash.json()["detail"]
    assert clash.json()["errors"]["starts_at"]
    assert (elsewhere.status_code, back_to_back.status_code) == (201, 201)
    assert await db.fetch_value("SELECT COUNT(*) FROM sessions") == 3


@pytest.mark.parametrize("day", [SUMMER_DAY, WINTER_DAY])
async def test_time_zone_session_at_nine_is_nine_in_page_ics_and_json(
    client: Client, db: Database, api: dict[str, str], day: str
) -> None:
    event = await day_event(db, day)
    created = await add_session(
        client, event, api, title="Nio", starts_at=f"{day}T09:00:00", ends_at=f"{day}T09:45:00"
    )
    session_id = created.json()["id"]

    page = await client.get(f"/e/{event.slug}/sessions/{session_id}?lang=sv")
    ics = await client.get(f"/e/{event.slug}/export/ics")
    schedule = await client.get(f"/e/{event.slug}/export/json")

    assert ">09:00</time>" in page.text
    vevent = next(c for c in icalendar.Calendar.from_ical(ics.content).walk("VEVENT"))
    start = vevent.decoded("dtstart")
    assert (start.hour, start.minute, str(start.tzinfo)) == (9, 0, "Europe/Stockholm")
    assert b"BEGIN:VTIMEZONE" in ics.content
    assert b"TZID=Europe/Stockholm" in ics.content
    item = next(
        e
        for d in schedule.json()["schedule"]["conference"]["days"]
        for items in d["rooms"].values()
        for e in items
    )
    assert item["start"] == "09:00"
    assert item["date"].startswith(f"{day}T09:00:00+0{2 if day == SUMMER_DAY else 1}:00")


async def test_ics_uids_stay_the_same_between_exports(
    client: Client, db: Database, api: dict[str, str]
) -> None:
    event = await day_event(db, DAY)
    await add_session(
        client,
        event,
        api,
        title="A",
        starts_at=f"{DAY}T09:00:00",
        ends_at=f"{DAY}T10:00:00",
    )

    def uids(body: bytes) -> list[str]:
        return [str(e["uid"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")]

    first = uids((await client.get(f"/e/{event.slug}/export/ics")).content)
    second = uids((await client.get(f"/e/{event.slug}/export/ics")).content)
    assert first == second
    assert len(first) == 1


async def test_schedule_json_export_is_valid_against_the_c3voc_schema(
    client: Client, db: Database, api: dict[str, str]
) -> None:
    schema = json.loads(spec("schema.json").read_text())
    event = await day_event(db, DAY)
    hall = await add_room(client, event, api, "Storhallen")
    speaker = await client.post(
        f"/api/v1/events/{event.slug}/speakers",
        json={"name": "Karin Öberg", "organisation": "Kompetensverket"},
        headers=api,
    )
    await add_session(
        client,
        event,
        api,
        title="Kompetens i siffror",
        starts_at=f"{DAY}T09:00:00",
        ends_at=f"{DAY}T09:30:00",
        room_id=hall,
        speaker_ids=[speaker.json()["id"]],
    )

    document = (await client.get(f"/e/{event.slug}/export/json")).json()

    jsonschema.validate(document, schema)
    assert document["schedule"]["conference"]["time_zone_name"] == "Europe/Stockholm"


async def test_import_pretalx_schedule_previews_then_writes(
    organiser: Client, db: Database
) -> None:
    event = await day_event(db, "2020-12-14")
    content = spec("pretalx-democon.json").read_bytes()
    expected = sum(
        len(items)
        for day in json.loads(content)["schedule"]["conference"]["days"]
        for items in day["rooms"].values()
    )
    token = await csrf_token(organiser, f"/manage/{event.slug}/import")

    preview = await organiser.post(
        f"/manage/{event.slug}/import",
        files={"file": ("democon.json", content, "application/json")},
        data={"format": "json", "_csrf_token": token},
    )
    assert preview.status_code == 200
    assert await db.fetch_value("SELECT COUNT(*) FROM sessions") == 0
    assert f"{expected} " in preview.text

    written = await organiser.post(
        f"/manage/{event.slug}/import",
        files={"file": ("", b"", "application/octet-stream")},
        data={"format": "json", "confirm": "1", "content": content.decode(), "_csrf_token": token},
        follow_redirects=False,
    )
    assert written.status_code == 303
    assert await db.fetch_value("SELECT COUNT(*) FROM sessions") == expected
    rooms = await db.fetch_all("SELECT name FROM rooms ORDER BY name")
    assert [r[0] for r in rooms] == ["Gray Room", "Tan Room"]


async def test_import_csv_with_bad_rows_reports_each_row_and_writes_nothing(
    client: Client, db: Database, api: dict[str, str]
) -> None:
    event = await day_event(db, DAY)
    body = (
        "title,date,start,end,room,track,kind,speakers,capacity,description\n"
        f"Välkommen,{DAY},09:00,09:30,Storhallen,,talk,Anna Hedlund,,\n"
        f"Krock,{DAY},09:15,09:40,Storhallen,,talk,,,\n"
        f",{DAY},10:00,10:30,Storhallen,,talk,,,\n"
        "Fel tid,26/11,nio,tio,,,,,,\n"
        f"Fel antal,{DAY},11:00,12:00,Workshop A,,workshop,,många,\n"
    ).encode()

    response = await client.post(
        f"/api/v1/events/{event.slug}/schedule/import?format=csv&dry_run=false",
        content=body,
        headers={**api, "content-type": "text/csv"},
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "urn:eventday:problem:invalid-input"
    rows = response.json()["rows"]
    assert [bool(r["errors"]) for r in rows] == [False, True, True, True, True]
    assert "Välkommen" in rows[1]["errors"][-1]
    assert await db.fetch_value("SELECT COUNT(*) FROM sessions") == 0
    assert await db.fetch_value("SELECT COUNT(*) FROM rooms") == 0


async def test_import_malformed_json_is_refused_with_a_message(
    client: Client, db: Database, api: dict[str, str]
) -> None:
    event = await day_event(db, DAY)
    response = await client.post(
        f"/api/v1/events/{event.slug}/schedule/import?format=json",
        content=b"{not json",
        headers=api,
    )
    assert response.status_code == 422
    assert response.json()["errors"]["file"]


async def test_csv_export_neutralises_formulas_and_imports_back(
    client: Client, db: Database, api: dict[str, str]
) -> None:
    event = await day_event(db, DAY)
    await add_session(
        client,
        event,
        api,
        title='=HYPERLINK("http://evil")',
        starts_at=f"{DAY}T09:00:00",
        ends_at=f"{DAY}T09:30:00",
        description="@SUM(A1)",
    )

    exported = await client.get(f"/e/{event.slug}/export/csv")
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0]["title"] == '\'=HYPERLINK("http://evil")'
    assert rows[0]["description"] == "'@SUM(A1)"
    assert rows[0]["start"] == "09:00"

    other = await day_event(db, DAY)
    back = await client.post(
        f"/api/v1/events/{other.slug}/schedule/import?format=csv&dry_run=false",
        content=exported.content,
        headers=api,
    )
    assert back.status_code == 200, back.text
    title = await db.fetch_value("SELECT title FROM sessions WHERE event_id = ?", (other.id,))
    assert title == '=HYPERLINK("http://evil")'


def image_bytes(fmt: str, size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, fmt)
    return out.getvalue()


async def test_speaker_photo_is_resized_and_non_images_are_refused(
    client: Client, db: Database, api: dict[str, str]
) -> None:
    event = await day_event(db, DAY)
    speaker = (
        await client.post(
            f"/api/v1/events/{event.slug}/speakers", json={"name": "Per"}, headers=api
        )
    ).json()
    url = f"/api/v1/events/{event.slug}/speakers/{speaker['id']}/photo"

    not_image = await client.put(url, content=b"%PDF-1.4 not an image", headers=api)
    too_large = await client.put(url, content=b"\xff" * (5 * 1024 * 1024 + 10), headers=api)
    good = await client.put(url, content=image_bytes("PNG", (2000, 1500)), headers=api)

    assert not_image.status_code == 422
    assert not_image.json()["errors"]["photo"]
    assert too_large.status_code == 422
    assert good.status_code == 200
    assert good.json()["has_photo"] is True
    photo = await client.get(f"/e/{event.slug}/speakers/{speaker['id']}/photo.jpg")
    assert Image.open(io.BytesIO(photo.content)).size == (480, 360)


async def test_event_page_shows_agenda_speakers_and_register_link(
    client: Client, db: Database, api: dict[str, str]
) -> None:
    event = await day_event(db, "2030-11-26")
    speaker = (
        await client.post(
            f"/api/v1/events/{event.slug}/speakers",
            json={"name": "Leila Haddad", "organisation": "Industrifacket"},
            headers=api,
        )
    ).json()
    await add_session(
        client,
        event,
        api,
        title="Lärande på arbetstid",
        starts_at="2030-11-26T11:10:00",
        ends_at="2030-11-26T11:40:00",
        speaker_ids=[speaker["id"]],
    )

    page = await client.get(f"/e/{event.slug}")
    speaker_page = await client.get(f"/e/{event.slug}/speakers/{speaker['id']}")

    assert "Lärande på arbetstid" in page.text
    assert "Leila Haddad, Industrifacket" in page.text
    assert f'href="/e/{event.slug}/register"' in page.text
    assert "Lärande på arbetstid" in speaker_page.text


async def test_speaker_photo_upload_page_refuses_a_text_file_next_to_the_field(
    organiser: Client, db: Database, api: dict[str, str]
) -> None:
    event = await day_event(db, DAY)
    speaker = (
        await organiser.post(
            f"/api/v1/events/{event.slug}/speakers", json={"name": "Per"}, headers=api
        )
    ).json()
    path = f"/manage/{event.slug}/speakers/{speaker['id']}"
    token = await csrf_token(organiser, path)

    refused = await organiser.post(
        f"{path}/photo",
        files={"photo": ("cv.txt", b"hello", "text/plain")},
        data={"_csrf_token": token},
    )
    accepted = await organiser.post(
        f"{path}/photo",
        files={"photo": ("me.jpg", image_bytes("JPEG", (300, 300)), "image/jpeg")},
        data={"_csrf_token": token},
        follow_redirects=False,
    )

    assert refused.status_code == 422
    assert 'id="field-photo-error"' in refused.text
    assert accepted.status_code == 303
    assert await db.fetch_value("SELECT photo IS NOT NULL FROM speakers") == 1


async def test_event_page_shows_what_is_on_now_and_next(
    client: Client, db: Database, api: dict[str, str]
) -> None:
    now = utcnow().astimezone(STOCKHOLM).replace(second=0, microsecond=0)
    event = await events.create_event(
        db,
        EventIn(name="Pågår", starts_at=now - timedelta(hours=2), ends_at=now + timedelta(hours=6)),
    )

    def at(delta: timedelta) -> str:
        return (now + delta).strftime("%Y-%m-%dT%H:%M:00")

    await add_session(
        client,
        event,
        api,
        title="Redan klar",
        starts_at=at(-timedelta(hours=2)),
        ends_at=at(-timedelta(hours=1)),
    )
    await add_session(
        client,
        event,
        api,
        title="Pågående",
        starts_at=at(-timedelta(minutes=10)),
        ends_at=at(timedelta(minutes=20)),
    )
    await add_session(
        client,
        event,
        api,
        title="Sedan",
        starts_at=at(timedelta(hours=1)),
        ends_at=at(timedelta(hours=2)),
    )

    page = await client.get(f"/e/{event.slug}?lang=en")

    now_next = page.text.split('class="now-next"')[1].split("</section>")[0]
    assert "Pågående" in now_next.split('class="next"')[0]
    assert "Sedan" in now_next.split('class="next"')[1]
    assert "Redan klar" not in now_next
