"""An IO manager that stores one file per document partition, each with a checked header.

Dagster's default filesystem IO manager cannot store a single-run output that
covers many partitions. Here every partitioned asset returns a mapping
`{partition_key: value}` (even for one partition) and every partitioned input is
loaded as a `StoredPartitions` mapping, so one step can process one document or all of
them, and a step that needs only some (the catalogue, after one document changed) reads
only those.

Every file starts with a header line: the format version, how the value is stored, the
payload's length and its SHA-256. A file of another version, cut short or whose content
does not match its digest is never loaded: a build treats its partition as not stored and
reads the document again (`has_partition`), and loading it is an error naming it. The
digest also says, without reading the value, whether a partition changed since a step
last used it (`pipeline.extract.joined`).

A table (`TableOutput`) whose frame comes back exactly from Arrow (`arrow_exact`) is
stored as an Arrow IPC stream: much cheaper to write and read than a pickle of a frame
whose cells are arrays (`kpi_series`).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import dagster as dg

from pipeline.extract.cache import atomic_file
from pipeline.hashing import HashingSink
from pipeline.ingest.sources import slugify
from pipeline.memory import release_once_per_step
from pipeline.metadata.registry import TABLE_SPECS, TableSpec
from pipeline.metadata.schemas import arrow_exact, frame_from_ipc, frame_to_ipc
from pipeline.report import TableOutput

MAGIC = b"yjdata-value"
FORMAT_VERSION = 2
PICKLE = b"pickle"
ARROW_TABLE = b"arrow-table"
MAX_HEADER = 256
SUFFIX = ".pkl"
SPECS: dict[str, TableSpec] = {spec.name: spec for spec in TABLE_SPECS}


class StaleValue(ValueError):
    """A stored value that must not be trusted: another format version, cut short, or
    not the content its header's digest names."""


@dataclass(frozen=True)
class Header:
    """What a stored file's first line says about it."""

    kind: bytes
    length: int
    digest: str
    size: int  # of the header line itself


def write_value(path: Path, value: Any, spec: TableSpec | None = None) -> str:
    """Store `value` at `path` atomically with its header; return the payload's digest. A
    `TableOutput` of `spec` whose frame round-trips exactly is stored as Arrow."""
    kind, content = _encode(value, spec)
    if kind == PICKLE:  # small values, many of them: pickled once
        payload = pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL)
        digest, length = hashlib.sha256(payload).hexdigest(), len(payload)
    else:  # a table: pickled into a hash, then into the file (`_pickler`)
        sink = HashingSink()
        _pickler(sink).dump(content)
        digest, length = sink.digest.hexdigest(), sink.size
    header = b" ".join([MAGIC, str(FORMAT_VERSION).encode(), kind, str(length).encode(),
                        digest.encode()]) + b"\n"
    with atomic_file(path) as out:
        out.write(header)
        if kind == PICKLE:
            out.write(payload)
        else:
            _pickler(out).dump(content)
    return digest


def _pickler(file: Any) -> pickle.Pickler:
    """Pickles into `file` the bytes `pickle.dumps` gives, the Arrow stream's bytes
    written straight from their object: one copy of a national table's stream alive, not
    three (the stream, its bytes, the pickle of them)."""
    return pickle.Pickler(file, protocol=pickle.HIGHEST_PROTOCOL)


def read_header(path: Path) -> Header:
    """The header of a stored file whose length matches it (`StaleValue` otherwise;
    `FileNotFoundError` when there is none). The content is not hashed here."""
    with path.open("rb") as handle:
        line = handle.readline(MAX_HEADER)
        size = os.fstat(handle.fileno()).st_size
    parts = line.rstrip(b"\n").split(b" ")
    if (not line.endswith(b"\n") or len(parts) != 5 or parts[0] != MAGIC
            or parts[1] != str(FORMAT_VERSION).encode()):
        raise StaleValue(f"{path}: not a stored value of format version {FORMAT_VERSION}")
    try:
        header = Header(parts[2], int(parts[3]), parts[4].decode("ascii"), len(line))
    except ValueError as exc:
        raise StaleValue(f"{path}: damaged header") from exc
    if size != header.size + header.length:
        raise StaleValue(f"{path}: {size - header.size} bytes where its header says "
                         f"{header.length} (cut short or appended to)")
    return header


def read_value(path: Path) -> Any:
    """The value stored at `path`, after checking its header and digest (`StaleValue`)."""
    header = read_header(path)
    with path.open("rb") as handle:
        # hashed as read, then unpickled from the same open file (writers replace a file,
        # never write into it): the payload is never held whole beside what it holds
        handle.seek(header.size)
        if hashlib.file_digest(handle, "sha256").hexdigest() != header.digest:
            raise StaleValue(f"{path}: content does not match its digest")
        handle.seek(header.size)
        return _decode(header.kind, handle)


