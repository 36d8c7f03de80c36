"""The release README: data dictionary (from the registry), coverage, citation, licence
and the run's known issues."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import pandas as pd

from pipeline.metadata.registry import VIEW_SPECS, TableSpec, foreign_keys, get_table

MAX_LISTED_ISSUES = 50
NAME = "yjdata"
LICENCE_NAME = "OGL-UK-3.0"
LICENCE_TITLE = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
YEAR_COLUMNS = ("financial_year", "period_label", "as_of_label")


def release_readme(
    tables: Mapping[str, pd.DataFrame], report: dict[str, Any], version: str,
    documents: pd.DataFrame,
) -> str:
    """Markdown for the release's README.md."""
    lines = [
        f"# Youth justice open data, release {version}",
        "",
        "Tables extracted from the Youth Justice Plans of youth offending services in England "
        "and Wales and from HM Inspectorate of Probation inspection reports. Every fact row "
        "carries `document_id`, `source_line` and `source_table`: the number appears on that "
        "line of the source document as ingested (see `documents` for each document's file "
        "and SHA-256).",
        "",
        *_files_section(),
        *_tables_section(tables),
        *_coverage_section(tables, documents),
        *_citation_section(version),
        *_report_section(report),
        *_dictionary_section(tables),
    ]
    return "\n".join(lines) + "\n"


def _files_section() -> list[str]:
    return [
        "## Files",
        "",
        "| path | what |",
        "|---|---|",
        "| `parquet/<table>.parquet` | every table, typed (Apache Parquet): the download "
        "for analysis (pandas, R arrow, DuckDB read it directly) |",
        "| `parquet/kpi_observations_wide.parquet`, `csv/kpi_observations_wide.csv.gz` | "
        "convenience view of `kpi_series`: one row per subject, indicator and breakdown, one "
        "column per dated period (ISO 8601 interval); also in the SQLite file |",
        "| `csv/<table>.csv.gz` | the same tables as UTF-8 CSV, gzip-compressed (`gunzip` it, "
        "or read it as it is: `pandas.read_csv`, R `read.csv`, DuckDB and Frictionless all "
        "read `.csv.gz`): header row, ISO 8601 dates, empty "
        "cells for nulls, list columns as JSON arrays. Text cells that begin with `=`, `+`, `-`, "
        "`@`, a tab or a carriage return are prefixed with `'` so that spreadsheets do not run "
        "them as formulas (the Parquet files keep the text as printed). |",
        "| `site/index.html` | web pages: every table, service and document, with charts; "
        "each number links to its source line (`yjdata serve` shows them locally) |",
        f"| `{NAME}.sqlite.gz` | every table in one SQLite database, gzip-compressed: "
        f"`gunzip -k {NAME}.sqlite.gz` gives `{NAME}.sqlite`, with primary and foreign "
        "keys, indexes and full-text search over the label columns |",
        "| `datasette-metadata.json` | titles, licence, descriptions, facets and labels for "
        f"Datasette: `datasette {NAME}.sqlite -m datasette-metadata.json` (after `gunzip`) |",
        "| `datapackage.json` | Frictionless Data Package: every file with its size, SHA-256 "
        "and schema; the source documents with their hashes |",
        "| `release.json` | version, digests of the inputs and the data, row counts |",
        "| `report.json` | every issue the run raised and every validation check |",
        "| `validation/` | Great Expectations Data Docs (`validation/site/index.html`) and "
        "`validation/summary.json` |",
        "| `CHANGELOG.md` | what changed since the previous release |",
        "| `SHA256SUMS` | checksums of every file (`sha256sum -c SHA256SUMS`) |",
        f"| `{NAME}-<version>.zip` | the whole release in one file |",
        "",
    ]


def _tables_section(tables: Mapping[str, pd.DataFrame]) -> list[str]:
    lines = ["## Tables", "", "| table | rows | description |", "|---|---:|---|"]
    for name, frame in tables.items():
        lines.append(f"| [`{name}`](#{name}) | {len(frame)} | {get_table(name).description} |")
    return [*lines, ""]


def coverage(frame: pd.DataFrame, documents: pd.DataFrame) -> list[tuple[str, str]]:
    """(service, periods) pairs a fact table holds rows for."""
    if frame.empty or "yot_id" not in frame or "document_id" not in frame:
        return []
    year_column = next((c for c in YEAR_COLUMNS if c in frame), None)
    periods = frame.groupby("yot_id")[year_column].apply(
        lambda s: ", ".join(sorted({str(v) for v in s.dropna()}))
    ) if year_column else None
    docs = documents.set_index("document_id")["period_label"].to_dict()
    result = []
    for yot_id, group in frame.groupby("yot_id"):
        printed = periods[yot_id] if periods is not None else ""
        if not printed:
            printed = ", ".join(sorted({str(docs.get(d)) for d in group["document_id"]}))
        result.append((str(yot_id), printed))
    return result


