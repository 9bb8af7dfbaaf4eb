"""SQL for the funder's report and event series."""

from __future__ import annotations

from eventday.clock import now_db
from eventday.db import Reader, Transaction
from eventday.db.rows import from_row, from_rows
from eventday.reports.models import CertificateIssuer, CertificateIssuerIn, Series, SeriesIn

SERIES_SELECT = "SELECT id, name, target_organisations, target_participants FROM event_series"


async def workforce(db: Reader, event_id: int) -> list[tuple[str, int]]:
    """The share of women per organisation, as the organiser typed the names."""
    rows = await db.fetch_all(
        "SELECT organisation, women_percent FROM organisation_workforce WHERE event_id = ?",
        (event_id,),
    )
    return [(r[0], r[1]) for r in rows]


async def save_workforce(tx: Transaction, event_id: int, organisation: str, percent: int) -> None:
    await tx.execute(
        "INSERT INTO organisation_workforce (event_id, organisation, women_percent)"
        " VALUES (?, ?, ?) ON CONFLICT (event_id, organisation)"
        " DO UPDATE SET women_percent = excluded.women_percent",
        (event_id, organisation, percent),
    )


async def insert_series(tx: Transaction, data: SeriesIn) -> int:
    written = await tx.execute(
        "INSERT INTO event_series (name, target_organisations, target_participants, created_at)"
        " VALUES (?, ?, ?, ?)",
        (data.name, data.target_organisations, data.target_participants, now_db()),
    )
    return written.lastrowid


async def series_by_id(db: Reader, series_id: int) -> Series | None:
    row = await db.fetch_one(f"{SERIES_SELECT} WHERE id = ?", (series_id,))
    return from_row(Series, row) if row else None


async def all_series(db: Reader) -> list[Series]:
    return from_rows(Series, await db.fetch_all(f"{SERIES_SELECT} ORDER BY name"))


async def series_of_event(db: Reader, event_id: int) -> int | None:
    value = await db.fetch_value(
        "SELECT series_id FROM event_series_members WHERE event_id = ?", (event_id,)
    )
    return int(value) if value is not None else None


async def leave_series(tx: Transaction, event_id: int) -> None:
    await tx.execute("DELETE FROM event_series_members WHERE event_id = ?", (event_id,))


async def join_series(tx: Transaction, event_id: int, series_id: int) -> None:
    """Put the event in the series (an event is in at most one)."""
    await tx.execute(
        "INSERT INTO event_series_members (event_id, series_id) VALUES (?, ?)"
        " ON CONFLICT (event_id) DO UPDATE SET series_id = excluded.series_id",
        (event_id, series_id),
    )


async def member_slugs(db: Reader, series_id: int) -> list[str]:
    """The series' events, the first first."""
    rows = await db.fetch_all(
        "SELECT e.slug FROM event_series_members m JOIN events e ON e.id = m.event_id"
        " WHERE m.series_id = ? ORDER BY e.starts_at",
        (series_id,),
    )
    return [r[0] for r in rows]


async def anonymised_keys(db: Reader, series_id: int) -> dict[int, str]:
    """The person key of each anonymised registration in the series' events."""
    rows = await db.fetch_all(
        "SELECT r.id, a.person_key FROM registrations r JOIN event_series_members m"
        " ON m.event_id = r.event_id JOIN anonymised_registrations a"
        " ON a.registration_id = r.id WHERE m.series_id = ?",
        (series_id,),
    )
    return {r[0]: r[1] for r in rows}


async def certificate_issuer(db: Reader, event_id: int) -> CertificateIssuer:
    row = await db.fetch_one(
        "SELECT organisation, signer_name, signer_title, logo IS NOT NULL AS has_logo"
        " FROM certificate_issuers WHERE event_id = ?",
        (event_id,),
    )
    return CertificateIssuer() if row is None else from_row(CertificateIssuer, row)


async def certificate_logo(db: Reader, event_id: int) -> tuple[bytes, str] | None:
    """The logo's bytes and media type, if there is one."""
    row = await db.fetch_one(
        "SELECT logo, logo_type FROM certificate_issuers WHERE event_id = ? AND logo IS NOT NULL",
        (event_id,),
    )
    return None if row is None else (bytes(row["logo"]), str(row["logo_type"]))


async def save_certificate_issuer(
    tx: Transaction, event_id: int, data: CertificateIssuerIn
) -> None:
    await tx.execute(
        "INSERT INTO certificate_issuers"
        " (event_id, organisation, signer_name, signer_title, updated_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (event_id) DO UPDATE SET"
        " organisation = excluded.organisation, signer_name = excluded.signer_name,"
        " signer_title = excluded.signer_title, updated_at = excluded.updated_at",
        (event_id, data.organisation, data.signer_name, data.signer_title, now_db()),
    )


async def save_certificate_logo(
    tx: Transaction, event_id: int, logo: tuple[bytes, str] | None
) -> None:
    """Set the logo (bytes and media type), or remove it with ``None``."""
    content, media_type = logo if logo else (None, None)
    await tx.execute(
        "INSERT INTO certificate_issuers (event_id, logo, logo_type, updated_at)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (event_id) DO UPDATE SET"
        " logo = excluded.logo, logo_type = excluded.logo_type, updated_at = excluded.updated_at",
        (event_id, content, media_type, now_db()),
    )
