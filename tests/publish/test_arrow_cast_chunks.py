"""`cast_table`: Arrow's own conversion of a conformed frame gives the very table
`to_arrow` gives (schema, values, one chunk per column), so the release's files and their
input keys are unchanged by it."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.metadata.registry import get_table
from pipeline.metadata.schemas import conform, to_arrow
from pipeline.publish.arrow_cast import cast_table
from pipeline.publish.release import table_key

SPEC = get_table("caseloads")


def _row(line: int, **changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "caseload_type": "custody", "team": None, "as_of_label": "31 March 2021",
        "as_of_date": dt.date(2021, 3, 31), "value": 4.0, "unit": "count",
        "document_id": "doc-a", "yot_id": "kent", "source_line": line,
        "source_table": "doc-a#t01", "quality_flags": None}
    return {**row, **changes}


def _joined() -> pd.DataFrame:
    """Two documents' conformed rows joined as the catalogue joins them: string columns
    of several Arrow chunks, a list column with empty, null and filled cells, null dates
    and values."""
    first = conform(pd.DataFrame([_row(3), _row(4, team="north", value=None,
                                                quality_flags=["source_total_mismatch"])]),
                    SPEC)
    second = conform(pd.DataFrame([_row(9, document_id="doc-b", as_of_date=None,
                                        quality_flags=[])]), SPEC)
    return pd.concat([first, second], ignore_index=True)


def _parquet(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue()


def _same(left: pa.Table, right: pa.Table) -> None:
    assert left.equals(right, check_metadata=True)
    assert [c.num_chunks for c in left.columns] == [c.num_chunks for c in right.columns]
    assert table_key(left, SPEC.name) == table_key(right, SPEC.name)
    assert _parquet(left) == _parquet(right)


def test_a_joined_conformed_frame_gives_to_arrows_table() -> None:
    frame = _joined()
    assert frame["document_id"].array._pa_array.num_chunks == 2  # as joined: chunked
    _same(cast_table(frame, SPEC), to_arrow(frame, SPEC))


def test_an_empty_conformed_frame_gives_the_same_key_and_file() -> None:
    frame = _joined().iloc[:0].reset_index(drop=True)
    converted, expected = cast_table(frame, SPEC), to_arrow(frame, SPEC)
    assert converted.equals(expected, check_metadata=True)
    assert table_key(converted, SPEC.name) == table_key(expected, SPEC.name)
    assert _parquet(converted) == _parquet(expected)


@pytest.mark.parametrize("change", ["row id missing", "not conformed"])
def test_other_frames_are_cast_as_to_arrow_casts_them(change: str) -> None:
    frame = _joined()
    if change == "row id missing":  # to_arrow computes it from the natural key
        frame.loc[1, "row_id"] = None
    else:  # plain pandas columns, not as from_arrow made them
        frame = frame.astype(object)
    expected = to_arrow(frame, SPEC)
    assert expected.column("row_id").null_count == 0
    _same(cast_table(frame, SPEC), expected)
