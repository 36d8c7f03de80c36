"""Write a release's static site: `site/` inside the release folder, plain files that
open from `index.html` with no network, and link to the release's downloads by
relative paths so the folder can be hosted or zipped as it is."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import pandas as pd
import pyarrow.parquet as pq

from pipeline.memory import release_memory
from pipeline.metadata.registry import TABLE_SPECS
from pipeline.metadata.schemas import from_arrow
from pipeline.site.chart_cache import ChartCache
from pipeline.site.data import SiteData
from pipeline.site.document_pages import document_page
from pipeline.site.home import home_page
from pipeline.site.html import humanise
from pipeline.site.indicator_pages import indicator_index, indicator_page
from pipeline.site.page_cache import PageCache, PageKeys, StoredPage
from pipeline.site.parallel import rendered
from pipeline.site.search import search_entries, search_index_js, search_page
from pipeline.site.service_pages import ChartFile, indicator_references, service_page
from pipeline.site.style import CSS
from pipeline.site.table_pages import table_page

SITE_DIR = "site"
STYLESHEET = "assets/site.css"
CHARTS_DIR = "assets/charts"
STATIC_DIR = Path(__file__).parent / "static"
STATIC_FILES = ("site.js", "search.js")


class Outputs(Protocol):
    """Files an earlier release made under an input key, taken instead of written
    (`pipeline.publish.reuse.Reuse`; names relative to the release folder)."""

    def take(self, key: str, names: Iterable[str] | None = None) -> list[str] | None: ...

    def record(self, key: str, names: Iterable[str]) -> None: ...


def build_site(release_dir: Path, tables: Mapping[str, pd.DataFrame], report: dict[str, Any],
               version: str, sources_dir: Path | None, chart_cache: Path | None = None,
               page_cache: Path | None = None, outputs: Outputs | None = None,
               workers: int | None = None) -> Path:
    """Write `release_dir/site/` (replacing any previous one) and return its path.

    Reads only the given tables, the report and the source documents (for the text of
    each table; without them, or when a file has changed since, tables are shown from
    their parsed cells), so it can run before the release's checksums and zip are
    written; the same inputs always give byte-identical files. `chart_cache` is a folder
    of charts drawn by earlier builds (see `pipeline.site.chart_cache`), `page_cache` of
    service and document pages (`pipeline.site.page_cache`). With `outputs`, a document,
    service, table or indicator page (with its charts) whose key is the previous release's
    is taken from it as it is (`_Pages`). Document and service pages are rendered in
    `workers` processes (default: one per CPU; `pipeline.site.parallel`).
    """
    site_dir = release_dir / SITE_DIR
    if site_dir.exists():
        shutil.rmtree(site_dir)
    site = SiteData(tables=tables, report=report, version=version, sources_dir=sources_dir,
                    charts=ChartCache(chart_cache))
    _write(site_dir / STYLESHEET, CSS)
    _write(site_dir / "index.html", home_page(site))
    keys = PageKeys(site)
    pages = _Pages(release_dir, PageCache(page_cache), outputs, workers)
    for name in tables:
        pages.write(keys.table(name), site_dir / "tables" / f"{name}.html",
                    lambda sink, n=name: table_page(site, n))
    release_memory()  # what the national tables' summaries needed for a moment
    pages.write_stored(
        [(keys.document(d), site_dir / "documents" / f"{d}.html", d)
         for d in site.document_order],
        lambda d: StoredPage(document_page(site, d), {}))
    site.forget("values_where")  # document pages' lookups
    release_memory()
    pages.write_stored(
        [(keys.service(y), site_dir / "services" / f"{y}.html", y) for y in site.services],
        lambda y: _with_charts(lambda sink: service_page(site, y, sink)),
        charts=site_dir / CHARTS_DIR)
    site.forget("columns")  # service pages' rows
    release_memory()
    indicators = _write_indicator_pages(site, site_dir, pages, keys)
    entries = search_entries(site, indicators)
    _write(site_dir / "assets" / "search-index.js", search_index_js(entries))
    _write(site_dir / "search.html", search_page(entries))
    for script in STATIC_FILES:
        _write(site_dir / "assets" / script, (STATIC_DIR / script).read_text(encoding="utf-8"))
    return site_dir


Render = Callable[[Callable[[ChartFile], None]], str | None]


class _Pages:
    """Writes pages, taking those whose key the previous release made from it, else from
    the page cache (`stored`: document and service pages), else rendering them."""

    def __init__(self, release_dir: Path, cache: PageCache, outputs: Outputs | None,
                 workers: int | None = None) -> None:
        self.release_dir, self.cache, self.outputs = release_dir, cache, outputs
        self.workers = workers

    def write(self, key: str, path: Path, render_page: Render) -> bool:
        """Write the page at `path`, taken from the previous release when its key is
        there; False when it renders to nothing."""
        if self._taken(key, path, None):
            return True
        page = _with_charts(render_page)
        if page is None:
            return False
        self._put(key, path, page, None)
        return True

    def write_stored(self, pages: Sequence[tuple[str, Path, str]],
                     render: Callable[[str], StoredPage],
                     charts: Path | None = None) -> None:
        """Write each (key, path, id) page, and into `charts` the charts it draws: taken
        from the previous release, else from the page cache, else rendered (side by
        side in worker processes: `pipeline.site.parallel`) and stored in the cache."""
        pending = []
        for key, path, page_id in pages:
            if self._taken(key, path, charts):
                continue
            stored = self.cache.get(key)
            if stored is None:
                pending.append((key, path, page_id))
            else:
                self._put(key, path, stored, charts)
        fresh = rendered(render, [page_id for _, _, page_id in pending], self.workers)
        for (key, path, _), page in zip(pending, fresh, strict=True):
            self.cache.put(key, page)
            self._put(key, path, page, charts)

    def _taken(self, key: str, path: Path, charts: Path | None) -> bool:
        """Whether the previous release's files under `key` were taken: a page with
        charts with every file its key names, others by their own name."""
        names = [path.relative_to(self.release_dir).as_posix()]
        return self.outputs is not None and self.outputs.take(
            key, None if charts is not None else names) is not None

    def _put(self, key: str, path: Path, page: StoredPage, charts: Path | None) -> None:
        names = [path.relative_to(self.release_dir).as_posix()]
        for name, svg in page.charts.items():
            assert charts is not None, "a page drew charts with nowhere to write them"
            _write(charts / name, svg)
            names.append((charts / name).relative_to(self.release_dir).as_posix())
        _write(path, page.text)
        if self.outputs is not None:
            self.outputs.record(key, names)


def _with_charts(render_page: Render) -> StoredPage | None:
    """The page `render_page` renders, with the charts it hands to its sink."""
    charts: dict[str, str] = {}
    text = render_page(lambda chart: charts.__setitem__(chart.name, chart.svg))
    return None if text is None else StoredPage(text, charts)


def _write_indicator_pages(site: SiteData, site_dir: Path, pages: _Pages,
                           keys: PageKeys) -> dict[str, str]:
    """A page per indicator some service reports, and their index; {indicator: label}."""
    written = {}
    for indicator, reference in indicator_references(site).items():
        if pages.write(keys.indicator(indicator),
                       site_dir / "indicators" / f"{indicator}.html",
                       lambda sink, i=indicator, r=reference: indicator_page(site, i, r)):
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
    """A new file: a name already there (perhaps a hard link to a published release's
    file) is removed, never written through."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
