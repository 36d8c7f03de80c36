"""`datapackage.json`: a Frictionless Data Package (v2) describing every file of a release.

Schemas come from the registry, so the package, the Parquet files and the data
dictionary cannot disagree.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.metadata.registry import get_table
from pipeline.metadata.schemas import frictionless_schema, resource_name
from pipeline.publish.derived import derived_schema
from pipeline.publish.readme import LICENCE_NAME, LICENCE_TITLE, LICENCE_URL, NAME

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"


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
        resource["encoding"] = "utf-8"
        resource["dialect"] = {"header": True, "delimiter": ","}
    return resource


def _sources(documents: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {
            "title": row.title,
            "path": f"datasets/sources/{row.source_file}",
            "document_id": row.document_id,
            "sha256": row.sha256,
            **({"publisher": row.publisher} if isinstance(row.publisher, str) else {}),
            **({"licence": row.licence} if isinstance(row.licence, str) else {}),
        }
        for row in documents.itertuples()
    ]


def datapackage(release_dir: Path, tables: list[str], version: str,
                documents: pd.DataFrame,
                derived: Mapping[str, pd.DataFrame] | None = None) -> dict[str, Any]:
    """The package for the Parquet and CSV files already written in `release_dir`; derived
    views (not in the contract) carry a schema read from their frame."""
    resources = []
    for table in tables:
        for fmt in ("csv", "parquet"):
            path = release_dir / fmt / f"{table}.{fmt}"
            resources.append(_resource(release_dir, path, table, fmt))
    for name, frame in (derived or {}).items():
        for fmt in ("csv", "parquet"):
            path = release_dir / fmt / f"{name}.{fmt}"
            resources.append(_resource(
                release_dir, path, name, fmt, derived_schema(frame),
                "Convenience view (not part of the data contract): one row per subject and "
                "indicator, one column per period; kpi_observations is the source of truth."))
    return {
        "$schema": PROFILE,
        "name": NAME,
        "title": "Youth justice open data",
        "description": "Budgets, performance indicators, demographics, workforce, caseloads "
        "and inspection findings extracted from UK youth justice plans and HM Inspectorate "
        "of Probation reports, each number traceable to its source line.",
        "version": version,
        "licenses": [{"name": LICENCE_NAME, "path": LICENCE_URL, "title": LICENCE_TITLE}],
        "sources": _sources(documents),
        "resources": resources,
    }
