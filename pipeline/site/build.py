"""Write a release's static site: `site/` inside the release folder, plain files that
open from `index.html` with no network, and link to the release's downloads by
relative paths so the folder can be hosted or zipped as it is."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from pipeline.metadata.registry import TABLE_SPECS
from pipeline.metadata.schemas import from_arrow
from pipeline.site.chart_cache import ChartCache
from pipeline.site.data import SiteData
from pipeline.site.document_pages import document_page
from pipeline.site.home import home_page
from pipeline.site.html import humanise
from pipeline.site.indicator_pages import indicator_index, indicator_page
from pipeline.site.page_cache import PageCache, PageKeys, StoredPage
from pipeline.site.search import search_entries, search_index_js, search_page
from pipeline.site.service_pages import ChartFile, indicator_references, service_page
from pipeline.site.style import CSS
from pipeline.site.table_pages import table_page

SITE_DIR = "site"
STYLESHEET = "assets/site.css"
CHARTS_DIR = "assets/charts"
STATIC_DIR = Path(__file__).parent / "static"
STATIC_FILES = ("site.js", "search.js")


def build_site(release_dir: Path, tables: Mapping[str, pd.DataFrame], report: dict[str, Any],
               version: str, sources_dir: Path | None, chart_cache: Path | None = None,
               page_cache: Path | None = None) -> Path:
    """Write `release_dir/site/` (replacing any previous one) and return its path.

    Reads only the given tables, the report and the source documents (for the text of
    each table; without them, or when a file has changed since, tables are shown from
    their parsed cells), so it can run before the release's checksums and zip are
    written; the same inputs always give byte-identical files. `chart_cache` is a folder
    of charts drawn by earlier builds (see `pipeline.site.chart_cache`), `page_cache` of
    service and document pages (`pipeline.site.page_cache`).
    """
    site_dir = release_dir / SITE_DIR
    if site_dir.exists():
        shutil.rmtree(site_dir)
    site = SiteData(tables=tables, report=report, version=version, sources_dir=sources_dir,
                    charts=ChartCache(chart_cache))
    _write(site_dir / STYLESHEET, CSS)
    _write(site_dir / "index.html", home_page(site))
    for name in tables:
        _write(site_dir / "tables" / f"{name}.html", table_page(site, name))
    pages, keys = PageCache(page_cache), PageKeys(site)
    for document_id in site.document_order:
        stored = _cached(pages, keys.document(document_id),
                         lambda sink, d=document_id: document_page(site, d))
        _write(site_dir / "documents" / f"{document_id}.html", stored.text)
    for yot_id in site.services:
        stored = _cached(pages, keys.service(yot_id),
                         lambda sink, y=yot_id: service_page(site, y, sink))
        for name, svg in stored.charts.items():
            _write(site_dir / CHARTS_DIR / name, svg)
        _write(site_dir / "services" / f"{yot_id}.html", stored.text)
    indicators = _write_indicator_pages(site, site_dir)
    entries = search_entries(site, indicators)
    _write(site_dir / "assets" / "search-index.js", search_index_js(entries))
    _write(site_dir / "search.html", search_page(entries))
    for script in STATIC_FILES:
        _write(site_dir / "assets" / script, (STATIC_DIR / script).read_text(encoding="utf-8"))
    return site_dir


def _cached(pages: PageCache, key: str,
            render_page: Callable[[Callable[[ChartFile], None]], str]) -> StoredPage:
    """The page stored under `key`, else rendered (collecting the charts it writes) and
    stored."""
    stored = pages.get(key)
    if stored is None:
        charts: dict[str, str] = {}
        text = render_page(lambda chart: charts.__setitem__(chart.name, chart.svg))
        stored = StoredPage(text, charts)
        pages.put(key, stored)
    return stored


def _write_indicator_pages(site: SiteData, site_dir: Path) -> dict[str, str]:
    """A page per indicator some service reports, and their index; {indicator: label}."""
    written = {}
    for indicator, reference in indicator_references(site).items():
        text = indicator_page(site, indicator, reference)
        if text is not None:
            _write(site_dir / "indicators" / f"{indicator}.html", text)
            written[indicator] = str(reference["label"]) if reference else humanise(indicator)
    _write(site_dir / "indicators" / "index.html", indicator_index(site, written))
    return written


def load_release_tables(release_dir: Path) -> dict[str, pd.DataFrame]:
    """The registry's tables as published in a release folder (for rebuilding the site of
    a release made before sites existed)."""
    folder = release_dir / "parquet"
    return {
        spec.name: from_arrow(pq.read_table(folder / f"{spec.name}.parquet"))
        for spec in TABLE_SPECS
        if (folder / f"{spec.name}.parquet").is_file()
    }


def build_site_for_release(release_dir: Path, sources_dir: Path) -> Path:
    """Build the site of an already published release from its own files."""
    report = json.loads((release_dir / "report.json").read_text(encoding="utf-8"))
    version = json.loads((release_dir / "release.json").read_text(encoding="utf-8"))["version"]
    return build_site(release_dir, load_release_tables(release_dir), report, version,
                      sources_dir)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
