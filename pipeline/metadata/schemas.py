"""Schemas generated from the registry: Arrow, pandas, Dagster and Frictionless.

Everything that writes or describes a table goes through `conform`, so a
published file can only have the registry's columns, order and types.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import json
from collections.abc import Mapping
from typing import Any

import dagster as dg
import numpy as np
import pandas as pd
import pyarrow as pa

from pipeline.metadata.registry import (
    BOOLEAN,
    DATE,
    FLOAT64,
    INT32,
    INT64,
    ROW_ID,
    STRING,
    STRING_LIST,
    Column,
    TableSpec,
    foreign_keys,
)

_ARROW_TYPES: dict[str, pa.DataType] = {
    STRING: pa.string(),
    INT32: pa.int32(),
    INT64: pa.int64(),
    FLOAT64: pa.float64(),
    BOOLEAN: pa.bool_(),
    DATE: pa.date32(),
    STRING_LIST: pa.list_(pa.string()),
}

_FRICTIONLESS_TYPES: dict[str, str] = {
    STRING: "string",
    INT32: "integer",
    INT64: "integer",
    FLOAT64: "number",
    BOOLEAN: "boolean",
    DATE: "date",
    STRING_LIST: "array",
}


def arrow_schema(spec: TableSpec) -> pa.Schema:
    """The Arrow schema of a table, with descriptions as field metadata."""
    cached = _SCHEMAS.get(spec.name)
    if cached is None or cached[0] is not spec:  # asked for on every cast
        cached = _SCHEMAS[spec.name] = (spec, _arrow_schema(spec))
    return cached[1]


_SCHEMAS: dict[str, tuple[TableSpec, pa.Schema]] = {}


def _arrow_schema(spec: TableSpec) -> pa.Schema:
    fields = [
        pa.field(
            c.name,
            _ARROW_TYPES[c.type],
            nullable=c.nullable,
            metadata={"description": c.description},
        )
        for c in spec.columns
    ]
    return pa.schema(fields, metadata={"table": spec.name, "description": spec.description})


def _to_date(value: Any) -> dt.date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    return dt.date.fromisoformat(str(value))


def _to_list(value: Any) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, float) and pd.isna(value):
        return None
    return [str(v) for v in value]


def _column_array(values: list, column: Column) -> pa.Array:
    """Python values as the column's Arrow type; every pandas missing value becomes null."""
    arrow_type = _ARROW_TYPES[column.type]
    if column.type == DATE:
        return pa.array([_to_date(v) for v in values], type=arrow_type)
    if column.type == STRING_LIST:
        return pa.array([_to_list(v) for v in values], type=arrow_type)
    return pa.array(values, type=arrow_type, from_pandas=True)


def arrow_from_columns(columns: Mapping[str, list], length: int, spec: TableSpec) -> pa.Table:
    """Column lists (values as Python objects) cast to the table's Arrow schema; unknown
    columns are an error, not dropped, and a missing nullable column is all null."""
    extra = [c for c in columns if c not in spec.column_names]
    if extra:
        raise ValueError(f"{spec.name}: columns not in the registry: {extra}")
    if ROW_ID in spec.column_names:
        columns = {**columns, ROW_ID: row_ids(columns, length, spec)}
    arrays = []
    for column in spec.columns:
        if column.name in columns:
            arrays.append(_column_array(columns[column.name], column))
        elif column.nullable:
            arrays.append(pa.nulls(length, type=_ARROW_TYPES[column.type]))
        else:
            raise ValueError(f"{spec.name}: required column {column.name!r} is missing")
    return pa.Table.from_arrays(arrays, schema=arrow_schema(spec))


def row_ids(columns: Mapping[str, list], length: int, spec: TableSpec) -> list[str]:
    """Each row's `row_id`: kept where given, else a hash of its natural key's values, so
    the same row has the same id however and whenever it is built."""
    given = columns.get(ROW_ID) or [None] * length
    key = [columns.get(name) or [None] * length for name in spec.primary_key]
    return [
        value if isinstance(value, str) else key_hash([part[i] for part in key])
        for i, value in enumerate(given)
    ]


