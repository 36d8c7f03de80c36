"""Charts and links for the Dagster UI, which renders markdown metadata but cannot open
files: the charts are the site's hand-built SVG, carried inside the markdown as data URIs
(the Dagster 1.13 UI's markdown allows any `data:` image source). matplotlib drew both as
PNGs in about 3.4 CPU s at 1,000 documents; this SVG takes about 0.3 (docs/scaling.md)."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pandas as pd

from pipeline.metadata import enums
from pipeline.site.build import SITE_DIR
from pipeline.site.chart_cache import ChartCache
from pipeline.site.charts import (
    SERVICE,
    TOTAL_AGENCY,
    Chart,
    Series,
    headline_budget_rows,
    kpi_periods,
    latest_document_per_year,
    line_plot,
    period_keys,
    short_gbp,
    unit_text,
)
from pipeline.site.html import humanise
from pipeline.site.svg import (
    PAD,
    PALETTE,
    SMALL_FONT,
    WIDTH,
    Bar,
    Canvas,
    data_uri,
    hbars,
    legend,
    wrap,
)

MAX_KPI_PANELS = 6
PANEL_HEIGHT = 90
BUDGET_TITLE = "Partner contributions by service and financial year"
KPI_TITLE = "Each service's own indicator values over time"
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
    # the count the alt text gives, does not draw the chart again (its own alt text
    # names the drawn bars only).
    chart = charts.draw("ui-budget", table.reset_index(), [],
                        lambda: _budget_svg(table, _budget_alt(bars, len(table), len(table))))
    return (data_uri(chart.svg), _budget_alt(bars, len(table), services)) if chart else None


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


def _budget_svg(table: pd.DataFrame, alt: str) -> Chart:
    """Horizontal bars, one group per service, one bar per financial year (a colour a
    year), each followed by its amount."""
    colours = {year: PALETTE[i % len(PALETTE)] for i, year in enumerate(table.columns)}
    groups = [(str(yot), [Bar(str(year), float(value), colours[year],
                              f"{year}: {short_gbp(value)}")
                          for year, value in row.dropna().items()])
              for yot, row in table.iterrows()]
    canvas = Canvas(BUDGET_TITLE, alt)
    canvas.header("Amount (£, pounds): the partners' sum for each service and financial "
                  "year, from its latest document printing the year")
    hbars(canvas, groups, tick_text=short_gbp)
    canvas.footer("budget_contributions")
    return Chart(canvas.svg(), BUDGET_TITLE, alt)


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
    chart = charts.draw("ui-kpi", rows, [],
                        lambda: _kpi_svg(rows, indicators, _kpi_alt(indicators, "")))
    if chart is None:
        return None
    shown = (f" ({rows['yot_id'].nunique()} of {services} services: those with the longest "
             "series)" if services > MAX_CHART_SERVICES else "")
    return data_uri(chart.svg), _kpi_alt(indicators, shown)


def _kpi_alt(indicators: list[str], shown: str) -> str:
    return ("Small multiples, one per indicator, of each service's own reported values by "
            f"period{shown}: {', '.join(humanise(i) for i in indicators)}.")


def _kpi_svg(rows: pd.DataFrame, indicators: list[str], alt: str) -> Chart:
    """One line panel per indicator, stacked (a phone's width), each under its name and
    unit; a service keeps its colour (dashed after the palette's seven) in every panel,
    and one legend below names them."""
    rows = rows[rows["value"].notna()]
    services = sorted(rows["yot_id"].astype(str).unique())
    styles = {yot: {"color": PALETTE[i % len(PALETTE)], "width": 1.5, "marker": True,
                    "dash": "5 3" if i >= len(PALETTE) else None}
              for i, yot in enumerate(services)}
    canvas = Canvas(KPI_TITLE, alt)
    canvas.header("Each panel is one indicator in its own unit (under its name): the "
                  "values each service printed about itself, by period")
    for indicator in indicators:
        panel = rows[rows["indicator"] == indicator]
        if panel.empty:
            continue
        panel = panel.assign(_period=period_keys(panel))  # as `kpi_periods` places them
        canvas.y += 6
        canvas.lines_of_text(wrap(f"{humanise(indicator)} ({unit_text(panel['unit'].iloc[0])})",
                                  WIDTH - 2 * PAD), weight="700")
        series = [_service_series(yot, group) for yot, group in panel.groupby("yot_id")]
        line_plot(canvas, [(s, styles[s.label]) for s in series], kpi_periods(panel),
                  PANEL_HEIGHT)
    canvas.y += SMALL_FONT
    legend(canvas, [(yot, styles[yot]) for yot in services])
    canvas.footer("kpi_observations")
    return Chart(canvas.svg(), KPI_TITLE, alt)


def _service_series(yot: object, rows: pd.DataFrame) -> Series:
    """A service's values by period key, the first printed value of a period winning."""
    points = rows.drop_duplicates("_period")
    return Series(str(yot), SERVICE, dict(zip(points["_period"], points["value"].astype(float),
                                              strict=True)))


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
