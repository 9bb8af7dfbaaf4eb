"""Word cloud layouts off the event loop, and the SVG download.

Layouts run in a one-process pool (``wordcloud_render``, imported only there, never in
the server: numpy stays out of it), so the server keeps answering while a cloud is
laid out. Every layout starts from the previous one, so placed words stay put (see
``wordcloud_render``).

The font is the DejaVu Sans subset eventday ships (``static/fonts``): the browser
draws the cloud with its woff2 and the layout measures with its TTF, so what a phone
or the projector draws has the boxes the layout kept apart; each word is also
stretched to its laid-out length with SVG ``textLength``.
"""

from __future__ import annotations

import asyncio
import importlib
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from eventday.paths import static_dir

WIDTH = 640
HEIGHT = 360
PNG_SCALE = 3
MAX_WORDS = 150
DEJAVU_SANS = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
BACKGROUND = "#10141c"
RENDERER = "eventday.live.wordcloud_render"


def cloud_font() -> Path:
    """The TTF of the font browsers draw clouds with (``static/fonts``)."""
    return static_dir() / "fonts" / "dejavu-sans-cloud.ttf"


def resolve_font(configured: str) -> str:
    """The configured font, else DejaVu Sans, else eventday's subset of it."""
    if configured:
        return configured
    if DEJAVU_SANS.exists():
        return str(DEJAVU_SANS)
    return str(cloud_font())


def entries(counted: list[dict[str, Any]]) -> list[tuple[str, str, int]]:
    """What the layout gets: the ``MAX_WORDS`` most counted (ties: the earlier word)."""
    return [(w["key"], w["text"], w["count"]) for w in counted[:MAX_WORDS]]


def _exit_with_parent(parent: int) -> None:
    """In the worker: end it once the server that started it is gone (a killed server
    cannot shut its pool down, and the worker would linger)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()
    importlib.import_module(RENDERER)  # loaded once, before the first layout waits


def _run(name: str, *args: Any) -> Any:
    """In the worker: call the renderer's function ``name``."""
    return getattr(importlib.import_module(RENDERER), name)(*args)


class CloudRenderer:
    """A one-process pool for layouts and PNG downloads."""

    def __init__(self, font_path: str) -> None:
        self.font_path = font_path
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn, not fork: a forked worker would inherit the server's listening
            # socket and outlive a killed server, keeping the port from a restart.
            self._pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_exit_with_parent,
                initargs=(os.getpid(),),
            )
        return self._pool

    async def _call(self, name: str, *args: Any) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor(), _run, name, *args)

    async def layout(
        self, counted: list[dict[str, Any]], previous: dict[str, Any] | None
    ) -> dict[str, Any]:
        """The cloud's layout state (``{"scale", "words"}``) for the counted words,
        keeping the words of ``previous`` (the state it returned before) in place."""
        state: dict[str, Any] = await self._call(
            "layout", entries(counted), previous, WIDTH, HEIGHT, self.font_path
        )
        return state

    async def png(self, layout: list[dict[str, Any]]) -> bytes:
        image: bytes = await self._call("png", layout, WIDTH, HEIGHT, self.font_path, PNG_SCALE)
        return image

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def svg(layout: list[dict[str, Any]], title: str) -> str:
    """A standalone SVG of a laid-out cloud; every word is escaped."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}"'
        f' width="{WIDTH * PNG_SCALE}" height="{HEIGHT * PNG_SCALE}" role="img">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{BACKGROUND}"/>',
    ]
    for word in layout:
        parts.append(
            f'<text transform="translate({word["x"]} {word["y"]}) rotate({word["rotate"]})"'
            f' font-family="DejaVu Sans, sans-serif" font-size="{word["size"]}"'
            f' fill={quoteattr(word["colour"])} textLength="{word["length"]}"'
            f' lengthAdjust="spacingAndGlyphs">{escape(word["text"])}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)
