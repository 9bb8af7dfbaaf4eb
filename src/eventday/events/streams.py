"""Stream and meeting links: which provider a URL belongs to, its privacy-enhanced
embed address for the players that can be embedded (YouTube through
youtube-nocookie.com, Vimeo with ``dnt=1``), and a join button for the rest
(Microsoft Teams, Zoom, any https link)."""

from __future__ import annotations

import enum
import re
from urllib.parse import parse_qs, urlsplit

import msgspec

from eventday.errors import N_, InvalidInput


class Provider(enum.StrEnum):
    YOUTUBE = "youtube"
    VIMEO = "vimeo"
    TEAMS = "teams"
    ZOOM = "zoom"
    LINK = "link"


class Stream(msgspec.Struct, frozen=True, kw_only=True):
    """A stream or meeting: the link as given, and the player address if embeddable."""

    url: str
    provider: Provider
    embed_url: str | None = None

    @property
    def frame_host(self) -> str | None:
        """The origin the Content-Security-Policy must allow in ``frame-src``."""
        if self.embed_url is None:
            return None
        parts = urlsplit(self.embed_url)
        return f"{parts.scheme}://{parts.netloc}"


_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"}
_VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
_DIGITS = re.compile(r"^\d{1,12}$")
_HASH = re.compile(r"^[0-9a-f]{6,20}$")
INVALID_URL = N_("Give a full https:// address of the stream or meeting.")


def _youtube_id(host: str, path: str, query: str) -> str | None:
    if host == "youtu.be":
        candidate = path.strip("/")
    elif path == "/watch":
        candidate = parse_qs(query).get("v", [""])[0]
    else:
        parts = path.strip("/").split("/")
        candidate = parts[1] if len(parts) == 2 and parts[0] in ("live", "embed") else ""
    return candidate if _YOUTUBE_ID.match(candidate) else None


def _vimeo_embed(host: str, path: str) -> str | None:
    parts = path.strip("/").split("/")
    if host == "player.vimeo.com":
        parts = parts[1:] if parts[:1] == ["video"] else []
    if not parts or not _DIGITS.match(parts[0]) or len(parts) > 2:
        return None
    unlisted = f"h={parts[1]}&" if len(parts) == 2 and _HASH.match(parts[1]) else ""
    if len(parts) == 2 and not unlisted:
        return None
    return f"https://player.vimeo.com/video/{parts[0]}?{unlisted}dnt=1"


def parse_stream(url: str) -> Stream:
    """The stream of a URL; :class:`InvalidInput` unless it is a full https address."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host or "." not in host or parts.username:
        raise InvalidInput(INVALID_URL)
    clean = parts.geturl()
    if host in _YOUTUBE_HOSTS:
        video = _youtube_id(host, parts.path, parts.query)
        if video is None:
            return Stream(url=clean, provider=Provider.LINK)
        return Stream(
            url=clean,
            provider=Provider.YOUTUBE,
            embed_url=f"https://www.youtube-nocookie.com/embed/{video}",
        )
    if host in _VIMEO_HOSTS:
        embed = _vimeo_embed(host, parts.path)
        return Stream(
            url=clean, provider=Provider.VIMEO if embed else Provider.LINK, embed_url=embed
        )
    if host in ("teams.microsoft.com", "teams.live.com"):
        return Stream(url=clean, provider=Provider.TEAMS)
    if host == "zoom.us" or host.endswith(".zoom.us"):
        return Stream(url=clean, provider=Provider.ZOOM)
    return Stream(url=clean, provider=Provider.LINK)


def stream_url_ok(url: str) -> bool:
    """For input validation: empty (no stream) or a URL :func:`parse_stream` takes."""
    if not url.strip():
        return True
    try:
        parse_stream(url)
    except InvalidInput:
        return False
    return True


def stream_of(url: str) -> Stream | None:
    """The stream of a saved link; None for none (or one saved before links were checked)."""
    return parse_stream(url) if url.strip() and stream_url_ok(url) else None
