"""One page per service: its documents, partner contributions, indicators against
comparators, and every other fact the release holds about it, each number linked to
its source line. The layout is `templates/service.html`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pipeline.metadata import enums
from pipeline.metadata.registry import get_table
from pipeline.site.charts import FACT_LABEL_COLUMNS, Chart, budget_chart, fact_chart, kpi_chart
from pipeline.site.components import (
    chart_href,
    details,
    document_href,
    fact_columns,
    figure,
    indicator_href,
    rows_table,
    service_href,
    table_href,
)
from pipeline.site.data import SiteData
from pipeline.site.document_pages import table_anchor
from pipeline.site.html import (
    Html,
    data_table,
    element,
    format_number,
    format_value,
    humanise,
    inline_code,
    is_missing,
    link,
    page,
    plural,
)
from pipeline.site.indicator_pages import has_comparison
from pipeline.site.rows import Row, Rows, equals, group_rows
from pipeline.site.svg import svg_size
from pipeline.site.templating import render

ROOT = "../"
CHARTED_TABLES = ("budget_contributions", "kpi_observations")
OPEN_TABLE_ROWS = 25  # longer tables start folded so the page stays scannable


@dataclass(frozen=True)
class ChartFile:
    """A chart to write under assets/charts/."""

    name: str
    svg: str


ChartSink = Callable[[ChartFile], None]


def service_page(site: SiteData, yot_id: str, save_chart: ChartSink) -> str:
    """The page; each chart it shows is handed to `save_chart` to be written."""
    name = site.service_name(yot_id)
    sections = [
        _budget(site, yot_id, save_chart),
        _indicators(site, yot_id, save_chart),
        *[_fact_section(site, yot_id, table, save_chart) for table in site.fact_tables
          if table not in CHARTED_TABLES],
        _as_comparator(site, yot_id),
    ]
    body = render("service.html", name=name, about=_about(site, yot_id),
                  documents=_documents(site, yot_id), sections=[s for s in sections if s])
    return page(name, Html(body), ROOT)


def _about(site: SiteData, yot_id: str) -> Html:
    row = site.service_row(yot_id)
    if row is None:
        return element("p", "Service id ", element("code", yot_id), ".", class_="lead")
    areas = format_value(row.get("local_authority_names"))
    return element(
        "p", f"A youth justice service in {humanise(str(row['region'])).replace('-', ' ')}, "
        f"{humanise(str(row['nation']))}", f", covering {areas}" if areas else "",
        ". Service id ", element("code", yot_id), ".", class_="lead")


def _documents(site: SiteData, yot_id: str) -> Html | None:
    docs = site.documents_of(yot_id)
    if not docs:
        return None
    rows = [
        [link(document_href(ROOT, d), site.document_title(d)),
         humanise(site.document_rows[d]["document_type"]),
         format_value(site.document_rows[d].get("period_label"))]
        for d in docs
    ]
    caption = f"Documents by {site.service_name(yot_id)}"
    return data_table(["Title", "Type", "Period"], rows, caption=caption)


def _chart_figure(chart: Chart, file_name: str, save_chart: ChartSink,
                  caption: Html | str = "") -> Html:
    save_chart(ChartFile(file_name, chart.svg))
    return figure(chart, chart_href(ROOT, file_name), svg_size(chart.svg), caption)


def _budget(site: SiteData, yot_id: str, save_chart: ChartSink) -> Html | None:
    rows = site.records_where("budget_contributions", "yot_id", yot_id)
    if not rows:
        return None
    spec = get_table("budget_contributions")
    name = site.service_name(yot_id)
    mine = {row["document_id"] for row in rows}
    order = [d for d in site.document_order if d in mine]  # all the chart reads of the order
    source = chart_source(site, rows, "budget_contributions")
    chart = site.charts.draw("budget", rows, [name, source, *order],
                             lambda: budget_chart(rows, name, site.document_order, source))
    shown = (_chart_figure(chart, f"{yot_id}-budget.svg", save_chart,
                           "Amounts are each printed row's total (or its parts added up); the "
                           "table's own total row and year-on-year changes are not bars.")
             if chart else None)
    table = rows_table(spec, rows, site, ROOT, caption="Partner contributions as printed",
                       columns=fact_columns(spec, rows), with_source=True)
    return element("section", element("h2", "Partner contributions", id="budget"),
                   element("p", inline_code(get_table("budget_contributions").description)),
                   shown, details("The numbers behind the chart", table,
                                  open_=len(rows) <= OPEN_TABLE_ROWS))


def chart_source(site: SiteData, rows: Rows, table: str) -> str:
    """What a chart's numbers were read from, printed inside the image: the document's
    title, or how many documents, and the published table."""
    documents = sorted({row["document_id"] for row in rows if not is_missing(row["document_id"])})
    if len(documents) == 1:
        return f"{site.document_title(documents[0])}; yjdata table {table}"
    return f"{plural(len(documents), 'document')}; yjdata table {table}"


def _indicator_rows(site: SiteData) -> dict[str, dict]:
    """The indicators' reference rows by indicator (made once per site)."""
    return site.memo(("indicator rows",), lambda: {
        r["indicator"]: r for r in site.records("indicators")})


