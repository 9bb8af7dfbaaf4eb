"""The organiser's home: each event's numbers and what is left to prepare."""

from __future__ import annotations

import msgspec

from eventday.db import Reader
from eventday.events.models import Event, EventStatus
from eventday.organiser import queries


class Step(msgspec.Struct, frozen=True, kw_only=True):
    """One thing to prepare: ``key`` names it (the page translates), ``count`` what
    is there so far, ``path`` where to do it."""

    key: str
    count: int
    path: str

    @property
    def done(self) -> bool:
        return self.count > 0


class EventOverview(msgspec.Struct, frozen=True, kw_only=True):
    event: Event
    confirmed: int
    waitlisted: int
    pending: int
    checked_in: int
    online_now: int
    mail_waiting: int
    mail_failed: int
    steps: list[Step]


async def overviews(
    db: Reader, events: list[Event], online_now: dict[int, int]
) -> list[EventOverview]:
    """The numbers of ``events`` (in their order); ``online_now`` is the live hub's
    count of connected phones per event id."""
    rows = {row[0]: row for row in await queries.numbers(db)}
    result = []
    for event in events:
        row = rows[event.id]
        base = f"/manage/{event.slug}"
        steps = [
            Step(key="agenda", count=row[7], path=f"{base}/agenda"),
            Step(key="form", count=row[8], path=f"{base}/registration-form"),
            Step(key="activities", count=row[9], path=f"{base}/live"),
            Step(key="team", count=row[10], path=f"{base}/team"),
            Step(
                key="publish",
                count=int(event.status is not EventStatus.DRAFT),
                path=f"{base}/edit",
            ),
        ]
        result.append(
            EventOverview(
                event=event,
                confirmed=row[1],
                waitlisted=row[2],
                pending=row[3],
                checked_in=row[4],
                online_now=online_now.get(event.id, 0),
                mail_waiting=row[5],
                mail_failed=row[6],
                steps=steps,
            )
        )
    return result
