"""The limits of integers from outside, in one place.

Every id a client sends — in a path, a query or a body — names a SQLite row, and
SQLite's integers are 64-bit: an id beyond them cannot name anything, and handing it
to SQLite raises ``OverflowError`` instead of finding nothing. So ids are held to
``1..MAX_INT64`` before they reach a query: a path value outside answers 404, a query
or body value 422 (see docs/api.md).

Each type carries its limits twice, for the two readers of a type: ``msgspec.Meta``
for msgspec (bodies, forms, socket messages) and ``annotated_types.Interval`` for
Litestar (path and query parameters, and the OpenAPI document).
"""

from __future__ import annotations

from typing import Annotated

import annotated_types
import msgspec

MAX_INT64 = 2**63 - 1
"""SQLite's largest integer."""


Id = Annotated[int, msgspec.Meta(ge=1, le=MAX_INT64), annotated_types.Interval(ge=1, le=MAX_INT64)]
"""The id of a row."""

NewOrId = Annotated[
    int, msgspec.Meta(ge=0, le=MAX_INT64), annotated_types.Interval(ge=0, le=MAX_INT64)
]
"""The id of a row, or ``0`` for a new one (the pages' "new session" form)."""
