"""A table's rows as plain dicts, built column by column.

`DataFrame.to_dict("records")` boxes every cell one by one; taking each column's
`tolist()` once and zipping is several times faster on a national table. Shared by the
site's pages (`pipeline.site.rows`) and the KPI series (`pipeline.publish.series`), so it
sits under neither.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd


def column_lists(frame: pd.DataFrame) -> dict[str, list]:
    """Each column's values as a list (pandas' NA as None, as `to_dict` gives them): a
    table's cells without a dict per row, from which any rows can be made."""
    return {name: [None if value is pd.NA else value for value in frame[name].tolist()]
            for name in frame.columns}


def rows_at(columns: Mapping[str, list], positions: Iterable[int]) -> list[dict[str, Any]]:
    """The rows at `positions` (in that order) of `column_lists`' columns, as dicts."""
    names, lists = list(columns), list(columns.values())
    return [dict(zip(names, [values[i] for values in lists], strict=True)) for i in positions]
