"""Charts as small hand-built SVG: geometry here, markup in `templates/chart.svg.j2`.

matplotlib drew each chart in about half a second and wrote every glyph as a path
(80 KB a chart, 1,600 charts on 1,000 documents: most of a release's build time and
half its site). These charts are laid out on a 390-unit-wide canvas (a phone's width),
use the reader's own sans-serif font, and carry their title, unit and source inside
the image, so a chart saved or shared alone still says what it shows: 3-8 KB each and
about a millisecond to write. Text widths are estimated (no font metrics), with room
to spare; long labels wrap.
"""

from __future__ import annotations

import base64
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.site.templating import render

WIDTH = 390
PAD = 8
FONT = 12
TITLE_FONT = 14
SMALL_FONT = 11
LINE = 16  # baseline to baseline for 12 px text
CHAR = 0.56  # average glyph width as a share of the font size (sans-serif, generous)
MUTED = "#4a4a4a"
GRID = "#d9d9d9"
# Okabe-Ito colours, distinguishable with the common colour-vision deficiencies.
SERVICE_COLOUR = "#0072B2"
NATIONAL_COLOUR = "#000000"
OTHER_COLOUR = "#b3b3b3"
PALETTE = ("#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#882255", "#117733")


def text_width(text: str, size: float = FONT) -> float:
    return len(text) * size * CHAR


def wrap(text: str, width: float, size: float = FONT) -> list[str]:
    """Lines of `text` that fit `width` units at `size`."""
    return textwrap.wrap(text, max(8, int(width / (size * CHAR)))) or [""]


def nice_ticks(high: float, low: float = 0.0, count: int = 5) -> list[float]:
    """Round tick values from `low` (or below) to `high` (or above)."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(1, count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks, value = [], start
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


@dataclass
class Canvas:
    """What a chart template draws: shapes and texts in order, and the height so far."""

    title: str
    alt: str
    items: list[dict[str, Any]] = field(default_factory=list)
    y: float = PAD

    def text(self, x: float, y: float, text: str, size: float = FONT, anchor: str = "start",
             fill: str = "#1a1a1a", weight: str = "normal", **extra: Any) -> None:
        self.items.append({"kind": "text", "x": r(x), "y": r(y), "text": text, "size": size,
                           "anchor": anchor, "fill": fill, "weight": weight, **extra})

    def lines_of_text(self, lines: Sequence[str], size: float = FONT, fill: str = "#1a1a1a",
                      weight: str = "normal", x: float = PAD) -> None:
        for line in lines:
            self.y += size + 4
            self.text(x, self.y, line, size=size, fill=fill, weight=weight)

    def rect(self, x: float, y: float, width: float, height: float, fill: str,
             **extra: Any) -> None:
        self.items.append({"kind": "rect", "x": r(x), "y": r(y), "width": r(max(width, 0)),
                           "height": r(height), "fill": fill, **extra})

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str = GRID,
             width: float = 1, dash: str | None = None) -> None:
        self.items.append({"kind": "line", "x1": r(x1), "y1": r(y1), "x2": r(x2), "y2": r(y2),
                           "stroke": stroke, "width": width, "dash": dash})

    def polyline(self, points: Sequence[tuple[float, float]], stroke: str, width: float,
                 dash: str | None = None) -> None:
        self.items.append({"kind": "polyline", "stroke": stroke, "width": width, "dash": dash,
                           "points": " ".join(f"{r(x)},{r(y)}" for x, y in points)})

    def circle(self, x: float, y: float, radius: float, fill: str) -> None:
        self.items.append({"kind": "circle", "x": r(x), "y": r(y), "radius": radius,
                           "fill": fill})

    def header(self, subtitle: str) -> None:
        """The title, then the unit (what the numbers are) in a smaller muted line."""
        self.lines_of_text(wrap(self.title, WIDTH - 2 * PAD - 24, TITLE_FONT), TITLE_FONT,
                           weight="700")  # bold glyphs are wider: wrap sooner
        self.lines_of_text(wrap(subtitle, WIDTH - 2 * PAD, SMALL_FONT), SMALL_FONT, MUTED)
        self.y += 6

    def footer(self, source: str) -> None:
        """The source of the numbers, at the foot of the image."""
        self.y += 4
        self.lines_of_text(wrap(f"Source: {source}", WIDTH - 2 * PAD, SMALL_FONT), SMALL_FONT,
                           MUTED)

    def svg(self) -> str:
        return render("chart.svg.j2", width=WIDTH, height=r(self.y + PAD), title=self.title,
                      alt=self.alt, items=self.items)


def svg_size(svg: str) -> tuple[int, int]:
    """Width and height of a chart's SVG in CSS pixels (its `width` and `height`)."""
    head = svg[svg.index("<svg "): svg.index(">", svg.index("<svg "))]

    def attribute(name: str) -> int:
        return round(float(head.split(f' {name}="', 1)[1].split('"', 1)[0]))

    return attribute("width"), attribute("height")


