"""The demo day's live activities: the word cloud from the Sandviken report, a poll,
a rating scale, a ranking, an idea board, a quiz and a Q&A."""

from __future__ import annotations

from eventday.agenda.queries import sessions_of_event
from eventday.db import Database, Transaction
from eventday.events.models import Event
from eventday.live import activities
from eventday.live.models import ActivityConfig, ActivityIn, ActivityKind, ActivityState

WORD_CLOUD_QUESTION = "Vilka digitala kompetenser är viktigast när ni rekryterar?"


async def seed_live(db: Database, event: Event) -> None:
    """Create the demo activities, each in the agenda session it belongs to (seed the
    programme first); the word cloud, the poll and the Q&A are open and the word cloud
    is on the projector."""
    session = {s.title: s.id for s in await sessions_of_event(db, event.id)}
    async with db.transaction() as tx:
        await _seed(tx, event, session)


async def _seed(tx: Transaction, event: Event, session: dict[str, int]) -> None:
    cloud = await activities.create_activity(
        tx,
        event,
        ActivityIn(
            session_id=session.get("Kompetensbehoven i siffror"),
            kind=ActivityKind.WORDCLOUD,
            title=WORD_CLOUD_QUESTION,
            title_en="Which digital skills matter most when you recruit?",
            config=ActivityConfig(max_entries=3, drop_stop_words=True),
        ),
    )
    poll = await activities.create_activity(
        tx,
        event,
        ActivityIn(
            session_id=session.get("Kompetensbehoven i siffror"),
            kind=ActivityKind.CHOICE,
            title="Hur stor del av personalen fick digital kompetensutveckling förra året?",
            title_en="How much of your staff had digital skills training last year?",
            config=ActivityConfig(
                options=["Under 10 %", "10–25 %", "25–50 %", "Över 50 %", "Vet inte"],
                options_en=["Under 10 %", "10–25 %", "25–50 %", "Over 50 %", "Don't know"],
            ),
        ),
    )
    await activities.create_activity(
        tx,
        event,
        ActivityIn(
            session_id=session.get("Arbetsgivarnas behov 2030"),
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
    )
    await activities.create_activity(
        tx,
        event,
        ActivityIn(
            session_id=session.get("Lärande på arbetstid – fackets perspektiv"),
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
    )
    await activities.create_activity(
        tx,
        event,
        ActivityIn(
            session_id=session.get("Samtal: hur når vi tusen deltagare?"),
            kind=ActivityKind.CHOICE,
            title="Quiz: hur många deltagare har projektet som mål att utbilda?",
            hide_results=True,
            config=ActivityConfig(options=["200", "500", "1 000", "5 000"], correct=[2]),
        ),
    )
    await activities.create_activity(
        tx,
        event,
        ActivityIn(
            session_id=session.get("Workshop: framtidens kompetensbehov"),
            kind=ActivityKind.IDEAS,
            title="Workshop: hur lockar vi fler unga till industrin?",
        ),
    )
    qa = await activities.create_activity(
        tx,
        event,
        ActivityIn(
            session_id=session.get("Samtal: hur når vi tusen deltagare?"),
            kind=ActivityKind.QA,
            title="Frågor till panelen",
            title_en="Questions for the panel",
        ),
    )
    for activity in (poll, qa, cloud):  # the last one opened is on the stage
        await activities.set_state(tx, activity, ActivityState.OPEN)
