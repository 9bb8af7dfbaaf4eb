"""The organiser's agenda editor: new sessions start with the event's dates, saves
warn about sessions outside the event's hours and speakers in two places, sessions
can be duplicated, and the room and track forms have their own field ids."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from eventday.agenda import service as agenda
from eventday.agenda.models import RoomIn, SessionIn, SessionKind, SpeakerIn
from eventday.agenda.warnings import agenda_warnings
from eventday.db import Database
from eventday.events.models import Event
from eventday.paths import locale_dir
from eventday.web.i18n import Catalogues
from tests.conftest import Client, csrf_token

LOCAL = "%Y-%m-%dT%H:%M"


def local(event: Event, moment: datetime) -> str:
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo(event.timezone)).strftime(LOCAL)


def field_value(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" type="[^"]+" value="([^"]*)"', html)
    assert match, name
    return match.group(1)


async def test_a_new_session_starts_with_the_event_and_then_after_the_last(
    organiser: Client, db: Database, event: Event
) -> None:
    form = (await organiser.get(f"/manage/{event.slug}/agenda/sessions/0")).text
    assert field_value(form, "starts_at") == local(event, event.starts_at)
    assert field_value(form, "ends_at") == local(event, event.starts_at + timedelta(minutes=45))

    await agenda.save_session(
        db,
        event,
        SessionIn(
            title="Öppning",
            starts_at=event.starts_at,
            ends_at=event.starts_at + timedelta(hours=1),
        ),
    )
    form = (await organiser.get(f"/manage/{event.slug}/agenda/sessions/0")).text
    assert field_value(form, "starts_at") == local(event, event.starts_at + timedelta(hours=1))


async def test_saving_warns_outside_the_events_hours_and_for_a_speaker_in_two_places(
    organiser: Client, db: Database, event: Event
) -> None:
    speaker = await agenda.create_speaker(db, event, SpeakerIn(name="Anna Berg"))
    await agenda.save_session(
        db,
        event,
        SessionIn(
            title="Panelen",
            starts_at=event.starts_at + timedelta(hours=1),
            ends_at=event.starts_at + timedelta(hours=2),
            speaker_ids=[speaker.id],
        ),
    )
    late = event.ends_at + timedelta(hours=1)
    token = await csrf_token(organiser, f"/manage/{event.slug}/agenda/sessions/0")
    saved = await organiser.post(
        f"/manage/{event.slug}/agenda/sessions/0?lang=en",
        data={
            "title": "Kvällspasset",
            "kind": "talk",
            "starts_at": local(event, late),
            "ends_at": local(event, late + timedelta(minutes=30)),
            "_csrf_token": token,
        },
    )
    assert saved.status_code == 200
    assert "The session is saved." in saved.text
    assert "“Kvällspasset” is outside the event&#39;s hours" in saved.text
    assert 'class="alert alert--warn flash"' in saved.text

    token = await csrf_token(organiser, f"/manage/{event.slug}/agenda/sessions/0")
    clash = await organiser.post(
        f"/manage/{event.slug}/agenda/sessions/0?lang=en",
        data={
            "title": "Workshoppen",
            "kind": "talk",
            "starts_at": local(event, event.starts_at + timedelta(hours=1, minutes=30)),
            "ends_at": local(event, event.starts_at + timedelta(hours=3)),
            "speaker_ids": str(speaker.id),
            "_csrf_token": token,
        },
    )
    assert "Anna Berg is in two places at once: “Workshoppen” and “Panelen”." in clash.text
    # Saved all the same, and the agenda marks both sessions.
    page = (await organiser.get(f"/manage/{event.slug}/agenda?lang=en")).text
    assert page.count("Anna Berg is in two places at once") == 2
    assert page.count("is outside the event&#39;s hours") == 1
    # The timeline draws every session, the three with a warning marked.
    assert page.count('class="timeline-bar') == 3
    assert page.count("timeline-bar--warn") == 3


async def test_warnings_are_none_for_a_tidy_agenda(db: Database, event: Event) -> None:
    Catalogues.load(locale_dir()).set_active("en")
    speaker = await agenda.create_speaker(db, event, SpeakerIn(name="Anna Berg"))
    for hour in (0, 1):
        await agenda.save_session(
            db,
            event,
            SessionIn(
                title=f"Pass {hour}",
                starts_at=event.starts_at + timedelta(hours=hour),
                ends_at=event.starts_at + timedelta(hours=hour + 1),
                speaker_ids=[speaker.id],
            ),
        )
    loaded = await agenda.load_agenda(db, event)
    assert agenda_warnings(event, loaded.sessions) == {}


async def test_duplicate_puts_a_copy_after_the_original(
    organiser: Client, db: Database, event: Event
) -> None:
    room = await agenda.create_room(db, event, RoomIn(name="Sal A"))
    original = await agenda.save_session(
        db,
        event,
        SessionIn(
            title="Workshop",
            kind=SessionKind.WORKSHOP,
            starts_at=event.starts_at,
            ends_at=event.starts_at + timedelta(minutes=90),
            room_id=room.id,
            capacity=20,
        ),
    )
    token = await csrf_token(organiser, f"/manage/{event.slug}/agenda")
    response = await organiser.post(
        f"/manage/{event.slug}/agenda/sessions/{original.id}/duplicate?lang=en",
        data={"_csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    copy_id = int(response.headers["location"].rsplit("/", 1)[1])
    copy = await agenda.get_session(db, event, copy_id)
    assert copy.title == original.title
    assert copy.starts_at == original.ends_at
    assert copy.ends_at - copy.starts_at == timedelta(minutes=90)
    assert (copy.room_id, copy.capacity, copy.kind) == (room.id, 20, original.kind)
    page = (await organiser.get(response.headers["location"])).text
    assert "This is a copy of “Workshop”" in page


async def test_room_and_track_forms_have_their_own_ids(organiser: Client, event: Event) -> None:
    page = (await organiser.get(f"/manage/{event.slug}/agenda")).text
    ids = re.findall(r'id="(field-[^"]+)"', page)
    assert len(ids) == len(set(ids)), ids
    assert '<label for="field-room-name">' in page
    assert '<label for="field-track-name">' in page


async def test_the_timeline_places_sessions_in_their_rooms(db: Database, event: Event) -> None:
    from eventday.agenda.timeline import day_timeline

    Catalogues.load(locale_dir()).set_active("sv")
    room = await agenda.create_room(db, event, RoomIn(name="Sal A"))
    await agenda.save_session(
        db,
        event,
        SessionIn(
            title="Mitt på dagen",
            starts_at=event.starts_at + timedelta(hours=2),
            ends_at=event.starts_at + timedelta(hours=4),
            room_id=room.id,
        ),
    )
    await agenda.save_session(
        db,
        event,
        SessionIn(title="Utan sal", starts_at=event.starts_at, ends_at=event.ends_at),
    )
    loaded = await agenda.load_agenda(db, event)
    timeline = day_timeline(event, loaded.sessions, set())
    assert [lane.room for lane in timeline.lanes] == ["Sal A", None]
    middle = timeline.lanes[0].bars[0]
    # The event lasts eight hours: 2 h in is 25 %, two hours wide is 25 %.
    assert (middle.x, middle.width) == (25.0, 25.0)
    assert (timeline.lanes[1].bars[0].x, timeline.lanes[1].bars[0].width) == (0.0, 100.0)
    assert len(timeline.ticks) == 9
