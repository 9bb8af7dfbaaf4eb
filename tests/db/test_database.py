from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from eventday.db import Database
from eventday.db.migrations import available_migrations, migrate, split_statements


@pytest.fixture
async def fresh_db(tmp_path: Path):  # type: ignore[no-untyped-def]
    database = Database(tmp_path / "t.db")
    await database.connect()
    yield database
    await database.close()


async def test_migrate_applies_every_migration_once_and_records_it(fresh_db: Database) -> None:
    applied = await migrate(fresh_db)
    assert [m.version for m in applied] == [m.version for m in available_migrations()]
    assert await migrate(fresh_db) == []
    recorded = await fresh_db.fetch_all("SELECT version FROM schema_migrations ORDER BY version")
    assert [r[0] for r in recorded] == [m.version for m in applied]


async def test_migrate_applies_only_new_files(fresh_db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "0001_first.sql").write_text("CREATE TABLE a (x INTEGER);")
    assert [m.name for m in await migrate(fresh_db, folder)] == ["first"]
    (folder / "0002_second.sql").write_text("-- a comment\nCREATE TABLE b (y TEXT);\n")
    assert [m.name for m in await migrate(fresh_db, folder)] == ["second"]


async def test_a_failing_migration_leaves_nothing_behind(
    fresh_db: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "0001_broken.sql").write_text("CREATE TABLE a (x INTEGER);\nNOT SQL AT ALL;\n")
    with pytest.raises(Exception, match="syntax error"):
        await migrate(fresh_db, folder)
    tables = await fresh_db.fetch_all("SELECT name FROM sqlite_master WHERE name = 'a'")
    assert tables == []


def test_split_statements_keeps_triggers_whole() -> None:
    script = (
        "CREATE TABLE t (x);\n"
        "CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN\n  UPDATE t SET x = 1;\nEND;\n"
    )
    assert len(list(split_statements(script))) == 2


async def test_database_runs_in_wal_mode_with_foreign_keys(fresh_db: Database) -> None:
    assert await fresh_db.fetch_value("PRAGMA journal_mode") == "wal"
    assert await fresh_db.fetch_value("PRAGMA foreign_keys") == 1


async def test_transaction_rolls_back_on_error(fresh_db: Database) -> None:
    await fresh_db.execute("CREATE TABLE t (x INTEGER)")

    async def insert_then_fail() -> None:
        async with fresh_db.transaction() as conn:
            await conn.execute("INSERT INTO t VALUES (1)")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        await insert_then_fail()
    assert await fresh_db.fetch_value("SELECT count(*) FROM t") == 0


async def test_concurrent_writers_are_serialised(fresh_db: Database) -> None:
    """Read-modify-write inside one transaction never loses an update."""
    await fresh_db.execute("CREATE TABLE counter (n INTEGER)")
    await fresh_db.execute("INSERT INTO counter VALUES (0)")

    async def bump() -> None:
        async with fresh_db.transaction() as tx:
            n = await tx.fetch_value("SELECT n FROM counter")
            await asyncio.sleep(0)
            await tx.execute("UPDATE counter SET n = ?", (n + 1,))

    await asyncio.gather(*(bump() for _ in range(50)))
    assert await fresh_db.fetch_value("SELECT n FROM counter") == 50


async def test_foreign_keys_are_enforced(fresh_db: Database) -> None:
    await migrate(fresh_db)
    with pytest.raises(Exception, match="FOREIGN KEY"):
        await fresh_db.execute(
            "INSERT INTO event_roles (event_id, account_id, role, granted_at)"
            " VALUES (99, 99, 'staff', 'x')"
        )
