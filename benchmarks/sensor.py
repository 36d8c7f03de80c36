"""The sensor scenario: a full build, then one document added and what the sensor requests.

Usage: python benchmarks/sensor.py --sources DIR --work DIR --report FILE.json [--seed N]
       [--profile FILE.prof]

1. Copies the corpus and builds it (`build_release`, one run over every partition) on a
   Dagster instance in `--work` configured as `make dev`'s (`deploy/dagster.local.yaml`:
   SQLite storage, the event log keeping one engine per file).
2. Ticks `sources_sensor` once: the run keys it requests stand for the runs the daemon
   already launched for these documents (a run key is never run twice).
3. Drops the corpus's next document into the folder, with no manifest entry, as a person
   would, and times the rest: the sensor tick, its dynamic-partition request (applied with
   `pipeline.runner.sync_partitions`, as the daemon applies it) and every run it requests
   with a new run key, executed in-process for its partition (under cProfile, written to
   `--profile`, when given; the profiler slows the run, so its seconds are not the target's).
4. Reports which partitions and unpartitioned assets the run materialised. The sensor's
   job publishes no release (the nightly build does), so it then times that too: the
   build job's unpartitioned assets, ending in a release, with no partition to extract.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import dagster as dg  # noqa: E402

from benchmarks.generate import Corpus  # noqa: E402
from pipeline.automation import BUILD_JOB  # noqa: E402
from pipeline.definitions import build_definitions  # noqa: E402
from pipeline.runner import run_job, sync_partitions  # noqa: E402


def tick(defs: dg.Definitions, instance: dg.DagsterInstance) -> Any:
    """One evaluation of the sources sensor, with the code location's resources."""
    sensor = defs.get_sensor_def("sources_sensor")
    context = dg.build_sensor_context(instance=instance, definitions=defs,
                                      resources={"paths": defs.resources["paths"]})
    return sensor(context)


def step_durations(instance: dg.DagsterInstance, run_id: str) -> dict[str, float]:
    """Seconds from each step's start to its success or failure, from the event log."""
    started: dict[str, float] = {}
    seconds: dict[str, float] = {}
    for record in instance.all_logs(run_id):
        event = record.dagster_event
        if event is None or event.step_key is None:
            continue
        if event.event_type_value == "STEP_START":
            started[event.step_key] = record.timestamp
        elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE"):
            seconds[event.step_key] = record.timestamp - started.get(event.step_key,
                                                                     record.timestamp)
    return seconds


def scenario(sources: Path, work: Path, seed: int,
             profile: Path | None = None) -> dict[str, Any]:
    shutil.rmtree(work, ignore_errors=True)
    folder, storage, releases = work / "sources", work / "storage", work / "releases"
    shutil.copytree(sources, folder)
    documents = sum(1 for p in folder.glob("*.txt"))
    home = work / "home"
    home.mkdir(parents=True)
    # the instance `make dev`'s daemon and run workers use: deploy/dagster.local.yaml (its
    # event log keeps one engine per SQLite file; Dagster's default storage opened a new
    # one per connection and compiled every statement again)
    shutil.copy(ROOT / "deploy" / "dagster.local.yaml", home / "dagster.yaml")
    os.environ["DAGSTER_HOME"] = str(home)
    defs = build_definitions(sources_dir=folder, releases_dir=releases, storage_dir=storage)
    job = defs.resolve_job_def(defs.get_sensor_def("sources_sensor").job_name)
    partitioned = {key.to_user_string() for asset in defs.assets
                   if asset.partitions_def is not None for key in asset.keys}
    unpartitioned = {key.to_user_string() for key in job.asset_layer.executable_asset_keys
                     } - partitioned
    with dg.DagsterInstance.from_config(str(home)) as instance:
        start = time.perf_counter()
        built = run_job(BUILD_JOB, instance, folder, storage, releases_dir=releases)
        full_build = time.perf_counter() - start
        if not built.success:
            raise SystemExit(f"full build failed: {built.failures[:5]}")
        # The sensor knows what the build materialised from the same content: no requests.
        after_build = len(tick(defs, instance).run_requests)

        added = Corpus(seed).write(folder, documents)  # the corpus's next document
        start = time.perf_counter()
        result = tick(defs, instance)
        requests = list(result.run_requests)
        requested_partitions = [key for request in result.dynamic_partitions_requests
                                for key in getattr(request, "partition_keys", [])]
        keys = sync_partitions(instance, folder)
        ticked, ticked_cpu = time.perf_counter(), time.process_time()
        quiet = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
        profiler = cProfile.Profile() if profile else None
        if profiler:
            profiler.enable()
        runs = [job.execute_in_process(instance=instance, partition_key=r.partition_key,
                                       tags={"dagster/run_key": r.run_key},
                                       run_config=quiet, raise_on_error=False)
                for r in requests]
        if profiler:
            profiler.disable()
            profiler.dump_stats(profile)
        finished, run_cpu = time.perf_counter(), time.process_time() - ticked_cpu
        steps = {key: round(seconds, 2) for run in runs
                 for key, seconds in step_durations(instance, run.run_id).items()}
        # Then what the nightly build adds: the joined tables, checks and a release, with
        # no partition to re-extract (the chart cache is warm from the full build).
        build = defs.resolve_job_def(BUILD_JOB)
        release_keys = [key for key in build.asset_layer.executable_asset_keys
                        if key.to_user_string() not in partitioned]
        start_release = time.perf_counter()
        published = build.execute_in_process(instance=instance, asset_selection=release_keys,
                                             run_config=quiet, raise_on_error=False)
        release_seconds = time.perf_counter() - start_release
        release_steps = step_durations(instance, published.run_id)
    materialised = [event.materialization for run in runs
                    for event in run.get_asset_materialization_events()]
    partitions = sorted({m.partition for m in materialised
                         if m.asset_key.to_user_string() in partitioned})
    done_unpartitioned = sorted({m.asset_key.to_user_string() for m in materialised
                                 if m.asset_key.to_user_string() in unpartitioned})
    new_key = keys[-1] if keys else None
    return {
        "ok": all(run.success for run in runs) and len(requests) == 1 and after_build == 0,
        "requests_after_build": after_build,
        "documents": documents,
        "added": added.name,
        "full_build_seconds": round(full_build, 2),
        "sensor_seconds": round(ticked - start, 2),
        "run_seconds": round(finished - ticked, 2),
        "run_cpu_seconds": round(run_cpu, 2),
        "seconds": round(finished - start, 2),
        "steps": steps,
        "seconds_without_release": round(finished - start - steps.get("release", 0.0), 2),
        "job": job.name,
        "release_run_ok": published.success,
        "release_run_seconds": round(release_seconds, 2),
        "release_step_seconds": round(release_steps.get("release", 0.0), 2),
        "new_requests": [{"partition_key": r.partition_key, "run_key": r.run_key}
                         for r in requests],
        "partition_requests": requested_partitions,
        "partitions": partitions,
        "only_new_partition": partitions == [new_key] and requested_partitions == [new_key],
        "unpartitioned": done_unpartitioned,
        "unpartitioned_expected": len(unpartitioned),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sources", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--report", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--profile", type=Path, help="cProfile of the sensor's runs")
    args = parser.parse_args()
    result = scenario(args.sources, args.work, args.seed, args.profile)
    args.report.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "unpartitioned"}, indent=2))


if __name__ == "__main__":
    main()
