"""Pages read tables as plain rows: grouped once, equal to what a pandas filter gives, and
the charts drawn from rows are the charts drawn from the frame they came from."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from small_release import small_tables

from pipeline.site.chart_cache import chart_key, rows_digest
from pipeline.site.charts import (
    budget_chart,
    contributions_by_agency,
    fact_chart,
    headline_budget_rows,
    headline_rows,
    kpi_chart,
    latest_document_per_year,
    latest_rows_per_year,
    period_keys,
    row_period_keys,
)
from pipeline.site.data import SiteData
from pipeline.site.document_pages import found_tables
from pipeline.site.rows import (
    as_rows,
    column_lists,
    columns_of,
    equals,
    group_rows,
    records_of,
    rows_at,
)


def test_rows_helpers_treat_a_missing_value_as_a_filter_does() -> None:
    frame = pd.DataFrame({"k": pd.array(["a", None, "b", "a"], dtype="string"),
                          "v": pd.array([1.5, 2.0, None, 4.0], dtype="Float64")})
    rows = as_rows(frame)
    assert rows[1] == {"k": None, "v": 2.0} and rows[2]["v"] is None
    assert columns_of(frame) == columns_of(rows) == ["k", "v"]
    assert columns_of([]) == []
    assert equals("a", "a") and not equals(None, "a") and not equals(pd.NA, "a")
    groups = group_rows(rows, "k")
    assert list(groups) == ["a", "b"]  # first appearance; the missing key in no group
    assert [r["v"] for r in groups["a"]] == [1.5, 4.0]


def test_records_where_are_the_filtered_frames_records(tmp_path: Path) -> None:
    tables = small_tables(tmp_path)
    kpis = tables["kpi_observations"]
    mixed = pd.concat([kpis, kpis.iloc[::-1]], ignore_index=True)  # groups not consecutive
    site = SiteData(tables={**tables, "kpi_observations": mixed}, report={},
                    version="2024.05.01", sources_dir=None)
    for column in ("subject_id", "yot_id", "indicator"):
        for value in set(mixed[column].dropna()):
            expected = mixed[(mixed[column] == value).fillna(False)].to_dict("records")
            assert site.records_where("kpi_observations", column, value) == expected
    assert site.records_where("kpi_observations", "yot_id", "no-such-service") == []
    assert site.records("kpi_observations") is site.records("kpi_observations")  # made once


def test_charts_from_rows_are_the_charts_from_the_frame(tmp_path: Path) -> None:
    tables = small_tables(tmp_path)
    kpis, budget = tables["kpi_observations"], tables["budget_contributions"]
    args = ("alpha", "Alpha", "Custody", "per_1000")
    assert kpi_chart(kpis, *args) == kpi_chart(kpis.to_dict("records"), *args)
    assert budget_chart(budget, "Alpha") == budget_chart(budget.to_dict("records"), "Alpha")
    caseloads = tables["caseloads"]
    assert fact_chart(caseloads, "caseloads", "Alpha") == fact_chart(
        caseloads.to_dict("records"), "caseloads", "Alpha")
    assert fact_chart(caseloads, "caseloads", "Alpha") is not None


def test_latest_rows_per_year_keep_what_the_frame_version_keeps(tmp_path: Path) -> None:
    budget = small_tables(tmp_path)["budget_contributions"]
    later = budget.assign(document_id="later-doc", amount_gbp=budget["amount_gbp"] + 1)
    other_year = budget.assign(document_id="later-doc", financial_year="2021-22")
    both = pd.concat([budget, later, other_year], ignore_index=True)
    order = [budget["document_id"].iloc[0], "later-doc"]
    frame = latest_document_per_year(headline_budget_rows(both), order)
    rows = latest_rows_per_year(headline_rows(both), order)
    assert frame.to_dict("records") == rows
    assert {r["document_id"] for r in rows} == {"later-doc"}
    assert contributions_by_agency(both, order)["police"] == {"2020-21": 401.0,
                                                              "2021-22": 400.0}


def test_period_keys_of_rows_and_of_a_frame_agree(tmp_path: Path) -> None:
    kpis = small_tables(tmp_path)["kpi_observations"].copy()
    kpis.loc[kpis.index[0], ["period_start", "period_end"]] = None  # joins its label's date
    assert period_keys(kpis).tolist() == row_period_keys(kpis.to_dict("records"))
    assert period_keys(kpis).iloc[0] == "2019-03-31"
    assert period_keys(kpis.iloc[0:0]).empty


def test_chart_keys_hash_row_values_with_their_types() -> None:
    rows = [{"period_end": dt.date(2020, 3, 31), "value": 1.5, "flags": None}]
    frame = pd.DataFrame(rows)
    assert rows_digest(rows) == rows_digest(frame.to_dict("records"))
    assert rows_digest(rows) != rows_digest([{**rows[0], "value": 1.5000001}])
    assert rows_digest(rows) != rows_digest([{**rows[0], "period_end": "2020-03-31"}])
    assert rows_digest([{"v": None}]) != rows_digest([{"v": "None"}])
    assert rows_digest([{"v": 1}]) != rows_digest([{"w": 1}])  # column names count
    assert chart_key("kpi", rows, ["a"]) != chart_key("kpi", rows, ["b"])


def test_counts_are_a_filters_length(tmp_path: Path) -> None:
    tables = small_tables(tmp_path)
    site = SiteData(tables=tables, report={}, version="2024.05.01", sources_dir=None)
    for name in ("kpi_observations", "budget_contributions", "caseloads"):
        frame = tables[name]
        for column in ("document_id", "source_table"):
            for value in [*set(frame[column].dropna()), "none-such"]:
                assert site.count_where(name, column, value) == int(
                    (frame[column] == value).fillna(False).sum())
    assert site.count_where("withheld", "document_id", "any") == 0  # an empty table


def test_found_tables_are_the_cells_grouped_by_table(tmp_path: Path) -> None:
    cells = small_tables(tmp_path)["tables"]
    mixed = pd.concat([cells.iloc[::-1], cells.assign(source_table=None)], ignore_index=True)
    found = found_tables(mixed)
    groups = mixed.groupby("source_table", sort=True)
    assert [f.source_table for f in found] == list(groups.groups)
    for table, (name, group) in zip(found, groups, strict=True):
        assert table.source_table == name
        first = group.iloc[0]
        assert (table.kind, table.n_rows, table.n_columns) == (
            first["kind"], first["n_rows"], first["n_columns"])
        assert (table.start, table.end) == (group["source_line"].min(),
                                            group["source_line"].max())
        assert table.caption == (first["caption"] if isinstance(first["caption"], str)
                                 else None)


def test_records_of_are_to_dicts_records_value_for_value(tmp_path: Path) -> None:
    edge = pd.DataFrame({"f": pd.array([1.0, None, 2.5], dtype="Float64"),
                         "n": [1.0, float("nan"), 2.0],  # NaN in a numpy column stays NaN
                         "s": pd.array([None, "a", "b"], dtype="string"),
                         "i": pd.array([None, 3, 4], dtype="Int32")})
    for frame in [edge, *small_tables(tmp_path).values()]:
        expected, got = frame.to_dict("records"), records_of(frame)
        assert len(got) == len(expected)
        for mine, theirs in zip(got, expected, strict=True):
            assert list(mine) == list(theirs)
            assert [type(v) for v in mine.values()] == [type(v) for v in theirs.values()]
            assert repr(mine) == repr(theirs)


def test_rows_at_positions_are_the_records_there(tmp_path: Path) -> None:
    kpis = small_tables(tmp_path)["kpi_observations"]
    columns = column_lists(kpis)
    records = kpis.to_dict("records")
    assert rows_at(columns, [3, 0, 5]) == [records[3], records[0], records[5]]
    assert rows_at(columns, range(0)) == []


def test_column_lists_share_one_object_per_distinct_text() -> None:
    """The same values (missing as None, booleans as bool) as a cell-by-cell `tolist()`,
    but a repeated text is one object: the site's column lists of a national table."""
    frame = pd.DataFrame({
        "k": pd.array(["alpha", None, "beta", "alpha"] * 3, dtype="string"),
        "b": pd.array([True, None, False, True] * 3, dtype="boolean"),
        "n": pd.array([1, None, 3, 4] * 3, dtype="Int32"),
    })
    columns = column_lists(frame)
    for name in frame.columns:
        expected = [None if v is pd.NA else v for v in frame[name].tolist()]
        assert columns[name] == expected
        assert [type(v) for v in columns[name]] == [type(v) for v in expected]
    assert columns["k"][0] is columns["k"][3] is columns["k"][11]
