"""SQL for accounts, per-event roles and API tokens."""

from __future__ import annotations

from eventday.accounts.models import Account, EventRole, Role, TeamMember
from eventday.db import Reader, Transaction
from eventday.db.rows import from_row, from_rows


async def insert_account(
    tx: Transaction, email: str, name: str, password_hash: str, role: Role, now: str
) -> int:
    written = await tx.execute(
        "INSERT INTO accounts (email, name, password_hash, role, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (email, name, password_hash, role.value, now),
    )
    return written.lastrowid


async def email_taken(db: Reader, email: str) -> bool:
    return await db.fetch_one("SELECT 1 FROM accounts WHERE email = ?", (email,)) is not None


async def account_by_id(db: Reader, account_id: int) -> Account | None:
    row = await db.fetch_one("SELECT * FROM accounts WHERE id = ?", (account_id,))
    return from_row(Account, row) if row else None


async def account_by_email(db: Reader, email: str) -> Account | None:
    row = await db.fetch_one("SELECT * FROM accounts WHERE email = ?", (email,))
    return from_row(Account, row) if row else None


async def password_hash_for(db: Reader, email: str) -> tuple[int, str] | None:
    row = await db.fetch_one("SELECT id, password_hash FROM accounts WHERE email = ?", (email,))
    return (row["id"], row["password_hash"]) if row else None


async def set_last_login(tx: Transaction, account_id: int, now: str) -> None:
    await tx.execute("UPDATE accounts SET last_login_at = ? WHERE id = ?", (now, account_id))


async def account_by_token_hash(db: Reader, token_hash: str) -> Account | None:
    row = await db.fetch_one(
        "SELECT a.* FROM api_tokens t JOIN accounts a ON a.id = t.account_id"
        " WHERE t.token_hash = ?",
        (token_hash,),
    )
    return from_row(Account, row) if row else None


async def insert_api_token(
    tx: Transaction, account_id: int, name: str, token_hash: str, now: str
) -> None:
    await tx.execute(
        "INSERT INTO api_tokens (account_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)",
        (account_id, name, token_hash, now),
    )


async def event_roles_of(db: Reader, account_id: int, event_id: int) -> set[EventRole]:
    rows = await db.fetch_all(
        "SELECT role FROM event_roles WHERE account_id = ? AND event_id = ?",
        (account_id, event_id),
    )
    return {EventRole(row["role"]) for row in rows}


async def grant_role(
    tx: Transaction,
    event_id: int,
    account_id: int,
    role: EventRole,
    granted_by: int | None,
    now: str,
) -> None:
    """Grant ``role`` on the event (nothing changes when it is already granted)."""
    await tx.execute(
        "INSERT OR IGNORE INTO event_roles (event_id, account_id, role, granted_by, granted_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (event_id, account_id, role.value, granted_by, now),
    )


async def revoke_role(tx: Transaction, event_id: int, account_id: int, role: EventRole) -> None:
    await tx.execute(
        "DELETE FROM event_roles WHERE event_id = ? AND account_id = ? AND role = ?",
        (event_id, account_id, role.value),
    )


async def team_of_event(db: Reader, event_id: int) -> list[TeamMember]:
    rows = await db.fetch_all(
        "SELECT a.id AS account_id, a.email, a.name, r.role, r.granted_at FROM event_roles r"
        " JOIN accounts a ON a.id = r.account_id WHERE r.event_id = ? ORDER BY a.email, r.role",
        (event_id,),
    )
    return from_rows(TeamMember, rows)
