"""Short codes people read aloud or type: join codes, ticket codes.

The alphabet leaves out characters that look or sound alike (0/O, 1/I/L, 2/Z, 5/S,
8/B), as pretix does for its ticket codes.
"""

from __future__ import annotations

import secrets

ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"


def new_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalise_code(text: str) -> str:
    """What a person typed, as stored: upper case, no spaces or dashes."""
    return "".join(text.split()).replace("-", "").upper()
