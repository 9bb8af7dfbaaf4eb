"""``Database.inline``: reads at once on the event loop's thread, the same answers as
the pool, never waiting for a write (WAL)."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from eventday.db import Database, Transaction
from eventday.db.transaction import Params, run_inline


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(tmp_path / "t.db")
    await database.connect()
    await database.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
    await database.execute_many("INSERT INTO t (name) VALUES (?)", [("a",), ("b",), ("c",)])
    yield database
    await database.close()


QUERIES = [
    ("SELECT id, name FROM t ORDER BY id", ()),
    ("SELECT id, name FROM t WHERE id = ?", (2,)),
    ("SELECT id, name FROM t WHERE name = :name", {"name": "c"}),
    ("SELECT id FROM t WHERE id = ?", (99,)),
    ("SELECT count(*) FROM t", ()),
]


@pytest.mark.parametrize(("sql", "params"), QUERIES)
async def test_both_readers_answer_the_same(db: Database, sql: str, params: Params) -> None:
    inline_rows = await db.inline.fetch_all(sql, params)
    assert [dict(r) for r in inline_rows] == [dict(r) for r in await db.fetch_all(sql, params)]
    inline_one = await db.inline.fetch_one(sql, params)
    pool_one = await db.fetch_one(sql, params)
    assert (inline_one and dict(inline_one)) == (pool_one and dict(pool_one))
    assert await db.inline.fetch_value(sql, params) == await db.fetch_value(sql, params)


async def test_a_read_never_suspends(db: Database) -> None:
    """``run_inline`` refuses work that suspends: the read is done in one step, with
    no trip round the loop (what the hot paths are after)."""
    assert run_inline(db.inline.fetch_value("SELECT name FROM t WHERE id = 1")) == "a"


async def test_a_write_in_progress_does_not_block_an_inline_read(db: Database) -> None:
    async with db.transaction() as tx:
        await tx.execute("UPDATE t SET name = 'changed' WHERE id = 1")
        # Inside the open write transaction (the write lock and SQLite's are held):
        # the read completes at once and sees the last committed state.
        assert run_inline(db.inline.fetch_value("SELECT name FROM t WHERE id = 1")) == "a"
        assert await tx.fetch_value("SELECT name FROM t WHERE id = 1") == "changed"
    assert await db.inline.fetch_value("SELECT name FROM t WHERE id = 1") == "changed"


async def test_another_process_writing_does_not_block_an_inline_read(
    db: Database, tmp_path: Path
) -> None:
    other = sqlite3.connect(tmp_path / "t.db", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO t (name) VALUES ('d')")
        assert run_inline(db.inline.fetch_value("SELECT count(*) FROM t")) == 3
        other.execute("COMMIT")
        assert run_inline(db.inline.fetch_value("SELECT count(*) FROM t")) == 4
    finally:
        other.close()


async def test_an_inline_write_is_seen_by_the_next_inline_read(db: Database) -> None:
    async def rename(tx: Transaction) -> None:
        await tx.execute("UPDATE t SET name = 'inline' WHERE id = 2")

    await db.write_inline(rename)
    assert await db.inline.fetch_value("SELECT name FROM t WHERE id = 2") == "inline"


async def test_the_inline_reader_cannot_write(db: Database) -> None:
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        await db.inline.fetch_all("DELETE FROM t")
    assert await db.fetch_value("SELECT count(*) FROM t") == 3
