"""The release's convenience files: one SQLite database, a zip of everything, checksums."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from pipeline.metadata.registry import STRING_LIST, get_table
from pipeline.publish.datapackage import sha256_of

SUMS = "SHA256SUMS"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold


def write_sqlite(tables: Mapping[str, pd.DataFrame], path: Path) -> None:
    """Every table in one database; lists as JSON text, dates as ISO text."""
    with sqlite3.connect(path) as connection:
        for name, frame in tables.items():
            spec = get_table(name)
            plain = frame.astype(object).where(frame.notna(), None)
            for column in spec.columns:
                if column.type == STRING_LIST:
                    plain[column.name] = plain[column.name].map(
                        lambda v: None if v is None else json.dumps(list(v), ensure_ascii=False))
                elif column.type == "date":
                    plain[column.name] = plain[column.name].map(
                        lambda v: None if v is None else v.isoformat())
            plain.to_sql(name, connection, index=False)
    connection.close()


def write_zip(release_dir: Path, path: Path, root: str,
              date_time: tuple[int, int, int, int, int, int] = ZIP_EPOCH) -> None:
    """A zip of every file in the release (except the zip itself), under folder `root`.

    Every entry carries `date_time` (the release's date) and the same permissions, not
    the file's own, so the zip depends only on the files' contents and names."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for file in sorted(p for p in release_dir.rglob("*") if p.is_file() and p != path):
            info = zipfile.ZipInfo(f"{root}/{file.relative_to(release_dir).as_posix()}",
                                   date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with file.open("rb") as source, bundle.open(info, "w") as target:
                shutil.copyfileobj(source, target, 1024 * 1024)


def write_checksums(release_dir: Path) -> Path:
    """`SHA256SUMS` in the format `sha256sum -c` reads, for every other file."""
    lines = [
        f"{sha256_of(p)}  {p.relative_to(release_dir).as_posix()}"
        for p in sorted(release_dir.rglob("*"))
        if p.is_file() and p.name != SUMS
    ]
    path = release_dir / SUMS
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
