"""What looks wrong in an agenda but is allowed: a session outside the event's hours,
a speaker in two places at once. The editor shows these after a save and beside each
session; nothing is refused (a session may run over, a speaker may really hop)."""

from __future__ import annotations

from itertools import combinations

import msgspec

from eventday.agenda.models import Session
from eventday.errors import N_
from eventday.events.models import Event
from eventday.web.i18n import format_span, gettext

OUTSIDE_HOURS = N_("“%(title)s” is outside the event's hours (%(hours)s).")
TWO_PLACES = N_("%(speaker)s is in two places at once: “%(title)s” and “%(other)s”.")


class AgendaWarning(msgspec.Struct, frozen=True):
    message: str  # an English N_ text
    params: dict[str, str]

    def text(self) -> str:
        """The warning in the request's language."""
        return gettext(self.message, **self.params)


def _overlap(a: Session, b: Session) -> bool:
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def agenda_warnings(event: Event, sessions: list[Session]) -> dict[int, list[AgendaWarning]]:
    """The warnings of each session (by id); sessions without any are left out."""
    found: dict[int, list[AgendaWarning]] = {}
    hours = format_span(event.starts_at, event.ends_at, event.timezone, "short")
    for session in sessions:
        if session.starts_at < event.starts_at or session.ends_at > event.ends_at:
            found.setdefault(session.id, []).append(
                AgendaWarning(OUTSIDE_HOURS, {"title": session.title, "hours": hours})
            )
    for a, b in combinations(sessions, 2):
        if not _overlap(a, b):
            continue
        shared = {p.id for p in a.speakers} & {p.id for p in b.speakers}
        for speaker in (p for p in a.speakers if p.id in shared):
            for one, other in ((a, b), (b, a)):
                found.setdefault(one.id, []).append(
                    AgendaWarning(
                        TWO_PLACES,
                        {"speaker": speaker.name, "title": one.title, "other": other.title},
                    )
                )
    return found
