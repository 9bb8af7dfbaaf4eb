"""Rows to typed values: one mapping for every query (``msgspec.convert``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

import msgspec

from eventday.db.transaction import Row

T = TypeVar("T")


def from_row(kind: type[T], row: Row, **fields: Any) -> T:
    """``row`` (with ``fields`` added or replaced) as a ``kind``; SQLite's 0 and 1 are
    read as booleans where ``kind`` has them (``strict=False``)."""
    return msgspec.convert({**dict(row), **fields}, kind, strict=False)


def from_rows(kind: type[T], rows: Iterable[Row]) -> list[T]:
    return [from_row(kind, row) for row in rows]
