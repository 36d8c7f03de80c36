"""Convenience views published beside the tables (`VIEW_SPECS` in the registry).

Their columns depend on the data (one column per period): the registry describes the
fixed columns and the rest are typed from the frame; the long tables stay the source
of truth.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.metadata.registry import get_table
from pipeline.metadata.schemas import frictionless_schema
from pipeline.publish.compress import csv_name, write_csv
from pipeline.publish.csv_guard import csv_safe_table
from pipeline.publish.reuse import Reuse, arrow_key, write_or_take
from pipeline.publish.series import kpi_series_wide

# What makes a view's files from its frame (keys of `reuse.py`).
CODE = ("publish", "metadata")
# view name -> (the table it is derived from, how)
DERIVED: dict[str, tuple[str, Callable[[pd.DataFrame], pd.DataFrame]]] = {
    "kpi_observations_wide": ("kpi_series", kpi_series_wide),
}


def derived_frames(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return {name: make(tables[source]) for name, (source, make) in DERIVED.items()
            if source in tables}


def _arrow(frame: pd.DataFrame, name: str) -> pa.Table:
    """The registry's fixed columns as text, every other (period) column a float."""
    fixed = set(get_table(name).column_names)
    fields = [pa.field(str(c), pa.string() if c in fixed else pa.float64())
              for c in frame.columns]
    arrays = [
        pa.array([None if pd.isna(v) else v for v in frame[f.name]], type=f.type)
        for f in fields
    ]
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def write_derived(frames: Mapping[str, pd.DataFrame], release_dir: Path,
                  reuse: Reuse | None = None) -> None:
    """Each view as Parquet (text as printed) and CSV (text through the formula guard, as
    in every other CSV file of the release); with `reuse`, a view whose Arrow table is
    the previous release's takes its files (`reuse.py`)."""
    for name, frame in frames.items():
        table = _arrow(frame, name)
        parquet = release_dir / "parquet" / f"{name}.parquet"
        csv = release_dir / "csv" / csv_name(name)
        write_or_take(reuse, [parquet, csv], lambda t=table, n=name: arrow_key(t, n, *CODE),
                      lambda t=table, p=parquet, c=csv: _write_view_files(t, p, c))


def _write_view_files(table: pa.Table, parquet: Path, csv: Path) -> None:
    for path in (parquet, csv):
        path.unlink(missing_ok=True)  # a new file, never written through a link
    pq.write_table(table, parquet, compression="zstd")
    write_csv(csv_safe_table(table), csv)


def derived_schema(frame: pd.DataFrame, name: str) -> dict[str, Any]:
    """The view's Frictionless schema: the registry's fixed columns, then a number
    column per period read from the frame."""
    schema = frictionless_schema(get_table(name))
    fixed = {f["name"] for f in schema["fields"]}
    schema["fields"] += [{"name": str(c), "type": "number", "description": f"Value for {c}."}
                         for c in frame.columns if c not in fixed]
    return schema
