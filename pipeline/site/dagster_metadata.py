"""Charts and links for the Dagster UI, which renders markdown metadata but cannot open
files: small PNG charts travel inside the markdown as data URIs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import dagster as dg
import pandas as pd

from pipeline.metadata import enums
from pipeline.site.build import SITE_DIR
from pipeline.site.chart_cache import ChartCache
from pipeline.site.charts import (
    TOTAL_AGENCY,
    Chart,
    headline_budget_rows,
    latest_document_per_year,
    period_keys,
    short_gbp,
    unit_text,
)
from pipeline.site.figures import (
    PALETTE,
    add_title,
    chart_style,
    new_figure,
    to_png_data_uri,
)
from pipeline.site.html import humanise

if TYPE_CHECKING:
    from matplotlib.axes import Axes

MAX_KPI_PANELS = 6
PANEL_COLUMNS = 2
# A UI chart of a national corpus draws at most this many services (every service has
# its own page in the release site): drawing all of them made one chart of 1,000
# documents cost more than extracting them, and was unreadable.
MAX_CHART_SERVICES = 12


def asset_chart_markdown(table_name: str, frame: pd.DataFrame,
                         charts: ChartCache | None = None) -> str | None:
    """A markdown chart for the budget and KPI assets (None for other tables, or when
    there is nothing to draw). With `charts`, a chart whose drawn rows have not changed
    since an earlier run is read back instead of drawn."""
    draw = {"budget_contributions": _budget_overview,
            "kpi_observations": _kpi_overview}.get(table_name)
    if draw is None or frame.empty:
        return None
    drawn = draw(frame, charts or ChartCache(None))
    if drawn is None:
        return None
    uri, alt = drawn
    return f"![{_markdown_text(alt)}]({uri})\n\n{alt}\n"


def _markdown_text(text: str) -> str:
    return text.replace("[", "(").replace("]", ")").replace("\n", " ")


def contributions_by_service(frame: pd.DataFrame) -> pd.DataFrame:
    """Partners' total contributions, services (rows) by financial year (columns)."""
    rows = latest_document_per_year(headline_budget_rows(frame),
                                    sorted(frame["document_id"].unique()))
    rows = rows[rows["agency"] != TOTAL_AGENCY]
    if rows.empty:
        return pd.DataFrame()
    return rows.pivot_table(index="yot_id", columns="financial_year", values="amount_gbp",
                            aggfunc="sum").sort_index()


def largest_services(table: pd.DataFrame, limit: int = MAX_CHART_SERVICES) -> pd.DataFrame:
    """The `limit` services (rows) with the largest total in their latest year, in
    service order."""
    if len(table) <= limit:
        return table
    latest = table.ffill(axis=1).iloc[:, -1].fillna(0)
    keep = latest.sort_values(ascending=False, kind="stable").index[:limit]
    return table.loc[sorted(keep)]


def _budget_overview(frame: pd.DataFrame, charts: ChartCache) -> tuple[str, str] | None:
    table = contributions_by_service(frame)
    if table.empty:
        return None
    services = len(table)
    table = largest_services(table)
    bars = _budget_bars(table)
    # Keyed on the drawn bars only: a service outside the chart, or one more service in
    # the count the alt text gives, does not draw the PNG again.
    chart = charts.draw("ui-budget", table.reset_index(), [], lambda: _budget_png(bars))
    return (chart.svg, _budget_alt(bars, len(table), services)) if chart else None


def _budget_bars(table: pd.DataFrame) -> list[tuple[str, float, int]]:
    """(label, pounds, colour index) of each bar: a service's years, services in order."""
    return [(f"{yot} {year}", float(value), i)
            for i, (yot, row) in enumerate(table.iterrows())
            for year, value in row.dropna().items()]


def _budget_alt(bars: list[tuple[str, float, int]], shown: int, services: int) -> str:
    among = (f" (the {shown} of {services} services with the largest latest budget)"
             if services > shown else "")
    listed = "; ".join(f"{label} {short_gbp(value)}" for label, value, _ in bars)
    return f"Bar chart of partner contributions by service and year{among}: {listed}."


