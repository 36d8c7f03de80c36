"""The catalogue's joined tables kept between runs and patched where documents changed.

Every run joins every document's rows into the published tables, including the sensor's
run for one new document and a nightly build in which one plan changed. Loading and
unpickling a thousand partitions to join them again was most of the catalogue's time.
A partition's contribution is a function of its stored value, which the IO manager names
by a digest without reading it (`pipeline.io_manager.StoredPartitions.digests`), so:

- what the catalogue needs of a partition besides its rows (its outcome, `documents` row,
  row counts, issues and validation keys per table) is kept per digest
  (`PartitionSummary`, one pickle for all);
- each joined table is kept as an Arrow IPC file with, in its schema metadata, the
  partition key, digest and row count of each of its segments, in order.

The next run reads only the partitions whose digest is new, casts their rows to Arrow
exactly as a cold join does (`arrow_from_columns`, one document at a time), takes every
other document's segment from the stored table and concatenates them in document order:
the same table as a cold join (`tests/extract/test_joined.py`). Added, changed and removed
partitions are all just "the segments this run lists". Everything is stored under
`version` (the reading code's `code_version` and pyarrow's): another version, a missing or
damaged file is a cold join. Deleting the folder only costs time.

Memory: a partition is read once, for its summary and its rows of every table together,
`CAST_CHUNK` partitions at a time; their rows are cast to Arrow and the values dropped
(`StoredPartitions.forget`), so a cold join of thousands of documents never holds every
document's value at once. With a folder to keep tables in, the cast rows are written
there as they are made (`SpilledCasts`, one file per table) and read back, memory-mapped,
when their table is joined: the catalogue then holds one table's rows at a time, not
every table's from the first join to the last (at 5,000 documents the other tables'
rows were 0.45 GiB of the step's peak, which came while the largest was checked).

A stored table is written as one record batch: Arrow's IPC writer writes the whole child
buffer of a sliced list column whose slice holds no values, so one batch per document made
the files (and the buffer they were written through) grow with the square of the corpus.
"""

from __future__ import annotations

import contextlib
import json
import pickle
import shutil
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from pipeline.extract.base import Rows, concat_rows
from pipeline.extract.cache import atomic_file, code_version, pickle_atomically
from pipeline.extract.document import (
    CATALOGUE_TABLES,
    DocumentResult,
    catalogue_outputs,
)
from pipeline.ingest.catalogue import SourceDocument
from pipeline.ingest.sources import Rejection
from pipeline.metadata.registry import TABLES, get_table
from pipeline.metadata.schemas import arrow_from_columns, arrow_schema, empty_frame, from_arrow
from pipeline.report import Issue, TableOutput
from pipeline.validate.cache import content_key

JOINED_CACHE_DIR = "joined-cache"
SUMMARIES = "summaries.pkl"
SEGMENTS = b"yjdata_segments"
VERSION = b"yjdata_version"
CAST_CHUNK = 200  # partitions read, cast to Arrow and dropped together
SPILL_DIR = "cast-rows"  # under the folder tables are kept in; emptied by each join


@dataclass(frozen=True)
class PartitionSummary:
    """What the catalogue needs of one partition besides its rows: its outcome and
    `documents` row, and per table it has rows of: how many, its extraction issues and
    (fact tables with rows) the `content_key` its validation verdict is kept under."""

    outcome: SourceDocument | Rejection
    row: dict[str, object] | None
    lengths: dict[str, int]
    issues: dict[str, list[Issue]]
    content_keys: dict[str, str]


def table_rows(result: DocumentResult, name: str) -> Rows | None:
    """A document's rows of `name` (None: the table is not one its domains produce)."""
    return result.tables if name == TABLES.name else result.extracts.get(name)


def summarise(result: DocumentResult, fact_tables: Sequence[str]) -> PartitionSummary:
    """A partition's `PartitionSummary`."""
    parts = {name: rows for name in (TABLES.name, *fact_tables)
             if (rows := table_rows(result, name)) is not None}
    return PartitionSummary(
        result.outcome, result.row,
        {name: rows.length for name, rows in parts.items()},
        {name: list(rows.issues) for name, rows in parts.items()},
        {name: content_key(name, rows.columns, rows.length, rows.issues)
         for name, rows in parts.items() if name != TABLES.name and rows.length},
    )


