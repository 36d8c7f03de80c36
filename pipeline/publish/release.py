"""Versioned releases: immutable, documented, validated and diffable.

A release is written into a hidden staging folder beside its destination and
renamed into place in one step, under a lock, so a reader never sees half a
release, two builds never interleave, and an existing version is never
overwritten or deleted. A build whose data equals the latest release's publishes
nothing.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import re
import shutil
import sqlite3
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.memory import release_memory
from pipeline.metadata.registry import TableSpec, get_table
from pipeline.publish.arrow_cast import cast_table
from pipeline.publish.bundle import (
    DEFLATE,
    SUMS,
    PreviousZip,
    file_digests,
    write_checksums,
    write_zip,
)
from pipeline.publish.changelog import changelog
from pipeline.publish.compress import (
    COMPRESSED_CSV_SUFFIX,
    GZIP_SUFFIX,
    SQLITE_LEVEL,
    csv_name,
    gunzip_file,
    gzip_file,
    write_csv,
)
from pipeline.publish.csv_guard import csv_safe as csv_safe  # re-exported
from pipeline.publish.csv_guard import csv_safe_table
from pipeline.publish.datapackage import datapackage, sha256_of
from pipeline.publish.datasette import METADATA_FILE as DATASETTE_METADATA
from pipeline.publish.datasette import release_metadata
from pipeline.publish.derived import DERIVED, derived_frames, write_derived
from pipeline.publish.readme import NAME, release_readme
from pipeline.publish.reuse import Reuse, arrow_key, keys_path, write_or_take
from pipeline.publish.share import read_sums, share_unchanged
from pipeline.publish.sqlite import json_list, write_sqlite
from pipeline.site import build_site
from pipeline.site.chart_cache import CACHE_DIR as CHART_CACHE_DIR
from pipeline.site.page_cache import CACHE_DIR as PAGE_CACHE_DIR
from pipeline.validate.docs import StoredResults, build_data_docs

LATEST = "latest"
LOCK = ".lock"
STAGING_PREFIX = ".staging-"
RELEASE_JSON = "release.json"
LOCK_TIMEOUT_SECONDS = 900.0
# Fault injection for the kill test: seconds to wait just before the final rename.
PAUSE_ENV = "YJDATA_PAUSE_BEFORE_PUBLISH"
# What writes a table's files: the publisher and the registry (keys of `reuse.py`).
TABLE_CODE = ("publish", "metadata")
ZIP_PART = "zip:deflate"  # how the zip's members were deflated (`bundle.DEFLATE`)
_VERSION = re.compile(r"^(\d{4})\.(\d{2})\.(\d{2})(?:\.(\d+))?$")


@dataclass(frozen=True)
class PublishResult:
    """What publishing did: a new version, or nothing because the data are unchanged."""

    version: str
    path: Path
    up_to_date: bool


# --- table files --------------------------------------------------------------------------


def write_table_files(frame: pd.DataFrame, spec: TableSpec, parquet_path: Path,
                      csv_path: Path) -> None:
    """One table as Parquet and CSV (UTF-8, header, ISO dates, empty for null).

    Both are byte-identical for identical frames: no timestamps or random ids inside.
    The frame is cast to Arrow once; the CSV is written from that cast (a second cast of
    a copy of the frame cost as much as the first).
    """
    write_arrow_files(cast_table(frame, spec), parquet_path, csv_path)


def write_arrow_files(table: pa.Table, parquet_path: Path, csv_path: Path) -> None:
    """A table already cast to Arrow as its Parquet and CSV files (new files: a name
    already there is replaced, never written through)."""
    for path in (parquet_path, csv_path):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
    pq.write_table(table, parquet_path, compression="zstd")
    write_csv(csv_table(table), csv_path)


def table_key(table: pa.Table, name: str) -> str:
    """The input key of a table's Parquet and CSV files (`reuse.py`)."""
    return arrow_key(table, name, *TABLE_CODE)


def csv_table(table: pa.Table) -> pa.Table:
    """A table as its CSV file holds it: list cells as JSON arrays, then every text
    cell through the formula guard (`csv_guard`)."""
    for index, field in enumerate(table.schema):
        if pa.types.is_list(field.type):
            texts = [None if v is None else json_list(tuple(v))
                     for v in table.column(index).to_pylist()]
            table = table.set_column(index, pa.field(field.name, pa.string()),
                                     pa.array(texts, type=pa.string()))
    return csv_safe_table(table)


