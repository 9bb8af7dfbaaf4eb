"""The wheel carries templates/ and static/, and paths.py finds them once installed."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_contains_templates_and_static(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("eventday-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "eventday/templates/base.html" in names
    assert "eventday/static/css/app.css" in names
    assert "eventday/db/migrations/0001_accounts.sql" in names
    assert "eventday/locale/sv/LC_MESSAGES/core.po" in names


def test_installed_wheel_finds_its_templates(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("eventday-*.whl")
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    probe = "import eventday.paths as p; print(p.templates_dir()); print(p.static_dir())"
    result = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(target)!r}); {probe}"],
        check=True,
        capture_output=True,
        text=True,
    )
    templates, static = result.stdout.split()
    assert templates == str(target / "eventday" / "templates")
    assert static == str(target / "eventday" / "static")
