"""The Dagster code location: assets, checks, jobs, sensor and schedule.

`build_definitions` takes the folders as arguments so the CLI and the tests
run this same graph against their own folders; `defs` is what `dagster dev`
loads through workspace.yaml.
"""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from pipeline.assets import documents, publish, reference, series, withheld
from pipeline.assets.checks import checks
from pipeline.assets.facts import fact_assets
from pipeline.automation import (
    BUILD_JOB,
    EXTRACT_JOB,
    UPDATE_JOB,
    build_schedule,
    build_sensor,
)
from pipeline.extract.cache import CACHE_DIR as DOCUMENT_CACHE_DIR
from pipeline.extract.joined import JOINED_CACHE_DIR
from pipeline.io_manager import DocumentPartitionIOManager
from pipeline.metadata.registry import TABLE_SPECS
from pipeline.resources import PROJECT_ROOT, GreatExpectations, ProjectPaths, ReleasePolicy
from pipeline.site.chart_cache import CACHE_DIR as CHART_CACHE_DIR
from pipeline.validate.cache import CACHE_DIR as VALIDATION_CACHE_DIR

IMPLEMENTED_FACT_TABLES: set[str] = set(documents.EXTRACTED_TABLES)


def default_storage_dir() -> Path:
    """Asset values live under DAGSTER_HOME (project-local by default)."""
    home = os.environ.get("DAGSTER_HOME") or str(PROJECT_ROOT / ".dagster_home")
    return Path(home) / "storage"


def all_assets() -> list[dg.AssetsDefinition]:
    return [
        documents.document_extracts,
        documents.catalogue,
        reference.reference_tables,
        withheld.withheld,
        *fact_assets(IMPLEMENTED_FACT_TABLES),
        series.kpi_series,
        publish.release,
        publish.table_files,
    ]


def build_definitions(
    sources_dir: Path | None = None,
    releases_dir: Path | None = None,
    storage_dir: Path | None = None,
    extract_dir: Path | None = None,
    expectations_dir: Path | None = None,
    max_document_seconds: float | None = None,
    max_withheld_share: float | None = None,
) -> dg.Definitions:
    """The whole graph with its folders; any folder (or the per-document time budget) left
    out takes the project default (and the release policy its default share of documents
    that may have tables withheld)."""
    paths = ProjectPaths()
    updates = {
        "sources_dir": sources_dir,
        "releases_dir": releases_dir,
        "extract_dir": extract_dir,
        "expectations_dir": expectations_dir,
    }
    storage = storage_dir or default_storage_dir()
    updates["cache_dir"] = storage / CHART_CACHE_DIR  # beside the asset values it draws
    updates["document_cache_dir"] = storage / DOCUMENT_CACHE_DIR
    updates["validation_cache_dir"] = storage / VALIDATION_CACHE_DIR
    updates["joined_cache_dir"] = storage / JOINED_CACHE_DIR
    paths = ProjectPaths(
        **{**paths.model_dump(), **{k: str(v) for k, v in updates.items() if v is not None}}
    )
    if max_document_seconds is not None:
        paths = ProjectPaths(**{**paths.model_dump(), "max_document_seconds": max_document_seconds})
    everything = dg.AssetSelection.all()
    build_job = dg.define_asset_job(
        BUILD_JOB,
        selection=everything - dg.AssetSelection.assets("table_files"),
        description="Ingest, parse, extract and validate every document, then publish a "
        "release.",
    )
    extract_job = dg.define_asset_job(
        EXTRACT_JOB,
        selection=everything - dg.AssetSelection.assets("release"),
        description="The same graph, writing plain table files instead of a release.",
    )
    update_job = dg.define_asset_job(
        UPDATE_JOB,
        selection=everything - dg.AssetSelection.assets("release", "table_files"),
        description="What the sources sensor runs: new or changed documents re-extracted, "
        "every table joined and checked; no release (the nightly build publishes).",
    )
    assets = all_assets()
    downstream = [
        key
        for asset in assets
        if asset.partitions_def is None
        for key in asset.keys
        if key.to_user_string() not in ("table_files", "release")
    ]
    return dg.Definitions(
        assets=assets,
        asset_checks=[
            # These assets run their checks in their own steps.
            *checks(list(TABLE_SPECS),
                    {*documents.CATALOGUE_OUTPUTS, series.KPI_SERIES.name,
                     withheld.WITHHELD.name,
                     *(spec.name for spec in reference.REFERENCE_SPECS)}),
        ],
        jobs=[build_job, extract_job, update_job],
        sensors=[build_sensor(update_job, downstream)],
        schedules=[build_schedule(build_job)],
        resources={
            "paths": paths,
            "gx": GreatExpectations(expectations_dir=paths.expectations_dir),
            "policy": ReleasePolicy() if max_withheld_share is None
            else ReleasePolicy(max_withheld_share=max_withheld_share),
            "io_manager": DocumentPartitionIOManager(base_dir=str(storage)),
        },
    )


defs = build_definitions()
