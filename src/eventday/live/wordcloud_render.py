"""Word cloud layout and images with the ``wordcloud`` package.

The only module that imports wordcloud, numpy and PIL: it runs in a worker process
(see :mod:`eventday.live.clouds`), so the event loop never waits for a layout. Its
functions take and return plain data so they cross the process boundary cheaply.
"""

from __future__ import annotations

import io

from PIL import Image, ImageFont
from wordcloud import WordCloud

# (text, font size, baseline x, baseline y, rotation in degrees, colour, text length)
Placed = tuple[str, int, int, int, int, str, int]

PALETTE = ("#ffd166", "#7bdff2", "#f4978e", "#b8f2a6", "#ffffff", "#c3b1e1", "#fcbf49")


def _colour(word: str, random_state: object = None, **_: object) -> str:
    return PALETTE[sum(map(ord, word)) % len(PALETTE)]


def _cloud(
    frequencies: dict[str, int], width: int, height: int, seed: int, font_path: str
) -> WordCloud:
    cloud = WordCloud(
        font_path=font_path,
        width=width,
        height=height,
        margin=3,
        prefer_horizontal=0.85,
        random_state=seed,
        max_words=len(frequencies) or 1,
        relative_scaling=0.5,
        min_font_size=6,
        max_font_size=height // 5,
        font_step=2,
        color_func=_colour,
        background_color="#10141c",
        collocations=False,
        normalize_plurals=False,
    )
    if frequencies:
        cloud.generate_from_frequencies(frequencies)
    else:
        cloud.layout_ = []
    return cloud


def layout(
    frequencies: dict[str, int], width: int, height: int, seed: int, font_path: str
) -> list[Placed]:
    """Where each word goes: the baseline origin of its text, its size, rotation and
    colour, and the advance width the browser stretches its own font to."""
    cloud = _cloud(frequencies, width, height, seed, font_path)
    placed: list[Placed] = []
    for (word, _freq), size, (row, col), orientation, colour in cloud.layout_:
        font = ImageFont.truetype(font_path, size)
        ascent, _descent = font.getmetrics()
        length = round(font.getlength(word))
        if orientation == Image.Transpose.ROTATE_90:
            placed.append((word, size, int(col) + ascent, int(row) + length, -90, colour, length))
        else:
            placed.append((word, size, int(col), int(row) + ascent, 0, colour, length))
    return placed


def png(
    frequencies: dict[str, int], width: int, height: int, seed: int, font_path: str, scale: int
) -> bytes:
    """The same cloud as a PNG image ``scale`` times the layout size, for download."""
    cloud = _cloud(frequencies, width, height, seed, font_path)
    cloud.scale = scale
    buffer = io.BytesIO()
    cloud.to_image().save(buffer, format="PNG")
    return buffer.getvalue()
