"""Content known not to be accessible, and why: the part of the statement no test
measures. Keep it true: add an entry when such content appears, remove it when fixed.

``kind`` is the section of DIGG's template it belongs to: ``noncompliant`` (bristande
förenlighet med lagkraven), ``burden`` (oskäligt betungande anpassning) or
``out_of_scope`` (innehåll som inte omfattas av lagen).
"""

from __future__ import annotations

from typing import Literal

import msgspec

from eventday.errors import N_

Kind = Literal["noncompliant", "burden", "out_of_scope"]


class KnownException(msgspec.Struct, frozen=True, kw_only=True):
    what: str  # English, marked N_(); translated where shown
    reason: str
    kind: Kind
    criteria: tuple[str, ...] = ()  # WCAG 2.1 success criteria, e.g. "1.3.1"


KNOWN_EXCEPTIONS = (
    KnownException(
        what=N_("Certificates of attendance are PDF files without tags."),
        reason=N_(
            "A screen reader reads their text in order but cannot tell the heading and"
            " the details apart. The same facts (name, event, date) are on the ticket"
            " page in HTML."
        ),
        kind="noncompliant",
        criteria=("1.3.1", "2.4.2"),
    ),
    KnownException(
        what=N_(
            "An event's stream is shown in the player of its provider (YouTube, Vimeo) or"
            " opens in Teams, Zoom or another service."
        ),
        reason=N_(
            "The players and meeting services are third-party content that we neither"
            " develop nor control, and live broadcasts are outside the law (9 §). Live"
            " captions depend on the organiser of each event."
        ),
        kind="out_of_scope",
    ),
    KnownException(
        what=N_("Photos of speakers and certificate logos are uploaded by organisers."),
        reason=N_(
            "A speaker's photo is described by the speaker's name only, and a logo by"
            " the organiser's name; what the picture shows is not described."
        ),
        kind="noncompliant",
        criteria=("1.1.1",),
    ),
)
