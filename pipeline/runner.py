"""Run the asset graph in-process: the one code path behind `yjdata build` and `extract`.

Registers one partition per document found in the sources folder, then runs the
whole job in a single run that covers every partition (single-run backfill), so
there is no per-document process start-up.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dagster as dg

from pipeline.assets.partitions import DOCUMENT_EXTRACTS, DOCUMENT_PARTITIONS, FROM_CACHE
from pipeline.assets.withheld import DOCUMENTS_WITHHELD, ROWS_FLAGGED, TABLES_WITHHELD
from pipeline.automation import (
    BUILD_JOB,
    covering_range,
    plan_partitions,
    range_tags,
    stale_partitions,
)
from pipeline.definitions import build_definitions
from pipeline.ingest.manifest import load_manifest
from pipeline.ingest.sources import discover_sources
from pipeline.metadata.registry import DOCUMENTS, WITHHELD
from pipeline.progress import progress_logger

PLANNED_EVENTS_SWITCH = "DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS"
ROW_COUNT = "dagster/row_count"


@dataclass
class RunOutcome:
    """What a run did, in the terms a user acts on."""

    success: bool
    run_id: str | None
    documents: int
    failures: list[str] = field(default_factory=list)
    release: Path | None = None
    up_to_date: bool = False
    accepted: int = 0
    documents_withheld: int = 0
    tables_withheld: int = 0
    rows_flagged: int = 0
    processed: int = 0  # documents read, parsed and extracted in this run
    from_cache: int = 0  # documents of this run whose stored result was reused

    @property
    def unchanged(self) -> int:
        """Documents not run at all: unchanged since their partition's last materialisation."""
        return self.documents - self.processed - self.from_cache

    def summary(self) -> str:
        """The run in one line: documents, what was read again, withheld and flagged."""
        return (f"{self.documents} documents ({self.accepted} accepted; {self.processed} "
                f"read, {self.from_cache} from the cache, {self.unchanged} unchanged), "
                f"{self.tables_withheld} tables withheld from {self.documents_withheld} "
                f"documents, {self.rows_flagged} rows flagged")


def sources_problem(sources_dir: Path) -> str | None:
    """Why a run must not start on this folder, in one line: it is missing, not a folder,
    unreadable or holds no documents (a cron job with a typo must not publish an empty
    release); None when it can."""
    if not sources_dir.exists():
        return f"the sources folder {sources_dir} does not exist"
    if not sources_dir.is_dir():
        return f"{sources_dir} is not a folder"
    try:
        found = discover_sources(sources_dir, load_manifest(sources_dir).document_ids)
    except OSError as exc:
        return f"the sources folder {sources_dir} cannot be read: {exc.strerror or exc}"
    if not found:
        return f"the sources folder {sources_dir} holds no documents"
    return None


def sync_partitions(instance: dg.DagsterInstance, sources_dir: Path) -> list[str]:
    """Make the instance's document partitions match the folder; return them in order."""
    name = DOCUMENT_PARTITIONS.name
    plan = plan_partitions(sources_dir, list(instance.get_dynamic_partitions(name)))
    for key in plan.to_delete:
        instance.delete_dynamic_partition(name, key)
    if plan.to_add:
        instance.add_dynamic_partitions(name, plan.to_add)
    return list(instance.get_dynamic_partitions(name))


def run_job(
    job_name: str,
    instance: dg.DagsterInstance,
    sources_dir: Path,
    storage_dir: Path,
    releases_dir: Path | None = None,
    extract_dir: Path | None = None,
    expectations_dir: Path | None = None,
    log_level: str = "WARNING",
    progress: bool = False,
    max_document_seconds: float | None = None,
    max_withheld_share: float | None = None,
) -> RunOutcome:
    """Run `job_name` over every document in `sources_dir`; a folder with no documents (or
    none at all) fails at once, running nothing."""
    problem = sources_problem(sources_dir)
    if problem is not None:
        return RunOutcome(success=False, run_id=None, documents=0, failures=[problem])
    # One "materialization planned" event per asset for a run over many documents, not one
    # per document: Dagster's opt-in switch (dagster-io/dagster#29288). Its cost: a failed
    # run does not mark each of its partitions failed in the UI (the run still fails).
    os.environ.setdefault(PLANNED_EVENTS_SWITCH, "true")
    defs = build_definitions(
        sources_dir=sources_dir,
        releases_dir=releases_dir,
        extract_dir=extract_dir,
        storage_dir=storage_dir,
        expectations_dir=expectations_dir,
        max_document_seconds=max_document_seconds,
        max_withheld_share=max_withheld_share,
    )
    keys = sync_partitions(instance, sources_dir)
    job = defs.resolve_job_def(job_name)
    if progress:
        job = job.with_logger_defs({**job.loggers, "progress": progress_logger})
    config = {"loggers": _loggers(log_level, progress)}
    if job_name != BUILD_JOB:
        return _outcome([_execute(job, instance, config, keys)], len(keys))
    io_manager = defs.resources["io_manager"]
    stale = stale_partitions(instance, sources_dir, keys,
                             lambda key: io_manager.has_partition(DOCUMENT_EXTRACTS, key))
    if len(stale) == len(keys):
        return _outcome([_execute(job, instance, config, keys)], len(keys))
    # Only the documents that changed are read again; every table is joined, checked and
    # published from all partitions' stored values, as the sensor's runs do.
    results = []
    if stale:
        results.append(_execute(job, instance, config, covering_range(keys, stale),
                                [DOCUMENT_EXTRACTS]))
    if not results or results[-1].success:
        rest = [key for key in job.asset_layer.executable_asset_keys if key != DOCUMENT_EXTRACTS]
        results.append(_execute(job, instance, config, [], rest))
    return _outcome(results, len(keys))


