"""Static files served under ``/static`` with content-hashed URLs and long caching."""

from __future__ import annotations

import hashlib
from pathlib import Path

from litestar.datastructures import CacheControlHeader
from litestar.router import Router
from litestar.static_files import create_static_files_router

ONE_YEAR = 365 * 24 * 3600


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
            include_in_schema=False,
        )
