"""Speaker photos: check that an upload is a real image and shrink it.

Pillow is imported here only, and the work runs in a thread so a large upload never
blocks the event loop.
"""

from __future__ import annotations

import asyncio
from io import BytesIO

from eventday.errors import N_, InvalidInput

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
SIDE = 480
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def _resize(data: bytes) -> bytes:
    from PIL import Image, ImageOps, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(BytesIO(data)) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise InvalidInput(
                    field_errors={"photo": N_("Please upload a JPEG, PNG, WebP or GIF image.")}
                )
            image.load()
            picture = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise InvalidInput(
            field_errors={"photo": N_("The file is not an image we can read.")}
        ) from exc
    picture.thumbnail((SIDE, SIDE))
    out = BytesIO()
    picture.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()


async def prepare_photo(data: bytes) -> bytes:
    """A JPEG at most ``SIDE`` pixels wide and high; refuses what is not an image."""
    if not data:
        raise InvalidInput(field_errors={"photo": N_("Please choose an image file.")})
    if len(data) > MAX_UPLOAD_BYTES:
        raise InvalidInput(field_errors={"photo": N_("The image is larger than 5 MB.")})
    return await asyncio.to_thread(_resize, data)
