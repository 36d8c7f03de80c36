"""The catalogue's tables patched from the last run's are the tables a cold join makes,
whatever partitions were added, changed or removed; only those are read."""

from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from benchmarks.generate import generate
from pipeline.assets.documents import EXTRACTED_TABLES
from pipeline.extract.cache import DocumentCache
from pipeline.extract.document import DocumentResult, combine_documents
from pipeline.extract.joined import SPILL_DIR, JoinedTables
from pipeline.extract.pool import DocumentJob, Settings, extract_documents
from pipeline.ingest.catalogue import read_folder
from pipeline.ingest.sources import DEFAULT_MAX_BYTES
from pipeline.io_manager import StoredPartitions, write_value
from pipeline.validate.cache import content_key

COUNT = 12


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, DocumentResult]:
    """Generated plans and inspections, extracted once, plus one more held back to add."""
    folder = tmp_path_factory.mktemp("sources")
    generate(folder, COUNT + 1)
    manifest, found = read_folder(folder)
    jobs = [DocumentJob(s.document_id, s, manifest.metadata.get(s.name), None)
            for s in found.sources]
    return extract_documents(jobs, Settings(DEFAULT_MAX_BYTES), DocumentCache(None),
                             workers=1).results


def _stored(results: dict[str, DocumentResult], folder: Path) -> StoredPartitions:
    """The results as the IO manager stores them: a file and a digest each."""
    paths = {key: folder / f"{key}.pkl" for key in results}
    digests = {key: write_value(paths[key], value) for key, value in results.items()}
    return StoredPartitions(paths, digests)


def _joined(results: dict[str, DocumentResult], tmp_path: Path) -> JoinedTables:
    parts = _stored(results, tmp_path / "partitions")
    return JoinedTables(parts, parts.digests, EXTRACTED_TABLES, tmp_path / "joined")


def _assert_same_as_cold(joined: JoinedTables, results: dict[str, DocumentResult]) -> None:
    cold = combine_documents(results, EXTRACTED_TABLES)
    patched = joined.outputs()
    assert list(patched) == list(cold)
    for name, output in cold.items():
        pd.testing.assert_frame_equal(patched[name].frame, output.frame, check_exact=True,
                                      obj=name)
        assert patched[name].issues == output.issues, name
    stored = {key: joined.parts[key] for key in results}  # keys are of the stored values
    for table in EXTRACTED_TABLES:
        assert joined.content_keys(table) == {
            key: content_key(table, rows.columns, rows.length, rows.issues)
            for key, result in stored.items()
            if (rows := result.extracts.get(table)) is not None and rows.length}


def test_a_first_join_is_the_cold_join(extracted: dict, tmp_path: Path) -> None:
    first = dict(list(extracted.items())[:COUNT])
    joined = _joined(first, tmp_path)
    _assert_same_as_cold(joined, first)
    assert joined.stats.partitions_read == COUNT
    assert sum(len(o.frame) for o in joined.outputs().values()) > 200


def test_unchanged_partitions_are_not_read_again(extracted: dict, tmp_path: Path) -> None:
    first = dict(list(extracted.items())[:COUNT])
    _joined(first, tmp_path).outputs()
    again = _joined(first, tmp_path)
    _assert_same_as_cold(again, first)
    assert again.stats.partitions_read == 0 and again.stats.segments_read == 0
    assert again.stats.segments_reused > COUNT


def _changed(result: DocumentResult) -> DocumentResult:
    """The same document with its first row of each fact table dropped (a plan edited)."""
    changed = copy.deepcopy(result)
    for rows in changed.extracts.values():
        if rows.length > 1:
            rows.columns = {name: values[1:] for name, values in rows.columns.items()}
            rows.length -= 1
    return changed


def test_added_changed_and_removed_partitions_give_the_cold_join(extracted: dict,
                                                                 tmp_path: Path) -> None:
    keys = list(extracted)
    first = {key: extracted[key] for key in keys[:COUNT]}
    _joined(first, tmp_path).outputs()
    later = {key: value for key, value in first.items() if key != keys[3]}  # removed
    later[keys[5]] = _changed(first[keys[5]])  # changed
    later[keys[COUNT]] = extracted[keys[COUNT]]  # added
    later = dict(sorted(later.items()))
    joined = _joined(later, tmp_path)
    _assert_same_as_cold(joined, later)
    assert joined.stats.partitions_read == 2  # the changed and the added one


