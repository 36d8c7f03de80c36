"""The one guard every CSV file of a release goes through: text that a spreadsheet would
run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a leading `'`."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_PATTERN = "^[=+\\-@\t\r]"  # FORMULA_START as a regular expression


def csv_safe(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula gets a leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_safe_array(values: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """`csv_safe` over an Arrow text column: the column itself when no cell starts like
    a formula (the usual case, found without leaving Arrow), else a guarded copy."""
    risky = pc.match_substring_regex(values, _FORMULA_PATTERN)
    if not pc.any(risky).as_py():
        return values
    quoted = pc.binary_join_element_wise("'", values, "")  # "'" + value, null stays null
    return pc.if_else(pc.fill_null(risky, False), quoted, values)


def csv_safe_table(table: pa.Table) -> pa.Table:
    """Every text column of an Arrow table through `csv_safe_array`."""
    for index, field in enumerate(table.schema):
        if pa.types.is_string(field.type):
            guarded = csv_safe_array(table.column(index))
            if guarded is not table.column(index):
                table = table.set_column(index, field, guarded)
    return table
