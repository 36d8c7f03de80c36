"""What every page needs from a release: its tables, services, documents and source lines.

Built once per site from the in-memory tables, the report and the source folder, so
the page modules only lay content out and never look anything up twice.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pipeline.ingest.sources import IngestedDocument, SourceFile, ingest_file
from pipeline.metadata.registry import FACT_TABLES
from pipeline.site.chart_cache import ChartCache
from pipeline.site.html import humanise, is_missing
from pipeline.site.rows import Row, column_lists, records_of, rows_at

PROVENANCE_COLUMNS = ("document_id", "yot_id", "source_line", "source_table")
_CALVER = re.compile(r"^(\d{4})\.(\d{2})\.(\d{2})(?:\.\d+)?$")


@dataclass
class SiteData:
    """A release as the pages see it."""

    tables: Mapping[str, pd.DataFrame]
    report: dict[str, Any]
    version: str
    sources_dir: Path | None
    charts: ChartCache = field(default_factory=lambda: ChartCache(None), repr=False)
    _lines: dict[str, list[str] | None] = field(default_factory=dict, repr=False)
    _positions: dict[tuple[str, str], dict] = field(default_factory=dict, repr=False)
    _issue_index: dict[str, dict] = field(default_factory=dict, repr=False)
    _memo: dict[tuple, Any] = field(default_factory=dict, repr=False)

    def memo(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """`compute()` once per site for `key`: what many pages ask of the same tables."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def forget(self, kind: str) -> None:
        """Drop what `memo` keeps under keys starting with `kind`, once the pages that
        ask for it are written: a national table's column lists are a few hundred MB that
        the pages after them would otherwise hold to the end of the site."""
        for key in [key for key in self._memo if key[0] == kind]:
            del self._memo[key]

    def table(self, name: str) -> pd.DataFrame:
        """A table of the release, or an empty frame when the release lacks it."""
        frame = self.tables.get(name)
        return frame if frame is not None else pd.DataFrame()

    @cached_property
    def documents(self) -> pd.DataFrame:
        return self.table("documents")

    @cached_property
    def document_order(self) -> list[str]:
        """Document ids from the oldest period to the newest (ties by id)."""
        docs = self.documents
        if docs.empty:
            return []
        when = docs.apply(_document_date, axis=1)
        ordered = sorted(zip(when, docs["document_id"], strict=True))
        return [doc for _, doc in ordered]

    @cached_property
    def document_rows(self) -> dict[str, dict[str, Any]]:
        return {row["document_id"]: row for row in self.documents.to_dict("records")}

    @cached_property
    def fact_tables(self) -> dict[str, pd.DataFrame]:
        """The fact tables present in the release, in registry order."""
        return {name: self.tables[name] for name in FACT_TABLES if name in self.tables}

    @cached_property
    def services(self) -> list[str]:
        """Every service with a document or fact rows, sorted by its name."""
        ids = set(self.documents.get("yot_id", pd.Series(dtype=str)).dropna())
        for frame in self.fact_tables.values():
            ids |= set(frame["yot_id"].dropna())
        return sorted(ids, key=lambda yot: (self.service_name(yot).lower(), yot))

    @cached_property
    def _yot_rows(self) -> dict[str, dict[str, Any]]:
        yots = self.table("yots")
        return {row["yot_id"]: row for row in yots.to_dict("records")} if not yots.empty else {}

    def service_name(self, yot_id: str) -> str:
        row = self._yot_rows.get(yot_id)
        return str(row["name"]) if row else yot_id

    @cached_property
    def _indicator_labels(self) -> dict[str, str]:
        indicators = self.table("indicators")
        return (dict(zip(indicators["indicator"], indicators["label"], strict=True))
                if not indicators.empty else {})

    def indicator_label(self, indicator: str) -> str:
        """The indicator's label from the reference table, else its slug as words."""
        return str(self._indicator_labels.get(indicator) or humanise(indicator))

    def service_row(self, yot_id: str) -> dict[str, Any] | None:
        return self._yot_rows.get(yot_id)

    def document_title(self, document_id: str) -> str:
        row = self.document_rows.get(document_id)
        return str(row["title"]) if row else document_id

    def documents_of(self, yot_id: str) -> list[str]:
        """The service's documents, oldest period first."""
        return list(self._documents_by_service.get(yot_id, []))

    @cached_property
    def _documents_by_service(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for document_id in self.document_order:
            found.setdefault(self.document_rows[document_id]["yot_id"], []).append(document_id)
        return found

    def rows_for_document(self, name: str, document_id: str) -> pd.DataFrame:
        return self._rows_where(name, "document_id", document_id)

    def rows_where(self, name: str, column: str, value: str) -> pd.DataFrame:
        """A table's rows with `column == value` (see `_rows_where`)."""
        return self._rows_where(name, column, value)

    def _rows_where(self, name: str, column: str, value: str) -> pd.DataFrame:
        """A table's rows with `column == value`, from an index built once per table and
        column: every page filters by service or document, and filtering the whole table
        for each of thousands of pages grew as documents squared."""
        frame = self.table(name)
        positions = self._positions_where(name, column, value)
        return frame.iloc[positions] if positions is not None else frame.iloc[0:0]

    def _positions_where(self, name: str, column: str, value: object
                         ) -> np.ndarray | slice | None:
        """Where a table's rows with `column == value` are: a slice where they lie
        together, else their positions; None for none."""
        frame = self.table(name)
        if frame.empty or column not in frame:
            return None
        key = (name, column)
        if key not in self._positions:
            self._positions[key] = _as_ranges(frame.groupby(column, sort=False).indices)
        return self._positions[key].get(value)

    def records(self, name: str) -> list[Row]:
        """A table's rows as dicts (missing values None), made once per table: pages loop
        over a few rows many times, where a pandas selection per call cost more than the
        rows. The list and its dicts are shared: never change them."""
        return self.memo(("records", name), lambda: records_of(self.table(name)))

    def records_where(self, name: str, column: str, value: object) -> list[Row]:
        """A table's rows with `column == value` as dicts (see `records`), in table order,
        made on each call from the table's column lists (made once) at the rows'
        positions (indexed once per table and column): a page asks once, and keeping
        every fact table's rows as dicts for the whole build took more memory than the
        tables."""
        positions = self._positions_where(name, column, value)
        if positions is None:
            return []
        if isinstance(positions, slice):
            positions = range(positions.start, positions.stop)
        return rows_at(self.memo(("columns", name), lambda: column_lists(self.table(name))),
                       positions)

    def values_where(self, name: str, column: str, value: object, field_name: str) -> list:
        """One column (`field_name`) of a table's rows with `column == value`, from a
        grouping made once per table and columns."""
        groups = self.memo(("values_where", name, column, field_name),
                           lambda: _values_by(self.table(name), column, field_name))
        return groups.get(value, [])

    def count_where(self, name: str, column: str, value: object) -> int:
        """How many rows of a table have `column == value`, from counts made once per
        table and column (counting per page grew as documents squared)."""
        counts = self.memo(("counts", name, column), lambda: _value_counts(self.table(name),
                                                                          column))
        return counts.get(value, 0)

    def count_for_source_table(self, name: str, source_table: str) -> int:
        """How many rows of table `name` come from `source_table`."""
        return self.count_where(name, "source_table", source_table)

    def issues(self) -> list[dict[str, Any]]:
        return list(self.report.get("issues", []))

    def issues_where(self, field_name: str, value: object) -> list[dict[str, Any]]:
        """The report's issues whose `field_name` is `value` (indexed once per field)."""
        if field_name not in self._issue_index:
            index: dict[object, list[dict[str, Any]]] = {}
            for issue in self.issues():
                index.setdefault(issue.get(field_name), []).append(issue)
            self._issue_index[field_name] = index
        return list(self._issue_index[field_name].get(value, []))

    def source_lines(self, document_id: str) -> list[str] | None:
        """The document's lines as ingested (numbered like `source_line`), or None when the
        file is missing or no longer the one the release was built from. Only the last
        document read is kept: pages ask for one document's lines at a time, and keeping
        every document's text would hold the whole corpus in memory to the end."""
        if document_id not in self._lines:
            self._lines.clear()
            self._lines[document_id] = self._read_lines(document_id)
        return self._lines[document_id]

    def _read_lines(self, document_id: str) -> list[str] | None:
        row = self.document_rows.get(document_id)
        if row is None or self.sources_dir is None:
            return None
        path = self.sources_dir / str(row["source_file"])
        ingested = ingest_file(SourceFile(path, document_id)) if path.is_file() else None
        if not isinstance(ingested, IngestedDocument) or ingested.sha256 != row["sha256"]:
            return None
        return ingested.lines

    @cached_property
    def release_date(self) -> dt.date | None:
        """The date in a CalVer version (`YYYY.MM.DD[.N]`), so pages carry no build clock."""
        match = _CALVER.match(self.version)
        if not match:
            return None
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            return None


def _values_by(frame: pd.DataFrame, column: str, field_name: str) -> dict[Any, list]:
    """`field_name`'s values grouped by `column`'s (rows missing the key in none)."""
    if frame.empty or column not in frame:
        return {}
    groups: dict[Any, list] = {}
    for key, value in zip(frame[column].tolist(), frame[field_name].tolist(), strict=True):
        if not is_missing(key):
            groups.setdefault(key, []).append(value)
    return groups


def _value_counts(frame: pd.DataFrame, column: str) -> dict[Any, int]:
    """Rows per value of a column (missing values not counted); none for a table
    without it."""
    if frame.empty or column not in frame:
        return {}
    return {value: int(n) for value, n in frame[column].value_counts().items()}


def _as_ranges(groups: dict[Any, np.ndarray]) -> dict[Any, np.ndarray | slice]:
    """Each group's row positions, as a slice where they are consecutive (rows arrive a
    document at a time): slicing a frame is a view, taking positions copies every column."""
    return {value: slice(int(p[0]), int(p[-1]) + 1) if len(p) and p[-1] - p[0] == len(p) - 1
            else p for value, p in groups.items()}


def _document_date(row: pd.Series) -> str:
    for column in ("period_start", "published", "period_end"):
        value = row.get(column)
        if value is not None and not is_missing(value):
            return str(value)
    return ""
