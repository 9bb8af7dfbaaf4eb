"""The SQLite database: WAL, foreign keys, one serialised writer and a pool of readers.

Writes go through :meth:`Database.transaction`, which holds an asyncio lock and an
``BEGIN IMMEDIATE`` transaction, so concurrent requests in one process queue up and
several processes sharing the file wait on SQLite's own lock (``busy_timeout``).
Readers use their own connections; WAL lets them read while a write is under way.
The hot writers (live submissions, registrations) use :meth:`Database.write_inline`
instead: the same lock and ``BEGIN IMMEDIATE``, on a sqlite3 connection driven on the
event loop's thread (see ``inline``); the hot reads use :attr:`Database.inline`, a
reader on the loop's thread too, while long reads stay on the pool. Both writers hand
the work a ``Transaction`` (see ``transaction``), so a query is written once for
either. What a transaction emits is dispatched to the listeners registered with
:meth:`Database.on` after it commits.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import AsyncIterator, Callable, Coroutine, Hashable, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from eventday.db.inline import DirectWriter, InlineReader
from eventday.db.pool import Lock, Pool
from eventday.db.transaction import (
    InlineTransaction,
    Params,
    Row,
    ThreadTransaction,
    Transaction,
    run_inline,
)

T = TypeVar("T")
E = TypeVar("E")
log = logging.getLogger(__name__)

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=10000",
    # NORMAL in WAL mode survives a killed process (only power loss can undo the last
    # commits), which is the failure "acknowledged means committed" is about.
    "PRAGMA synchronous=NORMAL",
)


async def _open(path: Path) -> aiosqlite.Connection:
    conn = await aiosqlite.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    for pragma in PRAGMAS:
        await conn.execute(pragma)
    return conn


class Database:
    """One SQLite file shared by the whole app (and by other processes on the host)."""

    def __init__(self, path: str | Path, readers: int = 3) -> None:
        self.path = Path(path)
        self._reader_count = readers
        self._writer: aiosqlite.Connection | None = None
        self._readers: Pool[aiosqlite.Connection] = Pool()
        # Held by every write in this process, on either connection (the aiosqlite
        # writer or the direct one), so writes stay serialised.
        self._write_lock = Lock()
        self._direct: DirectWriter | None = None
        self._inline: InlineReader | None = None
        self._listeners: dict[type, list[Callable[[Any], None]]] = {}

    def on(self, kind: type[E], listener: Callable[[E], None]) -> None:
        """Call ``listener(effect)`` for every ``kind`` of effect a transaction emits,
        once it has committed."""
        self._listeners.setdefault(kind, []).append(listener)

    def _dispatch(self, effects: list[Hashable]) -> None:
        for effect in effects:
            for listener in self._listeners.get(type(effect), ()):
                try:
                    listener(effect)
                except Exception:
                    # The write is committed; a failing listener must not undo the
                    # caller's success (the hub and the outbox catch up on their own).
                    log.exception("listener for %r failed", effect)

    async def connect(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._writer = await _open(self.path)
        for _ in range(self._reader_count):
            self._readers.give(await _open(self.path))
        self._inline = InlineReader(self.path)

    @property
    def inline(self) -> InlineReader:
        """The reader for the hot paths' short, indexed reads: at once on the event
        loop's thread, no hop to a pool thread (see ``inline.InlineReader``). Long
        reads (lists of thousands, exports, reports) stay on the pool (``self``): the
        loop would wait for them."""
        if self._inline is None:
            raise RuntimeError("database is not connected")
        return self._inline

    async def close(self) -> None:
        if self._writer is not None:
            await self._writer.close()
            self._writer = None
        if self._direct is not None:
            self._direct.close()
            self._direct = None
        if self._inline is not None:
            self._inline.close()
            self._inline = None
        for reader in self._readers.drain():
            await reader.close()

    async def write_inline(self, work: Callable[[Transaction], Coroutine[Any, Any, T]]) -> T:
        """``work(tx)`` in one write transaction on the direct sqlite3 connection, run
        at once on the event loop's thread (no per-statement hop); committed unless it
        raises. For short, hot transactions only: the loop waits while it runs, and
        ``work`` may await nothing but ``tx``."""
        if self._writer is None:
            raise RuntimeError("database is not connected")
        if self._direct is None:
            self._direct = DirectWriter(self.path)

        def run(conn: sqlite3.Connection) -> tuple[T, list[Hashable]]:
            tx = InlineTransaction(conn)
            return run_inline(work(tx)), tx.effects

        result, effects = await self._direct.run(self._write_lock, run)
        self._dispatch(effects)
        return result

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        """A write transaction on the writer's thread; committed when the block ends,
        rolled back on error."""
        if self._writer is None:
            raise RuntimeError("database is not connected")
        async with self._write_lock:
            conn = self._writer
            await conn.execute("BEGIN IMMEDIATE")
            tx = ThreadTransaction(conn)
            try:
                yield tx
            except BaseException:
                await conn.execute("ROLLBACK")
                raise
            await conn.execute("COMMIT")
        self._dispatch(tx.effects)

    @asynccontextmanager
    async def reader(self) -> AsyncIterator[aiosqlite.Connection]:
        conn = await self._readers.take()
        try:
            yield conn
        finally:
            self._readers.give(conn)

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        async with self.reader() as conn, conn.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        async with self.reader() as conn, conn.execute(sql, params) as cursor:
            row: Row | None = await cursor.fetchone()
            return row

    async def fetch_value(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]

    async def ping(self) -> None:
        """Raise unless a reader can reach the database."""
        await self.fetch_value("SELECT 1")

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one write statement in its own transaction; returns the last row id."""
        async with self.transaction() as tx:
            return (await tx.execute(sql, params)).lastrowid

    async def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        async with self.transaction() as tx:
            await tx.executemany(sql, rows)
