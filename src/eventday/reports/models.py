"""The funder's report and event series."""

from __future__ import annotations

from typing import Annotated

import msgspec

from eventday.bounds import Id


class Breakdown(msgspec.Struct, frozen=True, kw_only=True):
    key: str
    registered: int
    attended: int


class OrganisationRow(msgspec.Struct, frozen=True, kw_only=True):
    """One organisation: its people, and for the ESF follow-up the share of women
    among its participants who gave a gender against its workforce's share."""

    organisation: str
    registered: int
    attended: int
    women: int
    men: int
    other: int
    undisclosed: int
    participant_women_percent: int | None
    workforce_women_percent: int | None


class FunderReport(msgspec.Struct, frozen=True, kw_only=True):
    registered: int
    cancelled: int
    waitlisted: int
    attended: int
    attended_onsite: int
    attended_online_only: int
    anonymous_online: int
    organisations_registered: int
    organisations_reached: int
    online_percent: int
    gender: list[Breakdown] | None
    region: list[Breakdown] | None
    organisations: list[OrganisationRow]


class WorkforceIn(msgspec.Struct, frozen=True, kw_only=True):
    organisation: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    women_percent: Annotated[int, msgspec.Meta(ge=0, le=100)]


class Series(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    name: str
    target_organisations: int | None
    target_participants: int | None


class SeriesIn(msgspec.Struct, frozen=True, kw_only=True):
    """A series of events (an annual day, or a project with targets such as
    70 organisations and 1,000 participants)."""

    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    target_organisations: Annotated[int, msgspec.Meta(ge=1, le=1_000_000)] | None = None
    target_participants: Annotated[int, msgspec.Meta(ge=1, le=10_000_000)] | None = None


class EventSeriesIn(msgspec.Struct, frozen=True, kw_only=True):
    """The series an event is in; ``null`` (or nothing) takes it out of its series."""

    series_id: Id | None = None


class SeriesEvent(msgspec.Struct, frozen=True, kw_only=True):
    slug: str
    name: str
    registered: int
    attended: int
    organisations: int


class SeriesProgress(msgspec.Struct, frozen=True, kw_only=True):
    series: Series
    events: list[SeriesEvent]
    unique_organisations: int
    unique_participants: int


class CertificateIssuer(msgspec.Struct, frozen=True, kw_only=True):
    """Who issues the event's certificates; empty texts are left off the PDF."""

    organisation: str = ""
    signer_name: str = ""
    signer_title: str = ""
    has_logo: bool = False


class CertificateIssuerIn(msgspec.Struct, frozen=True, kw_only=True):
    """The issuing organisation's name, and the name and title of the person who signs
    (e.g. "Anna Berg", "Projektledare"). The logo is uploaded on its own."""

    organisation: Annotated[str, msgspec.Meta(max_length=120)] = ""
    signer_name: Annotated[str, msgspec.Meta(max_length=120)] = ""
    signer_title: Annotated[str, msgspec.Meta(max_length=120)] = ""
