"""The message after a save: shown once on the page the browser is sent to next.

Kept in the session with Litestar's flash plugin (``base.html`` shows them), so a
reload or a shared address never shows it again, unlike a ``?saved=1`` query."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.plugins.flash import flash
from litestar.response import Redirect

from eventday.web.i18n import gettext


def done(
    request: ASGIConnection[Any, Any, Any, Any], to: str, message: str, **params: Any
) -> Redirect:
    """Say what was done (``message`` is an English ``N_`` text, translated here) and
    send the browser to ``to`` (303, so a reload does not post again)."""
    flash(request, gettext(message, **params), category="ok")
    return Redirect(to, status_code=303)


def warn(request: ASGIConnection[Any, Any, Any, Any], text: str) -> None:
    """A warning (already translated) to show on the next page beside the message."""
    flash(request, text, category="warn")
