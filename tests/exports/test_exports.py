"""Exports read back as a spreadsheet user would: the csv module and openpyxl."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from eventday.accounts import service as accounts
from eventday.accounts.models import AccountIn, EventRole, Role
from eventday.checkin import service as checkin
from eventday.checkin.models import ScanIn
from eventday.clock import to_db
from eventday.db import Database
from eventday.events.models import Event
from eventday.live import activities, participants
from eventday.live import submissions as live
from eventday.live.models import ActivityConfig, ActivityIn, ActivityKind, ActivityState, SubmitIdea
from eventday.registration import service as registration
from eventday.registration.models import Builtin, FieldMode, RegistrationFormIn
from eventday.settings import Settings
from tests.checkin.conftest import register
from tests.conftest import PASSWORD, TEST_PASSWORDS, Client, grant

# Dates here are relative to the clock: the tests also run a year ahead and back.
pytestmark = pytest.mark.any_date


@pytest.fixture
async def org_api(db: Database) -> dict[str, str]:
    account = await accounts.create_account(
        db,
        TEST_PASSWORDS,
        AccountIn(email="exports@example.se", role=Role.ORGANISER, password=PASSWORD),
    )
    return {"Authorization": f"Bearer {await accounts.create_api_token(db, account.id, 't')}"}


async def _attendance_day(db: Database, settings: Settings, event: Event) -> None:
    await registration.save_form(
        db, event, RegistrationFormIn(builtins={Builtin.GENDER: FieldMode.OPTIONAL})
    )
    first = (
        await register(
            db, settings, event, 1, organisation='=HYPERLINK("x")', answers={"gender": ["woman"]}
        )
    ).registration
    await register(db, settings, event, 2)
    staff = await accounts.create_account(
        db,
        TEST_PASSWORDS,
        AccountIn(email="door@example.se", role=Role.STAFF, password=PASSWORD, name="Sara"),
    )
    await grant(db, event, "door@example.se", EventRole.STAFF)
    await checkin.scan(db, event, ScanIn(nonce="nonce-0001", code=first.ticket_code), staff)


async def test_attendance_csv_reads_back(
    client: Client, db: Database, settings: Settings, event: Event, org_api: dict[str, str]
) -> None:
    await _attendance_day(db, settings, event)

    response = await client.get(
        f"/api/v1/events/{event.slug}/exports/attendance.csv", headers=org_api
    )

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["Namn"] for r in rows] == ["Person 1", "Person 2"]
    assert rows[0]["Organisation"] == '\'=HYPERLINK("x")'
    assert rows[0]["Kön"] == "Kvinna"
    assert rows[0]["Status"] == "Bekräftad"
    assert rows[0]["Deltog"] == "Ja"
    assert rows[1]["Deltog"] == "Nej"
    # The event is in Europe/Stockholm: local time, Swedish short format, no seconds.
    stored = datetime.fromisoformat(await db.fetch_value("SELECT checked_in_at FROM checkins"))
    local = stored.astimezone(ZoneInfo("Europe/Stockholm"))
    assert rows[0]["Incheckad: Entrén"] == f"{local:%Y-%m-%d %H:%M}"
    assert rows[0]["Minuter online totalt"] == "0"
    assert rows[0]["Evenemangets minuter"] == "480"


async def test_attendance_csv_in_english_by_lang(
    client: Client, db: Database, settings: Settings, event: Event, org_api: dict[str, str]
) -> None:
    await _attendance_day(db, settings, event)

    response = await client.get(
        f"/api/v1/events/{event.slug}/exports/attendance.csv?lang=en", headers=org_api
    )

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(rows[0])[:6] == [
        "Registration number",
        "Ticket code",
        "Status",
        "Name",
        "E-mail",
        "Organisation",
    ]
    assert (rows[0]["Gender"], rows[0]["Status"], rows[0]["Attended"]) == (
        "Woman",
        "Confirmed",
        "Yes",
    )
    stored = datetime.fromisoformat(await db.fetch_value("SELECT checked_in_at FROM checkins"))
    local = stored.astimezone(ZoneInfo("Europe/Stockholm"))
    assert rows[0]["Checked in: Entrance"] == f"{local:%d/%m/%Y, %H:%M}"
    registered = rows[0]["Registered"]
    assert registered.count(":") == 1  # hours and minutes, no seconds


async def test_attendance_xlsx_reads_back_without_formulas(
    client: Client, db: Database, settings: Settings, event: Event, org_api: dict[str, str]
) -> None:
    await _attendance_day(db, settings, event)

    response = await client.get(
        f"/api/v1/events/{event.slug}/exports/attendance.xlsx", headers=org_api
    )

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book["Närvaro"]
    header = [c.value for c in sheet[1]]
    first = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert first["Organisation"] == '\'=HYPERLINK("x")'
    assert sheet.cell(row=2, column=header.index("Organisation") + 1).data_type == "s"
    assert first["Deltog"] == "Ja"
    assert first["Evenemangets minuter"] == 480


async def test_engagement_results_and_ideas_read_back(
    client: Client, db: Database, settings: Settings, event: Event, org_api: dict[str, str]
) -> None:
    async with db.transaction() as tx:
        board = await activities.create_activity(
            tx, event, ActivityIn(kind=ActivityKind.IDEAS, title="Idéer", config=ActivityConfig())
        )
        board = await activities.set_state(tx, board, ActivityState.OPEN)
    joined = [await participants.join(db, event) for _ in range(4)]
    for participant in joined:
        await db.execute(
            "INSERT INTO presence_intervals (event_id, participant_id, started_at)"
            " VALUES (?, ?, ?)",
            (event.id, participant, to_db(event.starts_at)),
        )
    async with db.transaction() as conn:
        await live.apply_submission(
            conn, event.id, joined[0], SubmitIdea(activity=board.id, text="Prova-på-dagar")
        )
        await live.apply_submission(
            conn, event.id, joined[1], SubmitIdea(activity=board.id, text="+Mentorer")
        )

    engagement = await client.get(
        f"/api/v1/events/{event.slug}/exports/engagement.csv", headers=org_api
    )
    results = await client.get(f"/api/v1/events/{event.slug}/exports/results.xlsx", headers=org_api)
    ideas = await client.get(f"/api/v1/events/{event.slug}/exports/ideas.csv", headers=org_api)
    one = await client.get(
        f"/api/v1/events/{event.slug}/live/activities/{board.id}/results.csv?lang=en",
        headers=org_api,
    )

    row = next(csv.DictReader(io.StringIO(engagement.content.decode("utf-8-sig"))))
    assert (
        row["Deltagare"],
        row["Inskick"],
        row["Ansluten"],
        row["Andel av de anslutna"],
    ) == (
        "2",
        "2",
        "4",
        "0,5",
    )
    book = openpyxl.load_workbook(io.BytesIO(results.content))
    assert book.sheetnames == [f"{board.id} Idéer"]
    assert sorted(r[0] for r in book.active.iter_rows(min_row=2, values_only=True)) == [
        "'+Mentorer",
        "Prova-på-dagar",
    ]
    idea_rows = list(csv.reader(io.StringIO(ideas.content.decode("utf-8-sig"))))
    assert idea_rows[0] == ["Aktivitet", "Plats", "Idé", "Röster"]
    one_rows = list(csv.reader(io.StringIO(one.content.decode("utf-8-sig"))))
    assert one_rows[0] == ["Idea", "Votes"]
    assert sorted(r[0] for r in one_rows[1:]) == ["'+Mentorer", "Prova-på-dagar"]
    assert len(idea_rows) == 3


async def test_exports_roles(
    client: Client, db: Database, event: Event, make_account: object
) -> None:
    await accounts.create_account(
        db,
        TEST_PASSWORDS,
        AccountIn(email="door@example.se", role=Role.STAFF, password=PASSWORD),
    )
    await grant(db, event, "door@example.se", EventRole.STAFF)
    from tests.live.helpers import api_token

    staff = await api_token(db, "door@example.se")

    anonymous = await client.get(f"/api/v1/events/{event.slug}/exports/attendance.csv")
    wrong_role = await client.get(
        f"/api/v1/events/{event.slug}/exports/attendance.csv", headers=staff
    )
    page = await client.get(f"/manage/{event.slug}/exports", follow_redirects=False)

    assert (anonymous.status_code, wrong_role.status_code) == (401, 403)
    assert page.status_code in (303, 401)


async def test_exports_page_lists_downloads(organiser: Client, event: Event) -> None:
    response = await organiser.get(f"/manage/{event.slug}/exports")

    assert response.status_code == 200
    for name in (
        "attendance.csv",
        "attendance.xlsx",
        "engagement.xlsx",
        "results.csv",
        "ideas.csv",
    ):
        assert f"/manage/{event.slug}/exports/{name}" in response.text


async def test_unknown_export_is_404(organiser: Client, event: Event) -> None:
    response = await organiser.get(f"/manage/{event.slug}/exports/attendance.pdf")

    assert response.status_code == 404


async def test_export_in_an_unknown_language_is_422(
    client: Client, event: Event, org_api: dict[str, str]
) -> None:
    response = await client.get(
        f"/api/v1/events/{event.slug}/exports/attendance.csv?lang=de", headers=org_api
    )

    assert response.status_code == 422
    assert "lang" in response.json()["errors"]
