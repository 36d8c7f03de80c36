"""The per-document result cache: a hit only for the same file, entry and reading code."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from pipeline.extract.cache import READING_CODE, DocumentCache, code_version, input_digest
from pipeline.extract.document import DocumentResult, process_cached
from pipeline.ingest.sources import DEFAULT_MAX_BYTES, SourceFile
from pipeline.reference.areas import AreaResolver

DOCUMENT = "dorset-youth-justice-plan-2017-18"


@pytest.fixture()
def source(tmp_path: Path, corpus_dir: Path) -> SourceFile:
    folder = tmp_path / "sources"
    folder.mkdir()
    path = shutil.copy(corpus_dir / f"{DOCUMENT}.txt", folder)
    return SourceFile(Path(path), DOCUMENT)


def _run(cache: DocumentCache, source: SourceFile, version: str | None = None
         ) -> DocumentResult:
    digest = input_digest(DOCUMENT, source, None, DEFAULT_MAX_BYTES, version)
    return process_cached(cache, digest, DOCUMENT, source, None, AreaResolver.default(),
                          DEFAULT_MAX_BYTES)


def _fact_rows(result: DocumentResult) -> dict[str, int]:
    return {name: rows.length for name, rows in result.extracts.items()}


def test_an_unchanged_document_is_taken_from_the_cache(tmp_path: Path,
                                                       source: SourceFile) -> None:
    cache = DocumentCache(tmp_path / "cache")
    first = _run(cache, source)
    assert cache.stats.as_dict() == {"hits": 0, "misses": 1, "ignored": 0}
    again = _run(cache, source)
    assert cache.stats.as_dict() == {"hits": 1, "misses": 1, "ignored": 0}
    assert sum(_fact_rows(first).values()) > 0
    assert _fact_rows(again) == _fact_rows(first)
    assert again.row == first.row
    assert again.tables.columns == first.tables.columns


def test_changed_content_is_read_again(tmp_path: Path, source: SourceFile) -> None:
    cache = DocumentCache(tmp_path / "cache")
    first = _run(cache, source)
    with source.path.open("a", encoding="utf-8") as handle:
        handle.write("\nA line added after the first build.\n")
    changed = _run(cache, source)
    assert cache.stats.hits == 0 and cache.stats.misses == 2
    assert first.row is not None and changed.row is not None
    assert changed.row["sha256"] != first.row["sha256"]
    assert changed.row["line_count"] > first.row["line_count"]


def test_another_code_version_reads_everything_again(tmp_path: Path,
                                                     source: SourceFile) -> None:
    cache = DocumentCache(tmp_path / "cache")
    _run(cache, source, version="code-1")
    _run(cache, source, version="code-1")
    _run(cache, source, version="code-2")
    assert cache.stats.as_dict() == {"hits": 1, "misses": 2, "ignored": 0}


def test_the_code_version_follows_the_reading_code_and_reference_data(tmp_path: Path) -> None:
    package = tmp_path / "pipeline"
    for folder in READING_CODE:
        (package / folder).mkdir(parents=True)
        (package / folder / "module.py").write_text("X = 1\n", encoding="utf-8")
    (package / "reference" / "labels.csv").write_text("label,id\nA,a\n", encoding="utf-8")
    (package / "site").mkdir()
    (package / "site" / "page.py").write_text("Y = 1\n", encoding="utf-8")
    before = code_version(package)
    code_version.cache_clear()
    (package / "site" / "page.py").write_text("Y = 2\n", encoding="utf-8")
    assert code_version(package) == before, "the site does not change a document's result"
    code_version.cache_clear()
    (package / "reference" / "labels.csv").write_text("label,id\nA,b\n", encoding="utf-8")
    assert code_version(package) != before
    code_version.cache_clear()


def test_a_damaged_entry_is_ignored_and_computed_again(tmp_path: Path,
                                                       source: SourceFile) -> None:
    cache = DocumentCache(tmp_path / "cache")
    first = _run(cache, source)
    [entry] = (tmp_path / "cache").rglob("*.pkl")
    entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])
    again = _run(cache, source)
    assert cache.stats.as_dict() == {"hits": 0, "misses": 2, "ignored": 1}
    assert _fact_rows(again) == _fact_rows(first)
    # The recomputed result replaced the damaged entry.
    _run(cache, source)
    assert cache.stats.hits == 1


def test_an_entry_is_written_whole_or_not_at_all(tmp_path: Path, source: SourceFile) -> None:
    cache = DocumentCache(tmp_path / "cache")
    result = _run(cache, source)
    key = DocumentCache.key("d" * 64, 0)
    result.row = {**(result.row or {}), "unpicklable": lambda: None}
    with pytest.raises((pickle.PicklingError, AttributeError)):
        cache.put(key, result)
    names = sorted(p.name for p in (tmp_path / "cache").rglob("*") if p.is_file())
    # Only the first run's entry is there: no partial entry, no temporary file left behind.
    assert len(names) == 1 and names[0] != f"{key}.pkl", names
    assert not names[0].endswith(".tmp"), names


def test_a_cache_with_no_folder_keeps_nothing(source: SourceFile) -> None:
    cache = DocumentCache(None)
    _run(cache, source)
    _run(cache, source)
    assert cache.stats.as_dict() == {"hits": 0, "misses": 2, "ignored": 0}
