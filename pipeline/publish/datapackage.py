"""`datapackage.json`: a Frictionless Data Package (v2) describing every file of a release.

Schemas come from the registry, so the package, the Parquet files and the data
dictionary cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.metadata.registry import get_table
from pipeline.metadata.schemas import frictionless_schema, resource_name
from pipeline.publish.compress import GZIP_SUFFIX, csv_name
from pipeline.publish.derived import derived_schema
from pipeline.publish.readme import LICENCE_NAME, LICENCE_TITLE, LICENCE_URL, NAME

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
TITLE = "Youth justice open data"
DESCRIPTION = ("Budgets, performance indicators, demographics, workforce, caseloads and "
               "inspection findings extracted from UK youth justice plans and HM Inspectorate "
               "of Probation reports, each number traceable to its source line.")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _resource(release_dir: Path, path: Path, table: str, fmt: str,
              schema: dict[str, Any] | None = None,
              description: str | None = None) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "name": resource_name(table) if fmt == "csv" else f"{table}-{fmt}",
        # Frictionless cannot read Parquet list columns, so a Parquet file is a `file`
        # resource (size and hash verified) that still documents its schema; the CSV of
        # the same table is the `table` resource validated cell by cell.
        "type": "table" if fmt == "csv" else "file",
        "path": path.relative_to(release_dir).as_posix(),
        "format": fmt,
        "mediatype": "text/csv" if fmt == "csv" else "application/vnd.apache.parquet",
        "bytes": path.stat().st_size,
        "hash": f"sha256:{sha256_of(path)}",
        "title": table,
        "description": description or get_table(table).description,
        "schema": schema or frictionless_schema(get_table(table)),
    }
    if fmt == "csv":
        if path.suffix == GZIP_SUFFIX:
            resource["compression"] = "gz"  # bytes and hash are the compressed file's
        resource["encoding"] = "utf-8"
        resource["dialect"] = {"header": True, "delimiter": ","}
    return resource


def _sources(documents: pd.DataFrame) -> list[dict[str, Any]]:
    """Each source document with its own terms: `licence` null when it states none (no
    licence is implied then), `source_url` null when no one has recorded it."""
    return [
        {
            "title": row.title,
            "path": f"datasets/sources/{row.source_file}",
            "document_id": row.document_id,
            "sha256": row.sha256,
            **({"publisher": row.publisher} if isinstance(row.publisher, str) else {}),
            "licence": row.licence if isinstance(row.licence, str) else None,
            "source_url": getattr(row, "source_url", None)
            if isinstance(getattr(row, "source_url", None), str) else None,
        }
        for row in documents.itertuples()
    ]


def _file(release_dir: Path, table: str, fmt: str) -> Path:
    """A table's file in the release: `parquet/<table>.parquet`, `csv/<table>.csv.gz`."""
    return release_dir / fmt / (csv_name(table) if fmt == "csv" else f"{table}.{fmt}")


KEYWORDS = ("youth justice", "youth offending", "England", "Wales", "performance indicators",
            "budgets", "inspections", "open data")
# The package licence covers the project's compilation, not the documents' own text.
LICENCE_SCOPE = ("the tables as compiled by the project (their structure, ids, periods, "
                 "resolved subjects and derived values); text and figures quoted from a source "
                 "document keep that document's own terms (sources[].licence, "
                 "documents.licence: null where the document states none)")


def _homepage() -> str | None:
    """The project's home page as its package metadata gives it (`[project.urls]`); none
    is invented when it gives none."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = metadata(NAME).get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    found = dict(u.split(", ", 1) for u in urls if ", " in u)
    return found.get("Homepage") or found.get("Repository")


def datapackage(release_dir: Path, tables: list[str], version: str,
                documents: pd.DataFrame,
                derived: Mapping[str, pd.DataFrame] | None = None) -> dict[str, Any]:
    """The package for the Parquet and CSV files already written in `release_dir`; derived
    views (not in the contract) carry a schema read from their frame."""
    resources = []
    for table in tables:
        for fmt in ("csv", "parquet"):
            resources.append(_resource(release_dir, _file(release_dir, table, fmt), table, fmt))
    for name, frame in (derived or {}).items():
        for fmt in ("csv", "parquet"):
            resources.append(_resource(release_dir, _file(release_dir, name, fmt), name, fmt,
                                       derived_schema(frame, name)))
    return {
        "$schema": PROFILE,
        "name": NAME,
        "title": TITLE,
        "description": DESCRIPTION,
        "version": version,
        **({"homepage": homepage} if (homepage := _homepage()) else {}),
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "keywords": list(KEYWORDS),
        "contributors": [{"title": "yjdata contributors", "roles": ["creator"]}],
        "licenses": [{"name": LICENCE_NAME, "path": LICENCE_URL,
                      "title": f"{LICENCE_TITLE}, for {LICENCE_SCOPE}"}],
        "sources": _sources(documents),
        "resources": resources,
    }
