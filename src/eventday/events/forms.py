"""Page forms with ``datetime-local`` inputs.

Browsers send ``2026-11-26T09:00`` (no seconds, no offset). msgspec wants seconds, so
they are added here; the missing offset means the event's time zone, which the
services apply.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

LOCAL_MINUTES = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$")


def form_values(form: Any, list_fields: Collection[str] = ()) -> dict[str, Any]:
    """A posted form as a plain mapping for ``parse_form``: one value per field
    (lists for ``list_fields``), local times completed with seconds."""
    values: dict[str, Any] = {}
    for key, items in form.dict().items():
        texts = [v + ":00" if LOCAL_MINUTES.match(v) else v for v in items if isinstance(v, str)]
        values[key] = texts if key in list_fields else (texts[0] if texts else "")
    return values
