"""Peak RSS of each step of a cold `yjdata build` (issue 19: 5,000 documents in 2 GiB).

Usage: python benchmarks/step_memory.py --sources DIR --work DIR [--json FILE]

Runs `yjdata build` of `DIR` on a fresh Dagster instance (`deploy/dagster.local.yaml`) and
samples the build process's resident memory every 0.2 s from `/proc`; each sample is
attributed to the step that finishes next (steps run one after another in the build's
process: the progress lines on stderr say when each ends). The document pool's workers
are sampled apart (their sum), since they live only inside the document step. Wall time
and the CPU seconds of the whole process tree (`os.wait4`) are recorded too: the machine
is shared, so CPU seconds are the comparable time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
_DONE = re.compile(r"^\s+[\d.]+s\s+(?:done|FAILED|skipped)\s+(\S+)")
PAGE = os.sysconf("SC_PAGE_SIZE")


def _rss(pid: int) -> int:
    """Resident bytes of one process (0 once it has gone)."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
            return [int(p) for p in handle.read().split()]
    except OSError:
        return []


class Sampler:
    """RSS samples of the build's process, attributed to the step running."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.current: list[tuple[int, int]] = []  # (own, workers) since the last step
        self.steps: dict[str, dict[str, float]] = {}
        self.lock = threading.Lock()
        self.started = time.monotonic()
        self.last = self.started
        self.peak = 0

    def sample(self) -> None:
        own = _rss(self.pid)
        workers = sum(_rss(child) for child in _children(self.pid))
        with self.lock:
            self.current.append((own, workers))
            self.peak = max(self.peak, own)

    def step_done(self, step: str) -> None:
        self.sample()
        with self.lock:
            now = time.monotonic()
            own = max((s[0] for s in self.current), default=0)
            workers = max((s[1] for s in self.current), default=0)
            self.steps[step] = {"seconds": round(now - self.last, 1),
                                "peak_rss_gib": round(own / 2**30, 3),
                                "workers_gib": round(workers / 2**30, 3),
                                "after_gib": round(self.current[-1][0] / 2**30, 3)}
            self.current, self.last = [], now


def run(sources: Path, work: Path) -> dict[str, Any]:
    """A cold build of `sources` in `work` (emptied first), measured."""
    shutil.rmtree(work, ignore_errors=True)
    home, releases = work / "home", work / "releases"
    home.mkdir(parents=True)
    shutil.copy(ROOT / "deploy" / "dagster.local.yaml", home / "dagster.yaml")
    # this checkout's code, whichever checkout's virtual environment runs it
    env = {**os.environ, "DAGSTER_HOME": str(home), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "pipeline.cli", "build", "--sources", str(sources),
               "--releases", str(releases)]
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env, cwd=ROOT)
    sampler = Sampler(process.pid)
    stop = threading.Event()

    def sampling() -> None:
        while not stop.wait(0.2):
            sampler.sample()

    thread = threading.Thread(target=sampling, daemon=True)
    thread.start()
    assert process.stderr is not None
    tail: list[str] = []
    for line in process.stderr:
        tail = [*tail[-40:], line]
        match = _DONE.match(line)
        if match:
            sampler.step_done(match.group(1))
    _, status, usage = os.wait4(process.pid, 0)
    stop.set()
    thread.join()
    stdout = process.stdout.read() if process.stdout else ""
    return {"ok": status == 0, "wall_seconds": round(time.monotonic() - started, 1),
            "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
            "peak_rss_gib": round(sampler.peak / 2**30, 3),
            "max_rss_gib (wait4, largest process)": round(usage.ru_maxrss / 2**20, 3),
            "steps": sampler.steps, "stdout": stdout[-500:],
            **({} if status == 0 else {"stderr": "".join(tail)})}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sources", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    result = run(args.sources, args.work)
    text = json.dumps(result, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    sys.exit(0 if result["ok"] else 1)


if __name__ == "__main__":
    main()
