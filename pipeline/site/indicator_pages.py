"""A page per indicator comparing every service that reports it: a chart of all services
in one period (the one most services report), the chosen service highlighted (the page's
`#<yot_id>`), and a sortable table of each service's latest value, linked to its source
line and its service page. Plus an index of the indicators."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from pipeline.metadata import enums
from pipeline.site.charts import period_keys, unit_text
from pipeline.site.components import service_href, source_href
from pipeline.site.data import SiteData
from pipeline.site.html import Html, format_number, humanise, page, plural
from pipeline.site.svg import (
    MUTED,
    NATIONAL_COLOUR,
    OTHER_COLOUR,
    PAD,
    SMALL_FONT,
    WIDTH,
    Canvas,
    legend,
    nice_ticks,
    text_width,
)
from pipeline.site.templating import render

ROOT = "../"
PLOT_HEIGHT = 170
SCRIPTS = ("assets/site.js",)


@dataclass(frozen=True)
class ServiceValue:
    """A service's value of an indicator in one period, and where it was printed."""

    yot_id: str
    name: str
    period: str
    period_label: str
    value: float
    document_id: str
    source_line: int


def _own_values(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows giving a service's own reported value (no breakdown)."""
    return rows[(rows["subject_type"] == enums.SUBJECT_YOT) & rows["subject_id"].notna()
                & rows["breakdown"].isna() & (rows["value_status"] == enums.REPORTED)]


def has_comparison(site: SiteData, indicator: str) -> bool:
    """Whether the indicator gets a page: some service's own value was printed."""
    return site.memo(("has_comparison", indicator), lambda: not _own_values(
        site.rows_where("kpi_observations", "indicator", indicator)).empty)


def service_values(site: SiteData, rows: pd.DataFrame) -> list[ServiceValue]:
    """Each service's own reported values (no breakdown), one per service and period:
    where several documents print the same period, the latest document's."""
    own = _own_values(rows)
    if own.empty:
        return []
    rank = {doc: i for i, doc in enumerate(site.document_order)}
    ranked = own.assign(_period=period_keys(own), _rank=own["document_id"].map(rank).fillna(-1))
    latest = ranked.sort_values(["_rank", "source_line"]).groupby(
        ["subject_id", "_period"], sort=False).tail(1)
    return [ServiceValue(str(r["subject_id"]), site.service_name(str(r["subject_id"])),
                         str(r["_period"]), str(r["period_label"]), float(r["value"]),
                         str(r["document_id"]), int(r["source_line"]))
            for r in latest.to_dict("records")]


def national_values(rows: pd.DataFrame) -> dict[str, float]:
    """England's (else the first national) value per period, for a reference line."""
    national = rows[(rows["subject_type"] == enums.SUBJECT_NATIONAL)
                    & rows["breakdown"].isna() & (rows["value_status"] == enums.REPORTED)]
    national = national.assign(_period=period_keys(national))
    found: dict[str, float] = {}
    for period, value in zip(national["_period"], national["value"], strict=True):
        found.setdefault(period, float(value))
    return found


def chart_period(values: Sequence[ServiceValue]) -> str:
    """The period most services report (the latest of equals): what the chart compares."""
    counts: dict[str, int] = {}
    for v in values:
        counts[v.period] = counts.get(v.period, 0) + 1
    return max(counts, key=lambda p: (counts[p], p))


def comparison_svg(values: Sequence[ServiceValue], label: str, unit: str, period_label: str,
                   national: float | None, source: str) -> str:
    """Every service's value as a bar, lowest to highest; bars carry `data-key` (the
    service id) so the page can highlight the chosen one."""
    ordered = sorted(values, key=lambda v: (v.value, v.name))
    alt = (f"Bar chart of {label} ({unit_text(unit)}) in {period_label} for "
           f"{len(ordered)} services, from {format_number(ordered[0].value)} "
           f"({ordered[0].name}) to {format_number(ordered[-1].value)} ({ordered[-1].name}).")
    canvas = Canvas(f"{label}: every service, {period_label}", alt)
    canvas.header(f"{label} ({unit_text(unit)}); one bar per service, lowest to highest")
    top_value = max([v.value for v in ordered] + ([national] if national is not None else []))
    ticks = nice_ticks(top_value, min(0.0, ordered[0].value))
    left = PAD + max(text_width(format_number(t), SMALL_FONT) for t in ticks) + 6
    right, top = WIDTH - PAD, canvas.y + 6
    bottom = top + PLOT_HEIGHT
    span = (ticks[-1] - ticks[0]) or 1

    def y_of(value: float) -> float:
        return bottom - (value - ticks[0]) / span * (bottom - top)

    for tick in ticks:
        canvas.line(left, y_of(tick), right, y_of(tick))
        canvas.text(left - 4, y_of(tick) + 4, format_number(tick), size=SMALL_FONT,
                    anchor="end", fill=MUTED)
    step = (right - left) / len(ordered)
    for i, v in enumerate(ordered):
        low, high = sorted((y_of(0), y_of(v.value)))
        canvas.rect(left + i * step + step * 0.1, low, step * 0.8, high - low, OTHER_COLOUR,
                    key=v.yot_id)
    entries = [("Services (the chosen one in blue)", {"color": OTHER_COLOUR, "width": 6})]
    if national is not None:
        canvas.line(left, y_of(national), right, y_of(national), NATIONAL_COLOUR, 1.5, "6 3")
        entries.append((f"England: {format_number(national)}",
                        {"color": NATIONAL_COLOUR, "width": 1.5, "dash": "6 3"}))
    canvas.y = bottom + 4
    legend(canvas, entries)
    canvas.footer(source)
    return canvas.svg()


def indicator_page(site: SiteData, indicator: str, reference: dict | None) -> str | None:
    """The page, or None when no service reports the indicator as its own."""
    rows = site.rows_where("kpi_observations", "indicator", indicator)
    values = service_values(site, rows)
    if not values:
        return None
    label = str(reference["label"]) if reference else humanise(indicator)
    unit = str(reference["unit"]) if reference else str(rows["unit"].iloc[0])
    period = chart_period(values)
    in_period = [v for v in values if v.period == period]
    documents = len({v.document_id for v in in_period})
    svg = comparison_svg(in_period, label, unit, in_period[0].period_label,
                         national_values(rows).get(period),
                         f"{plural(documents, 'document')}; yjdata table kpi_observations")
    with_section = set(rows["yot_id"])  # services whose own pages chart this indicator
    latest: dict[str, ServiceValue] = {}
    for v in sorted(values, key=lambda v: v.period):
        latest[v.yot_id] = v
    table_rows = [{
        "id": v.yot_id, "name": v.name,
        "href": (service_href(ROOT, v.yot_id)
                 + (f"#kpi-{indicator}" if v.yot_id in with_section else "")
                 if v.yot_id in site.services else None),
        "value": v.value, "value_text": format_number(v.value), "period": v.period_label,
        "period_key": v.period, "source": source_href(ROOT, v.document_id, v.source_line),
        "source_text": f"line {v.source_line}", "source_title": site.document_title(v.document_id),
    } for v in sorted(latest.values(), key=lambda v: v.name.lower())]
    body = render("indicator.html", label=label, unit=unit_text(unit), reference=reference,
                  better=_better(reference), chart=Html(svg), rows=table_rows,
                  period_label=in_period[0].period_label, charted=len(in_period))
    return page(label, Html(body), ROOT, scripts=SCRIPTS)


def _better(reference: dict | None) -> str:
    better = (reference or {}).get("better")
    return f"{humanise(str(better))} values are better." if better in ("higher", "lower") else ""


def indicator_index(site: SiteData, written: dict[str, str]) -> str:
    """The list of indicator pages (`written`: indicator -> label)."""
    kpis = site.table("kpi_observations")
    counts = (kpis[kpis["subject_type"] == enums.SUBJECT_YOT].groupby("indicator")["subject_id"]
              .nunique().to_dict() if not kpis.empty else {})
    items = [{"href": f"{ind}.html", "label": label, "services": counts.get(ind, 0)}
             for ind, label in written.items()]
    return page("Indicators", Html(render("indicators.html", items=items)), ROOT)
