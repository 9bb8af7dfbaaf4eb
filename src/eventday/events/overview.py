"""The organiser's home: each event's numbers and what is left to prepare."""

from __future__ import annotations

import msgspec

from eventday.db import Database
from eventday.events.models import Event, EventStatus

# One row per event; subqueries ride on each table's (event_id, ...) index.
_NUMBERS = """
SELECT e.id,
  (SELECT COUNT(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'confirmed'),
  (SELECT COUNT(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'waitlisted'),
  (SELECT COUNT(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'pending'),
  (SELECT COUNT(*) FROM checkins c
     WHERE c.event_id = e.id AND c.session_id IS NULL AND c.undone_at IS NULL),
  (SELECT COUNT(*) FROM mail_outbox m
     WHERE m.event_id = e.id AND m.status IN ('queued', 'sending')),
  (SELECT COUNT(*) FROM mail_outbox m WHERE m.event_id = e.id AND m.status = 'failed'),
  (SELECT COUNT(*) FROM sessions s WHERE s.event_id = e.id),
  (SELECT COUNT(*) FROM registration_questions q WHERE q.event_id = e.id),
  (SELECT COUNT(*) FROM live_activities a WHERE a.event_id = e.id),
  (SELECT COUNT(DISTINCT t.account_id) FROM event_roles t WHERE t.event_id = e.id)
FROM events e
"""


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
    db: Database, events: list[Event], online_now: dict[int, int]
) -> list[EventOverview]:
    """The numbers of ``events`` (in their order); ``online_now`` is the live hub's
    count of connected phones per event id."""
    rows = {row[0]: row for row in await db.fetch_all(_NUMBERS)}
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
