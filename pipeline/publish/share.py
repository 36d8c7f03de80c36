"""Files a new release shares with the previous one: a year of nightly releases costs
about the data that changed, not 365 copies of the same pages, charts and tables.

After a release is staged (its SHA256SUMS written), every staged file whose bytes equal
a file of the previous release is replaced by a hard link to that file. Nothing in the
previous release is opened for writing, renamed or re-permissioned: a hard link only
adds a name to its file. Releases are immutable, so no one writes into the shared file
afterwards (the publisher only ever writes into its own staging folder, and rebuilding
a site removes the old `site/` before writing new files). Where hard links are not
possible (another filesystem, a filesystem without them) the staged copy simply stays.
"""

from __future__ import annotations

import filecmp
import os
from dataclasses import dataclass
from pathlib import Path

SUMS = "SHA256SUMS"  # the release's checksum file, written last (`bundle.py`)


@dataclass(frozen=True)
class Shared:
    """How many files, and bytes, the new release shares with the previous one."""

    files: int = 0
    bytes: int = 0


def read_sums(release_dir: Path) -> dict[str, str]:
    """{relative path: SHA-256} from a release's SHA256SUMS ({} when it has none)."""
    path = release_dir / SUMS
    if not path.is_file():
        return {}
    sums = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        if digest and name:
            sums[name] = digest
    return sums


def share_unchanged(staging: Path, previous: Path | None) -> Shared:
    """Hard-link each staged file to an identical file of `previous` (same SHA-256 in
    both SHA256SUMS, same bytes on disk); returns what is now shared."""
    if previous is None or not previous.is_dir():
        return Shared()
    by_digest: dict[str, str] = {}
    for name, digest in read_sums(previous).items():
        by_digest.setdefault(digest, name)
    files = size = 0
    for name, digest in read_sums(staging).items():
        match = by_digest.get(digest)
        if match is None:
            continue
        old, new = previous / match, staging / name
        if _already_linked(old, new):  # taken from it (`reuse.py`): the same file
            files += 1
            size += new.stat().st_size
            continue
        if not _same_file_content(old, new):
            continue
        if _link_over(old, new):
            files += 1
            size += new.stat().st_size
    return Shared(files, size)


def _already_linked(old: Path, new: Path) -> bool:
    try:
        return old.is_file() and not old.is_symlink() and os.path.samefile(old, new)
    except OSError:
        return False


def _same_file_content(old: Path, new: Path) -> bool:
    """Both regular files with the same bytes (the previous release's SHA256SUMS is only
    trusted as far as the disk agrees)."""
    if old.is_symlink() or not old.is_file() or not new.is_file():
        return False
    if old.stat().st_size != new.stat().st_size:
        return False
    return filecmp.cmp(old, new, shallow=False)


def _link_over(old: Path, new: Path) -> bool:
    """Replace `new` by a hard link to `old`, atomically (a link made beside it, then
    renamed over it); False, leaving `new` as it was, when the filesystem refuses."""
    temp = new.with_name(f".{new.name}.link-{os.getpid()}")
    try:
        os.link(old, temp)
    except OSError:
        return False
    os.replace(temp, new)
    return True
