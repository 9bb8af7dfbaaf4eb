"""SQLite storage: one serialised writer, a small pool of readers, ordered migrations."""

from __future__ import annotations

from eventday.db.database import Database, Row

__all__ = ["Database", "Row"]
