"""`make bench`: the pipeline's speed, memory and scaling, measured against the targets.

Usage: python benchmarks/run_bench.py [--sizes 100,1000,5000] [--seed N] [--work DIR]
                                      [--no-profile] [--profile-html] [--no-sensor]
                                      [--no-direct] [--note TEXT]

For each corpus size it generates a synthetic corpus (benchmarks/generate.py) in a
temporary folder and runs:

- `yjdata extract` as a child process: wall time, peak RSS of the child (wait4 rusage),
  documents per second, and seconds per stage read from the run's step progress lines;
- the same functions called directly in one process (benchmarks/direct.py): the baseline
  for the framework's overhead (ratio of the two wall times);

then the five-document corpus through `yjdata extract`, the sensor scenario (a full build
of 1,000 documents, one document added, what the sensor requests run; benchmarks/
sensor.py) and a pyinstrument (else cProfile) profile of the 1,000-document extract.
It writes benchmarks/results.md and benchmarks/results.json: every target beside its
measured value, PASS or MISS, and the machine's conditions (CPU count and load).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
RESULTS_MD = BENCH / "results.md"
RESULTS_JSON = BENCH / "results.json"
PROFILE_DIR = BENCH / "results"
CORPUS = ROOT / "datasets" / "sources"
DEFAULT_SIZES = (100, 1000, 5000)
GIB = 1024**3

# Targets (issue 19): `yjdata build` as users run it.
TARGET_BUILD_SECONDS = 120.0
TARGET_REBUILD_SECONDS = 30.0
TARGET_BUILD_OVERHEAD = 1.3
TARGET_SIZE_RATIO = 25.0
TARGET_BUILD_RSS = 2 * GIB
# Targets (issue 10).
TARGET_1000_SECONDS = 60.0
TARGET_1000_RSS = 2 * GIB
TARGET_GROWTH = 5.5
TARGET_OVERHEAD = 1.5
TARGET_SENSOR_SECONDS = 15.0
TARGET_SMALL_SECONDS = 15.0

_PROGRESS = re.compile(r"^\s*(\d+\.\d)s\s+(done|FAILED|skipped)\s+(\S+)\s*$")
_FINISHED = re.compile(r"finished in ([\d.]+)s")
_STAGE_SECONDS = re.compile(r"document_extracts: stage_seconds: (\{.*\})")
DOCUMENT_STEP = "document_extracts"
DOCUMENT_OVERHEAD = "document_extracts: storage and events"
# With a process pool the stages' seconds are summed over the workers and can exceed the
# step's wall time, so the step's own wall time is given instead of a (negative) remainder.
DOCUMENT_WALL = "document_extracts: whole step, wall (stages above summed over its workers)"


@dataclass
class ChildRun:
    """One child process: what it cost and what it printed."""

    command: list[str]
    seconds: float
    peak_rss_bytes: int
    returncode: int
    stdout: str = ""
    stderr: str = ""

    def ok(self) -> bool:
        return self.returncode == 0


@dataclass
class SizeResult:
    """Everything measured for one corpus size."""

    documents: int
    corpus_mb: float
    generate_seconds: float
    extract: dict[str, Any] = field(default_factory=dict)
    direct: dict[str, Any] = field(default_factory=dict)


def run_child(command: list[str], env: dict[str, str] | None = None) -> ChildRun:
    """Run a command to completion; wall time and the peak RSS of that child alone."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=ROOT,
                                   env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return ChildRun(command, seconds, usage.ru_maxrss * 1024, process.returncode,
                        out.read().decode("utf-8", "replace"),
                        err.read().decode("utf-8", "replace"))


def child_env() -> dict[str, str]:
    """The environment `make` gives the pipeline, with this checkout importable."""
    path = os.environ.get("PYTHONPATH", "")
    return {
        "PYTHONPATH": f"{ROOT}{os.pathsep}{path}" if path else str(ROOT),
        "GX_ANALYTICS_ENABLED": "false",
        "DAGSTER_DISABLE_TELEMETRY": "true",
    }


def yjdata_command() -> list[str]:
    """`yjdata` from the running interpreter's environment (the project's .venv)."""
    script = Path(sys.executable).with_name("yjdata")
    return [str(script)] if script.exists() else [sys.executable, "-m", "pipeline.cli"]


