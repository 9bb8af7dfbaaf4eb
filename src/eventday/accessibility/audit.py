"""What the browser suite measured, kept in ``audit.json`` beside this module.

``tests/e2e/test_accessibility.py`` (every page) and
``tests/e2e/test_live_accessibility.py`` (every activity on the phone and the
projector) each own one list of checks. ``scripts/accessibility-audit`` runs them with
``EVENTDAY_ACCESSIBILITY_AUDIT`` set to the date of the run, and they write their
list here; otherwise they fail when what they measured differs from this file.
"""

from __future__ import annotations

from pathlib import Path

import msgspec

AUDIT_FILE = Path(__file__).resolve().parent / "audit.json"


class Check(msgspec.Struct, frozen=True, kw_only=True):
    """One page (or one live state) in one language at one width, run through axe."""

    page: str
    path: str
    language: str
    width: int
    violations: tuple[str, ...] = ()  # ids of the axe rules the page broke


class Audit(msgspec.Struct, frozen=True, kw_only=True):
    date: str  # ISO date of the run the file was written from
    tool: str  # the checker and its version, e.g. "axe-core 4.10.2"
    rules: tuple[str, ...]  # ids of the axe rules run on every check
    pages: tuple[Check, ...]  # every page in tests/e2e/pages.py
    activities: tuple[Check, ...]  # the phone page and projector per activity and phase

    @property
    def checks(self) -> tuple[Check, ...]:
        return self.pages + self.activities

    @property
    def violations(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.violations)

    def languages(self) -> list[str]:
        return sorted({c.language for c in self.checks}, key=("sv", "en").index)

    def widths(self) -> list[int]:
        return sorted({c.width for c in self.checks})

    def page_paths(self) -> list[str]:
        """The addresses checked (some as several kinds of visitor), in order."""
        return list(dict.fromkeys(c.path for c in self.pages))


def load(path: Path = AUDIT_FILE) -> Audit:
    return msgspec.json.decode(path.read_bytes(), type=Audit)


def save(audit: Audit, path: Path = AUDIT_FILE) -> None:
    path.write_bytes(msgspec.json.format(msgspec.json.encode(audit), indent=1) + b"\n")
