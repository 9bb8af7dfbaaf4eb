"""Static files served under ``/static`` with content-hashed URLs and long caching.

Only a URL carrying its content hash (``?v=``) is cached for a year. The ES modules a
page's entry script imports are fetched by their plain path, so those answers say
``no-cache``: the browser revalidates them (ETag) and never runs a new entry module
with an old library module after a release."""

from __future__ import annotations

import hashlib
from pathlib import Path

from litestar.datastructures import CacheControlHeader, MutableScopeHeaders
from litestar.router import Router
from litestar.static_files import create_static_files_router
from litestar.types import ASGIApp, Message, Receive, Scope, Send

ONE_YEAR = 365 * 24 * 3600


class RevalidateUnhashed:
    """ASGI middleware for a file asked for without ``v=``: ``Cache-Control: no-cache``,
    and 304 Not Modified when the browser's ``If-None-Match`` is the file's ETag."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if b"v=" in scope.get("query_string", b""):
            await self.app(scope, receive, send)
            return
        known = dict(scope["headers"]).get(b"if-none-match", b"").decode("latin-1")
        not_modified = False

        async def send_revalidated(message: Message) -> None:
            nonlocal not_modified
            if message["type"] == "http.response.start":
                headers = MutableScopeHeaders.from_message(message)
                headers["cache-control"] = "no-cache"
                if message["status"] == 200 and known and headers.get("etag") == known:
                    not_modified = True
                    del headers["content-length"]
                    message["status"] = 304
            elif message["type"] == "http.response.body" and not_modified:
                if message.get("more_body", False):
                    return
                message["body"] = b""
            await send(message)

        await self.app(scope, receive, send_revalidated)


class StaticAssets:
    """Knows each static file's content hash, so a changed file gets a new URL."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._hashes = {
            path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()[:10]
            for path in folder.rglob("*")
            if path.is_file()
        }

    def url(self, name: str) -> str:
        digest = self._hashes.get(name)
        if digest is None:
            raise KeyError(f"no static file {name!r}")
        return f"/static/{name}?v={digest}"

    def router(self) -> Router:
        return create_static_files_router(
            path="/static",
            directories=[self.folder],
            name="static",
            cache_control=CacheControlHeader(max_age=ONE_YEAR, public=True),
            middleware=[RevalidateUnhashed],
            include_in_schema=False,
        )
