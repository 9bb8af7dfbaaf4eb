"""Building an activity's two snapshots as committed: the public one (phones and the
projector: no correct answer before the reveal, results only while visible) and the
moderators' one (the full config and results with their moderation part). A word
cloud's snapshots also carry its layout, made only when the counted words changed.
The hub decides when to build and how to publish (``hub``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import msgspec

from eventday.db import Reader
from eventday.live import activities, results
from eventday.live.clouds import HEIGHT, WIDTH
from eventday.live.models import Activity, ActivityKind, Snapshot
from eventday.live.results import CloudWord, WordcloudResults

# Lays out a cloud's counted words (from its stored layout); returns the placed words.
LayOut = Callable[[Activity, list[CloudWord]], Awaitable[list[dict[str, Any]]]]


class Built(msgspec.Struct, kw_only=True):
    public: Snapshot
    moderator: Snapshot
    counted: list[CloudWord] | None = None
    """A word cloud's counted words, and the ``layout`` made for them."""
    layout: list[dict[str, Any]] | None = None


async def build(
    db: Reader,
    activity: Activity,
    lay_out: LayOut,
    counted_before: list[CloudWord] | None = None,
    layout_before: list[dict[str, Any]] | None = None,
) -> Built:
    """The activity's snapshots; a cloud whose counted words are ``counted_before``
    keeps ``layout_before``."""
    full = await results.moderator_results(db, activity)
    public = (
        await results.results(db, activity)
        if activity.kind is ActivityKind.QA
        else results.public_results(full)
    )
    counted = layout = None
    if isinstance(full, WordcloudResults) and isinstance(public, WordcloudResults):
        counted = full.words
        if counted_before == counted:
            layout = layout_before
        else:
            layout = await lay_out(activity, counted)
        drawn = {"layout": layout, "width": WIDTH, "height": HEIGHT}
        full = msgspec.structs.replace(full, **drawn)
        public = msgspec.structs.replace(public, **drawn)
    view = activities.view(activity)
    return Built(
        public=Snapshot(
            event=activity.event_id,
            version=activity.version,
            activity=view,
            results=public if activity.results_visible else None,
        ),
        moderator=Snapshot(
            event=activity.event_id,
            version=activity.version,
            activity=msgspec.structs.replace(view, config=activity.config),
            results=full,
        ),
        counted=counted,
        layout=layout,
    )