def write_tables(tables: Mapping[str, pd.DataFrame], out_dir: Path,
                 nested: bool = False, reuse: Reuse | None = None) -> list[Path]:
    """Every table as `<table>.parquet` and `<table>.csv`; nested (a release), in
    `parquet/` and `csv/` with the CSV gzip-compressed (`<table>.csv.gz`, see
    `compress.py`). With `reuse`, a table whose key is the previous release's takes that
    release's two files (hard links) instead of writing them."""
    written = []
    for name, frame in tables.items():
        parquet = out_dir / ("parquet" if nested else "") / f"{name}.parquet"
        csv = out_dir / ("csv" if nested else "") / csv_name(name, compressed=nested)
        table = cast_table(frame, get_table(name))
        write_or_take(reuse, [parquet, csv], lambda t=table, n=name: table_key(t, n),
                      lambda t=table, p=parquet, c=csv: write_arrow_files(t, p, c))
        written += [parquet, csv]
    return written


# --- versions, lock and pointers ---------------------------------------------------------------


def list_versions(releases_dir: Path) -> list[str]:
    """Published versions, oldest first in the order they were published (see
    `publication_sequences`), not by the date in their names."""
    sequences = publication_sequences(releases_dir)
    return sorted(sequences, key=lambda v: (sequences[v], _version_key(v)))


def publication_sequences(releases_dir: Path) -> dict[str, int]:
    """Each complete release's place in publication order.

    The `sequence` in its release.json or, for a release written before there was one,
    one more than its `previous` release's: a release dated in the future by a wrong
    clock stays where it was published. A folder without SHA256SUMS (written last) is no
    complete release."""
    if not releases_dir.is_dir():
        return {}
    found = [p.name for p in releases_dir.iterdir() if p.is_dir() and _VERSION.match(p.name)
             and (p / SUMS).is_file()]
    records = {version: _release_record(releases_dir / version) for version in found}
    order: dict[str, int] = {}

    def sequence(version: str, hops: int = 0) -> int:
        if version not in order:
            record = records[version]
            given, previous = record.get("sequence"), record.get("previous")
            if isinstance(given, int) and not isinstance(given, bool):
                order[version] = given
            elif previous in records and previous != version and hops < len(records):
                order[version] = sequence(previous, hops + 1) + 1
            else:
                order[version] = 1
        return order[version]

    return {version: sequence(version) for version in found}


