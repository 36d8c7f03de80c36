"""A table's suite judged row by row only on the rows that changed
(`pipeline.validate.incremental`): with real GX, the verdict of the stored result plus the
changed rows equals a cold run of the whole suite on the same rows, passing or failing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from pipeline.extract import budgets
from pipeline.extract.base import combine, context_from_text, extract_rows
from pipeline.metadata.registry import get_table
from pipeline.validate.cache import ResultStore, row_hashes, validate_stored
from pipeline.validate.docs import build_data_docs
from pipeline.validate.gx_runner import TableValidator
from pipeline.validate.incremental import META, changed_positions, row_keys

EXPECTATIONS = Path(__file__).resolve().parents[2] / "expectations"
BUDGET = "budget_contributions"
SPEC = get_table(BUDGET)
PLAN = """{place} Youth Justice Plan 2020/21

Partner contributions 2020/21

Agency\tStaffing costs\tOther delegated funds\tTotal
Local Authority\t{staff},000\t100,000\t{total},000
Health\t20,000\t5,000\t25,000
Total\t{staff_total},000\t105,000\t{grand},000
"""


def _rows(place: str, staff: int) -> pd.DataFrame:
    """The budget rows of an invented plan of `place`."""
    text = PLAN.format(place=place.title(), staff=staff, total=staff + 100,
                       staff_total=staff + 20, grand=staff + 125)
    document = f"{place}-youth-justice-plan-2020-21"
    return combine([extract_rows(budgets.DOMAIN, context_from_text(
        text, document_id=document, yot_id=place))[BUDGET]], BUDGET).frame


def _table(*parts: pd.DataFrame) -> pd.DataFrame:
    return pd.concat(parts, ignore_index=True)


class Restored:
    """The `restore` callback of the run's `gx` resource: what a check hands the Data Docs."""

    def __init__(self) -> None:
        self.results: dict[str, Any] = {}

    def __call__(self, table: str, result: Any) -> None:
        self.results[table] = result


def _judged(store: ResultStore, frame: pd.DataFrame) -> tuple[Any, Restored]:
    restored = Restored()
    summary, stored = validate_stored(lambda: TableValidator(EXPECTATIONS), SPEC, frame,
                                      store, restored, split_from=1)
    assert not stored
    return summary, restored


def _split(restored: Restored) -> bool:
    """Whether the result handed over was judged in two parts."""
    result = restored.results.get(BUDGET)
    return result is not None and META in (result[1].meta or {})


def _same_as_cold(summary: Any, frame: pd.DataFrame) -> None:
    cold = TableValidator(EXPECTATIONS).validate(SPEC, frame)
    assert summary.as_dict() == cold.as_dict()
    assert [(o.expectation, o.column, o.success, o.unexpected_count, o.examples)
            for o in summary.outcomes] == [
        (o.expectation, o.column, o.success, o.unexpected_count, o.examples)
        for o in cold.outcomes]


@pytest.fixture
def store(tmp_path: Path) -> ResultStore:
    """A store holding the validation of a table of three plans."""
    store = ResultStore(tmp_path / "validation", "v1")
    _, restored = _judged(store, _table(*_base()))
    assert not _split(restored)
    return store


def _base() -> list[pd.DataFrame]:
    """Five plans, each as its own rows."""
    return [_rows(place, staff) for place, staff in (
        ("anytown", 300), ("bigton", 200), ("ceeford", 100), ("fairby", 250), ("gladwick", 50))]


def test_an_added_document_is_judged_row_by_row_alone_and_agrees(store: ResultStore,
                                                                  tmp_path: Path) -> None:
    frame = _table(*_base(), _rows("dunmore", 400))
    summary, restored = _judged(store, frame)
    assert _split(restored) and summary.success
    _same_as_cold(summary, frame)
    key, result = restored.results[BUDGET]
    assert result.suite_name == BUDGET and result.success
    assert result.statistics["evaluated_expectations"] == len(summary.outcomes)
    judged = [r.meta[META] for r in result.results]
    assert any("rows added or changed" in text for text in judged)
    assert any(text.startswith("all ") for text in judged)  # the table-wide ones
    rendered = build_data_docs({BUDGET: frame}, tmp_path / "docs", EXPECTATIONS,
                               {BUDGET: (key, result)})
    assert rendered == {BUDGET: True}


def test_a_failing_row_of_the_added_document_fails_as_on_the_whole_table(
        store: ResultStore) -> None:
    added = _rows("dunmore", 400)
    added.loc[1, "agency"] = "somebody"
    added.loc[2, "financial_year"] = "2020/21"
    frame = _table(*_base(), added)
    summary, restored = _judged(store, frame)
    assert _split(restored) and not summary.success
    assert {o.column for o in summary.failures} == {"agency", "financial_year"}
    _same_as_cold(summary, frame)
    assert restored.results[BUDGET][1].success is False


def test_a_table_wide_failure_is_judged_on_every_row(store: ResultStore) -> None:
    base = _base()
    frame = _table(*base, base[0].iloc[:2])  # a key printed twice by one document
    again = _table(*base[1:], _rows("dunmore", 400), base[0], base[0].iloc[:1])
    for table in (frame, again):
        summary, _ = _judged(store, table)
        assert not summary.success
        assert "expect_compound_columns_to_be_unique" in {o.expectation
                                                          for o in summary.failures}
        _same_as_cold(summary, table)


def test_after_a_failing_row_the_whole_table_is_judged_again(store: ResultStore) -> None:
    base = _base()
    failing = _rows("dunmore", 400)
    failing.loc[0, "agency"] = "somebody"
    _judged(store, _table(*base, failing))
    frame = _table(*base, failing, _rows("eastham", 500))
    summary, restored = _judged(store, frame)
    assert not _split(restored)  # the stored result had a failing row: no shortcut
    _same_as_cold(summary, frame)


def test_a_changed_and_a_removed_document_agree_with_a_cold_run(store: ResultStore) -> None:
    base = _base()
    frame = _table(base[0], _rows("ceeford", 150), *base[3:], _rows("dunmore", 400))
    summary, restored = _judged(store, frame)
    assert _split(restored)
    _same_as_cold(summary, frame)


def test_row_keys_follow_each_rows_values_not_its_position() -> None:
    frame = _table(*_base()[:2])
    keys = row_keys(row_hashes(frame))
    moved = row_keys(row_hashes(frame.iloc[::-1].reset_index(drop=True)))
    assert (keys[::-1] == moved).all()
    changed = frame.copy()
    changed.loc[3, "amount_gbp"] += 1
    assert list(changed_positions(row_keys(row_hashes(changed)), keys)) == [3]
    assert len(changed_positions(keys, keys)) == 0


def test_a_small_table_is_judged_whole(store: ResultStore) -> None:
    """Below MIN_ROWS rows GX's cost per run outweighs the rows: one run, as before."""
    restored = Restored()
    validate_stored(lambda: TableValidator(EXPECTATIONS), SPEC,
                    _table(*_base(), _rows("dunmore", 400)), store, restored)
    assert not _split(restored)
