"""Which web pages may open eventday's websockets.

A browser sends the page's ``Origin`` with every websocket handshake, and the
handshake carries the site's cookies whatever page starts it, so without this check
a foreign page could open a logged-in moderator's console socket. Phone, projector
and console sockets therefore refuse a handshake from an origin that is not the
server's own (``EVENTDAY_BASE_URL``, or the host the handshake was sent to) nor one
of ``EVENTDAY_ALLOWED_ORIGINS``. A
handshake without ``Origin`` is not from a browser page (apps and scripts, which
carry a token, not the visitor's cookies) and is let through.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from litestar import WebSocket

from eventday.settings import Settings

DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of a URL, lower case, without the scheme's default port
    (how browsers serialise an origin)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        return ""
    if ":" in host:
        host = f"[{host}]"
    if port is None or port == DEFAULT_PORTS.get(scheme):
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def same_host(origin: str, host: str) -> bool:
    """Whether the page is on the host the handshake was sent to (the ``Host`` header,
    which a browser sets itself): a page of the server's own."""
    own = urlsplit(origin.strip()).netloc.lower()
    return bool(own) and own == host.strip().lower()


@lru_cache(maxsize=8)
def _allowed(base_url: str, allowed_origins: str) -> frozenset[str]:
    extra = allowed_origins.replace(",", " ").split()
    return frozenset(origin_of(url) for url in [base_url, *extra])


def allowed_origins(settings: Settings) -> frozenset[str]:
    return _allowed(settings.base_url, settings.allowed_origins)


async def refuse_foreign_origin(socket: WebSocket[Any, Any, Any]) -> bool:
    """At the start of a handshake: refuse it (HTTP 403, nothing accepted or read) if
    a page of a foreign origin opened it; whether it was refused."""
    origin = socket.headers.get("origin")
    if origin is None or same_host(origin, socket.headers.get("host", "")):
        return False
    if origin_of(origin) in allowed_origins(socket.app.state.settings):
        return False
    await socket.close(code=4403)
    return True
