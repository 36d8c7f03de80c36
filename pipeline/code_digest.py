"""One way to hash the code and reviewed data an output is made from, for every cache key.

The per-document cache, the site's page keys and the release's reuse keys each name the
folders of `pipeline/` they depend on; a change to any file there makes their keys new.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

PACKAGE = Path(__file__).resolve().parent


class _Digest(Protocol):
    def update(self, data: bytes, /) -> None: ...


def add_files(digest: _Digest, folders: Iterable[str], suffixes: tuple[str, ...] = (),
              root: Path = PACKAGE) -> None:
    """Feed `digest` each file under `folders` of `root` (those ending in `suffixes`, or
    all but bytecode), by its path from `root` and its bytes, in a fixed order."""
    for folder in folders:
        for path in sorted(p for p in (root / folder).rglob("*")
                           if p.is_file() and "__pycache__" not in p.parts
                           and (not suffixes or p.suffix in suffixes)):
            digest.update(f"{path.relative_to(root)}\0".encode() + path.read_bytes())