def _budget_png(bars: list[tuple[str, float, int]]) -> Chart:
    """The budget chart as a PNG data URI (kept in `Chart.svg`; alt text apart)."""
    with chart_style():
        figure = new_figure(7, 1.2 + 0.35 * len(bars))
        axes = figure.add_subplot()
        drawn = axes.barh(range(len(bars)), [value for _, value, _ in bars],
                          color=[PALETTE[i % len(PALETTE)] for _, _, i in bars])
        axes.bar_label(drawn, labels=[short_gbp(value) for _, value, _ in bars], padding=3,
                       fontsize=8)
        axes.set_yticks(range(len(bars)), [label for label, _, _ in bars])
        axes.invert_yaxis()
        axes.margins(x=0.15)
        axes.xaxis.set_major_formatter(short_gbp)
        axes.set_xlabel("Partner contributions (£, pounds)")
        axes.set_ylabel("Service and financial year")
        add_title(figure, "Partner contributions by service and financial year")
        return Chart(to_png_data_uri(figure), "", "")


def own_kpi_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Reported values a service printed about itself (not its comparators)."""
    own = (frame["subject_type"] == enums.SUBJECT_YOT) & (frame["subject_id"] == frame["yot_id"])
    reported = frame["value_status"] == enums.REPORTED
    return frame[(own & reported & frame["breakdown"].isna()).fillna(False).astype(bool)]


# What the KPI chart draws from each row; its cache key is these columns, in row order.
KPI_DRAWN = ["yot_id", "indicator", "unit", "period_label", "period_end", "value"]


def _kpi_overview(frame: pd.DataFrame, charts: ChartCache) -> tuple[str, str] | None:
    rows = own_kpi_rows(frame)
    if rows.empty:
        return None
    services = rows["yot_id"].nunique()
    if services > MAX_CHART_SERVICES:
        longest = rows.groupby("yot_id")["period_label"].nunique()
        keep = longest.sort_values(ascending=False, kind="stable").index[:MAX_CHART_SERVICES]
        rows = rows[rows["yot_id"].isin(keep)]
    rows = rows[KPI_DRAWN].reset_index(drop=True)
    indicators = rows["indicator"].value_counts().index[:MAX_KPI_PANELS].tolist()
    chart = charts.draw("ui-kpi", rows, [], lambda: _kpi_png(rows, indicators))
    if chart is None:
        return None
    shown = (f" ({rows['yot_id'].nunique()} of {services} services: those with the longest "
             "series)" if services > MAX_CHART_SERVICES else "")
    alt = ("Small multiples, one per indicator, of each service's own reported values by "
           f"period{shown}: {', '.join(humanise(i) for i in indicators)}.")
    return chart.svg, alt


def _kpi_png(rows: pd.DataFrame, indicators: list[str]) -> Chart:
    """The KPI small multiples as a PNG data URI (kept in `Chart.svg`; alt text apart)."""
    rows = rows.assign(_period=period_keys(rows))
    n_rows = -(-len(indicators) // PANEL_COLUMNS)
    with chart_style():
        figure = new_figure(9, 2.4 * n_rows + 0.6)
        for position, indicator in enumerate(indicators, start=1):
            axes = figure.add_subplot(n_rows, PANEL_COLUMNS, position)
            _kpi_panel(axes, rows[rows["indicator"] == indicator])
            unit = rows.loc[rows["indicator"] == indicator, "unit"].iloc[0]
            axes.set_title(humanise(indicator), fontsize=9)
            axes.set_ylabel(unit_text(unit), fontsize=8)
        add_title(figure, "Each service's own indicator values over time")
        return Chart(to_png_data_uri(figure), "", "")


def _kpi_panel(axes: Axes, rows: pd.DataFrame) -> None:
    periods = sorted(rows["_period"].unique())
    position = {p: i for i, p in enumerate(periods)}
    labels = rows.groupby("_period")["period_label"].first()
    for i, (yot, group) in enumerate(rows.groupby("yot_id", sort=True)):
        points = group.drop_duplicates("_period").sort_values("_period")
        axes.plot([position[p] for p in points["_period"]], points["value"], marker="o",
                  label=str(yot), color=PALETTE[i % len(PALETTE)], linewidth=1.5)
    axes.set_xticks(range(len(periods)), [str(labels[p]) for p in periods], fontsize=7,
                    rotation=30)
    axes.legend(fontsize=6, frameon=False)


def release_site_metadata(release_dir: Path) -> dict[str, dg.MetadataValue]:
    """For the `release` asset: where the release and its site are, and how to view it."""
    site_index = release_dir / SITE_DIR / "index.html"
    version = release_dir.name
    return {
        "release_folder": dg.MetadataValue.path(str(release_dir)),
        "site": dg.MetadataValue.path(str(site_index)),
        "site_url": dg.MetadataValue.url(site_index.resolve().as_uri()),
        "view_site": dg.MetadataValue.md(
            f"Open `{site_index}` in a browser, or run `yjdata serve --release {version}` "
            "and open http://127.0.0.1:8000/."),
    }
