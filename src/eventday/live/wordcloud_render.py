"""Word cloud layout and images: a stable, incremental placer on numpy.

The only module that imports numpy and measures text with PIL's FreeType: it runs in
a worker process (see :mod:`eventday.live.clouds`), so the event loop never waits for
a layout. Its functions take and return plain data so they cross the process
boundary cheaply.

Every word is a box: its advance width (the browser stretches its text to exactly
that with SVG ``textLength``) by the font's ascent plus descent, turned upright for
vertical words. Boxes are kept on an occupancy grid with a margin, so no two ever
touch and none leaves the cloud.

- **Stable.** A placed word keeps its place and rotation. A new word goes into the
  free spot nearest the middle; a word whose box changes (its size stepped, its
  spelling changed) is centred where it was, and only moved to the nearest free spot
  when it no longer fits there.
- **Steps.** A word's size depends on its count's power of two (1, 2-3, 4-7, ...)
  times the cloud's scale, so one more vote rarely resizes anything.
- **Re-layout only when full.** When a word fits nowhere, the whole cloud is laid
  out again, biggest first, at the largest scale at which every word fits, leaving
  room for the cloud to grow.
- **Deterministic.** The same previous layout and words give the same layout in any
  process: no randomness, ties broken by position.
"""

from __future__ import annotations

import io
import math
import zlib
from functools import lru_cache
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFont

PALETTE = ("#ffd166", "#7bdff2", "#f4978e", "#b8f2a6", "#ffffff", "#c3b1e1", "#fcbf49")
BACKGROUND = "#10141c"
CELL = 3  # px per occupancy cell
MARGIN = 1  # px kept free around every box
INK = 1  # px glyphs may reach beyond a word's advance (Chromium's text boxes do)
MIN_SIZE = 7  # px, also the smallest scale
GROWTH = 1.25  # size factor per doubling of a word's count
LEVELS = 7  # counts of 128 and more are all the biggest
VERTICAL_SHARE = 15  # per cent of words drawn upright
FILL = 0.3  # a full layout covers at most this share with boxes: room to grow
FIRST_SCALE = 40.0
SCALE_STEP = 0.88

# One word as the layout gives it (the snapshot's ``layout`` entries).
Word = dict[str, Any]
# What comes in: (key, text, count), most counted first.
Entry = tuple[str, str, int]


EM = 1000  # px size at which texts are measured once; lengths scale from it


@lru_cache(maxsize=8)
def _font(font_path: str, size: int = EM) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_path, size)


@lru_cache(maxsize=4096)
def _advance(font_path: str, text: str) -> float:
    return float(_font(font_path).getlength(text))


def _length(font_path: str, text: str, size: int) -> int:
    """The advance width at ``size``, from the width at ``EM`` (the browser draws it to
    exactly this with ``textLength``, so it need not match hinted widths)."""
    return math.ceil(_advance(font_path, text) * size / EM)


@lru_cache(maxsize=128)
def _metrics(font_path: str, size: int) -> tuple[int, int]:
    """Ascent and descent at ``size``, rounded up (browsers round them to pixels)."""
    ascent, descent = _font(font_path).getmetrics()
    return math.ceil(ascent * size / EM), math.ceil(descent * size / EM)


def _colour(key: str) -> str:
    return PALETTE[zlib.crc32(key.encode()) % len(PALETTE)]


def _upright(key: str) -> bool:
    return zlib.crc32(key.encode()) % 100 < VERTICAL_SHARE


def _level(count: int) -> int:
    return min(max(count, 1).bit_length() - 1, LEVELS)


def box(word: Word, font_path: str) -> tuple[int, int, int, int]:
    """The word's drawn box (left, top, right, bottom) in layout pixels: its advance
    and ``INK`` beyond either end, by its ascent and descent."""
    ascent, descent = _metrics(font_path, word["size"])
    x, y, length = word["x"], word["y"], word["length"]
    if word["rotate"]:
        return x - ascent, y - length - INK, x + descent, y + INK
    return x - INK, y - ascent, x + length + INK, y + descent


