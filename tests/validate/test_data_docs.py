"""A release's Data Docs rendered from the results its run's checks stored, instead of
validating every table again: the same tables, expectations and outcomes as validating
them here."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from pipeline.metadata.registry import INDICATORS, SUBJECTS, YOTS, get_table
from pipeline.metadata.schemas import conform
from pipeline.reference.areas import load_subjects, load_yots
from pipeline.resources import PROJECT_ROOT
from pipeline.validate.cache import ResultStore, validate_stored
from pipeline.validate.docs import build_data_docs, checked_results
from pipeline.validate.gx_runner import TableValidator

EXPECTATIONS = PROJECT_ROOT / "expectations"


def _tables() -> dict[str, pd.DataFrame]:
    """Real reference tables, one with a row that breaks its suite (a duplicate id)."""
    yots = conform(load_yots(), YOTS)
    return {
        "yots": pd.concat([yots, yots.iloc[:1]], ignore_index=True),
        "subjects": conform(load_subjects(), SUBJECTS),
        "indicators": conform(pd.DataFrame(columns=INDICATORS.column_names), INDICATORS),
    }


def _pages(site: Path) -> dict[str, str]:
    """Each table's validation page text, by the suite it names."""
    pages = {}
    for page in (site / "validations").rglob("*.html"):
        pages[page.relative_to(site / "validations").parts[0]] = page.read_text("utf-8")
    return pages


def _expectations_shown(page: str) -> list[str]:
    return sorted(set(re.findall(r"expect_[a-z_]+", page)))


def test_docs_from_the_checks_results_match_validating_again(tmp_path: Path) -> None:
    tables = _tables()
    validator = TableValidator(EXPECTATIONS)  # as the run's `gx` resource
    for name, frame in tables.items():
        validator.validate(get_table(name), frame)
    results = checked_results(validator.context, tables)
    assert set(results) == set(tables)  # per-row suites and other names left out

    rendered = build_data_docs(tables, tmp_path / "checked", EXPECTATIONS, results)
    again = build_data_docs(tables, tmp_path / "again", EXPECTATIONS)
    assert rendered == again
    assert rendered["yots"] is False and rendered["subjects"] is True
    checked, validated = _pages(tmp_path / "checked"), _pages(tmp_path / "again")
    assert set(checked) == set(validated) == set(tables)
    for name in tables:
        assert _expectations_shown(checked[name]) == _expectations_shown(validated[name])
        # the page is the checks' own result (its run and batch), not a new validation
        run_time = results[name][0].run_id.run_time.strftime("%Y%m%dT%H%M%S")
        assert list((tmp_path / "checked" / "validations" / name).glob(
            f"*/{run_time}*/tables-{name}.html"))
    assert (tmp_path / "checked" / "index.html").is_file()


def test_docs_validate_again_when_a_table_has_no_checked_result(tmp_path: Path) -> None:
    tables = _tables()
    validator = TableValidator(EXPECTATIONS)
    validator.validate(get_table("subjects"), tables["subjects"])
    results = checked_results(validator.context, tables)
    assert set(results) == {"subjects"}
    outcome = build_data_docs(tables, tmp_path / "site", EXPECTATIONS, results)
    assert outcome == {"yots": False, "subjects": True, "indicators": True}
    assert set(_pages(tmp_path / "site")) == set(tables)


def test_docs_render_suite_results_taken_from_the_store(tmp_path: Path) -> None:
    """A later run whose tables are unchanged takes each suite result from the validation
    store with GX's own result, and the release's Data Docs render those: no table is
    validated again (no GX context is even made) and the pages show what validating
    would."""
    tables = _tables()
    store = ResultStore(tmp_path / "store", "v1")
    for name, frame in tables.items():
        validate_stored(lambda: TableValidator(EXPECTATIONS), get_table(name), frame, store)
    restored: dict = {}

    def no_validator() -> TableValidator:
        raise AssertionError("validated again")

    for name, frame in tables.items():
        _, stored = validate_stored(no_validator, get_table(name), frame.copy(), store,
                                    restored.__setitem__)
        assert stored
    assert set(restored) == set(tables)
    rendered = build_data_docs(tables, tmp_path / "restored", EXPECTATIONS, restored)
    again = build_data_docs(tables, tmp_path / "again", EXPECTATIONS)
    assert rendered == again
    restored_pages, validated = _pages(tmp_path / "restored"), _pages(tmp_path / "again")
    assert set(restored_pages) == set(tables)
    for name in tables:
        assert _expectations_shown(restored_pages[name]) == _expectations_shown(validated[name])
