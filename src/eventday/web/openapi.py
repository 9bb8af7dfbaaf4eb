"""What the OpenAPI document (``/schema``) says beyond the handlers' own signatures,
decided in one place for every route:

- which routes it describes: the JSON API under ``/api/``, ``/healthz`` and the public
  files (unguarded routes that declare ``opt={"produces": ...}``); pages are for
  browsers and stay out;
- the errors each operation can answer: 401/403 where a guard stands, 404 where the
  path names something, 400/413/422 where there is a body or a query, and what the
  handler declares in ``opt={"errors": (Conflict, ...)}``. Under ``/api/`` they are
  ``application/problem+json`` documents (one schema, ``ProblemDetails``); the public
  files answer an error page;
- the files a route sends (``opt={"produces": (media types)}``) or takes as its raw
  body (``opt={"consumes": ...}``);
- integer limits as integers: Litestar writes them as floats, which turns SQLite's
  largest id, 2^63-1, into 2^63 (``IntegerBounds``).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, TypeVar

from litestar.config.app import AppConfig
from litestar.constants import RESERVED_KWARGS
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIType, Operation, RequestBody, Schema
from litestar.params import KwargDefinition
from litestar.plugins import InitPlugin, OpenAPISchemaPlugin
from litestar.router import Router
from litestar.types import ControllerRouterHandler
from litestar.typing import FieldDefinition

from eventday.errors import EventdayError, InvalidInput, NotAuthenticated, PermissionDenied
from eventday.web.errors import ProblemDetails

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator

PROBLEM = "application/problem+json"
PATH_PARAM = re.compile(r"{(\w+)(?::\w+)?}")
BINARY = Schema(type=OpenAPIType.STRING, format="binary")  # type: ignore[arg-type]
DESCRIPTIONS = {
    400: "The body is not well-formed (e.g. JSON that does not parse).",
    401: "No bearer token, or an unknown or revoked one.",
    403: "The token's account may not do this (role, or not granted this event).",
    404: "Nothing with this address (an unknown event, id, code or action).",
    409: "This conflicts with what is already there (see `detail`).",
    413: "The body is larger than the route accepts.",
    422: "A value in the body or the query is not valid; `errors` names each field.",
    429: "Too many requests from this address; wait and try again.",
}


_LOGIN_ONLY: set[object] = set()
G = TypeVar("G")


def login_only(guard: G) -> G:
    """Mark a guard that refuses only anonymous callers (401), never with 403."""
    _LOGIN_ONLY.add(guard)
    return guard


def documented(path: str, handler: HTTPRouteHandler) -> bool:
    if path.startswith("/api/") or path == "/healthz":
        return True
    return "produces" in handler.opt and not handler.guards


def error_statuses(
    path: str, handler: HTTPRouteHandler, dependencies: Iterable[str]
) -> Iterator[int]:
    """The error statuses an operation can answer, from its guards, path and inputs."""
    if handler.guards:
        yield NotAuthenticated.status_code
        if any(guard not in _LOGIN_ONLY for guard in handler.guards):
            yield PermissionDenied.status_code
    path_params = set(PATH_PARAM.findall(path))
    if path_params:
        yield 404
    inputs = set(inspect.signature(handler.fn).parameters)
    has_body = "data" in inputs or "consumes" in handler.opt
    query = inputs - path_params - set(dependencies) - RESERVED_KWARGS
    if has_body:
        yield from (400, 413)
    if has_body or query:
        yield InvalidInput.status_code
    declared: tuple[type[EventdayError], ...] = handler.opt.get("errors", ())
    yield from (error.status_code for error in declared)


def _operation_class(handler: HTTPRouteHandler, statuses: set[int]) -> type[Operation]:
    """An Operation with the files the handler sends and takes, and only the errors
    it can answer (Litestar adds a 400 of its own wherever there are parameters);
    other answers the handler declares in ``responses`` (a second success) stay."""
    success = str(handler.status_code)
    declared = {str(status) for status in handler.responses or {}}
    return _described_operation(
        handler.opt.get("produces", ()),
        handler.opt.get("consumes", ()),
        success,
        frozenset({success} | declared | {str(status) for status in statuses}),
    )


@cache
def _described_operation(
    produces: tuple[str, ...], consumes: tuple[str, ...], success: str, kept: frozenset[str]
) -> type[Operation]:
    """One class per shape, made once per process (every app build describes every
    handler again; making a dataclass each time was a sixth of building the app)."""

    @dataclass
    class DescribedOperation(Operation):
        def __post_init__(self) -> None:
            responses = self.responses or {}
            self.responses = {code: r for code, r in responses.items() if code in kept}
            if produces and success in responses:
                responses[success].content = {  # type: ignore[union-attr]
                    kind: OpenAPIMediaType(schema=BINARY) for kind in produces
                }
            if consumes:
                self.request_body = RequestBody(
                    required=True,
                    content={kind: OpenAPIMediaType(schema=BINARY) for kind in consumes},
                )

    return DescribedOperation


def describe(handler: HTTPRouteHandler, dependencies: Iterable[str]) -> None:
    """A handler with several paths (a page's download that is also in the API) is
    described by its first documented one."""
    path = next((p for p in sorted(handler.paths) if documented(p, handler)), None)
    if path is None:
        handler.include_in_schema = False
        return
    media_type = PROBLEM if path.startswith("/api/") else "text/html"
    statuses = set(error_statuses(path, handler, dependencies))
    errors = {
        status: ResponseSpec(
            data_container=ProblemDetails if media_type == PROBLEM else str,
            description=DESCRIPTIONS[status],
            media_type=media_type,
            generate_examples=False,
        )
        for status in sorted(statuses)
    }
    handler.responses = {**errors, **(handler.responses or {})}
    handler.operation_class = _operation_class(handler, statuses)


class OpenAPIContract(InitPlugin):
    """Describes every route as above when the app is built, before Litestar copies
    the handlers into its routes."""

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        for layer in app_config.route_handlers:
            self._walk(layer, set(app_config.dependencies))
        return app_config

    def _walk(self, layer: ControllerRouterHandler, dependencies: set[str]) -> None:
        if isinstance(layer, Router):
            inner = dependencies | set(layer.dependencies or {})
            for route in layer.routes:
                for handler in getattr(route, "route_handlers", ()):
                    if isinstance(handler, HTTPRouteHandler):
                        describe(handler, inner | set(handler.dependencies or {}))
        elif isinstance(layer, HTTPRouteHandler):
            describe(layer, dependencies | set(layer.dependencies or {}))


class IntegerBounds(OpenAPISchemaPlugin):
    """The schema of a bounded integer (``eventday.bounds``, ``msgspec.Meta``) with
    its exact limits."""

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        limits = field_definition.kwarg_definition
        return (
            field_definition.annotation is int
            and isinstance(limits, KwargDefinition)
            and (limits.ge, limits.gt, limits.le, limits.lt) != (None, None, None, None)
        )

    def to_openapi_schema(
        self, field_definition: FieldDefinition, schema_creator: SchemaCreator
    ) -> Schema:
        limits = field_definition.kwarg_definition
        assert isinstance(limits, KwargDefinition)
        return Schema(
            type=OpenAPIType.INTEGER,
            minimum=limits.ge,
            exclusive_minimum=limits.gt,
            maximum=limits.le,
            exclusive_maximum=limits.lt,
        )
