"""Datasette metadata for the release's SQLite file, rendered from the registry.

`datasette yjdata.sqlite -m datasette-metadata.json` then shows the release's title,
licence and source, a description (with its unit and allowed values) for every column,
facets on the enum columns, labels for foreign keys (each referenced table's
`label_column`) and full-text search over the label columns.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd

from pipeline.metadata.registry import STRING, TableSpec, get_table
from pipeline.publish.datapackage import DESCRIPTION, TITLE
from pipeline.publish.readme import LICENCE_NAME, LICENCE_TITLE, LICENCE_URL, NAME

METADATA_FILE = "datasette-metadata.json"
TEMPLATES = Path(__file__).resolve().parent / "templates"
_ENVIRONMENT = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                                  autoescape=False, undefined=jinja2.StrictUndefined,
                                  keep_trailing_newline=True)


@dataclass(frozen=True)
class _Column:
    name: str
    description: str


@dataclass(frozen=True)
class _Table:
    name: str
    description: str
    label_column: str | None
    fts_table: str | None
    facets: list[str]
    sortable: list[str]
    columns: list[_Column]


def _column_text(spec: TableSpec, name: str) -> str:
    column = spec.column(name)
    parts = [column.description]
    if column.unit:
        parts.append(f"Unit: {column.unit}.")
    if column.enum and column.type == STRING:
        parts.append("One of: " + ", ".join(column.enum) + ".")
    return " ".join(parts)


def _table(spec: TableSpec, columns: Iterable[str]) -> _Table:
    names = [str(c) for c in columns]
    return _Table(
        name=spec.name,
        description=spec.description,
        label_column=spec.label_column,
        fts_table=f"{spec.name}_fts" if spec.search_columns else None,
        facets=[c.name for c in spec.columns if c.enum and c.type == STRING],
        sortable=names,
        columns=[_Column(n, _column_text(spec, n) if n in spec.column_names else
                         f"The value for the period {n} (ISO 8601 interval).") for n in names],
    )


def datasette_metadata(specs: Iterable[tuple[TableSpec, Iterable[str]]], database: str,
                       title: str, description: str, licence: dict[str, str], source: str,
                       source_url: str | None = None) -> dict[str, Any]:
    """The metadata for `database` (the SQLite file's stem): each (spec, columns written)
    pair a table; the template renders it, and the result is parsed back so a template
    error can never publish a file Datasette cannot read."""
    text = _ENVIRONMENT.get_template(f"{METADATA_FILE}.j2").render(
        title=title, description=description, licence=licence, source=source,
        source_url=source_url, database=database,
        tables=[_table(spec, columns) for spec, columns in specs])
    return json.loads(text)


def release_metadata(frames: Mapping[str, pd.DataFrame]) -> dict[str, Any]:
    """The metadata of a release's SQLite file holding `frames` (tables and views)."""
    return datasette_metadata(
        [(get_table(name), frame.columns) for name, frame in frames.items()], NAME, TITLE,
        DESCRIPTION, {"name": LICENCE_NAME, "title": LICENCE_TITLE, "path": LICENCE_URL},
        "UK youth justice plans and HM Inspectorate of Probation reports: every document "
        "and its licence in the documents table")
