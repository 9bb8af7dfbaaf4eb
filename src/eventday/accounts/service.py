"""Account actions: create, authenticate, grant and revoke per-event roles, API tokens."""

from __future__ import annotations

import hashlib
import secrets

from eventday.accounts import queries
from eventday.accounts.models import Account, AccountIn, EventRole, Role, TeamMember
from eventday.accounts.passwords import Passwords
from eventday.clock import now_db
from eventday.db import Database
from eventday.errors import N_, Conflict, NotFound


async def create_account(db: Database, passwords: Passwords, data: AccountIn) -> Account:
    """Create a staff account; the e-mail must be new (compared without case)."""
    password_hash = passwords.hash(data.password)
    async with db.transaction() as conn:
        if await queries.email_taken(conn, data.email):
            raise Conflict(N_("An account with this e-mail already exists."))
        account_id = await queries.insert_account(
            conn, data.email, data.name, password_hash, data.role, now_db()
        )
    return Account(id=account_id, email=data.email, name=data.name, role=data.role)


async def authenticate(
    db: Database, passwords: Passwords, email: str, password: str
) -> Account | None:
    """The account if the password is right; None otherwise (same time either way)."""
    found = await queries.password_hash_for(db, email.strip())
    if not passwords.verify(found[1] if found else None, password) or found is None:
        return None
    async with db.transaction() as tx:
        await queries.set_last_login(tx, found[0], now_db())
    return await queries.account_by_id(db, found[0])


async def can_act_on_event(
    db: Database, account: Account, event_id: int, roles: set[EventRole]
) -> bool:
    """Organisers act on every event; others need one of ``roles`` granted for it."""
    if account.is_organiser:
        return True
    return bool(await queries.event_roles_of(db, account.id, event_id) & roles)


async def grant_event_role(
    db: Database, event_id: int, email: str, role: EventRole, granted_by: int | None
) -> TeamMember:
    account = await queries.account_by_email(db, email)
    if account is None:
        raise NotFound(N_("There is no account with this e-mail."))
    now = now_db()
    async with db.transaction() as tx:
        await queries.grant_role(tx, event_id, account.id, role, granted_by, now)
    return TeamMember(account.id, account.email, account.name, role, now)


async def revoke_event_role(db: Database, event_id: int, account_id: int, role: EventRole) -> None:
    async with db.transaction() as tx:
        await queries.revoke_role(tx, event_id, account_id, role)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def create_api_token(db: Database, account_id: int, name: str) -> str:
    """A new bearer token for the API; only its hash is stored, so show it once."""
    token = "ed_" + secrets.token_urlsafe(32)
    async with db.transaction() as tx:
        await queries.insert_api_token(tx, account_id, name, _token_hash(token), now_db())
    return token


async def account_for_token(db: Database, token: str) -> Account | None:
    """The account of an API token: checked on every API request, so read inline."""
    return await queries.account_by_token_hash(db.inline, _token_hash(token))


__all__ = ["Role", "account_for_token", "authenticate", "create_account", "create_api_token"]