def _execute(job: Any, instance: dg.DagsterInstance, config: dict[str, Any],
             keys: list[str], assets: list[dg.AssetKey] | None = None) -> Any:
    """One in-process run of `job` (of only `assets` when given) over the `keys` range."""
    return execute_without_output_capture(job, instance, range_tags(keys), config, assets)


def _outcome(results: list[Any], documents: int) -> RunOutcome:
    """What the runs of one command did together (the last one joined and published)."""
    last = results[-1]
    withheld = _materialized_metadata(last, WITHHELD.name)
    failures = [f for result in results for f in _failed_checks(result) + _failed_steps(result)]
    read = [meta for result in results for meta in _partition_metadata(result)]
    return RunOutcome(
        success=all(result.success for result in results) and not failures,
        run_id=last.run_id,
        documents=documents,
        failures=failures,
        release=_release_path(last),
        up_to_date=_release_up_to_date(last),
        accepted=int(_materialized_metadata(last, DOCUMENTS.name).get(ROW_COUNT, 0)),
        documents_withheld=int(withheld.get(DOCUMENTS_WITHHELD, 0)),
        tables_withheld=int(withheld.get(TABLES_WITHHELD, 0)),
        rows_flagged=int(withheld.get(ROWS_FLAGGED, 0)),
        processed=sum(not meta.get(FROM_CACHE, False) for meta in read),
        from_cache=sum(bool(meta.get(FROM_CACHE, False)) for meta in read),
    )


def _partition_metadata(result: Any) -> list[dict[str, Any]]:
    """The metadata of each `document_extracts` partition materialised in a run."""
    return [{k: v.value for k, v in event.materialization.metadata.items()}
            for event in result.get_asset_materialization_events()
            if event.materialization.asset_key == DOCUMENT_EXTRACTS]


def execute_without_output_capture(job: dg.JobDefinition, instance: dg.DagsterInstance,
                                   tags: dict[str, str], run_config: dict[str, Any],
                                   assets: list[dg.AssetKey] | None = None,
                                   ) -> dg.ExecuteInProcessResult:
    """`job.execute_in_process(...)` (raise_on_error False), except that step outputs are
    not also kept in the result. `execute_in_process` holds every step's output value in
    memory until the run ends (for `output_for_node`, which nothing here uses), so every
    document's rows, every table, and each copy the checks and the release made, stayed
    alive at once: most of a build's peak memory (issue 19). The IO managers already
    store each output; a step loads its inputs from them. Dagster's own in-process path
    (`core_execute_in_process`) with output capture turned off; the same events and
    result otherwise."""
    from dagster._core.definitions.job_base import InMemoryJob
    from dagster._core.execution.execute_in_process import (
        core_execute_in_process,
        merge_run_tags,
    )

    selection = list(assets or [])  # as execute_in_process normalises it
    ephemeral = job.as_ephemeral_job(resource_defs={}, input_values={},
                                     asset_selection=selection)
    return core_execute_in_process(
        run_config=run_config,
        job=InMemoryJob(job_def=ephemeral),
        instance=instance,
        output_capturing_enabled=False,
        raise_on_error=False,
        run_tags=merge_run_tags(job_def=job, partition_key=None, tags=tags,
                                asset_selection=selection, instance=instance,
                                run_config=run_config),
        asset_selection=frozenset(selection),
    )


def _materialized_metadata(result: Any, asset: str) -> dict[str, Any]:
    """The plain values of an asset's materialisation metadata in this run ({} if none)."""
    for event in result.get_asset_materialization_events():
        materialization = event.materialization
        if materialization.asset_key.to_user_string() == asset:
            return {k: v.value for k, v in materialization.metadata.items()}
    return {}


def _loggers(log_level: str, progress: bool) -> dict[str, Any]:
    loggers: dict[str, Any] = {"console": {"config": {"log_level": log_level}}}
    if progress:
        loggers["progress"] = {}
    return loggers


def _failed_checks(result: Any) -> list[str]:
    failures = []
    for evaluation in result.get_asset_check_evaluations():
        if evaluation.passed:
            continue
        summary = evaluation.metadata.get("summary")
        lines = summary.value.get("failed", []) if summary is not None else []
        name = f"{evaluation.asset_key.to_user_string()}.{evaluation.check_name}"
        failures += [f"check {name}: {line}" for line in lines] or [f"check {name} failed"]
    return failures


def _failed_steps(result: Any) -> list[str]:
    failures = []
    for event in result.all_events:
        if event.event_type_value == "STEP_FAILURE":
            error = event.event_specific_data.error
            while error is not None and error.cause is not None:
                error = error.cause  # the user code's exception, not Dagster's wrapper
            message = error.message.strip().splitlines()[-1] if error else "failed"
            failures.append(f"step {event.step_key}: {message}")
    return failures


def _release_path(result: Any) -> Path | None:
    for materialization in result.asset_materializations_for_node("release"):
        path = materialization.metadata.get("path")
        if path is not None:
            return Path(path.value)
    return None


def _release_up_to_date(result: Any) -> bool:
    for materialization in result.asset_materializations_for_node("release"):
        flag = materialization.metadata.get("up_to_date")
        if flag is not None:
            return bool(flag.value)
    return False
