"""The release's convenience files: a zip of everything and checksums (SQLite: `sqlite.py`)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from pipeline.publish.datapackage import sha256_of
from pipeline.publish.share import SUMS as SUMS  # re-exported

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold
# Members already compressed (gzip, zstd Parquet, PNG, zip): deflating them again costs
# time and gains nothing, so they are stored as they are.
STORED_SUFFIXES = (".gz", ".parquet", ".png", ".zip")


def write_zip(release_dir: Path, path: Path, root: str,
              date_time: tuple[int, int, int, int, int, int] = ZIP_EPOCH) -> None:
    """A zip of every file in the release (except the zip itself), under folder `root`.

    Every entry carries `date_time` (the release's date) and the same permissions, not
    the file's own, so the zip depends only on the files' contents and names; files
    already compressed are stored, the rest deflated."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for file in sorted(p for p in release_dir.rglob("*") if p.is_file() and p != path):
            info = zipfile.ZipInfo(f"{root}/{file.relative_to(release_dir).as_posix()}",
                                   date_time=date_time)
            info.compress_type = (zipfile.ZIP_STORED if file.name.endswith(STORED_SUFFIXES)
                                  else zipfile.ZIP_DEFLATED)
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
