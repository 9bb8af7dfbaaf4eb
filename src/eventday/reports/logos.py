"""The logo on an event's certificates: check that an upload is a PNG or JPEG that
Pillow can read, within limits. Pillow is imported here only, and the check runs in a
thread so a large upload never blocks the event loop."""

from __future__ import annotations

import asyncio
from io import BytesIO

from eventday.errors import N_, InvalidInput

MAX_LOGO_BYTES = 1024 * 1024
MAX_LOGO_SIDE = 4000
FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}


def _check(data: bytes) -> str:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(BytesIO(data)) as image:
            media_type = FORMATS.get(image.format or "")
            if media_type is None:
                raise InvalidInput(field_errors={"logo": N_("Please upload a PNG or JPEG image.")})
            if max(image.size) > MAX_LOGO_SIDE:
                raise InvalidInput(
                    field_errors={"logo": N_("The logo is larger than 4000 pixels on a side.")}
                )
            image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise InvalidInput(
            field_errors={"logo": N_("The file is not an image we can read.")}
        ) from exc
    return media_type


async def checked_logo(data: bytes) -> tuple[bytes, str]:
    """The upload and its media type (``image/png`` or ``image/jpeg``), or
    ``InvalidInput`` naming the field ``logo``."""
    if not data:
        raise InvalidInput(field_errors={"logo": N_("Please choose an image file.")})
    if len(data) > MAX_LOGO_BYTES:
        raise InvalidInput(field_errors={"logo": N_("The logo is larger than 1 MB.")})
    return data, await asyncio.to_thread(_check, data)
