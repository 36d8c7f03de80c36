"""Expectation suites: stored JSON matches the registry, and GX really fails bad rows."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline.metadata.registry import DOCUMENTS, REJECTIONS, TABLE_SPECS, YOTS
from pipeline.metadata.schemas import conform, empty_frame
from pipeline.validate.gx_runner import TableValidator
from pipeline.validate.suites import generated_expectations, suite_dict, write_suites

EXPECTATIONS = Path(__file__).resolve().parents[2] / "expectations"


@pytest.fixture(scope="module")
def validator() -> TableValidator:
    return TableValidator(EXPECTATIONS)


@pytest.mark.parametrize("spec", TABLE_SPECS, ids=lambda s: s.name)
def test_stored_suite_holds_every_generated_expectation(spec) -> None:
    stored = json.loads((EXPECTATIONS / f"{spec.name}.json").read_text(encoding="utf-8"))
    stored_generated = [e for e in stored["expectations"] if e["meta"].get("generated")]
    assert stored_generated == generated_expectations(spec), (
        f"expectations/{spec.name}.json is stale: run `make expectations`"
    )


def test_regeneration_keeps_hand_added_expectations(tmp_path: Path) -> None:
    hand = {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1},
            "meta": {"added_by": "reviewer"}, "severity": "warning"}
    path = tmp_path / "rejections.json"
    path.write_text(json.dumps(suite_dict(REJECTIONS) | {"expectations": [hand]}), "utf-8")
    write_suites(tmp_path, [REJECTIONS])
    rewritten = json.loads(path.read_text(encoding="utf-8"))["expectations"]
    assert rewritten[-1] == hand
    assert rewritten[:-1] == generated_expectations(REJECTIONS)


def test_empty_tables_pass(validator: TableValidator) -> None:
    for spec in TABLE_SPECS:
        assert validator.validate(spec, empty_frame(spec)).success, spec.name


def _document_row(**changes) -> dict:
    row = {"document_id": "plan", "yot_id": "darlington", "document_type": "youth_justice_plan",
           "title": "Plan", "source_file": "plan.txt", "sha256": "a" * 64, "size_bytes": 10,
           "line_count": 3, "encoding": "utf-8", "metadata_source": "detected"}
    return row | changes


def test_bad_rows_fail_and_are_named(validator: TableValidator) -> None:
    frame = conform(pd.DataFrame([
        _document_row(),
        _document_row(document_id="Bad Id", document_type="leaflet", source_file="b.txt"),
        _document_row(document_id="plan", source_file="c.txt"),
    ]), DOCUMENTS)
    summary = validator.validate(DOCUMENTS, frame)
    assert not summary.success
    failed = {(o.expectation, o.column) for o in summary.failures}
    assert ("expect_column_values_to_match_regex", "document_id") in failed
    assert ("expect_column_values_to_be_in_set", "document_type") in failed
    assert ("expect_column_values_to_be_unique", "document_id") in failed
    line = next(o for o in summary.failures if o.column == "document_type").one_line("documents")
    assert "document_id=Bad Id" in line and "documents.document_type" in line


def test_list_columns_are_validated_without_error(validator: TableValidator) -> None:
    frame = conform(pd.DataFrame([{
        "yot_id": "x", "name": "X", "aliases": ["a"], "nation": "scotland", "region": "r",
        "local_authority_codes": ["E06000005"], "local_authority_names": ["D"]}]), YOTS)
    summary = validator.validate(YOTS, frame)
    assert [o.column for o in summary.failures] == ["nation"]
    assert all(o.error is None for o in summary.outcomes)


def test_an_infinite_number_fails_every_float_column(validator: TableValidator) -> None:
    """Infinity is no number a document prints: no float column's suite lets it pass."""
    from pipeline.metadata.registry import FLOAT64

    for spec in TABLE_SPECS:
        floats = [c.name for c in spec.columns if c.type == FLOAT64]
        if not floats:
            continue
        rows = [{c.name: (value if c.name in floats else None) for c in spec.columns}
                for value in (float("inf"), float("-inf"))]
        frame = conform(pd.DataFrame(rows, columns=spec.column_names), spec)
        failures = [o for o in validator.validate(spec, frame).failures
                    if o.expectation == "expect_column_values_to_be_between"]
        for column in floats:  # both rows, +inf and -inf, fail the column's bounds
            assert max(o.unexpected_count for o in failures if o.column == column) == 2, (
                spec.name, column)
