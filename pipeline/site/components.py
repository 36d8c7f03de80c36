"""Pieces several pages share: links between pages, cells linked to their source line,
tables of rows described by the registry, and figures with their text alternative."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import pandas as pd

from pipeline.metadata.registry import FLOAT64, INT32, INT64, TableSpec, get_table
from pipeline.site.charts import Chart
from pipeline.site.data import PROVENANCE_COLUMNS, SiteData
from pipeline.site.html import (
    Html,
    data_table,
    element,
    escape,
    format_value,
    fragment,
    humanise,
    is_missing,
    link,
)
from pipeline.site.rows import Rows, as_rows, columns_of

NUMERIC_TYPES = (INT32, INT64, FLOAT64)
SERVICE_ID_COLUMNS = ("yot_id", "subject_id", "inspected_yot_id")


def document_href(root: str, document_id: str) -> str:
    return f"{root}documents/{document_id}.html"


def source_href(root: str, document_id: str, line: int) -> str:
    """Where a number was read: its line in the document page's source text."""
    return f"{document_href(root, document_id)}#L{int(line)}"


def service_href(root: str, yot_id: str) -> str:
    return f"{root}services/{yot_id}.html"


def table_href(root: str, name: str) -> str:
    return f"{root}tables/{name}.html"


def indicator_href(root: str, indicator: str, yot_id: str | None = None) -> str:
    """An indicator's page comparing every service; `yot_id` highlights one."""
    return f"{root}indicators/{indicator}.html" + (f"#{yot_id}" if yot_id else "")


def download_href(root: str, path: str) -> str:
    """A file of the release folder, which holds `site/`."""
    return f"{root}../{path}"


def chart_href(root: str, file_name: str) -> str:
    return f"{root}assets/charts/{file_name}"


def has_source(row: dict[str, Any]) -> bool:
    return not is_missing(row.get("document_id")) and not is_missing(row.get("source_line"))


def cell(spec: TableSpec, column: str, row: dict[str, Any], site: SiteData, root: str,
         titled: bool = True) -> Html:
    """One value, linked where it leads somewhere: a number to its source line, an id to
    its document or service page (named by its title or name, not its slug); an enum
    value or indicator as a label ("Other delegated funds", not `other_delegated_funds`)."""
    value = row.get(column)
    text = format_value(value)
    if not text:
        return Html("")
    if column == "document_id" and value in site.document_rows:
        return link(document_href(root, value), site.document_title(value))
    if column in SERVICE_ID_COLUMNS and value in site.services:
        return link(service_href(root, value), site.service_name(value))
    if column == "indicator":
        return Html(escape(site.indicator_label(value)))
    if column in enum_columns(spec):
        return Html(escape(humanise(text)))
    numeric = column in numeric_columns(spec)
    if (numeric or column == "source_line") and has_source(row) and (
            row["document_id"] in site.document_rows):
        return link(source_href(root, row["document_id"], row["source_line"]), text,
                    title=f"line {int(row['source_line'])} of {row['document_id']}"
                    if titled else None)
    return Html(escape(text))


def numeric_columns(spec: TableSpec) -> frozenset[str]:
    """The spec's number columns (looked up once per table, not once per cell)."""
    return _numeric_columns(spec.name)


@cache
def _numeric_columns(name: str) -> frozenset[str]:
    return frozenset(c.name for c in get_table(name).columns if c.type in NUMERIC_TYPES)


def enum_columns(spec: TableSpec) -> frozenset[str]:
    """The spec's columns whose values are enum slugs (shown as labels)."""
    return _enum_columns(spec.name)


@cache
def _enum_columns(name: str) -> frozenset[str]:
    return frozenset(c.name for c in get_table(name).columns if c.enum)


def column_header(spec: TableSpec, column: str) -> Html:
    """A column's name as words (its published name on hover), with its unit."""
    unit = spec.column(column).unit if column in spec.column_names else None
    return fragment(element("span", humanise(column), title=column),
                    f" ({unit})" if unit else "")


def rows_table(spec: TableSpec, rows: pd.DataFrame | Rows, site: SiteData, root: str,
               caption: Any, columns: Sequence[str] | None = None,
               with_source: bool = False) -> Html:
    """Rows of a registry table (a frame or dicts), numbers linked to their source lines;
    `with_source` adds a column naming the document and line (for pages that hide the
    provenance columns)."""
    present = columns_of(rows)
    shown = list(columns or [c for c in spec.column_names if c in present])
    headers: list[Any] = [column_header(spec, c) for c in shown]
    numeric = [c in spec.column_names and spec.column(c).type in NUMERIC_TYPES for c in shown]
    if with_source:
        headers.append("Source")
        numeric.append(False)
    body = []
    for row in as_rows(rows):
        # with a Source column naming the line, a title on every number only repeats it
        cells: list[Any] = [cell(spec, c, row, site, root, titled=not with_source)
                            for c in shown]
        if with_source:
            cells.append(source_cell(row, site, root))
        body.append(cells)
    return data_table(headers, body, caption=caption, numeric=numeric)


def source_cell(row: dict[str, Any], site: SiteData, root: str) -> Html:
    if not has_source(row) or row["document_id"] not in site.document_rows:
        return Html("")
    line = int(row["source_line"])
    return link(source_href(root, row["document_id"], line), f"line {line}",
                title=site.document_title(row["document_id"]), class_="src")


# On a page, rows are told apart by what they say and where they were printed; the
# database key is for the CSV, SQLite and Parquet files.
PAGE_HIDDEN_COLUMNS = (*PROVENANCE_COLUMNS, "row_id")


def fact_columns(spec: TableSpec, rows: Rows) -> list[str]:
    """The columns that say what a fact is (provenance is shown as one Source column),
    without those empty in every row shown (a column of blanks only makes a page longer)."""
    present = columns_of(rows)
    return [c for c in spec.column_names if c in present and c not in PAGE_HIDDEN_COLUMNS
            and any(format_value(row[c]) != "" for row in rows)]  # stops at the first


def figure(chart: Chart, src: str, size: tuple[int, int], caption: Any = None) -> Html:
    """A chart image with its title and text alternative as the figure's caption."""
    width, height = size
    return element(
        "figure",
        element("div", link(src, element("img", src=src, alt=chart.alt, width=str(width),
                                         height=str(height), class_="chart"),
                            title="Open the chart full size"), class_="chart-scroll"),
        element("figcaption", element("strong", chart.title), " ", caption or ""),
        class_="chart-figure",
    )


def details(summary: Any, *content: Any, open_: bool = False) -> Html:
    return element("details", element("summary", summary), *content, open=open_)

