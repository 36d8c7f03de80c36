"""CHANGELOG.md: tables whose files did not change are not compared row by row, and the
text is the same as when every table is compared."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.publish.changelog import changelog, diff_table, equal_rows
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


def _diffs(name: str, old, new) -> tuple:
    """The table's changes compared row by row, and with its equal rows left out."""
    whole = diff_table(name, old, new)
    pruned = diff_table(name, old, new, equal_rows(name, old, new))
    return ((whole.added, whole.removed, whole.changed),
            (pruned.added, pruned.removed, pruned.changed))


def test_equal_rows_are_left_out_without_changing_what_is_reported(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    budgets = small_tables(tmp_path / "sources")["budget_contributions"]
    changed = budgets.copy()
    changed.loc[changed.index[0], "amount_gbp"] = 999.0
    changed = changed.drop(index=changed.index[1])
    same = equal_rows("budget_contributions", budgets, changed)
    assert same is not None
    # every row but the changed and the dropped one is equal in both
    assert int(same[0].sum()) == len(budgets) - 2 and int(same[1].sum()) == len(budgets) - 2
    whole, pruned = _diffs("budget_contributions", budgets, changed)
    assert pruned == whole and len(whole[1]) == 1 and len(whole[2]) == 1


def test_rows_under_a_repeated_key_are_always_compared(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    budgets = small_tables(tmp_path / "sources")["budget_contributions"]
    twice = pd.concat([budgets, budgets.iloc[[0]].assign(amount_gbp=1.0)],
                      ignore_index=True)  # the first row's key printed again
    same = equal_rows("budget_contributions", twice, budgets)
    assert same is not None and not same[0][0] and not same[1][0]
    whole, pruned = _diffs("budget_contributions", twice, budgets)
    assert pruned == whole and whole[2]  # the key's last row differs from the new one


def test_tables_of_other_columns_are_compared_row_by_row(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    budgets = small_tables(tmp_path / "sources")["budget_contributions"]
    assert equal_rows("budget_contributions", budgets, budgets.drop(columns="amount_gbp")) is None
