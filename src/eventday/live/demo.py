"""The demo day's live activities: the word cloud from the Sandviken report, a poll,
a rating scale, a ranking, an idea board (kept open on phones beside the stage), a
quiz, a Q&A and a quick poll running a countdown; and a scored closing quiz (three
questions of the closing session, with a leaderboard; short questions that suit a
countdown) and an open-text wall."""

from __future__ import annotations

import msgspec

from eventday.agenda.queries import sessions_of_event
from eventday.db import Database, Transaction
from eventday.events.models import Event
from eventday.live import activities
from eventday.live.models import Activity, ActivityConfig, ActivityIn, ActivityKind, ActivityState

WORD_CLOUD_QUESTION = "Vilka digitala kompetenser är viktigast när ni rekryterar?"
POLL_QUESTION = "Hur stor del av personalen fick digital kompetensutveckling förra året?"
IDEAS_QUESTION = "Workshop: hur lockar vi fler unga till industrin?"
QA_TITLE = "Frågor till panelen"
QUICK_POLL_QUESTION = "Snabbfråga: ska vi korta lunchen och sluta tidigare?"


async def seed_live(db: Database, event: Event) -> None:
    """Create the demo activities, each in the agenda session it belongs to (seed the
    programme first); the word cloud, the poll, the idea board, the quick poll (with a
    30-minute countdown) and the Q&A are open, the idea board is kept open on phones
    (the Q&A always is) and the word cloud is on the projector."""
    session = {s.title: s.id for s in await sessions_of_event(db, event.id)}
    async with db.transaction() as tx:
        await _seed(tx, event, session)


async def seed_last_year(db: Database, event: Event) -> None:
    """Last year's day, with activities the organiser can copy into this year's
    (the activity editor's *Copy activities from another event*)."""
    async with db.transaction() as tx:
        for data in (
            ActivityIn(
                kind=ActivityKind.CHOICE,
                title="Vilka yrkesroller är svårast att rekrytera till?",
                title_en="Which roles are hardest to recruit for?",
                config=ActivityConfig(
                    options=["Automationstekniker", "Svetsare", "Underhållstekniker"],
                    options_en=["Automation technician", "Welder", "Maintenance technician"],
                    multiple=True,
                ),
            ),
            ActivityIn(
                kind=ActivityKind.WORDCLOUD,
                title="Ett ord om dagen",
                title_en="One word about the day",
                config=ActivityConfig(max_entries=1),
            ),
        ):
            await activities.create_activity(tx, event, data)


