"""Documents extracted in worker processes give exactly what one process gives."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from benchmarks.generate import generate
from pipeline.assets.documents import EXTRACTED_TABLES
from pipeline.extract import pool
from pipeline.extract.cache import DocumentCache, input_digest
from pipeline.extract.document import combine_documents
from pipeline.extract.pool import (
    MIN_POOL_DOCUMENTS,
    DocumentJob,
    Settings,
    extract_documents,
    start_context,
)
from pipeline.ingest.catalogue import read_folder
from pipeline.ingest.sources import DEFAULT_MAX_BYTES


@pytest.fixture(scope="module")
def jobs(tmp_path_factory: pytest.TempPathFactory) -> list[DocumentJob]:
    """Generated documents (plans and inspections) and one id whose file is missing."""
    folder = tmp_path_factory.mktemp("sources")
    generate(folder, MIN_POOL_DOCUMENTS + 2)
    manifest, found = read_folder(folder)
    jobs = [DocumentJob(s.document_id, s, manifest.metadata.get(s.name),
                        input_digest(s.document_id, s, manifest.metadata.get(s.name),
                                     DEFAULT_MAX_BYTES))
            for s in found.sources]
    return [*jobs, DocumentJob("no-such-document", None, None, None)]


def _frames(results: dict) -> dict[str, pd.DataFrame]:
    return {name: output.frame
            for name, output in combine_documents(results, EXTRACTED_TABLES).items()}


@pytest.mark.parametrize("threads", [1, 2], ids=["forked", "from-a-forkserver"])
def test_pooled_and_serial_extraction_give_the_same_results(
        jobs: list[DocumentJob], threads: int, monkeypatch: pytest.MonkeyPatch) -> None:
    method = start_context(threads).get_start_method()
    assert method == ("fork" if threads == 1 else "forkserver")
    monkeypatch.setattr(pool, "start_context", lambda _: start_context(threads))
    settings = Settings(DEFAULT_MAX_BYTES)
    serial = extract_documents(jobs, settings, DocumentCache(None), workers=1).results
    pooled = extract_documents(jobs, settings, DocumentCache(None), workers=2).results
    assert list(pooled) == list(serial) == [job.document_id for job in jobs]
    assert sum(len(r.extracts) for r in serial.values()) > 0
    for key, result in serial.items():
        assert pooled[key] == result, key
    for name, frame in _frames(serial).items():
        pd.testing.assert_frame_equal(_frames(pooled)[name], frame, check_exact=True)
    assert sum(len(frame) for frame in _frames(serial).values()) > 100


def test_workers_store_their_results_in_the_cache(jobs: list[DocumentJob],
                                                  tmp_path: Path) -> None:
    settings = Settings(DEFAULT_MAX_BYTES, cache_root=tmp_path / "cache")
    first = extract_documents(jobs, settings, DocumentCache(tmp_path / "cache"), workers=2)
    assert not first.from_cache
    cache = DocumentCache(tmp_path / "cache")
    again = extract_documents(jobs, settings, cache, workers=2)
    readable = {job.document_id for job in jobs if job.source is not None}
    assert again.from_cache == readable
    assert cache.stats.hits == len(readable)
    for key in readable:
        assert again.results[key] == first.results[key]
