"""How much of a folder of real documents the pipeline reads: `make coverage`.

Usage: python benchmarks/coverage.py [--sources DIR] [--out DIR]

Runs `pipeline.extract.document.process_document` (the function the `document_extracts`
asset runs for each partition: ingest, detection, parse, every extractor, the loss count)
on every document in the folder, with the folder's manifest if it has one (the real plans
have none: everything is detected), and writes `coverage.md` and `coverage.json`: per
document, accepted or why not, the service, type and period detected, the data tables
found, fact rows per fact table, and numeric lines outside any data table and in no fact
row; totals first. No Dagster run and no release: the numbers are the same, in a fraction
of the time, and nothing is written but the two files.

The default folder is ../shared/real-plans (third-party text kept outside the repository);
when it is absent the script says so and exits 0. README files in the folder are skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.assets.documents import EXTRACTED_TABLES  # noqa: E402
from pipeline.extract.coverage import NUMBERS_NOT_READ  # noqa: E402
from pipeline.extract.document import (  # noqa: E402
    DocumentResult,
    data_table_count,
    process_document,
)
from pipeline.ingest.manifest import load_manifest  # noqa: E402
from pipeline.ingest.sources import DEFAULT_MAX_BYTES, discover_sources  # noqa: E402
from pipeline.reference.areas import AreaResolver  # noqa: E402

DEFAULT_SOURCES = ROOT.parent / "shared" / "real-plans"
DEFAULT_OUT = ROOT / "benchmarks"
COUNTS = ("numeric_lines", "numeric_lines_outside_tables", "numeric_lines_unread")


def measure(sources: Path) -> dict[str, Any]:
    """Every document's outcome and counts, and the totals."""
    manifest = load_manifest(sources)
    resolver = AreaResolver.default()
    documents = []
    for source in discover_sources(sources, manifest.document_ids):
        if source.name.lower().startswith("readme"):
            continue
        result = process_document(source.document_id, source,
                                  manifest.metadata.get(source.name), resolver,
                                  DEFAULT_MAX_BYTES)
        documents.append(document_entry(source.name, result))
    return {"sources": sources.name, "totals": totals(documents), "documents": documents}


def document_entry(file_name: str, result: DocumentResult) -> dict[str, Any]:
    """One document's line of the benchmark."""
    entry: dict[str, Any] = {"file": file_name, "document_id": result.document_id,
                             "accepted": not result.rejected}
    if result.rejected:
        entry["reason"] = result.outcome.reason
        return entry
    meta, row = result.outcome.metadata, result.row or {}
    unread = [i for i in result.outcome.issues if i.code == NUMBERS_NOT_READ]
    entry.update({
        "metadata_source": result.outcome.metadata_source,
        "yot_id": meta.yot_id,
        "document_type": meta.document_type,
        "period_label": meta.period_label,
        "period_start": meta.period_start.isoformat() if meta.period_start else None,
        "period_end": meta.period_end.isoformat() if meta.period_end else None,
        "detection_notes": sorted({i.code for i in result.outcome.issues
                                   if i.code.startswith(("detected_", "service_"))}),
        "tables": len(result.summaries),
        "data_tables": data_table_count(result),
        "fact_rows": {name: result.extracts[name].length for name in EXTRACTED_TABLES
                      if name in result.extracts and result.extracts[name].length},
        **{name: row.get(name) for name in COUNTS},
        "first_unread_lines": list(result.coverage.first_unread) if result.coverage else [],
        "warning": bool(unread) and unread[0].severity == "warning",
    })
    return entry


