"""axe-core for the accessibility suites, and the audit the statement is made from.

``Checker.watch(context)`` makes axe part of every page the context loads (an init
script, so it is neither sent over the wire nor evaluated again per run);
``Checker.run(page)`` runs every rule once on the page as loaded (``start`` and
``result`` do it in two steps, so several pages can be checked at once). Each suite then
hands its checks to ``record``: with ``EVENTDAY_ACCESSIBILITY_AUDIT`` set to a date
(``scripts/accessibility-audit``) they are written to the package's ``audit.json``,
otherwise they must equal what the file says.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import axe_playwright_python
import msgspec
from axe_playwright_python.base import AxeResults

from eventday.accessibility import audit
from eventday.accessibility.audit import Audit, Check

AXE_SCRIPT = Path(axe_playwright_python.__file__).with_name("axe.min.js")
RESULT_TYPES = ("violations", "passes", "incomplete", "inapplicable")
AUDIT_DATE = "EVENTDAY_ACCESSIBILITY_AUDIT"


class Checker:
    """Runs axe and remembers which rules it ran and which version it is."""

    def __init__(self) -> None:
        self.rules: set[str] = set()
        self.tool = ""

    def watch(self, context: Any) -> Any:
        context.add_init_script(path=str(AXE_SCRIPT))
        return context

    def start(self, page: Any) -> None:
        """Start axe on the page as loaded; ``result`` waits for it. Pages started one
        after another run side by side, each in its own renderer process."""
        page.evaluate("() => { window.__axe = axe.run(document, {resultTypes: ['violations']}); }")

    def result(self, page: Any) -> AxeResults:
        # Only violations come back with their nodes; the other result types list the
        # rules, which is what the audit needs from them.
        response = page.evaluate("() => window.__axe")
        self.rules.update(rule["id"] for kind in RESULT_TYPES for rule in response[kind])
        self.tool = f"{response['testEngine']['name']} {response['testEngine']['version']}"
        return AxeResults(response)

    def run(self, page: Any) -> AxeResults:
        self.start(page)
        return self.result(page)


def check(name: str, path: str, language: str, width: int, results: AxeResults) -> Check:
    violated = tuple(sorted(rule["id"] for rule in results.response["violations"]))
    return Check(page=name, path=path, language=language, width=width, violations=violated)


def record(section: str, checks: list[Check], checker: Checker) -> None:
    """Write ``section`` ("pages" or "activities") of the audit, or fail unless the
    committed file says what was measured."""
    committed = audit.load() if audit.AUDIT_FILE.exists() else None
    date = os.environ.get(AUDIT_DATE)
    rules = tuple(sorted(checker.rules))
    if date:
        base = committed or Audit(date=date, tool="", rules=(), pages=(), activities=())
        written = msgspec.structs.replace(
            base, date=date, tool=checker.tool, rules=rules, **{section: tuple(checks)}
        )
        audit.save(written)
        committed = audit.load()
    assert committed is not None, f"{audit.AUDIT_FILE} is missing: run scripts/accessibility-audit"
    stale = "the statement's audit is stale: run scripts/accessibility-audit"
    assert getattr(committed, section) == tuple(checks), stale
    assert committed.rules == rules, stale
    assert committed.tool == checker.tool, stale
