"""Many documents read, parsed and extracted side by side, in worker processes.

A cold build of a national back-catalogue spends most of its document step in
`process_document`, a pure function of one file: the documents do not depend on each
other, so on a machine with several cores they are spread over a pool of processes
(`concurrent.futures.ProcessPoolExecutor`) inside the one `document_extracts` step. Dagster
still sees one step that materialises every partition, with the same events and
metadata; only the step's own work is shared out. Below `MIN_POOL_DOCUMENTS` documents
(the sensor's one-document run) starting workers costs more than it saves, so those run
in this process.

Serial or pooled, every document goes through the same `_extract` (the pool only moves
its arguments and result between processes), so the results are the same.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pipeline.budget import DEFAULT_DOCUMENT_SECONDS
from pipeline.extract.cache import DocumentCache
from pipeline.extract.document import DocumentResult, over_budget, process_document
from pipeline.ingest.manifest import DocumentMetadata
from pipeline.ingest.sources import SourceFile
from pipeline.reference.areas import AreaResolver
from pipeline.timing import StageTimer

MIN_POOL_DOCUMENTS = 8
# Workers are forked from the step's process when it runs no other thread (nothing to
# import again: the in-process `yjdata build`); else (a lock another thread holds would
# be copied held) from a clean server process that imports the reading code once.
PRELOAD = ["pipeline.extract.pool"]


@dataclass(frozen=True)
class DocumentJob:
    """One document to extract: its id, file (None: missing), manifest entry and
    `input_digest` (None: not cacheable)."""

    document_id: str
    source: SourceFile | None
    manifest_entry: DocumentMetadata | None
    digest: str | None


@dataclass(frozen=True)
class Settings:
    """What every document of a run is extracted with."""

    max_bytes: int
    preview_rows: int = 0
    max_seconds: float | None = DEFAULT_DOCUMENT_SECONDS
    cache_root: Path | None = None


@dataclass
class Extracted:
    """A run's results in the order of its jobs, and which came from the cache."""

    results: dict[str, DocumentResult]
    from_cache: set[str]


def default_workers() -> int:
    """One worker per CPU this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def extract_documents(jobs: Sequence[DocumentJob], settings: Settings, cache: DocumentCache,
                      workers: int | None = None, timer: StageTimer | None = None,
                      progress: Callable[[int, int], None] | None = None) -> Extracted:
    """Every job's `DocumentResult`: from `cache` when its digest was stored, else
    extracted (in `workers` processes when there are at least `MIN_POOL_DOCUMENTS` to
    extract and more than one worker) and stored. `timer` gets the stages' seconds summed
    over the workers (CPU-like, more than the wall time when pooled); `progress(done,
    total)` is called every 200 documents and at the end."""
    timer = timer or StageTimer()
    found: dict[str, DocumentResult] = {}
    missing: list[DocumentJob] = []
    for job in jobs:
        stored = cache.lookup(job.digest if job.source is not None else None,
                              settings.preview_rows)
        if stored is None:
            missing.append(job)
        else:
            found[job.document_id] = stored
    from_cache = set(found)
    workers = workers or default_workers()
    done = len(found)
    for job, (result, seconds) in zip(missing, _run(missing, settings, workers), strict=True):
        found[job.document_id] = result
        for name, value in seconds.items():
            timer.seconds[name] = timer.seconds.get(name, 0.0) + value
        done += 1
        if progress is not None and (done % 200 == 0 or done == len(jobs)):
            progress(done, len(jobs))
    if progress is not None and not missing and jobs:
        progress(len(jobs), len(jobs))
    return Extracted({job.document_id: found[job.document_id] for job in jobs}, from_cache)


Extraction = tuple[DocumentResult, dict[str, float]]


def _run(jobs: Sequence[DocumentJob], settings: Settings, workers: int) -> Iterator[Extraction]:
    """(result, stage seconds) of each job, in order."""
    if workers <= 1 or len(jobs) < MIN_POOL_DOCUMENTS:
        return (_extract(job, settings) for job in jobs)
    context = start_context(threading.active_count())
    chunk = max(1, len(jobs) // (workers * 8))
    return _pooled(jobs, settings, min(workers, len(jobs)), context, chunk)


def start_context(threads: int) -> multiprocessing.context.BaseContext:
    """How workers start: forked when this process runs one thread and can fork, else
    from a forkserver."""
    if threads == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def _pooled(jobs: Sequence[DocumentJob], settings: Settings, workers: int,
            context: multiprocessing.context.BaseContext, chunk: int) -> Iterator[Extraction]:
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        yield from pool.map(_extract, jobs, [settings] * len(jobs), chunksize=chunk)


def _extract(job: DocumentJob, settings: Settings) -> Extraction:
    """One document extracted and stored in the cache (unless it ran out of time: the
    next build tries it again), with its stages' seconds."""
    timer = StageTimer()
    result = process_document(job.document_id, job.source, job.manifest_entry,
                              AreaResolver.default(), settings.max_bytes,
                              preview_rows=settings.preview_rows, timer=timer,
                              max_seconds=settings.max_seconds)
    if not over_budget(result) and job.source is not None:
        cache = DocumentCache(settings.cache_root)
        cache.put(cache.key(job.digest, settings.preview_rows), result)
    return result, timer.seconds
