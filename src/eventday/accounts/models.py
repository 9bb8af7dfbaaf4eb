"""Accounts and roles."""

from __future__ import annotations

import enum
from typing import Annotated

import msgspec

from eventday.web.forms import Email


class Role(enum.StrEnum):
    """An account's kind. Organisers reach every event; moderators and staff reach
    the events an organiser granted them."""

    ORGANISER = "organiser"
    MODERATOR = "moderator"
    STAFF = "staff"


class EventRole(enum.StrEnum):
    MODERATOR = "moderator"
    STAFF = "staff"


class Account(msgspec.Struct, frozen=True):
    id: int
    email: str
    name: str
    role: Role

    @property
    def is_organiser(self) -> bool:
        return self.role is Role.ORGANISER


Password = Annotated[str, msgspec.Meta(min_length=1, max_length=1024)]


class LoginIn(msgspec.Struct, frozen=True):
    email: Annotated[str, msgspec.Meta(max_length=254)]
    password: Password
    next: Annotated[str, msgspec.Meta(max_length=500)] = ""


class AccountIn(msgspec.Struct, frozen=True):
    email: Email
    role: Role
    password: Annotated[str, msgspec.Meta(min_length=10, max_length=1024)]
    name: Annotated[str, msgspec.Meta(max_length=200)] = ""


class GrantIn(msgspec.Struct, frozen=True):
    email: Email
    role: EventRole


class TeamMember(msgspec.Struct, frozen=True):
    account_id: int
    email: str
    name: str
    role: EventRole
    granted_at: str
