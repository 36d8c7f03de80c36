"""Service and document pages are rendered again only when what they read changed."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.site import build_site
from pipeline.site.page_cache import PageCache
from tests.site.small_release import ALPHA_DOC, BETA_DOC, SMALL_REPORT, VERSION


def _site_files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file()}


def _build(tmp_path: Path, name: str, tables: dict[str, pd.DataFrame], sources: Path,
           cache: Path) -> dict[str, bytes]:
    release = tmp_path / name
    release.mkdir()
    return _site_files(build_site(release, tables, SMALL_REPORT, VERSION, sources,
                                  page_cache=cache))


def _entries(cache: Path) -> set[str]:
    return {p.name for p in cache.rglob("*.json")}


def test_stored_pages_are_byte_identical_and_only_changed_pages_are_rendered(
    tmp_path: Path, small_release
) -> None:
    _, tables, sources = small_release
    cache = tmp_path / "page-cache"
    fresh = _build(tmp_path, "fresh", tables, sources, tmp_path / "unused-cache")
    first = _build(tmp_path, "first", tables, sources, cache)
    assert first == fresh
    stored = _entries(cache)
    pages = [name for name in first if name.startswith(("services/", "documents/"))]
    assert len(stored) == len(pages) >= 4

    again = _build(tmp_path, "again", tables, sources, cache)
    assert again == first and _entries(cache) == stored, "nothing changed: nothing rendered"

    # Alpha's document is edited (its hash changes): its page and its service's page only.
    documents = tables["documents"].copy()
    documents.loc[documents["document_id"] == ALPHA_DOC, "sha256"] = "0" * 64
    changed = _build(tmp_path, "changed", {**tables, "documents": documents}, sources, cache)
    assert len(_entries(cache) - stored) == 2
    differs = {name for name in first if changed.get(name) != first[name]}
    assert f"documents/{ALPHA_DOC}.html" in differs
    assert f"documents/{BETA_DOC}.html" not in differs


def test_a_damaged_entry_is_rendered_again(tmp_path: Path, small_release) -> None:
    _, tables, sources = small_release
    cache = tmp_path / "page-cache"
    first = _build(tmp_path, "first", tables, sources, cache)
    for entry in cache.rglob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    assert _build(tmp_path, "again", tables, sources, cache) == first
    pages = PageCache(cache)
    key = next(cache.rglob("*.json")).stem
    assert pages.get(key) is not None and pages.hits == 1
