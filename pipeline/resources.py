"""Dagster resources: where the pipeline reads and writes, and the run's GX context.

Tests and the CLI build `Definitions` with these pointed at their own folders;
nothing else in the pipeline knows a path.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import dagster as dg
from pydantic import PrivateAttr

from pipeline.budget import DEFAULT_DOCUMENT_SECONDS
from pipeline.ingest.sources import DEFAULT_MAX_BYTES
from pipeline.validate.docs import checked_results
from pipeline.validate.gx_runner import TableValidator
from pipeline.validate.withhold import DEFAULT_MAX_WITHHELD_SHARE

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ProjectPaths(dg.ConfigurableResource):
    """The folders a run reads from and publishes to."""

    sources_dir: str = str(PROJECT_ROOT / "datasets" / "sources")
    releases_dir: str = str(PROJECT_ROOT / "datasets" / "releases")
    expectations_dir: str = str(PROJECT_ROOT / "expectations")
    extract_dir: str | None = None
    # Charts drawn for the UI, kept between runs (see pipeline.site.chart_cache).
    cache_dir: str | None = None
    # Each document's result, reused while its file and the reading code are unchanged
    # (see pipeline.extract.cache); None: nothing kept between runs.
    document_cache_dir: str | None = None
    # Validation results (per-document verdicts, suite results), reused while the data
    # and the validation code are unchanged (see pipeline.validate.cache); None: not kept.
    validation_cache_dir: str | None = None
    # The catalogue's joined tables, patched where partitions changed (see
    # pipeline.extract.joined); None: every table joined afresh.
    joined_cache_dir: str | None = None
    max_source_bytes: int = DEFAULT_MAX_BYTES
    # A document still being processed after this many seconds is rejected (0: no limit).
    max_document_seconds: float = DEFAULT_DOCUMENT_SECONDS
    # Processes that extract a run's documents side by side (`pipeline.extract.pool`);
    # None: one per CPU. 1: every document in the run's own process.
    document_workers: int | None = None

    @property
    def sources(self) -> Path:
        return Path(self.sources_dir)

    @property
    def releases(self) -> Path:
        return Path(self.releases_dir)

    @property
    def expectations(self) -> Path:
        return Path(self.expectations_dir)


class ReleasePolicy(dg.ConfigurableResource):
    """When the tables may be published: not with no documents, nor when more than
    `max_withheld_share` of the documents have a table withheld (the pipeline, not the
    documents, is then likely at fault)."""

    max_withheld_share: float = DEFAULT_MAX_WITHHELD_SHARE


class GreatExpectations(dg.ConfigurableResource):
    """One GX context per run, shared by every table's check."""

    expectations_dir: str = str(PROJECT_ROOT / "expectations")
    _validator: TableValidator | None = PrivateAttr(default=None)
    # table -> GX's (key, result) of a suite result a check took from the validation store
    _restored: dict[str, Any] = PrivateAttr(default_factory=dict)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self._validator = None
        self._restored = {}

    def restore(self, table: str, result: Any) -> None:
        """Keep a stored GX result of `table` for the release's Data Docs."""
        self._restored[table] = result

    def results(self, tables: Iterable[str]) -> dict[str, Any]:
        """Each table's GX (key, result) of this run: validated in this context, else
        restored from the store (`pipeline.validate.docs.checked_results`)."""
        tables = list(tables)
        found = {t: self._restored[t] for t in tables if t in self._restored}
        if self._validator is None or not self._validator.started:
            return found  # nothing validated in this run: no context to ask (nor make)
        return {**found, **checked_results(self.validator.context, tables)}

    @property
    def validator(self) -> TableValidator:
        if self._validator is None:
            self._validator = TableValidator(Path(self.expectations_dir))
        return self._validator
