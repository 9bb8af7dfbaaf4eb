"""Integers at and beyond their limits, in every place a client can put one: each
integer path and query parameter and each integer in a JSON body of every operation
of the OpenAPI document, and each integer path parameter of the pages (listed from
the app's routes). Nothing answers 5xx; a value outside its documented limits is 404
in a path and 422 in a query or a body; every answer is one the operation documents."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler

from eventday.accounts import service as accounts
from eventday.accounts.models import Account, AccountIn, Role
from eventday.bounds import MAX_INT64
from eventday.clock import utcnow
from eventday.db import Database
from eventday.events import service as events
from eventday.events.models import Event, EventIn
from tests.conftest import PASSWORD, TEST_PASSWORDS, Client, csrf_token, log_in

BOUNDARIES: tuple[int | str, ...] = (0, -1, 1, MAX_INT64, MAX_INT64 + 1, 10**20, "abc")
ORGANISER = "bounds@example.se"
# A value that names something real for the string path parameters that choose
# what a route does, so the integer beside them reaches the handler.
STRINGS = {
    "what": "rooms",
    "action": "close",
    "role": "moderator",
    "fmt": "ics",
    "filename": "attendance.csv",
}
PATTERNS = {
    r"^[A-Za-z0-9_-]+$": "bounds-nonce-1",
    r"^(sv|en)$": "sv",
    r"^(door|s[0-9]+)$": "door",
    r"^#[0-9a-fA-F]{6}$": "#123456",
    r"^[a-z0-9][a-z0-9-]{0,62}$": "bounds-day",
}
PATH_PARAM = re.compile(r"{(\w+)(?::(\w+))?}")
Location = tuple[str | int, ...]


@pytest.fixture
async def upcoming(db: Database) -> Event:
    starts = utcnow().replace(microsecond=0) + timedelta(days=30)
    return await events.create_event(
        db, EventIn(name="Gränsdagen", starts_at=starts, ends_at=starts + timedelta(hours=8))
    )


@pytest.fixture
async def organiser(db: Database) -> Account:
    return await accounts.create_account(
        db, TEST_PASSWORDS, AccountIn(email=ORGANISER, role=Role.ORGANISER, password=PASSWORD)
    )


@pytest.fixture
async def bearer(db: Database, organiser: Account) -> dict[str, str]:
    return {"Authorization": f"Bearer {await accounts.create_api_token(db, organiser.id, 'b')}"}


@pytest.fixture
async def spec(client: Client) -> dict[str, Any]:
    document: dict[str, Any] = (await client.get("/schema/openapi.json")).json()
    return document


def out_of_range(value: int | str, schema: dict[str, Any]) -> bool:
    if not isinstance(value, int):
        return True
    low, high = schema.get("minimum"), schema.get("maximum")
    return (low is not None and value < low) or (high is not None and value > high)


class Bodies:
    """A small valid instance of a JSON schema, and where its integers are."""

    def __init__(self, spec: dict[str, Any], event: Event) -> None:
        self.components = spec["components"]["schemas"]
        self.moment = (event.starts_at + timedelta(hours=1)).isoformat()

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = self.components[schema["$ref"].rsplit("/", 1)[1]]
        return schema

    def variants(self, schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """Each branch of a union at the top (the console's actions) on its own."""
        schema = self.resolve(schema)
        branches = schema.get("oneOf") or schema.get("anyOf")
        yield from branches if branches else [schema]

    def build(
        self, schema: dict[str, Any], at: Location = ()
    ) -> tuple[Any, list[tuple[Location, dict[str, Any]]]]:
        schema = self.resolve(schema)
        branches = schema.get("oneOf") or schema.get("anyOf")
        if branches:
            typed = [b for b in branches if self.resolve(b).get("type") != "null"]
            return self.build(typed[0] if typed else branches[0], at)
        if "const" in schema:
            return schema["const"], []
        if "enum" in schema:
            return schema["enum"][0], []
        kind = schema.get("type")
        if kind == "integer":
            return schema.get("minimum", 1), [(at, schema)]
        if kind == "number":
            return schema.get("minimum", 1), []
        if kind == "boolean":
            return False, []
        if kind == "string":
            return self.string(schema), []
        if kind == "array":
            item, ints = self.build(schema.get("items", {}), (*at, 0))
            return [item], ints
        if kind == "object" or "properties" in schema:
            body: dict[str, Any] = {}
            found: list[tuple[Location, dict[str, Any]]] = []
            required = set(schema.get("required", []))
            for name, prop in schema.get("properties", {}).items():
                value, ints = self.build(prop, (*at, name))
                if name in required or ints:
                    body[name] = value
                    found += ints
            return body, found
        return None, []

    def string(self, schema: dict[str, Any]) -> str:
        if schema.get("format") == "date-time":
            return self.moment
        pattern = schema.get("pattern")
        if pattern in PATTERNS:
            return PATTERNS[pattern]
        if pattern and "@" in pattern:
            return "ada@example.se"
        return "x" * max(1, schema.get("minLength", 1))


def put(body: Any, at: Location, value: int | str) -> Any:
    changed = copy.deepcopy(body)
    target = changed
    for step in at[:-1]:
        target = target[step]
    target[at[-1]] = value
    return changed


def fill(path: str, event: Event, values: dict[str, Any]) -> str:
    def one(match: re.Match[str]) -> str:
        name = match[1]
        if name in values:
            return str(values[name])
        if name == "event_slug":
            return event.slug
        return STRINGS.get(name, "x")

    return PATH_PARAM.sub(one, path)


async def test_every_integer_in_the_api_holds_its_limits(
    client: Client, spec: dict[str, Any], upcoming: Event, bearer: dict[str, str]
) -> None:
    bodies = Bodies(spec, upcoming)
    wrong: list[str] = []
    sent = 0

    async def check(
        method: str,
        url: str,
        documented: dict[str, Any],
        expected: int | None,
        body: Any = None,
        query: dict[str, Any] | None = None,
    ) -> None:
        nonlocal sent
        sent += 1
        response = await client.request(
            method, url, headers=bearer, params=query, json=body if body is not None else None
        )
        what = f"{method} {url} {query or ''} {body if body is not None else ''}"
        status = response.status_code
        if status >= 500 or str(status) not in documented:
            wrong.append(f"{what}: {status} {response.text[:200]}")
        elif expected is not None and status != expected:
            wrong.append(f"{what}: {status}, expected {expected}")

    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "put", "post", "delete", "patch"):
                continue
            method = method.upper()
            documented = operation["responses"]
            params = operation.get("parameters", [])
            enums = {
                p["name"]: bodies.resolve(p["schema"])["enum"][0]
                for p in params
                if "enum" in bodies.resolve(p["schema"])
            }
            integers = [p for p in params if bodies.resolve(p["schema"]).get("type") == "integer"]
            base = {p["name"]: 1 for p in integers if p["in"] == "path"} | enums
            content = operation.get("requestBody", {}).get("content", {})
            body_schema = content.get("application/json", {}).get("schema")
            bases = []
            for variant in bodies.variants(body_schema) if body_schema else ():
                bases.append(bodies.build(variant))
            first_body = bases[0][0] if bases else None
            for param in integers:
                schema = bodies.resolve(param["schema"])
                for value in BOUNDARIES:
                    bad = out_of_range(value, schema)
                    if param["in"] == "path":
                        url = fill(path, upcoming, {**base, param["name"]: value})
                        await check(method, url, documented, 404 if bad else None, first_body)
                    else:
                        url = fill(path, upcoming, base)
                        query = {param["name"]: value}
                        await check(
                            method, url, documented, 422 if bad else None, first_body, query
                        )
            for instance, locations in bases:
                for at, schema in locations:
                    for value in BOUNDARIES:
                        body = put(instance, at, value)
                        expected = 422 if out_of_range(value, schema) else None
                        await check(method, fill(path, upcoming, base), documented, expected, body)
    assert sent > 300, sent
    assert not wrong, "\n".join(wrong)


