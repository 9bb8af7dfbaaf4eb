"""Write transactions run at once on the event loop's thread, without aiosqlite.

The services are written against aiosqlite, where every statement is a round trip
from the event loop to the connection's thread and back (a live submission takes
eight or so, a registration about ten). Under load the event loop is busy, each round
trip waits for it and contends with it for the GIL, and the hops, not SQLite, become
the limit (see BENCHMARKS.md: live votes and registrations). So the hot writers run a
whole transaction at once: the service coroutine is driven to its end right there
(``run_inline``) against ``InlineConnection``, which looks like an aiosqlite
connection to it but runs every statement at once on a sqlite3 connection
(``DirectWriter``). The service code stays one piece, written once.
``Database.write_direct`` and ``Database.write_inline`` are the way in.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Coroutine, Generator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

T = TypeVar("T")
BUSY_RETRY_SECONDS = 0.002
# How long BEGIN may block the loop waiting for another process's write (a batch is a
# few milliseconds): much shorter than a trip round a busy event loop, which can be a
# hundred milliseconds while a snapshot goes out to thousands of sockets.
BUSY_WAIT_MILLISECONDS = 20


class InlineCursor:
    """The parts of ``aiosqlite.Cursor`` the services use, without the thread hop."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        self._cursor.close()


class _Execution:
    """Like aiosqlite's result of ``execute``: awaitable, or an async context manager."""

    def __init__(self, cursor: InlineCursor) -> None:
        self._cursor = cursor

    def __await__(self) -> Generator[Any, None, InlineCursor]:
        return self._cursor.__aenter__().__await__()

    async def __aenter__(self) -> InlineCursor:
        return self._cursor

    async def __aexit__(self, *exc: object) -> None:
        await self._cursor.__aexit__(*exc)


class InlineConnection:
    """Runs each statement at once on a sqlite3 connection (on its own thread)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> _Execution:
        return _Execution(InlineCursor(self._conn.execute(sql, parameters)))

    def as_aiosqlite(self) -> aiosqlite.Connection:
        """This connection, typed as what the services expect."""
        return self  # type: ignore[return-value]


def run_inline(work: Coroutine[Any, Any, T]) -> T:
    """Drive ``work`` to its end now; it must await nothing but an InlineConnection."""
    try:
        work.send(None)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
    work.close()
    raise RuntimeError("inline database work awaited something else")


class DirectWriter:
    """A sqlite3 connection of the live writer, used on the event loop's own thread.

    A batch of a few hundred submissions is a few milliseconds of SQLite work. Run on
    aiosqlite's thread, every statement hands the GIL back and forth with the busy
    event loop, and the batch takes a hundred times longer. Here it runs in one go.
    It hardly blocks the loop waiting for a lock: in-process writers are kept out by
    the database's write lock, and if another process holds SQLite's write lock,
    BEGIN waits for it at most ``BUSY_WAIT_MILLISECONDS`` (SQLite's busy timeout),
    then gives the loop its turn and tries again after a short sleep.
    """

    def __init__(self, path: str | Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        for pragma in (
            "foreign_keys=ON",
            f"busy_timeout={BUSY_WAIT_MILLISECONDS}",
            "synchronous=NORMAL",
        ):
            self.conn.execute(f"PRAGMA {pragma}")

    async def run(self, lock: asyncio.Lock, work: Callable[[sqlite3.Connection], T]) -> T:
        """``work(connection)`` in one write transaction, committed unless it raises."""
        async with lock:
            while True:
                try:
                    self.conn.execute("BEGIN IMMEDIATE")
                    break
                except sqlite3.OperationalError as exc:
                    primary = exc.sqlite_errorcode & 0xFF  # extended codes: BUSY_RECOVERY...
                    if primary not in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                        raise
                    await asyncio.sleep(BUSY_RETRY_SECONDS)
            try:
                result = work(self.conn)
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")
            return result

    def close(self) -> None:
        self.conn.close()
