"""The accessibility statement at /tillganglighet: DIGG's sections in both languages,
made from the committed audit, the known exceptions and the organisation's settings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import msgspec
import pytest
from bs4 import BeautifulSoup
from litestar.testing import AsyncTestClient

from eventday.accessibility import audit
from eventday.accessibility.audit import Audit, Check
from eventday.accessibility.exceptions import KNOWN_EXCEPTIONS, KnownException
from eventday.accessibility.statement import Statement, statement
from eventday.app import create_app
from eventday.settings import Settings
from tests.conftest import Client

SECTIONS = {
    "sv": [
        "Hur tillgänglig är webbplatsen?",
        "Vad kan du göra om du inte kan använda delar av webbplatsen?",
        "Rapportera brister i webbplatsens tillgänglighet",
        "Tillsyn",
        "Teknisk information om webbplatsens tillgänglighet",
        "Innehåll som inte är tillgängligt",
        "Hur vi testat webbplatsen",
    ],
    "en": [
        "How accessible is the site?",
        "What can you do if you cannot use parts of the site?",
        "Report shortcomings in the site's accessibility",
        "Enforcement",
        "Technical information about the site's accessibility",
        "Content that is not accessible",
        "How we tested the site",
    ],
}


@pytest.fixture
async def organisation_client(settings: Settings) -> AsyncIterator[Client]:
    app = create_app(
        msgspec.structs.replace(
            settings,
            organisation_name="Region Exempelland",
            accessibility_contact="tillganglighet@exempel.se",
        )
    )
    async with AsyncTestClient(app, base_url="http://testserver.local") as client:
        yield client


async def _page(client: Client, language: str) -> BeautifulSoup:
    response = await client.get("/tillganglighet", params={"lang": language})
    assert response.status_code == 200
    return BeautifulSoup(response.text, "html.parser")


@pytest.mark.parametrize("language", ["sv", "en"])
async def test_statement_has_digg_sections_and_names_the_organisation(
    organisation_client: Client, language: str
) -> None:
    page = await _page(organisation_client, language)
    assert page.html is not None
    assert page.html["lang"] == language
    heading = {"sv": "Tillgänglighetsredogörelse", "en": "Accessibility statement"}[language]
    assert page.h1 is not None
    assert page.h1.get_text().replace("\xad", "") == heading  # Swedish has a soft hyphen
    assert [h.get_text() for h in page.find_all("h2")] == SECTIONS[language]
    assert "Region Exempelland" in page.select_one(".lead").get_text()  # type: ignore[union-attr]
    mailto = {a["href"] for a in page.select("a[href^='mailto:']")}
    assert mailto == {"mailto:tillganglighet@exempel.se"}
    assert page.select_one("a[href='https://www.digg.se/tdosanmalan']") is not None
    assert "2018:1937" in page.get_text()


async def test_statement_reports_the_committed_audit(client: Client) -> None:
    measured = audit.load()
    page = await _page(client, "en")
    text = " ".join(page.get_text().split())
    pages = len(measured.page_paths())
    assert f"{pages} pages, each seen as every kind of visitor" in text
    assert f"{len(measured.activities)} states of the live page" in text
    assert f"{len(measured.checks)} checks in all." in text
    assert f"Checks that found a problem: {len(measured.violations)}." in text
    assert f"runs {len(measured.rules)} rules" in text
    assert measured.tool in text
    listed = [li.get_text() for li in page.select(".statement-pages li")]
    assert len(listed) == pages
    assert "/tillganglighet" in listed
    day = date.fromisoformat(measured.date)
    assert f"The latest assessment was made on {day.day} {day:%B %Y}." in text


async def test_statement_lists_each_known_exception_in_its_section(client: Client) -> None:
    page = await _page(client, "en")
    text = " ".join(page.get_text().split())
    for known in KNOWN_EXCEPTIONS:
        assert f"{known.what} {known.reason}" in text
    assert "partially compliant" in text


async def test_statement_falls_back_to_the_host_and_the_sender_address(client: Client) -> None:
    page = await _page(client, "sv")
    assert "testserver.local står bakom" in page.select_one(".lead").get_text()  # type: ignore[union-attr]
    assert {a["href"] for a in page.select("a[href^='mailto:']")} == {"mailto:eventday@localhost"}


def _audit(*violations: tuple[str, ...]) -> Audit:
    checks = tuple(
        Check(page=f"p{i}", path=f"/p{i}", language="sv", width=360, violations=v)
        for i, v in enumerate(violations)
    )
    return Audit(
        date="2026-12-01", tool="axe-core", rules=("image-alt",), pages=checks, activities=()
    )


def test_compliance_is_full_only_without_violations_and_broken_requirements() -> None:
    outside = KnownException(what="Streams", reason="Third party", kind="out_of_scope")
    broken = KnownException(what="PDF", reason="No tags", kind="noncompliant")
    clean = _audit((), ())

    def made(found: Audit, *known: KnownException) -> Statement:
        return Statement(organisation="O", contact="c@example.se", audit=found, exceptions=known)

    assert made(clean, outside).compliance == "full"
    assert made(clean, outside, broken).compliance == "partial"
    failing = made(_audit(("image-alt",), (), ("image-alt", "label")))
    assert failing.compliance == "partial"
    assert [(rule, [c.page for c in checks]) for rule, checks in failing.violated()] == [
        ("image-alt", ["p0", "p2"]),
        ("label", ["p2"]),
    ]


def test_statement_takes_organisation_and_contact_from_the_settings() -> None:
    site = Settings(base_url="https://dagen.example.se", mail_from="dag@example.se")
    made = statement(site, _audit())
    assert (made.organisation, made.contact) == ("dagen.example.se", "dag@example.se")
    named = statement(Settings(organisation_name="Org", accessibility_contact="a@b.se"), _audit())
    assert (named.organisation, named.contact) == ("Org", "a@b.se")
