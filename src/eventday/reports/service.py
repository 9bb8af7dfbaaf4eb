"""The funder's report (ESF: registered against attended, organisations reached,
gender where it was asked, region, organisation, and each organisation's
participants against its workforce) and event series against their targets.

Counts come from the rows that stay after anonymisation (status, organisation,
region and gender answers, check-ins, presence), so the report reads the same
before and after personal data is removed.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from eventday.checkin.attendance import EventAttendance, event_attendance
from eventday.checkin.privacy import person_key
from eventday.db import Database
from eventday.errors import N_, NotFound
from eventday.events.models import Event
from eventday.events.service import get_event
from eventday.exports.hours import ParticipationMonth, added_up, participation_hours
from eventday.exports.queries import registrations_of_event
from eventday.registration import service as registration
from eventday.registration.models import (
    GENDER_OPTIONS,
    REGIONS,
    Builtin,
    FieldMode,
    Registration,
    RegistrationStatus,
)
from eventday.reports import queries
from eventday.reports.logos import checked_logo
from eventday.reports.models import (
    Breakdown,
    CertificateIssuer,
    CertificateIssuerIn,
    FunderReport,
    OrganisationRow,
    Series,
    SeriesEvent,
    SeriesIn,
    SeriesProgress,
    WorkforceIn,
)

NOT_ANSWERED = "not-answered"


def organisation_key(name: str) -> str:
    """Organisations typed by hand: one key for any spacing or case."""
    return " ".join(name.split()).casefold()


def _breakdown(
    people: list[Registration], attended: set[int], key: str, order: list[str]
) -> list[Breakdown]:
    registered: Counter[str] = Counter()
    came: Counter[str] = Counter()
    for reg in people:
        value = reg.answers.get(key)
        bucket = value if isinstance(value, str) and value in order else NOT_ANSWERED
        registered[bucket] += 1
        came[bucket] += reg.id in attended
    return [
        Breakdown(key=k, registered=registered[k], attended=came[k])
        for k in [*order, NOT_ANSWERED]
        if registered[k]
    ]


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


async def workforce(db: Database, event: Event) -> dict[str, int]:
    return {organisation_key(name): share for name, share in await queries.workforce(db, event.id)}


async def save_workforce(db: Database, event: Event, data: WorkforceIn) -> None:
    """The share of women in an organisation's workforce (from the organiser)."""
    async with db.transaction() as tx:
        await queries.save_workforce(
            tx, event.id, " ".join(data.organisation.split()), data.women_percent
        )


def _organisations(
    people: list[Registration], attended: set[int], shares: dict[str, int]
) -> list[OrganisationRow]:
    groups: dict[str, list[Registration]] = defaultdict(list)
    names: dict[str, str] = {}
    for reg in people:
        key = organisation_key(reg.organisation)
        groups[key].append(reg)
        names.setdefault(key, " ".join(reg.organisation.split()))
    rows = []
    for key, members in groups.items():
        came = [r for r in members if r.id in attended]
        genders = Counter(str(r.answers.get(Builtin.GENDER.value, "")) for r in came)
        stated = genders["woman"] + genders["man"] + genders["other"]
        rows.append(
            OrganisationRow(
                organisation=names[key],
                registered=len(members),
                attended=len(came),
                women=genders["woman"],
                men=genders["man"],
                other=genders["other"],
                undisclosed=len(came) - stated,
                participant_women_percent=_percent(genders["woman"], stated),
                workforce_women_percent=shares.get(key),
            )
        )
    return sorted(rows, key=lambda r: (-r.attended, -r.registered, r.organisation.casefold()))


def build_report(
    registrations: list[Registration],
    seen: EventAttendance,
    gender_asked: bool,
    region_asked: bool,
    shares: dict[str, int],
) -> FunderReport:
    status = Counter(r.status for r in registrations)
    people = [r for r in registrations if r.status is RegistrationStatus.CONFIRMED]
    attended = {r.id for r in people if seen.of(r.id).attended}
    onsite = {r.id for r in people if seen.of(r.id).onsite}
    return FunderReport(
        registered=len(people),
        cancelled=status[RegistrationStatus.CANCELLED],
        waitlisted=status[RegistrationStatus.WAITLISTED],
        attended=len(attended),
        attended_onsite=len(onsite),
        attended_online_only=len(attended - onsite),
        anonymous_online=seen.anonymous_online,
        organisations_registered=len({organisation_key(r.organisation) for r in people}),
        organisations_reached=len(
            {organisation_key(r.organisation) for r in people if r.id in attended}
        ),
        online_percent=seen.settings.online_percent,
        gender=(
            _breakdown(people, attended, Builtin.GENDER.value, list(GENDER_OPTIONS))
            if gender_asked
            else None
        ),
        region=(
            _breakdown(people, attended, Builtin.REGION.value, list(REGIONS))
            if region_asked
            else None
        ),
        organisations=_organisations(people, attended, shares),
    )


