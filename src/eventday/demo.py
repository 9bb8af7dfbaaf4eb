"""The demo: a realistic Swedish industry day, seeded through the same services the
app uses. Each feature adds its part here as it lands."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import msgspec

from eventday.accounts import service as accounts
from eventday.accounts.models import AccountIn, EventRole, Role
from eventday.accounts.passwords import Passwords
from eventday.agenda.demo import seed_programme
from eventday.app import resolve_secret
from eventday.clock import local, utcnow
from eventday.db import Database
from eventday.db.migrations import migrate
from eventday.demo_attendance import seed_attendance
from eventday.events import service as events
from eventday.events.models import Event, EventFormat, EventIn, EventStatus
from eventday.exports.queries import registrations_of_event
from eventday.live.demo import seed_last_year, seed_live
from eventday.mail import Outbox
from eventday.paths import locale_dir
from eventday.registration.demo import seed_registrations
from eventday.registration.mails import Mailer
from eventday.registration.models import RegistrationStatus
from eventday.settings import Settings
from eventday.web.i18n import Catalogues
from eventday.webinar import evaluation
from eventday.webinar.models import EvaluationIn, EvaluationQuestionIn, QuestionKind

DEMO_PASSWORD = "eventday-demo"  # noqa: S105 - printed by the demo on purpose
DEMO_ORGANISER = "organisator@example.se"
DEMO_MODERATOR = "moderator@example.se"
DEMO_STAFF = "incheckning@example.se"
TIMEZONE = "Europe/Stockholm"


class DemoSeed(msgspec.Struct, frozen=True):
    event: Event
    organiser_email: str
    moderator_email: str
    staff_email: str
    password: str


def _today_at(hour: int, minute: int = 0) -> datetime:
    today = local(utcnow(), TIMEZONE).date()
    return datetime.combine(today, time(hour, minute), tzinfo=ZoneInfo(TIMEZONE))


async def seed_demo(db: Database, settings: Settings) -> DemoSeed:
    """Fill an empty, migrated database with the demo day (held today, 08:30-16:00)."""
    await migrate(db)
    passwords = Passwords.from_settings(settings)
    organiser = await accounts.create_account(
        db,
        passwords,
        AccountIn(
            email=DEMO_ORGANISER,
            role=Role.ORGANISER,
            password=DEMO_PASSWORD,
            name="Maria Lindqvist",
        ),
    )
    moderator = await accounts.create_account(
        db,
        passwords,
        AccountIn(
            email=DEMO_MODERATOR, role=Role.MODERATOR, password=DEMO_PASSWORD, name="Johan Berg"
        ),
    )
    staff = await accounts.create_account(
        db,
        passwords,
        AccountIn(email=DEMO_STAFF, role=Role.STAFF, password=DEMO_PASSWORD, name="Sara Nyström"),
    )
    starts = _today_at(8, 30)
    event = await events.create_event(
        db,
        EventIn(
            name="Kompetensdagen 2026 – digital kompetens i industrin",
            slug="kompetensdagen-2026",
            description=(
                "En dag om kompetensförsörjning i industrin: branschorganisationer, fack, "
                "myndigheter och företag om hur vi rekryterar och utbildar för en digital "
                "framtid. Ställ frågor, rösta och bidra till ordmolnet från mobilen."
            ),
            name_en="Competence Day 2026 – digital skills in industry",
            description_en=(
                "A day on skills supply in industry: trade associations, unions, agencies "
                "and companies on how we recruit and train for a digital future. Ask "
                "questions, vote and add to the word cloud from your phone."
            ),
            venue="Storhallen, Sandviken",
            online_url="https://www.youtube.com/watch?v=jNQXAC9IVRw",
            format=EventFormat.HYBRID,
            starts_at=starts,
            ends_at=_today_at(16, 0),
            timezone=TIMEZONE,
            capacity=600,
            registration_opens_at=starts - timedelta(days=30),
            # Open all day, so the demo's registration page works whenever it is tried.
            registration_closes_at=_today_at(23, 59),
            contact_email="kontakt@example.se",
        ),
    )
    await accounts.grant_event_role(db, event.id, DEMO_MODERATOR, EventRole.MODERATOR, organiser.id)
    await accounts.grant_event_role(db, event.id, DEMO_STAFF, EventRole.STAFF, organiser.id)
    del moderator, staff
    await seed_programme(db, event)
    await seed_live(db, event)
    questions = await evaluation.save_questions(db, event, DEMO_EVALUATION)
    mailer = Mailer(settings, Catalogues.load(locale_dir()), Outbox(db, settings))
    await seed_registrations(db, mailer, event)
    await seed_attendance(db, mailer, event, DEMO_STAFF)
    await seed_evaluation_answers(db, settings, event, [q.id for q in questions])
    await _seed_last_year(db)
    return DemoSeed(event, DEMO_ORGANISER, DEMO_MODERATOR, DEMO_STAFF, DEMO_PASSWORD)


async def _seed_last_year(db: Database) -> None:
    """Last year's day, archived, whose live activities can be copied into this one."""
    starts = _today_at(8, 30) - timedelta(days=364)
    event = await events.create_event(
        db,
        EventIn(
            name="Kompetensdagen 2025",
            slug="kompetensdagen-2025",
            starts_at=starts,
            ends_at=starts + timedelta(hours=7, minutes=30),
            timezone=TIMEZONE,
        ),
    )
    await seed_last_year(db, event)
    await events.set_status(db, event, EventStatus.ARCHIVED)


