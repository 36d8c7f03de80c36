"""`kpi_series` and the wide view built on it, from KPI rows the real extractor reads out
of documents written for the test."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from pipeline.extract.base import context_from_text, run_extractor
from pipeline.extract.kpi import DOMAIN
from pipeline.metadata.registry import KPI_OBSERVATIONS, KPI_SERIES, SUBJECTS
from pipeline.metadata.schemas import conform, from_arrow, to_arrow
from pipeline.publish.series import kpi_series, kpi_series_wide, updated_series
from pipeline.reference.areas import load_subjects
from pipeline.validate.cache import row_hashes
from pipeline.validate.incremental import changed_positions, row_keys

D = dt.date

# One plan prints England's custody rate twice (two tables, two labels for one period).
PLAN_A = """\
Custody (rate per 1,000 of 10-17 population)
| Area | 2017/18 | 2018/19 |
|---|---:|---:|
| Kent YOT | 0.21 | 0.18 |
| England | 0.31 | 0.28 |
| Family average | 0.25 | 0.24 |

Custody (rate per 1,000 of 10-17 population): England
| Period | England |
|---|---:|
| April 2017 - March 2018 | 0.31 |
"""
# Another plan prints the same England figure for 2018/19 differently, and its own family.
PLAN_B = """\
Custody (rate per 1,000 of 10-17 population)
| Area | 2017/18 | 2018/19 |
|---|---:|---:|
| Essex | 0.19 | 0.17 |
| England | 0.31 | 0.29 |
| Family average | 0.22 | 0.21 |
"""


# A third plan: a figure England shares with the others, one it disagrees on, and its own.
PLAN_C = """\
Custody (rate per 1,000 of 10-17 population)
| Area | 2017/18 | 2019/20 |
|---|---:|---:|
| Kent YOT | 0.22 | 0.15 |
| England | 0.31 | 0.27 |
| Family average | 0.26 | 0.23 |
"""


def _plan(document_id: str, yot_id: str, text: str) -> pd.DataFrame:
    context = context_from_text(text, document_id=document_id, yot_id=yot_id)
    return run_extractor(DOMAIN, context)[KPI_OBSERVATIONS.name].frame


def _observations(*plans: tuple[str, str, str]) -> pd.DataFrame:
    plans = plans or (("plan-a", "kent", PLAN_A), ("plan-b", "essex", PLAN_B))
    return conform(pd.concat([_plan(*plan) for plan in plans], ignore_index=True),
                   KPI_OBSERVATIONS)


def _series() -> pd.DataFrame:
    return conform(kpi_series(_observations(), load_subjects()), KPI_SERIES)


def test_one_observation_printed_many_times_is_one_row_counting_its_prints() -> None:
    observations = _observations()
    series = _series()
    england = series[(series["subject_key"] == "england")
                     & (series["period"] == "2017-04-01/2018-03-31")]
    assert len(england) == 1
    row = england.iloc[0]
    assert (row["value"], row["n_documents"], row["n_rows"], row["conflict"]) == (
        0.31, 2, 3, False)
    assert set(row["period_labels"]) == {"2017/18", "April 2017 - March 2018"}
    assert row["period_type"] == "financial_year" and row["subject_name"] == "England"
    printed = observations.set_index("row_id")
    assert set(printed.loc[list(row["source_row_ids"]), "value"]) == {0.31}
    assert len(series) == len(series.drop_duplicates(
        ["subject_key", "indicator", "period", "breakdown"]))
    assert series["n_rows"].sum() == len(observations)


def test_documents_that_disagree_are_flagged_with_every_value_and_none_picked() -> None:
    series = _series()
    row = series[(series["subject_key"] == "england")
                 & (series["period"] == "2018-04-01/2019-03-31")].iloc[0]
    assert row["conflict"] and pd.isna(row["value"])
    assert list(row["values"]) == ["0.28", "0.29"]
    assert row["n_documents"] == 2


def test_group_averages_stay_apart_per_publishing_service() -> None:
    series = _series()
    families = series[series["subject_type"] == "family_group"]
    assert set(families["subject_key"]) == {"kent/family_group/family_average",
                                            "essex/family_group/family_average"}
    assert not families["conflict"].any()


def test_the_wide_view_has_one_row_per_subject_and_a_column_per_dated_period() -> None:
    wide = kpi_series_wide(_series())
    periods = [c for c in wide.columns if "/" in str(c)]
    assert periods == ["2017-04-01/2018-03-31", "2018-04-01/2019-03-31"]
    kent = wide[wide["subject_id"] == "kent"]
    subjects = load_subjects().set_index("subject_id")["name"]
    assert len(kent) == 1 and kent.iloc[0]["subject_label"] == subjects["kent"] != "Kent YOT"
    assert kent.iloc[0][periods].tolist() == [0.21, 0.18]
    england = wide[wide["subject_id"] == "england"].iloc[0]
    assert england["2017-04-01/2018-03-31"] == 0.31
    assert pd.isna(england["2018-04-01/2019-03-31"])  # documents disagree
    assert wide["row_id"].is_unique


def test_the_asset_stores_the_series_as_arrow_and_checks_it_in_its_own_step(
        tmp_path) -> None:
    """The `kpi_series` asset keeps its series between runs as an Arrow table (cheap to
    pickle), given the same inputs returns a frame equal to the one it derived, and yields
    its blocking GX suite's result in the same step."""
    import dagster as dg
    import pyarrow as pa

    from pipeline.assets.checks import CHECK_NAME
    from pipeline.assets.series import STORED
    from pipeline.assets.series import kpi_series as kpi_series_asset
    from pipeline.report import TableOutput
    from pipeline.resources import GreatExpectations, ProjectPaths
    from pipeline.validate.cache import ResultStore, validation_version

    paths = ProjectPaths(validation_cache_dir=str(tmp_path / "validation"))
    gx = GreatExpectations(expectations_dir=paths.expectations_dir)
    observations = TableOutput(_observations())
    subjects = TableOutput(conform(load_subjects(), SUBJECTS))
    frames, stored = [], []
    for _ in range(2):
        output, check = kpi_series_asset(dg.build_asset_context(), observations, subjects,
                                         paths, gx)
        frames.append(output.value.frame)
        stored.append(output.metadata[STORED].value)
        assert (check.check_name, check.asset_key, check.passed) == (
            CHECK_NAME, dg.AssetKey(KPI_SERIES.name), True)
    assert stored == [False, True]
    pd.testing.assert_frame_equal(frames[1], frames[0])
    pd.testing.assert_frame_equal(frames[0], kpi_series(observations.frame, subjects.frame))
    entries = ResultStore(tmp_path / "validation",
                          validation_version(paths.expectations)).load(KPI_SERIES.name)
    assert [type(value.series) for value in entries.values()] == [pa.Table]

    # One more document: only the series its observations belong to are derived again.
    more = TableOutput(conform(pd.concat([observations.frame, _plan("plan-c", "kent", PLAN_C)],
                                         ignore_index=True), KPI_OBSERVATIONS))
    output, check = kpi_series_asset(dg.build_asset_context(), more, subjects, paths, gx)
    assert output.metadata[STORED].value is False and check.passed
    pd.testing.assert_frame_equal(output.value.frame, kpi_series(more.frame, subjects.frame))


