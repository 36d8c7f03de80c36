"""The release's convenience files: a zip of everything and checksums (SQLite: `sqlite.py`)."""

from __future__ import annotations

import shutil
import struct
import zipfile
import zlib
from collections.abc import Mapping
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pipeline.publish.datapackage import sha256_of
from pipeline.publish.share import SUMS as SUMS  # re-exported

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold
# Members already compressed (gzip, zstd Parquet, PNG, zip): deflating them again costs
# time and gains nothing, so they are stored as they are.
STORED_SUFFIXES = (".gz", ".parquet", ".png", ".zip")
# What makes a member's deflated bytes: the zlib build and the level zipfile uses.
DEFLATE = f"zlib {zlib.ZLIB_RUNTIME_VERSION} level {zlib.Z_DEFAULT_COMPRESSION}"
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # zipfile's local file header layout


@dataclass(frozen=True)
class PreviousZip:
    """A published release's zip (its members under `root/`) and its files' digests:
    a member whose file still has that digest is copied as it was compressed, not
    deflated again (the same zlib and level give the same bytes)."""

    path: Path
    root: str
    digests: Mapping[str, str]


def file_digests(release_dir: Path, skip: Path | None = None) -> dict[str, str]:
    """{relative path: SHA-256} of every file of the release but SHA256SUMS and `skip`."""
    return {p.relative_to(release_dir).as_posix(): sha256_of(p)
            for p in sorted(release_dir.rglob("*"))
            if p.is_file() and p.name != SUMS and p != skip}


def write_zip(release_dir: Path, path: Path, root: str,
              date_time: tuple[int, int, int, int, int, int] = ZIP_EPOCH,
              previous: PreviousZip | None = None,
              digests: Mapping[str, str] | None = None) -> int:
    """A zip of every file in the release (except the zip itself), under folder `root`.

    Every entry carries `date_time` (the release's date) and the same permissions, not
    the file's own, so the zip depends only on the files' contents and names; files
    already compressed are stored, the rest deflated. With `previous` and the staged
    files' `digests`, a file the previous zip holds with the same digest is copied from
    it compressed (once they are seen to decompress to the file's bytes): the same bytes
    as deflating it again. Returns how many members were copied."""
    old, copied = _members(previous), 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as bundle, \
            (previous.path.open("rb") if old else nullcontext()) as source_zip:
        for file in sorted(p for p in release_dir.rglob("*") if p.is_file() and p != path):
            name = file.relative_to(release_dir).as_posix()
            info = zipfile.ZipInfo(f"{root}/{name}", date_time=date_time)
            info.compress_type = (zipfile.ZIP_STORED if file.name.endswith(STORED_SUFFIXES)
                                  else zipfile.ZIP_DEFLATED)
            info.external_attr = 0o644 << 16
            member = old.get(name)
            if (member is not None and previous is not None and digests is not None
                    and _copyable(member, info, file)
                    and digests.get(name) == previous.digests.get(name)
                    and _copy_compressed(bundle, info, member, source_zip, file)):
                copied += 1
                continue
            with file.open("rb") as source, bundle.open(info, "w") as target:
                shutil.copyfileobj(source, target, 1024 * 1024)
    return copied


def _members(previous: PreviousZip | None) -> dict[str, zipfile.ZipInfo]:
    """The previous zip's members by release-relative name ({} without one)."""
    if previous is None:
        return {}
    prefix = f"{previous.root}/"
    with zipfile.ZipFile(previous.path) as old:
        return {info.filename.removeprefix(prefix): info for info in old.infolist()
                if info.filename.startswith(prefix) and not info.is_dir()
                and not info.flag_bits & 0x1}  # never an encrypted member


def _copyable(member: zipfile.ZipInfo, info: zipfile.ZipInfo, file: Path) -> bool:
    """The previous member was written as this one would be: same compression, the
    file's size, no ZIP64 fields."""
    return (member.compress_type == info.compress_type
            and member.file_size == file.stat().st_size
            and max(member.file_size, member.compress_size) < zipfile.ZIP64_LIMIT)


def _copy_compressed(bundle: zipfile.ZipFile, info: zipfile.ZipInfo, member: zipfile.ZipInfo,
                     source_zip: BinaryIO, file: Path) -> bool:
    """Append `info` with `member`'s compressed bytes, as `ZipFile.open(info, "w")` would
    have written them (the local header with the final CRC and sizes, then the data);
    False, writing nothing, unless they decompress to the file's bytes."""
    source_zip.seek(member.header_offset)
    header = _LOCAL_HEADER.unpack(source_zip.read(_LOCAL_HEADER.size))
    source_zip.seek(header[-2] + header[-1], 1)  # past the name and extra field
    data = source_zip.read(member.compress_size)
    try:
        plain = zlib.decompress(data, -zlib.MAX_WBITS) if member.compress_type else data
    except zlib.error:
        return False
    if plain != file.read_bytes() or zlib.crc32(plain) != member.CRC:
        return False
    info.CRC, info.compress_size, info.file_size = (member.CRC, member.compress_size,
                                                    member.file_size)
    info.header_offset = bundle.fp.tell()  # type: ignore[union-attr]
    bundle.fp.write(info.FileHeader(False))  # type: ignore[union-attr]
    bundle.fp.write(data)  # type: ignore[union-attr]
    bundle.start_dir = bundle.fp.tell()  # type: ignore[union-attr]
    bundle.filelist.append(info)
    bundle.NameToInfo[info.filename] = info
    bundle._didModify = True
    return True


def write_checksums(release_dir: Path, digests: Mapping[str, str] | None = None) -> Path:
    """`SHA256SUMS` in the format `sha256sum -c` reads, for every other file (`digests`:
    those already computed, by relative path)."""
    known = digests or {}
    lines = [
        f"{known.get(name) or sha256_of(p)}  {name}"
        for p in sorted(release_dir.rglob("*"))
        if p.is_file() and p.name != SUMS
        for name in [p.relative_to(release_dir).as_posix()]
    ]
    path = release_dir / SUMS
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
