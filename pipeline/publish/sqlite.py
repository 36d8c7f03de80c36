"""The release's SQLite file, keyed as the registry says (written with sqlite-utils).

Every table gets its registry primary key (`row_id` where the natural key has optional
members), `NOT NULL` on required columns, `FOREIGN KEY` constraints derived from
shared column names with an index on each, and a full-text index over its label
columns, so Datasette and any SQL client see the same keys as `datapackage.json`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Collection, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:  # imported where a release is written, not by every process
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
INSERT_ROWS = 20_000  # rows made plain values and inserted together


def write_sqlite(tables: Mapping[str, pd.DataFrame], path: Path,
                 extra: Mapping[str, tuple[pd.DataFrame, tuple[str, ...]]] | None = None,
                 rewrite: Collection[str] | None = None) -> None:
    """Every registry table in one database (lists as JSON text, dates as ISO text),
    referenced tables first; `extra` adds frames outside the registry (derived views) with
    their primary key.

    sqlite-utils creates each table (keys, constraints, indexes, full-text search); the
    rows go in through `executemany` on plain tuples built column by column, in one
    transaction: sqlite-utils' own `insert_all` built a dict and a multi-row statement
    per row and committed per chunk, most of the file's time.

    With `rewrite`, `path` is a database this function wrote from the same tables and
    views (names, columns, keys: a previous release's), and only the tables and views
    named are written again: each is dropped with its indexes and full-text index, then
    created and filled exactly as in a new database, so every table holds the same rows
    in the same order as a fresh file's (`tests/site/test_release_reuse.py`)."""
    import sqlite_utils

    database = sqlite_utils.Database(path, recreate=rewrite is None)
    # Written once into a staging folder that a failed build deletes: no journal and no
    # sync to disk after every statement.
    database.execute("PRAGMA synchronous = OFF")
    database.execute("PRAGMA journal_mode = OFF")
    try:
        for spec in _referenced_first([get_table(name) for name in tables]):
            if _replacing(database, spec.name, rewrite):
                _write_table(database, spec, tables[spec.name], set(tables))
        for name, (frame, key) in (extra or {}).items():
            if _replacing(database, name, rewrite):
                _write_view(database, name, frame, key)
        database.conn.commit()
    finally:
        database.close()


def _replacing(database: sqlite_utils.Database, name: str,
               rewrite: Collection[str] | None) -> bool:
    """Whether table `name` is to be written; an old one is dropped first (with its
    full-text index: its indexes go with it)."""
    if rewrite is None:
        return True
    if name not in rewrite:
        return False
    table = database.table(name)
    if table.exists():
        table.disable_fts()
        table.drop()
    return True


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
    converters = {c.name: _converter(c.type) for c in spec.columns}
    _insert(database, spec.name, frame[spec.column_names], converters)
    for fk in keys:
        table.create_index([fk.column], if_not_exists=True)
    if spec.search_columns:
        table.enable_fts(list(spec.search_columns), create_triggers=False)


def _write_view(database: sqlite_utils.Database, name: str, frame: pd.DataFrame,
                key: tuple[str, ...]) -> None:
    """A view's columns are typed by sqlite-utils from its first batch of rows, as
    `insert_all` does (the first batch goes in through it); the rest as tuples."""
    from sqlite_utils.db import SQLITE_MAX_VARS

    batch = max(1, min(BATCH_SIZE, SQLITE_MAX_VARS // max(1, len(frame.columns))))
    head = frame.iloc[:batch]
    columns = [str(c) for c in head.columns]
    first = [dict(zip(columns, values, strict=True)) for values in _tuples(head, {})]
    if not first:
        return
    database[name].insert_all(first, pk=list(key), batch_size=BATCH_SIZE)
    _insert(database, name, frame.iloc[batch:], {})


def _insert(database: sqlite_utils.Database, name: str, frame: pd.DataFrame,
            converters: Mapping[str, Callable[[Any], Any]]) -> None:
    """The frame's rows `INSERT_ROWS` at a time: the plain values of a whole large table
    (every cell a Python object) would hold several times the frame's memory at once."""
    columns = ", ".join(f"[{c}]" for c in frame.columns)
    marks = ", ".join("?" for _ in frame.columns)
    statement = f"INSERT INTO [{name}] ({columns}) VALUES ({marks})"
    for start in range(0, len(frame), INSERT_ROWS):
        database.conn.executemany(statement,
                                  _tuples(frame.iloc[start:start + INSERT_ROWS], converters))


def _tuples(frame: pd.DataFrame, converters: Mapping[str, Callable[[Any], Any]]
            ) -> Iterator[tuple[Any, ...]]:
    """The frame's rows as tuples of plain values (None for null), converted column by
    column (`converters` by column name; others as they are)."""
    columns = []
    for name in frame.columns:
        values = frame[name].astype(object).where(frame[name].notna(), None).tolist()
        convert = converters.get(str(name))
        if convert is not None:
            values = [None if v is None else convert(v) for v in values]
        columns.append(values)
    return zip(*columns, strict=True) if columns else iter(())


def _converter(column_type: str) -> Callable[[Any], Any] | None:
    if column_type == STRING_LIST:
        return lambda v: json_list(tuple(v))
    if column_type == DATE:
        return lambda v: v.isoformat()
    if column_type == BOOLEAN:
        return int
    return None


@functools.lru_cache(maxsize=4096)
def json_list(values: tuple) -> str:
    """A list cell as its JSON array, as the CSV and SQLite files hold it; remembered,
    since list cells repeat (most `quality_flags` are one of a few lists)."""
    return json.dumps(list(values), ensure_ascii=False)
