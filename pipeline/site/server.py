"""`yjdata serve`: the release's site on localhost for a quick look.

Serves the whole release folder (the site links to `../csv/...` and the other
downloads beside it) on 127.0.0.1 only, and sends `/` to the site's home page.
"""

from __future__ import annotations

import functools
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from pipeline.site.build import SITE_DIR

HOST = "127.0.0.1"
LATEST = "latest"


class _ReleaseHandler(SimpleHTTPRequestHandler):
    """Static files of one release folder; `/` redirects to the site."""

    def do_GET(self) -> None:
        if not self._redirected_to_site():
            super().do_GET()

    def do_HEAD(self) -> None:
        if not self._redirected_to_site():
            super().do_HEAD()

    def _redirected_to_site(self) -> bool:
        if self.path not in ("/", "/index.html"):
            return False
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", f"/{SITE_DIR}/index.html")
        self.end_headers()
        return True

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: a local preview needs no access log."""


def make_server(site_dir: Path, port: int = 8000) -> ThreadingHTTPServer:
    """A server for the release holding `site_dir` (port 0 picks a free one)."""
    if not (site_dir / "index.html").is_file():
        raise FileNotFoundError(f"no site at {site_dir} (index.html missing)")
    handler = functools.partial(_ReleaseHandler, directory=str(site_dir.resolve().parent))
    return ThreadingHTTPServer((HOST, port), handler)


def site_url(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}/{SITE_DIR}/index.html"


def serve(site_dir: Path, port: int = 8000) -> None:
    """Serve until interrupted (Ctrl-C), printing where to look."""
    with make_server(site_dir, port) as server:
        print(f"yjdata: serving {site_dir} at {site_url(server)} (Ctrl-C to stop)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("yjdata: stopped")


def resolve_site_dir(releases_dir: Path, version: str | None = None) -> Path:
    """The site of a release (the latest when no version is given), or a clear error."""
    release = releases_dir / (version or LATEST)
    site_dir = release / SITE_DIR
    if not release.is_dir():
        raise FileNotFoundError(f"no release {version or LATEST!r} in {releases_dir}")
    if not (site_dir / "index.html").is_file():
        raise FileNotFoundError(f"release {release.name} has no site: {site_dir} is missing")
    return site_dir