def stage_of(step: str) -> str:
    """The benchmark stage a Dagster step belongs to (the names direct.py uses)."""
    if step == DOCUMENT_STEP:
        return DOCUMENT_OVERHEAD
    if step.endswith(("_gx_suite", "_checks")):  # a fact table's suite and rules: one step
        return "validate_gx"
    if step.endswith("_rules"):
        return "validate_rules"
    if step == "table_files":
        return "write"
    return "catalogue"


def step_seconds(stderr: str) -> dict[str, float]:
    """Seconds per step from the progress lines (the in-process executor runs one step at
    a time, so a step took the time since the previous one finished)."""
    seconds: dict[str, float] = {}
    previous = 0.0
    for line in stderr.splitlines():
        match = _PROGRESS.match(line)
        if match:
            elapsed = float(match.group(1))
            seconds[match.group(3)] = round(elapsed - previous, 2)
            previous = elapsed
    return seconds


def document_stage_seconds(stderr: str) -> dict[str, float]:
    """The document step's own split of its compute (ingest, parse, each extractor), from
    the `stage_seconds` line it logs."""
    match = _STAGE_SECONDS.search(stderr)
    return json.loads(match.group(1)) if match else {}


def by_stage(steps: dict[str, float], document_stages: dict[str, float]) -> dict[str, float]:
    """Seconds per stage; the document step is split into its stages, and what is left of
    it (storing each document's value and its materialisation event) is its own line."""
    stages: dict[str, float] = dict(document_stages)
    for step, seconds in steps.items():
        stage = stage_of(step)
        if step == DOCUMENT_STEP:
            if seconds < sum(document_stages.values()):
                stage = DOCUMENT_WALL
            else:
                seconds -= sum(document_stages.values())
        stages[stage] = round(stages.get(stage, 0.0) + seconds, 2)
    return stages


def measure_extract(sources: Path, out: Path) -> dict[str, Any]:
    """`yjdata extract` on a folder, as a user runs it."""
    shutil.rmtree(out, ignore_errors=True)
    run = run_child([*yjdata_command(), "extract", "--sources", str(sources), "--out",
                     str(out)], child_env())
    steps = step_seconds(run.stderr)
    document_stages = document_stage_seconds(run.stderr)
    finished = _FINISHED.search(run.stdout)
    documents = _count_documents(out)
    result = {
        "ok": run.ok() and documents is not None,
        "wall_seconds": round(run.seconds, 2),
        "run_seconds": float(finished.group(1)) if finished else None,
        "peak_rss_bytes": run.peak_rss_bytes,
        "documents": documents,
        "documents_per_second": round(documents / run.seconds, 2) if documents else None,
        "stages": by_stage(steps, document_stages),
        "steps": steps,
    }
    result["startup_seconds"] = (round(run.seconds - result["run_seconds"], 2)
                                 if result["run_seconds"] else None)
    if not result["ok"]:
        result["error"] = (run.stderr or run.stdout)[-3000:]
    return result


def _count_documents(out: Path) -> int | None:
    documents = out / "documents.csv"
    if not documents.exists():
        return None
    with documents.open(encoding="utf-8") as handle:
        return sum(1 for _ in handle) - 1


def measure_direct(sources: Path, out: Path, work: Path) -> dict[str, Any]:
    """The same functions called directly in one process (benchmarks/direct.py)."""
    shutil.rmtree(out, ignore_errors=True)
    timings = work / "direct-timings.json"
    run = run_child([sys.executable, str(BENCH / "direct.py"), "--sources", str(sources),
                     "--out", str(out), "--timings", str(timings)], child_env())
    if not run.ok():
        return {"ok": False, "error": run.stderr[-3000:]}
    seconds = json.loads(timings.read_text(encoding="utf-8"))
    extra = ("documents", "failed_checks", "imports", "total_in_process")
    return {
        "ok": seconds["failed_checks"] == 0,
        "wall_seconds": round(run.seconds, 2),
        "run_seconds": round(seconds["total_in_process"] - seconds["imports"], 2),
        "startup_seconds": round(run.seconds - seconds["total_in_process"]
                                 + seconds["imports"], 2),
        "peak_rss_bytes": run.peak_rss_bytes,
        "documents": int(seconds["documents"]),
        "stages": {k: round(v, 2) for k, v in seconds.items() if k not in extra},
    }


