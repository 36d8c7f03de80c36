"""One page per table: what it holds and its columns (from the registry), which services
and years it covers, and its first rows."""

from __future__ import annotations

import pandas as pd

from pipeline.metadata.registry import Column, TableSpec, get_table
from pipeline.publish.readme import YEAR_COLUMNS
from pipeline.site.components import download_href, rows_table, service_href
from pipeline.site.data import SiteData
from pipeline.site.html import (
    Html,
    data_table,
    element,
    format_number,
    fragment,
    humanise,
    inline_code,
    link,
    page,
)

ROOT = "../"
PREVIEW_ROWS = 20


def table_page(site: SiteData, name: str) -> str:
    spec = get_table(name)
    frame = site.table(name)
    body = fragment(
        element("h1", "Table ", element("code", name)),
        element("p", inline_code(spec.description), class_="lead"),
        _facts(spec, frame),
        _columns(spec),
        _coverage(site, frame),
        _preview(site, spec, frame),
    )
    return page(f"Table {name}", body, ROOT)


def _facts(spec: TableSpec, frame: pd.DataFrame) -> Html:
    key = ", ".join(spec.primary_key)
    return fragment(
        element("ul", [
            element("li", f"{format_number(len(frame))} rows; {humanise(spec.role).lower()} "
                    "table."),
            element("li", "One row per ", element("code", key), "."),
            [element("li", inline_code(note)) for note in spec.notes],
        ]),
        element("p", "Download: ",
                link(download_href(ROOT, f"csv/{spec.name}.csv"), f"{spec.name}.csv"), " · ",
                link(download_href(ROOT, f"parquet/{spec.name}.parquet"),
                     f"{spec.name}.parquet"), " · or every table in ",
                link(download_href(ROOT, "yjdata.sqlite"), "yjdata.sqlite")),
    )


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
    return element("section", element("h2", "Columns"),
                   data_table(["Column", "Type", "Unit", "Required", "Values", "Description"],
                              rows, caption=f"Columns of {spec.name}, in file order",
                              prose=[False, False, False, False, True, True]))


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
    result = []
    for yot, group in frame.groupby("yot_id", sort=True):
        years = group[year_column].dropna().astype(str) if year_column else pd.Series(dtype=str)
        if years.empty and docs is not None:
            years = group["document_id"].map(docs["period_label"]).dropna().astype(str)
        result.append((str(yot), ", ".join(sorted(set(years))), group["document_id"].nunique(),
                       len(group)))
    return result


def _coverage(site: SiteData, frame: pd.DataFrame) -> Html:
    covered = coverage(site, frame)
    heading = element("h2", "Coverage by service and year")
    if not covered:
        return element("section", heading, element(
            "p", "This table is not tied to a service or a year."))
    rows = [
        [link(service_href(ROOT, yot), site.service_name(yot)) if yot in site.services
         else yot, periods, format_number(docs), format_number(n)]
        for yot, periods, docs, n in covered
    ]
    return element("section", heading, data_table(
        ["Service", "Years or periods", "Documents", "Rows"], rows,
        caption="Rows by service, with the periods they cover",
        numeric=[False, False, True, True]))


def _preview(site: SiteData, spec: TableSpec, frame: pd.DataFrame) -> Html:
    heading = element("h2", "First rows")
    if frame.empty:
        return element("section", heading, element("p", "This release has no rows here."))
    shown = min(PREVIEW_ROWS, len(frame))
    return element("section", heading, rows_table(
        spec, frame.head(shown), site, ROOT,
        caption=f"The first {shown} of {format_number(len(frame))} rows"))
