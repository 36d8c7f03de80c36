"""The corpus release's site in headless Chromium: pages load with no console errors and
no request off this machine, every local link resolves, every service page shows its
charts, indicator pages highlight the chosen service and sort their table, the search
finds a service by part of its name, and pages fit a phone. Screenshots are saved under
each test's tmp_path.

Chromium is Debian's `chromium` package: installed here when missing (as root), and
the test is skipped, saying why, only where it cannot be installed.
"""

from __future__ import annotations

import functools
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from cdp_client import Page, install_chromium, launch
from page_index import index_page

from pipeline.site import make_server
from pipeline.site.server import site_url

DESKTOP = (1280, 900)
PHONE = (375, 812)
TABLE_PAGE = "tables/kpi_observations.html"
CHARTS_JS = """[...document.querySelectorAll('figure img.chart')].map(i => {
  const box = i.getBoundingClientRect(), style = getComputedStyle(i);
  return {src: i.getAttribute('src'), alt: i.alt, complete: i.complete,
          natural: i.naturalWidth, width: box.width, height: box.height,
          shown: style.display !== 'none' && style.visibility !== 'hidden'
                 && Number(style.opacity) > 0};
})"""
LINKS_JS = """[...document.querySelectorAll('a[href]')].map(a => a.href)
  .concat([...document.querySelectorAll('img[src]')].map(i => i.src))
  .concat([...document.querySelectorAll('link[href]')].map(l => l.href))"""
OVERFLOW_JS = "[document.documentElement.scrollWidth, window.innerWidth]"


@pytest.fixture(scope="module")
def chromium() -> str:
    binary, why = install_chromium()
    if binary is None:
        pytest.skip(f"browser test skipped: headless Chromium is missing and could not be "
                    f"installed ({why}); install Debian's `chromium` package to run it")
    return binary