def data_uri(svg: str) -> str:
    """The SVG as a base64 data URI, for markdown that cannot load files (the Dagster UI)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def r(value: float) -> float | int:
    """Coordinates to one decimal (smaller files, identical bytes on every platform)."""
    rounded = round(float(value), 1)
    return int(rounded) if rounded.is_integer() else rounded


@dataclass(frozen=True)
class Bar:
    """One bar: its label (printed above it), value, colour and text after it."""

    label: str
    value: float
    colour: str
    text: str
    key: str | None = None


def hbars(canvas: Canvas, groups: Sequence[tuple[str, Sequence[Bar]]], bar_height: float = 14,
          tick_text: Any = str) -> None:
    """Horizontal bars in labelled groups: each group's label on its own line (so long
    labels never need a margin), its bars below, each followed by its value."""
    values = [b.value for _, bars in groups for b in bars]
    low, high = min(0.0, *values), max(0.0, *values)
    longest = max((text_width(b.text, SMALL_FONT) for _, bars in groups for b in bars),
                  default=0)
    left, right = PAD, WIDTH - PAD - longest - 4
    ticks = nice_ticks(high, low, 4)
    span = (ticks[-1] - ticks[0]) or 1

    def x_of(value: float) -> float:
        return left + (value - ticks[0]) / span * (right - left)

    top = canvas.y
    for label, bars in groups:
        for line in wrap(label, WIDTH - 2 * PAD) if label else []:
            canvas.y += LINE
            canvas.text(left, canvas.y - 3, line)
        for bar in bars:
            canvas.y += 2
            start, end = sorted((x_of(0), x_of(bar.value)))
            canvas.rect(start, canvas.y, end - start, bar_height, bar.colour, key=bar.key)
            canvas.text(end + 4, canvas.y + bar_height - 3, bar.text, size=SMALL_FONT)
            canvas.y += bar_height
        canvas.y += 6
    for tick in ticks:  # a light grid behind the bars, ticks below them
        canvas.items.insert(0, {"kind": "line", "x1": r(x_of(tick)), "y1": r(top),
                                "x2": r(x_of(tick)), "y2": r(canvas.y), "stroke": GRID,
                                "width": 1, "dash": None})
    canvas.y += SMALL_FONT + 2
    for tick in ticks:
        text = tick_text(tick)
        near_edge = x_of(tick) - text_width(text, SMALL_FONT) / 2 < 0
        canvas.text(x_of(tick), canvas.y, text, size=SMALL_FONT,
                    anchor="start" if near_edge else "middle", fill=MUTED)


def legend(canvas: Canvas, entries: Sequence[tuple[str, dict[str, Any]]]) -> None:
    """One line per entry: a short stroke in the series' style, then its label."""
    for label, style in entries:
        lines = wrap(label, WIDTH - 2 * PAD - 30, SMALL_FONT)
        canvas.y += LINE
        middle = canvas.y - 4
        canvas.line(PAD, middle, PAD + 22, middle, style["color"], style.get("width", 2),
                    style.get("dash"))
        canvas.text(PAD + 28, canvas.y, lines[0], size=SMALL_FONT)
        for more in lines[1:]:
            canvas.y += SMALL_FONT + 3
            canvas.text(PAD + 28, canvas.y, more, size=SMALL_FONT)