class _Canvas:
    """The occupancy grid of one cloud."""

    def __init__(self, width: int, height: int, font_path: str) -> None:
        self.width, self.height, self.font_path = width, height, font_path
        self.rows, self.cols = height // CELL, width // CELL
        self.taken = np.zeros((self.rows, self.cols), dtype=np.int16)
        self._sums = np.zeros((self.rows + 1, self.cols + 1), dtype=np.int16)
        self._distances: dict[tuple[float, float], Any] = {}

    def _cells(self, word: Word) -> tuple[int, int, int, int]:
        left, top, right, bottom = box(word, self.font_path)
        return (
            max(0, (top - MARGIN) // CELL),
            max(0, (left - MARGIN) // CELL),
            min(self.rows, -(-(bottom + MARGIN) // CELL)),
            min(self.cols, -(-(right + MARGIN) // CELL)),
        )

    def mark(self, word: Word) -> None:
        r0, c0, r1, c1 = self._cells(word)
        self.taken[r0:r1, c0:c1] = 1

    def fits(self, word: Word) -> bool:
        left, top, right, bottom = box(word, self.font_path)
        if left < MARGIN or top < MARGIN:
            return False
        if right > self.width - MARGIN or bottom > self.height - MARGIN:
            return False
        r0, c0, r1, c1 = self._cells(word)
        return not self.taken[r0:r1, c0:c1].any()

    def _distance(self, near: tuple[float, float]) -> Any:
        """Each cell's squared distance from ``near``, the cloud's aspect kept."""
        if near not in self._distances:
            dy = ((np.arange(self.rows, dtype=np.float32) + 0.5) * CELL - near[1]) / self.height
            dx = ((np.arange(self.cols, dtype=np.float32) + 0.5) * CELL - near[0]) / self.width
            self._distances[near] = dy[:, None] ** 2 + dx[None, :] ** 2
        return self._distances[near]

    def place(self, word: Word, near: tuple[float, float]) -> bool:
        """Move ``word`` (size, length, rotation set) to the free spot whose centre is
        nearest ``near``; False when there is none."""
        ascent, descent = _metrics(self.font_path, word["size"])
        across, along = ascent + descent, word["length"] + 2 * INK
        w, h = (across, along) if word["rotate"] else (along, across)
        fw, fh = -(-(w + 2 * MARGIN) // CELL), -(-(h + 2 * MARGIN) // CELL)
        if fw > self.cols or fh > self.rows:
            return False
        s = self._sums
        np.cumsum(self.taken, axis=0, out=s[1:, 1:])
        np.cumsum(s[1:, 1:], axis=1, out=s[1:, 1:])
        used = s[fh:, fw:] - s[:-fh, fw:] - s[fh:, :-fw] + s[:-fh, :-fw]
        # a candidate's cost: its centre cell's distance, or more than any distance
        centres = self._distance(near)[fh // 2 :, fw // 2 :][: used.shape[0], : used.shape[1]]
        spot = int(np.argmin(centres + used.astype(np.float32) * 8))
        row, col = divmod(spot, used.shape[1])
        if used[row, col]:
            return False
        left, top = col * CELL + MARGIN, row * CELL + MARGIN
        if word["rotate"]:
            word["x"], word["y"] = left + ascent, top + along - INK
        else:
            word["x"], word["y"] = left + INK, top + ascent
        return True


def _sized(
    key: str, text: str, count: int, scale: float, width: int, height: int, font: str, rotate: int
) -> Word:
    """A word at its size for this scale, shrunk where it would not fit the cloud."""
    room = (height if rotate else width) - 2 * (MARGIN + INK) - CELL
    size = max(MIN_SIZE, min(height // 5, round(scale * GROWTH ** _level(count))))
    length = _length(font, text, size)
    while length > room and size > MIN_SIZE:
        size -= 1
        length = _length(font, text, size)
    return {
        "key": key,
        "text": text,
        "size": size,
        "x": 0,
        "y": 0,
        "rotate": rotate,
        "colour": _colour(key),
        "length": length,
    }


def _centre(word: Word, font_path: str) -> tuple[float, float]:
    left, top, right, bottom = box(word, font_path)
    return (left + right) / 2, (top + bottom) / 2


def _recentred(old: Word, new: Word, font_path: str) -> Word:
    """``new`` (resized) put where ``old`` was, centre on centre."""
    cx, cy = _centre(old, font_path)
    ascent, descent = _metrics(font_path, new["size"])
    if new["rotate"]:
        new["x"] = round(cx - (ascent + descent) / 2 + ascent)
        new["y"] = round(cy + new["length"] / 2)
    else:
        new["x"] = round(cx - new["length"] / 2)
        new["y"] = round(cy - (ascent + descent) / 2 + ascent)
    return new


def _in_order(words: list[Word], entries: list[Entry]) -> list[Word]:
    order = {key: i for i, (key, _text, _count) in enumerate(entries)}
    return sorted(words, key=lambda w: order[w["key"]])


def _full(entries: list[Entry], width: int, height: int, font: str, scale: float) -> dict[str, Any]:
    """Every word placed afresh, biggest first, at the largest scale (at most
    ``scale``) that leaves room to grow and at which they all fit."""
    middle = (width / 2, height / 2)
    while True:
        words = [
            _sized(key, text, count, scale, width, height, font, -90 if _upright(key) else 0)
            for key, text, count in entries
        ]
        area = sum(w["length"] * sum(_metrics(font, w["size"])) for w in words)
        if area > FILL * width * height and scale > MIN_SIZE:
            # boxes grow with the square of the scale (less where sizes are clamped)
            scale = max(MIN_SIZE, scale * min(SCALE_STEP, math.sqrt(FILL * width * height / area)))
            continue
        canvas = _Canvas(width, height, font)
        placed = []
        for word in sorted(words, key=lambda w: -w["size"]):
            if not _place_new(canvas, word, middle):
                break
            placed.append(word)
        else:
            return {"scale": scale, "words": _in_order(placed, entries)}
        if scale <= MIN_SIZE:  # cannot shrink further: show what fits
            return {"scale": scale, "words": _in_order(placed, entries)}
        scale = max(MIN_SIZE, scale * SCALE_STEP)


def _place_new(canvas: _Canvas, word: Word, near: tuple[float, float]) -> bool:
    """Place in the word's own orientation, else turned the other way."""
    for rotate in (word["rotate"], -90 - word["rotate"]):
        candidate = {**word, "rotate": rotate}
        if canvas.place(candidate, near):
            word.update(candidate)
            canvas.mark(word)
            return True
    return False


def layout(
    entries: list[Entry],
    previous: dict[str, Any] | None,
    width: int,
    height: int,
    font_path: str,
) -> dict[str, Any]:
    """The cloud for ``entries`` (key, text, count; most counted first), keeping every
    word of ``previous`` where it was as far as it still fits. Returns the layout
    state: ``{"scale": float, "words": [word, ...]}`` in the order of ``entries``."""
    if not entries:
        return {"scale": FIRST_SCALE, "words": []}
    if not previous or not previous.get("words"):
        return _full(entries, width, height, font_path, FIRST_SCALE)
    scale = float(previous["scale"])
    before = {w["key"]: w for w in previous["words"]}
    canvas = _Canvas(width, height, font_path)
    kept: dict[str, Word] = {}
    changed: list[tuple[Word, Word]] = []
    for key, text, count in entries:
        old = before.get(key)
        if old is None:
            continue
        new = _sized(key, text, count, scale, width, height, font_path, old["rotate"])
        if (new["size"], new["length"]) == (old["size"], old["length"]):
            kept[key] = {**old, "text": text}
            canvas.mark(kept[key])
        else:
            changed.append((old, new))
    # grown or respelled words: where they were if they fit there, else nearby; at the
    # smallest scale one that fits nowhere keeps its old size and place
    full = scale <= MIN_SIZE
    for old, new in changed:
        word = _recentred(old, new, font_path)
        if not canvas.fits(word) and not canvas.place(word, _centre(old, font_path)):
            if not full:
                return _full(entries, width, height, font_path, scale)
            if not canvas.fits(old):
                continue
            word = old
        canvas.mark(word)
        kept[word["key"]] = word
    # new words in the free spot nearest the middle; at the smallest scale one that
    # fits nowhere is left out (it still counts in the list of words)
    middle = (width / 2, height / 2)
    for key, text, count in entries:
        if key in kept:
            continue
        word = _sized(
            key, text, count, scale, width, height, font_path, -90 if _upright(key) else 0
        )
        if _place_new(canvas, word, middle):
            kept[key] = word
        elif not full:
            return _full(entries, width, height, font_path, scale)
    return {"scale": scale, "words": [kept[key] for key, _t, _c in entries if key in kept]}


def png(words: list[Word], width: int, height: int, font_path: str, scale: int) -> bytes:
    """The laid-out cloud as a PNG image ``scale`` times the layout size, for download:
    the same places as on the projector."""
    image = Image.new("RGB", (width * scale, height * scale), BACKGROUND)
    for word in words:
        font = _font(font_path, word["size"] * scale)
        ascent, descent = font.getmetrics()
        length = math.ceil(font.getlength(word["text"]))
        tile = Image.new("RGBA", (length, ascent + descent), (0, 0, 0, 0))
        ImageDraw.Draw(tile).text((0, 0), word["text"], font=font, fill=word["colour"])
        if word["rotate"]:
            tile = tile.transpose(Image.Transpose.ROTATE_90)
        left, top, _right, _bottom = box(word, font_path)
        image.paste(tile, (left * scale, top * scale), tile)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
