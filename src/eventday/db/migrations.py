"""Ordered schema migrations, recorded in ``schema_migrations`` and applied on start.

Migrations are the ``NNNN_name.sql`` files in ``db/migrations``, applied in number
order, each inside the one ``BEGIN IMMEDIATE`` transaction that also records it, so
two processes starting together never apply one twice. Feature folders own number
ranges: 0001-0099 core and accounts, 0100-0199 events, registration and agenda,
0200-0299 live, 0300-0399 console, 0400-0499 check-in and attendance.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import msgspec

from eventday.clock import now_db
from eventday.db.database import Database
from eventday.paths import migrations_dir

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


class Migration(msgspec.Struct, frozen=True):
    version: int
    name: str
    path: Path


def available_migrations(folder: Path | None = None) -> list[Migration]:
    found = []
    for path in (folder or migrations_dir()).iterdir():
        match = _NAME.match(path.name)
        if match:
            found.append(Migration(int(match[1]), match[2], path))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise RuntimeError(f"two migrations share a number: {versions}")
    return found


def split_statements(sql: str) -> Iterator[str]:
    """Split a script into complete statements (so they run inside our transaction)."""
    pending = ""
    for line in sql.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statement = pending.strip()
            pending = ""
            if statement.strip(";").strip():
                yield statement
    if pending.strip() and not pending.strip().startswith("--"):
        raise ValueError(f"incomplete SQL statement at the end of a migration: {pending!r}")


async def migrate(db: Database, folder: Path | None = None) -> list[Migration]:
    """Apply the migrations not yet recorded; returns those applied now."""
    applied_now = []
    async with db.transaction() as conn:
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        done = {row[0] for row in await conn.fetch_all("SELECT version FROM schema_migrations")}
        for migration in available_migrations(folder):
            if migration.version in done:
                continue
            for statement in split_statements(migration.path.read_text(encoding="utf-8")):
                await conn.execute(statement)
            await conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.name, now_db()),
            )
            applied_now.append(migration)
    return applied_now
