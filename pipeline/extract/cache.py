"""Each document's result kept between builds, so an unchanged document is not read again.

A nightly build of a national back-catalogue reads the same thousand files every night;
only a few change. `process_document` is a pure function of the file's bytes, its name,
id and modification time, its manifest entry, the size limit and the code and reference
data that read it, so its `DocumentResult` is stored under a hash of exactly those
(`input_digest`) and reused while none of them changes. Any edit to the reading code or a
reviewed CSV changes `code_version()` and so every key: everything is read again.

The cache is a plain folder of pickles beside the run's stored asset values (never in
git); each entry is written to a temporary file and renamed into place, so a killed build
leaves no half-written entry, and an entry that cannot be read (damaged, or from another
version of a class) is ignored and recomputed. Deleting the folder only costs time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from pipeline.code_digest import add_files
from pipeline.ingest.manifest import DocumentMetadata
from pipeline.ingest.sources import SourceFile, file_sha256

if TYPE_CHECKING:
    from pipeline.extract.document import DocumentResult

CACHE_DIR = "document-cache"
PACKAGE = Path(__file__).resolve().parent.parent
# What a document's result depends on: every stage up to extraction and its reference data
# (the site, publishing, validation and the Dagster assets do not change a result).
READING_CODE = ("ingest", "parse", "extract", "reference", "metadata")
READING_MODULES = ("budget.py", "periods.py", "report.py", "timing.py")  # the stages' imports
READ_SUFFIXES = (".py", ".csv", ".yaml", ".json")


@cache
def code_version(package: Path = PACKAGE) -> str:
    """A hash of the code and reviewed data that read a document (in `package`), and
    Python's version."""
    digest = hashlib.sha256(sys.version.encode())
    for path in (package / name for name in READING_MODULES):
        if path.is_file():
            digest.update(f"{path.relative_to(package)}\0".encode() + path.read_bytes())
    add_files(digest, READING_CODE, READ_SUFFIXES, root=package)
    return digest.hexdigest()


def input_digest(document_id: str, source: SourceFile,
                 manifest_entry: DocumentMetadata | None, max_bytes: int,
                 version: str | None = None) -> str | None:
    """A hash of everything a document's result depends on (None when the file cannot be
    read): its content, name, id, modification time (which of two identical files is
    kept), manifest entry, the size limit and the code's `version` (default:
    `code_version()`). A build compares it with
    the digest its partition was last made from to skip unchanged documents."""
    try:
        stat = source.path.stat()
        content = file_sha256(source.path)
    except OSError:
        return None
    parts = (version or code_version(), document_id, source.name, content, str(stat.st_mtime_ns),
             repr(manifest_entry), str(max_bytes))
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


@dataclass
class CacheStats:
    """What a run took from the cache and what it had to compute."""

    hits: int = 0
    misses: int = 0
    ignored: int = 0  # entries that could not be read (damaged): recomputed

    def as_dict(self) -> dict[str, int]:
        return {"hits": self.hits, "misses": self.misses, "ignored": self.ignored}


class DocumentCache:
    """Document results stored under `input_digest`, one pickle each, in `root` (None: a
    cache that keeps nothing, for runs with no lasting storage)."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self.stats = CacheStats()

    @staticmethod
    def key(digest: str | None, preview_rows: int) -> str | None:
        """The entry of a document's digest with this many preview rows per table."""
        return None if digest is None else f"{digest}-{preview_rows}"

    def lookup(self, digest: str | None, preview_rows: int) -> DocumentResult | None:
        """The result stored for `digest` with these previews (a run that wants none also
        takes one stored with previews, as a one-document run stores it), or None: a miss,
        and the caller computes it. Damaged entries are counted as ignored."""
        found = None
        if self.root is not None and digest is not None:
            wanted = self._path(self.key(digest, preview_rows))
            others = ([] if preview_rows else
                      sorted(p for p in wanted.parent.glob(f"{digest}-*.pkl") if p != wanted))
            found = next((r for r in map(self._load, [wanted, *others]) if r is not None), None)
        if found is None:
            self.stats.misses += 1
        else:
            self.stats.hits += 1
        return found

    def _path(self, key: str | None) -> Path:
        assert self.root is not None and key is not None
        return self.root / key[:2] / f"{key}.pkl"

    def _load(self, path: Path) -> DocumentResult | None:
        from pipeline.extract.document import DocumentResult

        try:
            with path.open("rb") as handle:
                result = pickle.load(handle)
        except FileNotFoundError:
            return None
        except Exception:  # any unreadable entry is only a lost shortcut
            self.stats.ignored += 1
            return None
        if not isinstance(result, DocumentResult):
            self.stats.ignored += 1
            return None
        return result

    def put(self, key: str | None, result: DocumentResult) -> None:
        """Store a result atomically (temporary file, then rename)."""
        if self.root is None or key is None:
            return
        pickle_atomically(self._path(key), result)


def pickle_atomically(path: Path, value: object) -> None:
    """Pickle `value` to a temporary file beside `path`, then rename it into place, so a
    reader never sees a half-written file."""
    with atomic_file(path) as out:
        pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A binary file written beside `path` and renamed into place when the block ends
    without an error (removed otherwise)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
