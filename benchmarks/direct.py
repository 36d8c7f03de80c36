"""The extract graph's work done by calling its plain functions in one process.

Usage: python benchmarks/direct.py --sources DIR --out DIR --timings FILE.json

This is the baseline for the framework's overhead: the same functions, in the same order
and on the same data as the assets of `yjdata extract` (ingest, parse, the four extractors,
catalogue and fact tables, the GX suite and the rules of every table, the table files),
with no Dagster, no IO manager and no event log. It records seconds per stage.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STARTED = time.perf_counter()

import pandas as pd  # noqa: E402

from pipeline.extract import DOMAINS  # noqa: E402
from pipeline.extract.base import combine, document_context, run_extractor  # noqa: E402
from pipeline.extract.inspections import inspection_metadata  # noqa: E402
from pipeline.ingest.catalogue import (  # noqa: E402
    SourceDocument,
    documents_frame,
    ingest_source,
    rejections_frame,
    split_duplicates,
)
from pipeline.ingest.manifest import load_manifest  # noqa: E402
from pipeline.ingest.sources import DEFAULT_MAX_BYTES, discover_sources  # noqa: E402
from pipeline.metadata.enums import INSPECTION_REPORT  # noqa: E402
from pipeline.metadata.indicators import INDICATORS as INDICATOR_ROWS  # noqa: E402
from pipeline.metadata.registry import INDICATORS, TABLE_SPECS, YOTS  # noqa: E402
from pipeline.metadata.schemas import conform  # noqa: E402
from pipeline.parse import parse_tables  # noqa: E402
from pipeline.parse.dataset import tables_frame  # noqa: E402
from pipeline.publish.release import write_tables  # noqa: E402
from pipeline.reference.areas import AreaResolver, load_yots  # noqa: E402
from pipeline.report import ERROR, report_dict  # noqa: E402
from pipeline.validate.gx_runner import TableValidator  # noqa: E402

IMPORTED = time.perf_counter()


class Stages:
    """Seconds per named stage, in the order the stages ran."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start


def run(sources: Path, out: Path, expectations: Path) -> dict[str, float]:
    """Run every stage of the extract graph directly; return seconds per stage."""
    stage = Stages()
    with stage("ingest"):
        manifest = load_manifest(sources)
        resolver = AreaResolver.default()
        results = {
            source.document_id: ingest_source(source, manifest.metadata.get(source.name),
                                              resolver, DEFAULT_MAX_BYTES)
            for source in discover_sources(sources, manifest.document_ids)
        }
    with stage("parse"):
        parsed = {key: parse_tables(item.document.text, item.document_id)
                  if isinstance(item, SourceDocument) else []
                  for key, item in results.items()}
    extracts: dict[str, dict[str, dict]] = {}
    for domain in DOMAINS:
        with stage(f"extract_{domain.name}"):
            extracts[domain.name] = {
                key: run_extractor(domain, document_context(item, parsed[key]))
                if isinstance(item, SourceDocument) else {}
                for key, item in results.items()
            }
    with stage("catalogue"):  # catalogue, tables, reference tables and fact tables
        kept, rejected = split_duplicates(results)
        inspections = {item.document_id: inspection_metadata(document_context(item, []))
                       for item in kept if item.metadata.document_type == INSPECTION_REPORT}
        documents = documents_frame(kept, {k: len(t) for k, t in parsed.items()}, inspections)
        catalogued = list(documents["document_id"])
        issues = [issue for item in kept for issue in item.issues]
        frames = {
            "yots": conform(load_yots(), YOTS),
            "indicators": conform(pd.DataFrame(
                [{"indicator": i.indicator, "label": i.label, "unit": i.unit,
                  "definition": i.definition, "better": i.better} for i in INDICATOR_ROWS]),
                INDICATORS),
            "documents": documents,
            "rejections": rejections_frame(rejected),
            "tables": tables_frame(t for key in sorted(parsed) if key in set(catalogued)
                                   for t in parsed[key]),
        }
        for domain in DOMAINS:
            for name in domain.tables:
                output = combine((extracts[domain.name][key][name] for key in catalogued
                                  if name in extracts[domain.name].get(key, {})), name)
                frames[name] = output.frame
                issues += output.issues
    checks = []
    with stage("validate_gx"):
        validator = TableValidator(expectations)  # one GX context, as the `gx` resource
        for spec in TABLE_SPECS:
            summary = validator.validate(spec, frames[spec.name])
            checks.append({**summary.as_dict(), "check": "gx_suite", "asset": spec.name})
    with stage("validate_rules"):
        for domain in DOMAINS:
            for name, rule in domain.rules.items():
                found = rule(frames[name])
                checks.append({"table": name, "check": "rules", "asset": name,
                               "success": not any(i.severity == ERROR for i in found)})
    with stage("write"):
        write_tables({spec.name: frames[spec.name] for spec in TABLE_SPECS}, out)
        (out / "report.json").write_text(
            json.dumps(report_dict(issues, checks), indent=2, default=str) + "\n",
            encoding="utf-8")
    stage.seconds["documents"] = float(len(catalogued))
    stage.seconds["failed_checks"] = float(sum(not c["success"] for c in checks))
    return stage.seconds


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
