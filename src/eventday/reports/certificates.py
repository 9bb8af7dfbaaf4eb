"""Certificates of attendance as PDF, made with fpdf2 (pure Python, maintained,
embeds a TrueType font so Swedish names print right). One page per person."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import msgspec

from eventday.events.models import Event
from eventday.live.clouds import resolve_font


class Attendee(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    organisation: str
    minutes_online: int
    onsite: bool


class CertificateTexts(msgspec.Struct, frozen=True, kw_only=True):
    """The words, already in the attendee's or organiser's language."""

    title: str
    certifies: str
    attended: str
    onsite: str
    online: str
    organiser: str


def render(event: Event, people: list[Attendee], texts: CertificateTexts, date: str) -> bytes:
    """A PDF with one certificate page per attendee."""
    # imported here: fpdf imports numpy, which the server otherwise never loads
    from fpdf import FPDF

    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(texts.title)
    pdf.set_creator("eventday")
    pdf.add_font("body", fname=resolve_font(""))
    pdf.set_auto_page_break(auto=False)
    tz = ZoneInfo(event.timezone)
    for person in people:
        pdf.add_page()
        pdf.set_draw_color(11, 92, 171)
        pdf.set_line_width(1.5)
        pdf.rect(12, 12, pdf.w - 24, pdf.h - 24)
        pdf.set_y(38)
        pdf.set_font("body", size=30)
        pdf.cell(0, 16, texts.title, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(10)
        pdf.set_font("body", size=14)
        pdf.cell(0, 9, texts.certifies, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("body", size=26)
        pdf.cell(0, 16, person.name, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("body", size=14)
        if person.organisation:
            pdf.cell(0, 9, person.organisation, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
        pdf.cell(0, 9, texts.attended, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("body", size=18)
        pdf.multi_cell(0, 10, event.name, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("body", size=14)
        when = event.starts_at.astimezone(tz)
        place = f"{date}" + (f" · {event.venue}" if event.venue else "")
        pdf.cell(0, 9, place, align="C", new_x="LMARGIN", new_y="NEXT")
        how = texts.onsite if person.onsite else texts.online % {"minutes": person.minutes_online}
        pdf.cell(0, 9, how, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(pdf.h - 40)
        pdf.set_font("body", size=11)
        pdf.cell(0, 8, f"{texts.organiser} · {when:%Y-%m-%d}", align="C")
    return bytes(pdf.output())
