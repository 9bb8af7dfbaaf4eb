"""What a ticket is made of: the code, its QR code (segno) and a calendar file.

The QR code holds only the ticket code, which is what a door scanner needs; it is
short, so the QR stays coarse and scans from a dim phone screen.
"""

from __future__ import annotations

import asyncio
import io

import segno

from eventday.agenda import queries as agenda_queries
from eventday.agenda.exports import build_calendar
from eventday.agenda.models import Session
from eventday.db import Database
from eventday.events import queries as event_queries
from eventday.events.models import Event
from eventday.mail import Attachment
from eventday.registration import queries
from eventday.registration.models import Registration, RegistrationStatus
from eventday.web.i18n import Catalogues

TICKET = "ticket"
"""The outbox attachment kind of a ticket (``AttachmentSpec(TICKET, registration_id)``)."""


def qr_png(ticket_code: str, scale: int = 8, border: int = 4) -> bytes:
    """The QR code as a black-on-white PNG. segno lays out the modules; Pillow (C)
    scales and encodes them, several times faster than segno's pure-Python PNG writer,
    which matters because a ticket is made for every registration. Pillow is imported
    here, where a ticket is made (by the mail worker), so the server does not load it
    at start."""
    from PIL import Image

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


async def ticket_attachments(
    db: Database, registration_id: int, *, catalogues: Catalogues, base_url: str
) -> list[Attachment]:
    """The ticket mail's attachments, made by the outbox when it sends the mail (not
    in the registration's transaction): the QR code and an ``.ics`` of the event and
    the workshops booked, as they are at sending time, in the attendee's language.
    The CPU-heavy part runs in a thread so the event loop keeps serving."""
    found = await queries.registration_anywhere(db, registration_id)
    if found is None:
        raise LookupError(f"registration {registration_id} no longer exists")
    event_id, reg = found
    event = await event_queries.event_by_id(db, event_id)
    assert event is not None  # registrations are deleted with their event
    booked = {
        b.session_id
        for b in await queries.bookings_of(db, reg.id)
        if b.status is RegistrationStatus.CONFIRMED
    }
    sessions = [s for s in await agenda_queries.sessions_of_event(db, event.id) if s.id in booked]
    return await asyncio.to_thread(_ticket_files, catalogues, event, reg, sessions, base_url)


def _ticket_files(
    catalogues: Catalogues, event: Event, reg: Registration, sessions: list[Session], base_url: str
) -> list[Attachment]:
    with catalogues.activate(reg.language):
        return [
            Attachment(
                filename=f"ticket-{reg.ticket_code}.png",
                content_type="image/png",
                data=qr_png(reg.ticket_code),
            ),
            Attachment(
                filename=f"{event.slug}.ics",
                content_type="text/calendar",
                data=ticket_calendar(event, sessions, base_url),
            ),
        ]
