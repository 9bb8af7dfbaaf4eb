"""The demo day's attendance: more registrations, check-ins at the door and at a
workshop, people who followed online (linked through their private link), anonymous
online participants, workforce shares and a series with targets, so the exports and
the funder's report have something to show."""

from __future__ import annotations

import secrets
from datetime import timedelta

from eventday.accounts.queries import account_by_email
from eventday.checkin import queries, service
from eventday.checkin.models import AttendanceSettingsIn, ScanIn
from eventday.clock import to_db
from eventday.db import Database
from eventday.events.models import Event
from eventday.exports.queries import registrations_of_event
from eventday.live import participants as live
from eventday.registration import service as registration
from eventday.registration.mails import Mailer
from eventday.registration.models import RegistrationIn, RegistrationStatus
from eventday.reports import service as reports
from eventday.reports.models import SeriesIn, WorkforceIn

FIRST = [
    "Anna",
    "Erik",
    "Sara",
    "Karl",
    "Lina",
    "Mohammed",
    "Emma",
    "Per",
    "Ida",
    "Jonas",
    "Sofia",
    "Ali",
    "Hanna",
    "Mats",
    "Noor",
    "Gustav",
    "Linnea",
    "Viktor",
    "Amira",
    "Olle",
]
LAST = ["Berg", "Nilsson", "Lindgren", "Karlsson", "Hassan", "Ström", "Persson", "Falk"]
ORGANISATIONS = [
    "Sandvikens Verkstad AB",
    "Gävle Plåt och Svets",
    "Hofors Stålkomponenter",
    "Bollnäs Elektronik",
    "Söderhamns Hydraulik",
    "Region Gävleborg",
    "Hudiksvalls Industriservice",
    "Norrbergs Gruvteknik",
]
REGIONS = ["Gävleborgs län", "Gävleborgs län", "Dalarnas län", "Uppsala län", "Stockholms län"]
GENDERS = ["woman", "man", "man", "woman", "undisclosed", "man", "woman", "other"]
WORKFORCE = {"Sandvikens Verkstad AB": 22, "Gävle Plåt och Svets": 15, "Region Gävleborg": 61}


async def _more_people(db: Database, mailer: Mailer, event: Event, count: int) -> None:
    for n in range(count):
        name = f"{FIRST[n % len(FIRST)]} {LAST[(n * 3) % len(LAST)]}"
        await registration.register(
            db,
            mailer,
            event,
            RegistrationIn(
                name=name,
                email=f"deltagare{n}@example.se",
                organisation=ORGANISATIONS[n % len(ORGANISATIONS)],
                consent=True,
            ),
            {"gender": [GENDERS[n % len(GENDERS)]], "region": [REGIONS[n % len(REGIONS)]]},
        )


async def _online(db: Database, event: Event, registration_id: int | None, minutes: int) -> None:
    """A participant (linked to a registration, or anonymous) online from the start,
    with one short reconnect, for ``minutes`` minutes."""
    participant = await live.join(db, event)
    if registration_id is not None:
        await live.link_registration(db, participant, registration_id)
    start = event.starts_at + timedelta(minutes=5)
    drop = start + timedelta(minutes=minutes // 2)
    spans = [(start, drop), (drop + timedelta(seconds=50), start + timedelta(minutes=minutes))]
    async with db.transaction() as tx:
        for a, b in spans:
            await queries.add_presence(tx, event.id, participant, to_db(a), to_db(b))


async def seed_attendance(db: Database, mailer: Mailer, event: Event, staff_email: str) -> None:
    await _more_people(db, mailer, event, 32)
    staff = await account_by_email(db, staff_email)
    assert staff is not None
    await service.save_attendance_settings(db, event, AttendanceSettingsIn(online_percent=50))
    people = [
        r
        for r in await registrations_of_event(db, event.id)
        if r.status is RegistrationStatus.CONFIRMED
    ]
    lists = await service.lists_of(db, event)
    workshop = lists[1] if len(lists) > 1 else None
    event_minutes = int((event.ends_at - event.starts_at).total_seconds() // 60)
    for index, reg in enumerate(people):
        if index % 5 in (0, 1, 2):
            await service.scan(
                db, event, ScanIn(nonce=secrets.token_hex(8), code=reg.ticket_code), staff
            )
            if workshop is not None:
                await service.scan(
                    db,
                    event,
                    ScanIn(nonce=secrets.token_hex(8), code=reg.ticket_code, list=workshop.key),
                    staff,
                )
        elif index % 5 == 3:
            await _online(db, event, reg.id, event_minutes - 40 - index)
        elif index % 10 == 4:
            await _online(db, event, reg.id, 60)
    for minutes in (90, 200, 330):
        await _online(db, event, None, minutes)
    for organisation, share in WORKFORCE.items():
        await reports.save_workforce(
            db, event, WorkforceIn(organisation=organisation, women_percent=share)
        )
    series = await reports.create_series(
        db,
        SeriesIn(
            name="Kompetenslyftet Gävleborg 2026",
            target_organisations=70,
            target_participants=1000,
        ),
    )
    await reports.set_event_series(db, event, series.id)
