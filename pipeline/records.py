"""A table's rows as plain dicts, built column by column.

`DataFrame.to_dict("records")` boxes every cell one by one; taking each column's
`tolist()` once and zipping is several times faster on a national table. Shared by the
site's pages (`pipeline.site.rows`) and the KPI series (`pipeline.publish.series`), so it
sits under neither.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd


def column_lists(frame: pd.DataFrame) -> dict[str, list]:
    """Each column's values as a list (pandas' NA as None, as `to_dict` gives them): a
    table's cells without a dict per row, from which any rows can be made. Text and
    boolean columns hold one object per distinct value (`shared_values`)."""
    return {name: _column_list(frame[name]) for name in frame.columns}


def _column_list(series: pd.Series) -> list:
    if isinstance(series.dtype, (pd.StringDtype, pd.BooleanDtype)):
        return shared_values(series).tolist()
    return [None if value is pd.NA else value for value in series.tolist()]


def shared_values(series: pd.Series) -> np.ndarray:
    """A text or boolean column's values as Python objects, missing ones as None, each
    distinct value one object shared by every cell holding it: a national table's ids,
    labels and captions repeat over hundreds of thousands of rows, and an object per
    cell made such a copy several times the size of the table (issue 19: 5,000
    documents in 2 GiB)."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    objects = np.empty(len(uniques) + 1, dtype=object)
    objects[:-1] = uniques.astype(object)  # the last stays None, for code -1 (missing)
    return objects[codes]


def rows_at(columns: Mapping[str, list], positions: Iterable[int]) -> list[dict[str, Any]]:
    """The rows at `positions` (in that order) of `column_lists`' columns, as dicts."""
    names, lists = list(columns), list(columns.values())
    return [dict(zip(names, [values[i] for values in lists], strict=True)) for i in positions]
