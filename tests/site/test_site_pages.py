"""The site built from a small release: its pages, links, sources and accessibility."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
from page_index import PageIndex, index_page
from small_release import ALPHA_DOC, ALPHA_TEXT, SMALL_REPORT, VERSION

from pipeline.site import build_site

# Files the publisher writes after the site (it links to them by name anyway).
WRITTEN_AFTER_SITE = {
    f"yjdata-{VERSION}.zip", "SHA256SUMS", "yjdata.sqlite.gz", "datapackage.json", "README.md",
    "CHANGELOG.md", "release.json", "validation/site/index.html",
    # derived views come from the publisher's own step, not from write_tables
    "csv/kpi_observations_wide.csv.gz", "parquet/kpi_observations_wide.parquet",
}
LINE_LINK = re.compile(r"documents/(?P<doc>[a-z0-9-]+)\.html#L(?P<line>\d+)$")


def _build(small_release: tuple[Path, dict, Path]) -> Path:
    release, tables, sources = small_release
    return build_site(release, tables, SMALL_REPORT, VERSION, sources)


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_one_page_per_table_document_and_service_with_documents_or_facts(small_release):
    site = _build(small_release)
    _, tables, _ = small_release

    assert (site / "index.html").is_file()
    assert {p.stem for p in (site / "tables").glob("*.html")} == set(tables)
    assert {p.stem for p in (site / "documents").glob("*.html")} == {
        ALPHA_DOC, "beta-youth-justice-plan-2020-21"}
    # delta only appears as a comparator inside alpha's document: no page of its own
    assert {p.stem for p in (site / "services").glob("*.html")} == {"alpha", "beta"}
    assert [p.name for p in (site / "assets").glob("*.css")] == ["site.css"]
    assert {p.name for p in (site / "assets" / "charts").glob("*.svg")} == {
        "alpha-budget.svg", "alpha-kpi-custody_rate.svg", "alpha-caseloads.svg"}


def _resolve(page: Path, href: str) -> tuple[Path, str]:
    parts = urlsplit(href)
    target = (page.parent / parts.path).resolve() if parts.path else page
    return target, parts.fragment


def test_links_are_relative_and_resolve_inside_the_release(small_release):
    site = _build(small_release)
    release = site.parent.resolve()
    unresolved = []
    for page in _pages(site):
        index = index_page(page)
        for href in [h for h, _ in index.links] + index.sources:
            if href.startswith("data:"):
                continue
            parts = urlsplit(href)
            assert not parts.scheme and not parts.netloc and not parts.path.startswith("/"), (
                f"{page.name}: {href} is not relative")
            target, fragment = _resolve(page, href)
            assert target.is_relative_to(release), f"{page.name}: {href} leaves the release"
            name = target.relative_to(release).as_posix()
            if not target.is_file():
                unresolved.append(name)
                continue
            if fragment:
                ids = index.ids if target == page.resolve() else index_page(target).ids
                assert fragment in ids, f"{page.name}: {href} has no #{fragment}"
    assert set(unresolved) <= WRITTEN_AFTER_SITE, set(unresolved) - WRITTEN_AFTER_SITE
    assert {"csv/budget_contributions.csv.gz", "parquet/budget_contributions.parquet"}.isdisjoint(
        unresolved)


def test_every_number_on_a_service_page_links_to_the_line_it_was_read_from(small_release):
    site = _build(small_release)
    page = site / "services" / "alpha.html"
    source_lines = ALPHA_TEXT.split("\n")
    document_page = index_page(site / "documents" / f"{ALPHA_DOC}.html")
    linked_numbers = 0
    for href, text in index_page(page).links:
        match = LINE_LINK.search(href)
        if not match or not re.fullmatch(r"[\d,.]+", text):
            continue
        line = int(match["line"])
        assert match["doc"] == ALPHA_DOC
        assert text in source_lines[line - 1], f"{text} is not on line {line}"
        assert text in document_page.id_text[f"L{line}"], f"page line {line} lacks {text}"
        linked_numbers += 1
    _, tables, _ = small_release
    kpis = tables["kpi_observations"]
    facts = sum(len(tables[t]) for t in ("budget_contributions", "caseloads"))
    facts += int((kpis["subject_id"] == "alpha").sum())  # comparators: the next test
    assert linked_numbers >= facts  # every amount, value and count of alpha's own rows


def test_a_service_page_links_to_its_comparators_instead_of_repeating_their_rows(
        small_release):
    """Delta's and England's figures printed in alpha's plan are the chart's other lines:
    the page names and links the source table (whose lines hold every one of those
    numbers) and the indicator's page, and lists no row of theirs."""
    site = _build(small_release)
    page = index_page(site / "services" / "alpha.html")
    _, tables, _ = small_release
    kpis = tables["kpi_observations"]
    others = kpis[kpis["subject_id"] != "alpha"]
    assert len(others) == 4
    section = page.id_text["kpi-custody_rate"]
    assert "4 rows about England, regions and other services" in section
    for value in others["value"]:
        assert f"{value:g}" not in section  # 0.3, 0.25, 0.31, 0.28: no comparator cell
    for value in kpis.loc[kpis["subject_id"] == "alpha", "value"]:
        assert f"{value:g}" in section
    hrefs = {href for href, _ in page.links}
    assert "../indicators/custody_rate.html#alpha" in hrefs
    table_link = f"../documents/{ALPHA_DOC}.html#t02"
    assert table_link in hrefs
    document = index_page(site / "documents" / f"{ALPHA_DOC}.html")
    for row in others.to_dict("records"):  # each number on a line of that table's text
        assert f"L{row['source_line']}" in document.ids
        assert f"{row['value']:g}" in document.id_text[f"L{row['source_line']}"]
        assert document.id_text[f"L{row['source_line']}"] in document.id_text["t02"]


