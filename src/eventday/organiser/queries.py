"""SQL for the organiser's home: each event's numbers across the features."""

from __future__ import annotations

from eventday.db import Reader, Row

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


async def numbers(db: Reader) -> list[Row]:
    """Per event: id, confirmed, waitlisted, pending, checked in, mail waiting, mail
    failed, sessions, questions, activities, team members."""
    return await db.fetch_all(_NUMBERS)
