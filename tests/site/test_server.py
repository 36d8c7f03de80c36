"""`yjdata serve`'s server: the release folder on 127.0.0.1, `/` sent to the site."""

from __future__ import annotations

import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from small_release import SMALL_REPORT, VERSION

from pipeline.site import build_site, make_server, resolve_site_dir


@contextmanager
def running(site_dir: Path) -> Iterator[ThreadingHTTPServer]:
    server = make_server(site_dir, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _get(url: str) -> tuple[str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.url, response.read()


def test_serves_the_site_and_the_release_files_on_localhost_only(small_release):
    release, tables, sources = small_release
    site = build_site(release, tables, SMALL_REPORT, VERSION, sources)
    with running(site) as server:
        host, port = server.server_address[:2]
        assert host == "127.0.0.1"
        final_url, home = _get(f"http://127.0.0.1:{port}/")
        assert final_url.endswith("/site/index.html")
        assert home == (site / "index.html").read_bytes()
        head = urllib.request.Request(f"http://127.0.0.1:{port}/", method="HEAD")
        with urllib.request.urlopen(head, timeout=10) as response:
            assert response.url.endswith("/site/index.html")
        _, csv = _get(f"http://127.0.0.1:{port}/csv/budget_contributions.csv.gz")
        assert csv == (release / "csv" / "budget_contributions.csv.gz").read_bytes()


def test_a_folder_without_a_site_is_refused(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="no site"):
        make_server(tmp_path / "site")


def test_resolve_site_dir_finds_latest_or_a_version_and_says_what_is_missing(small_release):
    release, tables, sources = small_release
    releases = release.parent
    with pytest.raises(FileNotFoundError, match="has no site"):
        resolve_site_dir(releases, VERSION)
    site = build_site(release, tables, SMALL_REPORT, VERSION, sources)
    (releases / "latest").symlink_to(VERSION, target_is_directory=True)
    assert resolve_site_dir(releases) == releases / "latest" / "site"
    assert resolve_site_dir(releases, VERSION) == site
    with pytest.raises(FileNotFoundError, match=r"no release '1999\.01\.01'"):
        resolve_site_dir(releases, "1999.01.01")
