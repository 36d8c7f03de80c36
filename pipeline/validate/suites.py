"""Great Expectations suites generated from the registry and kept as JSON.

`expectations/<table>.json` holds one GX 1.x suite per published table. The
expectations marked `meta.generated` are rewritten from the registry by
`yjdata expectations`; any other expectation in the file was added by hand and
is kept as it is.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pipeline.metadata.registry import BOOLEAN, FLOAT64, INT32, INT64, STRING_LIST, TableSpec

GENERATED = "generated"
FLOAT_MAX = sys.float_info.max
CRITICAL = "critical"
WARNING = "warning"
# A critical expectation of these types judges each row on its own value, which a document
# printed: a fact table's failing rows withhold their document's table (pipeline.validate.
# withhold) instead of blocking the release. Every other critical expectation (columns,
# types, enums, patterns, required values, unique keys) says the pipeline itself is broken
# and blocks. `"meta": {"per_row": true|false}` on an expectation overrides its type.
PER_ROW_TYPES = ("expect_column_values_to_be_between",)
PER_ROW = "per_row"


def _expectation(kind: str, severity: str = CRITICAL, **kwargs: Any) -> dict[str, Any]:
    return {"type": kind, "kwargs": kwargs, "meta": {GENERATED: True}, "severity": severity}


def generated_expectations(spec: TableSpec) -> list[dict[str, Any]]:
    """The expectations the registry implies for a table, in a stable order."""
    expectations = [
        _expectation("expect_table_columns_to_match_ordered_list", column_list=spec.column_names)
    ]
    for column in spec.columns:
        expectations.extend(_column_expectations(column))
    expectations += [_expectation(kind, **kwargs) for kind, kwargs in spec.expectations]
    if len(spec.primary_key) > 1:
        expectations.append(
            _expectation(
                "expect_compound_columns_to_be_unique",
                column_list=list(spec.primary_key),
                ignore_row_if="never",
            )
        )
    return expectations


def _column_expectations(column: Any) -> list[dict[str, Any]]:
    name = column.name
    found = []
    if not column.nullable:
        found.append(_expectation("expect_column_values_to_not_be_null", column=name))
    if column.type == STRING_LIST:
        return found
    if column.enum:
        found.append(
            _expectation("expect_column_values_to_be_in_set", column=name,
                         value_set=list(column.enum))
        )
    if column.pattern:
        found.append(
            _expectation("expect_column_values_to_match_regex", column=name, regex=column.pattern)
        )
    if column.type == FLOAT64 or (column.type in (INT32, INT64) and (
        column.minimum is not None or column.maximum is not None
    )):
        # A float column is always bounded, by the largest finite floats at the least, so
        # that infinity never passes (NaN is null, for the not-null expectation).
        lowest, highest = (-FLOAT_MAX, FLOAT_MAX) if column.type == FLOAT64 else (None, None)
        found.append(
            _expectation(
                "expect_column_values_to_be_between",
                column=name,
                min_value=lowest if column.minimum is None else column.minimum,
                max_value=highest if column.maximum is None else column.maximum,
            )
        )
    if column.type == BOOLEAN and not column.nullable:
        found.append(
            _expectation("expect_column_values_to_be_in_set", column=name,
                         value_set=[True, False])
        )
    if column.unique:
        found.append(_expectation("expect_column_values_to_be_unique", column=name))
    return found


def judged_per_row(expectation: dict[str, Any]) -> bool:
    """Whether a failing row of this expectation withholds its document's table (for a
    fact table) rather than blocking the release; see PER_ROW_TYPES."""
    if expectation.get("severity", CRITICAL) != CRITICAL:
        return False
    meta = expectation.get("meta") or {}
    if PER_ROW in meta:
        return bool(meta[PER_ROW])
    return expectation.get("type") in PER_ROW_TYPES


def suite_path(expectations_dir: Path, table: str) -> Path:
    return expectations_dir / f"{table}.json"


def suite_dict(spec: TableSpec, existing: dict[str, Any] | None = None) -> dict[str, Any]:
    """The suite for a table: generated expectations first, then hand-added ones kept."""
    kept = [
        e
        for e in (existing or {}).get("expectations", [])
        if not e.get("meta", {}).get(GENERATED)
    ]
    return {
        "name": spec.name,
        "expectations": generated_expectations(spec) + kept,
        "meta": {"table": spec.name, "generated_from": "pipeline.metadata.registry"},
    }


def load_suite_dict(expectations_dir: Path, spec: TableSpec) -> dict[str, Any]:
    """The suite stored for a table, or the generated one when the file is missing."""
    path = suite_path(expectations_dir, spec.name)
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))
    return suite_dict(spec)


def write_suites(expectations_dir: Path, specs: list[TableSpec]) -> list[Path]:
    """Regenerate the stored suites, keeping hand-added expectations."""
    expectations_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in specs:
        path = suite_path(expectations_dir, spec.name)
        existing = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
        path.write_text(
            json.dumps(suite_dict(spec, existing), indent=2, sort_keys=False) + "\n",
            encoding="utf-8",
        )
        written.append(path)
    return written
