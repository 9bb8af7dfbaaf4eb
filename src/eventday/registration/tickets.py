"""What a ticket is made of: the code, its QR code (segno) and a calendar file.

The QR code holds only the ticket code, which is what a door scanner needs; it is
short, so the QR stays coarse and scans from a dim phone screen.
"""

from __future__ import annotations

import io

import segno
from PIL import Image

from eventday.agenda.exports import build_calendar
from eventday.agenda.models import Session
from eventday.events.models import Event


def qr_png(ticket_code: str, scale: int = 8, border: int = 4) -> bytes:
    """The QR code as a black-on-white PNG. segno lays out the modules; Pillow (C)
    scales and encodes them, several times faster than segno's pure-Python PNG writer,
    which matters because a ticket is made for every registration."""
    qr = segno.make(ticket_code, error="m", micro=False)
    modules = [[0 if dark else 255 for dark in row] for row in qr.matrix_iter(border=border)]
    size = len(modules)
    image = Image.frombytes("L", (size, size), bytes(v for row in modules for v in row))
    out = io.BytesIO()
    image.resize((size * scale, size * scale), Image.Resampling.NEAREST).save(out, format="PNG")
    return out.getvalue()


def qr_svg_data_uri(ticket_code: str) -> str:
    """An inline image for the ticket page (``img-src data:`` is allowed by the CSP)."""
    qr = segno.make(ticket_code, error="m", micro=False)
    uri: str = qr.svg_data_uri(scale=8, border=4, title=ticket_code)
    return uri


def ticket_calendar(event: Event, sessions: list[Session], base_url: str) -> bytes:
    """The event and the sessions a registration booked, as one ``.ics``."""
    return build_calendar(event, sessions, base_url, with_event=True)
