"""The indicator pages (every service compared), the search index, labels in page tables,
and pages that stay byte-identical between releases when their content did not change."""

from __future__ import annotations

import json
import re
from pathlib import Path

from page_index import index_page
from small_release import SMALL_REPORT, VERSION

from pipeline.site import build_site


def _build(small_release, version: str = VERSION) -> Path:
    release, tables, sources = small_release
    return build_site(release, tables, SMALL_REPORT, version, sources)


def test_an_indicator_page_compares_every_service_that_reports_it(small_release):
    site = _build(small_release)
    page = site / "indicators" / "custody_rate.html"
    html = page.read_text(encoding="utf-8")
    index = index_page(page)
    assert {"alpha", "delta"} <= index.ids  # a row per service: the page's #id picks one
    # Each service's latest own value (2020), linked to the line it was printed on.
    assert re.search(r'<tr id="alpha">.*?documents/[a-z0-9-]+\.html#L13[^>]*>0\.18<', html, re.S)
    assert re.search(r'<tr id="delta">.*?#L14[^>]*>0\.25<', html, re.S)
    # The chart: one bar per service (marked to be highlighted), England as a line, and
    # its unit and source inside the image.
    svg = html[html.index("<svg"): html.index("</svg>")]
    assert {'data-key="alpha"', 'data-key="delta"'} <= set(re.findall(r'data-key="\w+"', svg))
    assert "England: 0.28" in svg and "per 1,000 children aged 10-17" in svg
    assert "Source: 1 document; yjdata table kpi_observations" in svg
    assert 'class="sortable"' in html and "assets/site.js" in html
    listing = (site / "indicators" / "index.html").read_text(encoding="utf-8")
    assert 'href="custody_rate.html"' in listing


def test_service_pages_link_to_the_comparison_and_show_labels_not_slugs(small_release):
    site = _build(small_release)
    html = (site / "services" / "alpha.html").read_text(encoding="utf-8")
    assert 'href="../indicators/custody_rate.html#alpha"' in html
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)
    shown = " ".join(re.sub(r"<[^>]+>", "", c) for c in cells)
    assert "Other delegated funds" in shown and "Local authority" in shown
    assert "other_delegated_funds" not in shown and "local_authority" not in shown


def test_the_search_index_lists_services_documents_tables_and_indicators(small_release):
    site = _build(small_release)
    script = (site / "assets" / "search-index.js").read_text(encoding="utf-8")
    assert script.startswith("window.YJDATA_INDEX = ") and "</script" not in script
    entries = json.loads(script.removeprefix("window.YJDATA_INDEX = ").rstrip().rstrip(";"))
    kinds = {e["t"] for e in entries}
    assert kinds == {"service", "document", "table", "indicator"}
    for entry in entries:  # every entry leads to a page of the site
        assert (site / entry["u"]).is_file(), entry
    alpha = next(e for e in entries if e["t"] == "service" and e["u"] == "services/alpha.html")
    assert alpha["n"] == "Alpha Youth Justice Service"
    assert (site / "search.html").is_file() and (site / "assets" / "search.js").is_file()


def test_only_the_home_page_changes_with_the_version(small_release, tmp_path):
    """A page names no version, so an unchanged page is the same bytes next release (and
    the publisher can share it on disk)."""
    first = _build(small_release)
    _, tables, sources = small_release
    later = build_site(tmp_path / "2024.05.02", tables, SMALL_REPORT, "2024.05.02", sources)
    changed = [p.relative_to(first).as_posix() for p in sorted(first.rglob("*"))
               if p.is_file() and p.read_bytes() != (later / p.relative_to(first)).read_bytes()]
    assert changed == ["index.html"]


def test_caseloads_are_charted_on_the_service_page_with_unit_and_source(small_release):
    site = _build(small_release)
    svg = (site / "assets" / "charts" / "alpha-caseloads.svg").read_text(encoding="utf-8")
    texts = re.findall(r"<text [^>]*>(.*?)</text>", svg)
    assert "Open cases" in texts and "42" in texts  # the printed figure, labelled
    assert any(t.startswith("Caseloads (number)") for t in texts)
    assert any(t.startswith("Source: Alpha Youth Justice Plan 2020/21") for t in texts)
    assert 'src="../assets/charts/alpha-caseloads.svg"' in (
        site / "services" / "alpha.html").read_text(encoding="utf-8")
