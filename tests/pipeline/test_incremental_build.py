"""A build reads again only the documents that changed since the last build.

Real Dagster runs on a persistent (temporary) instance: the first build reads every
document; a later one runs the partitions whose file changed (the documents between them in
partition order come from the document cache), then joins, checks and publishes every
table from all partitions' stored values.
"""

from __future__ import annotations

import hashlib
import pickle
import shutil
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from pipeline.automation import BUILD_JOB, covering_range
from pipeline.io_manager import read_header, read_value
from pipeline.runner import RunOutcome, run_job

PLANS = ("darlington", "derbyshire", "dorset")


def _sources(tmp_path: Path, corpus_dir: Path) -> list[Path]:
    folder = tmp_path / "sources"
    folder.mkdir()
    chosen = [next(p for p in sorted(corpus_dir.glob(f"{name}*.txt"))) for name in PLANS]
    return [Path(shutil.copy(path, folder)) for path in chosen]


def _change(path: Path) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\nA paragraph added after the last build.\n")


def _build(instance: dg.DagsterInstance, tmp_path: Path) -> RunOutcome:
    outcome = run_job(BUILD_JOB, instance, tmp_path / "sources", tmp_path / "storage",
                      releases_dir=tmp_path / "releases")
    assert outcome.success, outcome.failures
    return outcome


def _published_hashes(tmp_path: Path) -> dict[str, str]:
    documents = pd.read_parquet(tmp_path / "releases" / "latest" / "parquet" / "documents.parquet")
    return dict(zip(documents["source_file"], documents["sha256"], strict=True))


@pytest.mark.slow
def test_a_second_build_reads_only_the_changed_documents(tmp_path: Path,
                                                          corpus_dir: Path) -> None:
    files = _sources(tmp_path, corpus_dir)
    (tmp_path / "home").mkdir()
    with dg.DagsterInstance.local_temp(tempdir=str(tmp_path / "home")) as instance:
        first = _build(instance, tmp_path)
        assert (first.processed, first.from_cache, first.unchanged) == (3, 0, 0)

        _change(files[1])
        second = _build(instance, tmp_path)
        assert (second.processed, second.from_cache, second.unchanged) == (1, 0, 2)
        assert second.accepted == 3 and not second.up_to_date
        published = _published_hashes(tmp_path)
        assert set(published) == {p.name for p in files}
        assert published[files[1].name] != _hash_before(first, files[1].name)

        # Two documents apart change: one run covers the range, the one between is cached.
        _change(files[0])
        _change(files[2])
        third = _build(instance, tmp_path)
        assert (third.processed, third.from_cache, third.unchanged) == (2, 1, 0)
        assert set(_published_hashes(tmp_path).values()) == {_sha(p) for p in files}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _hash_before(outcome: RunOutcome, name: str) -> str:
    assert outcome.release is not None
    documents = pd.read_parquet(outcome.release / "parquet" / "documents.parquet")
    return str(documents.loc[documents["source_file"] == name, "sha256"].item())


def test_one_run_covers_the_changed_partitions_and_those_between() -> None:
    keys = ["a", "b", "c", "d", "e"]
    assert covering_range(keys, []) == []
    assert covering_range(keys, ["c"]) == ["c"]
    assert covering_range(keys, ["d", "b"]) == ["b", "c", "d"]


def test_a_stale_or_damaged_stored_partition_is_read_again(tmp_path: Path,
                                                           corpus_dir: Path) -> None:
    """A partition file of an older format, or cut short, is never trusted: the next build
    treats its document as not stored and reads it again (a one-document run wants its
    tables' previews, which the first build's cache entries lack), and the release still
    has every document."""
    files = _sources(tmp_path, corpus_dir)
    (tmp_path / "home").mkdir()
    with dg.DagsterInstance.local_temp(tempdir=str(tmp_path / "home")) as instance:
        _build(instance, tmp_path)
        stored = sorted((tmp_path / "storage" / "document_extracts").glob("*.pkl"))
        assert len(stored) == 3 and all(read_header(p) for p in stored)
        stored[1].write_bytes(stored[1].read_bytes()[:-10])  # cut short
        second = _build(instance, tmp_path)
        assert (second.processed, second.from_cache, second.unchanged) == (1, 0, 2)
        read_header(stored[1])  # stored again, sound
        stored[0].write_bytes(pickle.dumps(read_value(stored[0])))  # the format before
        third = _build(instance, tmp_path)
        assert (third.processed, third.from_cache, third.unchanged) == (1, 0, 2)
        assert set(_published_hashes(tmp_path).values()) == {_sha(p) for p in files}
