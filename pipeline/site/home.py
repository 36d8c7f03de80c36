"""The home page: what the release is, whether it validated, what it covers, and every
file to download. The layout is `templates/home.html`; this module gives it the data and
the tables."""

from __future__ import annotations

from typing import Any

from pipeline.metadata.registry import get_table
from pipeline.publish.compress import csv_name
from pipeline.publish.derived import DERIVED
from pipeline.publish.readme import NAME
from pipeline.site.components import (
    document_href,
    download_href,
    service_href,
    table_href,
)
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
    link,
    page,
    plural,
)
from pipeline.site.templating import render

ROOT = ""


def release_files(version: str) -> list[tuple[str, str]]:
    """(path in the release folder, what it is) for the files besides the tables."""
    return [
        (f"{NAME}-{version}.zip", "The whole release in one zip file"),
        (f"{NAME}.sqlite.gz", "Every table in one SQLite database, gzip-compressed "
         f"(gunzip -k {NAME}.sqlite.gz)"),
        ("datapackage.json", "Frictionless Data Package: every file with its schema and hash"),
        ("README.md", "Data dictionary, coverage, citation and licence"),
        ("CHANGELOG.md", "What changed since the previous release"),
        ("report.json", "Every issue the run raised and every validation check"),
        ("release.json", "Version, digests and row counts"),
        ("validation/site/index.html", "Great Expectations validation report (Data Docs)"),
        ("SHA256SUMS", "Checksums of every file (sha256sum -c SHA256SUMS)"),
    ]


def validation_status(report: dict[str, Any]) -> tuple[bool, str]:
    """Whether the release validated, and one sentence saying how."""
    summary = report.get("summary", {})
    checks = int(summary.get("checks", 0))
    failed = int(summary.get("checks_failed", 0))
    counts = summary.get("issues", {})
    errors, warnings, notes = (int(counts.get(k, 0)) for k in ("error", "warning", "info"))
    passed = failed == 0 and errors == 0
    sentence = (f"{checks - failed} of {plural(checks, 'validation check')} passed; the run "
                f"raised {plural(errors, 'error')}, {plural(warnings, 'warning')} and "
                f"{plural(notes, 'note')}.")
    return passed, sentence


def home_page(site: SiteData) -> str:
    """The page, laid out by `templates/home.html`."""
    title = f"Youth justice open data, release {site.version}"
    when = site.release_date
    passed, status = validation_status(site.report)
    figures = [("Documents", len(site.documents)), ("Services", len(site.services)),
               ("Tables", len(site.tables)),
               ("Rows", sum(len(frame) for frame in site.tables.values()))]
    body = render(
        "home.html", title=title, published=f"{when.day} {when:%B %Y}" if when else None,
        passed=passed, status=status,
        figures=[(name, format_number(value)) for name, value in figures],
        services=_services(site), documents=_documents(site), rejections=_rejections(site),
        withheld=_withheld(site), tables=_tables(site), files=release_files(site.version),
        views=[(view, source) for view, (source, _) in DERIVED.items()
               if source in site.tables])
    return page(title, Html(body), ROOT, site.version)


def _services(site: SiteData) -> Html:
    rows = []
    counts = [frame["yot_id"].value_counts() for frame in site.fact_tables.values()]
    for yot in site.services:
        facts = sum(int(c.get(yot, 0)) for c in counts)
        rows.append([link(service_href(ROOT, yot), site.service_name(yot)),
                     format_number(len(site.documents_of(yot))), format_number(facts)])
    return data_table(["Service", "Documents", "Rows of facts"], rows,
                      caption="Services with documents or facts in this release",
                      numeric=[False, True, True])


def _documents(site: SiteData) -> Html:
    rows = [
        [link(document_href(ROOT, d["document_id"]), str(d["title"])),
         link(service_href(ROOT, d["yot_id"]), site.service_name(d["yot_id"])),
         humanise(d["document_type"]), format_value(d.get("period_label"))]
        for d in (site.document_rows[doc] for doc in site.document_order)
    ]
    return data_table(["Title", "Service", "Type", "Period"], rows,
                      caption="Source documents, oldest period first")


def _withheld(site: SiteData) -> Html | None:
    """Tables of documents left out of this release, and why (nothing for a release made
    before the `withheld` table existed)."""
    withheld = site.table("withheld")
    if "document_id" not in withheld:
        return None
    if withheld.empty:
        return element("p", "No table of any document was withheld.")
    rows = [[link(document_href(ROOT, r["document_id"]), str(r["document_id"])),
             element("code", str(r["fact_table"])), format_number(r["row_count"]),
             f"{r['rule']}: {r['message']} (line {r['first_line']})"]
            for r in withheld.to_dict("records")]
    return data_table(["Document", "Table", "Rows", "Why they were withheld"], rows,
                      caption="Tables of documents that were not published: the rest of each "
                      "document is", numeric=[False, False, True, False],
                      prose=[False, False, False, True])


def _rejections(site: SiteData) -> Html | None:
    rejected = site.table("rejections")
    if rejected.empty:
        return element("p", "Every file in the sources folder was ingested.")
    rows = [[str(r["source_file"]), str(r["reason"])] for r in rejected.to_dict("records")]
    return data_table(["File", "Why it was not ingested"], rows,
                      caption="Files in the sources folder that were not ingested")


def _tables(site: SiteData) -> Html:
    rows = []
    for name, frame in site.tables.items():
        rows.append([
            link(table_href(ROOT, name), element("code", name)),
            format_number(len(frame)),
            inline_code(get_table(name).description),
            fragment(link(download_href(ROOT, f"csv/{csv_name(name)}"), "CSV (gzip)"), " · ",
                     link(download_href(ROOT, f"parquet/{name}.parquet"), "Parquet")),
        ])
    return data_table(["Table", "Rows", "What it holds", "Download"], rows,
                      caption="Published tables", numeric=[False, True, False, False],
                      prose=[False, False, True, False])