def measure_sensor(sources: Path, work: Path, seed: int) -> dict[str, Any]:
    """The sensor scenario in a child process (benchmarks/sensor.py)."""
    report = work / "sensor.json"
    run = run_child([sys.executable, str(BENCH / "sensor.py"), "--sources", str(sources),
                     "--work", str(work / "sensor"), "--seed", str(seed), "--report",
                     str(report)], child_env())
    if not run.ok():
        return {"ok": False, "error": run.stderr[-3000:]}
    result = json.loads(report.read_text(encoding="utf-8"))
    result["peak_rss_bytes"] = run.peak_rss_bytes
    return result


def profile_extract(sources: Path, out: Path, documents: int, html: bool) -> dict[str, Any]:
    """A profile of `yjdata extract` on the corpus: pyinstrument when it is installed (a
    text call tree, plus the interactive HTML with `html`: tens of MB, so not by default),
    else cProfile (the top functions as text)."""
    PROFILE_DIR.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(out, ignore_errors=True)
    base = PROFILE_DIR / f"profile-{documents}"
    cli = ["-m", "pipeline.cli", "extract", "--sources", str(sources), "--out", str(out)]
    if importlib.util.find_spec("pyinstrument") is not None:
        session = out.with_suffix(".pyisession")
        run = run_child([sys.executable, "-m", "pyinstrument", "-i", "0.005", "-r",
                         "pyisession", "-o", str(session), *cli], child_env())
        # The project's code, then Dagster's own frames beside it (where the framework's
        # time goes: events, storage, input loading), then optionally everything as HTML.
        renderings = [
            ("text", ".txt", ["-p", "processor_options.filter_threshold=0.005"]),
            ("text", "-dagster.txt", ["--show", "*/dagster/*", "-p",
                                      "processor_options.filter_threshold=0.01"]),
        ]
        if html:
            renderings.append(("html", ".html", []))
        files = []
        for renderer, suffix, options in renderings:
            path = base.with_name(base.name + suffix)
            subprocess.run([sys.executable, "-m", "pyinstrument", "--load", str(session),
                            "-r", renderer, *options, "--no-color", "-o", str(path)],
                           check=True, cwd=ROOT, env={**os.environ, **child_env()})
            files.append(path)
    else:
        stats = out.with_suffix(".pstats")
        run = run_child([sys.executable, "-m", "cProfile", "-o", str(stats), *cli],
                        child_env())
        import pstats

        with base.with_suffix(".txt").open("w", encoding="utf-8") as handle:
            pstats.Stats(str(stats), stream=handle).sort_stats("cumulative").print_stats(80)
        files = [base.with_suffix(".txt")]
    return {"ok": run.ok(), "profiled_wall_seconds": round(run.seconds, 2),
            "files": [str(f.relative_to(ROOT)) for f in files]}


def conditions() -> dict[str, Any]:
    """What the machine was doing: others share it, so say how loaded it was."""
    return {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / GIB, 1),
    }


def target(name: str, measured: Any, limit: Any, passed: bool | None, note: str = ""
           ) -> dict[str, Any]:
    status = "n/a" if passed is None else ("PASS" if passed else "MISS")
    return {"target": name, "limit": limit, "measured": measured, "status": status,
            "note": note}


def growth_target(name: str, one: dict[str, Any], five: dict[str, Any]) -> dict[str, Any]:
    """5,000 documents' wall time against 1,000's."""
    growth = five["wall_seconds"] / one["wall_seconds"]
    return target(name, f"{growth:.2f} x", "<= 5.5 x", growth <= TARGET_GROWTH,
                  f"{five['wall_seconds']:.1f} s for 5,000")


def _read_note(run: dict[str, Any]) -> str:
    read = run.get("documents_read")
    if not read:
        return "read: not reported"
    return (f"read {read['read']}, from the cache {read['from_cache']}, unchanged (not run) "
            f"{read['unchanged']}")