def _coverage_section(tables: Mapping[str, pd.DataFrame], documents: pd.DataFrame) -> list[str]:
    lines = ["## Coverage", "", "Services and periods each table holds rows for.", ""]
    for name, frame in tables.items():
        covered = coverage(frame, documents)
        if not covered:
            continue
        lines += [f"- **{name}**: " + "; ".join(f"{_inline(yot)} ({_inline(years)})"
                                               for yot, years in covered)]
    return [*lines, ""]


def _citation_section(version: str) -> list[str]:
    return [
        "## How to cite",
        "",
        f"> yjdata contributors ({version[:4]}). *Youth justice open data*, release {version}. "
        "Derived from youth justice plans and HM Inspectorate of Probation reports; see "
        "`documents` for every source.",
        "",
        "The software: see `CITATION.cff` in the project.",
        "",
        "## Licence",
        "",
        "Which licence applies to what:",
        "",
        f"- **The tables as compiled by the project** (their structure, ids, normalised "
        f"periods, resolved subjects, `kpi_series` and other derived values): the "
        f"[{LICENCE_TITLE}]({LICENCE_URL}).",
        "- **The source documents, and text or figures quoted from them** (the cells of "
        "`tables`, every `*_label` printed as in the document): each document's own terms, "
        "in `documents.licence` and `datapackage.json` `sources[].licence`. Where that is "
        "empty the document states no licence and none is implied: re-use of its text is "
        "at your own judgement (UK copyright law). HM Inspectorate of Probation reports "
        "state © Crown copyright under the Open Government Licence v3.0.",
        "- **The code** that built this release (the `yjdata` project): the MIT licence "
        "(`LICENSE` in the project).",
        "",
        "Where each document was published online, when someone has recorded it, is in "
        "`documents.source_url`.",
        "",
    ]


def _report_section(report: dict[str, Any]) -> list[str]:
    summary = report["summary"]
    counts = summary["issues"]
    lines = [
        "## Known issues from this run",
        "",
        f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} notes; "
        f"{summary['checks']} validation checks, {summary['checks_failed']} failed. "
        "Every one is listed in `report.json`.",
        "",
    ]
    notable = [i for i in report["issues"] if i["severity"] != "info"]
    for issue in notable[:MAX_LISTED_ISSUES]:
        where = ":".join(
            str(issue[k]) for k in ("document_id", "source_table", "source_line")
            if issue[k] is not None
        )
        lines.append(f"- **{issue['code']}** {_inline(where) + ': ' if where else ''}"
                     f"{_inline(issue['message'])}")
    if len(notable) > MAX_LISTED_ISSUES:
        lines.append(f"- … and {len(notable) - MAX_LISTED_ISSUES} more in `report.json`")
    return [*lines, ""]


def _inline(text: object) -> str:
    """Text from the documents or the manifest as inert Markdown: HTML shown, not run,
    and on one line."""
    escaped = html.escape(str(text), quote=False)
    for mark in "\\`[]":  # no code spans, links or images either
        escaped = escaped.replace(mark, "\\" + mark)
    return " ".join(escaped.split())


def _dictionary_section(tables: Mapping[str, pd.DataFrame]) -> list[str]:
    lines = ["## Data dictionary", ""]
    for name in tables:
        lines += _table_dictionary(get_table(name))
    for spec in VIEW_SPECS:
        lines += _table_dictionary(spec)
    return lines


def _table_dictionary(spec: TableSpec) -> list[str]:
    lines = [
        f"### `{spec.name}`",
        "",
        spec.description,
        "",
        f"Primary key: {', '.join(f'`{k}`' for k in spec.database_key)}"
        + (f" (natural key, unique: {', '.join(f'`{k}`' for k in spec.primary_key)})"
           if spec.database_key != spec.primary_key else "") + ".",
        *([f"Foreign keys: {', '.join(f'`{fk.column}` -> `{fk.table}`' for fk in keys)}."]
          if (keys := foreign_keys(spec)) else []),
        *(f"Note: {note}" for note in spec.notes),
        "",
        "| column | type | unit | required | values | description |",
        "|---|---|---|---|---|---|",
    ]
    for c in spec.columns:
        values = ", ".join(f"`{v}`" for v in c.enum) if c.enum else (
            f"pattern `{c.pattern}`" if c.pattern else "")
        lines.append(
            f"| `{c.name}` | {c.type} | {c.unit or ''} | {'yes' if not c.nullable else ''} | "
            f"{values.replace('|', '&#124;')} | {c.description} |"
        )
    return [*lines, ""]
