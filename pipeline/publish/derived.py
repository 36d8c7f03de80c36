"""Convenience views published beside the contract tables (not part of the contract).

Their columns depend on the data (one column per period), so their schema is read
from the frame rather than the registry; the long tables stay the source of truth.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from pipeline.extract.kpi import kpi_wide
from pipeline.publish.csv_guard import csv_safe_column

# view name -> (the contract table it is derived from, how)
DERIVED: dict[str, tuple[str, Callable[[pd.DataFrame], pd.DataFrame]]] = {
    "kpi_observations_wide": ("kpi_observations", kpi_wide),
}


def derived_frames(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return {name: make(tables[source]) for name, (source, make) in DERIVED.items()
            if source in tables}


def _arrow(frame: pd.DataFrame) -> pa.Table:
    """Text columns stay text, everything else is a float (period values)."""
    fields = [
        pa.field(str(c), pa.string() if frame[c].dtype == object or
                 isinstance(frame[c].dtype, pd.StringDtype) else pa.float64())
        for c in frame.columns
    ]
    arrays = [
        pa.array([None if pd.isna(v) else v for v in frame[f.name]], type=f.type)
        for f in fields
    ]
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def write_derived(frames: Mapping[str, pd.DataFrame], release_dir: Path) -> None:
    """Each view as Parquet (text as printed) and CSV (text through the formula guard, as
    in every other CSV file of the release)."""
    for name, frame in frames.items():
        table = _arrow(frame)
        pq.write_table(table, release_dir / "parquet" / f"{name}.parquet", compression="zstd")
        guarded = frame.copy()
        for field in table.schema:
            if field.type == pa.string():
                guarded[field.name] = csv_safe_column(guarded[field.name])
        pacsv.write_csv(_arrow(guarded), release_dir / "csv" / f"{name}.csv",
                        write_options=pacsv.WriteOptions(quoting_style="needed"))


def derived_schema(frame: pd.DataFrame) -> dict[str, Any]:
    """A Frictionless schema read from the frame's columns."""
    table = _arrow(frame)
    return {"fields": [
        {"name": f.name, "type": "string" if f.type == pa.string() else "number"}
        for f in table.schema
    ], "missingValues": [""]}
