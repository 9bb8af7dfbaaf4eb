"""Rows into Structs with ``db.rows``: SQLite's types become the Struct's."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import msgspec
import pytest

from eventday.db.rows import from_row, from_rows


class Item(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    done: bool
    at: datetime
    tags: list[str] = msgspec.field(default_factory=list)


@pytest.fixture
def conn() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.row_factory = sqlite3.Row
    conn.execute("CREATE TABLE items (id INTEGER, done INTEGER, at TEXT, extra TEXT)")
    conn.executemany(
        "INSERT INTO items VALUES (?, ?, ?, 'ignored')",
        [(1, 1, "2026-12-01T09:00:00+00:00"), (2, 0, "2026-12-01T10:30:00+00:00")],
    )
    return conn


def test_a_row_becomes_the_struct_with_bools_and_times(conn: sqlite3.Connection) -> None:
    row = conn.execute("SELECT * FROM items WHERE id = 1").fetchone()
    assert from_row(Item, row) == Item(id=1, done=True, at=datetime(2026, 12, 1, 9, tzinfo=UTC))


def test_fields_given_add_to_the_row(conn: sqlite3.Connection) -> None:
    row = conn.execute("SELECT * FROM items WHERE id = 2").fetchone()
    item = from_row(Item, row, tags=["a"], done=True)
    assert item.tags == ["a"]
    assert item.done is True


def test_rows_keep_their_order(conn: sqlite3.Connection) -> None:
    items = from_rows(Item, conn.execute("SELECT * FROM items ORDER BY id DESC").fetchall())
    assert [(i.id, i.done) for i in items] == [(2, False), (1, True)]


def test_a_row_that_does_not_fit_is_refused(conn: sqlite3.Connection) -> None:
    row = conn.execute("SELECT id, 'soon' AS done, at FROM items WHERE id = 1").fetchone()
    with pytest.raises(msgspec.ValidationError):
        from_row(Item, row)
