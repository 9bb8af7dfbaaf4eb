"""Certificates issued by the organiser: the form (errors by the field, a message
after saving), the API, and the PDF read back with pypdf (texts and embedded logo)."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfReader

from eventday.accounts import service as accounts
from eventday.accounts.models import AccountIn, Role
from eventday.checkin import service as checkin
from eventday.checkin.models import ScanIn
from eventday.db import Database
from eventday.events.models import Event
from eventday.settings import Settings
from tests.checkin.conftest import register
from tests.conftest import PASSWORD, TEST_PASSWORDS, Client, csrf_token

pytestmark = pytest.mark.any_date


def image(fmt: str, size: tuple[int, int] = (240, 80)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (11, 92, 171)).save(out, fmt)
    return out.getvalue()


@pytest.fixture
async def org_api(db: Database) -> dict[str, str]:
    account = await accounts.create_account(
        db,
        TEST_PASSWORDS,
        AccountIn(email="cert@example.se", role=Role.ORGANISER, password=PASSWORD),
    )
    return {"Authorization": f"Bearer {await accounts.create_api_token(db, account.id, 't')}"}


async def attendee_token(db: Database, settings: Settings, event: Event) -> str:
    """One person checked in at the door; the token of their private link."""
    registered = await register(db, settings, event, 1, "Gjuteriet")
    staff = await accounts.create_account(
        db,
        TEST_PASSWORDS,
        AccountIn(email="door@example.se", role=Role.STAFF, password=PASSWORD),
    )
    code = registered.registration.ticket_code
    await checkin.scan(db, event, ScanIn(nonce="nonce-0001", code=code), staff)
    return registered.token


def logo_sizes(pdf: bytes) -> list[tuple[int, int]]:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    return [picture.image.size for picture in page.images]


async def post_form(client: Client, event: Event, fields: dict[str, str], logo: bytes | None):  # type: ignore[no-untyped-def]
    token = await csrf_token(client, f"/manage/{event.slug}/certificate")
    files = {"logo": ("logo.png", logo, "image/png")} if logo is not None else None
    return await client.post(
        f"/manage/{event.slug}/certificate",
        data={**fields, "_csrf_token": token},
        files=files,
        follow_redirects=False,
    )


async def test_organiser_sets_issuer_signer_and_logo_on_the_page(
    organiser: Client, db: Database, settings: Settings, event: Event
) -> None:
    token = await attendee_token(db, settings, event)
    fields = {
        "organisation": "Teknikföretagen i Gävleborg",
        "signer_name": "Anna Berg",
        "signer_title": "Projektledare",
    }

    saved = await post_form(organiser, event, fields, image("PNG"))
    page = await organiser.get(saved.headers["location"])
    pdf = await organiser.get(f"/r/{token}/certificate.pdf")

    assert saved.status_code == 303
    assert "Intyget är sparat." in page.text
    assert 'value="Teknikföretagen i Gävleborg"' in page.text
    assert f'src="/manage/{event.slug}/certificate/logo"' in page.text
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "Utfärdat av Teknikföretagen i Gävleborg" in text
    assert "Anna Berg" in text
    assert "Projektledare" in text
    assert "eventday" not in text
    assert logo_sizes(pdf.content) == [(240, 80)]


async def test_without_an_issuer_the_certificate_names_nobody(
    organiser: Client, db: Database, settings: Settings, event: Event
) -> None:
    token = await attendee_token(db, settings, event)

    pdf = await organiser.get(f"/r/{token}/certificate.pdf")

    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "Person 1" in text
    assert "Utfärdat av" not in text
    assert logo_sizes(pdf.content) == []


@pytest.mark.parametrize(
    ("upload", "error"),
    [
        (b"not an image at all", "Filen är inte en bild som vi kan läsa."),
        (image("GIF"), "Ladda upp en PNG- eller JPEG-bild."),
        (b"\x89PNG" + b"0" * (1024 * 1024), "Logotypen är större än 1 MB."),
    ],
)
async def test_a_bad_logo_is_refused_by_its_field_and_nothing_is_saved(
    organiser: Client, db: Database, event: Event, upload: bytes, error: str
) -> None:
    response = await post_form(organiser, event, {"organisation": "Verket"}, upload)

    assert response.status_code == 422
    assert f'<p class="error-text" id="field-logo-error">{error}</p>' in response.text
    assert 'value="Verket"' in response.text  # what was typed is kept
    assert await db.fetch_value("SELECT COUNT(*) FROM certificate_issuers") == 0


async def test_too_long_a_name_is_refused_by_its_field(organiser: Client, event: Event) -> None:
    response = await post_form(organiser, event, {"signer_name": "x" * 121}, None)

    assert response.status_code == 422
    assert 'id="field-signer_name-error"' in response.text


async def test_issuer_through_the_api(
    client: Client, db: Database, settings: Settings, event: Event, org_api: dict[str, str]
) -> None:
    token = await attendee_token(db, settings, event)
    path = f"/api/v1/events/{event.slug}/certificate"

    saved = await client.put(
        path, json={"organisation": "Region Gävleborg", "signer_name": "Bo Ek"}, headers=org_api
    )
    logo = await client.put(
        f"{path}/logo", content=image("JPEG"), headers={**org_api, "content-type": "image/jpeg"}
    )
    with_logo = await client.get(f"/r/{token}/certificate.pdf")
    refused = await client.put(
        f"{path}/logo", content=b"GIF89a", headers={**org_api, "content-type": "image/gif"}
    )
    removed = await client.delete(f"{path}/logo", headers=org_api)
    after = await client.get(path, headers=org_api)
    too_long = await client.put(path, json={"signer_title": "x" * 121}, headers=org_api)

    assert saved.status_code == 200
    assert saved.json() == {
        "organisation": "Region Gävleborg",
        "signer_name": "Bo Ek",
        "signer_title": "",
        "has_logo": False,
    }
    assert logo.status_code == 200
    assert logo.json()["has_logo"] is True
    assert logo_sizes(with_logo.content) == [(240, 80)]
    assert (
        "Utfärdat av Region Gävleborg"
        in PdfReader(io.BytesIO(with_logo.content)).pages[0].extract_text()
    )
    assert refused.status_code == 422
    assert "logo" in refused.json()["errors"]
    assert removed.status_code == 204
    assert after.json()["has_logo"] is False
    assert after.json()["organisation"] == "Region Gävleborg"
    assert too_long.status_code == 422