def page_routes(app: Litestar) -> Iterator[tuple[str, str, dict[str, int]]]:
    """Every page (a route outside the OpenAPI document) with an integer path
    parameter: its method, path and the least value of each integer (0 where it
    means "new", else 1)."""
    for route in app.routes:
        integers = [name for name, kind in PATH_PARAM.findall(route.path) if kind == "int"]
        for handler in getattr(route, "route_handlers", ()):
            if not isinstance(handler, HTTPRouteHandler) or handler.include_in_schema:
                continue
            signature = handler.parsed_fn_signature.parameters
            if integers and set(integers) <= set(signature):  # not Litestar's OPTIONS
                least = {name: signature[name].kwarg_definition.ge for name in integers}
                for method in sorted(handler.http_methods):
                    yield method, route.path, least


async def test_every_integer_in_a_page_address_holds_its_limits(
    app: Litestar, client: Client, upcoming: Event, organiser: Account
) -> None:
    await log_in(client, organiser.email)
    token = await csrf_token(client, f"/manage/{upcoming.slug}/agenda")
    routes = list(page_routes(app))
    assert len(routes) > 20, routes
    wrong: list[str] = []
    for method, path, least in routes:
        for name, low in least.items():
            for value in BOUNDARIES:
                others = {other: 1 for other in least if other != name}
                url = fill(path, upcoming, {**others, name: value})
                form = {"_csrf_token": token} if method == "POST" else None
                response = await client.request(method, url, data=form, follow_redirects=False)
                status = response.status_code
                bad = not isinstance(value, int) or not low <= value <= MAX_INT64
                if status >= 500 or (bad and status != 404):
                    wrong.append(f"{method} {url}: {status} {response.text[:200]}")
                elif bad and not response.headers["content-type"].startswith("text/html"):
                    wrong.append(f"{method} {url}: not the error page")
    assert not wrong, "\n".join(wrong)


