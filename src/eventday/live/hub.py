"""The live hub: batches participants' writes, and publishes snapshots on a tick.

- **Acknowledged means committed.** Submissions queue up for one writer task that
  applies a batch in one transaction (each in its own savepoint, so one bad
  submission does not spoil the others; the whole batch at once, see ``db.inline``) and
  resolves every submitter's future only after the commit.
- **Fan-out does not grow with the vote rate.** A change only marks its activity
  dirty. Every tick, each dirty activity's snapshot is built once from the database,
  encoded once to bytes and published to the event's channel; the fan-out
  (``live.fanout``) writes those same bytes to every subscriber in one loop, and a
  slow subscriber keeps only the newest snapshot of each activity.
- **Rebuildable.** Everything published is read from the database, and versions
  are columns bumped in the same transactions as the changes, so a restarted process
  (or another one) publishes the same state with versions that never go backwards.
- **One render in flight per cloud.** A refresh holds its activity's lock; changes
  arriving meanwhile keep the activity dirty and are coalesced into the next refresh.
  Each layout starts from the one stored before it, so placed words stay put.
- **Only ticks publish.** A ``sync`` gets the snapshot as committed at once (built
  for it when the published one is older); everyone else gets that one on the next
  tick, so each activity still goes out at most once per tick.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter, defaultdict
from collections.abc import Coroutine
from typing import Any

import msgspec

from eventday.clock import wall_seconds
from eventday.db import Database, Transaction
from eventday.errors import EventdayError
from eventday.live import queries, quiz, snapshots, submissions
from eventday.live.clouds import CloudRenderer
from eventday.live.cluster import Cluster, LiveChannels, Relay
from eventday.live.models import (
    Activity,
    ClusterStatus,
    Snapshot,
    Submission,
)
from eventday.live.results import CloudWord

log = logging.getLogger("eventday.live")
encoder = msgspec.json.Encoder()
# With several processes, a quiet moment right after each tick in which this process
# commits no live writes, until every process has read for the tick (measured: within
# 15 ms, now and then 50 ms, under load). The database holds still while they read,
# so they all publish the same version on the same tick; without it, the few votes
# landing between two processes' reads reached half the phones a tick later.
QUIET_SECONDS = 0.06
# How often each process tells the others how many phones it has connected; a count
# not renewed for three rounds belongs to a process that is gone.
CONNECTED_SECONDS = 2.0


def event_channel(event_id: int) -> str:
    """Phones and the projector: stage changes and public snapshots."""
    return f"live:{event_id}"


def moderator_channel(event_id: int) -> str:
    """Moderators' consoles: snapshots with hidden results and pending questions."""
    return f"live:{event_id}:moderator"


class _Pending:
    __slots__ = ("event_id", "future", "message", "participant_id")

    def __init__(
        self,
        event_id: int,
        participant_id: int,
        message: Submission,
        future: asyncio.Future[tuple[int | None, int]],
    ) -> None:
        self.event_id = event_id
        self.participant_id = participant_id
        self.message = message
        self.future = future


class Present:
    """A participant connected to this process: open sockets, and the presence
    interval (online attendance) that their first socket opened."""

    __slots__ = ("interval", "sockets")

    def __init__(self) -> None:
        self.sockets = 0
        self.interval: int | None = None


class SnapshotFrame(bytes):
    """An encoded snapshot that knows its activity and version. The fan-out hands the
    same object to every subscriber, so a socket can tell a snapshot it has already
    sent (see ``SocketPeer``) without decoding it."""

    activity: int
    version: int


def snapshot_frame(snapshot: Snapshot) -> SnapshotFrame:
    frame = SnapshotFrame(encoder.encode(snapshot))
    frame.activity = snapshot.activity.id
    frame.version = snapshot.version
    return frame


class _Published(msgspec.Struct):
    event_id: int
    version: int
    public: SnapshotFrame
    moderator: SnapshotFrame
    counted: list[CloudWord] | None = None
    layout: list[dict[str, Any]] | None = None
    sent: bool = False  # published to the channels (by a tick)


# What one submission came to: the new row's id (or None), why it was refused, or
# the exception it raised (a database error or a bug: the sender alone is told).
Outcome = int | EventdayError | Exception | None


