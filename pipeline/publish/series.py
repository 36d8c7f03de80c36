"""`kpi_series`: each observation once, however many tables and documents print it.

England's first-time entrants rate for 2018 is printed in several tables of one plan
and in many plans. A series row groups every `kpi_observations` row about the same
subject, indicator, period (by its dates; by the printed label only when it has none)
and breakdown, counts the documents and rows that print it, and, when they disagree,
says so and lists every distinct value instead of picking one.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.extract.kpi import slug
from pipeline.metadata import enums
from pipeline.metadata.registry import KPI_OBSERVATIONS_WIDE, KPI_SERIES
from pipeline.metadata.schemas import frame_from_columns, key_hash, to_arrow
from pipeline.records import column_lists, rows_at

_STATUS_ORDER = (enums.REPORTED, enums.SUPPRESSED, enums.NOT_AVAILABLE)


def subject_key(subject_id: Any, yot_id: str, subject_type: str, label: str) -> str:
    """One id per subject: its `subject_id`, else (a group average or an area no one could
    resolve) the printed label within the publishing service, whose group it is."""
    if isinstance(subject_id, str):
        return subject_id
    return f"{yot_id}/{subject_type}/{slug(label)}"


def period_key(start: Any, end: Any, label: str) -> str:
    """The period as an ISO 8601 interval (`2017-04-01/2018-03-31`); the printed label when
    the document gives no dates."""
    if pd.isna(start) or pd.isna(end):
        return label
    return f"{start.isoformat()}/{end.isoformat()}"


def format_value(value: float) -> str:
    """A value as text, without a trailing `.0` on a whole number."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def kpi_series(observations: pd.DataFrame, subjects: pd.DataFrame) -> pd.DataFrame:
    """One row per subject, indicator, period and breakdown of `kpi_observations`."""
    names = dict(zip(subjects["subject_id"], subjects["name"], strict=True))
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for row in _records(observations, _READ):
        groups.setdefault(_group(row), []).append(row)
    records = [_series_row(key, members, names) for key, members in groups.items()]
    columns = {name: [r[name] for r in records] for name in KPI_SERIES.column_names
               if name != "row_id"}
    return _in_order(frame_from_columns(columns, len(records), KPI_SERIES))


def updated_series(previous: pa.Table, observations: pd.DataFrame, added: np.ndarray,
                   removed_row_ids: Collection[str], subjects: pd.DataFrame) -> pa.Table:
    """`kpi_series(observations, subjects)` from `previous`, the series of an earlier
    observations table with the same subjects, when the rows at positions `added` of
    `observations` are new since and the rows `removed_row_ids` gone: only the series
    those rows belong to are derived again (a series row depends only on its own group's
    rows, in their order), the others are kept as they were. As an Arrow table in the
    series' order: converting the whole series from pandas again cost more than the rest."""
    affected = {_group(row) for row in _records(observations.iloc[added], _KEY_READ)}
    affected |= _groups_holding(previous, set(removed_row_ids))
    fresh = kpi_series(observations.iloc[_members(observations, affected)], subjects)
    keys = zip(*(previous.column(c).to_pylist() for c in _SERIES_KEY), strict=True)
    kept = np.flatnonzero([key not in affected for key in keys])
    table = pa.concat_tables([previous.take(kept), to_arrow(fresh, KPI_SERIES)])
    return table.take(pc.sort_indices(table, sort_keys=[(c, "ascending") for c in _ORDER],
                                      null_placement="at_end"))


# A series' group as `kpi_series` keys it, and the series columns holding it.
_KEY_READ = ("subject_id", "yot_id", "subject_type", "subject_label", "indicator",
             "period_start", "period_end", "period_label", "breakdown")
_SERIES_KEY = ("subject_key", "indicator", "period", "breakdown")


def _group(row: dict[str, Any]) -> tuple[Any, ...]:
    return (subject_key(row["subject_id"], row["yot_id"], row["subject_type"],
                        row["subject_label"]),
            row["indicator"],
            period_key(row["period_start"], row["period_end"], row["period_label"]),
            row["breakdown"])


_ORDER = ("indicator", "subject_key", "period_start", "period", "breakdown")


