"""Password hashing with argon2id, at the cost the settings give (argon2-cffi's
recommended parameters by default).

A hash records the parameters it was made with, so changing the settings never locks
anyone out: old hashes still verify, new ones use the new cost.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from eventday.settings import Settings


class Passwords:
    """Hashes new passwords and verifies given ones."""

    def __init__(self, time_cost: int, memory_kib: int) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib)
        # Verified against when the e-mail is unknown, so a login takes as long either way.
        self._dummy_hash = self._hasher.hash("not a real password")

    @classmethod
    def from_settings(cls, settings: Settings) -> Passwords:
        return cls(settings.password_time_cost, settings.password_memory_kib)

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str | None, password: str) -> bool:
        try:
            verified = self._hasher.verify(password_hash or self._dummy_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        return verified and password_hash is not None
