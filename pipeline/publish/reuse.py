"""Outputs a new release takes from the previous one instead of writing them again.

A nightly release of a thousand documents in which one plan changed rewrote every table
file, page and chart, then found most of them byte-identical to the previous release's
and hard-linked them (`share.py`). Here each reusable output (a table's Parquet and CSV
files, a page with its charts) is named by an *input key*: a SHA-256 over everything the
output is made from, including the code that makes it. The keys of a published release
are kept beside it, in `<releases>/.release-keys/<version>.json` with each file's SHA-256;
when the next build computes the same key for an output, the previous release's files
are hard-linked into the staging folder and not written at all.

Safety, since a hard link shares its bytes with a published release:
- a file is linked only when the previous release's SHA256SUMS still gives the digest
  recorded with its key, it is a regular file of the recorded size, and its staged name
  does not exist yet (nothing is linked over a written file);
- the release's writers replace a file (a new inode) and never open an existing staged
  name for writing (`replace_text`; table writers see no existing name: see
  `release.write_tables`), and `check_untouched` proves before publishing that every
  staged file sharing an inode with the previous release still has its recorded digest;
- the keys file of a version is deleted before that version is renamed into place and
  written after, so keys never describe other bytes than the release's own.
Deleting the folder only costs time: nothing is reused, everything is written.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyarrow as pa

from pipeline.code_digest import add_files
from pipeline.hashing import HashingSink
from pipeline.publish.share import read_sums

KEYS_DIR = ".release-keys"
_FORMAT = 1


class WrittenThrough(RuntimeError):
    """A staged file shared with the previous release no longer has its bytes: something
    wrote through a hard link. The build stops before publishing."""


@cache
def code_version(*folders: str) -> str:
    """A hash of every file under the given folders of `pipeline/` (code, templates,
    reviewed data) and of the libraries that encode the bytes (pyarrow, zlib), so a
    change of how an output is made makes every key new."""
    digest = hashlib.sha256(f"format {_FORMAT}\0pyarrow {pa.__version__}\0"
                            f"zlib {zlib.ZLIB_RUNTIME_VERSION}\0".encode())
    add_files(digest, folders)
    return digest.hexdigest()


def keys_path(releases_dir: Path, version: str) -> Path:
    return releases_dir / KEYS_DIR / f"{version}.json"


def _load_keys(releases_dir: Path, version: str | None
               ) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """({relative path: (input key, SHA-256)}, {part: input key}) of a published release
    (empty when unknown)."""
    if version is None:
        return {}, {}
    try:
        stored = json.loads(keys_path(releases_dir, version).read_text(encoding="utf-8"))
        if stored.get("format") != _FORMAT or stored.get("version") != version:
            return {}, {}
        files = {str(name): (str(key), str(digest))
                 for name, (key, digest) in stored["files"].items()}
        return files, {str(k): str(v) for k, v in stored.get("parts", {}).items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}, {}


@dataclass
class Reuse:
    """What a staged release may take from `previous` (a published release folder, or
    None), and the keys of what it writes itself, to be saved with it."""

    staging: Path
    previous: Path | None
    old: dict[str, tuple[str, str]] = field(default_factory=dict)
    old_parts: dict[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    # Keys of parts of one file (the tables of the SQLite database), saved with the files'.
    parts: dict[str, str] = field(default_factory=dict)
    linked: set[str] = field(default_factory=set)
    _by_key: dict[str, list[str]] | None = None
    _sums: dict[str, str] | None = None

    @classmethod
    def between(cls, staging: Path, releases_dir: Path, previous: str | None) -> Reuse:
        """Reuse from the release `previous` of `releases_dir` into `staging`."""
        folder = releases_dir / previous if previous else None
        files, parts = _load_keys(releases_dir, previous)
        return cls(staging, folder, files, parts)

    def record(self, key: str, names: Iterable[str]) -> None:
        """`names` (paths relative to the release) are written under `key`."""
        for name in names:
            self.keys[name] = key

    def take(self, key: str, names: Iterable[str] | None = None) -> list[str] | None:
        """Link every file the previous release made under `key` (or exactly `names`)
        into the staging folder and record them; None, linking nothing, when any of them
        cannot be taken (then the caller writes them all)."""
        wanted = list(names) if names is not None else self._names_of(key)
        if not wanted or any(self.old.get(n, ("", ""))[0] != key for n in wanted):
            return None
        if not all(self._takeable(name) for name in wanted):
            return None
        done: list[str] = []
        for name in wanted:
            target = self.staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(self.previous / name, target)  # type: ignore[operator]
            except OSError:
                for undo in done:
                    (self.staging / undo).unlink()
                return None
            done.append(name)
        self.linked.update(done)
        self.record(key, done)
        return done

    def previous_file(self, name: str) -> Path | None:
        """The previous release's file `name` when it still has the digest its keys
        recorded (to start a file from, as the SQLite database is), else None."""
        if name not in self.old or not self._matches_sums(name):
            return None
        return self.previous / name  # type: ignore[operator]

    def _names_of(self, key: str) -> list[str]:
        if self._by_key is None:
            self._by_key = {}
            for name, (old_key, _) in sorted(self.old.items()):
                self._by_key.setdefault(old_key, []).append(name)
        return self._by_key.get(key, [])

    def _takeable(self, name: str) -> bool:
        """The previous release still holds `name` with the bytes its keys recorded, and
        nothing is staged under that name yet."""
        return not (self.staging / name).exists() and self._matches_sums(name)

    def _matches_sums(self, name: str) -> bool:
        if self.previous is None:
            return False
        if self._sums is None:
            self._sums = read_sums(self.previous)
        source = self.previous / name
        return (self._sums.get(name) == self.old[name][1] and source.is_file()
                and not source.is_symlink())

    def check_untouched(self) -> None:
        """Raise `WrittenThrough` unless every linked file still has the digest the
        previous release's SHA256SUMS gives (call after the staged SHA256SUMS is written:
        it holds the staged files' digests)."""
        staged = read_sums(self.staging)
        for name in sorted(self.linked):
            expected = self.old[name][1]
            if staged.get(name) != expected:
                raise WrittenThrough(f"{name}: staged digest {staged.get(name)} is not the "
                                     f"previous release's {expected}")

    def save(self, releases_dir: Path, version: str) -> None:
        """Write the keys of the release `version` (call once it is in place), with each
        file's digest from its SHA256SUMS. A keys file that cannot be written only costs
        the next build its reuse."""
        try:
            self._save(releases_dir, version)
        except OSError:
            keys_path(releases_dir, version).unlink(missing_ok=True)

    def _save(self, releases_dir: Path, version: str) -> None:
        sums = read_sums(releases_dir / version)
        files = {name: [key, sums[name]] for name, key in sorted(self.keys.items())
                 if name in sums}
        path = keys_path(releases_dir, version)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump({"format": _FORMAT, "version": version, "files": files,
                           "parts": dict(sorted(self.parts.items()))}, out)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


def arrow_key(table: pa.Table, kind: str, *code_folders: str) -> str:
    """The input key of files made from one Arrow table: its data and schema as an IPC
    stream, what it is (`kind`: the table's name) and the code that writes it."""
    digest = hashlib.sha256(f"arrow\0{kind}\0{code_version(*code_folders)}\0".encode())
    # streamed into the hash: an IPC copy of a national table in memory cost its size again
    with pa.ipc.new_stream(pa.PythonFile(HashingSink(digest), mode="w"), table.schema) as writer:
        writer.write_table(table)
    return digest.hexdigest()



def write_or_take(reuse: Reuse | None, files: list[Path], key: Callable[[], str],
                  write: Callable[[], None]) -> bool:
    """Take `files` from the previous release when it made them under the same key,
    else `write` them (recording the key); True when taken. Without `reuse`, write."""
    if reuse is None:
        write()
        return False
    digest = key()
    names = [path.relative_to(reuse.staging).as_posix() for path in files]
    if reuse.take(digest, names) is not None:
        return True
    write()
    reuse.record(digest, names)
    return False


def replace_text(path: Path, text: str) -> None:
    """Write `path` as a new file: an existing name (perhaps a hard link to a published
    release's file) is removed first, never opened for writing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
