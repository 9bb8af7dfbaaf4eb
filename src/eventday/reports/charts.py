"""Charts drawn on the server as inline SVG: no chart script, nothing to download,
and they print. Each chart has a title for screen readers; the same numbers are in
a table beside it."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

WIDTH = 640
LABEL_WIDTH = 200
BAR_HEIGHT = 11
ROW_HEIGHT = 34
TOP = 30
COLOURS = ("#7fb0e0", "#0b5cab")


def paired_bars(
    title: str,
    series: tuple[str, str],
    rows: list[tuple[str, float | None, float | None]],
    maximum: float | None = None,
    unit: str = "",
) -> Markup:
    """Horizontal bars, two per row (e.g. registered and attended, or workforce and
    participants). ``None`` draws no bar for that value."""
    values = [v for _label, a, b in rows for v in (a, b) if v is not None]
    top = maximum or max(values, default=1) or 1
    span = WIDTH - LABEL_WIDTH - 60
    height = TOP + ROW_HEIGHT * len(rows) + 6
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img"'
        f' aria-label={quoteattr(title)} xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for index, name in enumerate(series):
        x = LABEL_WIDTH + index * 170
        parts.append(
            f'<rect x="{x}" y="6" width="12" height="12" fill="{COLOURS[index]}"/>'
            f'<text x="{x + 18}" y="16" font-size="13" fill="#14181f">{escape(name)}</text>'
        )
    for row_index, (label, first, second) in enumerate(rows):
        y = TOP + row_index * ROW_HEIGHT
        short = label if len(label) <= 28 else label[:27] + "…"
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 17}" font-size="13" text-anchor="end"'
            f' fill="#14181f">{escape(short)}</text>'
        )
        for bar_index, value in enumerate((first, second)):
            if value is None:
                continue
            bar_y = y + 4 + bar_index * (BAR_HEIGHT + 2)
            length = max(1.0, span * value / top) if value else 0
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{bar_y}" width="{length:.1f}" height="{BAR_HEIGHT}"'
                f' fill="{COLOURS[bar_index]}"/>'
                f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{bar_y + 10}" font-size="11"'
                f' fill="#14181f">{value:g}{escape(unit)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped
