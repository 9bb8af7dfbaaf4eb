"""Where templates/, static/ and the message catalogues are, in a checkout or a wheel.

In a checkout they sit at the repository root, two levels above this package; in an
installed wheel hatchling has force-included them inside the package.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    for candidate in (PACKAGE_DIR / name, PACKAGE_DIR.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"eventday cannot find its {name}/ folder")


def templates_dir() -> Path:
    return _find("templates")


def static_dir() -> Path:
    return _find("static")


def locale_dir() -> Path:
    return PACKAGE_DIR / "locale"


def migrations_dir() -> Path:
    return PACKAGE_DIR / "db" / "migrations"
