"""Validation results kept between runs, so a run judges and checks only what changed.

A run the sources sensor starts for one new document, or a nightly build in which one plan
changed, would otherwise judge every document's rows and run every table's suite again:
on a thousand documents that was most of the time outside the release. Both are pure
functions of their inputs and of the validation code, so they are stored under a hash of
exactly those:

- a fact table is judged document by document (`pipeline.validate.withhold.judge`), and
  each document's verdict is kept under a hash of its own rows and extraction issues of
  that table (`content_key`); a document whose rows are unchanged is not judged again;
- a table's GX suite result is kept under a hash of the table's values (`frame_digest`),
  with a key of each row, so that the next validation of the table judges its row-wise
  expectations on the new rows only (`pipeline.validate.incremental`).

Every key also holds `validation_version`: the reading code (`code_version`), the
validation code, the expectation suites and the GX version, so any change to those makes
every key new. The store is a folder of pickles beside the run's stored asset values, one
file per table, written to a temporary file and renamed; a file that cannot be read is
ignored (recomputed), and deleting the folder only costs time.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from pipeline.extract.cache import PACKAGE, code_version, pickle_atomically

if TYPE_CHECKING:
    from pipeline.metadata.registry import TableSpec
    from pipeline.validate.gx_runner import TableValidator, ValidationSummary
    from pipeline.validate.withhold import Judgement, Verdict

CACHE_DIR = "validation-cache"
VERSION = "version"
ENTRIES = "entries"


@cache
def validation_version(expectations_dir: Path) -> str:
    """A hash of what a validation result depends on besides its data (GX's version read
    from its installed metadata: importing GX only to read it took seconds per process)."""
    gx_version = importlib.metadata.version("great_expectations")
    digest = hashlib.sha256(f"{code_version()}\0{gx_version}".encode())
    files = sorted((PACKAGE / "validate").glob("*.py")) + sorted(expectations_dir.glob("*.json"))
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def content_key(*parts: Any) -> str:
    """A hash of plain values (lists, strings, numbers, dataclasses of them)."""
    return hashlib.sha256(pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()


def frame_digest(frame: pd.DataFrame) -> str:
    """A hash of a frame's columns, types and values (not its index)."""
    return digest_of(frame, row_hashes(frame))


def row_hashes(frame: pd.DataFrame) -> list[np.ndarray]:
    """Each column's per-row 64-bit hashes. List cells, which pandas cannot hash, are
    hashed by their text."""
    hashes = []
    for name in frame.columns:
        column = frame[name]
        try:
            hashed = pd.util.hash_pandas_object(column, index=False)
        except TypeError:
            hashed = pd.util.hash_pandas_object(column.map(_cell_text), index=False)
        hashes.append(hashed.to_numpy())
    return hashes


def digest_of(frame: pd.DataFrame, hashes: list[np.ndarray]) -> str:
    """`frame_digest` from the frame's `row_hashes` (computed once for several uses)."""
    digest = hashlib.sha256(repr([(str(c), str(t)) for c, t in frame.dtypes.items()]).encode())
    for hashed in hashes:
        digest.update(hashed.tobytes())
    return digest.hexdigest()


def _cell_text(value: Any) -> str:
    """A list cell's text (an array's as a list: numpy's own repr is slow)."""
    return repr(value.tolist() if isinstance(value, np.ndarray) else value)


class ResultStore:
    """Named mappings of key -> result, one pickle each in `root` (None: keeps nothing),
    valid for one `version`."""

    def __init__(self, root: Path | None, version: str) -> None:
        self.root = root
        self.version = version

    def load(self, name: str) -> dict[str, Any]:
        """The stored entries of `name` ({} when none, unreadable or of another version)."""
        if self.root is None:
            return {}
        try:
            with self._path(name).open("rb") as handle:
                stored = pickle.load(handle)
        except Exception:  # missing or damaged: only a lost shortcut
            return {}
        if not isinstance(stored, dict) or stored.get(VERSION) != self.version:
            return {}
        entries = stored.get(ENTRIES)
        return entries if isinstance(entries, dict) else {}

    def save(self, name: str, entries: dict[str, Any]) -> None:
        """Replace the entries of `name`, atomically."""
        if self.root is None:
            return
        pickle_atomically(self._path(name), {VERSION: self.version, ENTRIES: entries})

    def _path(self, name: str) -> Path:
        assert self.root is not None
        return self.root / f"{name}.pkl"


@dataclass
class StoredVerdicts:
    """The per-document verdicts of one fact table: `keys` maps each document id to the
    `content_key` of its rows; `known()` gives those stored, `keep()` stores a judgement's
    fresh ones (with the known ones still current, so the file holds no stale entries)."""

    store: ResultStore
    table: str
    keys: dict[str, str]
    judged: int = 0  # documents judged in this run
    reused: int = 0  # documents whose stored verdict was used
    _entries: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"verdicts-{self.table}"

    def known(self) -> dict[str, Verdict]:
        self._entries = self.store.load(self.name)
        return {document: self._entries[key] for document, key in self.keys.items()
                if key in self._entries}

    def keep(self, judgement: Judgement, known: dict[str, Verdict]) -> None:
        self.judged, self.reused = len(judgement.fresh), len(known)
        if not judgement.fresh or judgement.documentless:
            return  # nothing new, or a verdict that cannot be split by document
        current = {self.keys[d]: v for d, v in {**known, **judgement.fresh}.items()
                   if d in self.keys}
        self.store.save(self.name, current)


def validate_stored(validator: Callable[[], TableValidator], spec: TableSpec,
                    frame: pd.DataFrame, store: ResultStore,
                    restore: Callable[[str, Any], None] | None = None,
                    split_from: int | None = None) -> tuple[ValidationSummary, bool]:
    """The table's suite result and whether it was stored: a table whose values are those
    last validated is not validated again (`validator` makes the GX context only when
    needed), and one whose only change is some rows is judged row by row on those rows
    only (`pipeline.validate.incremental`). GX's own validation result is kept
    with it and handed to `restore(table, (key, result))`, so the release's Data Docs
    render it instead of validating the table again. `split_from`: the fewest rows a
    table is split for (tests)."""
    from pipeline.validate.incremental import MIN_ROWS, Judged, row_keys, validate_changed

    hashes = row_hashes(frame)
    name, key = f"suite-{spec.name}", digest_of(frame, hashes)
    entries = store.load(name)
    stored = entries.get(key)
    if isinstance(stored, tuple) and len(stored) == 3:
        summary, gx_result, _ = stored
        if gx_result is not None and restore is not None:
            restore(spec.name, gx_result)
        return summary, True
    keys = row_keys(hashes)
    previous = next((Judged(v[0], v[2]) for v in entries.values()
                     if isinstance(v, tuple) and len(v) == 3), None)
    checker = validator()
    split = validate_changed(checker, spec, frame, keys, previous,
                             MIN_ROWS if split_from is None else split_from)
    if split is None:
        summary, gx_result = checker.validate(spec, frame), checker.latest_result(spec.name)
    else:
        summary, gx_result = split
        if restore is not None:
            restore(spec.name, gx_result)
    store.save(name, {key: (summary, gx_result, keys)})
    return summary, False
