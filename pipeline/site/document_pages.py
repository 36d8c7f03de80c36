"""One page per source document: its metadata, every table found in it with what was
extracted or not, and the source text of each table with an anchor per line, so every
number on the site can link to the line it was read from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from pipeline.metadata.registry import get_table
from pipeline.site.components import cell, table_href
from pipeline.site.data import SiteData
from pipeline.site.html import (
    Html,
    data_table,
    element,
    format_number,
    format_value,
    fragment,
    humanise,
    inline_code,
    is_missing,
    link,
    page,
)
from pipeline.site.templating import render

ROOT = "../"
CONTEXT_LINES = 1  # lines shown around a number read from prose
UNAVAILABLE = "(source text not available: the source file is missing or has changed)"


def document_page(site: SiteData, document_id: str) -> str:
    row = site.document_rows[document_id]
    cells = site.rows_for_document("tables", document_id)
    lines = _line_texts(site, document_id, cells)
    rendered: set[int] = set()
    sections = [
        _metadata(site, row),
        _extracted(site, document_id),
        _document_issues(site, document_id),
        _tables(site, document_id, cells, lines, rendered),
        _other_lines(site, document_id, lines, rendered),
    ]
    body = render("document.html", title=str(row["title"]), yot_id=row["yot_id"],
                  service=site.service_name(row["yot_id"]),
                  availability=_availability(site, document_id),
                  sections=[s for s in sections if s])
    return page(str(row["title"]), Html(body), ROOT)


def _availability(site: SiteData, document_id: str) -> str:
    if site.source_lines(document_id) is None:
        return ("The source file was not available when this site was built, so tables are "
                "shown from their parsed cells.")
    return "Source text is quoted as ingested, with the line numbers every row refers to."


def _line_texts(site: SiteData, document_id: str, cells: pd.DataFrame) -> dict[int, str]:
    """Text of each line, from the source file or, failing that, the table cells."""
    source = site.source_lines(document_id)
    if source is not None:
        return {i + 1: text for i, text in enumerate(source)}
    by_line: dict[int, list[str]] = {}
    for c in cells.sort_values(["source_line", "column_index"]).to_dict("records"):
        by_line.setdefault(int(c["source_line"]), []).append(format_value(c["text"]))
    return {line: " | ".join(texts) for line, texts in by_line.items()}


def _metadata(site: SiteData, row: dict[str, Any]) -> Html:
    spec = get_table("documents")
    rows = [[element("th", element("code", c.name), scope="row"),
             cell(spec, c.name, row, site, ROOT), inline_code(c.description)]
            for c in spec.columns if c.name != "title"]
    table = element("table", element("caption", "About this document"),
                    element("thead", element("tr", [element("th", h, scope="col") for h in
                                                    ("Field", "Value", "Meaning")])),
                    element("tbody", [element("tr", r[0], element("td", r[1]),
                                              element("td", r[2])) for r in rows]))
    return element("section", element("h2", "Metadata"),
                   element("div", table, class_="table-wrap", tabindex="0", role="region",
                           aria_label="About this document"))


def _extracted(site: SiteData, document_id: str) -> Html:
    """How many rows of each fact table the document gave."""
    rows = []
    for name in site.fact_tables:
        n = site.count_where(name, "document_id", document_id)
        if n:
            rows.append([link(table_href(ROOT, name), element("code", name)), format_number(n)])
    heading = element("h2", "What was extracted")
    if not rows:
        return element("section", heading, element("p", "No facts were extracted."))
    return element("section", heading, data_table(["Table", "Rows"], rows,
                                                  caption="Rows extracted from this document",
                                                  numeric=[False, True]))


def _issue_item(issue: dict[str, Any]) -> Html:
    line = issue.get("source_line")
    where = link(f"#L{int(line)}", f"line {int(line)}") if line is not None else None
    return element("li", element("strong", issue.get("code", "")), " (",
                   issue.get("severity", ""), where and "; ", where, "): ",
                   issue.get("message", ""))


def _document_issues(site: SiteData, document_id: str) -> Html | None:
    issues = [i for i in site.issues_where("document_id", document_id)
              if not i.get("source_table")]
    if not issues:
        return None
    return element("section", element("h2", "Notes on the document"),
                   element("ul", [_issue_item(i) for i in issues]))


def _tables(site: SiteData, document_id: str, cells: pd.DataFrame, lines: dict[int, str],
            rendered: set[int]) -> Html:
    heading = element("h2", "Tables found", id="tables")
    if cells.empty:
        return element("section", heading, element("p", "The parser found no tables."))
    parts = [_table_block(site, found, lines, rendered) for found in found_tables(cells)]
    return element("section", heading, element(
        "p", f"The parser found {len(parts)} tables. Each shows what was extracted from it and "
        "its source text; line numbers are the ones rows cite."), parts)


def table_anchor(source_table: str) -> str:
    """`doc#t03` -> `t03`, the id of the table's section on the page."""
    return source_table.rsplit("#", 1)[-1]


