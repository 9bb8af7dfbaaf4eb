"""Word cloud rendering off the event loop, and the SVG download.

Layouts run in a process pool (``wordcloud_render``), so the server keeps answering
while a cloud is laid out. The font is DejaVu Sans where installed (Debian's
fonts-dejavu-core; it covers Swedish and is a common system font, so the browser's
own sans-serif is close to it), else the DroidSansMono that wordcloud ships. The
browser draws with its own font and stretches each word to the laid-out length with
SVG ``textLength``, so no web font is ever downloaded.
"""

from __future__ import annotations

import asyncio
import importlib.util
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from eventday.live import wordcloud_render

WIDTH = 640
HEIGHT = 360
PNG_SCALE = 3
MAX_WORDS = 150
DEJAVU_SANS = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
BACKGROUND = "#10141c"


def resolve_font(configured: str) -> str:
    """The configured font, else DejaVu Sans, else the font wordcloud ships."""
    if configured:
        return configured
    if DEJAVU_SANS.exists():
        return str(DEJAVU_SANS)
    spec = importlib.util.find_spec("wordcloud")
    assert spec is not None
    assert spec.submodule_search_locations
    return str(Path(spec.submodule_search_locations[0]) / "DroidSansMono.ttf")


def seed_for(activity_id: int) -> int:
    """The same words give the same cloud: the random state is fixed per activity."""
    return activity_id * 7919 % 2**31


def frequencies(counted: list[dict[str, Any]]) -> dict[str, int]:
    return {w["text"]: w["count"] for w in counted[:MAX_WORDS]}


def _exit_with_parent(parent: int) -> None:
    """In the worker: end it once the server that started it is gone (a killed server
    cannot shut its pool down, and the worker would linger)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


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

    async def layout(self, counted: list[dict[str, Any]], activity_id: int) -> list[dict[str, Any]]:
        """Each word's place, keyed by its normalised form so browsers can animate it."""
        freqs = frequencies(counted)
        if not freqs:
            return []
        placed = await asyncio.get_running_loop().run_in_executor(
            self._executor(),
            wordcloud_render.layout,
            freqs,
            WIDTH,
            HEIGHT,
            seed_for(activity_id),
            self.font_path,
        )
        keys = {w["text"]: w["key"] for w in counted}
        return [
            {
                "key": keys[text],
                "text": text,
                "size": size,
                "x": x,
                "y": y,
                "rotate": rotate,
                "colour": colour,
                "length": length,
            }
            for text, size, x, y, rotate, colour, length in placed
        ]

    async def png(self, counted: list[dict[str, Any]], activity_id: int) -> bytes:
        return await asyncio.get_running_loop().run_in_executor(
            self._executor(),
            wordcloud_render.png,
            frequencies(counted),
            WIDTH,
            HEIGHT,
            seed_for(activity_id),
            self.font_path,
            PNG_SCALE,
        )

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
