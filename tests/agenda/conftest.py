"""The organiser API fixture, shared with the registration tests."""

from __future__ import annotations

from tests.registration.conftest import api

__all__ = ["api"]
