"""The public form takes a limited number of registrations from one network address
per window; the next one gets the form back, filled in, with a message saying to wait,
and nothing is written."""

from __future__ import annotations

import msgspec
import pytest

from eventday.db import Database
from eventday.settings import Settings
from tests.conftest import Client
from tests.registration.conftest import make_event, private_token, register


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return msgspec.structs.replace(settings, registrations_per_address=2)


async def test_register_limit_per_address_holds_back_the_next_and_keeps_its_answers(
    client: Client, db: Database
) -> None:
    event = await make_event(db)
    for n in range(2):
        private_token(await register(client, event, f"person{n}@example.se"))

    held = await register(client, event, "third@example.se", name="Tredje Person")

    assert held.status_code == 429
    assert "Vänta några minuter" in held.text
    assert 'value="third@example.se"' in held.text
    assert 'value="Tredje Person"' in held.text
    assert await db.fetch_value("SELECT COUNT(*) FROM registrations") == 2


async def test_register_limit_counts_only_accepted_registrations(
    client: Client, db: Database
) -> None:
    event = await make_event(db)
    for _ in range(3):
        refused = await register(client, event, "not-an-email")
        assert refused.status_code == 422

    private_token(await register(client, event, "first@example.se"))
    private_token(await register(client, event, "second@example.se"))


async def test_register_limit_is_per_event(client: Client, db: Database) -> None:
    first = await make_event(db, name="Första dagen")
    second = await make_event(db, name="Andra dagen")
    for n in range(2):
        private_token(await register(client, first, f"person{n}@example.se"))

    private_token(await register(client, second, "person0@example.se"))
