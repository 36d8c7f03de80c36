"""Reading a release's compressed files in tests as a data user would: CSV through gzip,
the SQLite database decompressed once beside the test's other temporary files."""

from __future__ import annotations

import gzip
from pathlib import Path

from pipeline.publish.compress import csv_name, gunzip_file
from pipeline.publish.readme import NAME


def csv_path(release: Path, table: str) -> Path:
    return release / "csv" / csv_name(table)


def csv_text(release: Path, table: str) -> str:
    """A table's CSV file in the release, decompressed, as text."""
    return gzip.decompress(csv_path(release, table).read_bytes()).decode("utf-8")


def sqlite_file(release: Path, folder: Path) -> Path:
    """The release's SQLite database decompressed into `folder` as `yjdata.sqlite` (the
    name its Datasette metadata uses), once per folder."""
    target = folder / f"{NAME}.sqlite"
    if not target.is_file():
        gunzip_file(release / f"{NAME}.sqlite.gz", target)
    return target
