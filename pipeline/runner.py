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

from pipeline.assets.partitions import DOCUMENT_PARTITIONS
from pipeline.automation import plan_partitions, range_tags
from pipeline.definitions import build_definitions
from pipeline.progress import progress_logger

PLANNED_EVENTS_SWITCH = "DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS"


@dataclass
class RunOutcome:
    """What a run did, in the terms a user acts on."""

    success: bool
    run_id: str
    documents: int
    failures: list[str] = field(default_factory=list)
    release: Path | None = None
    up_to_date: bool = False


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
) -> RunOutcome:
    """Run `job_name` over every document in `sources_dir`."""
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
    )
    keys = sync_partitions(instance, sources_dir)
    job = defs.resolve_job_def(job_name)
    if progress:
        job = job.with_logger_defs({**job.loggers, "progress": progress_logger})
    selection = None
    if not keys:  # nothing to partition: run the job's unpartitioned steps on no documents
        partitioned = {
            key for asset in defs.assets if asset.partitions_def is not None
            for key in asset.keys
        }
        selection = sorted(job.asset_layer.executable_asset_keys - partitioned)
    result = job.execute_in_process(
        instance=instance,
        tags=range_tags(keys),
        raise_on_error=False,
        asset_selection=selection,
        run_config={"loggers": _loggers(log_level, progress)},
    )
    return RunOutcome(
        success=result.success and not _failed_checks(result),
        run_id=result.run_id,
        documents=len(keys),
        failures=_failed_checks(result) + _failed_steps(result),
        release=_release_path(result),
        up_to_date=_release_up_to_date(result),
    )


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
