"""The one guard every CSV file of a release goes through: text that a spreadsheet would
run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a leading `'`."""

from __future__ import annotations

from typing import Any

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula gets a leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_safe_column(series: pd.Series) -> pd.Series:
    """`csv_safe` over a text column, vectorised (a national table has millions of cells):
    only the cells that start like a formula are rewritten."""
    text = series.astype("string")
    risky = text.str.startswith(FORMULA_START).fillna(False).astype(bool)
    if not risky.any():
        return series
    return series.astype(object).mask(risky, "'" + text[risky].astype(object))