A, B, C = ("plan-a", "kent", PLAN_A), ("plan-b", "essex", PLAN_B), ("plan-c", "kent", PLAN_C)
C_CHANGED = ("plan-c", "kent", PLAN_C.replace("0.27", "0.28").replace("0.26", "0.25"))


@pytest.mark.parametrize(("before", "after"), [
    ((A, B), (A, B, C)),  # a document added
    ((A, B, C), (A, C)),  # one removed
    ((A, B, C), (A, B, C_CHANGED)),  # one changed
    ((C, A), (B, C, A)),  # one added before the others
    ((A,), (B,)),  # nothing kept
])
def test_a_series_updated_for_the_changed_observations_equals_a_full_derivation(
        before: tuple[tuple[str, str, str], ...],
        after: tuple[tuple[str, str, str], ...]) -> None:
    subjects = load_subjects()
    old, new = _observations(*before), _observations(*after)
    old_keys, new_keys = row_keys(row_hashes(old)), row_keys(row_hashes(new))
    added = changed_positions(new_keys, old_keys)
    removed = set(old["row_id"].to_numpy(object)[changed_positions(old_keys, new_keys)])
    assert len(added) < len(new) or before == (A,)  # not derived from every row
    previous = to_arrow(kpi_series(old, subjects), KPI_SERIES)
    updated = updated_series(previous, new, added, removed, subjects)
    pd.testing.assert_frame_equal(from_arrow(updated), kpi_series(new, subjects))


@pytest.mark.parametrize("after", [(B, A), (A, B, C), (B,)])
def test_the_asset_updates_or_derives_anew_to_equal_a_full_derivation(after) -> None:
    """Rows kept but in another order are derived anew (a series lists its rows in order)."""
    from pipeline.assets.series import Derived, _derived

    subjects = load_subjects()
    old, new = _observations(A, B), _observations(*after)
    hashes = row_hashes(old)
    entry = Derived(to_arrow(kpi_series(old, subjects), KPI_SERIES), "", row_keys(hashes),
                    old["row_id"].to_numpy(object))
    table, frame = _derived(entry, new, row_keys(row_hashes(new)), subjects)
    pd.testing.assert_frame_equal(from_arrow(table), kpi_series(new, subjects))
    pd.testing.assert_frame_equal(frame, kpi_series(new, subjects))