@dataclass(frozen=True)
class Segment:
    """A partition's rows in a stored joined table: `length` rows from `start`."""

    key: str
    digest: str
    start: int
    length: int


@dataclass
class JoinStats:
    """What a run read: partitions whose value was loaded, segments taken as stored."""

    partitions_read: int = 0
    segments_reused: int = 0
    segments_read: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"partitions_read": self.partitions_read,
                "segments_reused": self.segments_reused, "segments_read": self.segments_read}


@dataclass
class JoinedTables:
    """The catalogue's tables of `parts` (partition key -> `DocumentResult`, read only
    when needed), patched from those stored in `root` under each partition's `digests`
    (None: keep nothing, join afresh)."""

    parts: Mapping[str, DocumentResult]
    digests: Mapping[str, str]
    fact_tables: Sequence[str]
    root: Path | None = None
    version: str = field(default_factory=lambda: f"{code_version()}\0{pa.__version__}")
    stats: JoinStats = field(default_factory=JoinStats)
    _summaries: dict[str, PartitionSummary] = field(default_factory=dict)
    _read_keys: set[str] = field(default_factory=set)
    # rows of the partitions read for their summaries, cast: table -> key -> Arrow slice
    _casts: dict[str, dict[str, pa.Table]] = field(default_factory=dict)
    # the same, written to disk instead when there is a folder (`root`) to write them to
    _spilled: dict[str, SpilledCasts] = field(default_factory=dict)
    _cast_tables: Collection[str] | None = None  # None: every table

    def summaries(self) -> dict[str, PartitionSummary]:
        """Every partition's summary: stored ones by digest, the others read (their rows
        cast on the way, `CAST_CHUNK` partitions at a time, and their values dropped)."""
        if self._summaries:
            return self._summaries
        stored = self._load_summaries()
        self._start_spill()
        pending: list[tuple[str, DocumentResult]] = []
        for key in self.parts:
            digest = self.digests.get(key)
            found = stored.get(digest) if digest is not None else None
            if found is not None:
                self._summaries[key] = found
                continue
            result = self._read(key)
            self._summaries[key] = summarise(result, self.fact_tables)
            pending.append((key, result))
            if len(pending) >= CAST_CHUNK:
                self._cast_read(pending)
                pending = []
        self._cast_read(pending)
        self._save_summaries()
        return self._summaries

    def _cast_read(self, pending: list[tuple[str, DocumentResult]]) -> None:
        """Cast the rows of the partitions just read, for every table they have rows of,
        then forget their values."""
        for name in (TABLES.name, *self.fact_tables):
            if self._cast_tables is not None and name not in self._cast_tables:
                continue
            parts = [(key, rows) for key, result in pending
                     if (rows := table_rows(result, name)) is not None and rows.length]
            if name in self._spilled:
                self._spilled[name].add(*self._cast_together(name, parts))
            else:
                self._casts.setdefault(name, {}).update(self._cast_each(name, parts))
        for key, _ in pending:
            self._forget(key)

    def _start_spill(self) -> None:
        """Cast rows go to `root/SPILL_DIR` (emptied of an earlier run's) when there is a
        root; else they are kept in memory."""
        if self.root is None:
            return
        folder = self.root / SPILL_DIR
        shutil.rmtree(folder, ignore_errors=True)
        self._spilled = {name: SpilledCasts(folder / f"{name}.arrow", arrow_schema(get_table(name)))
                         for name in (TABLES.name, *self.fact_tables)
                         if self._cast_tables is None or name in self._cast_tables}

    def outputs(self, wanted: Collection[str] | None = None, unread: Sequence[Rejection] = (),
                folder_issues: Sequence[Issue] = ()) -> dict[str, TableOutput]:
        """As `combine_documents` gives them, for the tables `wanted` (all when None)."""
        return dict(self.iter_outputs(wanted, unread, folder_issues))

    def iter_outputs(self, wanted: Collection[str] | None = None,
                     unread: Sequence[Rejection] = (),
                     folder_issues: Sequence[Issue] = ()) -> Iterator[tuple[str, TableOutput]]:
        """`outputs` one table at a time, each made when asked for: a caller that stores
        and drops each holds one table's frame at a time."""
        self._cast_tables = wanted
        summaries = self.summaries()
        names = [n for n in (*CATALOGUE_TABLES, *self.fact_tables)
                 if wanted is None or n in wanted]
        return catalogue_outputs({key: s.outcome for key, s in summaries.items()},
                                 lambda key: summaries[key].row, self.join, names,
                                 unread, folder_issues)

    def content_keys(self, table: str) -> dict[str, str]:
        """Document id -> the `content_key` of its rows of `table` (documents with rows)."""
        return {key: s.content_keys[table] for key, s in self.summaries().items()
                if table in s.content_keys}

    def join(self, name: str, ids: Sequence[str]) -> TableOutput:
        """Table `name` of the documents `ids`, in that order: each document's rows taken
        from the stored table when its partition is unchanged, the others read and cast
        together, as a cold join casts every document's."""
        spec = get_table(name)
        stored_table, stored = self._load_table(name)
        summaries = self.summaries()
        listed = [key for key in ids if summaries[key].lengths.get(name)]
        # a partition with no digest (a value not from the IO manager) is always read
        fresh = [key for key in listed if (key, self.digests.get(key)) not in stored]
        cast, unchanged = self._cast(name, fresh), set(listed) - set(fresh)
        pieces: list[pa.Table] = []
        segments: list[Segment] = []
        position = 0
        for key in listed:
            length, digest = summaries[key].lengths[name], self.digests.get(key, "")
            if key in unchanged and stored_table is not None:
                old = stored[(key, digest)]
                pieces.append(stored_table.slice(old.start, old.length))
            else:
                pieces.append(cast[key])
            segments.append(Segment(key, digest, position, length))
            position += length
        self.stats.segments_read += len(fresh)
        self.stats.segments_reused += len(listed) - len(fresh)
        # one chunk per column, made once for the stored file and the frame: a frame of a
        # chunk per document was copied whole again by every later cast to Arrow (the
        # release's files, the IO manager's), at the release's peak of memory
        table = pa.concat_tables(pieces).combine_chunks() if pieces else None
        del pieces, cast
        if all(s.digest for s in segments) and [(s.key, s.digest, s.length) for s in segments] \
                != [(s.key, s.digest, s.length) for s in stored.values()]:
            self._save_table(name, table, segments)
        issues = [issue for key in ids for issue in summaries[key].issues.get(name, ())]
        if table is None:
            return TableOutput(empty_frame(spec), issues)
        return TableOutput(from_arrow(table), issues)

    def _cast(self, name: str, keys: Sequence[str]) -> dict[str, pa.Table]:
        """Partition key -> its rows of `name` as Arrow, for the partitions `keys` (with
        rows): those cast when read for their summaries, the others read now,
        `CAST_CHUNK` at a time."""
        spilled = self._spilled.pop(name, None)
        cast = spilled.take() if spilled is not None else self._casts.pop(name, {})
        missing = [key for key in keys if key not in cast]
        for start in range(0, len(missing), CAST_CHUNK):
            chunk = missing[start:start + CAST_CHUNK]
            cast.update(self._cast_each(name, [(key, rows) for key in chunk
                                               if (rows := table_rows(self._read(key), name))
                                               is not None]))
            for key in chunk:
                self._forget(key)
        return cast

    def _cast_each(self, name: str, parts: Sequence[tuple[str, Rows]]) -> dict[str, pa.Table]:
        """Several partitions' rows of `name` cast to Arrow in one go (one cast, not one per
        document), then sliced back into each partition's rows."""
        cast, spans = self._cast_together(name, parts)
        return {key: cast.slice(start, length) for key, (start, length) in spans.items()}

    def _cast_together(self, name: str, parts: Sequence[tuple[str, Rows]]
                       ) -> tuple[pa.Table, dict[str, tuple[int, int]]]:
        """Several partitions' rows of `name` as one Arrow table, and where each
        partition's rows are in it (start, length)."""
        spec = get_table(name)
        if not parts:
            return arrow_schema(spec).empty_table(), {}
        rows = concat_rows(part for _, part in parts)
        cast = arrow_from_columns(rows.columns, rows.length, spec)
        spans, offset = {}, 0
        for key, part in parts:
            spans[key] = (offset, part.length)
            offset += part.length
        return cast, spans

    def _read(self, key: str) -> DocumentResult:
        self._read_keys.add(key)
        self.stats.partitions_read = len(self._read_keys)
        return self.parts[key]

    def _forget(self, key: str) -> None:
        """Drop a read partition's value when the mapping keeps them (`StoredPartitions`)."""
        forget = getattr(self.parts, "forget", None)
        if forget is not None:
            forget(key)

    # Storage: one pickle of summaries, one Arrow IPC file per table.

    def _load_summaries(self) -> dict[str, PartitionSummary]:
        if self.root is None:
            return {}
        try:
            with (self.root / SUMMARIES).open("rb") as handle:
                version, entries = pickle.load(handle)
        except Exception:  # missing or damaged: a cold join
            return {}
        return entries if version == self.version and isinstance(entries, dict) else {}

    def _save_summaries(self) -> None:
        if self.root is None:
            return
        current = {self.digests[key]: s for key, s in self._summaries.items()
                   if key in self.digests}
        pickle_atomically(self.root / SUMMARIES, (self.version, current))

    def _table_path(self, name: str) -> Path:
        assert self.root is not None
        return self.root / f"{name}.arrow"

    def _load_table(self, name: str) -> tuple[pa.Table | None, dict[tuple[str, str], Segment]]:
        """The stored table and its segments by (key, digest); (None, {}) when there is
        none of this version and schema."""
        if self.root is None:
            return None, {}
        try:
            table = pa.ipc.open_file(pa.memory_map(str(self._table_path(name)))).read_all()
            metadata = table.schema.metadata or {}
            if (metadata.get(VERSION) != self.version.encode()
                    or not table.schema.equals(_stored_schema(name, [], b""))):
                return None, {}
            segments = [Segment(*item) for item in json.loads(metadata[SEGMENTS])]
        except Exception:  # missing or damaged: every segment is read again
            return None, {}
        if sum(s.length for s in segments) != table.num_rows:
            return None, {}
        return table, {(s.key, s.digest): s for s in segments}

    def _save_table(self, name: str, table: pa.Table | None, segments: list[Segment]) -> None:
        """`table` (one chunk per column: one batch, see the module's docstring) with its
        segments, streamed to the file."""
        if self.root is None:
            return
        schema = _stored_schema(name, segments, self.version.encode())
        table = (table if table is not None
                 else schema.empty_table()).replace_schema_metadata(schema.metadata)
        with atomic_file(self._table_path(name)) as out, \
                pa.ipc.new_file(pa.PythonFile(out, mode="w"), schema) as writer:
            writer.write_table(table)


