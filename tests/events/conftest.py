"""Fixtures for the events tests: an organiser's API headers."""

from __future__ import annotations

import pytest

from eventday.accounts import service as accounts
from eventday.accounts.models import AccountIn, Role
from eventday.db import Database
from tests.conftest import PASSWORD, TEST_PASSWORDS


@pytest.fixture
async def api_headers(db: Database) -> dict[str, str]:
    """Authorization headers of an organiser's API token."""
    account = await accounts.create_account(
        db,
        TEST_PASSWORDS,
        AccountIn(email="api-org@example.se", role=Role.ORGANISER, password=PASSWORD),
    )
    token = await accounts.create_api_token(db, account.id, "tests")
    return {"Authorization": f"Bearer {token}"}
