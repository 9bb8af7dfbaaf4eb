"""The funder's report, series against targets, certificates, anonymisation and
"delete my data"."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from eventday.accounts import service as accounts
from eventday.accounts.models import Account, AccountIn, Role
from eventday.checkin import privacy
from eventday.checkin import service as checkin
from eventday.checkin.models import AttendanceSettingsIn, ScanIn
from eventday.cli import main
from eventday.clock import utcnow
from eventday.db import Database
from eventday.db.migrations import migrate
from eventday.events import service as events
from eventday.events.models import Event, EventIn
from eventday.live import participants as live
from eventday.registration import service as registration
from eventday.registration.models import Builtin, FieldMode, RegistrationFormIn
from eventday.reports import service as reports
from eventday.reports.models import SeriesIn, WorkforceIn
from eventday.settings import Settings
from tests.checkin.conftest import mailer_for, register
from tests.conftest import PASSWORD, TEST_PASSWORDS, Client, tomorrow_at

# Dates here are relative to the clock: the tests also run a year ahead and back.
pytestmark = pytest.mark.any_date


PEOPLE = [
    # organisation, gender, region, comes (door / online minutes / no)
    ("Verkstaden AB", "woman", "Gävleborgs län", "door"),
    ("verkstaden  ab", "man", "Gävleborgs län", "door"),
    ("Verkstaden AB", "undisclosed", "Dalarnas län", "online"),
    ("Gjuteriet", "man", "Dalarnas län", "no"),
    ("Gjuteriet", "woman", "", "door"),
]


async def seed(db: Database, settings: Settings, event: Event) -> Account:
    """Five registrations: three checked in, one online for 300 of 480 minutes, one
    who did not come; a sixth who cancelled; workforce shares for one organisation."""
    await registration.save_form(
        db,
        event,
        RegistrationFormIn(
            builtins={Builtin.GENDER: FieldMode.OPTIONAL, Builtin.REGION: FieldMode.OPTIONAL}
        ),
    )
    staff = await accounts.create_account(
        db,
        TEST_PASSWORDS,
        AccountIn(email="door@example.se", role=Role.STAFF, password=PASSWORD),
    )
    for n, (organisation, gender, region, comes) in enumerate(PEOPLE):
        answers = {"gender": [gender]} | ({"region": [region]} if region else {})
        reg = (await register(db, settings, event, n, organisation, answers)).registration
        if comes == "door":
            await checkin.scan(
                db, event, ScanIn(nonce=f"nonce-{n:04d}", code=reg.ticket_code), staff
            )
        elif comes == "online":
            participant = await live.join(db, event)
            await live.link_registration(db, participant, reg.id)
            await db.execute(
                "INSERT INTO presence_intervals (event_id, participant_id, started_at, ended_at)"
                " VALUES (?, ?, ?, ?)",
                (
                    event.id,
                    participant,
                    event.starts_at.isoformat(),
                    (event.starts_at + timedelta(minutes=300)).isoformat(),
                ),
            )
    gone = (await register(db, settings, event, 9)).registration
    await registration.cancel(db, mailer_for(db, settings), event, gone)
    await reports.save_workforce(
        db, event, WorkforceIn(organisation="VERKSTADEN AB", women_percent=30)
    )
    return staff


async def test_report_numbers(db: Database, settings: Settings, event: Event) -> None:
    await seed(db, settings, event)

    report = await reports.funder_report(db, event)

    assert (report.registered, report.attended, report.cancelled) == (5, 4, 1)
    assert (report.attended_onsite, report.attended_online_only) == (3, 1)
    assert (report.organisations_registered, report.organisations_reached) == (2, 2)
    assert report.gender is not None
    assert report.region is not None
    assert {b.key: (b.registered, b.attended) for b in report.gender} == {
        "woman": (2, 2),
        "man": (2, 1),
        "undisclosed": (1, 1),
    }
    assert {b.key: (b.registered, b.attended) for b in report.region} == {
        "Gävleborgs län": (2, 2),
        "Dalarnas län": (2, 1),
        "not-answered": (1, 1),
    }
    verkstaden = report.organisations[0]
    assert (verkstaden.organisation, verkstaden.registered, verkstaden.attended) == (
        "Verkstaden AB",
        3,
        3,
    )
    # Of those who came and gave a gender: one woman, one man.
    assert (verkstaden.participant_women_percent, verkstaden.workforce_women_percent) == (50, 30)


async def test_report_without_gender_question_has_no_gender(
    db: Database, settings: Settings, event: Event
) -> None:
    await register(db, settings, event, 1)

    report = await reports.funder_report(db, event)

    assert report.gender is None
    assert report.region is None


async def test_report_page_and_xlsx(
    organiser: Client, db: Database, settings: Settings, event: Event
) -> None:
    await seed(db, settings, event)

    page = await organiser.get(f"/manage/{event.slug}/report")
    book = await organiser.get(f"/manage/{event.slug}/report.xlsx")

    assert page.status_code == 200
    assert page.text.count('<svg class="chart"') == 4  # overview, gender, region, workforce
    workbook = openpyxl.load_workbook(io.BytesIO(book.content))
    assert workbook.sheetnames == ["Sammanfattning", "Kön", "Region", "Organisationer"]
    assert [c.value for c in workbook["Organisationer"][1]][:3] == [
        "Organisation",
        "Anmälda",
        "Deltog",
    ]
    summary = dict(workbook["Sammanfattning"].iter_rows(min_row=2, values_only=True))
    assert (summary["Anmälda"], summary["Deltog"], summary["Nådda organisationer"]) == (
        5,
        4,
        2,
    )


async def test_anonymisation_keeps_counts(
    client: Client, db: Database, settings: Settings, event: Event
) -> None:
    await seed(db, settings, event)
    series = await reports.create_series(db, SeriesIn(name="Projektet", target_participants=100))
    await reports.set_event_series(db, event, series.id)
    before = await reports.funder_report(db, event)
    progress_before = await reports.series_progress(db, series)
    counts_before = await checkin.counts(db, event)

    changed = await privacy.anonymise_event(db, event.id)

    names = await db.fetch_all("SELECT name, email, answers FROM registrations")
    assert changed == 6
    assert {r["name"] for r in names} == {""}
    assert all(r["email"].endswith("@anonymised.invalid") for r in names)
    assert await reports.funder_report(db, event) == before
    assert await reports.series_progress(db, series) == progress_before
    assert progress_before.unique_participants == 4
    assert await checkin.counts(db, event) == counts_before
    assert await db.fetch_value("SELECT COUNT(*) FROM mail_outbox") == 0


async def test_retention_anonymises_only_after_its_days(
    db: Database, settings: Settings, event: Event
) -> None:
    await register(db, settings, event, 1)
    await checkin.save_attendance_settings(
        db, event, AttendanceSettingsIn(online_percent=50, retention_days=30)
    )

    early = await privacy.apply_retention(db, event.ends_at + timedelta(days=29))
    due = await privacy.apply_retention(db, event.ends_at + timedelta(days=30))

    assert (early, due) == ({}, {event.slug: 1})
    assert await db.fetch_value("SELECT name FROM registrations") == ""


async def test_delete_my_data_from_the_private_link(
    client: Client, db: Database, settings: Settings, event: Event
) -> None:
    registered = await register(db, settings, event, 1)
    page = await client.get(f"/r/{registered.token}/delete")
    token = page.text.split('name="_csrf_token" value="')[1].split('"')[0]

    deleted = await client.post(f"/r/{registered.token}/delete", data={"_csrf_token": token})
    after = await client.get(f"/r/{registered.token}")

    row = await db.fetch_one("SELECT status, name, email FROM registrations")
    assert deleted.status_code == 200
    assert after.status_code == 404
    assert row is not None
    assert (row["status"], row["name"]) == ("cancelled", "")
    assert await db.fetch_value("SELECT reason FROM anonymised_registrations") == "request"


async def test_certificates_are_valid_pdfs(
    organiser: Client, db: Database, settings: Settings, event: Event
) -> None:
    await seed(db, settings, event)
    attendee = await register(db, settings, event, 20, "Ensam AB")
    staff = await accounts.create_account(
        db,
        TEST_PASSWORDS,
        AccountIn(email="door2@example.se", role=Role.STAFF, password=PASSWORD),
    )
    await checkin.scan(
        db, event, ScanIn(nonce="nonce-cert", code=attendee.registration.ticket_code), staff
    )
    absent = await register(db, settings, event, 21)

    everyone = await organiser.get(f"/manage/{event.slug}/certificates.pdf")
    own = await organiser.get(f"/r/{attendee.token}/certificate.pdf")
    none = await organiser.get(f"/r/{absent.token}/certificate.pdf")

    assert everyone.content.startswith(b"%PDF-")
    assert len(PdfReader(io.BytesIO(everyone.content)).pages) == 5
    reader = PdfReader(io.BytesIO(own.content))
    assert len(reader.pages) == 1
    assert "Person 20" in reader.pages[0].extract_text()
    assert none.status_code == 404


async def test_series_page_against_targets(
    organiser: Client, db: Database, settings: Settings, event: Event
) -> None:
    await seed(db, settings, event)
    second = await events.create_event(
        db, EventIn(name="Dag två", starts_at=event.starts_at, ends_at=event.ends_at)
    )
    again = await register(db, settings, second, 0, "Verkstaden AB")  # same person as day one
    staff = await accounts.create_account(
        db,
        TEST_PASSWORDS,
        AccountIn(email="door2@example.se", role=Role.STAFF, password=PASSWORD),
    )
    await checkin.scan(
        db, second, ScanIn(nonce="nonce-again", code=again.registration.ticket_code), staff
    )
    series = await reports.create_series(
        db, SeriesIn(name="Projektet", target_organisations=70, target_participants=1000)
    )
    await reports.set_event_series(db, event, series.id)
    await reports.set_event_series(db, second, series.id)

    progress = await reports.series_progress(db, series)
    page = await organiser.get(f"/manage/series/{series.id}")

    assert (progress.unique_participants, progress.unique_organisations) == (4, 2)
    assert [e.attended for e in progress.events] == [4, 1]
    assert page.status_code == 200
    assert "4 / 1000" in page.text


def test_cli_anonymise_and_export(tmp_path: Path) -> None:
    database = tmp_path / "cli.db"
    settings = Settings(database=str(database))

    async def prepare() -> None:
        db = Database(database)
        await db.connect()
        await migrate(db)
        starts = tomorrow_at(utcnow(), 8)
        event = await events.create_event(
            db,
            EventIn(
                name="Dagen", slug="dagen", starts_at=starts, ends_at=starts + timedelta(hours=8)
            ),
        )
        await register(db, settings, event, 1)
        await db.close()

    asyncio.run(prepare())
    runner = CliRunner()

    exported = runner.invoke(main, ["export", "dagen", "attendance", "--database", str(database)])
    anonymised = runner.invoke(main, ["anonymise", "--event", "dagen", "--database", str(database)])
    after = runner.invoke(main, ["export", "dagen", "attendance", "--database", str(database)])

    assert exported.exit_code == 0, exported.output
    assert next(csv.DictReader(io.StringIO(exported.output.lstrip("\ufeff"))))["Namn"] == "Person 1"
    assert anonymised.output.strip() == "anonymised 1 registrations of dagen"
    assert next(csv.DictReader(io.StringIO(after.output.lstrip("\ufeff"))))["Namn"] == ""
