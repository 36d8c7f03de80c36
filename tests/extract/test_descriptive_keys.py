"""No two fact rows of one document say the same thing: every pair differs in a column
that describes the number (issue 20.1), on the corpus and, when present, the real plans."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from pipeline.extract.document import process_document
from pipeline.ingest.manifest import load_manifest
from pipeline.ingest.sources import DEFAULT_MAX_BYTES, discover_sources
from pipeline.metadata.registry import get_table
from pipeline.reference.areas import AreaResolver

PROJECT_ROOT = Path(__file__).resolve().parents[2]
REAL_PLANS = PROJECT_ROOT.parent / "shared" / "real-plans"
# The number itself, where it is printed, and what follows from the rest.
NOT_DESCRIPTIVE = {"value", "amount_gbp", "source_line", "value_status", "unit", "period_start",
                   "period_end", "score", "max_score", "relevant_cases", "yes_cases",
                   "yes_rate", "rating"}


def _duplicates(folder: Path) -> list[str]:
    manifest = load_manifest(folder)
    found = []
    for source in discover_sources(folder, manifest.document_ids):
        result = process_document(source.document_id, source, manifest.metadata.get(source.name),
                                  AreaResolver.default(), DEFAULT_MAX_BYTES)
        for name, rows in result.extracts.items():
            # a unit in the table's key describes (demographics: a count and its share)
            key = set(get_table(name).primary_key)
            columns = [c for c in rows.columns
                       if c not in NOT_DESCRIPTIVE or (c == "unit" and c in key)]
            keys = Counter(tuple(rows.columns[c][i] for c in columns) for i in range(rows.length))
            found += [f"{source.name}: {name}: {key}" for key, n in keys.items() if n > 1]
    return found


def test_corpus_rows_differ_in_what_they_describe(corpus_dir: Path) -> None:
    assert _duplicates(corpus_dir) == []


@pytest.mark.skipif(not REAL_PLANS.is_dir(), reason=f"real plans not available at {REAL_PLANS}")
def test_real_plan_rows_differ_in_what_they_describe() -> None:
    assert _duplicates(REAL_PLANS) == []
