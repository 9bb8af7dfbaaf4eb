"""The demo day's registration form and a few registrations (fictional people)."""

from __future__ import annotations

from datetime import timedelta

from eventday.agenda import queries as agenda_queries
from eventday.db import Database
from eventday.events.models import Event
from eventday.registration import service
from eventday.registration.mails import Mailer
from eventday.registration.models import (
    Builtin,
    FieldMode,
    QuestionIn,
    QuestionKind,
    RegistrationFormIn,
    RegistrationIn,
)

CONSENT = (
    "Vi sparar dina uppgifter för att administrera dagen och för projektets rapport till "
    "Europeiska socialfonden. Uppgifterna raderas ett år efter dagen."
)
CONSENT_EN = (
    "We keep your details to run the day and for the project's report to the European "
    "Social Fund. They are deleted one year after the day."
)
PEOPLE = [
    ("Lars Eriksson", "Sandvikens Verkstad AB", "Produktionschef", "man"),
    ("Maja Holm", "Gävle Plåt och Svets", "Hr-chef", "woman"),
    ("Ahmed Yusuf", "Norrbergs Gruvteknik", "Automationsingenjör", "man"),
    ("Elin Sandberg", "Region Gävleborg", "Utvecklingsstrateg", "woman"),
    ("Johanna Wik", "Hofors Stålkomponenter", "Vd", "woman"),
    ("Nils Åberg", "Industrifacket Gävleborg", "Klubbordförande", "undisclosed"),
    ("Fatima Rahimi", "Edsbyns Trä AB", "Utbildningsansvarig", "woman"),
    ("Oskar Lund", "Ockelbo Mekaniska", "Teamledare", "man"),
]


async def seed_registrations(db: Database, mailer: Mailer, event: Event) -> None:
    """A form with the built-in questions, one own question, a consent text, and
    registrations of which some booked a workshop seat."""
    await service.save_form(
        db,
        event,
        RegistrationFormIn(
            builtins={
                Builtin.ROLE: FieldMode.OPTIONAL,
                Builtin.DIETARY: FieldMode.OPTIONAL,
                Builtin.ACCESSIBILITY: FieldMode.OPTIONAL,
                Builtin.REGION: FieldMode.OPTIONAL,
                Builtin.GENDER: FieldMode.OPTIONAL,
            },
            consent_text=CONSENT,
            consent_text_en=CONSENT_EN,
        ),
    )
    question = await service.add_question(
        db,
        event,
        QuestionIn(
            label="Hur många anställda har din organisation?",
            kind=QuestionKind.SINGLE,
            options=["1–9", "10–49", "50–249", "250 eller fler"],
            label_en="How many people does your organisation employ?",
            options_en=["1–9", "10–49", "50–249", "250 or more"],
        ),
    )
    workshops = [s.id for s in await agenda_queries.sessions_of_event(db, event.id) if s.bookable]
    for number, (name, organisation, role, gender) in enumerate(PEOPLE):
        email = name.lower().replace(" ", ".").translate(str.maketrans("åäö", "aao"))
        await service.register(
            db,
            mailer,
            event,
            RegistrationIn(
                name=name, email=f"{email}@example.se", organisation=organisation, consent=True
            ),
            {
                "role": [role],
                "gender": [gender],
                "region": ["Gävleborgs län"],
                question.key: ["10–49" if number % 2 else "50–249"],
            },
            session_ids=[workshops[number % len(workshops)]] if workshops else [],
            # Made in the weeks before the day, so the workshops were still to come.
            at=event.starts_at - timedelta(days=20 - number % 20, hours=1),
        )
