"""`yjdata build` as users run it (issue 19): a cold build, a build with one document
changed, the same work through plain functions, and what a release weighs on disk.

Used by `benchmarks/run_bench.py`; each measurement runs in a child process (wall time,
peak RSS) with the machine's load average before and after, since the machine is shared.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
_RELEASE_AT = re.compile(r"release (\S+) at (\S+)")
ZIP_SUFFIX = ".zip"
CHANGED_LINE = "\n\nThis plan was reviewed again; nothing in it changed but this sentence.\n"


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _tree_bytes(path: Path, keep: Callable[[Path], bool] = lambda p: True) -> int:
    if path.is_file():
        return path.stat().st_size if keep(path) else 0
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and keep(p))


def release_sizes(release: Path) -> dict[str, Any]:
    """Bytes of a release by part, the total without the zip, and that total against the
    Parquet data (the issue's size target)."""
    parts = {
        "parquet": _tree_bytes(release / "parquet"),
        "csv": _tree_bytes(release / "csv"),
        "sqlite": _tree_bytes(release / "yjdata.sqlite.gz"),
        "site": _tree_bytes(release / "site"),
        "site_charts": _tree_bytes(release / "site" / "assets" / "charts"),
        "validation": _tree_bytes(release / "validation"),
        "zip": sum(p.stat().st_size for p in release.glob(f"*{ZIP_SUFFIX}")),
    }
    total = _tree_bytes(release, lambda p: p.suffix != ZIP_SUFFIX or p.parent != release)
    parts["total_without_zip"] = total
    parts["ratio_to_parquet"] = round(total / parts["parquet"], 1) if parts["parquet"] else None
    return parts


def shared_with(release: Path, previous: Path) -> dict[str, int]:
    """Files (and bytes) of `release` that are the same file on disk as `previous`'s."""
    files = size = 0
    for path in release.rglob("*"):
        old = previous / path.relative_to(release)
        if path.is_file() and old.is_file() and os.stat(old).st_ino == os.stat(path).st_ino:
            files += 1
            size += path.stat().st_size
    return {"files": files, "bytes": size,
            "new_bytes": _tree_bytes(release) - size}


_DOCUMENTS_READ = re.compile(r"(\d+) read, (\d+) from the cache, (\d+) unchanged")


def measure_build(run_child: Callable, command: list[str], env: dict[str, str],
                  sources: Path, releases: Path, home: Path,
                  step_seconds: Callable[[str], dict[str, float]]) -> dict[str, Any]:
    """`yjdata build` of `sources` into `releases` on the Dagster instance in `home`."""
    load_before = _load()
    run = run_child([*command, "build", "--sources", str(sources), "--releases",
                     str(releases)], {**env, "DAGSTER_HOME": str(home)})
    found = _RELEASE_AT.search(run.stdout)
    result: dict[str, Any] = {
        "ok": run.ok() and found is not None,
        "wall_seconds": round(run.seconds, 2),
        "peak_rss_bytes": run.peak_rss_bytes,
        "steps": step_seconds(run.stderr),
        "load_before": load_before,
        "load_after": _load(),
    }
    documents = _DOCUMENTS_READ.search(run.stdout)
    if documents:
        result["documents_read"] = dict(zip(("read", "from_cache", "unchanged"),
                                            map(int, documents.groups()), strict=True))
    if found:
        result["release"] = found.group(2)
        result["sizes"] = release_sizes(Path(found.group(2)))
    if not result["ok"]:
        result["error"] = (run.stderr or run.stdout)[-3000:]
    return result


def change_one_document(sources: Path) -> str:
    """Append a sentence to the first document, as an edited plan would arrive."""
    first = sorted(sources.glob("*.txt"))[0]
    with first.open("a", encoding="utf-8") as handle:
        handle.write(CHANGED_LINE)
    return first.name


def build_scenario(run_child: Callable, command: list[str], env: dict[str, str],
                   corpus: Path, work: Path,
                   step_seconds: Callable[[str], dict[str, float]]) -> dict[str, Any]:
    """A cold build (no Dagster instance, no chart cache, no earlier release), then the
    same build again with one document changed: its time and what it shares on disk."""
    base = work / f"build-{corpus.name}"
    shutil.rmtree(base, ignore_errors=True)
    sources, releases, home = base / "sources", base / "releases", base / "home"
    shutil.copytree(corpus, sources)
    home.mkdir(parents=True)
    shutil.copy(ROOT / "deploy" / "dagster.local.yaml", home / "dagster.yaml")
    print(f"bench: cold yjdata build of {corpus.name}", flush=True)
    cold = measure_build(run_child, command, env, sources, releases, home, step_seconds)
    result: dict[str, Any] = {"cold": cold}
    if cold["ok"]:
        changed = change_one_document(sources)
        print(f"bench: yjdata build again with {changed} changed", flush=True)
        again = measure_build(run_child, command, env, sources, releases, home, step_seconds)
        again["changed"] = changed
        if again["ok"] and again["release"] != cold["release"]:
            again["shared"] = shared_with(Path(again["release"]), Path(cold["release"]))
        result["one_changed"] = again
    shutil.rmtree(base, ignore_errors=True)
    return result


def direct_with_release(run_child: Callable, env: dict[str, str], corpus: Path,
                        work: Path) -> dict[str, Any]:
    """The build's functions called directly (benchmarks/direct.py --releases)."""
    out, releases = work / "direct-build-out", work / "direct-build-releases"
    for folder in (out, releases):
        shutil.rmtree(folder, ignore_errors=True)
    load_before = _load()
    run = run_child([sys.executable, str(ROOT / "benchmarks" / "direct.py"), "--sources",
                     str(corpus), "--out", str(out), "--timings", str(work / "direct.json"),
                     "--releases", str(releases)], env)
    stages = (json.loads((work / "direct.json").read_text(encoding="utf-8"))
              if run.ok() else {})
    for folder in (out, releases):
        shutil.rmtree(folder, ignore_errors=True)
    return {"ok": run.ok(), "wall_seconds": round(run.seconds, 2),
            "peak_rss_bytes": run.peak_rss_bytes, "load_before": load_before,
            "load_after": _load(), "stages": {k: round(v, 2) for k, v in stages.items()},
            **({} if run.ok() else {"error": run.stderr[-3000:]})}
