"""Participation hours for the ESF follow-up: the interval rules, and the export, the
API and the page over HTTP with check-ins and presence placed relative to "now"."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from eventday.accounts import service as accounts
from eventday.accounts.models import AccountIn, EventRole, Role
from eventday.agenda import service as agenda
from eventday.agenda.models import SessionIn, SessionKind
from eventday.checkin import service as checkin
from eventday.checkin.models import ScanIn
from eventday.clock import to_db
from eventday.db import Database
from eventday.events import service as events
from eventday.events.models import Event, EventIn
from eventday.exports.hours import seconds_by_month, subtract, union
from eventday.live import participants as live
from eventday.registration import service as registration
from eventday.registration.models import RegistrationIn
from eventday.reports import service as reports
from eventday.reports.models import SeriesIn
from eventday.settings import Settings
from tests.checkin.conftest import mailer_for, register
from tests.conftest import PASSWORD, TEST_PASSWORDS, Client, grant

pytestmark = pytest.mark.any_date

T0 = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_union_counts_overlapping_time_once() -> None:
    spans = [(at(0), at(60)), (at(30), at(90)), (at(120), at(150)), (at(150), at(160))]

    assert union(spans) == [(at(0), at(90)), (at(120), at(150)), (at(150), at(160))]


def test_subtract_cuts_holes_out_of_spans() -> None:
    spans = [(at(0), at(100)), (at(200), at(300))]
    holes = [(at(-10), at(10)), (at(40), at(50)), (at(90), at(210)), (at(290), at(400))]

    assert subtract(spans, holes) == [
        (at(10), at(40)),
        (at(50), at(90)),
        (at(210), at(290)),
    ]
    assert subtract(spans, []) == spans


def test_seconds_by_month_cut_at_midnight_in_the_event_time_zone() -> None:
    # 22:30-23:30 UTC on 31 January is 23:30-00:30 in Stockholm (UTC+1).
    span = (datetime(2026, 1, 31, 22, 30, tzinfo=UTC), datetime(2026, 1, 31, 23, 30, tzinfo=UTC))

    assert seconds_by_month([span], "Europe/Stockholm") == {"2026-01": 1800, "2026-02": 1800}
    assert seconds_by_month([span], "UTC") == {"2026-01": 3600}


@pytest.fixture
async def org_api(db: Database) -> dict[str, str]:
    account = await accounts.create_account(
        db,
        TEST_PASSWORDS,
        AccountIn(email="hours@example.se", role=Role.ORGANISER, password=PASSWORD),
    )
    return {"Authorization": f"Bearer {await accounts.create_api_token(db, account.id, 't')}"}


async def _online(db: Database, event: Event, reg_id: int, spans: list[tuple[int, int]]) -> None:
    participant = await live.join(db, event)
    await live.link_registration(db, participant, reg_id)
    for start, end in spans:
        await db.execute(
            "INSERT INTO presence_intervals (event_id, participant_id, started_at, ended_at)"
            " VALUES (?, ?, ?, ?)",
            (
                event.id,
                participant,
                to_db(event.starts_at + timedelta(minutes=start)),
                to_db(event.starts_at + timedelta(minutes=end)),
            ),
        )


async def _day(db: Database, settings: Settings, event: Event) -> None:
    """The event (0-480 minutes) with lunch at 240-270 and a workshop at 300-390.
    Anna: checked in at the door and the workshop, her phone on the live page in the
    hall. Bo: only the workshop on site; online 0-100 and 360-420. Cecilia: registered,
    never there. An anonymous participant is online all day."""
    starts = event.starts_at
    sessions = [
        await agenda.save_session(
            db,
            event,
            SessionIn(
                title=title,
                kind=kind,
                starts_at=starts + timedelta(minutes=span[0]),
                ends_at=starts + timedelta(minutes=span[1]),
                capacity=10 if kind is SessionKind.WORKSHOP else None,
            ),
        )
        for title, kind, span in (
            ("Lunch", SessionKind.BREAK, (240, 270)),
            ("Svetsning", SessionKind.WORKSHOP, (300, 390)),
        )
    ]
    workshop = sessions[1]
    mailer = mailer_for(db, settings)
    people = {}
    for name in ("Anna", "Bo", "Cecilia"):
        registered = await registration.register(
            db,
            mailer,
            event,
            RegistrationIn(name=name, email=f"{name.lower()}@example.se", organisation="Verket"),
            {},
            [workshop.id],
        )
        people[name] = registered.registration
    staff = await accounts.create_account(
        db,
        TEST_PASSWORDS,
        AccountIn(email="door@example.se", role=Role.STAFF, password=PASSWORD, name="Sara"),
    )
    await grant(db, event, "door@example.se", EventRole.STAFF)
    scans = [("Anna", "door"), ("Anna", f"s{workshop.id}"), ("Bo", f"s{workshop.id}")]
    for n, (name, list_) in enumerate(scans):
        code = people[name].ticket_code
        result = await checkin.scan(
            db, event, ScanIn(nonce=f"nonce-{n:04}", code=code, list=list_), staff
        )
        assert result.outcome == "checked-in"
    await _online(db, event, people["Anna"].id, [(60, 120)])
    await _online(db, event, people["Bo"].id, [(0, 100), (360, 420)])
    anonymous = await live.join(db, event)
    await db.execute(
        "INSERT INTO presence_intervals (event_id, participant_id, started_at, ended_at)"
        " VALUES (?, ?, ?, ?)",
        (event.id, anonymous, to_db(starts), to_db(event.ends_at)),
    )


async def test_hours_per_person_and_month_through_the_api(
    client: Client, db: Database, settings: Settings, event: Event, org_api: dict[str, str]
) -> None:
    await _day(db, settings, event)

    response = await client.get(f"/api/v1/events/{event.slug}/participation-hours", headers=org_api)

    assert response.status_code == 200
    month = f"{event.starts_at.astimezone(ZoneInfo('Europe/Stockholm')):%Y-%m}"
    assert [
        (p["name"], p["month"], p["onsite_minutes"], p["online_minutes"]) for p in response.json()
    ] == [
        ("Anna", month, 450, 0),  # the day less lunch; the phone in the hall adds nothing
        ("Bo", month, 90, 130),  # the workshop; online 0-100 and 390-420
    ]


async def test_hours_csv_and_xlsx_have_human_columns_in_either_language(
    client: Client, db: Database, settings: Settings, event: Event, org_api: dict[str, str]
) -> None:
    await _day(db, settings, event)

    swedish = await client.get(f"/api/v1/events/{event.slug}/exports/hours.csv", headers=org_api)
    english = await client.get(
        f"/api/v1/events/{event.slug}/exports/hours.xlsx?lang=en", headers=org_api
    )

    rows = list(csv.reader(io.StringIO(swedish.content.decode("utf-8-sig"))))
    local = event.starts_at.astimezone(ZoneInfo("Europe/Stockholm"))
    months = "januari februari mars april maj juni juli augusti september oktober november december"
    assert rows[0] == [
        "Namn",
        "E-post",
        "Organisation",
        "Månad",
        "Minuter på plats",
        "Minuter online",
        "Timmar totalt",
    ]
    month = f"{months.split()[local.month - 1]} {local.year}"
    assert rows[1:] == [
        ["Anna", "anna@example.se", "Verket", month, "450", "0", "7,5"],
        ["Bo", "bo@example.se", "Verket", month, "90", "130", "3,67"],
    ]
    book = openpyxl.load_workbook(io.BytesIO(english.content))
    sheet = book["Participation hours"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][3:] == ("Month", "Minutes on site", "Minutes online", "Hours in total")
    assert values[1][3:] == (f"{local:%B %Y}", 450, 0, 7.5)


async def test_exports_page_has_the_hours_section_with_a_count(
    organiser: Client, db: Database, settings: Settings, event: Event
) -> None:
    await _day(db, settings, event)

    swedish = await organiser.get(f"/manage/{event.slug}/exports")
    english = await organiser.get(f"/manage/{event.slug}/exports?lang=en")

    assert "Deltagartimmar (ESF)" in swedish.text
    assert "2 personer har registrerad tid." in swedish.text
    assert f'href="/manage/{event.slug}/exports/hours.xlsx"' in swedish.text
    assert "2 people have time recorded." in english.text
    # The download link follows the language the page was last shown in (its cookie).
    download = await organiser.get(f"/manage/{event.slug}/exports/hours.csv")
    assert download.status_code == 200
    assert download.content.decode("utf-8-sig").startswith("Name,E-mail,Organisation,Month")


async def test_series_hours_add_up_a_person_over_its_events(
    organiser: Client, db: Database, settings: Settings, event: Event, org_api: dict[str, str]
) -> None:
    second = await events.create_event(
        db,
        EventIn(
            name="Uppföljningen",
            starts_at=event.starts_at + timedelta(days=1),
            ends_at=event.starts_at + timedelta(days=1, hours=2),
        ),
    )
    series = await reports.create_series(db, SeriesIn(name="Kompetenslyftet"))
    staff = await accounts.create_account(
        db,
        TEST_PASSWORDS,
        AccountIn(email="door@example.se", role=Role.STAFF, password=PASSWORD),
    )
    for n, day in enumerate((event, second)):
        await reports.set_event_series(db, day, series.id)
        person = (await register(db, settings, day, 1)).registration  # the same e-mail
        await checkin.scan(db, day, ScanIn(nonce=f"nonce-s{n:03}", code=person.ticket_code), staff)

    rows = await organiser.get(f"/api/v1/series/{series.id}/participation-hours", headers=org_api)
    page = await organiser.get(f"/manage/series/{series.id}")
    xlsx = await organiser.get(f"/manage/series/{series.id}/exports/hours.xlsx")
    unknown = await organiser.get(f"/manage/series/{series.id}/exports/other.xlsx")

    months = {
        f"{d.starts_at.astimezone(ZoneInfo('Europe/Stockholm')):%Y-%m}" for d in (event, second)
    }
    if len(months) == 1:  # both days in one month: one row, 8 + 2 hours
        assert [(r["email"], r["onsite_minutes"]) for r in rows.json()] == [("p1@example.se", 600)]
    else:  # the series crosses a month: a row per month
        assert [r["onsite_minutes"] for r in rows.json()] == [480, 120]
    assert f'href="/manage/series/{series.id}/exports/hours.csv"' in page.text
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content))["Deltagartimmar"]
    assert sum(row[4] for row in sheet.iter_rows(min_row=2, values_only=True)) == 600
    assert unknown.status_code == 404
