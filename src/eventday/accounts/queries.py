"""SQL for accounts, per-event roles and API tokens."""

from __future__ import annotations

from eventday.accounts.models import Account, EventRole, Role, TeamMember
from eventday.db import Database, Row, Transaction

_ACCOUNT_COLUMNS = "id, email, name, role"


def _account(row: Row) -> Account:
    return Account(id=row["id"], email=row["email"], name=row["name"], role=Role(row["role"]))


async def insert_account(
    conn: Transaction, email: str, name: str, password_hash: str, role: Role, now: str
) -> int:
    cursor = await conn.execute(
        "INSERT INTO accounts (email, name, password_hash, role, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (email, name, password_hash, role.value, now),
    )
    return cursor.lastrowid or 0


async def account_by_id(db: Database, account_id: int) -> Account | None:
    row = await db.fetch_one(f"SELECT {_ACCOUNT_COLUMNS} FROM accounts WHERE id = ?", (account_id,))
    return _account(row) if row else None


async def account_by_email(db: Database, email: str) -> Account | None:
    row = await db.fetch_one(f"SELECT {_ACCOUNT_COLUMNS} FROM accounts WHERE email = ?", (email,))
    return _account(row) if row else None


async def password_hash_for(db: Database, email: str) -> tuple[int, str] | None:
    row = await db.fetch_one("SELECT id, password_hash FROM accounts WHERE email = ?", (email,))
    return (row["id"], row["password_hash"]) if row else None


async def account_by_token_hash(db: Database, token_hash: str) -> Account | None:
    row = await db.fetch_one(
        "SELECT a.id, a.email, a.name, a.role FROM api_tokens t"
        " JOIN accounts a ON a.id = t.account_id WHERE t.token_hash = ?",
        (token_hash,),
    )
    return _account(row) if row else None


async def event_roles_of(db: Database, account_id: int, event_id: int) -> set[EventRole]:
    rows = await db.fetch_all(
        "SELECT role FROM event_roles WHERE account_id = ? AND event_id = ?",
        (account_id, event_id),
    )
    return {EventRole(row["role"]) for row in rows}


async def team_of_event(db: Database, event_id: int) -> list[TeamMember]:
    rows = await db.fetch_all(
        "SELECT a.id, a.email, a.name, r.role, r.granted_at FROM event_roles r"
        " JOIN accounts a ON a.id = r.account_id WHERE r.event_id = ? ORDER BY a.email, r.role",
        (event_id,),
    )
    return [
        TeamMember(
            account_id=r["id"],
            email=r["email"],
            name=r["name"],
            role=EventRole(r["role"]),
            granted_at=r["granted_at"],
        )
        for r in rows
    ]
