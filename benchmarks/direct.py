"""The extract graph's work done by calling its plain functions, with no Dagster.

Usage: python benchmarks/direct.py --sources DIR --out DIR --timings FILE.json

This is the baseline for the framework's overhead: the same functions, in the same order
and on the same data as the assets of `yjdata extract` (`process_document` for each
document, in worker processes as `document_extracts` runs them; `combine_documents` and
each fact table judged by its rules and per-row expectations, the GX suite and the
rules check of every table, the table files), with no Dagster, no IO manager and no
event log. It records seconds per stage. With `--releases DIR` it also publishes the
release (`publish_release`, as the `release` asset does): the baseline for `yjdata build`.
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
from pipeline.extract.cache import DocumentCache  # noqa: E402
from pipeline.extract.document import combine_documents  # noqa: E402
from pipeline.extract.pool import DocumentJob, Settings, extract_documents  # noqa: E402
from pipeline.ingest.manifest import load_manifest  # noqa: E402
from pipeline.ingest.sources import DEFAULT_MAX_BYTES, discover_sources  # noqa: E402
from pipeline.metadata.indicators import INDICATORS as INDICATOR_ROWS  # noqa: E402
from pipeline.metadata.registry import (  # noqa: E402
    INDICATORS,
    KPI_SERIES,
    SUBJECTS,
    TABLE_SPECS,
    YOTS,
)
from pipeline.metadata.schemas import conform  # noqa: E402
from pipeline.publish.release import publish_release, write_tables  # noqa: E402
from pipeline.publish.series import kpi_series  # noqa: E402
from pipeline.reference.areas import load_subjects, load_yots  # noqa: E402
from pipeline.report import TableOutput, report_dict  # noqa: E402
from pipeline.timing import StageTimer  # noqa: E402
from pipeline.validate.docs import checked_results  # noqa: E402
from pipeline.validate.gx_runner import TableValidator  # noqa: E402
from pipeline.validate.withhold import (  # noqa: E402
    DEFAULT_MAX_WITHHELD_SHARE,
    judged_output,
    published_verdict_problems,
    share_problem,
    withheld_report,
    withheld_table,
)

IMPORTED = time.perf_counter()


def run(sources: Path, out: Path, expectations: Path,
        releases: Path | None = None, workers: int | None = None) -> dict[str, float]:
    """Run every stage of the extract graph directly; return seconds per stage (the
    documents' stages summed over the extraction workers, as the document step logs them)."""
    stage = StageTimer()
    with stage("ingest"):
        manifest = load_manifest(sources)
        found = {s.document_id: s for s in discover_sources(sources, manifest.document_ids)}
    jobs = [DocumentJob(key, source, manifest.metadata.get(source.name), None)
            for key, source in found.items()]
    results = extract_documents(jobs, Settings(DEFAULT_MAX_BYTES), DocumentCache(None),
                                workers, stage).results
    with stage("catalogue"):  # catalogue, tables, reference tables, judged fact tables
        validator = TableValidator(expectations)  # one GX context, as the `gx` resource
        outputs = combine_documents(results, EXTRACTED_TABLES)
        domains = {name: domain for domain in DOMAINS for name in domain.tables}
        for name in EXTRACTED_TABLES:
            outputs[name] = judged_output(name, outputs[name], domains[name], validator)
        outputs["withheld"] = TableOutput(withheld_table(outputs))
        subjects = conform(load_subjects(), SUBJECTS)
        frames = {
            "yots": conform(load_yots(), YOTS),
            "subjects": subjects,
            "indicators": conform(pd.DataFrame(
                [{"indicator": i.indicator, "label": i.label, "unit": i.unit,
                  "definition": i.definition, "better": i.better} for i in INDICATOR_ROWS]),
                INDICATORS),
            **{name: output.frame for name, output in outputs.items()},
        }
        frames[KPI_SERIES.name] = kpi_series(frames["kpi_observations"], subjects)
        issues = [issue for output in outputs.values() for issue in output.issues]
    checks = []
    with stage("validate_gx"):
        for spec in TABLE_SPECS:
            summary = validator.validate(spec, frames[spec.name])
            checks.append({**summary.as_dict(), "check": "gx_suite", "asset": spec.name})
    with stage("validate_rules"):
        for domain in DOMAINS:
            for name in domain.rules:
                problems = published_verdict_problems(domain, name, outputs[name])
                checks.append({"table": name, "check": "rules", "asset": name,
                               "success": not problems})
        problem = share_problem(frames["withheld"], len(frames["documents"]),
                                DEFAULT_MAX_WITHHELD_SHARE)
        checks.append({"table": "withheld", "check": "withheld_share", "asset": "withheld",
                       "success": problem is None})
    with stage("write"):
        write_tables({spec.name: frames[spec.name] for spec in TABLE_SPECS}, out)
        report = report_dict(issues, checks, withheld_report(
            frames["withheld"], {name: frames[name] for name in EXTRACTED_TABLES}))
        (out / "report.json").write_text(
            json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    if releases is not None:
        with stage("release"):
            names = [spec.name for spec in TABLE_SPECS]
            publish_release({name: frames[name] for name in names}, releases, report,
                            expectations, sources_dir=sources,
                            validation_results=checked_results(validator.context, names))
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
    parser.add_argument("--releases", type=Path, help="also publish a release here")
    parser.add_argument("--workers", type=int, help="extraction processes (default: one "
                        "per CPU, as `document_extracts`)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    seconds = run(args.sources, args.out, args.expectations, args.releases, args.workers)
    seconds["imports"] = IMPORTED - STARTED
    seconds["total_in_process"] = time.perf_counter() - STARTED
    args.timings.write_text(json.dumps(seconds, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
