"""A table's suite judged again row by row only on the rows that changed.

When one document is added to a thousand, a fact table's hash changes and its whole suite
ran again on every row. Most of a suite is judged row by row (a value in a set, between
bounds, not null, matching a pattern): such an expectation holds for the whole table when
it held for the rows unchanged since a validation that found none failing, and holds
for the other rows now. The expectations about the table
as a whole (its columns, a unique key, a row count) run on every row, as before.

So a table's stored suite result keeps a key of each row it judged (`row_keys`), and the
next validation of that table (`validate_changed`) runs the row-wise expectations on the
rows no earlier row equals (a new or changed document's) only, when the stored result had
no row failing any of them (else the whole suite runs again: a failing table is not the
hot path). The
summary is the one a whole-table run gives (same outcomes, failing counts and examples,
since the unchanged rows had none); the GX result kept for the Data Docs holds GX's own
results of both runs in the suite's order, and its `meta` says which rows each judged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from pipeline.validate.suites import load_suite_dict

if TYPE_CHECKING:
    from pipeline.metadata.registry import TableSpec
    from pipeline.validate.gx_runner import TableValidator, ValidationSummary

# Column-map expectations whose verdict on a row depends only on that row's value (unless
# `mostly` asks for a share of the table, see `row_wise`).
ROW_WISE_TYPES = frozenset({
    "expect_column_values_to_not_be_null",
    "expect_column_values_to_be_null",
    "expect_column_values_to_be_in_set",
    "expect_column_values_to_not_be_in_set",
    "expect_column_values_to_be_between",
    "expect_column_values_to_match_regex",
    "expect_column_values_to_not_match_regex",
    "expect_column_values_to_match_regex_list",
    "expect_column_values_to_not_match_regex_list",
})
# Below this share of a table's rows changed, the row-wise part runs on the changed rows,
# in tables of at least MIN_ROWS rows: GX's cost per run and expectation (building its
# metric graph, parsing row conditions) outweighs the rows below that (measured at 1,000
# synthetic documents: 15,000 rows 0.20 -> 0.26 CPU s split, 29,000 rows 0.80 -> 0.58).
CHANGED_SHARE = 0.5
MIN_ROWS = 20_000
META = "yjdata_rows_judged"


def row_wise(expectation: dict[str, Any]) -> bool:
    """Whether the expectation judges each row on its own (no `mostly` below 1)."""
    mostly = (expectation.get("kwargs") or {}).get("mostly")
    return expectation.get("type") in ROW_WISE_TYPES and (mostly is None or mostly >= 1)


def row_keys(hashes: list[np.ndarray]) -> np.ndarray | None:
    """A 128-bit key of each row's values, from the frame's per-column `row_hashes`: two
    sums of the column hashes times odd constants (wrapping at 64 bits), so rows that
    differ in one column never share a key; None for a frame without columns."""
    if not hashes:
        return None
    matrix = np.column_stack(hashes).astype(np.uint64, copy=False)
    weights = np.random.default_rng(19).integers(1, 2**62, size=(len(hashes), 2),
                                                 dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    with np.errstate(over="ignore"):
        return np.stack([(matrix * weights[:, k]).sum(axis=1, dtype=np.uint64)
                         for k in (0, 1)], axis=1)


@dataclass(frozen=True)
class Judged:
    """A stored suite result with the keys of the rows it judged (`row_keys`)."""

    summary: ValidationSummary
    keys: np.ndarray | None


def changed_positions(keys: np.ndarray, before: np.ndarray) -> np.ndarray:
    """Positions of the rows whose values no row of the earlier table had."""
    kept = np.ones(len(keys), dtype=bool)
    for half in (0, 1):  # pandas' hash table: np.isin sorts, 15x slower on 100,000 rows
        kept &= pd.Series(keys[:, half]).isin(before[:, half]).to_numpy(bool)
    return np.flatnonzero(~kept)


def rows_passed(summary: ValidationSummary, expectations: list[dict[str, Any]]) -> bool:
    """Whether no row failed any row-wise expectation in `summary` (of this suite)."""
    if len(summary.outcomes) != len(expectations):
        return False
    return all(o.success and not o.unexpected_count and o.error is None
               for o, e in zip(summary.outcomes, expectations, strict=True) if row_wise(e))


def validate_changed(validator: TableValidator, spec: TableSpec, frame: pd.DataFrame,
                     keys: np.ndarray | None, previous: Judged | None,
                     min_rows: int = MIN_ROWS) -> tuple[ValidationSummary, Any] | None:
    """The table's summary and GX result judged with the row-wise expectations on the
    new rows only; None when that is not possible or not worth it (the caller then
    validates the whole table)."""
    if keys is None or previous is None or previous.keys is None or len(frame) < min_rows:
        return None
    expectations = load_suite_dict(validator.expectations_dir, spec)["expectations"]
    if not any(row_wise(e) for e in expectations) or not rows_passed(previous.summary,
                                                                      expectations):
        return None
    positions = changed_positions(keys, previous.keys)
    if not 0 < len(positions) < CHANGED_SHARE * len(frame):
        return None
    return validator.validate_split(spec, frame, positions, expectations,
                                    [row_wise(e) for e in expectations])


def rows_meta(judged: int, table_rows: int, changed: bool) -> dict[str, Any]:
    """What one expectation's result judged, for the Data Docs' result `meta`."""
    if not changed:
        return {META: f"all {table_rows} rows of the table"}
    return {META: f"the {judged} rows added or changed since the last validation of this "
                  f"table; its other {table_rows - judged} rows, unchanged, had no row "
                  "failing this expectation then"}
