"""SQL lives in queries modules and db/ only (docs/architecture.md, "Where SQL lives")."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "eventday"
SQL = re.compile(r"""["'][^"'\n]*\b(SELECT\s|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)""")


def allowed(path: Path) -> bool:
    parts = path.relative_to(SRC).parts
    return parts[0] == "db" or path.name == "queries.py" or "queries" in parts[:-1]


def test_sql_statements_live_in_queries_modules() -> None:
    offenders = [
        f"{path.relative_to(SRC)}:{n}"
        for path in sorted(SRC.rglob("*.py"))
        if not allowed(path)
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if SQL.search(line)
    ]
    assert offenders == []