def _release_record(release_dir: Path) -> dict[str, Any]:
    try:
        record = json.loads((release_dir / RELEASE_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def _version_key(version: str) -> tuple[int, ...]:
    match = _VERSION.match(version)
    assert match
    return tuple(int(g or 0) for g in match.groups())


def next_version(releases_dir: Path, today: dt.date) -> str:
    """CalVer `YYYY.MM.DD`, with `.N` for the N-th further release on one day."""
    base = today.strftime("%Y.%m.%d")
    taken = {p.name for p in releases_dir.glob(f"{base}*")} if releases_dir.is_dir() else set()
    if base not in taken:
        return base
    n = 1
    while f"{base}.{n}" in taken:
        n += 1
    return f"{base}.{n}"


@contextmanager
def release_lock(releases_dir: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    """One publisher at a time; a second build waits (saying so), then gives up clearly."""
    releases_dir.mkdir(parents=True, exist_ok=True)
    with (releases_dir / LOCK).open("a") as handle:
        deadline = time.monotonic() + timeout
        waiting = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(
                        f"another build has held {releases_dir / LOCK} for over {timeout:.0f}s"
                    ) from None
                if not waiting:
                    print("yjdata: another build is publishing; waiting for it to finish",
                          file=sys.stderr)
                    waiting = True
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _remove_stale_staging(releases_dir: Path) -> None:
    """Staging folders left by a killed build (we hold the lock, so none is in use)."""
    for path in releases_dir.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(path, ignore_errors=True)


def repair_latest(releases_dir: Path) -> None:
    """`latest` on the newest complete release, and no `.latest-<pid>` link left over: a
    build killed after renaming its release into place, or inside the link swap, leaves
    them otherwise. Called under the lock, at the start of every build."""
    for stray in releases_dir.glob(f".{LATEST}-*"):
        if stray.is_symlink():
            stray.unlink(missing_ok=True)
    versions = list_versions(releases_dir)
    link = releases_dir / LATEST
    if versions and not (link.is_symlink() and os.readlink(link) == versions[-1]):
        point_latest(releases_dir, versions[-1])


def point_latest(releases_dir: Path, version: str) -> None:
    """Atomically repoint the `latest` symlink (a new link renamed over the old one)."""
    link = releases_dir / LATEST
    temp = releases_dir / f".{LATEST}-{os.getpid()}"
    if temp.is_symlink() or temp.exists():
        temp.unlink()
    temp.symlink_to(version, target_is_directory=True)
    os.replace(temp, link)


# --- digests --------------------------------------------------------------------------------


def data_digest(release_dir: Path) -> str:
    """SHA-256 over the table files and the report: what a data user would see change."""
    digest = hashlib.sha256()
    files = sorted(
        [*release_dir.glob("parquet/*.parquet"), *release_dir.glob(f"csv/*{COMPRESSED_CSV_SUFFIX}"),
         release_dir / "report.json"]
    )
    for path in files:
        digest.update(f"{path.relative_to(release_dir).as_posix()}\0{sha256_of(path)}\n".encode())
    return digest.hexdigest()


def inputs_digest(documents: pd.DataFrame, code_version: str) -> str:
    """SHA-256 over the source documents' hashes and the code version."""
    parts = sorted(f"{r.document_id}:{r.sha256}" for r in documents.itertuples())
    return hashlib.sha256("\n".join([code_version, *parts]).encode()).hexdigest()


def _recorded_digest(release_dir: Path) -> str | None:
    path = release_dir / RELEASE_JSON
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8")).get("data_digest")


def _code_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(NAME)
    except PackageNotFoundError:
        return "unknown"


# --- publishing -------------------------------------------------------------------------------


def publish_release(
    tables: Mapping[str, pd.DataFrame],
    releases_dir: Path,
    report: dict[str, Any],
    expectations_dir: Path,
    today: dt.date | None = None,
    sources_dir: Path | None = None,
    validation_results: StoredResults | None = None,
) -> PublishResult:
    """Publish a new release of `tables`, or report that the latest one already holds them.

    `sources_dir` lets the release's web pages show each table's source text;
    `validation_results` (the run's own checks' results, see `pipeline.validate.docs`)
    are rendered as the release's Data Docs instead of validating every table again. A
    release with no documents is never published (nor `latest` moved to one)."""
    if tables["documents"].empty:
        raise ValueError("no documents: a release with no documents is never published")
    with release_lock(releases_dir):
        _remove_stale_staging(releases_dir)
        repair_latest(releases_dir)
        versions = list_versions(releases_dir)
        previous = versions[-1] if versions else None
        version = next_version(releases_dir, today or dt.date.today())
        staging = releases_dir / f"{STAGING_PREFIX}{version}-{os.getpid()}"
        reuse = Reuse.between(staging, releases_dir, previous)
        try:
            write_tables(tables, staging, nested=True, reuse=reuse)
            release_memory()  # each table's Arrow cast, written and dropped
            views = derived_frames(tables)  # built once: the wide view copies every series
            write_derived(views, staging, reuse)
            _write_json(staging / "report.json", report)
            digest = data_digest(staging)
            if previous and _recorded_digest(releases_dir / previous) == digest:
                shutil.rmtree(staging)
                return PublishResult(previous, releases_dir / previous, up_to_date=True)
            _write_documentation(staging, tables, views, report, version, previous,
                                 releases_dir, expectations_dir, digest, sources_dir,
                                 max(publication_sequences(releases_dir).values(), default=0) + 1,
                                 validation_results, reuse)
            reuse.check_untouched()  # nothing wrote through a link to the previous release
            # Unchanged files become hard links to the previous release's (never modified).
            share_unchanged(staging, releases_dir / previous if previous else None)
            _pause_for_fault_injection()
            keys_path(releases_dir, version).unlink(missing_ok=True)  # none but its own
            os.rename(staging, releases_dir / version)  # never replaces an existing version
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        reuse.save(releases_dir, version)
        point_latest(releases_dir, version)
        return PublishResult(version, releases_dir / version, up_to_date=False)


def _write_documentation(
    staging: Path, tables: Mapping[str, pd.DataFrame], views: Mapping[str, pd.DataFrame],
    report: dict[str, Any], version: str,
    previous: str | None, releases_dir: Path, expectations_dir: Path, digest: str,
    sources_dir: Path | None, sequence: int, validation_results: StoredResults | None = None,
    reuse: Reuse | None = None,
) -> None:
    """Everything in a release besides the table files and the report."""
    documents = tables["documents"]
    docs_results = build_data_docs(tables, staging / "validation" / "site", expectations_dir,
                                   validation_results)
    _write_json(staging / "validation" / "summary.json",
                {"data_docs": docs_results, "checks": report["checks"]})
    _write_json(staging / RELEASE_JSON, {
        "name": NAME,
        "version": version,
        "previous": previous,
        "sequence": sequence,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "code_version": _code_version(),
        "inputs_digest": inputs_digest(documents, _code_version()),
        "data_digest": digest,
        "rows": {name: len(frame) for name, frame in tables.items()},
    })
    _write_json(staging / "datapackage.json", datapackage(staging, list(tables), version,
                                                          documents, views))
    (staging / "README.md").write_text(release_readme(tables, report, version, documents),
                                       encoding="utf-8")
    previous_dir = releases_dir / previous if previous else None
    (staging / "CHANGELOG.md").write_text(changelog(version, previous, previous_dir, tables,
                                                    current_dir=staging),
                                          encoding="utf-8")
    write_database(staging, tables, views, reuse)
    release_memory()  # sqlite-utils' rows, before the site builds its own
    _write_json(staging / DATASETTE_METADATA, release_metadata({**tables, **views}))
    build_site(staging, tables, report, version, sources_dir,
               chart_cache=releases_dir / CHART_CACHE_DIR,
               page_cache=releases_dir / PAGE_CACHE_DIR, outputs=reuse)
    digests = file_digests(staging)  # for the zip and SHA256SUMS, computed once
    write_zip(staging, staging / f"{NAME}-{version}.zip", root=version,
              date_time=(*_version_key(version)[:3], 0, 0, 0),
              previous=_previous_zip(reuse, previous), digests=digests)
    write_checksums(staging, digests)


def _previous_zip(reuse: Reuse | None, previous: str | None) -> PreviousZip | None:
    """The previous release's zip to copy unchanged members from, when it was deflated
    by the same zlib at the same level (recorded with its keys)."""
    if reuse is None or reuse.previous is None or previous is None:
        return None
    reuse.parts[ZIP_PART] = DEFLATE
    path = reuse.previous / f"{NAME}-{previous}.zip"
    if reuse.old_parts.get(ZIP_PART) != DEFLATE or not path.is_file():
        return None
    return PreviousZip(path, previous, read_sums(reuse.previous))


def write_database(staging: Path, tables: Mapping[str, pd.DataFrame],
                   views: Mapping[str, pd.DataFrame], reuse: Reuse | None) -> None:
    """`yjdata.sqlite.gz` (`sqlite.py`, gzip: `compress.py`). With `reuse`: the previous
    release's file when no table or view in it changed; else, when it was written from
    the same layout, that database with only the changed tables and views written again;
    else a new database."""
    path = staging / f"{NAME}.sqlite"
    packed = path.with_name(path.name + GZIP_SUFFIX)
    extra = {name: (frame, get_table(name).database_key) for name, frame in views.items()}
    parts = _database_parts(tables, views, reuse)
    whole = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
    if reuse is not None and parts is not None:
        reuse.parts.update(parts)
        if reuse.take(whole, [packed.name]) is not None:
            return
    rewrite = _changed_parts(parts, reuse)
    if rewrite is not None:
        gunzip_file(reuse.previous_file(packed.name), path)  # type: ignore[arg-type, union-attr]
    write_sqlite(tables, path, extra, rewrite)
    gzip_file(path, level=SQLITE_LEVEL)
    if reuse is not None and parts is not None:
        reuse.record(whole, [packed.name])


# What the database is written with besides its tables' data: the tables and views it
# holds in their order, the writer's code and libraries.
def _database_parts(tables: Mapping[str, pd.DataFrame], views: Mapping[str, pd.DataFrame],
                    reuse: Reuse | None) -> dict[str, str] | None:
    """{part: key}: the database's layout, and for each table the key of its table files
    (its Arrow data: tables reach the release conformed to the registry, so that cast
    holds exactly what the database is written from) and for each view its source's;
    None when a table's key is unknown."""
    if reuse is None:
        return None
    layout = json.dumps([list(tables), list(views), package_version("sqlite-utils"),
                         sqlite3.sqlite_version])
    parts = {"sqlite:layout": hashlib.sha256(layout.encode()).hexdigest()}
    sources = {name: source for name, (source, _) in DERIVED.items()}
    for name in [*tables, *views]:
        key = reuse.keys.get(f"parquet/{sources.get(name, name)}.parquet")
        if key is None:
            return None
        parts[f"sqlite:{name}"] = key
    return parts


def _changed_parts(parts: dict[str, str] | None, reuse: Reuse | None) -> set[str] | None:
    """The tables and views to write into the previous release's database, or None when
    it cannot be started from (no keys, another layout, its file not as recorded)."""
    if reuse is None or parts is None or not reuse.old_parts:
        return None
    if reuse.old_parts.get("sqlite:layout") != parts["sqlite:layout"]:
        return None
    if reuse.previous_file(f"{NAME}.sqlite{GZIP_SUFFIX}") is None:
        return None
    return {name.removeprefix("sqlite:") for name, key in parts.items()
            if name != "sqlite:layout" and reuse.old_parts.get(name) != key}


def _write_json(path: Path, payload: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, default=str, ensure_ascii=False) + "\n",
                    encoding="utf-8")


def _pause_for_fault_injection() -> None:
    seconds = float(os.environ.get(PAUSE_ENV) or 0)
    if seconds > 0:
        time.sleep(seconds)
