"""Rows into typed values: ``msgspec.convert`` over the row's columns, lenient so
SQLite's 0/1 become bools and ISO text becomes datetimes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

import msgspec

from eventday.db.transaction import Row

T = TypeVar("T")


def from_row(kind: type[T], row: Row, **fields: Any) -> T:
    """``row`` as a ``kind``; ``fields`` add to (or replace) the row's columns."""
    return msgspec.convert({**dict(row), **fields}, kind, strict=False)


def from_rows(kind: type[T], rows: Iterable[Row]) -> list[T]:
    return [from_row(kind, row) for row in rows]
