"""The database seam: one Transaction for both writers, effects after commit only."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from eventday.db import Database, Transaction


@dataclass(frozen=True)
class Changed:
    item: int


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(tmp_path / "t.db")
    await database.connect()
    await database.execute("CREATE TABLE t (x INTEGER UNIQUE)")
    yield database
    await database.close()


async def insert(tx: Transaction, x: int) -> int:
    """One query, written once, run by either writer."""
    written = await tx.execute("INSERT INTO t VALUES (?)", (x,))
    tx.emit(Changed(x))
    return written.rowcount


@pytest.mark.parametrize("inline", [False, True], ids=["thread", "inline"])
async def test_effects_are_dispatched_once_after_commit(db: Database, inline: bool) -> None:
    seen: list[Changed] = []
    db.on(Changed, seen.append)

    async def work(tx: Transaction) -> int:
        await insert(tx, 1)
        tx.emit(Changed(1))  # equal effects are dispatched once
        assert seen == []  # nothing before the commit
        return await insert(tx, 2)

    if inline:
        assert await db.write_inline(work) == 1
    else:
        async with db.transaction() as tx:
            await work(tx)
    assert seen == [Changed(1), Changed(2)]
    assert await db.fetch_value("SELECT COUNT(*) FROM t") == 2


@pytest.mark.parametrize("inline", [False, True], ids=["thread", "inline"])
async def test_a_rollback_dispatches_nothing(db: Database, inline: bool) -> None:
    seen: list[Changed] = []
    db.on(Changed, seen.append)

    async def work(tx: Transaction) -> None:
        await insert(tx, 1)
        await insert(tx, 1)  # UNIQUE fails

    async def run() -> None:
        if inline:
            await db.write_inline(work)
        else:
            async with db.transaction() as tx:
                await work(tx)

    with pytest.raises(Exception, match="UNIQUE"):
        await run()
    assert seen == []
    assert await db.fetch_value("SELECT COUNT(*) FROM t") == 0


async def test_a_savepoint_rolls_back_its_writes_and_effects_alone(db: Database) -> None:
    seen: list[Changed] = []
    db.on(Changed, seen.append)

    async def both(tx: Transaction) -> None:
        async with tx.savepoint():
            await insert(tx, 2)
            await insert(tx, 1)

    async def work(tx: Transaction) -> None:
        await insert(tx, 1)
        with pytest.raises(Exception, match="UNIQUE"):
            await both(tx)
        await insert(tx, 3)

    await db.write_inline(work)
    assert seen == [Changed(1), Changed(3)]
    assert [r[0] for r in await db.fetch_all("SELECT x FROM t ORDER BY x")] == [1, 3]


async def test_a_failing_listener_does_not_undo_the_write(db: Database) -> None:
    def broken(_: Changed) -> None:
        raise RuntimeError("listener bug")

    seen: list[Changed] = []
    db.on(Changed, broken)
    db.on(Changed, seen.append)
    async with db.transaction() as tx:
        await insert(tx, 7)
    assert seen == [Changed(7)]
    assert await db.fetch_value("SELECT x FROM t") == 7


async def test_inline_work_may_not_suspend(db: Database) -> None:
    async def work(tx: Transaction) -> None:
        await insert(tx, 1)
        await asyncio.sleep(0.001)

    with pytest.raises(RuntimeError, match="suspends"):
        await db.write_inline(work)
    assert await db.fetch_value("SELECT COUNT(*) FROM t") == 0
