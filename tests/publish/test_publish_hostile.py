"""Publishing after crashes, wrong clocks and hostile text (issue 16): every CSV file is
guarded, `latest` is repaired, versions follow publication order, zips are reproducible."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import os
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from test_publish_safety import EXPECTATIONS, TODAY, _publish, _tables

from pipeline.metadata.registry import BOOLEAN, DATE, STRING, STRING_LIST, TABLE_SPECS
from pipeline.metadata.schemas import conform
from pipeline.publish.bundle import SUMS, write_zip
from pipeline.publish.derived import derived_frames, derived_schema, write_derived
from pipeline.publish.release import LATEST, list_versions, publish_release, write_tables
from pipeline.report import report_dict

FORMULAS = ("=England*1", "@Staffordshire", "+44", "-1+1", "\tTab", "\rCR")


def _formula_row(spec, formula: str) -> dict[str, object]:
    """One row with a formula in every text cell (numbers and dates as ordinary values)."""
    values = {STRING: formula, STRING_LIST: [formula], DATE: dt.date(2020, 4, 1),
              BOOLEAN: True}
    return {c.name: values.get(c.type, 1) for c in spec.columns}


def _table_of(path: Path) -> str:
    return path.name.removesuffix(".csv.gz")


def test_every_csv_file_of_a_release_guards_text_that_would_run_as_a_formula(
    tmp_path: Path,
) -> None:
    tables = {spec.name: conform(pd.DataFrame([_formula_row(spec, f) for f in FORMULAS]), spec)
              for spec in TABLE_SPECS}
    write_tables(tables, tmp_path, nested=True)  # what publish_release writes, file by file
    views = derived_frames(tables)
    write_derived(views, tmp_path)
    text_columns = {spec.name: [c.name for c in spec.columns if c.type in (STRING, STRING_LIST)]
                    for spec in TABLE_SPECS}
    text_columns |= {name: [f["name"] for f in derived_schema(frame, name)["fields"]
                            if f["type"] == "string"] for name, frame in views.items()}
    files = sorted((tmp_path / "csv").glob("*.csv.gz"))
    assert {_table_of(p) for p in files} == set(text_columns)  # the derived view included
    for path in files:
        with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert rows, path.name
        for row in rows:
            for column in text_columns[_table_of(path)]:
                assert not row[column].startswith(("=", "+", "-", "@", "\t", "\r")), (
                    path.name, column, row[column])
    wide = pd.read_csv(tmp_path / "csv" / "kpi_observations_wide.csv.gz",
                       keep_default_na=False)
    assert "'=England*1" in set(wide["subject_label"])
    parquet = pd.read_parquet(tmp_path / "parquet" / "kpi_observations_wide.parquet")
    assert "=England*1" in set(parquet["subject_label"])  # Parquet keeps the printed text


@pytest.fixture(scope="module")
def clock_was_wrong(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A release published while the clock said 2031, then one with the clock right:
    (releases folder, the future-dated version, the version published after it)."""
    releases = tmp_path_factory.mktemp("wrong-clock") / "releases"
    future = publish_release(_tables({"Police": 1.0}), releases, report_dict([], []),
                             EXPECTATIONS, today=dt.date(2031, 1, 1))
    fixed = _publish(releases, {"Police": 2.0})
    return releases, future.version, fixed.version


def _copy(releases: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "releases"
    shutil.copytree(releases, copy, symlinks=True)
    return copy


def test_a_release_dated_in_the_future_does_not_republish_identical_data(
    clock_was_wrong, tmp_path: Path
) -> None:
    releases, future, fixed = clock_was_wrong
    releases = _copy(releases, tmp_path)
    assert fixed == TODAY.strftime("%Y.%m.%d")
    record = json.loads((releases / fixed / "release.json").read_text("utf-8"))
    assert (record["previous"], record["sequence"]) == (future, 2)
    assert list_versions(releases) == [future, fixed]
    assert os.readlink(releases / LATEST) == fixed
    again = _publish(releases, {"Police": 2.0})
    assert again.up_to_date and again.version == fixed
    assert list_versions(releases) == [future, fixed]


def test_releases_published_before_sequences_are_ordered_by_their_previous_links(
    clock_was_wrong, tmp_path: Path
) -> None:
    releases, future, fixed = clock_was_wrong
    releases = _copy(releases, tmp_path)
    for version in (future, fixed):  # as written before release.json had a sequence
        path = releases / version / "release.json"
        record = json.loads(path.read_text("utf-8"))
        del record["sequence"]
        path.write_text(json.dumps(record), "utf-8")
    assert list_versions(releases) == [future, fixed]
    assert _publish(releases, {"Police": 2.0}).up_to_date


def test_latest_is_repaired_after_a_crash_and_stray_links_are_removed(
    clock_was_wrong, tmp_path: Path
) -> None:
    releases, future, fixed = clock_was_wrong
    releases = _copy(releases, tmp_path)
    # What a kill between the rename and the link swap, and one inside the swap, leave.
    (releases / ".swap").symlink_to(future, target_is_directory=True)
    os.replace(releases / ".swap", releases / LATEST)
    (releases / f".{LATEST}-999999").symlink_to(fixed, target_is_directory=True)
    again = _publish(releases, {"Police": 2.0})
    assert again.up_to_date and again.version == fixed
    assert os.readlink(releases / LATEST) == fixed
    assert not list(releases.glob(f".{LATEST}-*"))


def test_the_zip_depends_only_on_the_files_not_on_when_they_were_written(
    clock_was_wrong, tmp_path: Path
) -> None:
    releases, _, fixed = clock_was_wrong
    release = releases / fixed
    zipped = release / f"yjdata-{release.name}.zip"
    with zipfile.ZipFile(zipped) as bundle:
        assert {info.date_time for info in bundle.infolist()} == {(*TODAY.timetuple()[:3],
                                                                   0, 0, 0)}
        names = bundle.namelist()
    assert f"{release.name}/release.json" in names
    copy = tmp_path / "copy"
    copy.mkdir()
    for path in release.rglob("*"):  # the release as it was when zipped (SUMS comes last)
        if path.is_file() and path not in (zipped, release / SUMS):
            target = copy / path.relative_to(release)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())  # new files: new modification times
            os.utime(target, ns=(0, 10**18))
    write_zip(copy, tmp_path / "again.zip", root=release.name,
              date_time=(*TODAY.timetuple()[:3], 0, 0, 0))
    assert (tmp_path / "again.zip").read_bytes() == zipped.read_bytes()
