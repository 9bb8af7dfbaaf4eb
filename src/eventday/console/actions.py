"""Running a console action and publishing what it changed: the live hub refreshes
the changed activities and the stage on its next tick, announcements go to phones at
once, and every console gets the new console state. Used by the API and the socket."""

from __future__ import annotations

from typing import Any

from eventday.accounts.models import Account
from eventday.console import service
from eventday.console.models import ConsoleAction
from eventday.db import Database
from eventday.events.models import Event
from eventday.live.hub import encoder, event_channel, moderator_channel
from eventday.live.setup import Live


def console_channel(event_id: int) -> str:
    """Consoles only: the console state after each action."""
    return f"console:{event_id}"


async def run_action(
    live: Live, db: Database, event: Event, account: Account, action: ConsoleAction
) -> Any:
    """Run ``action`` for ``account`` and publish the outcome; returns the answer."""
    outcome = await service.perform(db, event, account, action)
    for activity_id in outcome.activities:
        live.hub.activity_changed(activity_id)
    if outcome.stage:
        live.hub.stage_changed(event.id)
    if outcome.announcement is not None:
        live.channels.publish(
            encoder.encode(outcome.announcement),
            [event_channel(event.id), moderator_channel(event.id)],
        )
    await publish_state(live, db, event)
    return outcome.result


async def publish_state(live: Live, db: Database, event: Event) -> None:
    state = await service.console_state(db, event)
    live.channels.publish(encoder.encode(state), console_channel(event.id))
