"""CHANGELOG.md: tables whose files did not change are not compared row by row, and the
text is the same as when every table is compared."""

from __future__ import annotations

from pathlib import Path

from pipeline.publish.changelog import changelog
from pipeline.publish.release import write_tables
from tests.site.small_release import small_tables


def test_identical_files_skip_the_row_comparison_with_the_same_changelog(
    tmp_path: Path
) -> None:
    (tmp_path / "sources").mkdir()
    tables = small_tables(tmp_path / "sources")
    write_tables(tables, tmp_path / "previous", nested=True)
    budgets = tables["budget_contributions"].copy()
    budgets.loc[budgets.index[0], "amount_gbp"] = 999.0
    current = {**tables, "budget_contributions": budgets}
    write_tables(current, tmp_path / "current", nested=True)
    compared = changelog("2", "1", tmp_path / "previous", current)
    skipped = changelog("2", "1", tmp_path / "previous", current,
                        current_dir=tmp_path / "current")
    assert skipped == compared
    assert "## `budget_contributions`" in skipped and "1 changed" in skipped
    assert "`documents`" in skipped.split("Unchanged: ")[1]