def indicator_references(site: SiteData) -> dict[str, dict | None]:
    """Every indicator with KPI rows, in the reference table's order (then by name), with
    its reference row (None for one the reference table lacks)."""
    kpis = site.table("kpi_observations")
    present = set(kpis["indicator"]) if not kpis.empty else set()
    known = _indicator_rows(site)
    order = [i for i in known if i in present] + sorted(present - set(known))
    return {i: known.get(i) for i in order}


def _indicators(site: SiteData, yot_id: str, save_chart: ChartSink) -> Html | None:
    rows = site.records_where("kpi_observations", "yot_id", yot_id)
    if not rows:
        return None
    known = _indicator_rows(site)
    by_indicator = group_rows(rows, "indicator")  # one pass, not one per indicator
    order = [i for i in known if i in by_indicator]
    order += sorted(set(by_indicator) - set(order))
    parts = [_indicator(site, yot_id, indicator, by_indicator[indicator],
                        known.get(indicator), save_chart) for indicator in order]
    return element("section", element("h2", "Performance indicators", id="indicators"),
                   element("p", inline_code(get_table("kpi_observations").description),
                           " The service is the thick blue line; England is black and dashed."),
                   parts)


def _indicator(site: SiteData, yot_id: str, indicator: str, rows: Rows,
               reference: dict | None, save_chart: ChartSink) -> Html:
    label = str(reference["label"]) if reference else humanise(indicator)
    unit = str(reference["unit"]) if reference else str(rows[0]["unit"])
    name = site.service_name(yot_id)
    source = chart_source(site, rows, "kpi_observations")
    chart = site.charts.draw("kpi", rows, [yot_id, name, label, unit, source],
                             lambda: kpi_chart(rows, yot_id, name, label, unit, source))
    note = _indicator_note(reference)
    shown = (_chart_figure(chart, f"{yot_id}-kpi-{indicator}.svg", save_chart, note)
             if chart else element("p", "No value was printed for this indicator: ",
                                   "every cell was suppressed or not available."))
    compare = (element("p", link(indicator_href(ROOT, indicator, yot_id),
                                 f"{label}: every service compared"), class_="compare-link")
               if has_comparison(site, indicator) else None)
    own, others = [], []
    for row in rows:
        (own if is_about(row, yot_id) else others).append(row)
    return element("section", element("h3", label), shown, compare,
                   _own_table(site, own, label) if own else None,
                   _comparators_note(site, others),
                   class_="indicator", id=f"kpi-{indicator}")


def is_about(row: Row, yot_id: str) -> bool:
    """Whether a KPI row is about the service itself (its documents also print
    comparators)."""
    return equals(row["subject_type"], enums.SUBJECT_YOT) and equals(row["subject_id"], yot_id)


def _own_table(site: SiteData, own: Rows, label: str) -> Html:
    spec = get_table("kpi_observations")
    table = rows_table(spec, own, site, ROOT, caption=f"{label}: the service's own rows",
                       columns=[c for c in fact_columns(spec, own) if c != "indicator"],
                       with_source=True)
    return details(f"The service's own figures ({format_number(len(own))} rows)", table,
                   open_=len(own) <= OPEN_TABLE_ROWS)


def _comparators_note(site: SiteData, others: Rows) -> Html | None:
    """Where the chart's other lines were printed: each source table's text on its
    document page (every number on its line), instead of repeating every comparator row
    on every service page that prints it (they were most of the site's bytes)."""
    if not others:
        return None
    return element("p", f"{plural(len(others), 'row')} about England, regions and other "
                   "services (the chart's other lines) were printed in ",
                   *printed_in(site, others), "; the indicator's page compares every service.",
                   class_="comparators")


