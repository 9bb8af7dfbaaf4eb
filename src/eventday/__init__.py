"""eventday: registration, agenda, live interaction and attendance for industry days."""

from __future__ import annotations

__version__ = "0.1.0"
