"""The demo day's programme: rooms, speakers and sessions in the spirit of a Swedish
industry day (every name, title and organisation is fictional)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from eventday.agenda import service
from eventday.agenda.models import RoomIn, SessionIn, SessionKind, SpeakerIn, TrackIn
from eventday.db import Database
from eventday.events.models import Event

SPEAKERS = {
    "hedlund": SpeakerIn(
        name="Anna Hedlund",
        title="Vd",
        title_en="CEO",
        organisation="Industriföreningen Mitt",
        bio="Anna leder branschorganisationen för tillverkande företag i Mellansverige och "
        "har arbetat med kompetensförsörjning i femton år.",
    ),
    "sundqvist": SpeakerIn(
        name="Per Sundqvist",
        title="Vd",
        title_en="CEO",
        organisation="Bergsbruksföreningen",
        bio="Per är vd för gruv- och mineralnäringens branschförening och har en bakgrund "
        "som bergsingenjör.",
    ),
    "oberg": SpeakerIn(
        name="Karin Öberg",
        title="Enhetschef",
        title_en="Head of unit",
        organisation="Kompetensverket",
        bio="Karin ansvarar för myndighetens analyser av kompetensbehov i industrin.",
    ),
    "forsberg": SpeakerIn(
        name="Mikael Forsberg",
        title="Näringspolitisk chef",
        organisation="Industriarbetsgivarna",
        bio="Mikael företräder arbetsgivarna i frågor om utbildning och omställning.",
    ),
    "haddad": SpeakerIn(
        name="Leila Haddad",
        title="Ombudsman",
        organisation="Industrifacket Gävleborg",
        bio="Leila arbetar med lärande på arbetsplatsen och med jämställda arbetsplatser.",
    ),
    "lindgren": SpeakerIn(
        name="Erik Lindgren",
        title="Projektledare",
        title_en="Project manager",
        organisation="Digilyft Gävleborg",
        bio="Erik leder ett ESF-finansierat projekt som har nått över 70 företag med "
        "utbildning i digital kompetens.",
    ),
    "nystrom": SpeakerIn(
        name="Sofia Nyström",
        title="Processledare",
        organisation="Digilyft Gävleborg",
        bio="Sofia leder workshoppar om kompetensbehov och digitala verktyg i produktionen.",
    ),
}


def _at(day: date, tz: ZoneInfo, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tz)


async def seed_programme(db: Database, event: Event) -> None:
    """Rooms Storhallen and Workshop A/B, tracks, speakers and a full day's sessions,
    most with English titles ("Gruvnäringens digitala lyft" has none, so English
    visitors see a Swedish fallback)."""
    tz = ZoneInfo(event.timezone)
    day = event.starts_at.astimezone(tz).date()
    hall = (await service.create_room(db, event, RoomIn(name="Storhallen", position=0))).id
    room_a = (await service.create_room(db, event, RoomIn(name="Workshop A", position=1))).id
    room_b = (await service.create_room(db, event, RoomIn(name="Workshop B", position=2))).id
    main = (await service.create_track(db, event, TrackIn(name="Huvudprogram"))).id
    work = (await service.create_track(db, event, TrackIn(name="Workshoppar", colour="#136f3a"))).id
    ids = {key: (await service.create_speaker(db, event, s)).id for key, s in SPEAKERS.items()}

    def session(
        title: str,
        start: tuple[int, int],
        end: tuple[int, int],
        kind: SessionKind = SessionKind.TALK,
        speakers: tuple[str, ...] = (),
        room: int = hall,
        capacity: int | None = None,
        description: str = "",
        title_en: str = "",
        description_en: str = "",
    ) -> SessionIn:
        return SessionIn(
            title=title,
            starts_at=_at(day, tz, *start),
            ends_at=_at(day, tz, *end),
            kind=kind,
            room_id=room,
            track_id=work if kind is SessionKind.WORKSHOP else main,
            capacity=capacity,
            speaker_ids=[ids[s] for s in speakers],
            description=description,
            title_en=title_en,
            description_en=description_en,
        )

    programme = [
        session("Registrering och kaffe", (8, 30), (9, 0), SessionKind.BREAK, title_en="Coffee"),
        session(
            "Välkomstord från branschen",
            (9, 0),
            (9, 20),
            speakers=("hedlund", "sundqvist"),
            description="Två vd:ar för branschorganisationerna hälsar välkommen och berättar "
            "varför kompetensförsörjningen avgör industrins framtid.",
            title_en="Welcome from the industry",
            description_en="Two chief executives of the industry associations welcome you and "
            "tell why skills supply decides the future of industry.",
        ),
        session(
            "Kompetensbehoven i siffror",
            (9, 20),
            (9, 50),
            speakers=("oberg",),
            description="Vilka yrken och kompetenser saknas de närmaste fem åren? Myndighetens "
            "nya prognos, län för län.",
            title_en="Skills needs in figures",
            description_en="Which occupations and skills will be missing in the next five "
            "years? The agency's new forecast, county by county.",
        ),
        session(
            "Gruvnäringens digitala lyft",
            (9, 50),
            (10, 20),
            speakers=("sundqvist",),
            description="Automation, fjärrstyrning och programmering: så förändras jobben "
            "under jord, och så utbildar vi för dem.",
        ),
        session("Fika", (10, 20), (10, 40), SessionKind.BREAK, title_en="Coffee break"),
        session(
            "Arbetsgivarnas behov 2030",
            (10, 40),
            (11, 10),
            speakers=("forsberg",),
            description="Vad arbetsgivarna söker när de rekryterar, och vad de själva kan "
            "göra för att vidareutbilda sina anställda.",
            title_en="What employers need by 2030",
        ),
        session(
            "Lärande på arbetstid – fackets perspektiv",
            (11, 10),
            (11, 40),
            speakers=("haddad",),
            description="Om rätten till kompetensutveckling, jämställdhet och tillgänglighet "
            "i utbildningen.",
            title_en="Learning during working hours – the union's view",
        ),
        session(
            "Samtal: hur når vi tusen deltagare?",
            (11, 40),
            (12, 0),
            SessionKind.PANEL,
            speakers=("lindgren", "forsberg", "haddad"),
            description="Projektet har mål om 70 företag och 1 000 deltagare. Vad krävs?",
            title_en="Panel: how do we reach a thousand participants?",
            description_en="The project aims at 70 companies and 1,000 participants. "
            "What does it take?",
        ),
        session("Lunch", (12, 0), (13, 0), SessionKind.BREAK, title_en="Lunch"),
        session(
            "Workshop: framtidens kompetensbehov",
            (13, 0),
            (14, 30),
            SessionKind.WORKSHOP,
            speakers=("nystrom",),
            room=room_a,
            capacity=30,
            description="I grupper tar vi fram de tre viktigaste åtgärderna för regionen.",
            title_en="Workshop: future skills needs",
        ),
        session(
            "Workshop: digitala verktyg i produktionen",
            (13, 0),
            (14, 30),
            SessionKind.WORKSHOP,
            speakers=("lindgren",),
            room=room_b,
            capacity=20,
            description="Prova verktygen som projektets företag redan använder.",
            title_en="Workshop: digital tools in production",
        ),
        session(
            "Resultat från workshopparna",
            (14, 45),
            (15, 30),
            speakers=("nystrom", "lindgren"),
            description="Workshopparnas förslag sammanfattas i tre konkreta punkter.",
            title_en="Results from the workshops",
        ),
        session("Avslutning", (15, 30), (16, 0), speakers=("hedlund",), title_en="Closing"),
    ]
    for item in programme:
        await service.save_session(db, event, item)
