"""A release that takes unchanged outputs from the previous one (`pipeline/publish/reuse.py`)
holds exactly what a fresh build of the same inputs holds, and never changes the release
it takes them from.

Each test publishes the same changed inputs twice: after an earlier release (the
incremental build) and into an empty folder (a fresh build), then compares them file by
file: the real Parquet and CSV files, every page and chart, and the SQLite database table
by table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from release_files import sqlite_file
from small_release import BETA_DOC, BETA_TEXT, SMALL_REPORT, small_tables

from pipeline.publish.bundle import SUMS, PreviousZip, file_digests, write_zip
from pipeline.publish.derived import derived_frames
from pipeline.publish.release import (
    _changed_parts,
    _database_parts,
    publish_release,
    write_database,
    write_tables,
)
from pipeline.publish.reuse import KEYS_DIR, Reuse, WrittenThrough, keys_path
from pipeline.publish.share import read_sums

EXPECTATIONS = Path(__file__).resolve().parents[2] / "expectations"
FIRST, SECOND = dt.date(2026, 12, 1), dt.date(2026, 12, 2)
# Files that name the release's predecessor or its time, or depend on every file (Data
# Docs name the time of each validation): not comparable, and never taken.
TIMED = "validation/"
RECORDS = {"release.json", "datapackage.json", "CHANGELOG.md", "SHA256SUMS", "yjdata.sqlite.gz",
           "yjdata-2026.12.02.zip"}

Tables = dict[str, pd.DataFrame]


def _edit_beta(tables: Tables, sources: Path) -> Tables:
    """An edited plan: a sentence appended to the beta document (its hash, size and line
    count change, its rows do not)."""
    text = BETA_TEXT + "\nThis plan was reviewed again.\n"
    (sources / f"{BETA_DOC}.txt").write_text(text, encoding="utf-8")
    documents = tables["documents"].copy()
    at = documents["document_id"] == BETA_DOC
    documents.loc[at, "sha256"] = hashlib.sha256(text.encode()).hexdigest()
    documents.loc[at, "size_bytes"] = len(text.encode())
    documents.loc[at, "line_count"] = text.count("\n") + 1
    return {**tables, "documents": documents}


def _change_amount(tables: Tables, sources: Path) -> Tables:
    """A corrected number: one budget amount differs."""
    budget = tables["budget_contributions"].copy()
    budget.loc[budget.index[0], "amount_gbp"] = 1234.0
    return {**tables, "budget_contributions": budget}


def _publish(releases: Path, tables: Tables, sources: Path, today: dt.date):
    return publish_release(tables, releases, SMALL_REPORT, EXPECTATIONS, today=today,
                           sources_dir=sources)


def _files(release: Path, timed: bool = True) -> dict[str, bytes]:
    return {p.relative_to(release).as_posix(): p.read_bytes()
            for p in sorted(release.rglob("*")) if p.is_file()
            and (timed or not p.relative_to(release).as_posix().startswith(TIMED))}


def _state(release: Path) -> dict[str, tuple[str, int, int]]:
    """Every file of a release: its SHA-256, mode and modification time."""
    return {name: (hashlib.sha256(data).hexdigest(), (release / name).stat().st_mode,
                   (release / name).stat().st_mtime_ns)
            for name, data in _files(release).items()}


def _database(release: Path, folder: Path) -> dict[str, tuple[str, list[tuple]]]:
    """Every table of the release's SQLite database: its schema and its rows (sorted)."""
    folder.mkdir()
    with sqlite3.connect(sqlite_file(release, folder)) as connection:
        names = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        indexes = sorted(connection.execute(
            "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index'"))
        found = {name: (sql, sorted(connection.execute(f"SELECT * FROM [{name}]"), key=repr))
                 for name, sql in connection.execute(
                     "SELECT name, sql FROM sqlite_master WHERE type = 'table'")}
    assert names, "an empty database"
    found["(indexes)"] = ("", indexes)
    return found


