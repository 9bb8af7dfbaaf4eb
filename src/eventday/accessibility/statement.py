"""The accessibility statement as DIGG's template lays it out, made from the audit
(what the suite measured), the known exceptions and the organisation's settings."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal
from urllib.parse import urlsplit

import msgspec

from eventday.accessibility.audit import Audit, Check
from eventday.accessibility.exceptions import KNOWN_EXCEPTIONS, KnownException
from eventday.settings import Settings

Compliance = Literal["full", "partial"]
LAW = "https://www.riksdagen.se/sv/dokument-och-lagar/dokument/svensk-forfattningssamling/lag-20181937-om-tillganglighet-till-digital_sfs-2018-1937/"
DIGG_REPORT = "https://www.digg.se/tdosanmalan"
WCAG = "https://www.w3.org/TR/WCAG21/"


class Statement(msgspec.Struct, frozen=True, kw_only=True):
    organisation: str
    contact: str
    audit: Audit
    exceptions: tuple[KnownException, ...]

    @property
    def compliance(self) -> Compliance:
        """Partial while a check found a violation or a known exception breaks a
        requirement; full otherwise (out-of-scope content does not count)."""
        if self.audit.violations or self.of_kind("noncompliant") or self.of_kind("burden"):
            return "partial"
        return "full"

    @property
    def assessed(self) -> datetime:
        """The day of the audit, as a moment the date filters format (in UTC)."""
        return datetime.fromisoformat(self.audit.date).replace(tzinfo=UTC)

    def of_kind(self, kind: str) -> tuple[KnownException, ...]:
        return tuple(e for e in self.exceptions if e.kind == kind)

    def violated(self) -> list[tuple[str, list[Check]]]:
        """Each broken axe rule with the checks that broke it."""
        rules: dict[str, list[Check]] = {}
        for check in self.audit.violations:
            for rule in check.violations:
                rules.setdefault(rule, []).append(check)
        return sorted(rules.items())


def statement(settings: Settings, audit: Audit) -> Statement:
    """Organisation and contact from the settings; empty ones fall back to the site's
    host name and the sender address of its mail."""
    return Statement(
        organisation=settings.organisation_name or urlsplit(settings.base_url).hostname or "",
        contact=settings.accessibility_contact or settings.mail_from,
        audit=audit,
        exceptions=KNOWN_EXCEPTIONS,
    )
