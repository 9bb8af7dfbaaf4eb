"""What console actions mean for the consoles, emitted in the action's transaction."""

from __future__ import annotations

import msgspec


class ConsoleChanged(msgspec.Struct, frozen=True):
    """The event's console state (run of show, settings, announcements, audit log)
    changed: every console of the event gets it again."""

    event_id: int
