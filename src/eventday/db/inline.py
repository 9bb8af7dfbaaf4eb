"""The direct connections: sqlite3 used on the event loop's own thread, to write
(``DirectWriter``) and to read (``InlineReader``).

The services are coroutines against ``Transaction``. On aiosqlite every statement is
a round trip from the event loop to the connection's thread and back (a live
submission takes eight or so, a registration about ten). Under load the event loop is
busy, each round trip waits for it and contends with it for the GIL, and the hops,
not SQLite, become the limit (see BENCHMARKS.md: live votes and registrations). So
the hot writers run a whole transaction at once, on this connection, through an
``InlineTransaction`` (see ``transaction``); ``Database.write_inline`` is the way in.
The hot reads (a request's event, token and form before its write, a phone's join)
are short indexed lookups that cost microseconds in SQLite and far more in the hop:
they read at once through ``Database.inline``.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from eventday.db.pool import Lock
from eventday.db.transaction import Params, Row

T = TypeVar("T")
BUSY_RETRY_SECONDS = 0.002
# How long BEGIN may block the loop waiting for another process's write (a batch is a
# few milliseconds): much shorter than a trip round a busy event loop, which can be a
# hundred milliseconds while a snapshot goes out to thousands of sockets.
BUSY_WAIT_MILLISECONDS = 20


class DirectWriter:
    """A sqlite3 connection of the writer, used on the event loop's own thread.

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

    async def run(self, lock: Lock, work: Callable[[sqlite3.Connection], T]) -> T:
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


class InlineReader:
    """A ``Reader`` that runs each query at once on the event loop's thread, on its own
    read-only sqlite3 connection (``Database.inline``).

    Each query is its own read transaction and sees what was committed when it
    started. In WAL mode a reader takes no lock a writer holds, so it never waits for
    a write under way, in this process or another: the loop is held for the query's
    own time (microseconds for an indexed lookup) and nothing else. SQLite tells a WAL
    reader to wait only while a connection holds the file exclusively (the last one
    closing it, or recovery after a crash when the first one opens it), which cannot
    happen while the database's own connections hold it open; even then the wait is
    bounded by ``BUSY_WAIT_MILLISECONDS``.
    """

    def __init__(self, path: str | Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        for pragma in ("query_only=ON", f"busy_timeout={BUSY_WAIT_MILLISECONDS}"):
            self.conn.execute(f"PRAGMA {pragma}")

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        return self.conn.execute(sql, params).fetchall()

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        cursor = self.conn.execute(sql, params)
        row: Row | None = cursor.fetchone()
        cursor.close()  # ends the read transaction now, not when the cursor is collected
        return row

    async def fetch_value(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]

    def close(self) -> None:
        self.conn.close()