async def funder_report(db: Database, event: Event) -> FunderReport:
    form = await registration.form_of(db, event)
    return build_report(
        await registrations_of_event(db, event.id),
        await event_attendance(db, event),
        form.mode(Builtin.GENDER) is not FieldMode.OFF,
        form.mode(Builtin.REGION) is not FieldMode.OFF,
        await workforce(db, event),
    )


# --- series -------------------------------------------------------------------------


async def create_series(db: Database, data: SeriesIn) -> Series:
    async with db.transaction() as tx:
        series_id = await queries.insert_series(tx, data)
    return await get_series(db, series_id)


async def get_series(db: Database, series_id: int) -> Series:
    found = await queries.series_by_id(db, series_id)
    if found is None:
        raise NotFound(N_("There is no such series."))
    return found


async def set_event_series(db: Database, event: Event, series_id: int | None) -> None:
    """Put the event in a series (an event is in at most one), or take it out."""
    if series_id is not None:
        await get_series(db, series_id)
    async with db.transaction() as tx:
        if series_id is None:
            await queries.leave_series(tx, event.id)
        else:
            await queries.join_series(tx, event.id, series_id)


async def series_hours(db: Database, series: Series) -> list[ParticipationMonth]:
    """The participation hours of every event in the series, added up per person (by
    e-mail) and month: the ESF participant report of a project."""
    months: list[ParticipationMonth] = []
    for slug in await queries.member_slugs(db, series.id):
        months += await participation_hours(db, await get_event(db, slug))
    return added_up(months)


async def series_progress(db: Database, series: Series) -> SeriesProgress:
    """Each event's numbers, and unique organisations and participants (attended,
    counted once across the series) against the targets."""
    anonymised = await queries.anonymised_keys(db, series.id)
    events: list[SeriesEvent] = []
    organisations: set[str] = set()
    people: set[str] = set()
    for slug in await queries.member_slugs(db, series.id):
        event = await get_event(db, slug)
        registrations = await registrations_of_event(db, event.id)
        seen = await event_attendance(db, event)
        confirmed = [r for r in registrations if r.status is RegistrationStatus.CONFIRMED]
        came = [r for r in confirmed if seen.of(r.id).attended]
        organisations |= {organisation_key(r.organisation) for r in came}
        people |= {anonymised.get(r.id) or person_key(r.email) for r in came}
        events.append(
            SeriesEvent(
                slug=event.slug,
                name=event.name,
                registered=len(confirmed),
                attended=len(came),
                organisations=len({organisation_key(r.organisation) for r in came}),
            )
        )
    return SeriesProgress(
        series=series,
        events=events,
        unique_organisations=len(organisations),
        unique_participants=len(people),
    )


async def certificate_issuer(db: Database, event: Event) -> CertificateIssuer:
    return await queries.certificate_issuer(db, event.id)


async def save_certificate_issuer(
    db: Database,
    event: Event,
    data: CertificateIssuerIn,
    logo: bytes = b"",
    remove_logo: bool = False,
) -> CertificateIssuer:
    """The issuer's texts, with a new logo when ``logo`` holds one (checked first, so
    a bad file saves nothing) or without the logo when ``remove_logo``."""
    checked = await checked_logo(logo) if logo else None
    async with db.transaction() as tx:
        await queries.save_certificate_issuer(tx, event.id, data)
        if checked or remove_logo:
            await queries.save_certificate_logo(tx, event.id, checked)
    return await certificate_issuer(db, event)


async def set_certificate_logo(db: Database, event: Event, data: bytes) -> CertificateIssuer:
    """A PNG or JPEG of at most 1 MB (``InvalidInput`` for the field ``logo`` else)."""
    logo = await checked_logo(data)
    async with db.transaction() as tx:
        await queries.save_certificate_logo(tx, event.id, logo)
    return await certificate_issuer(db, event)


async def remove_certificate_logo(db: Database, event: Event) -> CertificateIssuer:
    async with db.transaction() as tx:
        await queries.save_certificate_logo(tx, event.id, None)
    return await certificate_issuer(db, event)
