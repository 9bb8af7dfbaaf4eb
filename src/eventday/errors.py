"""Domain errors. Services raise these; one handler in ``web.errors`` turns them into
an HTML page in the user's language or an RFC 9457 problem document for the API.

Messages are message ids (English source text) translated when the response is made.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated later, when shown."""
    return message


class EventdayError(Exception):
    status_code: ClassVar[int] = 400
    code: ClassVar[str] = "bad-request"
    title: ClassVar[str] = N_("The request could not be handled")

    def __init__(
        self,
        message: str | None = None,
        *,
        params: Mapping[str, Any] | None = None,
        field_errors: Mapping[str, str] | None = None,
        extensions: Mapping[str, Any] | None = None,
    ) -> None:
        self.message = message or self.title
        self.params = dict(params or {})
        self.field_errors = dict(field_errors or {})
        # Further members of the problem document (RFC 9457 extensions), e.g. ``rows``.
        self.extensions = dict(extensions or {})
        super().__init__(self.message % self.params if self.params else self.message)


class InvalidInput(EventdayError):
    status_code = 422
    code = "invalid-input"
    title = N_("Some fields need attention")


class NotFound(EventdayError):
    status_code = 404
    code = "not-found"
    title = N_("Not found")


class NotAuthenticated(EventdayError):
    status_code = 401
    code = "not-authenticated"
    title = N_("Please log in")


class PermissionDenied(EventdayError):
    status_code = 403
    code = "forbidden"
    title = N_("You do not have access to this")


class Conflict(EventdayError):
    status_code = 409
    code = "conflict"
    title = N_("This conflicts with what is already there")


class TooManyRequests(EventdayError):
    status_code = 429
    code = "too-many-requests"
    title = N_("Too many attempts, please wait a moment")