def _in_order(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(list(_ORDER), kind="stable", na_position="last",
                             ignore_index=True)


def _groups_holding(series: pa.Table, row_ids: set[str]) -> set[tuple[Any, ...]]:
    """The groups of the series rows made from any of `row_ids`."""
    if not row_ids or series.num_rows == 0:
        return set()
    lists = series.column("source_row_ids").combine_chunks()
    hit = pc.is_in(pc.list_flatten(lists), value_set=pa.array(sorted(row_ids)))
    rows = np.unique(pc.list_parent_indices(lists).to_numpy()[
        hit.to_numpy(zero_copy_only=False)])
    chosen = series.take(rows)
    return set(zip(*(chosen.column(c).to_pylist() for c in _SERIES_KEY), strict=True))


def _members(observations: pd.DataFrame, groups: set[tuple[Any, ...]]) -> np.ndarray:
    """Positions of the observations of `groups`, in order: a cheap filter on indicator
    and subject id first, then each candidate's group."""
    if not groups:
        return np.array([], dtype=int)
    subject_id = observations["subject_id"]
    candidate = observations["indicator"].isin({g[1] for g in groups}).to_numpy(bool) & (
        subject_id.isin({g[0] for g in groups}) | subject_id.isna()).to_numpy(bool)
    positions = np.flatnonzero(candidate)
    rows = _records(observations.iloc[positions], _KEY_READ)
    return positions[[_group(row) in groups for row in rows]] if rows else positions


# The observation columns a series row reads.
_READ = ("subject_id", "yot_id", "subject_type", "subject_label", "indicator", "period_start",
         "period_end", "period_label", "period_type", "breakdown", "unit", "value",
         "value_status", "document_id", "row_id")


def _records(frame: pd.DataFrame, columns: Iterable[str]) -> list[dict[str, Any]]:
    """Each row's `columns` as a dict, missing values as None, built column by column
    (`pipeline.records`): `DataFrame.to_dict("records")` boxes every cell one by one, a
    third of the series' time on 1,000 documents."""
    chosen = frame[list(columns)]
    chosen = chosen.astype(object).where(chosen.notna(), None)
    return rows_at(column_lists(chosen), range(len(chosen)))


def _series_row(key: tuple[Any, ...], members: list[dict[str, Any]],
                names: dict[str, str]) -> dict[str, Any]:
    subject, indicator, period, breakdown = key
    first = members[0]
    reported = sorted({float(m["value"]) for m in members
                       if m["value_status"] == enums.REPORTED and m["value"] is not None})
    statuses = {m["value_status"] for m in members}
    status = next(s for s in _STATUS_ORDER if s in statuses)
    return {
        "indicator": indicator,
        "subject_key": subject,
        "subject_id": first["subject_id"],
        "subject_type": first["subject_type"],
        "subject_name": names.get(first["subject_id"]) or first["subject_label"],
        "subject_labels": _distinct(m["subject_label"] for m in members),
        "period": period,
        "period_start": first["period_start"],
        "period_end": first["period_end"],
        "period_type": first["period_type"],
        "period_labels": _distinct(m["period_label"] for m in members),
        "breakdown": breakdown,
        "unit": first["unit"],
        "value": reported[0] if len(reported) == 1 else None,
        "value_status": status,
        "conflict": len(reported) > 1,
        "values": [format_value(v) for v in reported] or None,
        "n_documents": len({m["document_id"] for m in members}),
        "n_rows": len(members),
        "document_ids": _distinct(m["document_id"] for m in members),
        "source_row_ids": [m["row_id"] for m in members],
    }


def _distinct(values: Iterable[Any]) -> list[str]:
    """Distinct values in first-seen order."""
    return list(dict.fromkeys(str(v) for v in values if v is not None))


def kpi_series_wide(series: pd.DataFrame) -> pd.DataFrame:
    """One row per subject, indicator and breakdown, one column per dated period (its ISO
    interval, in date order); a cell is the series' value, empty where documents disagree
    (`kpi_series.values` lists them) or none printed it."""
    index = KPI_OBSERVATIONS_WIDE.column_names
    dated = series[series["period_start"].notna()]
    if dated.empty:
        return pd.DataFrame(columns=index)
    periods = (dated[["period", "period_start", "period_end"]].drop_duplicates()
               .sort_values(["period_start", "period_end"], kind="stable")["period"].tolist())
    wide: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in dated.astype(object).where(dated.notna(), None).to_dict("records"):
        key = (row["subject_key"], row["indicator"], row["breakdown"])
        if key not in wide:
            wide[key] = {**{name: row.get(name) for name in index},
                         "subject_label": row["subject_name"], "row_id": key_hash(list(key))}
        wide[key][row["period"]] = row["value"]
    frame = pd.DataFrame(list(wide.values()), columns=[*index, *periods])
    return frame.sort_values(["indicator", "subject_type", "subject_key"], kind="stable",
                             ignore_index=True)