def key_hash(values: list[Any]) -> str:
    """16 hex digits of the SHA-256 of the values as JSON: a row id from its key."""
    plain = [_plain(v) for v in values]
    text = json.dumps(plain, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _plain(value: Any) -> Any:
    """One key value as JSON text reads it: numpy and pandas scalars as Python ones."""
    if value is None or (not isinstance(value, (str, list, tuple)) and pd.isna(value)):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return value.item() if hasattr(value, "item") else value


def to_arrow(frame: pd.DataFrame, spec: TableSpec) -> pa.Table:
    """Cast a frame to the table's Arrow schema (see `arrow_from_columns`)."""
    columns = {name: frame[name].tolist() for name in frame.columns}
    return arrow_from_columns(columns, len(frame), spec)


def frame_from_columns(columns: Mapping[str, list], length: int, spec: TableSpec) -> pd.DataFrame:
    """Column lists as a conformed frame: how per-document rows are joined, in one cast."""
    return from_arrow(arrow_from_columns(columns, length, spec))


def conform(frame: pd.DataFrame, spec: TableSpec) -> pd.DataFrame:
    """The frame with exactly the registry's columns, order and types (via Arrow)."""
    return from_arrow(to_arrow(frame, spec))


def from_arrow(table: pa.Table) -> pd.DataFrame:
    """A pandas frame with nullable dtypes that round-trip the Arrow types."""
    return table.to_pandas(types_mapper=_pandas_type, date_as_object=True)


def arrow_exact(frame: pd.DataFrame, spec: TableSpec) -> bool:
    """Whether `frame` comes back unchanged from Arrow (`frame_to_ipc`, `frame_from_ipc`):
    the registry's columns in its order with the dtypes `from_arrow` gives, a plain
    0..n-1 index, and object columns holding what `from_arrow` makes of them (dates as
    `datetime.date`, lists as numpy arrays, missing as None). Else it is stored as a
    pickle."""
    expected = _empty_frame(spec.name, arrow_schema(spec)).dtypes
    if list(frame.columns) != list(spec.column_names) or not frame.dtypes.equals(expected):
        return False
    if not frame.index.equals(pd.RangeIndex(len(frame))):
        return False
    cell_types = {DATE: dt.date, STRING_LIST: np.ndarray}
    for column in spec.columns:
        wanted = cell_types.get(column.type)
        if wanted is not None and not all(
                value is None or type(value) is wanted for value in frame[column.name]):
            return False
    return True


def frame_to_ipc(frame: pd.DataFrame, spec: TableSpec) -> bytes:
    """A frame for which `arrow_exact` holds as an Arrow IPC stream with the registry's
    schema."""
    table = pa.Table.from_pandas(frame, schema=arrow_schema(spec), preserve_index=False)
    sink = io.BytesIO()  # its value is handed over as it is, not copied into new bytes
    with pa.ipc.new_stream(pa.PythonFile(sink, mode="w"), table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue()


def frame_from_ipc(data: bytes) -> pd.DataFrame:
    """The frame `frame_to_ipc` stored."""
    return from_arrow(pa.ipc.open_stream(pa.py_buffer(data)).read_all())


def _pandas_type(arrow_type: pa.DataType) -> Any:
    mapping = {
        pa.string(): pd.StringDtype(),
        pa.int32(): pd.Int32Dtype(),
        pa.int64(): pd.Int64Dtype(),
        pa.float64(): pd.Float64Dtype(),
        pa.bool_(): pd.BooleanDtype(),
    }
    return mapping.get(arrow_type)


def empty_frame(spec: TableSpec) -> pd.DataFrame:
    """A zero-row frame with the table's schema: tables with no extractor yet."""
    return _empty_frame(spec.name, arrow_schema(spec)).copy()


@functools.lru_cache(maxsize=64)  # made for every empty table of every document
def _empty_frame(name: str, schema: pa.Schema) -> pd.DataFrame:
    return from_arrow(schema.empty_table())


def dagster_table_schema(spec: TableSpec) -> dg.TableSchema:
    """The Dagster `TableSchema` shown in the UI for an asset that holds this table."""
    return dg.TableSchema(
        columns=[
            dg.TableColumn(
                name=c.name,
                type=c.type,
                description=_describe(c),
                constraints=dg.TableColumnConstraints(
                    nullable=c.nullable,
                    unique=c.unique,
                    other=_other_constraints(c),
                ),
            )
            for c in spec.columns
        ],
        constraints=dg.TableConstraints(other=[
            f"primary key: {', '.join(spec.database_key)}",
            *([f"natural key (unique): {', '.join(spec.primary_key)}"]
              if spec.database_key != spec.primary_key else []),
            *(f"foreign key: {fk.column} -> {fk.table}.{fk.reference}"
              for fk in foreign_keys(spec)),
        ]),
    )


def _describe(column: Column) -> str:
    unit = f" Unit: {column.unit}." if column.unit else ""
    return f"{column.description}{unit}"


def _other_constraints(column: Column) -> list[str]:
    other = []
    if column.enum:
        other.append("one of: " + ", ".join(column.enum))
    if column.pattern:
        other.append(f"matches {column.pattern}")
    if column.minimum is not None:
        other.append(f">= {column.minimum:g}")
    if column.maximum is not None:
        other.append(f"<= {column.maximum:g}")
    return other


def frictionless_schema(spec: TableSpec) -> dict[str, Any]:
    """A Frictionless Table Schema for `datapackage.json`."""
    fields = []
    for c in spec.columns:
        field: dict[str, Any] = {
            "name": c.name,
            "type": _FRICTIONLESS_TYPES[c.type],
            "description": c.description,
        }
        constraints: dict[str, Any] = {}
        if not c.nullable:
            constraints["required"] = True
        if c.enum and c.type == STRING_LIST:  # the enum constrains each item, not the list
            field["arrayItem"] = {"type": "string", "constraints": {"enum": list(c.enum)}}
        elif c.enum:
            constraints["enum"] = list(c.enum)
        if c.pattern:
            constraints["pattern"] = c.pattern
        if c.minimum is not None:
            constraints["minimum"] = c.minimum
        if c.maximum is not None:
            constraints["maximum"] = c.maximum
        if c.unique:
            constraints["unique"] = True
        if constraints:
            field["constraints"] = constraints
        if c.unit:
            field["unit"] = c.unit
        fields.append(field)
    schema: dict[str, Any] = {"fields": fields, "primaryKey": list(spec.database_key),
                              "missingValues": [""]}
    keys = foreign_keys(spec)
    if keys:
        schema["foreignKeys"] = [
            {"fields": [fk.column], "reference": {"resource": resource_name(fk.table),
                                                  "fields": [fk.reference]}}
            for fk in keys
        ]
    return schema


def resource_name(table: str) -> str:
    """The datapackage resource of a table that foreign keys refer to: its CSV file (the
    Parquet file is a plain `file` resource Frictionless does not read)."""
    return f"{table}-csv"
