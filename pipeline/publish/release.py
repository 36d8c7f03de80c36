"""Write tables as a versioned release folder, or as plain files for `yjdata extract`.

A release is written to a hidden staging folder beside its destination and
renamed into place in one step, so a reader never sees half a release and an
existing version is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from pipeline.metadata.registry import STRING_LIST, TableSpec, get_table
from pipeline.metadata.schemas import to_arrow

LATEST = "latest"
_VERSION = re.compile(r"^(\d{4})\.(\d{2})\.(\d{2})(?:\.(\d+))?$")


def write_table_files(frame: pd.DataFrame, spec: TableSpec, parquet_path: Path,
                      csv_path: Path) -> None:
    """One table as Parquet and CSV (UTF-8, header, ISO dates, empty for null)."""
    table = to_arrow(frame, spec)
    parquet_path.parent.mkdir(parents=True, exist_ok=True)
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, parquet_path, compression="zstd")
    csv_frame = frame.copy()
    for column in spec.columns:
        if column.type == STRING_LIST:
            csv_frame[column.name] = csv_frame[column.name].map(
                lambda v: None if v is None else json.dumps(list(v), ensure_ascii=False)
            )
    csv_table = to_arrow(csv_frame, _csv_spec(spec))
    pacsv.write_csv(csv_table, csv_path,
                    write_options=pacsv.WriteOptions(quoting_style="needed"))


def _csv_spec(spec: TableSpec) -> TableSpec:
    """The spec with list columns typed as strings (they are JSON arrays in CSV)."""
    columns = tuple(
        replace(c, type="string") if c.type == STRING_LIST else c for c in spec.columns
    )
    return replace(spec, columns=columns)


def write_tables(tables: Mapping[str, pd.DataFrame], out_dir: Path,
                 nested: bool = False) -> list[Path]:
    """Every table as `<table>.parquet` and `<table>.csv` (in `parquet/` and `csv/` when
    nested)."""
    written = []
    for name, frame in tables.items():
        spec = get_table(name)
        parquet = out_dir / ("parquet" if nested else "") / f"{name}.parquet"
        csv = out_dir / ("csv" if nested else "") / f"{name}.csv"
        write_table_files(frame, spec, parquet, csv)
        written += [parquet, csv]
    return written


def list_versions(releases_dir: Path) -> list[str]:
    """Published versions, oldest first."""
    if not releases_dir.is_dir():
        return []
    found = [p.name for p in releases_dir.iterdir() if p.is_dir() and _VERSION.match(p.name)]
    return sorted(found, key=_version_key)


def _version_key(version: str) -> tuple[int, ...]:
    match = _VERSION.match(version)
    assert match
    return tuple(int(g or 0) for g in match.groups())


def next_version(releases_dir: Path, today: dt.date) -> str:
    """CalVer `YYYY.MM.DD`, with `.N` for the N-th further release on one day."""
    base = today.strftime("%Y.%m.%d")
    taken = {v for v in list_versions(releases_dir) if v == base or v.startswith(base + ".")}
    if base not in taken:
        return base
    n = 1
    while f"{base}.{n}" in taken:
        n += 1
    return f"{base}.{n}"


def publish_release(
    tables: Mapping[str, pd.DataFrame],
    releases_dir: Path,
    report: dict[str, Any],
    readme: str,
    today: dt.date | None = None,
) -> Path:
    """Write a new release folder atomically and point `latest` at it."""
    releases_dir.mkdir(parents=True, exist_ok=True)
    version = next_version(releases_dir, today or dt.date.today())
    final = releases_dir / version
    staging = releases_dir / f".staging-{version}-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    try:
        write_tables(tables, staging, nested=True)
        (staging / "report.json").write_text(
            json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8"
        )
        (staging / "README.md").write_text(readme.replace("{version}", version),
                                           encoding="utf-8")
        os.rename(staging, final)  # fails rather than replace an existing version
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    point_latest(releases_dir, version)
    return final


def point_latest(releases_dir: Path, version: str) -> None:
    """Atomically repoint the `latest` symlink (a new link renamed over the old one)."""
    link = releases_dir / LATEST
    temp = releases_dir / f".{LATEST}-{os.getpid()}"
    if temp.is_symlink() or temp.exists():
        temp.unlink()
    temp.symlink_to(version, target_is_directory=True)
    os.replace(temp, link)