def evaluate_builds(builds: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue 19's targets for `yjdata build`."""
    targets = []
    one = builds.get("1000", {})
    cold, again, direct = one.get("cold"), one.get("one_changed"), one.get("direct")
    if cold and cold.get("ok"):
        targets.append(target("`yjdata build`, 1,000 documents, cold",
                              f"{cold['wall_seconds']:.1f} s", "<= 120 s",
                              cold["wall_seconds"] <= TARGET_BUILD_SECONDS,
                              f"release step {cold['steps'].get('release', 0):.1f} s; load "
                              f"{cold['load_before']} -> {cold['load_after']}"))
        sizes = cold["sizes"]
        targets.append(target(
            "release size without the zip vs its Parquet data, 1,000 documents",
            f"{sizes['ratio_to_parquet']} x", "<= 25 x",
            sizes["ratio_to_parquet"] <= TARGET_SIZE_RATIO,
            f"{sizes['total_without_zip'] / 1e6:.1f} MB: csv {sizes['csv'] / 1e6:.1f}, sqlite "
            f"{sizes['sqlite'] / 1e6:.1f}, site {sizes['site'] / 1e6:.1f} (charts "
            f"{sizes['site_charts'] / 1e6:.1f}), validation {sizes['validation'] / 1e6:.1f}, "
            f"parquet {sizes['parquet'] / 1e6:.2f} MB; zip {sizes['zip'] / 1e6:.1f} MB"))
    if again and again.get("ok"):
        shared = again.get("shared", {})
        targets.append(target(
            "`yjdata build` again with one document changed", f"{again['wall_seconds']:.1f} s",
            "<= 30 s", again["wall_seconds"] <= TARGET_REBUILD_SECONDS,
            f"documents {_read_note(again)}; shares {shared.get('files', 0)} files "
            f"({shared.get('bytes', 0) / 1e6:.1f} MB) with the previous release, "
            f"{shared.get('new_bytes', 0) / 1e6:.1f} MB new; load {again['load_before']}"))
    if cold and direct and cold.get("ok") and direct.get("ok"):
        ratio = cold["wall_seconds"] / direct["wall_seconds"]
        targets.append(target("Dagster vs plain functions, `yjdata build` of 1,000 (release "
                              "included)", f"{ratio:.2f} x", "<= 1.3 x",
                              ratio <= TARGET_BUILD_OVERHEAD,
                              f"direct {direct['wall_seconds']:.1f} s (release "
                              f"{direct['stages'].get('release', 0):.1f} s)"))
    five = builds.get("5000", {}).get("cold")
    if cold and five and cold.get("ok") and five.get("ok"):
        targets.append(growth_target("`yjdata build`, 5,000 vs 1,000 documents", cold, five))
        targets.append(target("`yjdata build`, 5,000 documents: peak RSS",
                              f"{five['peak_rss_bytes'] / GIB:.2f} GiB", "<= 2 GiB",
                              five["peak_rss_bytes"] <= TARGET_BUILD_RSS))
    return targets


def evaluate(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Every target of the issues beside its measured value."""
    sizes = results["sizes"]
    targets = evaluate_builds(results.get("builds", {}))
    one = sizes.get("1000", {}).get("extract")
    if one and one.get("ok"):
        targets.append(target("1,000 documents through `yjdata extract`: wall time",
                              f"{one['wall_seconds']:.1f} s", "<= 60 s",
                              one["wall_seconds"] <= TARGET_1000_SECONDS))
        targets.append(target("1,000 documents: peak memory (RSS)",
                              f"{one['peak_rss_bytes'] / GIB:.2f} GiB", "<= 2 GiB",
                              one["peak_rss_bytes"] <= TARGET_1000_RSS))
    five = sizes.get("5000", {}).get("extract")
    if one and five and one.get("ok") and five.get("ok"):
        targets.append(growth_target("5,000 documents vs 1,000 (wall time ratio)", one, five))
    for size, entry in sizes.items():
        extract, direct = entry.get("extract"), entry.get("direct")
        if extract and direct and extract.get("ok") and direct.get("ok"):
            ratio = extract["wall_seconds"] / direct["wall_seconds"]
            run_ratio = extract["run_seconds"] / direct["run_seconds"]
            targets.append(target(f"Dagster vs plain functions, {int(size):,} documents",
                                  f"{ratio:.2f} x", "<= 1.5 x", ratio <= TARGET_OVERHEAD,
                                  f"whole processes; run only (after imports) {run_ratio:.2f} x"))
    sensor = results.get("sensor")
    if sensor and sensor.get("ok"):
        only = sensor["only_new_partition"]
        targets.append(target(
            f"one added document after a full build of {sensor['documents']:,}: what the "
            "sensor requests", f"{sensor['seconds']:.1f} s", "<= 15 s, only its partition",
            only and sensor["seconds"] <= TARGET_SENSOR_SECONDS,
            f"job `{sensor.get('job', '')}`; partitioned assets materialised for: "
            f"{', '.join(sensor['partitions'])}; {len(sensor['unpartitioned'])} unpartitioned "
            f"assets; no release in this run (the nightly build publishes: "
            f"{sensor.get('release_run_seconds', 0):.1f} s for the tables, checks and "
            "release afterwards)"))
    small = results.get("corpus")
    if small and small.get("ok"):
        targets.append(target("the five-document corpus through `yjdata extract`",
                              f"{small['wall_seconds']:.1f} s", "<= 15 s",
                              small["wall_seconds"] <= TARGET_SMALL_SECONDS))
    return targets


def write_results(results: dict[str, Any]) -> None:
    """results.json and results.md; every section between `<!-- NAME:begin -->` and
    `<!-- NAME:end -->` (the PDF conversion figures of benchmarks/pdf_conversion.py, figures
    measured by hand) is kept as it is."""
    RESULTS_JSON.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    kept = ""
    if RESULTS_MD.is_file():
        old = RESULTS_MD.read_text(encoding="utf-8")
        kept = "".join(f"\n{match.group(0)}\n" for match in KEPT_SECTION.finditer(old))
    RESULTS_MD.write_text(render_markdown(results) + kept, encoding="utf-8")


KEPT_SECTION = re.compile(r"<!-- ([\w-]+):begin -->.*?<!-- \1:end -->", re.DOTALL)


def _gib(value: int | None) -> str:
    return "" if value is None else f"{value / GIB:.2f}"


def render_markdown(results: dict[str, Any]) -> str:
    """results.md: targets first, then the measurements behind them."""
    c = results["conditions"]
    lines = [
        "# Benchmark results",
        "",
        f"Measured {c['date']} by `make bench` (`benchmarks/run_bench.py`, seed "
        f"{results['seed']}), Python {c['python']}, {c['cpus']} CPUs, {c['memory_gib']} GiB. "
        f"Load average {c['load_average']} at the start and "
        f"{results.get('load_average_end')} at the end: the machine is shared, so times "
        "vary with what else runs.",
        "",
        "## Targets",
        "",
        "| target | limit | measured | status | note |",
        "|---|---|---|---|---|",
    ]
    lines += [f"| {t['target']} | {t['limit']} | {t['measured']} | **{t['status']}** | "
              f"{t['note']} |" for t in results["targets"]]
    lines += ["", "## `yjdata extract` per corpus size", "",
              "| documents | corpus MB | wall s | run s | startup s | peak RSS GiB | docs/s |"
              " direct wall s | direct peak RSS GiB | overhead |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for size, entry in results["sizes"].items():
        e, d = entry.get("extract", {}), entry.get("direct", {})
        overhead = (f"{e['wall_seconds'] / d['wall_seconds']:.2f} x"
                    if e.get("ok") and d.get("ok") else "")
        lines.append(
            f"| {int(size):,} | {entry['corpus_mb']} | {e.get('wall_seconds', '')} | "
            f"{e.get('run_seconds', '')} | {e.get('startup_seconds', '')} | "
            f"{_gib(e.get('peak_rss_bytes'))} | {e.get('documents_per_second', '')} | "
            f"{d.get('wall_seconds', '')} | {_gib(d.get('peak_rss_bytes'))} | {overhead} |")
    small = results.get("corpus")
    if small:
        lines.append(f"| 5 (corpus) | | {small.get('wall_seconds', '')} | "
                     f"{small.get('run_seconds', '')} | {small.get('startup_seconds', '')} | "
                     f"{_gib(small.get('peak_rss_bytes'))} | "
                     f"{small.get('documents_per_second', '')} | | | |")
    lines += ["", "## Seconds per stage", "",
              "Dagster: each step's time from the run's progress lines (a step's input "
              "loading, compute, output pickling and events); the per-document step "
              "(`document_extracts`) split into its stages by the seconds it logs, the rest "
              "of it being storage and events. Direct: the same functions called in one "
              "process (`benchmarks/direct.py`). `catalogue` holds the catalogue multi-asset "
              "(every published table joined from the documents, with its UI metadata) and "
              "the reference assets.", ""]
    stage_names: list[str] = []
    for entry in results["sizes"].values():
        for part in ("extract", "direct"):
            for name in entry.get(part, {}).get("stages", {}):
                if name not in stage_names:
                    stage_names.append(name)
    header = "| stage | " + " | ".join(
        f"{int(s):,} dagster | {int(s):,} direct" for s in results["sizes"]) + " |"
    lines += [header, "|---|" + "---:|---:|" * len(results["sizes"])]
    for name in stage_names:
        cells = []
        for entry in results["sizes"].values():
            for part in ("extract", "direct"):
                cells.append(str(entry.get(part, {}).get("stages", {}).get(name, "")))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    growth = results.get("growth")
    if growth:
        lines += ["", "## Growth from 1,000 to 5,000 documents", "",
                  "Ratio of seconds at 5,000 to seconds at 1,000 (5.0 is linear).", "",
                  "| stage | ratio |", "|---|---:|"]
        lines += [f"| {name} | {ratio} |" for name, ratio in growth.items()]
    sensor = results.get("sensor")
    if sensor and sensor.get("ok"):
        lines += ["", "## Sensor scenario", "",
                  f"Full build (`build_release`) of {sensor['documents']:,} documents: "
                  f"{sensor['full_build_seconds']:.1f} s. Then one document was added and "
                  f"what the sensor requested ran: {sensor['seconds']:.1f} s (sensor tick "
                  f"{sensor['sensor_seconds']:.1f} s, run {sensor['run_seconds']:.1f} s, of "
                  f"which the `release` step {sensor['steps'].get('release', 0):.1f} s: "
                  f"{sensor['seconds_without_release']:.1f} s without it). "
                  f"Run requests: {sensor['new_requests']}. Partitioned assets materialised "
                  f"for: {', '.join(sensor['partitions'])}. Unpartitioned assets "
                  f"materialised: {len(sensor['unpartitioned'])} of "
                  f"{sensor['unpartitioned_expected']} (job `{sensor.get('job', '')}`, which "
                  "publishes no release). Then the build job's unpartitioned assets with a "
                  f"release, as the nightly build runs them: "
                  f"{sensor.get('release_run_seconds', 0):.1f} s, of which the `release` step "
                  f"{sensor.get('release_step_seconds', 0):.1f} s (chart cache warm). Peak RSS "
                  f"{_gib(sensor.get('peak_rss_bytes'))} GiB."]
    lines += render_builds(results.get("builds", {}))
    profile = results.get("profile")
    if profile:
        lines += ["", "## Profile", "",
                  f"`yjdata extract` on {profile['documents']:,} documents under the profiler "
                  f"({profile['profiled_wall_seconds']} s with the profiler's overhead): "
                  + ", ".join(f"`{f}`" for f in profile["files"]) + "."]
    notes = results.get("notes") or []
    if notes:
        lines += ["", "## Notes", ""] + [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"


def render_builds(builds: dict[str, Any]) -> list[str]:
    """The `yjdata build` section: each build's time, memory, load and release size."""
    if not builds:
        return []
    lines = ["", "## `yjdata build`", "",
             "A cold build (fresh Dagster instance, no chart cache, no earlier release), then "
             "the same folder again with one document changed; `direct` is the same work "
             "through plain functions with `publish_release` (`benchmarks/direct.py "
             "--releases`). Load average before and after each run (2 CPUs, shared).", "",
             "| documents | run | wall s | release step s | document step s | peak RSS GiB "
             "| release MB (no zip) | x Parquet | load before -> after |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---|"]
    for size, entry in builds.items():
        for name in ("cold", "one_changed", "direct"):
            run = entry.get(name)
            if not run or not run.get("ok"):
                continue
            steps, sizes = run.get("steps", {}), run.get("sizes", {})
            release = steps.get("release", run.get("stages", {}).get("release", ""))
            lines.append(
                f"| {int(size):,} | {name} | {run['wall_seconds']} | {release} | "
                f"{steps.get(DOCUMENT_STEP, '')} | {_gib(run['peak_rss_bytes'])} | "
                f"{round(sizes['total_without_zip'] / 1e6, 1) if sizes else ''} | "
                f"{sizes.get('ratio_to_parquet', '')} | {run['load_before']} -> "
                f"{run['load_after']} |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="comma-separated corpus sizes (default 100,1000,5000)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary one)")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--profile-html", action="store_true",
                        help="also save the profile as interactive HTML (tens of MB)")
    parser.add_argument("--no-sensor", action="store_true")
    parser.add_argument("--no-direct", action="store_true")
    parser.add_argument("--build-sizes", default="1000",
                        help="corpus sizes to run `yjdata build` on (default 1000; '' none)")
    parser.add_argument("--note", action="append", default=[],
                        help="a line for the Notes section of results.md")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    build_sizes = {int(s) for s in args.build_sizes.split(",") if s.strip()}
    sys.path.insert(0, str(ROOT))
    from benchmarks.build_bench import build_scenario, direct_with_release
    from benchmarks.generate import generate

    work = args.work or Path(tempfile.mkdtemp(prefix="yjdata-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"seed": args.seed, "conditions": conditions(), "sizes": {},
                               "notes": args.note}
    try:
        print("bench: five-document corpus through yjdata extract", flush=True)
        results["corpus"] = measure_extract(CORPUS, work / "out-corpus")
        for size in sizes:
            corpus = work / f"corpus-{size}"
            shutil.rmtree(corpus, ignore_errors=True)
            print(f"bench: generating {size:,} documents", flush=True)
            start = time.perf_counter()
            generate(corpus, size, args.seed)
            entry = SizeResult(size, round(sum(p.stat().st_size for p in corpus.iterdir())
                                           / 1e6, 1), round(time.perf_counter() - start, 2))
            print(f"bench: {size:,} documents through yjdata extract", flush=True)
            entry.extract = measure_extract(corpus, work / f"out-{size}")
            if not args.no_direct:
                print(f"bench: {size:,} documents through the plain functions", flush=True)
                entry.direct = measure_direct(corpus, work / f"direct-{size}", work)
            results["sizes"][str(size)] = asdict(entry)
            write_results({**results, "targets": evaluate(results)})
            if size == 1000 and not args.no_profile:
                print("bench: profiling 1,000 documents", flush=True)
                results["profile"] = {**profile_extract(corpus, work / "out-profile", size,
                                                        args.profile_html), "documents": size}
            if size in build_sizes:
                results.setdefault("builds", {})[str(size)] = build_scenario(
                    run_child, yjdata_command(), child_env(), corpus, work, step_seconds)
                if not args.no_direct:
                    print(f"bench: {size:,} documents built through the plain functions",
                          flush=True)
                    results["builds"][str(size)]["direct"] = direct_with_release(
                        run_child, child_env(), corpus, work)
                write_results({**results, "targets": evaluate(results)})
            if size == 1000 and not args.no_sensor:
                print("bench: sensor scenario on 1,000 documents", flush=True)
                results["sensor"] = measure_sensor(corpus, work, args.seed)
            shutil.rmtree(work / f"out-{size}", ignore_errors=True)
            shutil.rmtree(work / f"direct-{size}", ignore_errors=True)
        one, five = results["sizes"].get("1000"), results["sizes"].get("5000")
        if one and five and one["extract"].get("ok") and five["extract"].get("ok"):
            results["growth"] = {
                name: round(five["extract"]["stages"][name] / seconds, 2)
                for name, seconds in one["extract"]["stages"].items()
                if seconds > 0 and name in five["extract"]["stages"]
            } | {"wall": round(five["extract"]["wall_seconds"]
                               / one["extract"]["wall_seconds"], 2)}
        results["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
        results["targets"] = evaluate(results)
        write_results(results)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    for t in results["targets"]:
        print(f"{t['status']:4}  {t['target']}: {t['measured']} ({t['limit']})")
    print(f"bench: wrote {RESULTS_MD.relative_to(ROOT)} and {RESULTS_JSON.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
