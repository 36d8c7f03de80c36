"""A run's GX context validates every table (and every fact table's rows) through one
pandas engine; the engine must not keep what it was given, or every table validated in
a run stays in memory until the run ends (issue 19: 5,000 documents in 2 GiB)."""

from __future__ import annotations

import gc

import pandas as pd

from pipeline.metadata.registry import SUBJECTS, YOTS, get_table
from pipeline.metadata.schemas import conform
from pipeline.reference.areas import load_subjects, load_yots
from pipeline.resources import PROJECT_ROOT
from pipeline.validate.docs import checked_results
from pipeline.validate.gx_runner import TableValidator, gx_ready_frame

EXPECTATIONS = PROJECT_ROOT / "expectations"


def _frames_of_length(length: int) -> list[pd.DataFrame]:
    gc.collect()
    return [o for o in gc.get_objects() if isinstance(o, pd.DataFrame) and len(o) == length]


def test_validated_tables_are_not_kept_by_the_engine_but_their_results_are() -> None:
    yots, subjects = conform(load_yots(), YOTS), conform(load_subjects(), SUBJECTS)
    assert len(yots) != len(subjects)
    validator = TableValidator(EXPECTATIONS)
    first = validator.validate(get_table("yots"), yots)
    second = validator.validate(get_table("subjects"), subjects)
    validator.row_failures(get_table("subjects"), subjects)

    engine = validator._source.get_execution_engine()
    assert not engine.batch_manager.batch_data_cache
    assert not engine._metric_cache
    # no GX-ready copy of either table is alive: only the frames this test holds
    assert [f is yots for f in _frames_of_length(len(yots))] == [True]
    assert [f is subjects for f in _frames_of_length(len(subjects))] == [True]
    # what the run's checks and the release's Data Docs read is kept
    results = checked_results(validator.context, ["yots", "subjects"])
    assert {name: bool(result.success) for name, (_, result) in results.items()} == {
        "yots": first.success, "subjects": second.success}
    assert first.rows == len(yots) and second.success


def test_gx_ready_frame_shares_one_object_per_distinct_value() -> None:
    """The GX copy holds the values `astype(object)` gives (missing as None), but each
    distinct value once: repeated ids and captions no longer cost an object per cell."""
    spec = get_table("yots")
    frame = conform(load_yots(), YOTS)
    frame = pd.concat([frame, frame], ignore_index=True)
    frame.loc[1, "name"] = pd.NA
    ready = gx_ready_frame(spec, frame)
    for column, dtype in frame.dtypes.items():
        if isinstance(dtype, (pd.StringDtype, pd.BooleanDtype)):
            expected = [None if pd.isna(v) else v for v in frame[column].astype(object)]
            assert ready[column].dtype == object
            assert ready[column].tolist() == expected
            assert [type(v) for v in ready[column]] == [type(v) for v in expected]
    half = len(frame) // 2
    assert ready.loc[half + 2, "yot_id"] is ready.loc[2, "yot_id"]
    assert ready.loc[1, "name"] is None