# The demo's activities in the order they are made (their ids follow it), each with the
# title of the agenda session it belongs to.
ACTIVITIES: list[tuple[str, ActivityIn]] = [
    (
        "Kompetensbehoven i siffror",
        ActivityIn(
            kind=ActivityKind.WORDCLOUD,
            title=WORD_CLOUD_QUESTION,
            title_en="Which digital skills matter most when you recruit?",
            config=ActivityConfig(max_entries=3, drop_stop_words=True),
        ),
    ),
    (
        "Kompetensbehoven i siffror",
        ActivityIn(
            kind=ActivityKind.CHOICE,
            title=POLL_QUESTION,
            title_en="How much of your staff had digital skills training last year?",
            config=ActivityConfig(
                options=["Under 10 %", "10–25 %", "25–50 %", "Över 50 %", "Vet inte"],
                options_en=["Under 10 %", "10–25 %", "25–50 %", "Over 50 %", "Don't know"],
            ),
        ),
    ),
    (
        "Arbetsgivarnas behov 2030",
        ActivityIn(
            kind=ActivityKind.SCALE,
            title="Hur väl rustat är ert företag för digitaliseringen?",
            title_en="How well prepared is your company for digitalisation?",
            config=ActivityConfig(
                scale_min=1,
                scale_max=5,
                min_label="Inte alls",
                max_label="Mycket väl",
                min_label_en="Not at all",
                max_label_en="Very well",
            ),
        ),
    ),
    (
        "Lärande på arbetstid – fackets perspektiv",
        ActivityIn(
            kind=ActivityKind.RANKING,
            title="Rangordna insatserna för kompetensförsörjningen",
            config=ActivityConfig(
                options=[
                    "Validering av befintlig kompetens",
                    "Korta yrkesutbildningar",
                    "Samarbete med skolor",
                    "Lärlingsplatser",
                ]
            ),
        ),
    ),
    (
        "Samtal: hur når vi tusen deltagare?",
        ActivityIn(
            kind=ActivityKind.CHOICE,
            title="Quiz: hur många deltagare har projektet som mål att utbilda?",
            hide_results=True,
            config=ActivityConfig(options=["200", "500", "1 000", "5 000"], correct=[2]),
        ),
    ),
    (
        "Workshop: framtidens kompetensbehov",
        ActivityIn(kind=ActivityKind.IDEAS, title=IDEAS_QUESTION),
    ),
    (
        "Samtal: hur når vi tusen deltagare?",
        ActivityIn(kind=ActivityKind.QA, title=QA_TITLE, title_en="Questions for the panel"),
    ),
    # The scored quiz of the closing session (its questions make one quiz, see
    # ``live.quiz``; each suits a 30-second timer) and the day's open-text wall.
    *(
        (
            "Avslutning",
            ActivityIn(
                kind=ActivityKind.CHOICE,
                title=title,
                title_en=title_en,
                hide_results=True,
                config=ActivityConfig(
                    options=options, options_en=options_en, correct=[correct], points=10
                ),
            ),
        )
        for title, title_en, options, options_en, correct in [
            (
                "Quiz: hur många deltagare vill projektet nå?",
                "Quiz: how many participants does the project want to reach?",
                ["200", "500", "1 000", "5 000"],
                ["200", "500", "1,000", "5,000"],
                2,
            ),
            (
                "Quiz: vilket år gäller arbetsgivarnas behovsprognos?",
                "Quiz: which year is the employers' forecast for?",
                ["2026", "2030", "2035", "2040"],
                ["2026", "2030", "2035", "2040"],
                1,
            ),
            (
                "Quiz: vad kallas det när befintlig kompetens bedöms och intygas?",
                "Quiz: what is it called when existing skills are assessed and certified?",
                ["Validering", "Ackreditering", "Certifiering", "Kalibrering"],
                ["Validation", "Accreditation", "Certification", "Calibration"],
                0,
            ),
        ]
    ),
    (
        "Resultat från workshopparna",
        ActivityIn(
            kind=ActivityKind.OPEN_TEXT,
            title="Vad tar du med dig från dagen?",
            title_en="What will you take with you from today?",
            config=ActivityConfig(max_entries=2),
        ),
    ),
    (
        "Kompetensbehoven i siffror",
        ActivityIn(
            kind=ActivityKind.CHOICE,
            title=QUICK_POLL_QUESTION,
            title_en="Quick poll: a shorter lunch and an earlier end?",
            config=ActivityConfig(options=["Ja", "Nej"], options_en=["Yes", "No"]),
        ),
    ),
]
# Opened, in this order (the last one opened is on the stage).
OPEN = [POLL_QUESTION, IDEAS_QUESTION, QUICK_POLL_QUESTION, QA_TITLE, WORD_CLOUD_QUESTION]


async def _seed(tx: Transaction, event: Event, session: dict[str, int]) -> None:
    made: dict[str, Activity] = {}
    for session_title, data in ACTIVITIES:
        data = msgspec.structs.replace(data, session_id=session.get(session_title))
        made[data.title] = await activities.create_activity(tx, event, data)
    for title in OPEN:
        await activities.set_state(tx, made[title], ActivityState.OPEN)
    await activities.set_always_open(tx, made[IDEAS_QUESTION], True)
    await activities.start_timer(tx, made[QUICK_POLL_QUESTION], 30 * 60)
