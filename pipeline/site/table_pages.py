"""One page per table: what it holds and its columns (from the registry), which services
and years it covers, and its first rows. The layout is `templates/table.html`; this
module gives it the data and the tables."""

from __future__ import annotations

import pandas as pd

from pipeline.metadata.registry import Column, TableSpec, get_table
from pipeline.publish.readme import YEAR_COLUMNS
from pipeline.site.components import rows_table, service_href
from pipeline.site.data import SiteData
from pipeline.site.html import (
    Html,
    data_table,
    element,
    format_number,
    humanise,
    inline_code,
    link,
    page,
)
from pipeline.site.templating import render

ROOT = "../"
PREVIEW_ROWS = 20


def table_page(site: SiteData, name: str) -> str:
    """The page, laid out by `templates/table.html`."""
    spec = get_table(name)
    frame = site.table(name)
    body = render(
        "table.html", name=name, root=ROOT, description=inline_code(spec.description),
        rows=format_number(len(frame)), role=humanise(spec.role).lower(),
        key=", ".join(spec.primary_key), notes=[inline_code(n) for n in spec.notes],
        columns=_columns(spec), coverage=_coverage(site, frame),
        preview=_preview(site, spec, frame))
    return page(f"Table {name}", Html(body), ROOT)


def column_values(column: Column) -> str:
    """The values a column may hold: its enum, its pattern or its range."""
    if column.enum:
        return ", ".join(column.enum)
    if column.pattern:
        return f"pattern {column.pattern}"
    bounds = [f"≥ {format_number(column.minimum)}" if column.minimum is not None else "",
              f"≤ {format_number(column.maximum)}" if column.maximum is not None else ""]
    return " and ".join(b for b in bounds if b)


def _columns(spec: TableSpec) -> Html:
    rows = [
        [element("code", c.name), c.type, c.unit or "", "yes" if not c.nullable else "no",
         column_values(c), inline_code(c.description)]
        for c in spec.columns
    ]
    return data_table(["Column", "Type", "Unit", "Required", "Values", "Description"],
                      rows, caption=f"Columns of {spec.name}, in file order",
                      prose=[False, False, False, False, True, True])


def coverage(site: SiteData, frame: pd.DataFrame) -> list[tuple[str, str, int, int]]:
    """(service, periods, documents, rows) for each service a table has rows from documents
    for (reference tables have none); rows without a service take their document's."""
    if frame.empty or "document_id" not in frame:
        return []
    docs = site.documents.set_index("document_id") if not site.documents.empty else None
    if "yot_id" not in frame:
        if docs is None:
            return []
        frame = frame.assign(yot_id=frame["document_id"].map(docs["yot_id"]))
    year_column = next((c for c in YEAR_COLUMNS if c in frame), None)
    # only the columns read: each group of the whole frame would copy every column
    frame = frame[["yot_id", "document_id", *([year_column] if year_column else [])]]
    result = []
    for yot, group in frame.groupby("yot_id", sort=True):
        years = group[year_column].dropna().astype(str) if year_column else pd.Series(dtype=str)
        if years.empty and docs is not None:
            years = group["document_id"].map(docs["period_label"]).dropna().astype(str)
        result.append((str(yot), ", ".join(sorted(set(years))), group["document_id"].nunique(),
                       len(group)))
    return result


def _coverage(site: SiteData, frame: pd.DataFrame) -> Html | None:
    covered = coverage(site, frame)
    if not covered:
        return None
    rows = [
        [link(service_href(ROOT, yot), site.service_name(yot)) if yot in site.services
         else yot, periods, format_number(docs), format_number(n)]
        for yot, periods, docs, n in covered
    ]
    return data_table(["Service", "Years or periods", "Documents", "Rows"], rows,
                      caption="Rows by service, with the periods they cover",
                      numeric=[False, False, True, True])


def _preview(site: SiteData, spec: TableSpec, frame: pd.DataFrame) -> Html | None:
    if frame.empty:
        return None
    shown = min(PREVIEW_ROWS, len(frame))
    return rows_table(spec, frame.head(shown), site, ROOT,
                      caption=f"The first {shown} of {format_number(len(frame))} rows")
