"""Schemathesis against the OpenAPI document, sending to a real server (the seeded
demo day) with an organiser's bearer token, so the protected operations are
exercised too: no answer is 5xx, and every answer has a status, a content type and a
body that the document gives for that operation.

Short by default (a few examples per operation and a fixed seed: the same requests on
every run); ``scripts/fuzz_api.py`` runs it longer (see docs/development.md).

The document is built when the module is collected, by the app the server runs
(schemathesis's loader that waits for a fixture does not work with pytest 9);
``test_the_fuzzed_document_is_the_served_one`` proves it is the one served.
"""

from __future__ import annotations

import json
import os
import tempfile
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from eventday.app import create_app
from eventday.demo import DEMO_ORGANISER
from eventday.settings import Settings
from tests.e2e.conftest import TEST_ENV, LiveServer

EXAMPLES = int(os.environ.get("EVENTDAY_FUZZ_EXAMPLES", "5"))
SEED = int(os.environ.get("EVENTDAY_FUZZ_SEED", "14"))
DEMO_SLUG = "kompetensdagen-2026"
ROWS = 30
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _document() -> dict[str, Any]:
    """The OpenAPI document of the app (its database is never opened)."""
    database = Path(tempfile.gettempdir()) / "eventday-fuzz-document.db"
    settings = Settings(database=str(database), secret_key=TEST_ENV["EVENTDAY_SECRET_KEY"])
    document: dict[str, Any] = create_app(settings).openapi_schema.to_schema()
    return document


DOCUMENT = _document()
schema = schemathesis.openapi.from_dict(
    DOCUMENT,
    config=schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "parameters": {"event_slug": DEMO_SLUG},
            # No example database: a run does not replay what an earlier one found.
            "generation": {"max-examples": EXAMPLES, "database": "none"},
        }
    ),
)


@schema.hook
def map_path_parameters(context: schemathesis.HookContext, parameters: dict[str, Any]) -> Any:
    """Ids in paths name the demo's rows (its tables hold a few dozen each), so the
    operations act on something; tests/web/test_bounds.py tries the limits."""
    if not parameters:
        return parameters
    return {
        name: 1 + value % ROWS if name.endswith("_id") and isinstance(value, int) else value
        for name, value in parameters.items()
    }


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = LiveServer(tmp_path_factory.mktemp("fuzz") / "demo.db")
    server.seed()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def organiser(demo: LiveServer) -> dict[str, str]:
    return {"Authorization": f"Bearer {demo.api_token(DEMO_ORGANISER)}"}


def test_the_fuzzed_document_is_the_served_one(demo: LiveServer) -> None:
    with urllib.request.urlopen(f"{demo.url}/schema/openapi.json") as response:
        served = json.load(response)
    assert served == json.loads(json.dumps(DOCUMENT))


@schema.parametrize()
def test_the_api_answers_as_it_documents(
    case: schemathesis.Case, demo: LiveServer, organiser: dict[str, str]
) -> None:
    case.call_and_validate(base_url=demo.url, headers=organiser, checks=CHECKS)
