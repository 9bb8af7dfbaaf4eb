"""The one way queries reach SQLite: ``Reader`` for reads, ``Transaction`` for writes.

Every query is written once, as a coroutine against these protocols, and runs the
same on each of the three connections that implement them:

- ``Database`` itself reads through its pool of reader connections;
- ``ThreadTransaction`` is a write transaction on the aiosqlite writer (each statement
  runs on that connection's thread: for long work such as imports and purges);
- ``InlineTransaction`` is a write transaction on a plain sqlite3 connection, where
  every statement runs at once on the event loop's thread: for the short, hot writes
  (live submissions, registrations), whose statements would otherwise each wait for
  a trip round a busy loop. Its coroutines never suspend, so ``run_inline`` can drive
  a whole transaction to its end in one step (see ``Database.write_inline``).

A transaction also collects the effects of what it wrote (``emit``); the database
hands them to their listeners once the transaction has committed, never before and
never after a rollback (see ``Database.on``).
"""

from __future__ import annotations

import sqlite3
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Coroutine, Hashable, Iterable, Sequence
from contextlib import asynccontextmanager
from typing import Any, NamedTuple, Protocol, TypeVar

import aiosqlite

Row = sqlite3.Row
Params = Sequence[Any] | dict[str, Any]
T = TypeVar("T")


class Written(NamedTuple):
    """What a write statement reports: the last inserted row id and the rows changed."""

    lastrowid: int
    rowcount: int


class Reader(Protocol):
    """Anything queries can read through: the database's pool or an open transaction."""

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None: ...

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]: ...

    async def fetch_value(self, sql: str, params: Params = ()) -> Any: ...


class Transaction(ABC):
    """An open write transaction (``BEGIN IMMEDIATE``) and the effects it will have."""

    def __init__(self) -> None:
        self._effects: dict[Hashable, None] = {}

    @abstractmethod
    async def execute(self, sql: str, params: Params = ()) -> Written: ...

    @abstractmethod
    async def executemany(self, sql: str, rows: Iterable[Params]) -> None: ...

    @abstractmethod
    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]: ...

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self.fetch_all(sql, params)
        return rows[0] if rows else None

    async def fetch_value(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]

    @asynccontextmanager
    async def savepoint(self, name: str = "work") -> AsyncIterator[None]:
        """A nested unit: rolled back alone (with the effects it emitted) if the block
        raises, which then propagates."""
        effects = dict(self._effects)
        await self.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            await self.execute(f"ROLLBACK TO {name}")
            await self.execute(f"RELEASE {name}")
            self._effects = effects
            raise
        await self.execute(f"RELEASE {name}")

    def emit(self, effect: Hashable) -> None:
        """Have ``effect`` dispatched once this transaction commits (equal effects once)."""
        self._effects[effect] = None

    @property
    def effects(self) -> list[Hashable]:
        return list(self._effects)


class ThreadTransaction(Transaction):
    """A transaction on the aiosqlite writer connection."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        super().__init__()
        self._conn = conn

    async def execute(self, sql: str, params: Params = ()) -> Written:
        cursor = await self._conn.execute(sql, params)
        written = Written(cursor.lastrowid or 0, cursor.rowcount)
        await cursor.close()
        return written

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        await self._conn.executemany(sql, rows)

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        async with self._conn.execute(sql, params) as cursor:
            return list(await cursor.fetchall())


class InlineTransaction(Transaction):
    """A transaction on a sqlite3 connection: every statement runs at once."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        super().__init__()
        self._conn = conn

    async def execute(self, sql: str, params: Params = ()) -> Written:
        cursor = self._conn.execute(sql, params)
        return Written(cursor.lastrowid or 0, cursor.rowcount)

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        self._conn.executemany(sql, rows)

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        return self._conn.execute(sql, params).fetchall()


def run_inline(work: Coroutine[Any, Any, T]) -> T:
    """Drive ``work`` to its end now. It may await only an ``InlineTransaction`` (whose
    coroutines never suspend); anything that suspends is refused."""
    try:
        work.send(None)
    except StopIteration as done:
        result: T = done.value
        return result
    work.close()
    raise RuntimeError("inline database work awaited something that suspends")