@dataclass(frozen=True)
class FoundTable:
    """A table the parser found: its id, what its first cell says of it, and its lines."""

    source_table: str
    caption: str | None
    kind: str
    n_rows: int
    n_columns: int
    start: int
    end: int


def found_tables(cells: pd.DataFrame) -> list[FoundTable]:
    """The tables a document's cells belong to, by id, read from the cells' columns in
    one pass (a group-by per document and a row lookup per table cost more than the
    page)."""
    read = ("source_table", "caption", "kind", "n_rows", "n_columns", "source_line")
    first: dict[str, tuple] = {}
    lines: dict[str, list[int]] = {}
    for values in zip(*(cells[c].tolist() for c in read), strict=True):
        source_table, line = values[0], values[-1]
        if is_missing(source_table):
            continue
        first.setdefault(source_table, values)
        lines.setdefault(source_table, []).append(int(line))
    return [FoundTable(t, caption if isinstance(caption, str) else None, str(kind),
                       int(n_rows), int(n_columns), min(lines[t]), max(lines[t]))
            for t, (_, caption, kind, n_rows, n_columns, _) in sorted(first.items())]


def _table_block(site: SiteData, found: FoundTable, lines: dict[int, str],
                 rendered: set[int]) -> Html:
    anchor = table_anchor(found.source_table)
    return element(
        "section",
        element("h3", f"{anchor}: "
                f"{found.caption if found.caption is not None else '(no caption)'}"),
        element("p", "Kind ", element("code", found.kind), f", {found.n_rows} "
                f"rows × {found.n_columns} columns, lines {found.start}–{found.end}. ",
                _table_use(site, found.source_table, found.kind)),
        _table_issues(site, found.source_table),
        source_text(range(found.start, found.end + 1), lines, rendered,
                    label=f"Source text of {anchor}"),
        class_="source-table",
        id=anchor,
    )


def _table_use(site: SiteData, source_table: str, kind: str) -> Html:
    used = []
    for name in site.fact_tables:
        n = site.count_for_source_table(name, source_table)
        if n:
            used.append(fragment(format_number(n), " rows of ",
                                 link(table_href(ROOT, name), element("code", name))))
    if used:
        return fragment("Extracted: ", _join(used), ".")
    if kind != "data":
        return Html(f"Not extracted: the parser classed it as a {humanise(kind).lower()}.")
    return Html("Not extracted: no extractor recognised this table.")


def _join(parts: list[Html]) -> Html:
    out: list[Any] = []
    for i, part in enumerate(parts):
        out += ["; " if i else "", part]
    return fragment(*out)


def _table_issues(site: SiteData, source_table: str) -> Html | None:
    issues = site.issues_where("source_table", source_table)
    if not issues:
        return None
    return element("ul", [_issue_item(i) for i in issues], class_="issues")


def source_text(numbers: range | list[int], lines: dict[int, str], rendered: set[int],
                label: str) -> Html:
    """Lines with their numbers, each anchored as `L<n>` once per page. The markup is
    styled through `pre.source` (no class per line or number): a document page is
    mostly these lines, thousands of them per release."""
    spans = []
    for number in numbers:
        anchor = f"L{number}" if number not in rendered else None
        rendered.add(number)
        spans.append(element(
            "span",
            link(f"#L{number}", str(number), aria_hidden="true", tabindex="-1")
            if anchor else element("span", str(number)),
            " ", lines.get(number, UNAVAILABLE), "\n",
            id=anchor))
    return element("pre", element("code", spans), class_="source", aria_label=label,
                   tabindex="0")


def cited_lines(site: SiteData, document_id: str) -> set[int]:
    """Every line a fact row or an issue of this document points at."""
    cited: set[int] = set()
    for name in site.fact_tables:
        cited |= {int(line) for line in site.values_where(name, "document_id", document_id,
                                                           "source_line")
                  if not is_missing(line)}
    for issue in site.issues_where("document_id", document_id):
        if issue.get("source_line") is not None:
            cited.add(int(issue["source_line"]))
    return cited


def line_runs(lines: set[int], context: int, last_line: int) -> list[list[int]]:
    """Cited lines with `context` lines around them, merged into runs of adjacent lines."""
    wanted = sorted({n for line in lines for n in range(line - context, line + context + 1)
                     if 1 <= n <= max(last_line, line)})
    runs: list[list[int]] = []
    for n in wanted:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return runs


def _other_lines(site: SiteData, document_id: str, lines: dict[int, str],
                 rendered: set[int]) -> Html | None:
    """Lines cited outside any table (numbers read from prose), with a little context."""
    outside = cited_lines(site, document_id) - rendered
    if not outside:
        return None
    last = max(lines) if lines else max(outside)
    runs = line_runs(outside, CONTEXT_LINES, last)
    blocks = [source_text(run, lines, rendered, label=f"Lines {run[0]} to {run[-1]}")
              for run in runs]
    return element("section", element("h2", "Other lines cited", id="prose"),
                   element("p", "Numbers read from the text rather than a table, with the "
                           "lines around them."), blocks)
