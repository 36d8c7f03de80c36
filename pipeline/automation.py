"""Unattended runs: a sensor on the sources folder and a nightly rebuild.

Both decide what to run from the folder's contents with the same plain
function (`plan_partitions`), which tests call directly.
"""


from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dagster as dg

from pipeline.assets.partitions import (
    CONTENT_HASH,
    DOCUMENT_EXTRACTS,
    DOCUMENT_PARTITIONS,
    INPUT_DIGEST,
)
from pipeline.extract.cache import input_digest
from pipeline.ingest.catalogue import read_folder
from pipeline.ingest.sources import DEFAULT_MAX_BYTES, file_sha256
from pipeline.resources import ProjectPaths

BUILD_JOB = "build_release"
EXTRACT_JOB = "extract_tables"
UPDATE_JOB = "update_tables"
RANGE_START = "dagster/asset_partition_range_start"
RANGE_END = "dagster/asset_partition_range_end"
_QUERY_IDS = 500  # storage ids per query (SQLite limits the variables of one statement)


@dataclass
class PartitionPlan:
    """What the sources folder implies for the document partitions."""

    current: dict[str, str] = field(default_factory=dict)  # document_id -> sha256
    to_add: list[str] = field(default_factory=list)
    to_delete: list[str] = field(default_factory=list)


def plan_partitions(sources_dir: Path, existing: list[str]) -> PartitionPlan:
    """Partitions to add (new files) and delete (files gone), with every file's hash."""
    _, folder = read_folder(sources_dir)
    current = {s.document_id: file_sha256(s.path) for s in folder.sources}
    known = set(existing)
    return PartitionPlan(
        current=current,
        to_add=[key for key in current if key not in known],
        to_delete=[key for key in existing if key not in current],
    )


def materialised_hashes(instance: dg.DagsterInstance) -> dict[str, str]:
    """Partition key -> SHA-256 of the file its latest `document_extracts` materialisation
    was made from (the `CONTENT_HASH` metadata each partition carries), so the documents a
    build has just read are not run again."""
    return materialised_metadata(instance, CONTENT_HASH)


def materialised_metadata(instance: dg.DagsterInstance, name: str) -> dict[str, str]:
    """Partition key -> the metadata value `name` of its latest `document_extracts`
    materialisation (partitions without it left out), in one query per 500 documents."""
    latest = instance.get_latest_storage_id_by_partition(
        DOCUMENT_EXTRACTS, dg.DagsterEventType.ASSET_MATERIALIZATION)
    ids = sorted(latest.values())
    values = {}
    for start in range(0, len(ids), _QUERY_IDS):
        chunk = ids[start:start + _QUERY_IDS]
        records = instance.fetch_materializations(
            dg.AssetRecordsFilter(asset_key=DOCUMENT_EXTRACTS, storage_ids=chunk),
            limit=len(chunk)).records
        for record in records:
            materialization = record.asset_materialization
            value = materialization.metadata.get(name) if materialization else None
            if value is not None and record.partition_key is not None:
                values[record.partition_key] = str(value.value)
    return values


def current_digests(sources_dir: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> dict[str, str]:
    """Document id -> the `input_digest` of its file as the folder is now."""
    manifest, folder = read_folder(sources_dir)
    digests = {}
    for source in folder.sources:
        digest = input_digest(source.document_id, source,
                              manifest.metadata.get(source.name), max_bytes)
        if digest is not None:
            digests[source.document_id] = digest
    return digests


def stale_partitions(instance: dg.DagsterInstance, sources_dir: Path, keys: list[str],
                     stored: Callable[[str], bool]) -> list[str]:
    """The partitions (in `keys` order) whose document must be processed again: its file,
    manifest entry or the reading code changed since its latest materialisation, it has
    none, or its stored value (`stored(key)`) is gone."""
    now = current_digests(sources_dir)
    before = materialised_metadata(instance, INPUT_DIGEST)
    return [key for key in keys
            if key not in now or before.get(key) != now[key] or not stored(key)]


def covering_range(keys: list[str], wanted: list[str]) -> list[str]:
    """The shortest run of consecutive `keys` that holds every `wanted` key (a partition
    range is what one run can cover); the ones between are cheap, from the cache."""
    if not wanted:
        return []
    index = {key: position for position, key in enumerate(keys)}
    positions = [index[key] for key in wanted]
    return keys[min(positions):max(positions) + 1]


def range_tags(keys: list[str]) -> dict[str, str]:
    """Tags that make one run cover every document partition (single-run backfill)."""
    return {RANGE_START: keys[0], RANGE_END: keys[-1]} if keys else {}


def build_sensor(
    job: dg.JobDefinition | Any, downstream_keys: list[dg.AssetKey]
) -> dg.SensorDefinition:
    """The sources sensor; `downstream_keys` are the unpartitioned assets of the job.

    Its job updates the tables and their checks but publishes no release: releases are
    the nightly schedule's, so a day of arriving documents makes one release, and the run
    for a new document costs its own partition plus the joined tables, not a release of the
    whole corpus (an analyst can still materialise `release` at any time)."""

    @dg.sensor(
        job=job,
        minimum_interval_seconds=60,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Adds a partition for every new document in the sources folder and, for "
        "new or changed documents (whose partition was not last materialised from the same "
        "content; run key: document id + sha256), re-extracts them and updates and checks "
        "every table; the nightly schedule publishes the release.",
    )
    def sources_sensor(context: dg.SensorEvaluationContext, paths: ProjectPaths):
        existing = list(context.instance.get_dynamic_partitions(DOCUMENT_PARTITIONS.name))
        plan = plan_partitions(paths.sources, existing)
        done = materialised_hashes(context.instance)
        requests = [
            dg.RunRequest(partition_key=key, run_key=f"{key}:{sha}")
            for key, sha in sorted(plan.current.items())
            if done.get(key) != sha
        ]
        if plan.to_delete:
            # Only the catalogue and what follows need rebuilding when a document goes.
            requests.append(
                dg.RunRequest(
                    run_key=f"removed:{','.join(sorted(plan.to_delete))}",
                    asset_selection=list(downstream_keys),
                )
            )
        return dg.SensorResult(
            run_requests=requests,
            dynamic_partitions_requests=_partition_requests(plan),
        )

    return sources_sensor


def build_schedule(job: dg.JobDefinition | Any) -> dg.ScheduleDefinition:
    @dg.schedule(
        job=job,
        cron_schedule="0 2 * * *",
        execution_timezone="Europe/London",
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="Nightly: rebuild every document and the release in one run.",
    )
    def nightly_release(context: dg.ScheduleEvaluationContext):
        keys = list(context.instance.get_dynamic_partitions(DOCUMENT_PARTITIONS.name))
        if not keys:
            return dg.SkipReason("no documents: the sensor has not registered any yet")
        return dg.RunRequest(tags=range_tags(keys))

    return nightly_release


def _partition_requests(plan: PartitionPlan) -> list:
    requests = []
    if plan.to_add:
        requests.append(DOCUMENT_PARTITIONS.build_add_request(plan.to_add))
    if plan.to_delete:
        requests.append(DOCUMENT_PARTITIONS.build_delete_request(plan.to_delete))
    return requests
