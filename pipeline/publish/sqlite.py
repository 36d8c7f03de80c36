"""The release's SQLite file, keyed as the registry says (written with sqlite-utils).

Every table gets its registry primary key (`row_id` where the natural key has optional
members), `NOT NULL` on required columns, `FOREIGN KEY` constraints derived from
shared column names with an index on each, and a full-text index over its label
columns, so Datasette and any SQL client see the same keys as `datapackage.json`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import sqlite_utils

from pipeline.metadata.registry import (
    BOOLEAN,
    DATE,
    FLOAT64,
    INT32,
    INT64,
    STRING_LIST,
    TableSpec,
    foreign_keys,
    get_table,
)

_SQL_TYPES: dict[str, type] = {INT32: int, INT64: int, FLOAT64: float, BOOLEAN: int}
BATCH_SIZE = 2000


def write_sqlite(tables: Mapping[str, pd.DataFrame], path: Path,
                 extra: Mapping[str, tuple[pd.DataFrame, tuple[str, ...]]] | None = None) -> None:
    """Every registry table in one database (lists as JSON text, dates as ISO text),
    referenced tables first; `extra` adds frames outside the registry (derived views) with
    their primary key."""
    database = sqlite_utils.Database(path, recreate=True)
    # Written once into a staging folder that a failed build deletes: no need to sync to
    # disk after every batch (that was two thirds of the time).
    database.execute("PRAGMA synchronous = OFF")
    database.execute("PRAGMA journal_mode = MEMORY")
    try:
        for spec in _referenced_first([get_table(name) for name in tables]):
            _write_table(database, spec, tables[spec.name], set(tables))
        for name, (frame, key) in (extra or {}).items():
            database[name].insert_all(_plain_rows(frame), pk=list(key), batch_size=BATCH_SIZE)
        database.conn.commit()
    finally:
        database.close()


def _referenced_first(specs: list[TableSpec]) -> list[TableSpec]:
    """The specs ordered so that each comes after the tables its foreign keys name."""
    ordered: list[TableSpec] = []
    names = {s.name for s in specs}
    pending = list(specs)
    while pending:
        ready = [s for s in pending
                 if all(fk.table in {o.name for o in ordered} or fk.table not in names
                        for fk in foreign_keys(s) if fk.table != s.name)]
        if not ready:
            raise ValueError(f"foreign keys form a cycle among {[s.name for s in pending]}")
        ordered += ready
        pending = [s for s in pending if s not in ready]
    return ordered


def _write_table(database: sqlite_utils.Database, spec: TableSpec, frame: pd.DataFrame,
                 present: set[str]) -> None:
    keys = [fk for fk in foreign_keys(spec) if fk.table in present]
    table = database.table(spec.name)
    table.create(
        {c.name: _SQL_TYPES.get(c.type, str) for c in spec.columns},
        pk=list(spec.database_key),
        not_null=[c.name for c in spec.columns if not c.nullable],
        foreign_keys=[(fk.column, fk.table, fk.reference) for fk in keys],
    )
    table.insert_all(_rows(frame, spec), batch_size=BATCH_SIZE)
    for fk in keys:
        table.create_index([fk.column], if_not_exists=True)
    if spec.search_columns:
        table.enable_fts(list(spec.search_columns), create_triggers=False)


def _rows(frame: pd.DataFrame, spec: TableSpec) -> Iterator[dict[str, Any]]:
    converters = {c.name: _converter(c.type) for c in spec.columns}
    for record in _plain_rows(frame[spec.column_names]):
        yield {name: None if value is None else converters[name](value)
               for name, value in record.items()}


def _plain_rows(frame: pd.DataFrame) -> Iterator[dict[str, Any]]:
    plain = frame.astype(object).where(frame.notna(), None)
    columns = [str(c) for c in plain.columns]
    for values in plain.itertuples(index=False, name=None):
        yield dict(zip(columns, values, strict=True))


def _converter(column_type: str) -> Any:
    if column_type == STRING_LIST:
        return lambda v: json.dumps(list(v), ensure_ascii=False)
    if column_type == DATE:
        return lambda v: v.isoformat()
    if column_type == BOOLEAN:
        return int
    return lambda v: v
