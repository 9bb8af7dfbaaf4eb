"""Certificates of attendance as PDF, made with fpdf2 (pure Python, maintained,
embeds a TrueType font so Swedish names print right). One page per person, issued by
the organiser: their logo at the top, the signer's name and title on a signature
line, and the issuing organisation at the foot."""

from __future__ import annotations

from io import BytesIO
from typing import TYPE_CHECKING

import msgspec

from eventday.events.models import Event
from eventday.live.clouds import resolve_font
from eventday.reports.models import CertificateIssuer

if TYPE_CHECKING:
    from fpdf import FPDF

LOGO_HEIGHT = 18  # mm


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
    issued_by: str  # "Issued by %(organisation)s"


def render(
    event: Event,
    people: list[Attendee],
    texts: CertificateTexts,
    date: str,
    issuer: CertificateIssuer,
    logo: bytes | None = None,
) -> bytes:
    """A PDF with one certificate page per attendee."""
    # imported here: fpdf imports numpy, which the server otherwise never loads
    from fpdf import FPDF
    from fpdf.enums import Align

    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(texts.title)
    pdf.set_creator("eventday")
    if issuer.organisation:
        pdf.set_author(issuer.organisation)
    pdf.add_font("body", fname=resolve_font(""))
    pdf.set_auto_page_break(auto=False)
    for person in people:
        pdf.add_page()
        pdf.set_draw_color(11, 92, 171)
        pdf.set_line_width(1.5)
        pdf.rect(12, 12, pdf.w - 24, pdf.h - 24)
        if logo:
            pdf.image(BytesIO(logo), x=Align.C, y=20, h=LOGO_HEIGHT)
        pdf.set_y(44 if logo else 38)
        pdf.set_font("body", size=30)
        pdf.cell(0, 16, texts.title, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6 if logo else 10)
        pdf.set_font("body", size=14)
        pdf.cell(0, 9, texts.certifies, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("body", size=26)
        pdf.cell(0, 16, person.name, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("body", size=14)
        if person.organisation:
            pdf.cell(0, 9, person.organisation, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        pdf.cell(0, 9, texts.attended, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("body", size=18)
        pdf.multi_cell(0, 10, event.name, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("body", size=14)
        place = f"{date}" + (f" · {event.venue}" if event.venue else "")
        pdf.cell(0, 9, place, align="C", new_x="LMARGIN", new_y="NEXT")
        how = texts.onsite if person.onsite else texts.online % {"minutes": person.minutes_online}
        pdf.cell(0, 9, how, align="C", new_x="LMARGIN", new_y="NEXT")
        _signature(pdf, issuer)
        if issuer.organisation:
            pdf.set_y(pdf.h - 30)
            pdf.set_font("body", size=11)
            pdf.cell(0, 8, texts.issued_by % {"organisation": issuer.organisation}, align="C")
    return bytes(pdf.output())


def _signature(pdf: FPDF, issuer: CertificateIssuer) -> None:
    """A line to sign on, with the signer's name and title under it."""
    if not (issuer.signer_name or issuer.signer_title):
        return
    top = pdf.h - 56
    pdf.set_line_width(0.3)
    pdf.set_draw_color(60, 60, 60)
    pdf.line(pdf.w / 2 - 40, top, pdf.w / 2 + 40, top)
    pdf.set_y(top + 1)
    for text, size in ((issuer.signer_name, 12), (issuer.signer_title, 10)):
        if text:
            pdf.set_font("body", size=size)
            pdf.cell(0, 6, text, align="C", new_x="LMARGIN", new_y="NEXT")