@dataclass
class SpilledCasts:
    """One table's cast rows, appended to an Arrow IPC file as they are made and read
    back memory-mapped (`take`): the rows stay on disk until their table is joined."""

    path: Path
    schema: pa.Schema
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    rows: int = 0
    _sink: Any = None
    _writer: Any = None

    def add(self, cast: pa.Table, spans: Mapping[str, tuple[int, int]]) -> None:
        """Append `cast`, whose partitions' rows lie at `spans` within it."""
        if not spans:
            return
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._sink = pa.OSFile(str(self.path), "wb")
            self._writer = pa.ipc.new_file(self._sink, self.schema)
        self._writer.write_table(cast)
        for key, (start, length) in spans.items():
            self.spans[key] = (self.rows + start, length)
        self.rows += cast.num_rows

    def take(self) -> dict[str, pa.Table]:
        """Partition key -> its rows (slices of the memory-mapped file, which is then
        removed: the mapping keeps its pages readable)."""
        if self._writer is None:
            return {}
        self._writer.close()
        self._sink.close()
        table = pa.ipc.open_file(pa.memory_map(str(self.path))).read_all()
        self.path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # the folder goes with its last file
            self.path.parent.rmdir()
        return {key: table.slice(start, length) for key, (start, length) in self.spans.items()}


def _stored_schema(name: str, segments: list[Segment], version: bytes) -> pa.Schema:
    schema = arrow_schema(get_table(name))
    listed = json.dumps([[s.key, s.digest, s.start, s.length] for s in segments])
    return schema.with_metadata({**(schema.metadata or {}), SEGMENTS: listed.encode(),
                                 VERSION: version})
