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

from pipeline.extract.base import row_groups
from pipeline.metadata import enums
from pipeline.site.figures import (
    NATIONAL_COLOUR,
    OTHER_COLOUR,
    PALETTE,
    SERVICE_COLOUR,
)
from pipeline.site.html import format_gbp, format_number, humanise, is_missing, plural
from pipeline.site.svg import (
    MUTED,
    PAD,
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


def headline_budget_rows(budget: pd.DataFrame) -> pd.DataFrame:
    """One amount per printed budget row: its most complete figure (see HEADLINE_TYPES),
    or the sum of its parts; movements between years (`change`) are never amounts."""
    types, amounts_gbp = budget["contribution_type"].tolist(), budget["amount_gbp"].tolist()
    yots = budget["yot_id"].tolist()
    chosen = []
    for key, positions in row_groups(budget, ROW_KEY).items():  # one pass: see row_groups
        amounts = {types[p]: amounts_gbp[p] for p in positions}
        headline = next((t for t in HEADLINE_TYPES if t in amounts), None)
        parts = [t for t in COMPONENT_TYPES if t in amounts]
        if headline is None and not parts:
            continue
        amount = amounts[headline] if headline else sum(amounts[t] for t in parts)
        chosen.append({**dict(zip(ROW_KEY, key, strict=True)), "yot_id": yots[positions[0]],
                       "contribution_type": headline or "+".join(parts),
                       "amount_gbp": float(amount)})
    return pd.DataFrame(chosen, columns=[*ROW_KEY, "yot_id", "contribution_type", "amount_gbp"])


def latest_document_per_year(rows: pd.DataFrame, document_order: Sequence[str]) -> pd.DataFrame:
    """Where several documents print the same year for a service, keep the latest one's."""
    if rows.empty:
        return rows
    rank = {doc: i for i, doc in enumerate(document_order)}
    ranked = rows.assign(_rank=rows["document_id"].map(rank).fillna(-1))
    latest = ranked.groupby(["yot_id", "financial_year"])["_rank"].transform("max")
    return ranked[ranked["_rank"] == latest].drop(columns="_rank")


def contributions_by_agency(budget: pd.DataFrame, document_order: Sequence[str]) -> pd.DataFrame:
    """Pounds by agency (rows, in contract order) and financial year (columns); the table's
    own total row is left out so the bars are the partners."""
    rows = latest_document_per_year(headline_budget_rows(budget), document_order)
    rows = rows[rows["agency"] != TOTAL_AGENCY]
    if rows.empty:
        return pd.DataFrame()
    table = rows.pivot_table(index="agency", columns="financial_year", values="amount_gbp",
                             aggfunc="sum")
    order = [a for a in enums.AGENCIES if a in table.index]
    return table.loc[order, sorted(table.columns)]


def printed_totals(budget: pd.DataFrame, document_order: Sequence[str]) -> dict[str, float]:
    """The total each year's table printed, to state beside the partners' sum."""
    rows = latest_document_per_year(headline_budget_rows(budget), document_order)
    rows = rows[rows["agency"] == TOTAL_AGENCY]
    return rows.groupby("financial_year")["amount_gbp"].sum().to_dict()


def short_gbp(value: float, _position: object = None) -> str:
    """£1.2m, £345k: axis ticks that fit on a phone."""
    size = abs(value)
    if size >= 1e6:
        return f"£{value / 1e6:.1f}m".replace(".0m", "m")
    if size >= 1e3:
        return f"£{value / 1e3:.0f}k"
    return f"£{value:.0f}"


def budget_alt(table: pd.DataFrame, totals: dict[str, float], service: str) -> str:
    parts = [f"Horizontal bar chart of partner contributions to {service}'s youth justice "
             "budget, by agency and financial year."]
    for year in table.columns:
        amounts = table[year].dropna()
        listed = "; ".join(f"{humanise(a)} {format_gbp(v)}" for a, v in amounts.items())
        sentence = f" {year}: {listed}; partners' sum {format_gbp(amounts.sum())}"
        if year in totals:
            sentence += f", printed total {format_gbp(totals[year])}"
        parts.append(sentence + ".")
    return "".join(parts)


def budget_chart(budget: pd.DataFrame, service: str, document_order: Sequence[str] = (),
                 source: str = "budget_contributions") -> Chart | None:
    """Horizontal bars: one group per agency, one bar per financial year."""
    table = contributions_by_agency(budget, document_order)
    if table.empty:
        return None
    title = f"Partner contributions to {service}'s budget by agency and year"
    alt = budget_alt(table, printed_totals(budget, document_order), service)
    canvas = Canvas(title, alt)
    canvas.header("Amount (£, pounds) by contributing agency and financial year")
    years = list(table.columns)
    colours = {y: PALETTE[i % len(PALETTE)] if len(years) > 1 else SERVICE_COLOUR
               for i, y in enumerate(years)}
    groups = [(humanise(agency), [Bar(str(year), float(amount), colours[year],
                                      f"{year}: {format_gbp(amount)}")
                                  for year, amount in row.dropna().items()])
              for agency, row in table.iterrows()]
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
    """Where each row's period sits on the time axis: its end date; a period printed
    without dates joins the dated period printed with the same label, else sits by its
    label (ISO dates and printed years sort together as text)."""
    if rows.empty:
        return pd.Series(dtype=str)
    dated = rows["period_end"].map(lambda v: not is_missing(v))
    labels = rows["period_label"].astype(str)
    by_label = dict(zip(labels[dated], rows.loc[dated, "period_end"].astype(str), strict=True))
    return pd.Series(
        [str(end) if has_date else by_label.get(label, label)
         for end, label, has_date in zip(rows["period_end"], labels, dated, strict=True)],
        index=rows.index,
    )


def kpi_periods(rows: pd.DataFrame) -> list[tuple[str, str]]:
    """(key, label) of each period in time order, labelled as most often printed."""
    counts: dict[str, Counter[str]] = {}
    for key, label in zip(period_keys(rows), rows["period_label"].astype(str), strict=True):
        counts.setdefault(key, Counter())[label] += 1
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


def kpi_series(rows: pd.DataFrame, service_id: str, service: str) -> list[Series]:
    """Reported values grouped into series: the service first, then group averages,
    region and national figures, then the other services; the first printed value of a
    series for a period wins."""
    order = (SERVICE, GROUP, REGION, NATIONAL, OTHER)
    found: dict[tuple[str, str, str | None], Series] = {}
    reported = rows[rows["value_status"] == enums.REPORTED]
    read = reported[["subject_type", "subject_id", "subject_label", "breakdown", "value"]]
    for row, period in zip(read.to_dict("records"), period_keys(reported), strict=True):
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


def kpi_chart(rows: pd.DataFrame, service_id: str, service: str, label: str,
              unit: str, source: str = "kpi_observations") -> Chart | None:
    """One indicator for one service's documents: lines over time when two or more periods
    were printed, else bars comparing the subjects in the one period."""
    series = kpi_series(rows, service_id, service)
    if not series:
        return None
    periods = kpi_periods(rows[rows["value_status"] == enums.REPORTED])
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
    """Each series over the periods; the grid and y ticks on the left, periods below,
    then a legend of every series but the other services (one grey entry for them)."""
    values = [v for s in series for v in s.values.values()]
    ticks = nice_ticks(max(values), min(0.0, *values))
    labels = [format_number(t) for t in ticks]
    left = PAD + max(text_width(t, SMALL_FONT) for t in labels) + 6
    right = WIDTH - PAD - 10
    top, bottom = canvas.y + 6, canvas.y + 6 + PLOT_HEIGHT
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
    styles = series_styles(series)
    paired = list(zip(series, styles, strict=True))
    drawn = [p for p in paired if p[0].role == OTHER] + [p for p in paired[::-1]
                                                         if p[0].role != OTHER]
    for s, style in drawn:  # other services first, the service last (on top)
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
    for index, (_, label) in enumerate(periods):
        if index % every == 0:
            canvas.text(x_of(index), canvas.y, label, size=SMALL_FONT, anchor="middle",
                        fill=MUTED)
    canvas.y += SMALL_FONT + 4
    canvas.text((left + right) / 2, canvas.y, "Period (as printed)", size=SMALL_FONT,
                anchor="middle", fill=MUTED)
    canvas.y += 4
    others = sum(s.role == OTHER for s in series)
    entries = [(s.label, style) for s, style in zip(series, styles, strict=True)
               if s.role != OTHER]
    if others:
        entries.append((f"Other services ({others})", {"color": OTHER_COLOUR, "width": 1}))
    legend(canvas, entries)


# --- demographics, workforce and caseloads --------------------------------------------

MAX_FACT_BARS = 30
FACT_LABEL_COLUMNS = {
    "demographics": ("population", "dimension", "category", "period_label"),
    "workforce": ("group", "role", "contract_type", "working_pattern", "gender", "ethnicity",
                  "as_of_label"),
    "caseloads": ("caseload_type", "team", "as_of_label"),
}


def fact_bars(rows: pd.DataFrame, table: str, document_order: Sequence[str]) -> pd.DataFrame:
    """What a fact chart draws: the latest document's printed values of the unit it
    prints most (the service's own, not national, figures), each labelled by the columns
    that say what it counts, at most MAX_FACT_BARS."""
    rows = rows[rows["value"].notna()]
    if "subject_type" in rows:
        rows = rows[rows["subject_type"] == enums.SUBJECT_YOT]
    if rows.empty:
        return rows.assign(label=pd.Series(dtype=str))
    latest = max(set(rows["document_id"]), key=lambda d: (
        document_order.index(d) if d in document_order else -1, d))
    rows = rows[rows["document_id"] == latest]
    rows = rows[rows["unit"] == rows["unit"].value_counts().index[0]]
    columns = [c for c in FACT_LABEL_COLUMNS[table] if c in rows]
    labels = [", ".join(humanise(str(v)) if c != "period_label" and c != "as_of_label"
                        and c != "team" else str(v)
                        for c, v in zip(columns, values, strict=True) if not is_missing(v))
              for values in rows[columns].itertuples(index=False)]
    return rows.assign(label=labels).head(MAX_FACT_BARS)


def fact_chart(rows: pd.DataFrame, table: str, service: str,
               document_order: Sequence[str] = (), source: str = "") -> Chart | None:
    """Horizontal bars of a service's demographics, workforce or caseloads as printed in
    its latest document that has them."""
    bars = fact_bars(rows, table, document_order)
    if bars.empty:
        return None
    unit = str(bars["unit"].iloc[0])
    title = f"{humanise(table)} of {service}, as printed"
    listed = "; ".join(f"{label} {format_number(v)}"
                       for label, v in zip(bars["label"], bars["value"], strict=True))
    alt = f"Bar chart of {humanise(table).lower()} of {service} ({unit_text(unit)}): {listed}."
    canvas = Canvas(title, alt)
    canvas.header(f"{humanise(table)} ({unit_text(unit)}), {plural(len(bars), 'printed row')}")
    hbars(canvas, [(label, [Bar(label, float(v), SERVICE_COLOUR, format_number(v))])
                   for label, v in zip(bars["label"], bars["value"], strict=True)],
          bar_height=12, tick_text=format_number)
    canvas.footer(source or table)
    return Chart(svg=canvas.svg(), title=title, alt=alt)
