"""The release's column-by-column cast (`pipeline/publish/arrow_cast.py`) gives exactly the
table `to_arrow` gives, value by value, for conformed frames and for the values that cast
changes (NaN, a missing row id, a null inside a list)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa

from pipeline.metadata.registry import get_table
from pipeline.metadata.schemas import arrow_schema, conform, from_arrow, to_arrow
from pipeline.publish.arrow_cast import cast_table


def test_a_conformed_frame_casts_to_the_same_table() -> None:
    rows = {"caseload_type": ["custody", "community"], "team": [None, "North"],
            "as_of_label": ["31 March 2021", None], "as_of_date": [dt.date(2021, 3, 31), None],
            "value": [4.0, None], "unit": ["count", "count"], "document_id": ["doc", "doc"],
            "yot_id": ["kent", "kent"], "source_line": [12, 14],
            "source_table": ["doc#t01", "doc#t01"]}
    caseloads = conform(pd.DataFrame(rows), get_table("caseloads"))
    yots = conform(pd.DataFrame({"yot_id": ["kent"], "name": ["Kent"], "aliases": [["K"]],
                                 "nation": ["England"], "region": ["South East"],
                                 "local_authority_codes": [None]}), get_table("yots"))
    for frame, spec in ((caseloads, get_table("caseloads")), (yots, get_table("yots"))):
        assert cast_table(frame, spec).equals(to_arrow(frame, spec), check_metadata=True)


def test_values_the_cast_changes_are_cast_value_by_value() -> None:
    spec = get_table("caseloads")
    row = {"caseload_type": "custody", "value": float("nan"), "unit": "count",
           "document_id": "doc", "yot_id": "kent", "source_line": 12, "row_id": None}
    loose = pa.schema([f.with_nullable(True) for f in arrow_schema(spec)])
    frame = from_arrow(pa.Table.from_pylist([row], schema=loose))  # NaN kept, no row id
    cast = cast_table(frame, spec)
    assert cast.equals(to_arrow(frame, spec), check_metadata=True)
    assert cast.column("row_id").null_count == 0 and cast.column("value").null_count == 1
    yots = get_table("yots")
    listed = conform(pd.DataFrame({"yot_id": ["kent"], "name": ["Kent"],
                                   "nation": ["England"], "region": ["South East"]}), yots)
    listed.at[0, "aliases"] = np.array(["K", None], dtype=object)
    assert cast_table(listed, yots).equals(to_arrow(listed, yots), check_metadata=True)
