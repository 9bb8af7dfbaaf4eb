"""SQLite storage: one serialised writer, a small pool of readers, ordered migrations."""

from __future__ import annotations

from eventday.db.database import Database
from eventday.db.transaction import Reader, Row, Transaction, Written

__all__ = ["Database", "Reader", "Row", "Transaction", "Written"]
