"""One mapping from errors to responses: an HTML page in the user's language for
browsers, RFC 9457 problem details (``application/problem+json``) for ``/api``."""

from __future__ import annotations

import logging
import re
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.response import Template

from eventday.errors import N_, EventdayError
from eventday.web.i18n import gettext
from eventday.web.middleware import activate_language

log = logging.getLogger("eventday")

STATUS_TITLES = {
    400: N_("The request could not be handled"),
    401: N_("Please log in"),
    403: N_("You do not have access to this"),
    404: N_("Not found"),
    405: N_("This action is not possible here"),
    409: N_("This conflicts with what is already there"),
    413: N_("What you sent is too large"),
    422: N_("Some fields need attention"),
    429: N_("Too many attempts, please wait a moment"),
    500: N_("Something went wrong on our side"),
}
CSRF_FAILED = N_("The form had expired. Please go back, reload the page and try again.")
INVALID_BODY = N_("The request body is not valid.")
UNREADABLE = N_("The request body could not be read (it is not well-formed).")
CODES = {400: "bad-request", 404: "not-found", 405: "method-not-allowed", 413: "too-large"}
MISSING_FIELD = re.compile(r"missing required field `([^`]+)`")
# msgspec's words for a number out of its limits or not a number, said in the asker's
# language (an id beyond SQLite's integers gets the first two).
NUMBER_LIMIT = re.compile(r"Expected `int` (>=|<=) (-?\d+)")
NOT_A_NUMBER = re.compile(r"Expected `int( \| null)?`, got")
AT_LEAST = N_("Please enter a number of at least %(limit)s.")
AT_MOST = N_("Please enter a number of at most %(limit)s.")
WHOLE_NUMBER = N_("Please enter a whole number.")


class ProblemDetails(msgspec.Struct, kw_only=True, omit_defaults=True):
    """An RFC 9457 problem document: every error of ``/api`` answers with one
    (``application/problem+json``), in the asker's language."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: dict[str, str] | msgspec.UnsetType = msgspec.UNSET
    """Field name to message, for the fields that need attention."""
    rows: list[dict[str, Any]] | msgspec.UnsetType = msgspec.UNSET
    """Schedule import only: every row of the file with its ``errors``."""


class Problem:
    """What went wrong, before it is shaped as a page or a problem document."""

    def __init__(
        self,
        status: int,
        code: str,
        title: str,
        detail: str,
        field_errors: dict[str, str],
        extensions: dict[str, Any] | None = None,
    ) -> None:
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.field_errors = field_errors
        self.extensions = extensions or {}


def _field_message(message: str) -> str:
    """What msgspec says about one value, translated where it is about a number."""
    if limit := NUMBER_LIMIT.match(message):
        template = AT_LEAST if limit[1] == ">=" else AT_MOST
        return gettext(template, limit=limit[2])
    if NOT_A_NUMBER.match(message):
        return gettext(WHOLE_NUMBER)
    return message


def _invalid_request(items: list[Any]) -> Problem:
    """Litestar's validation of a well-formed request: a bad value in the body or the
    query is 422 (as a service's ``InvalidInput``); a bad value in the path names
    nothing that exists, so it is 404."""
    errors: dict[str, str] = {}
    for item in items:
        if not isinstance(item, dict) or item.get("source") == "path":
            continue
        message = str(item.get("message", ""))
        key = str(item.get("key") or "body")
        if key == "data":
            missing = MISSING_FIELD.search(message)
            key = missing.group(1) if missing else "body"
        errors[key] = _field_message(message)
    if not errors:
        title = gettext(STATUS_TITLES[404])
        return Problem(404, "not-found", title, title, {})
    return Problem(422, "invalid-input", gettext(STATUS_TITLES[422]), gettext(INVALID_BODY), errors)


def _problem(exc: Exception) -> Problem:
    if isinstance(exc, EventdayError):
        detail = gettext(exc.message, **exc.params)
        errors = {name: gettext(message) for name, message in exc.field_errors.items()}
        return Problem(
            exc.status_code, exc.code, gettext(exc.title), detail, errors, exc.extensions
        )
    if isinstance(exc, ValidationException) and isinstance(exc.extra, list):
        return _invalid_request(exc.extra)
    if isinstance(exc, HTTPException):
        status = exc.status_code
        title = gettext(STATUS_TITLES.get(status, STATUS_TITLES[400 if status < 500 else 500]))
        detail = title
        if status == 400:
            detail = gettext(UNREADABLE)
        elif status == 403 and "CSRF" in str(exc.detail):
            detail = gettext(CSRF_FAILED)
        code = CODES.get(status, "http")
        return Problem(status, code, title, detail, {})
    log.exception("unhandled error", exc_info=exc)
    title = gettext(STATUS_TITLES[500])
    return Problem(500, "server-error", title, title, {})


def handle_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if "language" not in request.scope.get("state", {}):
        # Unknown paths never reach the route middleware that picks the language.
        activate_language(request.scope, request.app.state.catalogues)
    problem = _problem(exc)
    if request.url.path.startswith("/api/"):
        body = ProblemDetails(
            type=f"urn:eventday:problem:{problem.code}",
            title=problem.title,
            status=problem.status,
            detail=problem.detail,
            instance=request.url.path,
            errors=problem.field_errors or msgspec.UNSET,
            **problem.extensions,
        )
        return Response(body, status_code=problem.status, media_type="application/problem+json")
    if problem.status == 401 and request.method == "GET":
        return Template(
            "accounts/login.html",
            context={"next": request.url.path, "error": problem.detail, "email": ""},
            status_code=401,
        )
    return Template("errors/error.html", context={"problem": problem}, status_code=problem.status)