@pytest.mark.parametrize("change", [_edit_beta, _change_amount])
def test_an_incremental_release_equals_a_fresh_one_and_leaves_the_previous_intact(
        tmp_path: Path, change: Callable[[Tables, Path], Tables]) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    before = small_tables(sources)
    incremental = tmp_path / "incremental"
    first = _publish(incremental, before, sources, FIRST)
    state = _state(first.path)
    after = change(before, sources)
    second = _publish(incremental, after, sources, SECOND)
    fresh = _publish(tmp_path / "fresh", after, sources, SECOND)
    assert not second.up_to_date and second.version == fresh.version
    assert _state(first.path) == state  # not a byte, mode or time of it changed

    ours, theirs = _files(second.path, timed=False), _files(fresh.path, timed=False)
    assert set(ours) == set(theirs)
    differing = sorted(name for name in ours if ours[name] != theirs[name])
    assert set(differing) <= RECORDS, differing
    assert (_database(second.path, tmp_path / "db-incremental")
            == _database(fresh.path, tmp_path / "db-fresh"))

    taken = set(Reuse.between(second.path, incremental, first.version).old)
    assert taken, "the first release's keys were kept"
    linked = {name for name in ours if (first.path / name).is_file()
              and os.path.samefile(first.path / name, second.path / name)}
    assert {"parquet/yots.parquet", "csv/yots.csv.gz", "site/tables/yots.html",
            "site/indicators/custody_rate.html"} <= linked
    changed = ({"parquet/documents.parquet", "site/tables/documents.html"}
               if change is _edit_beta else {"parquet/budget_contributions.parquet"})
    assert not changed & linked
    for release in (first.path, second.path):  # both still verify, file by file
        for name, digest in read_sums(release).items():
            assert hashlib.sha256((release / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.parametrize("change", [None, _edit_beta])
def test_the_database_starts_from_the_previous_one(
        tmp_path: Path, change: Callable[[Tables, Path], Tables] | None) -> None:
    """Unchanged tables: the previous release's file itself; one table changed: the
    previous database with that table written again, equal to a new database."""
    sources = tmp_path / "sources"
    sources.mkdir()
    releases = tmp_path / "releases"
    tables = small_tables(sources)
    first = _publish(releases, tables, sources, FIRST)
    after = change(tables, sources) if change else tables
    staged = tmp_path / "staged"
    reuse = Reuse.between(staged, releases, first.version)
    write_tables(after, staged, nested=True, reuse=reuse)
    views = derived_frames(after)
    parts = _database_parts(after, views, reuse)
    assert _changed_parts(parts, reuse) == (set() if change is None else {"documents"})
    write_database(staged, after, views, reuse)
    packed = "yjdata.sqlite.gz"
    assert os.path.samefile(first.path / packed, staged / packed) == (change is None)
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    write_database(fresh, after, views, None)
    assert _database(staged, tmp_path / "db-staged") == _database(fresh, tmp_path / "db-fresh")


def test_a_file_written_through_a_link_stops_the_build(tmp_path: Path) -> None:
    """The guard itself: a staged file sharing its inode with the previous release whose
    bytes changed is found before anything is published."""
    sources = tmp_path / "sources"
    sources.mkdir()
    releases = tmp_path / "releases"
    first = _publish(releases, small_tables(sources), sources, FIRST)
    staging = tmp_path / "staging"
    reuse = Reuse.between(staging, releases, first.version)
    key, _ = reuse.old["parquet/yots.parquet"]
    assert reuse.take(key, ["parquet/yots.parquet"]) == ["parquet/yots.parquet"]
    original = (first.path / "parquet" / "yots.parquet").read_bytes()
    try:
        with (staging / "parquet" / "yots.parquet").open("ab") as handle:
            handle.write(b"appended")  # what the release's writers never do
        (staging / "SHA256SUMS").write_text(
            f"{hashlib.sha256(original + b'appended').hexdigest()}  parquet/yots.parquet\n",
            encoding="utf-8")
        with pytest.raises(WrittenThrough):
            reuse.check_untouched()
    finally:
        (first.path / "parquet" / "yots.parquet").write_bytes(original)


def test_keys_are_not_trusted_against_other_bytes(tmp_path: Path) -> None:
    """A keys file whose digests are not the release's SHA256SUMS (a release deleted and
    its version published again, a damaged file) makes nothing taken."""
    sources = tmp_path / "sources"
    sources.mkdir()
    releases = tmp_path / "releases"
    first = _publish(releases, small_tables(sources), sources, FIRST)
    path = keys_path(releases, first.version)
    assert path.parent.name == KEYS_DIR and path.is_file()
    reuse = Reuse.between(tmp_path / "staging", releases, first.version)
    name = "parquet/yots.parquet"
    key, _ = reuse.old[name]
    reuse.old[name] = (key, "0" * 64)  # recorded for other bytes than the release holds
    assert reuse.take(key, [name]) is None
    assert not (tmp_path / "staging" / name).exists()


def test_the_zip_copies_unchanged_members_and_equals_one_written_whole(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    before = small_tables(sources)
    releases = tmp_path / "releases"
    first = _publish(releases, before, sources, FIRST)
    second = _publish(releases, _edit_beta(before, sources), sources, SECOND)
    old_zip = first.path / f"yjdata-{first.version}.zip"
    previous = PreviousZip(old_zip, first.version, read_sums(first.path))
    folder = tmp_path / "again"  # the second release without its zip and sums
    shutil.copytree(second.path, folder, ignore=shutil.ignore_patterns("*.zip", SUMS))
    digests = file_digests(folder)
    whole, copied = tmp_path / "whole.zip", tmp_path / "copied.zip"
    assert write_zip(folder, whole, second.version, (2026, 12, 2, 0, 0, 0)) == 0
    assert write_zip(folder, copied, second.version, (2026, 12, 2, 0, 0, 0), previous,
                     digests) > 0
    assert copied.read_bytes() == whole.read_bytes()
    assert (second.path / f"yjdata-{second.version}.zip").read_bytes() == whole.read_bytes()
    with zipfile.ZipFile(copied) as bundle:
        assert bundle.testzip() is None
    # A file changed under a digest that claims otherwise is deflated again, not copied.
    (folder / "site" / "tables" / "yots.html").write_text("changed", encoding="utf-8")
    claimed = {**digests, "site/tables/yots.html": previous.digests["site/tables/yots.html"]}
    again = tmp_path / "again.zip"
    write_zip(folder, again, second.version, (2026, 12, 2, 0, 0, 0), previous, claimed)
    write_zip(folder, whole, second.version, (2026, 12, 2, 0, 0, 0))
    assert again.read_bytes() == whole.read_bytes()
