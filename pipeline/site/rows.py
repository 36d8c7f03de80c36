"""Table rows as plain dicts, the way the site's pages read them.

A service page reads a few dozen rows of each table, several times over (a chart, its
text alternative, a table of the rows, the links to where they were printed). Done with
pandas, each of those was a selection, a copy or a group-by on a small frame, and their
fixed cost per call, thousands of calls per site, was most of a release's time. Pages
now take a table's rows once as dicts (`SiteData.records`, grouped once by the column a
page filters on: `SiteData.records_where`) and only loop over them.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from pipeline.records import column_lists, rows_at
from pipeline.site.html import is_missing

Row = Mapping[str, Any]
Rows = Sequence[Row]


def as_rows(rows: pd.DataFrame | Iterable[Row]) -> list[Row]:
    """Rows as dicts: a frame's records (missing values as None), or the rows as given."""
    if isinstance(rows, pd.DataFrame):
        return records_of(rows)
    return list(rows)


def records_of(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """`frame.to_dict("records")`, the same values, built from each column's `tolist()`
    (pandas boxes every cell one by one: four times slower on a national table)."""
    return rows_at(column_lists(frame), range(len(frame)))


def columns_of(rows: pd.DataFrame | Rows) -> list[str]:
    """The columns rows have (a frame's, else the first row's keys; none for no rows)."""
    if isinstance(rows, pd.DataFrame):
        return list(rows.columns)
    return list(rows[0]) if rows else []


def equals(value: Any, target: Any) -> bool:
    """`value == target`, False for a missing value (a filter on a column drops NA)."""
    return not is_missing(value) and value == target


def group_rows(rows: Iterable[Row], column: str) -> dict[Hashable, list[Row]]:
    """Rows by their value of `column`, in first-appearance order, each group in the
    rows' order; rows missing the value are in no group (as a filter `== value` gives)."""
    groups: dict[Hashable, list[Row]] = {}
    for row in rows:
        value = row.get(column)
        if not is_missing(value):
            groups.setdefault(value, []).append(row)
    return groups