async def _apply_batch(
    tx: Transaction, batch: list[_Pending]
) -> tuple[list[Outcome], dict[int, int]]:
    """Inside the open write transaction: each submission in its own savepoint, so
    whatever one raises (refused, a database error, a bug) is rolled back alone and
    the others commit; returns each outcome, and the version each changed activity
    has once the batch is committed."""
    outcomes: list[Outcome] = []
    versions: dict[int, int] = {}
    for pending in batch:
        outcome: Outcome
        try:
            async with tx.savepoint("submission"):
                outcome = await submissions.apply_submission(
                    tx, pending.event_id, pending.participant_id, pending.message
                )
        except Exception as exc:
            outcome = exc
        outcomes.append(outcome)
        if not isinstance(outcome, Exception):
            versions[pending.message.activity] = 0
    for activity_id in versions:
        activity = await queries.activity_by_id(tx, activity_id)
        versions[activity_id] = activity.version if activity else 0
    return outcomes, versions


class LiveHub:
    def __init__(
        self,
        db: Database,
        channels: LiveChannels,
        renderer: CloudRenderer,
        tick_seconds: float,
        batch_size: int,
        redis_url: str = "",
    ) -> None:
        self.db = db
        self.channels = channels
        self.cluster = Cluster(redis_url, self._relayed) if redis_url else None
        if self.cluster is not None:
            self.cluster.on_status = self._cluster_status
            channels.cluster = self.cluster
        self.renderer = renderer
        self.tick_seconds = tick_seconds
        self.batch_size = batch_size
        self._queue: asyncio.Queue[_Pending] = asyncio.Queue()
        self._dirty: set[int] = set()
        self._dirty_stages: set[int] = set()
        self._locks: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._published: dict[int, _Published] = {}
        self._stages: dict[int, bytes] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self._loops: list[asyncio.Task[None]] = []
        # Participants with a live socket open per event in this process, and in the
        # others as they last told (origin -> when, counts): the console's "connected
        # now" is the sum. A participant's sockets, and their presence interval.
        self.connected: Counter[int] = Counter()
        self.present: dict[tuple[int, int], Present] = {}
        self._connected_elsewhere: dict[str, tuple[float, dict[int, int]]] = {}

    async def start(self) -> None:
        if self.cluster is not None:
            await self.cluster.start()
        self._loops = [asyncio.create_task(self._writer()), asyncio.create_task(self._ticker())]
        if self.cluster is not None:
            self._loops.append(asyncio.create_task(self._tell_connected()))

    async def stop(self) -> None:
        if self.cluster is not None:
            await self.cluster.stop()
        for task in [*self._loops, *self._tasks]:
            task.cancel()
        await asyncio.gather(*self._loops, *self._tasks, return_exceptions=True)
        while not self._queue.empty():
            pending = self._queue.get_nowait()
            if not pending.future.done():
                pending.future.cancel()
        self.renderer.close()

    # --- writes ---------------------------------------------------------------------

    async def submit(
        self, event_id: int, participant_id: int, message: Submission
    ) -> tuple[int | None, int]:
        """Apply a submission; returns once it is committed (or raises why not) with the
        new row's id and an activity version whose snapshot includes the submission."""
        future: asyncio.Future[tuple[int | None, int]] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(_Pending(event_id, participant_id, message, future))
        return await future

    async def _writer(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < self.batch_size and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            if self.cluster is not None:
                await self._quiet_after_tick()
            await self._commit(batch)

    async def _commit(self, batch: list[_Pending]) -> None:
        """Commit a batch and resolve its submitters' futures. Should the transaction
        itself fail (nothing is committed then), each submission is tried again in a
        transaction of its own, so only the one at fault fails."""
        try:
            outcomes, versions = await self._write(batch)
        except Exception as exc:
            if len(batch) > 1:
                log.warning("live write batch failed; committing its submissions one by one")
                for pending in batch:
                    await self._commit([pending])
                return
            log.exception("live submission failed")
            if not batch[0].future.done():
                batch[0].future.set_exception(exc)
            return
        for pending, outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, Exception):
                if not isinstance(outcome, EventdayError):
                    log.error("live submission failed", exc_info=outcome)
                if not pending.future.done():
                    pending.future.set_exception(outcome)
                continue
            self._dirty.add(pending.message.activity)
            if not pending.future.done():
                pending.future.set_result((outcome, versions[pending.message.activity]))
        if versions and self.cluster is not None:
            self.cluster.send(Relay(origin="", activities=list(versions)))

    async def _quiet_after_tick(self) -> None:
        """Wait out the quiet moment after the tick, if now is in it. Ticks are on the
        wall clock's multiples, the same in every process (see ``_ticker``)."""
        into_tick = wall_seconds() % self.tick_seconds
        quiet = min(QUIET_SECONDS, self.tick_seconds / 4)
        if into_tick < quiet:
            await asyncio.sleep(quiet - into_tick)

    async def _write(self, batch: list[_Pending]) -> tuple[list[Outcome], dict[int, int]]:
        """Apply a batch in one transaction, at once (see ``db.inline``)."""
        return await self.db.write_inline(lambda tx: _apply_batch(tx, batch))

    # --- changes and snapshots ----------------------------------------------------------

    def activity_changed(self, activity_id: int) -> None:
        """Something about the activity changed (already committed): publish it soon,
        here and in every other process."""
        self._dirty.add(activity_id)
        if self.cluster is not None:
            self.cluster.send(Relay(origin="", activities=[activity_id]))

    def stage_changed(self, event_id: int) -> None:
        self._dirty_stages.add(event_id)
        if self.cluster is not None:
            self.cluster.send(Relay(origin="", stages=[event_id]))

    def _relayed(self, relay: Relay) -> None:
        """Another process changed something, published a message to a channel, or
        told how many phones it has connected."""
        if relay.connected is not None:
            self._connected_elsewhere[relay.origin] = (time.monotonic(), relay.connected)
        self._dirty.update(relay.activities)
        self._dirty_stages.update(relay.stages)
        if relay.channels:
            self.channels.publish_here(relay.data, relay.channels)

    def attach(self, event_id: int, participant_id: int, limit: int) -> Present | None:
        """Count one more open socket of a participant (None: ``limit`` are open
        already); the first makes the participant connected now."""
        present = self.present.get((event_id, participant_id))
        if present is None:
            if limit < 1:
                return None
            present = self.present[(event_id, participant_id)] = Present()
        elif present.sockets >= limit:
            return None
        present.sockets += 1
        if present.sockets == 1:
            self.connected[event_id] += 1
        return present

    def detach(self, event_id: int, participant_id: int) -> Present | None:
        """One socket of the participant closed; the participant's record if it was
        the last (no longer connected)."""
        present = self.present[(event_id, participant_id)]
        present.sockets -= 1
        if present.sockets:
            return None
        del self.present[(event_id, participant_id)]
        self.connected[event_id] -= 1
        return present

    def connected_now(self, event_id: int) -> int:
        """Participants with a socket open to the event now, in every process that has
        told within the last three rounds (only this process's while Redis is away; a
        participant connected to two processes counts in both)."""
        fresh_since = time.monotonic() - 3 * CONNECTED_SECONDS
        return self.connected[event_id] + sum(
            counts.get(event_id, 0)
            for told, counts in self._connected_elsewhere.values()
            if told >= fresh_since
        )

    async def _tell_connected(self) -> None:
        assert self.cluster is not None
        while True:
            counts = {event: n for event, n in self.connected.items() if n}
            self.cluster.send(Relay(origin="", connected=counts))
            await asyncio.sleep(CONNECTED_SECONDS)

    @property
    def shared(self) -> bool:
        """Whether changes made through other processes arrive at once (always true
        with one process); false while Redis is away."""
        return self.cluster is None or self.cluster.shared

    def status_message(self) -> bytes:
        """For moderators: whether live state is shared between processes right now."""
        return encoder.encode(ClusterStatus(shared=self.shared))

    def _cluster_status(self, shared: bool) -> None:
        # Redis came back (or went away): whatever happened meanwhile, refresh it all.
        self._dirty.update(self._published)
        self._dirty_stages.update(self._stages)
        message = self.status_message()
        for event_id in self._stages:
            self.channels.publish_here(message, moderator_channel(event_id))

    async def _ticker(self) -> None:
        while True:
            # Tick on the wall clock's multiples of the tick, so that several processes
            # publish the same change to their clients at the same moment; never before
            # the multiple (timers are accurate to the millisecond only), so that a tick
            # reads everything committed before it.
            await asyncio.sleep(self.tick_seconds - wall_seconds() % self.tick_seconds)
            while (into_tick := wall_seconds() % self.tick_seconds) > self.tick_seconds / 2:  # noqa: ASYNC110
                await asyncio.sleep(self.tick_seconds - into_tick)
            try:
                await self._tick()
            except Exception:
                log.exception("live tick failed")

    async def _tick(self) -> None:
        if self.cluster is not None:
            # What another process committed before this tick is published here on this
            # tick too, whether its notice has arrived yet or not (and while Redis is
            # away, at all): one query compares the published versions with the
            # database. Notices still bring in activities not published here yet.
            self._dirty.update(await self._moved_elsewhere())
        if not self.shared:
            self._dirty_stages.update(self._stages)
        for event_id in list(self._dirty_stages):
            self._dirty_stages.discard(event_id)
            self._spawn(self._publish_stage(event_id))
        for activity_id in list(self._dirty):
            if self._locks[activity_id].locked():
                continue  # a refresh is in flight; this change goes into the next one
            self._dirty.discard(activity_id)
            self._spawn(self._publish(activity_id))

    async def _moved_elsewhere(self) -> list[int]:
        """Published activities whose version in the database is newer (or gone)."""
        if not self._published:
            return []
        versions = await queries.activity_versions(self.db, list(self._published))
        return [
            activity_id
            for activity_id, published in self._published.items()
            if versions.get(activity_id, published.version + 1) > published.version
        ]

    def _spawn(self, work: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _publish_stage(self, event_id: int) -> None:
        previous = self._stages.get(event_id)
        data = await self._build_stage(event_id)
        if data != previous:
            self.channels.publish_here(data, [event_channel(event_id), moderator_channel(event_id)])

    async def _build_stage(self, event_id: int) -> bytes:
        data = await self._stage_message(event_id)
        self._stages[event_id] = data
        return data

    async def _stage_message(self, event_id: int) -> bytes:
        stage = await queries.stage_of(self.db, event_id)
        leaderboard = await quiz.shown_leaderboard(self.db, event_id)
        if leaderboard is not None:
            stage = msgspec.structs.replace(stage, leaderboard=leaderboard)
        return encoder.encode(stage)

    async def stage(self, event_id: int) -> bytes:
        """The current stage message of an event, encoded: the published one, or, when
        the stage changed since (committed, to be published on the next tick), one
        read now, so that a phone connecting meanwhile is not shown the old stage."""
        published = self._stages.get(event_id)
        if published is None:
            return await self._build_stage(event_id)
        if event_id in self._dirty_stages:
            return await self._stage_message(event_id)  # the tick publishes it to all
        return published

    async def snapshot(
        self, activity_id: int, at_least: int, moderator: bool = False
    ) -> SnapshotFrame | None:
        """A snapshot of an activity with at least version ``at_least`` (one the caller
        has just read from the database): the published one, or, when that is older
        (committed since the last tick) or missing, one built now (and published to
        everyone on the next tick)."""
        published = self._published.get(activity_id)
        if published is None or published.version < at_least:
            published = await self._refresh(activity_id)
        if published is None:
            return None
        return published.moderator if moderator else published.public

    async def _publish(self, activity_id: int) -> None:
        """On a tick: the activity's newest snapshot to every subscriber, once."""
        published = await self._build(activity_id)
        if published is None or published.sent:
            return
        published.sent = True
        self.channels.publish_here(published.public, event_channel(published.event_id))
        self.channels.publish_here(published.moderator, moderator_channel(published.event_id))

    async def _refresh(self, activity_id: int) -> _Published | None:
        """Between ticks: the activity's snapshot as committed, for one asker. Only ticks
        publish (at most once per activity per tick, whoever asked in between), so a
        snapshot built here stays dirty until the next tick sends it to everyone."""
        published = await self._build(activity_id)
        if published is not None and not published.sent:
            self._dirty.add(activity_id)
        return published

    async def _build(self, activity_id: int) -> _Published | None:
        """The activity's snapshot as committed, built again only when its version
        moved (``None`` once the activity is gone)."""
        async with self._locks[activity_id]:
            activity = await queries.activity_by_id(self.db, activity_id)
            if activity is None:
                self._published.pop(activity_id, None)
                return None
            previous = self._published.get(activity_id)
            if previous is not None and previous.version >= activity.version:
                return previous
            built = await snapshots.build(
                self.db,
                activity,
                self._lay_out,
                previous.counted if previous else None,
                previous.layout if previous else None,
            )
            published = _Published(
                event_id=activity.event_id,
                version=activity.version,
                public=snapshot_frame(built.public),
                moderator=snapshot_frame(built.moderator),
                counted=built.counted,
                layout=built.layout,
            )
            self._published[activity_id] = published
            return published

    async def _lay_out(self, activity: Activity, counted: list[CloudWord]) -> list[dict[str, Any]]:
        """The cloud's layout, made from the stored one (so words keep their places
        across restarts and processes) and stored in turn; a layout another process
        already stored for this version is taken as it is."""
        stored = await queries.cloud_layout(self.db, activity)
        if stored is not None and stored[0] >= activity.version:
            return list(stored[1]["words"])
        state = await self.renderer.layout(
            msgspec.to_builtins(counted), stored[1] if stored else None
        )
        await self.db.write_inline(lambda tx: queries.save_cloud_layout(tx, activity, state))
        return list(state["words"])

    async def cloud_layout(self, activity_id: int) -> list[dict[str, Any]]:
        """The newest layout of a word cloud (for the SVG download)."""
        published = await self._refresh(activity_id)
        return (published.layout or []) if published else []