@pytest.fixture(scope="module")
def base_url(release_with_site: Path) -> Iterator[str]:
    """The site served by `yjdata serve`'s server on a free localhost port."""
    server = make_server(release_with_site / "site", port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site_url(server).removesuffix("index.html")
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    with launch(chromium, tmp_path_factory.mktemp("chromium-profile")) as browser:
        yield browser.new_page()


def _service_pages(release: Path) -> list[str]:
    return sorted(f"services/{p.name}" for p in (release / "site" / "services").glob("*.html"))


def _indicator_pages(release: Path) -> list[str]:
    return sorted(f"indicators/{p.name}" for p in (release / "site" / "indicators").glob("*.html"))


def _search_entries(release: Path) -> list[dict]:
    script = (release / "site" / "assets" / "search-index.js").read_text(encoding="utf-8")
    return json.loads(script.removeprefix("window.YJDATA_INDEX = ").rstrip().rstrip(";"))


def _visit(page: Page, url: str) -> list[str]:
    """Load a page; the problems its console and its requests show."""
    page.load(url)
    events = page.drain()
    problems = [f"console: {error}" for error in page.console_errors(events)]
    origin = url.split("/site/", 1)[0] + "/"
    problems += [f"request off this machine: {u}" for u in page.requested_urls(events)
                 if not u.startswith((origin, "data:", "about:"))]
    return problems


@functools.cache
def _ids(path: Path) -> frozenset[str]:
    return frozenset(index_page(path).ids)


def _broken_links(page: Page, release: Path, base_url: str) -> list[str]:
    """Links, images and stylesheets whose file (or #anchor in it) does not exist."""
    origin = base_url.split("/site/", 1)[0]
    broken = []
    for url in page.evaluate(LINKS_JS):
        if url.startswith("data:"):
            continue
        if not url.startswith(origin + "/"):
            broken.append(f"not a local link: {url}")
            continue
        parts = urlsplit(url)
        target = release / unquote(parts.path).lstrip("/")
        if not target.is_file():
            broken.append(f"missing file: {url}")
        elif parts.fragment and parts.fragment not in _ids(target):
            broken.append(f"missing anchor: {url}")
    return broken


def test_home_table_and_service_pages_load_cleanly_with_working_links(
        page: Page, base_url: str, release_with_site: Path, tmp_path: Path):
    page.set_viewport(*DESKTOP)
    visited, problems = [], []
    for path in ["index.html", TABLE_PAGE, "search.html", *_indicator_pages(release_with_site),
                 *_service_pages(release_with_site)]:
        problems += [f"{path}: {p}" for p in _visit(page, base_url + path)]
        problems += [f"{path}: {p}" for p in _broken_links(page, release_with_site, base_url)]
        shot = page.screenshot(tmp_path / f"desktop-{path.replace('/', '-')}.png")
        assert shot.stat().st_size > 10_000, f"{path}: blank screenshot"
        visited.append(path)
    assert len(visited) >= 5 and any(p.startswith("services/") for p in visited)
    assert any(p.startswith("indicators/") and p != "indicators/index.html" for p in visited)
    assert problems == []


def test_every_service_page_shows_its_charts(page: Page, base_url: str,
                                             release_with_site: Path, tmp_path: Path):
    page.set_viewport(*DESKTOP)
    charts_dir = release_with_site / "site" / "assets" / "charts"
    shown = {}
    for path in _service_pages(release_with_site):
        yot_id = Path(path).stem
        page.load(base_url + path)
        page.drain()
        charts = page.evaluate(CHARTS_JS)
        for chart in charts:
            assert chart["complete"] and chart["natural"] > 0, f"{path}: {chart['src']} unloaded"
            assert chart["width"] > 100 and chart["height"] > 50, f"{path}: {chart} too small"
            assert chart["shown"], f"{path}: {chart['src']} hidden"
            assert len(chart["alt"]) > 40, f"{path}: {chart['src']} lacks a text alternative"
        files = {p.name for p in charts_dir.glob(f"{yot_id}-*.svg")}
        assert {Path(c["src"]).name for c in charts} == files, path
        shown[yot_id] = len(charts)
        page.screenshot(tmp_path / f"charts-{yot_id}.png")
    assert shown and all(shown.values()), f"every corpus service has charts: {shown}"


def test_pages_fit_a_phone_without_sideways_scrolling(page: Page, base_url: str,
                                                      release_with_site: Path, tmp_path: Path):
    page.set_viewport(*PHONE, mobile=True)
    try:
        indicator = next(p for p in _indicator_pages(release_with_site)
                         if not p.endswith("index.html"))
        for path in ["index.html", TABLE_PAGE, _service_pages(release_with_site)[0], indicator,
                     "search.html?q=youth"]:
            page.load(base_url + path)
            page.drain()
            content_width, viewport_width = page.evaluate(OVERFLOW_JS)
            page.screenshot(tmp_path / f"phone-{path.replace('/', '-').replace('?', '-')}.png")
            assert viewport_width == PHONE[0]
            assert content_width <= viewport_width, f"{path} is {content_width}px wide"
    finally:
        page.set_viewport(*DESKTOP)


def test_search_finds_a_service_by_part_of_its_name(page: Page, base_url: str,
                                                   release_with_site: Path):
    page.set_viewport(*DESKTOP)
    service = next(e for e in _search_entries(release_with_site) if e["t"] == "service")
    partial = service["n"].split()[0][:5].lower()  # "Darlington ..." -> "darli"
    page.load(f"{base_url}search.html?q={partial}")
    events = page.drain()
    assert page.console_errors(events) == []
    found = page.evaluate("[...document.querySelectorAll('#search-results a')]"
                          ".map(a => a.getAttribute('href'))")
    assert service["u"] in found, (partial, found)
    status = page.evaluate("document.getElementById('search-status').textContent")
    assert status.startswith(f"{len(found)} found")
    page.evaluate("document.getElementById('q').value = 'no such words here at all';"
                  "document.getElementById('q').dispatchEvent(new Event('input'))")
    assert page.evaluate("document.querySelectorAll('#search-results li').length") == 0


def test_an_indicator_page_highlights_the_chosen_service_and_sorts(
        page: Page, base_url: str, release_with_site: Path):
    page.set_viewport(*DESKTOP)
    path = next(p for p in _indicator_pages(release_with_site) if not p.endswith("index.html"))
    html = (release_with_site / "site" / path).read_text(encoding="utf-8")
    chosen = html.split('<tr id="', 1)[1].split('"', 1)[0]
    page.load(f"{base_url}{path}#{chosen}")
    page.drain()
    highlighted = page.evaluate("[...document.querySelectorAll('rect.chosen')]"
                                ".map(r => r.getAttribute('data-key'))")
    assert highlighted == [chosen]
    values_js = ("[...document.querySelectorAll('table.sortable tbody tr')]"
                 ".map(r => parseFloat(r.cells[1].getAttribute('data-value')))")
    page.evaluate("document.querySelector('button[data-sort=number]').click()")
    ascending = page.evaluate(values_js)
    assert ascending == sorted(ascending) and len(ascending) > 1
    page.evaluate("document.querySelector('button[data-sort=number]').click()")
    assert page.evaluate(values_js) == sorted(ascending, reverse=True)


def test_the_checks_see_a_broken_page(page: Page, base_url: str, release_with_site: Path):
    """The checks above can fail: a page with a missing image and dead links is caught."""
    probe = release_with_site / "probe"
    probe.mkdir(exist_ok=True)
    (probe / "broken.html").write_text(
        '<!doctype html><html lang="en"><title>broken</title><body>'
        '<img src="missing.svg" alt="x"><a href="../site/nowhere.html">a</a>'
        '<a href="../site/index.html#no-such-anchor">b</a>'
        '<a href="https://example.org/">c</a></body></html>', encoding="utf-8")
    url = base_url.replace("/site/", "/probe/") + "broken.html"
    try:
        problems = _visit(page, url)
        broken = _broken_links(page, release_with_site, base_url)
    finally:
        shutil.rmtree(probe)
    assert any("missing.svg" in p for p in problems), problems
    assert any("missing file" in b and "nowhere.html" in b for b in broken), broken
    assert any("missing anchor" in b for b in broken), broken
    assert any("not a local link: https://example.org/" in b for b in broken), broken
