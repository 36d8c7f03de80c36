"""The release step alone, from a folder of table files: where its time and memory go.

Usage: python benchmarks/release_only.py --data DIR --sources DIR --releases DIR
           [--profile FILE.prof | --no-profile] [--timings FILE.json] [--today YYYY-MM-DD]

`DIR` is what `benchmarks/direct.py --out` (or `yjdata extract`) writes: every table as
`<table>.parquet` and the run's `report.json`. The tables are read back with the
registry's types and handed to `publish_release`, as the `release` asset does, so the
release can be measured again and again without extracting the corpus each time (run it
twice on one releases folder for the incremental case). Seconds per part of the release
are recorded from a profile of the call (cumulative CPU time of each part's function;
`release` is wall time, `release_cpu` the process's CPU time); `--no-profile` leaves the
profiler out and records only those two.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import pstats
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from pipeline.metadata.registry import TABLE_SPECS  # noqa: E402
from pipeline.metadata.schemas import from_arrow  # noqa: E402
from pipeline.publish.release import publish_release  # noqa: E402
from pipeline.validate.docs import checked_results  # noqa: E402
from pipeline.validate.gx_runner import TableValidator  # noqa: E402

# part of the release -> (module file suffix, function name) whose cumulative time it is
PARTS = {
    "table files": ("publish/release.py", "write_tables"),
    "derived views": ("publish/release.py", "derived_frames"),
    "derived files": ("publish/derived.py", "write_derived"),
    "data docs": ("validate/docs.py", "build_data_docs"),
    "datapackage": ("publish/datapackage.py", "datapackage"),
    "readme": ("publish/readme.py", "release_readme"),
    "changelog": ("publish/changelog.py", "changelog"),
    "sqlite": ("publish/sqlite.py", "write_sqlite"),
    "sqlite gzip": ("publish/compress.py", "gzip_file"),
    "site": ("site/build.py", "build_site"),
    "zip": ("publish/bundle.py", "write_zip"),
    "checksums": ("publish/bundle.py", "write_checksums"),
    "share": ("publish/share.py", "share_unchanged"),
}


def load_tables(data_dir: Path) -> dict[str, pd.DataFrame]:
    """Every registry table of `data_dir` with the registry's pandas types."""
    return {spec.name: from_arrow(pq.read_table(data_dir / f"{spec.name}.parquet"))
            for spec in TABLE_SPECS}


def part_seconds(stats: pstats.Stats) -> dict[str, float]:
    """Cumulative seconds of each part's function in a profile."""
    found = {}
    for (filename, _, function), row in stats.stats.items():  # type: ignore[attr-defined]
        for part, (suffix, name) in PARTS.items():
            if function == name and filename.endswith(suffix):
                found[part] = round(found.get(part, 0.0) + row[3], 2)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--sources", type=Path, required=True)
    parser.add_argument("--releases", type=Path, required=True)
    parser.add_argument("--expectations", type=Path, default=ROOT / "expectations")
    parser.add_argument("--profile", type=Path)
    parser.add_argument("--timings", type=Path)
    parser.add_argument("--today", type=dt.date.fromisoformat)
    parser.add_argument("--no-profile", action="store_true",
                        help="no profiler: the release's wall and CPU seconds only (a "
                        "profile inflates pandas-heavy parts several times)")
    parser.add_argument("--checked", action="store_true",
                        help="validate every table first, as the run's checks do (not "
                        "timed), and render Data Docs from those results")
    args = parser.parse_args()
    tables = load_tables(args.data)
    report = json.loads((args.data / "report.json").read_text(encoding="utf-8"))
    results = None
    if args.checked:
        validator = TableValidator(args.expectations)
        for spec in TABLE_SPECS:
            validator.validate(spec, tables[spec.name])
        results = checked_results(validator.context, list(tables))
    profiler = None if args.no_profile else cProfile.Profile(time.process_time)
    started, cpu_started = time.perf_counter(), time.process_time()
    if profiler:  # CPU seconds: the machine is shared
        profiler.enable()
    result = publish_release(tables, args.releases, report, args.expectations,
                             today=args.today, sources_dir=args.sources,
                             validation_results=results)
    if profiler:
        profiler.disable()
    seconds = {"release": round(time.perf_counter() - started, 2),
               "release_cpu": round(time.process_time() - cpu_started, 2)}
    if profiler:
        stats = pstats.Stats(profiler)
        if args.profile:
            stats.dump_stats(args.profile)
        seconds.update(part_seconds(stats))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    summary = {"version": result.version, "up_to_date": result.up_to_date,
               "seconds": seconds, "peak_rss_gib": round(peak, 2)}
    print(json.dumps(summary, indent=2))
    if args.timings:
        args.timings.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
