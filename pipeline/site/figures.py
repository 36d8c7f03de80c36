"""Rendering matplotlib figures to SVG and PNG, deterministically and without a display.

Figures are built with `matplotlib.figure.Figure` (never pyplot), so rendering holds
no global state and works inside Dagster's process; the SVG has a fixed hash salt
and no date, so the same data always gives the same bytes. matplotlib is imported when
the first figure is drawn, not with the module: every process that loads the pipeline
imports this module (for its colours), most runs draw no chart (the chart cache).
"""

from __future__ import annotations

import base64
import html
import io
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

HASH_SALT = "yjdata"
RC = {
    "svg.hashsalt": HASH_SALT,
    "svg.fonttype": "path",  # glyphs as paths: the chart looks the same without our fonts
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#d9d9d9",
    "grid.linewidth": 0.6,
    "text.color": "#1a1a1a",
    "axes.labelcolor": "#1a1a1a",
    "xtick.color": "#1a1a1a",
    "ytick.color": "#1a1a1a",
}
# Okabe-Ito colours, distinguishable with the common colour-vision deficiencies.
SERVICE_COLOUR = "#0072B2"
NATIONAL_COLOUR = "#000000"
OTHER_COLOUR = "#b3b3b3"
PALETTE = ("#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#882255", "#117733")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "h")


@cache
def _matplotlib() -> ModuleType:
    """matplotlib, imported on first use with the display-less Agg backend."""
    import matplotlib

    matplotlib.use("Agg")
    return matplotlib


@contextmanager
def chart_style() -> Iterator[None]:
    """The site's chart settings, only for the charts drawn inside the block."""
    with _matplotlib().rc_context(RC):
        yield


def new_figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    _matplotlib()
    return Figure(figsize=(width, height), layout="constrained")


def add_title(figure: Figure, title: str, width: int = 70) -> None:
    """A left-aligned title over the whole figure, wrapped so long names are not cut."""
    figure.suptitle(textwrap.fill(title, width), x=0.01, ha="left", fontsize=12,
                    fontweight="bold")


def to_svg(figure: Figure, label: str) -> str:
    """The figure as standalone SVG text with `role="img"`, an aria-label and a `<title>`."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    start = svg.index("<svg ")
    end = svg.index(">", start)
    label_attr = html.escape(label, quote=True)
    opening = svg[start:end].replace("<svg ", f'<svg role="img" aria-label="{label_attr}" ', 1)
    return f"{svg[:start]}{opening}><title>{html.escape(label)}</title>{svg[end + 1:]}"


def to_png_data_uri(figure: Figure, dpi: int = 72) -> str:
    """The figure as a base64 PNG data URI (for markdown that cannot load files)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def svg_size(svg: str) -> tuple[int, int]:
    """Width and height of an SVG in CSS pixels (matplotlib writes points, svg.py pixels)."""
    head = svg[svg.index("<svg "): svg.index(">", svg.index("<svg "))]

    def attribute(name: str) -> float:
        value = head.split(f' {name}="', 1)[1].split('"', 1)[0]
        return float(value[:-2]) * 4 / 3 if value.endswith("pt") else float(value)

    return round(attribute("width")), round(attribute("height"))
