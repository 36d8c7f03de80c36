"""A write-only file that hashes and counts what is written to it, so a large value can
be digested as it is serialised, never held whole as bytes (issue 19: 5,000 documents
in 2 GiB)."""

from __future__ import annotations

import hashlib
from typing import Any


class HashingSink:
    """Feeds every write to `digest` (SHA-256 unless given) and counts the bytes."""

    def __init__(self, digest: Any = None) -> None:
        self.digest = digest if digest is not None else hashlib.sha256()
        self.size = 0
        self.closed = False

    def write(self, data: bytes | bytearray | memoryview) -> int:
        self.digest.update(data)
        length = memoryview(data).nbytes
        self.size += length
        return length

    def flush(self) -> None:
        """Nothing is buffered."""

    def close(self) -> None:
        self.closed = True
