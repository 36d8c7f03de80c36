"""The chart cache: a chart is drawn once per distinct input, and read back unchanged."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.site.chart_cache import ChartCache
from pipeline.site.charts import Chart


def _counting_render(calls: list[int], chart: Chart | None):
    def render() -> Chart | None:
        calls.append(1)
        return chart
    return render


def test_the_same_rows_and_parameters_are_drawn_once(tmp_path: Path) -> None:
    rows = pd.DataFrame({"period_label": ["2020", "2021"], "value": [1.5, 2.0]})
    chart = Chart("<svg>1</svg>", "Title", "Alt text")
    calls: list[int] = []
    first = ChartCache(tmp_path).draw("kpi", rows, ["alpha"], _counting_render(calls, chart))
    again = ChartCache(tmp_path)  # a later build
    second = again.draw("kpi", rows.copy(), ["alpha"], _counting_render(calls, chart))
    assert first == second == chart
    assert len(calls) == 1 and again.reused == 1 and again.drawn == 0


def test_a_changed_value_parameter_or_kind_draws_again(tmp_path: Path) -> None:
    rows = pd.DataFrame({"period_label": ["2020"], "value": [1.5]})
    calls: list[int] = []
    cache = ChartCache(tmp_path)
    render = _counting_render(calls, Chart("<svg/>", "t", "a"))
    cache.draw("kpi", rows, ["alpha"], render)
    cache.draw("kpi", rows.assign(value=[1.6]), ["alpha"], render)
    cache.draw("kpi", rows, ["beta"], render)
    cache.draw("budget", rows, ["alpha"], render)
    assert len(calls) == 4


def test_no_chart_is_remembered_and_a_damaged_entry_is_redrawn(tmp_path: Path) -> None:
    rows = pd.DataFrame({"value": [1.0]})
    calls: list[int] = []
    cache = ChartCache(tmp_path)
    assert cache.draw("kpi", rows, [], _counting_render(calls, None)) is None
    assert cache.draw("kpi", rows, [], _counting_render(calls, None)) is None
    assert len(calls) == 1
    (entry,) = tmp_path.glob("*.json")
    entry.write_text("{not json", encoding="utf-8")
    cache.draw("kpi", rows, [], _counting_render(calls, None))
    assert len(calls) == 2


def test_without_a_folder_every_chart_is_drawn() -> None:
    calls: list[int] = []
    cache = ChartCache(None)
    rows = pd.DataFrame({"value": [1.0]})
    for _ in range(2):
        cache.draw("kpi", rows, [], _counting_render(calls, Chart("<svg/>", "t", "a")))
    assert len(calls) == 2 and cache.drawn == 2