def printed_in(site: SiteData, rows: Rows) -> list[Html | str]:
    """Links to the source tables (else the documents) `rows` were read from, comma
    separated: each number is on its line there."""
    places = dict.fromkeys(
        (row["document_id"], "" if is_missing(row["source_table"]) else row["source_table"])
        for row in rows if not is_missing(row["document_id"]))  # in first-printed order
    links = [link(document_href(ROOT, doc) + (f"#{table_anchor(table)}" if table else ""),
                  f"{table_anchor(table)} of " if table else "", site.document_title(doc))
             for doc, table in places]
    return [part for i, item in enumerate(links) for part in ((", ", item) if i else (item,))]


def _indicator_note(reference: dict | None) -> str:
    if not reference:
        return ""
    better = reference.get("better")
    better_text = f" {humanise(str(better))} values are better." if better in (
        "higher", "lower") else ""
    return f"{reference['definition']}{better_text}"


def _fact_chart(site: SiteData, yot_id: str, table: str, rows: Rows, order: list[str],
                latest: Rows, save_chart: ChartSink) -> Html | None:
    """Demographics, workforce and caseloads as bars (the latest document's figures)."""
    if table not in FACT_LABEL_COLUMNS:
        return None
    name = site.service_name(yot_id)
    source = chart_source(site, latest, table)
    chart = site.charts.draw(f"fact-{table}", rows, [name, source, *order],
                             lambda: fact_chart(rows, table, name, order, source))
    return (_chart_figure(chart, f"{yot_id}-{table}.svg", save_chart,
                          "The latest document's figures in its most printed unit; every row "
                          "is in the table below.") if chart else None)


def _fact_section(site: SiteData, yot_id: str, table: str,
                  save_chart: ChartSink) -> Html | None:
    """The latest document's rows of a fact table; earlier documents' rows are linked
    where they were printed (their document pages quote every line), so a service with
    many plans and inspections does not carry every one of them on its page."""
    rows = site.records_where(table, "yot_id", yot_id)
    if not rows:
        return None
    spec = get_table(table)
    mine = {row["document_id"] for row in rows}
    order = [d for d in site.document_order if d in mine]
    latest, earlier = list(rows), []
    if order:
        latest = [row for row in rows if equals(row["document_id"], order[-1])]
        earlier = [row for row in rows if not equals(row["document_id"], order[-1])]
    caption = (f"{humanise(table)} as printed in {site.document_title(order[-1])}" if order
               else f"{humanise(table)} as printed")
    listing = rows_table(spec, latest, site, ROOT, caption=caption,
                         columns=fact_columns(spec, latest), with_source=True)
    return element(
        "section",
        element("h2", humanise(table)),
        element("p", inline_code(spec.description), " (",
                link(table_href(ROOT, table), "about the ", element("code", table), " table"),
                ")"),
        _fact_chart(site, yot_id, table, rows, order, latest, save_chart),
        listing if len(latest) <= OPEN_TABLE_ROWS
        else details(f"All {format_number(len(latest))} rows of the latest document", listing),
        element("p", f"Earlier documents: {plural(len(earlier), 'row')}, printed in ",
                *printed_in(site, earlier), ".", class_="earlier") if earlier
        else None,
        id=table,
    )


def _as_comparator(site: SiteData, yot_id: str) -> Html | None:
    """Other services' documents that print this service's figures."""
    elsewhere = [row for row in site.records_where("kpi_observations", "subject_id", yot_id)
                 if is_about(row, yot_id) and not is_missing(row["yot_id"])
                 and row["yot_id"] != yot_id]
    if not elsewhere:
        return None
    by_document = group_rows(elsewhere, "document_id")
    rows = [
        [link(document_href(ROOT, doc), site.document_title(doc)),
         link(service_href(ROOT, group[0]["yot_id"]), site.service_name(group[0]["yot_id"])),
         format_number(len(group))]
        for doc, group in sorted(by_document.items())
    ]
    return element("section", element("h2", "In other services' documents", id="elsewhere"),
                   data_table(["Document", "By", "Figures about this service"], rows,
                              caption="Where this service appears as a comparator",
                              numeric=[False, False, True]))
