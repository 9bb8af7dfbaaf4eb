"""The request's language (ASGI middleware) and the security headers of every
response (a ``before_send`` hook, so 404s for unknown paths get them too)."""

from __future__ import annotations

from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from eventday.web.i18n import Catalogues

LANGUAGE_COOKIE = "lang"
ONE_YEAR = 365 * 24 * 3600

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "media-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(self), microphone=(), geolocation=()",
}


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def activate_language(scope: Scope, catalogues: Catalogues) -> tuple[str, bool]:
    """Pick and activate the language: ``?lang=``, the cookie, Accept-Language, the
    default. Returns it and whether the choice is new (to be remembered)."""
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    chosen = query["lang"][0] if query.get("lang") else None
    cookie = SimpleCookie(_header(scope, b"cookie") or "")
    remembered = cookie[LANGUAGE_COOKIE].value if LANGUAGE_COOKIE in cookie else None
    language = catalogues.negotiate(chosen or remembered, _header(scope, b"accept-language"))
    catalogues.set_active(language)
    scope.setdefault("state", {})["language"] = language
    return language, chosen == language and chosen != remembered


class LanguageMiddleware:
    """Makes the request's language active for the whole request or socket, and
    remembers an explicit ``?lang=`` choice in a cookie."""

    def __init__(self, app: ASGIApp, catalogues: Catalogues) -> None:
        self.app = app
        self.catalogues = catalogues

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        language, remember = activate_language(scope, self.catalogues)
        if not remember or scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                value = f"{LANGUAGE_COOKIE}={language}; Path=/; Max-Age={ONE_YEAR}; SameSite=Lax"
                MutableScopeHeaders.from_message(message).add("set-cookie", value)
            await send(message)

        await self.app(scope, receive, send_with_cookie)


FRAME_HOSTS = "frame_hosts"
"""Request state: the origins a page embeds (a stream player), for ``frame-src``."""


def allow_frame(state: dict[str, object], origin: str) -> None:
    """Let this response's page embed ``origin`` (and nothing else) in a frame."""
    hosts = state.setdefault(FRAME_HOSTS, [])
    assert isinstance(hosts, list)
    hosts.append(origin)


async def add_security_headers(message: Message, scope: Scope) -> None:
    """A strict Content-Security-Policy (no inline script or style) and friends; a
    page that embeds a player allows exactly that player's origin in ``frame-src``."""
    if message["type"] == "http.response.start":
        headers = MutableScopeHeaders.from_message(message)
        for name, value in SECURITY_HEADERS.items():
            headers[name] = value
        frames = scope.get("state", {}).get(FRAME_HOSTS)
        if frames:
            headers["content-security-policy"] = (
                f"{CONTENT_SECURITY_POLICY}; frame-src {' '.join(sorted(set(frames)))}"
            )