def test_document_page_shows_each_table_with_what_was_extracted_and_its_issues(small_release):
    site = _build(small_release)
    html = (site / "documents" / f"{ALPHA_DOC}.html").read_text(encoding="utf-8")
    index = index_page(site / "documents" / f"{ALPHA_DOC}.html")

    assert {"t01", "t02", "prose"} <= index.ids
    assert "Extracted: 8 rows of" in index.id_text["t01"]  # 3 + 2 + 3 budget rows
    assert "Police Service &#x27;Other&#x27;" in html or "Police Service 'Other'" in html
    assert "budget_cell_left_out" in index.id_text["t01"]
    # the prose line a caseload was read from, with one line of context either side
    assert {"L16", "L17", "L18"} <= index.ids
    assert "42 open cases" in index.id_text["L17"]


def test_text_from_documents_is_escaped_never_markup(small_release):
    site = _build(small_release)
    own_script = re.compile(r'<script src="(\.\./)?assets/[a-z-]+\.js" defer></script>')
    for page in _pages(site):  # the site's own scripts only, never one from a document
        assert "<script" not in own_script.sub("", page.read_text(encoding="utf-8")), page.name
    html = (site / "documents" / f"{ALPHA_DOC}.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&quot;not markup&quot;)&lt;/script&gt; &amp; more" in html


def _check_accessibility(page: Path, index: PageIndex) -> None:
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>\n<html lang=\"en\">"), page.name
    assert any(tag == "meta" and attrs.get("name") == "viewport" for tag, attrs in index.tags)
    assert index.headings.count(1) == 1, f"{page.name}: one h1"
    for before, after in zip(index.headings, index.headings[1:], strict=False):
        assert after <= before + 1, f"{page.name}: heading h{before} then h{after}"
    for image in index.images:
        assert (image.get("alt") or "").strip(), f"{page.name}: image without alt text"
    header_cells = [attrs for tag, attrs in index.tags if tag == "th"]
    tables = [attrs for tag, attrs in index.tags if tag == "table"]
    assert not tables or header_cells, f"{page.name}: tables need header cells"
    assert all(cell.get("scope") in ("col", "row") for cell in header_cells)


def test_pages_have_accessibility_basics(small_release):
    site = _build(small_release)
    for page in _pages(site):
        _check_accessibility(page, index_page(page))


def test_charts_on_the_service_page_have_alt_text_and_a_caption(small_release):
    site = _build(small_release)
    index = index_page(site / "services" / "alpha.html")
    charts = [image for image in index.images if "chart" in (image.get("class") or "")]
    assert len(charts) == 3  # budget, the KPI, caseloads
    budget = next(c for c in charts if str(c["src"]).endswith("alpha-budget.svg"))
    assert "Local authority £3,500" in str(budget["alt"])
    assert "Police £400" in str(budget["alt"])
    html = (site / "services" / "alpha.html").read_text(encoding="utf-8")
    assert html.count("<figcaption>") == 3


def test_same_inputs_give_byte_identical_sites(small_release, tmp_path):
    release, tables, sources = small_release
    first = build_site(release, tables, SMALL_REPORT, VERSION, sources)
    copy = tmp_path / "again" / VERSION
    shutil.copytree(release, copy, ignore=shutil.ignore_patterns("site"))
    second = build_site(copy, tables, SMALL_REPORT, VERSION, sources)

    def files(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes()
                for p in sorted(root.rglob("*")) if p.is_file()}

    assert files(first) == files(second)
    assert len(files(first)) > 10


def test_rebuilding_replaces_the_previous_site(small_release):
    site = _build(small_release)
    stale = site / "services" / "gone.html"
    stale.write_text("old", encoding="utf-8")
    _build(small_release)
    assert not stale.exists()
    assert (site / "services" / "alpha.html").is_file()


