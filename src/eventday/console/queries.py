"""SQL for the console: the audit log and announcements."""

from __future__ import annotations

from eventday.clock import now_db
from eventday.console.models import AuditEntry
from eventday.db import Reader, Row, Transaction
from eventday.db.rows import from_row, from_rows
from eventday.live.models import Announcement
from eventday.live.queries import ANNOUNCEMENT_COLUMNS

AUDIT_LIMIT = 50


async def record(
    tx: Transaction, event_id: int, account_id: int, action: str, summary: str, undo: bytes | None
) -> int:
    """Add an audit entry; returns its id (the console state's new version)."""
    written = await tx.execute(
        "INSERT INTO console_audit (event_id, account_id, action, summary, undo, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (event_id, account_id, action, summary, undo.decode() if undo else None, now_db()),
    )
    return written.lastrowid


async def audit_entry(db: Reader, entry_id: int) -> Row | None:
    return await db.fetch_one(
        "SELECT id, event_id, action, undo, undone_by FROM console_audit WHERE id = ?",
        (entry_id,),
    )


async def mark_undone(tx: Transaction, entry_id: int, undone_by: int) -> None:
    await tx.execute(
        "UPDATE console_audit SET undone_by = ? WHERE id = ? AND undone_by IS NULL",
        (undone_by, entry_id),
    )


async def audit_log(db: Reader, event_id: int, limit: int = AUDIT_LIMIT) -> list[AuditEntry]:
    """The newest entries with who made them."""
    rows = await db.fetch_all(
        "SELECT c.id, c.created_at AS at, c.action, c.summary, c.undo IS NOT NULL AS undoable,"
        " c.undone_by IS NOT NULL AS undone, COALESCE(NULLIF(a.name, ''), a.email, '') AS who,"
        " o.action AS undid"
        " FROM console_audit c LEFT JOIN accounts a ON a.id = c.account_id"
        " LEFT JOIN console_audit o ON o.undone_by = c.id"
        " WHERE c.event_id = ? ORDER BY c.id DESC LIMIT ?",
        (event_id, limit),
    )
    return from_rows(AuditEntry, rows)


async def audit_version(db: Reader, event_id: int) -> int:
    value = await db.fetch_value(
        "SELECT COALESCE(MAX(id), 0) FROM console_audit WHERE event_id = ?", (event_id,)
    )
    return int(value or 0)


async def add_announcement(
    tx: Transaction, event_id: int, text: str, projector: bool, account_id: int, at: str
) -> int:
    written = await tx.execute(
        "INSERT INTO console_announcements (event_id, text, projector, account_id, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (event_id, text, int(projector), account_id, at),
    )
    return written.lastrowid


async def withdraw_announcement(
    tx: Transaction, event_id: int, announcement_id: int, at: str
) -> bool:
    """Withdraw an announcement (idempotent); False if the event has no such one."""
    written = await tx.execute(
        "UPDATE console_announcements SET withdrawn_at = COALESCE(withdrawn_at, ?)"
        " WHERE id = ? AND event_id = ?",
        (at, announcement_id, event_id),
    )
    return written.rowcount == 1


async def announcement_by_id(db: Reader, announcement_id: int) -> Announcement | None:
    row = await db.fetch_one(
        f"SELECT {ANNOUNCEMENT_COLUMNS} FROM console_announcements WHERE id = ?",
        (announcement_id,),
    )
    return from_row(Announcement, row) if row else None
