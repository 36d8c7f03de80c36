"""A table's suite judged again only on the rows of the documents that changed.

When one document is added to a thousand, a fact table's hash changes and its whole suite
ran again on every row. Most of a suite is judged row by row (a value in a set, between
bounds, not null, matching a pattern): such an expectation holds for the whole table when
it held for the rows of the documents kept unchanged since a validation that found none
failing, and holds for the changed documents' rows now. The expectations about the table
as a whole (its columns, a unique key, a row count) run on every row, as before.

So a table's stored suite result keeps the hash of each document's rows it judged, and
the next validation of that table (`validate_changed`) runs the row-wise expectations on
the rows of new or changed documents only, when the stored result had no row failing any
of them (else the whole suite runs again: a failing table is not the hot path). The
summary is the one a whole-table run gives (same outcomes, failing counts and examples,
since the unchanged rows had none); the GX result kept for the Data Docs holds GX's own
results of both runs in the suite's order, and its `meta` says which rows each judged.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from pipeline.validate.suites import load_suite_dict

if TYPE_CHECKING:
    from pipeline.metadata.registry import TableSpec
    from pipeline.validate.gx_runner import TableValidator, ValidationSummary

DOCUMENT = "document_id"
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
# Below this share of a table's rows changed, the row-wise part runs on the changed rows.
CHANGED_SHARE = 0.5
META = "yjdata_rows_judged"


def row_wise(expectation: dict[str, Any]) -> bool:
    """Whether the expectation judges each row on its own (no `mostly` below 1)."""
    mostly = (expectation.get("kwargs") or {}).get("mostly")
    return expectation.get("type") in ROW_WISE_TYPES and (mostly is None or mostly >= 1)


def document_digests(frame: pd.DataFrame, hashes: list[np.ndarray]) -> dict[str, str] | None:
    """A hash of each document's rows (from the frame's per-column `row_hashes`, with
    their positions in the document's run of rows); None when the table has no documents."""
    if DOCUMENT not in frame.columns or not hashes:
        return None
    matrix = np.ascontiguousarray(np.column_stack(hashes))
    groups = pd.Series(range(len(frame))).groupby(frame[DOCUMENT].to_numpy(), sort=False)
    return {str(document): hashlib.sha256(matrix[positions].tobytes()).hexdigest()
            for document, positions in groups.indices.items()}


@dataclass(frozen=True)
class Judged:
    """A stored suite result with the document digests of the rows it judged."""

    summary: ValidationSummary
    digests: dict[str, str] | None


def changed_positions(frame: pd.DataFrame, digests: dict[str, str],
                      before: dict[str, str]) -> np.ndarray:
    """Positions of the rows of documents that are new or whose rows changed."""
    changed = [d for d, digest in digests.items() if before.get(d) != digest]
    return np.flatnonzero(frame[DOCUMENT].astype(str).isin(changed).to_numpy())


def rows_passed(summary: ValidationSummary, expectations: list[dict[str, Any]]) -> bool:
    """Whether no row failed any row-wise expectation in `summary` (of this suite)."""
    if len(summary.outcomes) != len(expectations):
        return False
    return all(o.success and not o.unexpected_count and o.error is None
               for o, e in zip(summary.outcomes, expectations, strict=True) if row_wise(e))


def validate_changed(validator: TableValidator, spec: TableSpec, frame: pd.DataFrame,
                     digests: dict[str, str] | None, previous: Judged | None,
                     ) -> tuple[ValidationSummary, Any] | None:
    """The table's summary and GX result judged with the row-wise expectations on the
    changed documents' rows only; None when that is not possible or not worth it (the
    caller then validates the whole table)."""
    if digests is None or previous is None or previous.digests is None:
        return None
    expectations = load_suite_dict(validator.expectations_dir, spec)["expectations"]
    if not any(row_wise(e) for e in expectations) or not rows_passed(previous.summary,
                                                                      expectations):
        return None
    positions = changed_positions(frame, digests, previous.digests)
    if not 0 < len(positions) < CHANGED_SHARE * len(frame):
        return None
    return validator.validate_split(spec, frame, positions, expectations,
                                    [row_wise(e) for e in expectations])


def rows_meta(judged: int, table_rows: int, changed: bool) -> dict[str, Any]:
    """What one expectation's result judged, for the Data Docs' result `meta`."""
    if not changed:
        return {META: f"all {table_rows} rows of the table"}
    return {META: f"the {judged} rows of the documents added or changed since the last "
                  f"validation of this table; its other {table_rows - judged} rows, "
                  "unchanged, had no row failing this expectation then"}
