"""Site pages rendered side by side, in forked worker processes.

A cold national release renders a page per document and per service (2,000 pages for
1,000 documents), each a pure function of the release's tables: on a machine with
several cores they are spread over forked workers, which inherit the site's tables and
lookups as they are in this process (nothing is pickled on the way in; each page comes
back as its text and charts). Writing stays in this process, in page order, so the files
are the same whatever the number of workers.

Forking is only safe when this process runs no other thread (a lock another thread holds
would be copied held), so with other threads, one worker, or few pages, pages are
rendered here, one after the other.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from pipeline.extract.pool import default_workers

MIN_POOL_PAGES = 24
T = TypeVar("T")

# the render function of the pool being run: set before the workers fork, so each
# inherits it (with the site it closes over) instead of receiving it pickled
_RENDER: Callable[[str], object] | None = None


def can_fork(threads: int) -> bool:
    """Whether workers may be forked from this process."""
    return threads == 1 and "fork" in multiprocessing.get_all_start_methods()


def rendered(render: Callable[[str], T], ids: Sequence[str],
             workers: int | None = None) -> Iterator[T]:
    """`render(id)` of every id, in order: in forked workers when there are at least
    `MIN_POOL_PAGES` ids, more than one worker and this process may fork.

    The first page is rendered here before the workers start, so the lookups the pages
    share (built on first use) are built once and inherited, not built in every worker."""
    workers = workers if workers is not None else default_workers()
    if workers <= 1 or len(ids) < MIN_POOL_PAGES or not can_fork(threading.active_count()):
        yield from map(render, ids)
        return
    yield render(ids[0])
    yield from _pooled(render, ids[1:], workers)


def _pooled(render: Callable[[str], T], ids: Sequence[str], workers: int) -> Iterator[T]:
    global _RENDER
    _RENDER = render
    try:
        context = multiprocessing.get_context("fork")
        chunk = max(1, len(ids) // (workers * 8))
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            yield from pool.map(_render_in_worker, ids, chunksize=chunk)
    finally:
        _RENDER = None


def _render_in_worker(page_id: str) -> object:
    assert _RENDER is not None, "a page worker started without its render function"
    return _RENDER(page_id)
