"""The hand-read numbers of the DEVELOPMENT plans that no published row matches, per
plan, for the kinds asked (never the held-out plans: they are skipped unread).

    .venv/bin/python benchmarks/recall_misses.py grant_spend,demographics [plan-slug-part]

Each miss prints its table id, line, value and labels, and the rows published on that
line (what was read there instead, if anything)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "real_plans"), str(ROOT / "tests")]

from test_real_plan_recall import (  # noqa: E402
    FIXTURES,
    PLANS_DIR,
    labels_match,
    load_plan,
    published_rows,
    row_value,
    synthetic_entry,
    values_match,
)

from pipeline.extract.document import process_document  # noqa: E402
from pipeline.ingest.sources import DEFAULT_MAX_BYTES, discover_sources  # noqa: E402
from pipeline.metadata.registry import get_table  # noqa: E402
from pipeline.reference.areas import AreaResolver  # noqa: E402

SHOWN = ("item_label", "financial_year", "amount_gbp", "is_total", "dimension", "category",
         "value", "unit", "caseload_type")


def main(kinds: set[str], only: str | None) -> None:
    sources = {s.name: s for s in discover_sources(PLANS_DIR)}
    resolver = AreaResolver.default()
    for path in FIXTURES:
        plan = load_plan(path)
        if plan.held_out or (only and only not in plan.slug):
            continue
        numbers = [n for n in plan.numbers() if n.kind in kinds and n.counted]
        if not numbers:
            continue
        source = sources[plan.data["plan"]]
        result = process_document(source.document_id, source, None, resolver,
                                  DEFAULT_MAX_BYTES)
        if result.rejected:
            result = process_document(source.document_id, source, synthetic_entry(plan),
                                      resolver, DEFAULT_MAX_BYTES)
        rows = published_rows(result)
        missed = []
        for n in numbers:
            columns = set(get_table(n.kind).column_names)
            on_line = [r for r in rows.get(n.kind, []) if int(r.get("source_line") or 0) == n.line]
            if not any(row_value(n.kind, r) is not None
                       and values_match(row_value(n.kind, r), n.value)
                       and labels_match(r, n.labels, columns) for r in on_line):
                read = [{k: r[k] for k in SHOWN if k in r} for r in on_line]
                missed.append((n.table, n.line, n.value, n.labels, read))
        print(f"== {plan.slug}: {len(numbers) - len(missed)}/{len(numbers)}")
        for miss in missed:
            print("   ", *miss)


if __name__ == "__main__":
    main(set(sys.argv[1].split(",")) if len(sys.argv) > 1 else {"grant_spend"},
         sys.argv[2] if len(sys.argv) > 2 else None)
