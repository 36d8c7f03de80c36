"""Rendered charts kept between builds, keyed by a hash of exactly what they draw.

A national release has a chart per service and indicator: thousands of SVGs (and the
Dagster UI's two overview charts). Between two builds almost all of them
are unchanged (a new document changes one service's charts), so each is stored under the
hash of its input rows, its parameters and the drawing code, and redrawn only when one of
those changes. The cache is a plain folder beside the releases; deleting it only costs
time, and a cached chart is byte-identical to a fresh one.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.site.charts import Chart
from pipeline.site.rows import Rows, as_rows, columns_of

CACHE_DIR = ".chart-cache"
DRAWING_MODULES = ("charts.py", "dagster_metadata.py", "svg.py", "templating.py",
                   "templates/chart.svg.j2")


@cache
def _code_fingerprint() -> str:
    """The drawing code and the version of Jinja2, which writes the SVG from the
    template: a change to either redraws everything."""
    digest = hashlib.sha256(importlib.metadata.version("jinja2").encode())
    for module in DRAWING_MODULES:
        digest.update((Path(__file__).parent / module).read_bytes())
    return digest.hexdigest()


def chart_key(kind: str, rows: pd.DataFrame | Rows, parameters: Sequence[object]) -> str:
    """The hash of a chart's inputs: its kind, rows (every column's name and value) and
    parameters, and the drawing code."""
    digest = hashlib.sha256(_code_fingerprint().encode())
    digest.update(kind.encode())
    digest.update(json.dumps([str(p) for p in parameters]).encode())
    digest.update(rows_digest(rows))
    return digest.hexdigest()


def rows_digest(rows: pd.DataFrame | Rows) -> bytes:
    """A hash of rows' values as JSON (numbers by their exact repr, a missing value,
    date or list tagged with its type, so "2020-03-31" the text and the date differ):
    writing a frame's rows as CSV for its hash cost more than drawing most charts."""
    columns = columns_of(rows)
    values = [[row.get(c) for c in columns] for row in as_rows(rows)]
    text = json.dumps([columns, values], default=_tagged, ensure_ascii=False,
                      separators=(",", ":"))
    return hashlib.sha256(text.encode()).digest()


def _tagged(value: object) -> object:
    """A JSON stand-in for a value JSON has no type for."""
    if isinstance(value, np.ndarray):
        return ["ndarray", value.tolist()]
    if isinstance(value, np.generic):
        return value.item()
    return [type(value).__name__, str(value)]


class ChartCache:
    """`draw(kind, rows, parameters, render)`: the cached chart, else `render()` stored."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.drawn = 0
        self.reused = 0

    def draw(self, kind: str, rows: pd.DataFrame | Rows, parameters: Sequence[object],
             render: Callable[[], Chart | None]) -> Chart | None:
        if self.folder is None:
            self.drawn += 1
            return render()
        path = self.folder / f"{chart_key(kind, rows, parameters)}.json"
        stored = _read(path)
        if stored is not None:
            self.reused += 1
            return None if stored == {} else Chart(**stored)
        chart = render()
        self.drawn += 1
        _write_atomic(path, {} if chart is None else
                      {"svg": chart.svg, "title": chart.title, "alt": chart.alt})
        return chart


def _read(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None  # missing or damaged: draw again


def _write_atomic(path: Path, value: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(value, out)
    os.replace(temp, path)
