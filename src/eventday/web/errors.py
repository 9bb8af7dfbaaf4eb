"""One mapping from errors to responses: an HTML page in the user's language for
browsers, RFC 9457 problem details (``application/problem+json``) for ``/api``."""

from __future__ import annotations

import logging
from typing import Any

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


class Problem:
    """What went wrong, before it is shaped as a page or a problem document."""

    def __init__(
        self, status: int, code: str, title: str, detail: str, field_errors: dict[str, str]
    ) -> None:
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.field_errors = field_errors


def _problem(exc: Exception) -> Problem:
    if isinstance(exc, EventdayError):
        detail = gettext(exc.message, **exc.params)
        errors = {name: gettext(message) for name, message in exc.field_errors.items()}
        return Problem(exc.status_code, exc.code, gettext(exc.title), detail, errors)
    if isinstance(exc, HTTPException):
        status = exc.status_code
        title = gettext(STATUS_TITLES.get(status, STATUS_TITLES[400 if status < 500 else 500]))
        detail = title
        field_errors: dict[str, str] = {}
        if isinstance(exc, ValidationException) and isinstance(exc.extra, list):
            for item in exc.extra:
                if isinstance(item, dict):
                    field_errors[str(item.get("key") or "body")] = str(item.get("message", ""))
            detail = gettext("The request body is not valid.")
        elif status == 403 and "CSRF" in str(exc.detail):
            detail = gettext(CSRF_FAILED)
        code = {404: "not-found", 405: "method-not-allowed", 413: "too-large"}.get(status, "http")
        return Problem(status, code, title, detail, field_errors)
    log.exception("unhandled error", exc_info=exc)
    title = gettext(STATUS_TITLES[500])
    return Problem(500, "server-error", title, title, {})


def handle_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if "language" not in request.scope.get("state", {}):
        # Unknown paths never reach the route middleware that picks the language.
        activate_language(request.scope, request.app.state.catalogues)
    problem = _problem(exc)
    if request.url.path.startswith("/api/"):
        body: dict[str, Any] = {
            "type": f"urn:eventday:problem:{problem.code}",
            "title": problem.title,
            "status": problem.status,
            "detail": problem.detail,
            "instance": request.url.path,
        }
        if problem.field_errors:
            body["errors"] = problem.field_errors
        return Response(body, status_code=problem.status, media_type="application/problem+json")
    if problem.status == 401 and request.method == "GET":
        return Template(
            "accounts/login.html",
            context={"next": request.url.path, "error": problem.detail, "email": ""},
            status_code=401,
        )
    return Template("errors/error.html", context={"problem": problem}, status_code=problem.status)
