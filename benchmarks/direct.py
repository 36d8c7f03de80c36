"""The extract graph's work done by calling its plain functions in one process.

Usage: python benchmarks/direct.py --sources DIR --out DIR --timings FILE.json

This is the baseline for the framework's overhead: the same functions, in the same order
and on the same data as the assets of `yjdata extract` (`process_document` for each
document, `combine_documents`, the GX suite and the rules of every table, the table
files), with no Dagster, no IO manager and no event log. It records seconds per stage.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STARTED = time.perf_counter()

import pandas as pd  # noqa: E402

from pipeline.assets.documents import EXTRACTED_TABLES  # noqa: E402
from pipeline.extract import DOMAINS  # noqa: E402
from pipeline.extract.document import combine_documents, process_document  # noqa: E402
from pipeline.ingest.manifest import load_manifest  # noqa: E402
from pipeline.ingest.sources import DEFAULT_MAX_BYTES, discover_sources  # noqa: E402
from pipeline.metadata.indicators import INDICATORS as INDICATOR_ROWS  # noqa: E402
from pipeline.metadata.registry import INDICATORS, TABLE_SPECS, YOTS  # noqa: E402
from pipeline.metadata.schemas import conform  # noqa: E402
from pipeline.publish.release import write_tables  # noqa: E402
from pipeline.reference.areas import AreaResolver, load_yots  # noqa: E402
from pipeline.report import ERROR, report_dict  # noqa: E402
from pipeline.timing import StageTimer  # noqa: E402
from pipeline.validate.gx_runner import TableValidator  # noqa: E402

IMPORTED = time.perf_counter()


def run(sources: Path, out: Path, expectations: Path) -> dict[str, float]:
    """Run every stage of the extract graph directly; return seconds per stage."""
    stage = StageTimer()
    with stage("ingest"):
        manifest = load_manifest(sources)
        resolver = AreaResolver.default()
        found = {s.document_id: s for s in discover_sources(sources, manifest.document_ids)}
    results = {
        key: process_document(key, source, manifest.metadata.get(source.name), resolver,
                              DEFAULT_MAX_BYTES, timer=stage)
        for key, source in found.items()
    }
    with stage("catalogue"):  # catalogue, tables, reference tables and fact tables
        outputs = combine_documents(results, EXTRACTED_TABLES)
        frames = {
            "yots": conform(load_yots(), YOTS),
            "indicators": conform(pd.DataFrame(
                [{"indicator": i.indicator, "label": i.label, "unit": i.unit,
                  "definition": i.definition, "better": i.better} for i in INDICATOR_ROWS]),
                INDICATORS),
            **{name: output.frame for name, output in outputs.items()},
        }
        issues = [issue for output in outputs.values() for issue in output.issues]
    checks = []
    with stage("validate_gx"):
        validator = TableValidator(expectations)  # one GX context, as the `gx` resource
        for spec in TABLE_SPECS:
            summary = validator.validate(spec, frames[spec.name])
            checks.append({**summary.as_dict(), "check": "gx_suite", "asset": spec.name})
    with stage("validate_rules"):
        for domain in DOMAINS:
            for name, rule in domain.rules.items():
                found_issues = rule(frames[name])
                checks.append({"table": name, "check": "rules", "asset": name,
                               "success": not any(i.severity == ERROR for i in found_issues)})
    with stage("write"):
        write_tables({spec.name: frames[spec.name] for spec in TABLE_SPECS}, out)
        (out / "report.json").write_text(
            json.dumps(report_dict(issues, checks), indent=2, default=str) + "\n",
            encoding="utf-8")
    seconds = dict(stage.seconds)
    seconds["documents"] = float(len(frames["documents"]))
    seconds["failed_checks"] = float(sum(not c["success"] for c in checks))
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sources", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--timings", type=Path, required=True)
    parser.add_argument("--expectations", type=Path, default=ROOT / "expectations")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    seconds = run(args.sources, args.out, args.expectations)
    seconds["imports"] = IMPORTED - STARTED
    seconds["total_in_process"] = time.perf_counter() - STARTED
    args.timings.write_text(json.dumps(seconds, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
