"""The wheel carries templates/ and static/, and paths.py finds them once installed."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    outdir = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(outdir)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (built,) = outdir.glob("eventday-*.whl")
    return built


def test_wheel_contains_templates_static_migrations_and_catalogues(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "eventday/templates/base.html" in names
    assert "eventday/static/css/app.css" in names
    assert "eventday/db/migrations/0001_accounts.sql" in names
    assert "eventday/locale/sv/LC_MESSAGES/core.po" in names
    assert "eventday/accessibility/audit.json" in names  # the statement is made from it


def test_installed_wheel_finds_its_templates(wheel: Path, tmp_path: Path) -> None:
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