def test_a_damaged_store_is_a_cold_join(extracted: dict, tmp_path: Path) -> None:
    first = dict(list(extracted.items())[:COUNT])
    _joined(first, tmp_path).outputs()
    for path in (tmp_path / "joined").iterdir():
        path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    joined = _joined(first, tmp_path)
    _assert_same_as_cold(joined, first)
    assert joined.stats.partitions_read == COUNT and joined.stats.segments_reused == 0


def test_values_without_digests_are_always_read(extracted: dict, tmp_path: Path) -> None:
    """A mapping that is not the IO manager's (no digests) is joined afresh each time and
    leaves nothing stored that a later run could take for its own."""
    first = dict(list(extracted.items())[:COUNT])
    joined = JoinedTables(first, {}, EXTRACTED_TABLES, tmp_path / "joined")
    _assert_same_as_cold(joined, first)
    key = list(first)[2]
    later = {**first, key: _changed(first[key])}
    again = JoinedTables(later, {}, EXTRACTED_TABLES, tmp_path / "joined")
    _assert_same_as_cold(again, later)
    assert again.stats.partitions_read == COUNT
    assert not list((tmp_path / "joined").glob("*.arrow"))


def test_partitions_are_read_once_and_dropped(extracted: dict, tmp_path: Path) -> None:
    """A cold join reads each partition once, for every table, and keeps no value loaded:
    thousands of documents are never all in memory together."""
    first = dict(list(extracted.items())[:COUNT])
    joined = _joined(first, tmp_path)
    reads: list[str] = []
    read = joined.parts.__getitem__
    joined.parts.__class__ = type("Counted", (StoredPartitions,), {
        "__getitem__": lambda self, key: reads.append(key) or read(key)})
    for _ in joined.iter_outputs():
        assert not joined.parts._loaded
    assert sorted(reads) == sorted(first)


def test_stored_tables_hold_their_rows_once(extracted: dict, tmp_path: Path) -> None:
    """A stored table's file grows with its rows, not with its rows times its documents:
    the offsets of one document's many list cells are written once, not again beside
    every other document's segment (Arrow writes a sliced list column's whole child when
    the slice holds no values)."""
    first = copy.deepcopy(dict(list(extracted.items())[:COUNT]))
    table = "kpi_observations"
    holders = [r for r in first.values() if (rows := r.extracts.get(table)) and rows.length]
    assert len(holders) > 3
    rows = holders[0].extracts[table]
    rows.columns["quality_flags"] = [[f"f{i}" for i in range(500)]] * rows.length
    for other in holders[1:]:
        other.extracts[table].columns.pop("quality_flags", None)
    _joined(first, tmp_path).outputs()
    path = tmp_path / "joined" / f"{table}.arrow"
    stored = pa.ipc.open_file(pa.memory_map(str(path))).read_all()
    sink = pa.BufferOutputStream()
    with pa.ipc.new_file(sink, stored.schema) as writer:
        writer.write_table(stored.combine_chunks())
    assert path.stat().st_size < 1.2 * sink.getvalue().size


def test_a_cold_join_keeps_cast_rows_on_disk_until_their_table_is_joined(
        extracted: dict, tmp_path: Path) -> None:
    """With a folder, each table's cast rows wait in a file of their own (not in memory)
    and the files are gone once every table is joined; the tables are a cold join's."""
    first = dict(list(extracted.items())[:COUNT])
    joined = _joined(first, tmp_path)
    joined.summaries()
    spill = tmp_path / "joined" / SPILL_DIR
    assert {path.stem for path in spill.iterdir()} >= {"tables", "kpi_observations"}
    assert not joined._casts  # nothing cast is held in memory
    _assert_same_as_cold(joined, first)
    assert not spill.exists()


def test_joined_text_columns_are_one_chunk(extracted: dict, tmp_path: Path) -> None:
    """A joined table's text columns are one Arrow chunk, not one per document: a frame of
    thousands of chunks was copied whole by every later cast of it to Arrow."""
    frame = _joined(dict(list(extracted.items())[:COUNT]), tmp_path).outputs()["tables"].frame
    assert frame["text"].array._pa_array.num_chunks == 1