def _encode(value: Any, spec: TableSpec | None) -> tuple[bytes, Any]:
    """How `value` is stored and what is pickled for it."""
    if (spec is not None and isinstance(value, TableOutput)
            and arrow_exact(value.frame, spec)):
        rest = {"issues": value.issues, "withheld": value.withheld}
        return ARROW_TABLE, (frame_to_ipc(value.frame, spec), rest)
    return PICKLE, value


def _decode(kind: bytes, handle: BinaryIO) -> Any:
    if kind == PICKLE:
        return pickle.load(handle)
    if kind == ARROW_TABLE:
        data, rest = pickle.load(handle)
        return TableOutput(frame_from_ipc(data), **rest)
    raise StaleValue(f"unknown stored kind {kind!r}")


@dataclass
class StoredPartitions(Mapping[str, Any]):
    """Partition key -> stored value, read when first asked for (and kept). Only partitions
    with a sound header are present; `digests` gives each one's content digest without
    reading it."""

    paths: dict[str, Path]
    digests: dict[str, str]
    _loaded: dict[str, Any] = field(default_factory=dict, repr=False)

    def __getitem__(self, key: str) -> Any:
        if key not in self._loaded:
            if key not in self.paths:
                raise KeyError(key)
            self._loaded[key] = read_value(self.paths[key])
        return self._loaded[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)

    def forget(self, key: str) -> None:
        """Drop a loaded value (it is read again if asked for): memory for large runs."""
        self._loaded.pop(key, None)


def _release_before_step(context: dg.InputContext) -> None:
    """What the last step freed goes back to the system before this step loads anything
    (`pipeline.memory`); an input loaded outside a step (tests, `build_input_context`)
    frees nothing."""
    try:
        step = context.step_context
    except dg.DagsterInvariantViolationError:
        return
    release_once_per_step(step.run_id, step.step.key)


class DocumentPartitionIOManager(dg.ConfigurableIOManager):
    """Stores under `base_dir/<asset>/<partition>.pkl` (or `<asset>.pkl` unpartitioned)."""

    base_dir: str

    def _asset_dir(self, asset_key: dg.AssetKey) -> Path:
        return Path(self.base_dir, *asset_key.path)

    def _partition_path(self, asset_key: dg.AssetKey, partition_key: str) -> Path:
        # Keys are document ids (slugs); slugify again so no key can escape the folder.
        return self._asset_dir(asset_key) / f"{slugify(partition_key) or '_'}{SUFFIX}"

    def has_partition(self, asset_key: dg.AssetKey, partition_key: str) -> bool:
        """Whether a sound value of this partition is stored (a build may then skip it); a
        file of another format version or cut short is not one."""
        try:
            read_header(self._partition_path(asset_key, partition_key))
        except (OSError, StaleValue):
            return False
        return True

    def handle_output(self, context: dg.OutputContext, obj: Any) -> None:
        if obj is None:
            return
        if not context.has_asset_partitions:
            spec = SPECS.get(context.asset_key.path[-1])
            write_value(self._asset_dir(context.asset_key).with_suffix(SUFFIX), obj, spec)
            return
        if not isinstance(obj, dict):
            raise TypeError(
                f"{context.asset_key.to_user_string()}: a partitioned asset must return a "
                "mapping of partition key to value"
            )
        expected = set(context.asset_partition_keys)
        unknown = set(obj) - expected
        if unknown:
            raise ValueError(f"output has values for partitions not in this run: {unknown}")
        for key, value in obj.items():
            write_value(self._partition_path(context.asset_key, key), value)

    def load_input(self, context: dg.InputContext) -> Any:
        _release_before_step(context)
        asset_key = context.asset_key
        if not context.has_asset_partitions:
            return read_value(self._asset_dir(asset_key).with_suffix(SUFFIX))
        paths: dict[str, Path] = {}
        digests: dict[str, str] = {}
        for key in context.asset_partition_keys:
            path = self._partition_path(asset_key, key)
            try:
                digests[key] = read_header(path).digest
                paths[key] = path
            except FileNotFoundError:
                context.log.warning(
                    f"{asset_key.to_user_string()}[{key}] has not been materialised; skipped")
            except StaleValue as exc:
                context.log.warning(
                    f"{asset_key.to_user_string()}[{key}] is stored in a form that cannot be "
                    f"trusted ({exc}); skipped: materialise it again")
        return StoredPartitions(paths, digests)
