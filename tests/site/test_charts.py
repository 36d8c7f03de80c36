"""The charts: which amounts and values they draw, and that each has a title, axis labels
with units and a text alternative, rendered the same way every time."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd
from small_release import small_tables

from pipeline.metadata.registry import get_table
from pipeline.metadata.schemas import conform
from pipeline.site.charts import (
    OTHER,
    SERVICE,
    budget_chart,
    contributions_by_agency,
    headline_budget_rows,
    kpi_chart,
    kpi_periods,
    kpi_series,
)


def _budget(rows: list[tuple[str, str, str, str, float, int]]) -> pd.DataFrame:
    """(document, year, agency, type, amount, line) rows of `budget_contributions`."""
    spec = get_table("budget_contributions")
    frame = pd.DataFrame([
        {"financial_year": year, "agency": agency, "agency_label": agency.title(),
         "contribution_type": kind, "amount_gbp": amount, "document_id": doc, "yot_id": "alpha",
         "source_line": line, "source_table": f"{doc}#t01"}
        for doc, year, agency, kind, amount, line in rows
    ])
    return conform(frame, spec)


def _svg_texts(svg: str) -> list[str]:
    """The texts the chart shows (each a `<text>` element)."""
    return [html.unescape(t) for t in re.findall(r"<text [^>]*>(.*?)</text>", svg)]


def test_a_row_total_wins_then_cash_and_kind_then_revenue_and_parts_add_up():
    budget = _budget([
        ("doc-a", "2020-21", "local_authority", "staffing_costs", 100, 5),
        ("doc-a", "2020-21", "local_authority", "total", 300, 5),
        ("doc-a", "2020-21", "police", "cash", 10, 6),
        ("doc-a", "2020-21", "police", "cash_and_kind", 40, 6),
        ("doc-a", "2020-21", "health", "staffing_costs", 7, 7),
        ("doc-a", "2020-21", "health", "payments_in_kind", 3, 7),
        ("doc-a", "2020-21", "probation", "revenue", 50, 8),
        ("doc-a", "2020-21", "probation", "change", -20, 8),
        ("doc-a", "2020-21", "other", "change", 99, 9),
        ("doc-a", "2020-21", "total", "total", 400, 10),
    ])
    chosen = headline_budget_rows(budget).set_index("agency")
    assert chosen.loc["local_authority", "amount_gbp"] == 300
    assert chosen.loc["police", "amount_gbp"] == 40
    assert chosen.loc["health", "amount_gbp"] == 10
    assert chosen.loc["probation", "amount_gbp"] == 50
    assert "other" not in chosen.index  # a movement between years is not an amount

    table = contributions_by_agency(budget, ["doc-a"])
    assert list(table) == ["local_authority", "police", "probation", "health"]
    assert "total" not in table


def test_rows_of_one_agency_add_up_and_the_latest_document_gives_a_year():
    budget = _budget([
        ("old-plan", "2019-20", "local_authority", "revenue", 100, 3),
        ("old-plan", "2020-21", "local_authority", "revenue", 999, 4),
        ("new-plan", "2020-21", "local_authority", "revenue", 200, 5),
        ("new-plan", "2020-21", "local_authority", "revenue", 50, 6),  # a second council
    ])
    table = contributions_by_agency(budget, ["old-plan", "new-plan"])
    assert table["local_authority"] == {"2019-20": 100, "2020-21": 250}


def test_budget_chart_has_title_axis_labels_with_units_and_alt_text(tmp_path: Path):
    budget = small_tables(tmp_path)["budget_contributions"]
    chart = budget_chart(budget, "Alpha Youth Justice Service", source="Alpha plan 2020/21")
    assert chart is not None
    texts = _svg_texts(chart.svg)
    assert any(t.startswith("Amount (£, pounds)") for t in texts)  # the unit, in the image
    assert {"Local authority", "Police", "2020-21: £3,500"} <= set(texts)
    assert "Source: Alpha plan 2020/21" in texts  # and the source
    assert any("Partner contributions to Alpha" in t for t in texts)
    assert chart.title.startswith("Partner contributions to Alpha Youth Justice Service")
    assert chart.alt == (
        "Horizontal bar chart of partner contributions to Alpha Youth Justice Service's youth "
        "justice budget, by agency and financial year. 2020-21: Local authority £3,500; Police "
        "£400; partners' sum £3,900, printed total £3,900.")
    assert 'role="img"' in chart.svg
    assert "<title>Horizontal bar chart" in chart.svg


def test_no_budget_chart_without_an_amount():
    budget = _budget([("doc-a", "2020-21", "police", "change", 5, 3)])
    assert budget_chart(budget, "Alpha") is None


def test_kpi_series_put_the_service_first_and_other_services_last(tmp_path: Path):
    kpis = small_tables(tmp_path)["kpi_observations"]
    series = kpi_series(kpis, "alpha", "Alpha")
    assert [(s.label, s.role) for s in series] == [
        ("Alpha", SERVICE), ("England", "national"), ("Delta", OTHER)]
    assert series[0].values == {"2019-03-31": 0.21, "2020-03-31": 0.18}


def test_a_period_printed_without_dates_joins_the_dated_one_with_its_label(tmp_path: Path):
    kpis = small_tables(tmp_path)["kpi_observations"].copy()
    first = kpis.index[0]
    kpis.loc[first, ["period_start", "period_end"]] = None
    assert kpi_periods(kpis) == [("2019-03-31", "2019"), ("2020-03-31", "2020")]


def test_kpi_chart_is_a_line_chart_over_time_with_labels_and_alt_text(tmp_path: Path):
    kpis = small_tables(tmp_path)["kpi_observations"]
    chart = kpi_chart(kpis, "alpha", "Alpha", "Use of custody rate", "per_1000")
    assert chart is not None
    texts = _svg_texts(chart.svg)
    assert "Period (as printed)" in texts
    assert any(t.startswith("Use of custody rate (per 1,000") for t in texts)
    assert {"2019", "2020", "Alpha", "England", "Other services (1)"} <= set(texts)
    assert chart.alt == (
        "Line chart of Use of custody rate (per 1,000 children aged 10-17). Alpha: 0.21 in "
        "2019 to 0.18 in 2020. England: 0.31 in 2019 to 0.28 in 2020. 1 other service is "
        "drawn in grey for comparison.")


def test_one_period_gives_a_bar_chart_of_the_subjects(tmp_path: Path):
    kpis = small_tables(tmp_path)["kpi_observations"]
    one_period = kpis[kpis["period_label"] == "2020"]
    chart = kpi_chart(one_period, "alpha", "Alpha", "Use of custody rate", "per_1000")
    assert chart is not None
    assert chart.alt.startswith("Bar chart of Use of custody rate")
    texts = _svg_texts(chart.svg)
    assert "Use of custody rate (per 1,000 children aged 10-17), 2020" in texts
    assert {"Alpha", "England", "Delta", "0.18", "0.28", "0.25"} <= set(texts)
    assert "Source: kpi_observations" in texts


def test_no_kpi_chart_when_nothing_was_reported(tmp_path: Path):
    kpis = small_tables(tmp_path)["kpi_observations"].copy()
    kpis["value_status"] = "suppressed"
    kpis["value"] = None
    assert kpi_chart(kpis, "alpha", "Alpha", "Use of custody rate", "per_1000") is None


def test_charts_render_to_the_same_bytes_with_no_date(tmp_path: Path):
    tables = small_tables(tmp_path)
    first = kpi_chart(tables["kpi_observations"], "alpha", "Alpha", "Custody", "per_1000")
    second = kpi_chart(tables["kpi_observations"], "alpha", "Alpha", "Custody", "per_1000")
    assert first is not None and second is not None
    assert first.svg == second.svg
    assert "<dc:date>" not in first.svg
    budget = tables["budget_contributions"]
    assert budget_chart(budget, "Alpha").svg == budget_chart(budget, "Alpha").svg


def test_charts_fit_a_phone_and_are_small(tmp_path: Path):
    """Drawn for a 390 px screen, text as text (not glyph paths): a few KB each."""
    chart = kpi_chart(small_tables(tmp_path)["kpi_observations"], "alpha", "Alpha", "Custody",
                      "per_1000")
    assert chart is not None
    assert 'viewBox="0 0 390 ' in chart.svg and len(chart.svg) < 8000
    assert "<path" not in chart.svg
