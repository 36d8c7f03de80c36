"""Benchmark of the table parser over the whole corpus (not a test).

Usage: python benchmarks/bench_parse.py [PASSES]   (default 20)

Parses every document in datasets/sources PASSES times in this process and writes
lines/s, documents/s and seconds per corpus pass to benchmarks/results/parse.json.
The first pass is reported apart because it fills the cleaning caches; the target
is a whole-corpus pass under 0.5 s.
"""

from __future__ import annotations

import json
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.parse import parse_tables  # noqa: E402
from pipeline.parse.markup import _clean_cached  # noqa: E402
from pipeline.parse.values import _read_cached  # noqa: E402

SOURCES = ROOT / "datasets" / "sources"
RESULTS = ROOT / "benchmarks" / "results" / "parse.json"
TARGET_SECONDS = 0.5


def corpus() -> list[tuple[str, str]]:
    """(document id, text) of every source document."""
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(SOURCES.glob("*.txt"))]


def one_pass(documents: list[tuple[str, str]], cold: bool) -> tuple[float, int]:
    """Seconds to parse the corpus once, and the number of tables found."""
    if cold:
        _clean_cached.cache_clear()
        _read_cached.cache_clear()
    start = time.perf_counter()
    tables = sum(len(parse_tables(text, doc_id)) for doc_id, text in documents)
    return time.perf_counter() - start, tables


def main(passes: int) -> dict[str, object]:
    """Run the benchmark and write its results."""
    documents = corpus()
    lines = sum(len(text.split("\n")) for _, text in documents)
    cold = [one_pass(documents, cold=True)[0] for _ in range(min(passes, 5))]
    warm_runs = [one_pass(documents, cold=False) for _ in range(passes)]
    warm = [seconds for seconds, _ in warm_runs]
    per_pass = statistics.median(cold)
    result = {
        "passes": passes,
        "documents": len(documents),
        "lines": lines,
        "tables": warm_runs[-1][1],
        "seconds_per_corpus_pass": round(per_pass, 5),
        "seconds_per_corpus_pass_warm_caches": round(statistics.median(warm), 5),
        "lines_per_second": round(lines / per_pass),
        "documents_per_second": round(len(documents) / per_pass, 1),
        "target_seconds": TARGET_SECONDS,
        "meets_target": per_pass < TARGET_SECONDS,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    print(json.dumps(main(count), indent=2))