def totals(documents: list[dict[str, Any]]) -> dict[str, Any]:
    """The figures at the top of the report."""
    accepted = [d for d in documents if d["accepted"]]
    rows: Counter[str] = Counter()
    for entry in accepted:
        rows.update(entry["fact_rows"])
    counts = {name: sum(d[name] or 0 for d in accepted) for name in COUNTS}
    numeric = counts["numeric_lines"]
    return {
        "documents": len(documents),
        "accepted": len(accepted),
        "rejected": len(documents) - len(accepted),
        "with_fact_rows": sum(bool(d["fact_rows"]) for d in accepted),
        "data_tables": sum(d["data_tables"] for d in accepted),
        "fact_rows": sum(rows.values()),
        "fact_rows_by_table": dict(sorted(rows.items())),
        **counts,
        "numeric_lines_read_share": (round(1 - counts["numeric_lines_unread"] / numeric, 4)
                                     if numeric else None),
        "warnings_numbers_not_read": sum(d["warning"] for d in accepted),
    }


def markdown(report: dict[str, Any]) -> str:
    """The report as a page a person reads: totals, then one row per document."""
    t = report["totals"]
    share = (f"{t['numeric_lines_read_share']:.1%}" if t["numeric_lines_read_share"] is not None
             else "n/a")
    lines = [
        f"# Coverage of `{report['sources']}`",
        "",
        "Written by `make coverage` (`benchmarks/coverage.py`): every document through "
        "`process_document` (detection, parse, every extractor) with no manifest entry "
        "unless the folder has one. A numeric line prints a number that could be data "
        "(not only dates, years, numbering, page references or ages; see "
        "`pipeline/extract/coverage.py`).",
        "",
        f"- documents: **{t['documents']}**, accepted **{t['accepted']}**, rejected "
        f"**{t['rejected']}**",
        f"- data tables found: **{t['data_tables']}**; documents with fact rows: "
        f"**{t['with_fact_rows']}**; fact rows: **{t['fact_rows']}**"
        + (" (" + ", ".join(f"{k} {v}" for k, v in t["fact_rows_by_table"].items()) + ")"
           if t["fact_rows_by_table"] else ""),
        f"- numeric lines: **{t['numeric_lines']}**, outside any data table "
        f"**{t['numeric_lines_outside_tables']}**, in no fact row "
        f"**{t['numeric_lines_unread']}** (read: {share}); `numbers_not_read` warnings: "
        f"**{t['warnings_numbers_not_read']}**",
        "",
        "| file | outcome | service | period | data tables | fact rows | numeric lines "
        "| outside tables | unread | first unread lines |",
        "|---|---|---|---|---:|---|---:|---:|---:|---|",
    ]
    for d in report["documents"]:
        if not d["accepted"]:
            lines.append(f"| {_cell(d['file'])} | rejected: {_cell(d['reason'])} "
                         "| | | | | | | | |")
            continue
        facts = ", ".join(f"{k} {v}" for k, v in d["fact_rows"].items()) or "0"
        outcome = f"{d['document_type']} ({d['metadata_source']}"
        outcome += "; " + ", ".join(d["detection_notes"]) + ")" if d["detection_notes"] else ")"
        lines.append(
            f"| {_cell(d['file'])} | {outcome} | {d['yot_id']} | {_cell(d['period_label'] or '')}"
            f" | {d['data_tables']} | {facts} | {d['numeric_lines']} "
            f"| {d['numeric_lines_outside_tables']} | {d['numeric_lines_unread']} "
            f"| {', '.join(map(str, d['first_unread_lines']))} |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if not args.sources.is_dir():
        print(f"coverage: no folder {args.sources}; nothing measured (the real plans are kept "
              "outside the repository: put them there, or pass --sources DIR)")
        return 0
    report = measure(args.sources)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "coverage.json").write_text(json.dumps(report, indent=2) + "\n",
                                            encoding="utf-8")
    (args.out / "coverage.md").write_text(markdown(report), encoding="utf-8")
    t = report["totals"]
    print(f"coverage: {t['accepted']}/{t['documents']} accepted, {t['fact_rows']} fact rows, "
          f"{t['numeric_lines_unread']}/{t['numeric_lines']} numeric lines unread; wrote "
          f"{args.out / 'coverage.md'} and coverage.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
