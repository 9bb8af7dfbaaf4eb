"""What live changes mean for the screens, emitted in the transaction that made them
(``tx.emit``) and handed to the hub after the commit (wired in ``setup``)."""

from __future__ import annotations

import msgspec

from eventday.live.models import Announcement


class ActivityChanged(msgspec.Struct, frozen=True):
    """The activity's snapshot changed: publish it on the next tick, in every process."""

    activity_id: int


class StageChanged(msgspec.Struct, frozen=True):
    """What the event's phones and projector show changed."""

    event_id: int


class Announced(msgspec.Struct, frozen=True):
    """A moderator announced (or withdrew) a message: to every phone at once."""

    announcement: Announcement


class CountdownEnded(msgspec.Struct, frozen=True):
    """A countdown reached zero and closed the activity (no moderator acted): the
    event's consoles show it closed."""

    event_id: int
    activity_id: int
