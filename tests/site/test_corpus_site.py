"""The site of the release built from the corpus, checked file by file: every page's links
resolve inside the release, every fact row's line is anchored on its document's page, and
every service in the corpus has a page with its charts."""

from __future__ import annotations

import functools
from pathlib import Path
from urllib.parse import urlsplit

import pyarrow.parquet as pq
from page_index import index_page

from pipeline.metadata.registry import FACT_TABLES


@functools.cache
def _ids(path: Path) -> frozenset[str]:
    return frozenset(index_page(path).ids)


def test_every_link_on_every_page_resolves_inside_the_release(release_with_site: Path):
    release = release_with_site.resolve()
    pages = sorted((release / "site").rglob("*.html"))
    broken = []
    for page in pages:
        index = index_page(page)
        for href in [h for h, _ in index.links] + index.sources:
            if href.startswith("data:"):
                continue
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or parts.path.startswith("/"):
                broken.append(f"{page.name}: {href} is not relative")
                continue
            target = (page.parent / parts.path).resolve() if parts.path else page
            if not target.is_relative_to(release) or not target.is_file():
                broken.append(f"{page.name}: {href} does not resolve")
            elif parts.fragment and parts.fragment not in _ids(target):
                broken.append(f"{page.name}: {href} has no such anchor")
    assert len(pages) > 20
    assert broken == []


def test_every_fact_row_has_its_source_line_on_its_document_page(release_with_site: Path):
    site = release_with_site / "site"
    missing = []
    for table in FACT_TABLES:
        frame = pq.read_table(release_with_site / "parquet" / f"{table}.parquet",
                              columns=["document_id", "source_line"]).to_pandas()
        for document_id, line in frame.drop_duplicates().itertuples(index=False):
            if f"L{line}" not in _ids(site / "documents" / f"{document_id}.html"):
                missing.append(f"{table}: {document_id} line {line}")
    assert missing == []


def test_every_corpus_service_has_a_page_with_charts(release_with_site: Path):
    site = release_with_site / "site"
    documents = pq.read_table(release_with_site / "parquet" / "documents.parquet").to_pandas()
    for yot_id in set(documents["yot_id"]):
        page = site / "services" / f"{yot_id}.html"
        assert page.is_file(), yot_id
        charts = [i for i in index_page(page).images if "chart" in str(i.get("class"))]
        assert charts, f"{yot_id} has no chart"
        for chart in charts:
            assert (page.parent / str(chart["src"])).is_file()
