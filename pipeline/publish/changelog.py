"""CHANGELOG.md: what changed against the previous release, per table, by primary key."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from pipeline.metadata.registry import get_table
from pipeline.metadata.schemas import from_arrow
from pipeline.publish.datapackage import sha256_of
from pipeline.site.page_cache import row_hashes

EXAMPLES = 3


@dataclass
class TableChanges:
    """Rows added, removed and changed in one table, keyed by its primary key."""

    table: str
    added: list[tuple] = field(default_factory=list)
    removed: list[tuple] = field(default_factory=list)
    changed: list[tuple[tuple, list[str]]] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def _keyed(frame: pd.DataFrame, key: list[str]) -> dict[tuple, dict]:
    records = frame.astype(object).where(frame.notna(), None).to_dict(orient="records")
    return {tuple(r[k] for k in key): r for r in records}


def diff_table(name: str, old: pd.DataFrame, new: pd.DataFrame,
               same_rows: tuple[np.ndarray, np.ndarray] | None = None) -> TableChanges:
    """Keys added and removed, and the columns changed under each key in both. Rows
    known to be equal (`same_rows`: a mask over `old` and one over `new`, from
    `equal_rows`) are left out before comparing: they change nothing, and turning every
    row of a national table into a dict was most of a one-document release."""
    key = list(get_table(name).primary_key)
    if same_rows is not None:
        old, new = old[~same_rows[0]], new[~same_rows[1]]
    before, after = _keyed(old, key), _keyed(new, key)
    changes = TableChanges(name)
    changes.added = sorted(set(after) - set(before), key=str)
    changes.removed = sorted(set(before) - set(after), key=str)
    for k in sorted(set(before) & set(after), key=str):
        columns = [c for c in after[k] if c in before[k] and str(before[k][c]) != str(after[k][c])]
        if columns:
            changes.changed.append((k, columns))
    return changes


def _fmt_key(key: tuple, names: list[str]) -> str:
    return ", ".join(f"{n}={v}" for n, v in zip(names, key, strict=True) if v is not None)


def changelog(version: str, previous: str | None, previous_dir: Path | None,
              tables: Mapping[str, pd.DataFrame], current_dir: Path | None = None) -> str:
    """Markdown comparing this release's tables with the previous release's Parquet files.

    With `current_dir` (the new release, its Parquet files written), a table whose file is
    byte-identical to the previous one is unchanged without comparing its rows (the files
    are deterministic: identical frames give identical bytes)."""
    lines = [f"# Changes in release {version}", ""]
    if previous is None or previous_dir is None:
        return "\n".join([*lines, "First release.", ""])
    lines += [f"Compared with release {previous}.", ""]
    unchanged = []
    for name, frame in tables.items():
        path = previous_dir / "parquet" / f"{name}.parquet"
        if current_dir is not None and _same_file(current_dir / "parquet" / path.name, path):
            unchanged.append(name)
            continue
        if path.exists():  # read once, with the registry's types, as the new frame has
            old = from_arrow(pq.read_table(path))
            changes = diff_table(name, old, frame, equal_rows(name, old, frame))
        else:
            changes = diff_table(name, frame.iloc[0:0], frame)
        if not changes.any:
            unchanged.append(name)
            continue
        lines += _table_lines(changes)
    if unchanged:
        lines += ["Unchanged: " + ", ".join(f"`{n}`" for n in unchanged) + ".", ""]
    return "\n".join(lines)


def equal_rows(name: str, old: pd.DataFrame, new: pd.DataFrame
               ) -> tuple[np.ndarray, np.ndarray] | None:
    """Masks of the rows of `old` and `new` (the same registry types) that are equal in
    every column to a row of the other, counted only where the row's primary key is
    printed once in each frame (so leaving them out cannot change which key is added,
    removed or changed); None when the columns differ."""
    if list(old.columns) != list(new.columns) or list(old.dtypes) != list(new.dtypes):
        return None
    key = list(get_table(name).primary_key)
    old_hash, new_hash = row_hashes(old), row_hashes(new)
    old_single = ~old.duplicated(key, keep=False).to_numpy()
    new_single = ~new.duplicated(key, keep=False).to_numpy()
    common = np.setdiff1d(np.intersect1d(old_hash[old_single], new_hash[new_single]),
                          np.concatenate([_repeated(old_hash), _repeated(new_hash)]))
    return old_single & np.isin(old_hash, common), new_single & np.isin(new_hash, common)


def _repeated(hashes: np.ndarray) -> np.ndarray:
    values, counts = np.unique(hashes, return_counts=True)
    return values[counts > 1]


def _same_file(one: Path, other: Path) -> bool:
    return one.is_file() and other.is_file() and sha256_of(one) == sha256_of(other)


def _table_lines(changes: TableChanges) -> list[str]:
    key = list(get_table(changes.table).primary_key)
    lines = [
        f"## `{changes.table}`",
        "",
        f"{len(changes.added)} added, {len(changes.removed)} removed, "
        f"{len(changes.changed)} changed.",
        "",
    ]
    lines += [f"- added: {_fmt_key(k, key)}" for k in changes.added[:EXAMPLES]]
    lines += [f"- removed: {_fmt_key(k, key)}" for k in changes.removed[:EXAMPLES]]
    lines += [
        f"- changed ({', '.join(cols)}): {_fmt_key(k, key)}"
        for k, cols in changes.changed[:EXAMPLES]
    ]
    return [*lines, ""]