DEMO_EVALUATION = EvaluationIn(
    questions=[
        EvaluationQuestionIn(kind=QuestionKind.SCALE, prompt="Hur nyttig var dagen för dig?"),
        EvaluationQuestionIn(
            kind=QuestionKind.CHOICE,
            prompt="Vill du komma nästa år?",
            options=["Ja", "Kanske", "Nej"],
        ),
        EvaluationQuestionIn(kind=QuestionKind.TEXT, prompt="Vad ska vi göra bättre?"),
    ]
)
"""The demo day's evaluation, mailed with the thank-you mail after the day."""

DEMO_IMPROVEMENTS = ("Längre pauser för att nätverka", "Fler exempel från små företag", "")


async def seed_evaluation_answers(
    db: Database, settings: Settings, event: Event, question_ids: list[int]
) -> None:
    """Twenty confirmed attendees' answers, so the webinar page and the funder's report
    show results, with breakdowns only for the groups of five or more."""
    secret = resolve_secret(settings)
    people = [
        r
        for r in await registrations_of_event(db, event.id)
        if r.status is RegistrationStatus.CONFIRMED
    ][:20]
    scale, choice, text = question_ids
    for index, reg in enumerate(people):
        answers = {scale: str(3 + index % 3), choice: ("Ja", "Ja", "Kanske", "Nej")[index % 4]}
        if DEMO_IMPROVEMENTS[index % 3]:
            answers[text] = DEMO_IMPROVEMENTS[index % 3]
        await evaluation.answer(db, event, evaluation.registrant(secret, reg), answers)


def demo_banner(seed: DemoSeed, base_url: str) -> str:
    """What the demo prints: where each kind of user goes, and how to log in."""
    event = seed.event
    lines = [
        "",
        f"eventday demo: {event.name}",
        "",
        f"  Attendee front page     {base_url}/",
        f"  Organiser dashboard     {base_url}/manage",
        f"  Event team              {base_url}/manage/{event.slug}/team",
        f"  Event page and agenda   {base_url}/e/{event.slug}",
        f"  Register                {base_url}/e/{event.slug}/register",
        f"  Registrations           {base_url}/manage/{event.slug}/registrations",
        f"  Agenda (organiser)      {base_url}/manage/{event.slug}/agenda",
        f"  Join code               {event.join_code}",
        f"  Attendee live page      {base_url}/{event.join_code}",
        f"  Projector (moderator)   {base_url}/{event.join_code}/screen",
        f"  Live activities         {base_url}/manage/{event.slug}/live",
        f"  Moderator console       {base_url}/console/{event.slug}",
        f"  Check-in (staff)        {base_url}/checkin/{event.slug}",
        f"  Exports                 {base_url}/manage/{event.slug}/exports",
        f"  Funder's report         {base_url}/manage/{event.slug}/report",
        f"  Webinar: stream, mail   {base_url}/manage/{event.slug}/webinar",
        f"  API schema              {base_url}/schema",
        "",
        f"  Log in as organiser     {seed.organiser_email} / {seed.password}",
        f"  Log in as moderator     {seed.moderator_email} / {seed.password}",
        f"  Log in as check-in      {seed.staff_email} / {seed.password}",
        "",
    ]
    return "\n".join(lines)