async def test_an_out_of_range_value_is_explained_in_the_askers_language(
    client: Client, upcoming: Event, bearer: dict[str, str]
) -> None:
    sessions = f"/api/v1/events/{upcoming.slug}/sessions"
    session = {
        "title": "Öppning",
        "starts_at": (upcoming.starts_at + timedelta(hours=1)).isoformat(),
        "ends_at": (upcoming.starts_at + timedelta(hours=2)).isoformat(),
        "room_id": MAX_INT64 + 1,
    }
    swedish = await client.post(sessions, json=session, headers=bearer)
    assert swedish.status_code == 422
    assert swedish.headers["content-type"] == "application/problem+json"
    assert swedish.json()["errors"] == {"room_id": f"Ange ett tal som är högst {MAX_INT64}."}
    english = await client.post(
        sessions, json={**session, "room_id": 0}, headers={**bearer, "accept-language": "en"}
    )
    assert english.json()["errors"] == {"room_id": "Please enter a number of at least 1."}
    words = await client.post(
        sessions, json={**session, "room_id": "ett"}, headers={**bearer, "accept-language": "en"}
    )
    assert words.json()["errors"] == {"room_id": "Please enter a whole number."}

    page = await client.get(f"/e/{upcoming.slug}/sessions/{10**20}")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "Hittades inte" in page.text


async def test_the_document_states_the_limits_as_exact_integers(client: Client) -> None:
    response = await client.get("/schema/openapi.json")
    assert "9.223372036854776e+18" not in response.text
    spec = response.json()
    item = spec["paths"]["/api/v1/events/{event_slug}/sessions/{item_id}"]["put"]
    (item_id,) = [p for p in item["parameters"] if p["name"] == "item_id"]
    assert item_id["schema"] == {"type": "integer", "minimum": 1, "maximum": MAX_INT64}
    room_id = spec["components"]["schemas"]["SessionIn"]["properties"]["room_id"]
    assert {"type": "integer", "minimum": 1, "maximum": MAX_INT64} in room_id["oneOf"]
    position = spec["components"]["schemas"]["RoomIn"]["properties"]["position"]
    assert (position["minimum"], position["maximum"]) == (0, 10_000)
    assert all(type(position[key]) is int for key in ("minimum", "maximum"))


async def test_ids_in_form_posts_hold_their_limits(
    client: Client, db: Database, upcoming: Event, organiser: Account
) -> None:
    """The pages' forms are not in the OpenAPI document: each form with an id in it."""
    await log_in(client, organiser.email)
    token = await csrf_token(client, f"/manage/{upcoming.slug}/agenda")
    starts = upcoming.starts_at.replace(tzinfo=None) + timedelta(hours=1)
    session = {
        "_csrf_token": token,
        "title": "Öppning",
        "starts_at": starts.isoformat(timespec="minutes"),
        "ends_at": (starts + timedelta(hours=1)).isoformat(timespec="minutes"),
    }
    for value in (0, MAX_INT64 + 1, 10**20, "abc"):
        posts = {
            f"/manage/{upcoming.slug}/agenda/sessions/0": {**session, "room_id": value},
            f"/manage/{upcoming.slug}/series": {"_csrf_token": token, "series_id": value},
            f"/e/{upcoming.slug}/register": {
                "_csrf_token": token,
                "name": "Ada",
                "email": "ada@example.se",
                "organisation": "Verkstaden AB",
                "consent": "on",
                "session_ids": value,
            },
        }
        for url, form in posts.items():
            response = await client.post(url, data=form, follow_redirects=False)
            assert response.status_code == 422, f"{url} {value}: {response.status_code}"
            assert response.headers["content-type"].startswith("text/html")
    assert await db.fetch_value("SELECT count(*) FROM sessions") == 0
    assert await db.fetch_value("SELECT count(*) FROM registrations") == 0


async def test_times_at_the_edges_of_the_calendar_and_the_second_are_422(
    client: Client, db: Database, upcoming: Event, bearer: dict[str, str]
) -> None:
    """Found by the fuzzing: a time whose UTC falls before year 1, and a session that
    ends 0.4 s after it starts (times are kept to the second)."""
    event = {
        "name": "Gränsdagen",
        "starts_at": upcoming.starts_at.isoformat(),
        "ends_at": upcoming.ends_at.isoformat(),
        "registration_opens_at": "0001-01-01T00:00:00+03:04",
    }
    english = {**bearer, "accept-language": "en"}
    early = await client.put(f"/api/v1/events/{upcoming.slug}", json=event, headers=english)
    assert early.status_code == 422, early.text
    assert early.json()["detail"] == "This date is out of range."
    assert await db.fetch_value("SELECT registration_opens_at FROM events") is None

    starts = upcoming.starts_at + timedelta(hours=1)
    session = {
        "title": "Öppning",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(milliseconds=400)).isoformat(),
    }
    blink = await client.post(
        f"/api/v1/events/{upcoming.slug}/sessions", json=session, headers=english
    )
    assert blink.status_code == 422, blink.text
    assert blink.json()["errors"] == {"ends_at": "The session must end after it starts."}
    assert await db.fetch_value("SELECT count(*) FROM sessions") == 0
