"""The server reads the wall clock in one place, so moving the clock moves all of it."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from eventday import clock

SOURCE = Path(clock.__file__).parent
# Ways of reading the calendar or the wall clock that bypass eventday.clock.
BYPASSES = re.compile(
    r"datetime\.(now|utcnow|today)\(|date\.today\(|\btime\.time\(|"
    r"datetime\('now'\)|CURRENT_TIMESTAMP|CURRENT_DATE"
)


def test_only_the_clock_module_reads_the_wall_clock() -> None:
    offenders = [
        f"{path.relative_to(SOURCE)}:{number}: {line.strip()}"
        for path in sorted(SOURCE.rglob("*"))
        if path.suffix in {".py", ".sql"} and path != Path(clock.__file__)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if BYPASSES.search(line)
    ]
    assert offenders == []


@pytest.mark.any_date
def test_a_moved_clock_moves_utcnow_and_wall_seconds(clock_shift: timedelta, now: datetime) -> None:
    """The test's "now" is the real time plus the shift, and both readers follow it."""
    moved = clock.utcnow()
    assert abs((moved - now).total_seconds()) < 5
    assert abs(moved.timestamp() - clock.wall_seconds()) < 5
