"""Apply a batch of submissions in one hop to the database thread.

``service.apply_submission`` is written against aiosqlite, where every statement is a
round trip from the event loop to the connection's thread and back (a submission
takes eight or so). Under load the event loop is busy sending snapshots, each round
trip waits for it, and the writer, not SQLite, becomes the limit (about a thousand
votes a second on the benchmark machine). So the hub runs the whole batch on the
connection's own thread: each ``apply_submission`` coroutine is driven to the end
right there against ``InlineConnection``, which looks like an aiosqlite connection
to it but runs every statement at once on the sqlite3 connection. The service code
stays one piece, written once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Coroutine, Generator, Sequence
from typing import Any, TypeVar

import aiosqlite

T = TypeVar("T")


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


async def on_connection_thread(conn: aiosqlite.Connection, work: Any, *args: Any) -> Any:
    """Run ``work(sqlite3_connection, *args)`` on the aiosqlite connection's own thread,
    in one hop (aiosqlite queues it like any of its own statements)."""
    return await conn._execute(work, conn._conn, *args)  # type: ignore[no-untyped-call]
