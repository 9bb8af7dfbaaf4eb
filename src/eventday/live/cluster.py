"""Several server processes, one live state: Litestar's Redis channels backend
carries what one process must tell the others.

Each process fans out to its own sockets (``live.fanout``), so
it keeps serving its clients whatever happens to Redis. What crosses processes is
small: "activity 12 changed" and "the stage of event 3 changed" notices (every
process then builds the snapshot from the database, where the versions live, and
publishes it to its own sockets), messages published straight to a channel
(announcements, console state), relayed as they are, and every few seconds how many
phones each process has connected per event (the console's "connected now" is the
sum; a process that stops telling is left out of it).

``RedisChannelsPubSubBackend`` rather than the stream backend: a notice only says
"read the database again", so history is of no use (a process that missed notices
polls the database instead, see ``LiveHub``), and pub/sub is fire and forget, with
no stream kept in Redis's memory and no polling delay.

If Redis goes away, ``Cluster.shared`` turns false, the problem is logged, and the
hub falls back to comparing database versions every tick (so clients still
converge, a little later) and warns moderators; when Redis answers again, the
processes resubscribe and refresh everything once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import Callable, Iterable

import msgspec
from litestar.channels.backends.redis import RedisChannelsPubSubBackend
from redis.asyncio import Redis
from redis.exceptions import RedisError

from eventday.live.fanout import Fanout

log = logging.getLogger("eventday.live.cluster")

CLUSTER_CHANNEL = "eventday:live"
RETRY_SECONDS = 1.0
PING_SECONDS = 2.0


class Relay(msgspec.Struct, array_like=True, omit_defaults=True):
    """One message between processes."""

    origin: str
    activities: list[int] = []
    stages: list[int] = []
    channels: list[str] = []
    data: bytes = b""
    connected: dict[int, int] | None = None  # event -> sockets open in the origin process


_encode = msgspec.msgpack.Encoder().encode
_decode = msgspec.msgpack.Decoder(Relay).decode


class Cluster:
    """This process's link to the others through Redis."""

    def __init__(self, redis_url: str, on_relay: Callable[[Relay], None]) -> None:
        self.redis_url = redis_url
        self.origin = secrets.token_hex(8)
        self.on_relay = on_relay
        self.on_status: Callable[[bool], None] = lambda _shared: None
        self.shared = False
        self._was_shared = False
        self._outbox: asyncio.Queue[Relay] = asyncio.Queue(maxsize=10_000)
        self._tasks: list[asyncio.Task[None]] = []
        self._redis: Redis | None = None
        self._backend: RedisChannelsPubSubBackend | None = None

    async def start(self) -> None:
        self._redis = Redis.from_url(
            self.redis_url, socket_connect_timeout=2, socket_timeout=5, health_check_interval=10
        )
        self._backend = RedisChannelsPubSubBackend(redis=self._redis, key_prefix="EVENTDAY")
        self._tasks = [asyncio.create_task(self._listen()), asyncio.create_task(self._send())]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._backend is not None:
            with contextlib.suppress(RedisError, OSError):
                await self._backend.on_shutdown()
        if self._redis is not None:
            await self._redis.aclose()

    def send(self, relay: Relay) -> None:
        """Tell the other processes (dropped while Redis is away: they poll then)."""
        if not self.shared:
            return
        relay.origin = self.origin
        with contextlib.suppress(asyncio.QueueFull):
            self._outbox.put_nowait(relay)

    def _status(self, shared: bool, problem: BaseException | None = None) -> None:
        if shared == self.shared:
            return
        self._was_shared = self._was_shared or self.shared
        self.shared = shared
        if shared and not self._was_shared:
            log.info("live changes are shared with other processes through %s", self.redis_url)
        elif shared:
            log.warning("Redis at %s answers again: live changes are shared again", self.redis_url)
        else:
            log.error(
                "Redis at %s is unavailable (%s): this process keeps serving its own clients; "
                "changes made through other processes reach them by polling the database "
                "until Redis is back",
                self.redis_url,
                problem,
            )
        self.on_status(shared)

    async def _listen(self) -> None:
        assert self._backend is not None
        while True:
            try:
                await self._backend.subscribe([CLUSTER_CHANNEL])
                self._status(True)
                async for _channel, data in self._backend.stream_events():
                    try:
                        relay = _decode(data)
                    except msgspec.DecodeError:
                        log.warning("ignored a malformed message on %s", CLUSTER_CHANNEL)
                        continue
                    if relay.origin != self.origin:
                        self.on_relay(relay)
            except (RedisError, OSError) as exc:
                self._status(False, exc)
                await asyncio.sleep(RETRY_SECONDS)

    async def _send(self) -> None:
        assert self._backend is not None
        assert self._redis is not None
        while True:
            try:
                relay = await asyncio.wait_for(self._outbox.get(), PING_SECONDS)
            except TimeoutError:
                relay = None
            try:
                if relay is None:
                    await self._redis.ping()  # notices an outage even when all is quiet
                else:
                    await self._backend.publish(_encode(relay), [CLUSTER_CHANNEL])
            except (RedisError, OSError) as exc:
                self._status(False, exc)


class LiveChannels(Fanout):
    """The channels live sockets subscribe to, in this process. ``publish`` (what
    routes and the console use) also relays the message to the other processes;
    ``publish_here`` is for what every process derives itself (snapshots, stages)."""

    cluster: Cluster | None = None

    def publish(self, data: bytes, channels: str | Iterable[str]) -> None:
        names = [channels] if isinstance(channels, str) else list(channels)
        self.publish_here(data, names)
        if self.cluster is not None:
            self.cluster.send(Relay(origin="", channels=names, data=data))
