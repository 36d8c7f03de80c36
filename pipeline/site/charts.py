"""The site's charts: partner contributions by agency and year, and each KPI over time
against the service's comparators and England.

Each chart comes with the words that stand in for it (title and a text alternative
that states the numbers), so a reader who cannot see it loses nothing; the pages add
the rows behind it as a table linked to the source lines.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from pipeline.metadata import enums
from pipeline.site.html import format_gbp, format_number, humanise, is_missing, plural
from pipeline.site.rows import Row, Rows, as_rows, columns_of, equals
from pipeline.site.svg import (
    MUTED,
    NATIONAL_COLOUR,
    OTHER_COLOUR,
    PAD,
    PALETTE,
    SERVICE_COLOUR,
    SMALL_FONT,
    WIDTH,
    Bar,
    Canvas,
    hbars,
    legend,
    nice_ticks,
    text_width,
)

# The figure a printed budget row gives for an agency's whole contribution, best first:
# a row total, else cash and in-kind together, else revenue, else cash.
HEADLINE_TYPES = ("total", "cash_and_kind", "revenue", "cash")
# Parts that add up to a contribution when the row prints no total.
COMPONENT_TYPES = ("staffing_costs", "payments_in_kind", "other_delegated_funds")
TOTAL_AGENCY = "total"
ROW_KEY = ["document_id", "source_table", "source_line", "financial_year", "agency",
           "agency_label"]

# How a unit reads after a number or on an axis.
UNIT_TEXT = {
    "per_100000": "per 100,000 children aged 10-17",
    "per_1000": "per 1,000 children aged 10-17",
    "percent": "%",
    "count": "number",
    "ratio": "ratio",
    "rank": "rank",
}

SERVICE, GROUP, REGION, NATIONAL, OTHER = "service", "group", "region", "national", "other"


@dataclass(frozen=True)
class Chart:
    """A rendered chart and the words that stand in for it."""

    svg: str
    title: str
    alt: str


def unit_text(unit: str) -> str:
    return UNIT_TEXT.get(unit, humanise(unit).lower())


# --- partner contributions ---------------------------------------------------------------


def headline_rows(budget: pd.DataFrame | Rows) -> list[dict[str, Any]]:
    """One amount per printed budget row: its most complete figure (see HEADLINE_TYPES),
    or the sum of its parts; movements between years (`change`) are never amounts."""
    printed: dict[tuple, list[Row]] = {}
    for row in as_rows(budget):  # printed rows in order of first appearance
        printed.setdefault(tuple(row[c] for c in ROW_KEY), []).append(row)
    chosen = []
    for key, parts_of_row in printed.items():
        amounts = {r["contribution_type"]: r["amount_gbp"] for r in parts_of_row}
        headline = next((t for t in HEADLINE_TYPES if t in amounts), None)
        parts = [t for t in COMPONENT_TYPES if t in amounts]
        if headline is None and not parts:
            continue
        amount = amounts[headline] if headline else sum(amounts[t] for t in parts)
        chosen.append({**dict(zip(ROW_KEY, key, strict=True)),
                       "yot_id": parts_of_row[0]["yot_id"],
                       "contribution_type": headline or "+".join(parts),
                       "amount_gbp": float(amount)})
    return chosen


def headline_budget_rows(budget: pd.DataFrame) -> pd.DataFrame:
    """`headline_rows` as a frame (for the Dagster UI's overview chart)."""
    return pd.DataFrame(headline_rows(budget),
                        columns=[*ROW_KEY, "yot_id", "contribution_type", "amount_gbp"])


def latest_document_per_year(rows: pd.DataFrame, document_order: Sequence[str]) -> pd.DataFrame:
    """Where several documents print the same year for a service, keep the latest one's."""
    if rows.empty:
        return rows
    rank = {doc: i for i, doc in enumerate(document_order)}
    ranked = rows.assign(_rank=rows["document_id"].map(rank).fillna(-1))
    latest = ranked.groupby(["yot_id", "financial_year"])["_rank"].transform("max")
    return ranked[ranked["_rank"] == latest].drop(columns="_rank")


def latest_rows_per_year(rows: Rows, document_order: Sequence[str]) -> list[Row]:
    """`latest_document_per_year` on plain rows: each service's and year's rows from the
    latest document printing them (rows without a service or year are left out)."""
    rank = {doc: i for i, doc in enumerate(document_order)}
    latest: dict[tuple, int] = {}
    for row in rows:
        key = (row["yot_id"], row["financial_year"])
        if not any(map(is_missing, key)):
            latest[key] = max(latest.get(key, -1), rank.get(row["document_id"], -1))
    return [row for row in rows if latest.get((row["yot_id"], row["financial_year"]))
            == rank.get(row["document_id"], -1)]


def _headline_latest(budget: pd.DataFrame | Rows, document_order: Sequence[str]) -> list[Row]:
    return latest_rows_per_year(headline_rows(budget), document_order)


def contributions_by_agency(budget: pd.DataFrame | Rows, document_order: Sequence[str]
                            ) -> dict[str, dict[str, float]]:
    """Pounds by agency (in contract order), each by financial year (in order); the
    table's own total row is left out so the bars are the partners."""
    sums: dict[str, dict[str, float]] = {}
    for row in _headline_latest(budget, document_order):
        if row["agency"] != TOTAL_AGENCY:
            years = sums.setdefault(row["agency"], {})
            years[row["financial_year"]] = years.get(row["financial_year"], 0.0) + row[
                "amount_gbp"]
    return {agency: dict(sorted(sums[agency].items()))
            for agency in enums.AGENCIES if agency in sums}


def printed_totals(budget: pd.DataFrame | Rows, document_order: Sequence[str]
                   ) -> dict[str, float]:
    """The total each year's table printed, to state beside the partners' sum."""
    totals: dict[str, float] = {}
    for row in _headline_latest(budget, document_order):
        if row["agency"] == TOTAL_AGENCY:
            totals[row["financial_year"]] = totals.get(row["financial_year"], 0.0) + row[
                "amount_gbp"]
    return totals


def short_gbp(value: float, _position: object = None) -> str:
    """£1.2m, £345k: axis ticks that fit on a phone."""
    size = abs(value)
    if size >= 1e6:
        return f"£{value / 1e6:.1f}m".replace(".0m", "m")
    if size >= 1e3:
        return f"£{value / 1e3:.0f}k"
    return f"£{value:.0f}"


def budget_years(table: Mapping[str, Mapping[str, float]]) -> list[str]:
    """Every financial year some agency has an amount for, in order."""
    return sorted({year for years in table.values() for year in years})


def budget_alt(table: Mapping[str, Mapping[str, float]], totals: dict[str, float],
               service: str) -> str:
    parts = [f"Horizontal bar chart of partner contributions to {service}'s youth justice "
             "budget, by agency and financial year."]
    for year in budget_years(table):
        amounts = [(agency, years[year]) for agency, years in table.items() if year in years]
        listed = "; ".join(f"{humanise(a)} {format_gbp(v)}" for a, v in amounts)
        sentence = f" {year}: {listed}; partners' sum {format_gbp(sum(v for _, v in amounts))}"
        if year in totals:
            sentence += f", printed total {format_gbp(totals[year])}"
        parts.append(sentence + ".")
    return "".join(parts)


def budget_chart(budget: pd.DataFrame | Rows, service: str, document_order: Sequence[str] = (),
                 source: str = "budget_contributions") -> Chart | None:
    """Horizontal bars: one group per agency, one bar per financial year."""
    budget = as_rows(budget)
    table = contributions_by_agency(budget, document_order)
    if not table:
        return None
    title = f"Partner contributions to {service}'s budget by agency and year"
    alt = budget_alt(table, printed_totals(budget, document_order), service)
    canvas = Canvas(title, alt)
    canvas.header("Amount (£, pounds) by contributing agency and financial year")
    years = budget_years(table)
    colours = {y: PALETTE[i % len(PALETTE)] if len(years) > 1 else SERVICE_COLOUR
               for i, y in enumerate(years)}
    groups = [(humanise(agency), [Bar(str(year), float(amount), colours[year],
                                      f"{year}: {format_gbp(amount)}")
                                  for year, amount in amounts.items()])
              for agency, amounts in table.items()]
    hbars(canvas, groups, tick_text=short_gbp)
    canvas.footer(source)
    return Chart(svg=canvas.svg(), title=title, alt=alt)


# --- KPIs over time ----------------------------------------------------------------------


@dataclass
class Series:
    """One line on a KPI chart: a subject (and breakdown) and its values by period."""

    label: str
    role: str
    values: dict[str, float] = field(default_factory=dict)


def subject_role(row: Mapping[str, Any], service_id: str) -> str:
    """Whether a KPI row is the service itself, a group average, its region, a national
    figure or another service in the comparison."""
    kind = row["subject_type"]
    if kind == enums.SUBJECT_YOT:
        same = not is_missing(row["subject_id"]) and row["subject_id"] == service_id
        return SERVICE if same else OTHER
    if kind in enums.GROUP_SUBJECT_TYPES:
        return GROUP
    return REGION if kind == enums.SUBJECT_REGION else NATIONAL


def period_keys(rows: pd.DataFrame) -> pd.Series:
    """`row_period_keys` of a frame's rows, indexed like them."""
    if rows.empty:
        return pd.Series(dtype=str)
    return pd.Series(row_period_keys(rows[["period_end", "period_label"]].to_dict("records")),
                     index=rows.index)


def row_period_keys(rows: Rows) -> list[str]:
    """Where each row's period sits on the time axis: its end date; a period printed
    without dates joins the dated period printed with the same label, else sits by its
    label (ISO dates and printed years sort together as text)."""
    by_label = {str(row["period_label"]): str(row["period_end"]) for row in rows
                if not is_missing(row["period_end"])}
    return [str(row["period_end"]) if not is_missing(row["period_end"])
            else by_label.get(str(row["period_label"]), str(row["period_label"]))
            for row in rows]


def kpi_periods(rows: pd.DataFrame | Rows) -> list[tuple[str, str]]:
    """(key, label) of each period in time order, labelled as most often printed."""
    rows = as_rows(rows)
    counts: dict[str, Counter[str]] = {}
    for key, row in zip(row_period_keys(rows), rows, strict=True):
        counts.setdefault(key, Counter())[str(row["period_label"])] += 1
    return [(key, counts[key].most_common(1)[0][0]) for key in sorted(counts)]


def _series_key(row: Mapping[str, Any], role: str) -> tuple[str, str, str | None]:
    """Group averages are one series per kind of group (their labels vary by table);
    areas are one series per id, or per printed name when the id is unknown."""
    if role == GROUP:
        who = str(row["subject_type"])
    elif not is_missing(row["subject_id"]):
        who = str(row["subject_id"])
    else:
        who = str(row["subject_label"])
    breakdown = None if is_missing(row["breakdown"]) else str(row["breakdown"])
    return role, who, breakdown


def reported_rows(rows: Rows) -> list[Row]:
    """The rows whose value was printed (not suppressed or unavailable)."""
    return [row for row in rows if equals(row["value_status"], enums.REPORTED)]


def kpi_series(rows: pd.DataFrame | Rows, service_id: str, service: str) -> list[Series]:
    """Reported values grouped into series: the service first, then group averages,
    region and national figures, then the other services; the first printed value of a
    series for a period wins."""
    order = (SERVICE, GROUP, REGION, NATIONAL, OTHER)
    found: dict[tuple[str, str, str | None], Series] = {}
    reported = reported_rows(as_rows(rows))
    for row, period in zip(reported, row_period_keys(reported), strict=True):
        role = subject_role(row, service_id)
        key = _series_key(row, role)
        if key not in found:
            name = service if role == SERVICE else str(row["subject_label"])
            breakdown = key[2]
            found[key] = Series(name + (f" ({humanise(breakdown)})" if breakdown else ""), role)
        found[key].values.setdefault(period, float(row["value"]))
    return sorted(found.values(), key=lambda s: order.index(s.role))


def series_styles(series: list[Series]) -> list[dict[str, Any]]:
    """The service's first series thick blue, the first national one black and dashed,
    other services thin grey, the rest in distinct colours (dashed when national)."""
    styles: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, s in enumerate(series):
        first = s.role not in seen
        seen.add(s.role)
        if s.role == SERVICE and first:
            styles.append({"color": SERVICE_COLOUR, "width": 3, "marker": True})
        elif s.role == OTHER:
            styles.append({"color": OTHER_COLOUR, "width": 1, "marker": False})
        else:
            colour = NATIONAL_COLOUR if s.role == NATIONAL and first else (
                PALETTE[index % len(PALETTE)])
            styles.append({"color": colour, "width": 2, "marker": True,
                           "dash": "6 3" if s.role == NATIONAL else None})
    return styles


def kpi_alt(series: list[Series], periods: list[tuple[str, str]], label: str,
            unit: str) -> str:
    labels = dict(periods)
    kind = "Line chart" if len(periods) > 1 else "Bar chart"
    text = [f"{kind} of {label} ({unit_text(unit)})."]
    shown = [s for s in series if s.role != OTHER]
    for s in shown:
        points = [(labels[k], v) for k, v in sorted(s.values.items())]
        if len(points) == 1:
            text.append(f" {s.label}: {format_number(points[0][1])} in {points[0][0]}.")
        else:
            text.append(f" {s.label}: {format_number(points[0][1])} in {points[0][0]} to "
                        f"{format_number(points[-1][1])} in {points[-1][0]}.")
    others = len(series) - len(shown)
    if others:
        text.append(f" {plural(others, 'other service')} "
                    f"{'is' if others == 1 else 'are'} drawn in grey for comparison.")
    return "".join(text)


def kpi_chart(rows: pd.DataFrame | Rows, service_id: str, service: str, label: str,
              unit: str, source: str = "kpi_observations") -> Chart | None:
    """One indicator for one service's documents: lines over time when two or more periods
    were printed, else bars comparing the subjects in the one period."""
    rows = as_rows(rows)
    series = kpi_series(rows, service_id, service)
    if not series:
        return None
    periods = kpi_periods(reported_rows(rows))
    title = f"{label}: {service} against comparators"
    alt = kpi_alt(series, periods, label, unit)
    canvas = Canvas(title, alt)
    if len(periods) > 1:
        canvas.header(f"{label} ({unit_text(unit)})")
        _draw_lines(canvas, series, periods)
    else:
        canvas.header(f"{label} ({unit_text(unit)}), {periods[0][1]}")
        styles = series_styles(series)
        hbars(canvas, [(s.label, [Bar(s.label, v, style["color"], format_number(v))])
                       for s, style in zip(series, styles, strict=True)
                       for v in [next(iter(s.values.values()))]],
              tick_text=format_number)
    canvas.footer(source)
    return Chart(svg=canvas.svg(), title=title, alt=alt)


PLOT_HEIGHT = 170


def _draw_lines(canvas: Canvas, series: list[Series], periods: list[tuple[str, str]]) -> None:
    """Each series over the periods, the other services first and the service last (on
    top), then a legend of every series but the other services (one grey entry for them)."""
    styles = series_styles(series)
    paired = list(zip(series, styles, strict=True))
    line_plot(canvas, [p for p in paired if p[0].role == OTHER]
              + [p for p in paired[::-1] if p[0].role != OTHER], periods)
    others = sum(s.role == OTHER for s in series)
    entries = [(s.label, style) for s, style in paired if s.role != OTHER]
    if others:
        entries.append((f"Other services ({others})", {"color": OTHER_COLOUR, "width": 1}))
    legend(canvas, entries)


def line_plot(canvas: Canvas, drawn: Sequence[tuple[Series, Mapping[str, Any]]],
              periods: list[tuple[str, str]], height: float = PLOT_HEIGHT) -> None:
    """Series (in drawing order, each with its style) over the periods: the grid and y
    ticks on the left, the periods below, then what the x axis is."""
    values = [v for s, _ in drawn for v in s.values.values()]
    ticks = nice_ticks(max(values), min(0.0, *values))
    labels = [format_number(t) for t in ticks]
    left = PAD + max(text_width(t, SMALL_FONT) for t in labels) + 6
    right = WIDTH - PAD - 10
    top, bottom = canvas.y + 6, canvas.y + 6 + height
    span = (ticks[-1] - ticks[0]) or 1
    step_x = (right - left - 20) / max(1, len(periods) - 1)

    def x_of(index: int) -> float:
        return left + 10 + index * step_x if len(periods) > 1 else (left + right) / 2

    def y_of(value: float) -> float:
        return bottom - (value - ticks[0]) / span * (bottom - top)

    for tick, text in zip(ticks, labels, strict=True):
        canvas.line(left, y_of(tick), right, y_of(tick))
        canvas.text(left - 4, y_of(tick) + 4, text, size=SMALL_FONT, anchor="end", fill=MUTED)
    position = {key: i for i, (key, _) in enumerate(periods)}
    for s, style in drawn:
        points = [(x_of(position[k]), y_of(v)) for k, v in sorted(
            s.values.items(), key=lambda kv: position[kv[0]])]
        if len(points) > 1:
            canvas.polyline(points, style["color"], style["width"], style.get("dash"))
        if style["marker"] or len(points) == 1:
            for x, y in points:
                canvas.circle(x, y, 3.5 if style["width"] > 2 else 2.5, style["color"])
    widest = max(text_width(label, SMALL_FONT) for _, label in periods) + 8
    every = max(1, int(-(-widest * len(periods) // (right - left))))
    canvas.y = bottom + SMALL_FONT + 4
    shown_to = -WIDTH
    for index, (_, label) in enumerate(periods[::every]):
        # Centred under its point, moved in from the canvas's edges, left out if it would
        # then overlap the label before it.
        width = text_width(label, SMALL_FONT)
        start = min(max(x_of(index * every) - width / 2, 0), WIDTH - width)
        if start >= shown_to + 4:
            canvas.text(start + width / 2, canvas.y, label, size=SMALL_FONT, anchor="middle",
                        fill=MUTED)
            shown_to = start + width
    canvas.y += SMALL_FONT + 4
    canvas.text((left + right) / 2, canvas.y, "Period (as printed)", size=SMALL_FONT,
                anchor="middle", fill=MUTED)
    canvas.y += 4


# --- demographics, workforce and caseloads --------------------------------------------

MAX_FACT_BARS = 30
FACT_LABEL_COLUMNS = {
    "demographics": ("population", "dimension", "category", "period_label"),
    "workforce": ("group", "role", "contract_type", "working_pattern", "gender", "ethnicity",
                  "as_of_label"),
    "caseloads": ("caseload_type", "team", "as_of_label"),
}


def fact_bars(rows: pd.DataFrame | Rows, table: str,
              document_order: Sequence[str]) -> list[dict[str, Any]]:
    """What a fact chart draws: the latest document's printed values of the unit it
    prints most (the service's own, not national, figures), each labelled by the columns
    that say what it counts, at most MAX_FACT_BARS."""
    rows = as_rows(rows)
    columns = columns_of(rows)
    rows = [row for row in rows if not is_missing(row["value"])]
    if "subject_type" in columns:
        rows = [row for row in rows if equals(row["subject_type"], enums.SUBJECT_YOT)]
    if not rows:
        return []
    latest = max({row["document_id"] for row in rows}, key=lambda d: (
        document_order.index(d) if d in document_order else -1, d))
    rows = [row for row in rows if row["document_id"] == latest]
    unit = Counter(row["unit"] for row in rows if not is_missing(row["unit"])).most_common(1)
    rows = [row for row in rows if equals(row["unit"], unit[0][0])]
    shown = [c for c in FACT_LABEL_COLUMNS[table] if c in columns]
    return [{**row, "label": ", ".join(
                humanise(str(row[c])) if c not in ("period_label", "as_of_label", "team")
                else str(row[c]) for c in shown if not is_missing(row[c]))}
            for row in rows[:MAX_FACT_BARS]]


def fact_chart(rows: pd.DataFrame | Rows, table: str, service: str,
               document_order: Sequence[str] = (), source: str = "") -> Chart | None:
    """Horizontal bars of a service's demographics, workforce or caseloads as printed in
    its latest document that has them."""
    bars = fact_bars(rows, table, document_order)
    if not bars:
        return None
    unit = str(bars[0]["unit"])
    title = f"{humanise(table)} of {service}, as printed"
    listed = "; ".join(f"{bar['label']} {format_number(bar['value'])}" for bar in bars)
    alt = f"Bar chart of {humanise(table).lower()} of {service} ({unit_text(unit)}): {listed}."
    canvas = Canvas(title, alt)
    canvas.header(f"{humanise(table)} ({unit_text(unit)}), {plural(len(bars), 'printed row')}")
    hbars(canvas, [(bar["label"], [Bar(bar["label"], float(bar["value"]), SERVICE_COLOUR,
                                       format_number(bar["value"]))])
                   for bar in bars],
          bar_height=12, tick_text=format_number)
    canvas.footer(source or table)
    return Chart(svg=canvas.svg(), title=title, alt=alt)
