"""Pages rendered in forked workers are the pages rendered one by one, in order."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pandas as pd
import pytest

from pipeline.site import build_site
from pipeline.site.parallel import MIN_POOL_PAGES, can_fork, rendered
from tests.site.small_release import SMALL_REPORT, VERSION

needs_fork = pytest.mark.skipif(not can_fork(1), reason="this platform cannot fork workers")


def _page_of(page_id: str) -> tuple[str, int]:
    return f"<p>{page_id}</p>", os.getpid()


@needs_fork
def test_many_pages_are_rendered_in_other_processes_and_come_back_in_order() -> None:
    ids = [f"page-{i:03d}" for i in range(MIN_POOL_PAGES * 2)]
    pages = list(rendered(_page_of, ids, workers=2))
    assert [text for text, _ in pages] == [f"<p>{i}</p>" for i in ids]
    processes = {pid for _, pid in pages}
    assert pages[0][1] == os.getpid()  # the first page warms the shared lookups here
    assert processes - {os.getpid()}, "no page was rendered by a worker"


def test_few_pages_one_worker_or_another_thread_render_here() -> None:
    few = [f"page-{i}" for i in range(MIN_POOL_PAGES - 1)]
    many = [f"page-{i}" for i in range(MIN_POOL_PAGES * 2)]
    assert {pid for _, pid in rendered(_page_of, few, workers=2)} == {os.getpid()}
    assert {pid for _, pid in rendered(_page_of, many, workers=1)} == {os.getpid()}
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:  # forking now could copy a lock the other thread holds
        assert {pid for _, pid in rendered(_page_of, many, workers=2)} == {os.getpid()}
    finally:
        stop.set()
        other.join()


def _copies(tables: dict[str, pd.DataFrame], copies: int) -> dict[str, pd.DataFrame]:
    """The release's services and documents each `copies` times, under other ids."""
    def renamed(frame: pd.DataFrame, i: int) -> pd.DataFrame:
        frame = frame.copy()
        for column in ("document_id", "yot_id"):
            if column in frame:
                frame[column] = frame[column].map(
                    lambda v, i=i: v if pd.isna(v) else f"{v}-{i:02d}")
        return frame

    return {name: pd.concat([renamed(frame, i) for i in range(copies)], ignore_index=True)
            if {"document_id", "yot_id"} & set(frame.columns) else frame
            for name, frame in tables.items()}


def _files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file()}


@needs_fork
def test_a_site_built_by_workers_is_byte_identical(tmp_path: Path, small_release) -> None:
    _, tables, sources = small_release
    tables = _copies(tables, MIN_POOL_PAGES)
    assert len(tables["documents"]) >= MIN_POOL_PAGES  # enough pages for the workers
    built = {}
    for workers in (1, 2):
        release = tmp_path / f"workers-{workers}"
        release.mkdir()
        built[workers] = _files(build_site(release, tables, SMALL_REPORT, VERSION, sources,
                                           chart_cache=tmp_path / f"charts-{workers}",
                                           workers=workers))
    assert built[1] == built[2]
    assert sum(name.startswith("services/") for name in built[2]) >= MIN_POOL_PAGES