def test_missing_source_file_still_gives_every_line_anchor(small_release):
    release, tables, sources = small_release
    (sources / f"{ALPHA_DOC}.txt").unlink()
    site = build_site(release, tables, SMALL_REPORT, VERSION, sources)
    index = index_page(site / "documents" / f"{ALPHA_DOC}.html")
    assert "Local Authority | £1,000 | £2,500 | £3,500" in index.id_text["L6"]
    assert "not available" in index.id_text["L17"]
    for href, _ in index_page(site / "services" / "alpha.html").links:
        match = LINE_LINK.search(href)
        if match and match["doc"] == ALPHA_DOC:
            assert f"L{match['line']}" in index.ids


def test_home_page_states_version_date_validation_counts_and_downloads(small_release):
    site = _build(small_release)
    index = index_page(site / "index.html")
    text = (site / "index.html").read_text(encoding="utf-8")
    assert f"release {VERSION}" in text
    assert "Published on 1 May 2024" in text
    assert "Validation: passed" in text
    assert "13 of 13 validation checks passed" in text
    hrefs = {href for href, _ in index.links}
    for name in ("csv/budget_contributions.csv.gz", "parquet/budget_contributions.parquet",
                 "yjdata.sqlite.gz", f"yjdata-{VERSION}.zip", "datapackage.json"):
        assert f"../{name}" in hrefs, name


def test_table_page_lists_registry_columns_coverage_and_first_rows(small_release):
    site = _build(small_release)
    html = (site / "tables" / "kpi_observations.html").read_text(encoding="utf-8")
    for text in ("per_100000, per_1000, percent", "Unit of <code>value</code>",
                 "Coverage by service and year", "2019, 2020", "The first 6 of 6 rows"):
        assert text in html, text
    assert 'href="../services/alpha.html"' in html


def test_builds_with_no_source_folder_and_little_reference_data(small_release):
    release, tables, _ = small_release
    sparse = {**tables, "yots": tables["yots"].iloc[0:0], "tables": tables["tables"].iloc[0:0]}
    site = build_site(release, sparse, SMALL_REPORT, VERSION, None)
    assert "<h1>alpha</h1>" in (site / "services" / "alpha.html").read_text(encoding="utf-8")
    index = index_page(site / "documents" / f"{ALPHA_DOC}.html")
    for line in (6, 7, 8, 13, 14, 15, 17):  # every line a fact row was read from
        assert f"L{line}" in index.ids
    assert "not available" in index.id_text["L6"]


def test_coverage_uses_each_rows_document_and_skips_reference_tables(small_release):
    site = _build(small_release)
    parsed = (site / "tables" / "tables.html").read_text(encoding="utf-8")
    assert '<a href="../services/alpha.html">Alpha Youth Justice Service</a></td><td>2020/21' in (
        parsed)
    yots = (site / "tables" / "yots.html").read_text(encoding="utf-8")
    assert "This table is not tied to a service or a year." in yots


def test_a_site_drawn_from_the_chart_cache_is_byte_identical(small_release, tmp_path):
    release, tables, sources = small_release
    cache = tmp_path / "chart-cache"
    fresh = build_site(release, tables, SMALL_REPORT, VERSION, sources)
    copies = []
    for name in ("cold", "warm"):  # the first fills the cache, the second reads it
        copy = tmp_path / name / VERSION
        shutil.copytree(release, copy, ignore=shutil.ignore_patterns("site"))
        copies.append(build_site(copy, tables, SMALL_REPORT, VERSION, sources,
                                 chart_cache=cache))

    def files(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes()
                for p in sorted(root.rglob("*")) if p.is_file()}

    assert files(copies[0]) == files(fresh) == files(copies[1])
    assert any(p.suffix == ".json" for p in cache.iterdir())


def test_a_service_page_lists_its_latest_documents_rows_and_links_earlier_ones(
        small_release, tmp_path):
    """An earlier plan of alpha's prints another caseload: the page lists the latest
    plan's row and links the earlier plan's line instead of repeating its row."""
    _, tables, sources = small_release
    documents = tables["documents"]
    earlier_doc = ALPHA_DOC.replace("2020-21", "2018-19")
    earlier = documents[documents["document_id"] == ALPHA_DOC].assign(
        document_id=earlier_doc, title="Alpha Youth Justice Plan 2018/19",
        period_label="2018/19", period_start=dt.date(2018, 4, 1), source_file="missing.txt")
    caseloads = tables["caseloads"]
    older = caseloads.assign(document_id=earlier_doc, value=37.0, source_line=5)
    changed = {**tables, "documents": pd.concat([earlier, documents], ignore_index=True),
               "caseloads": pd.concat([older, caseloads], ignore_index=True)}
    site = build_site(tmp_path / "release", changed, SMALL_REPORT, VERSION, sources)
    page = index_page(site / "services" / "alpha.html")
    section = page.id_text["caseloads"]
    assert "42" in section and "37" not in section
    assert "Earlier documents: 1 row, printed in Alpha Youth Justice Plan 2018/19" in section
    assert f"../documents/{earlier_doc}.html" in {href for href, _ in page.links}
