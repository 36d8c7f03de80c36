"""Tables derived from published ones: `kpi_series` (each KPI observation once)."""

import inspect
from dataclasses import dataclass
from typing import Any

import dagster as dg
import numpy as np
import pandas as pd
import pyarrow as pa

from pipeline.assets.checks import selected, suite_result, suite_spec, validation_store
from pipeline.assets.metadata import table_metadata
from pipeline.metadata.registry import KPI_SERIES
from pipeline.metadata.schemas import from_arrow, to_arrow
from pipeline.publish import series
from pipeline.report import TableOutput
from pipeline.resources import GreatExpectations, ProjectPaths
from pipeline.validate.cache import content_key, digest_of, frame_digest, row_hashes
from pipeline.validate.incremental import changed_positions, row_keys

STORED = "stored"


SUITE = suite_spec(KPI_SERIES)


@dataclass(frozen=True)
class Derived:
    """A stored series and the observations it was derived from: their digest, each
    row's key (`row_keys`) and row id, so the next run derives again only the series
    whose observations changed (`series.updated_series`)."""

    series: pa.Table
    observations: str
    keys: np.ndarray | None
    row_ids: np.ndarray


def _derived(entry: Any, observations: pd.DataFrame, keys: np.ndarray | None,
             subjects: pd.DataFrame) -> tuple[pa.Table, pd.DataFrame]:
    """The series of `observations` as Arrow and pandas, updated from a stored one of the
    same subjects and code when there is one, else derived from every row."""
    if not isinstance(entry, Derived) or keys is None or entry.keys is None:
        return _full(observations, subjects)
    added = changed_positions(keys, entry.keys)
    gone = changed_positions(entry.keys, keys)
    row_ids = observations["row_id"].to_numpy(object)
    kept_before = np.delete(entry.row_ids, gone)
    kept_now = np.delete(row_ids, added)
    if len(kept_before) != len(kept_now) or (kept_before != kept_now).any():
        # the rows kept are not in their earlier order: a series lists its rows in order
        return _full(observations, subjects)
    table = series.updated_series(entry.series, observations, added,
                                  set(entry.row_ids[gone]), subjects)
    return table, from_arrow(table)


def _full(observations: pd.DataFrame, subjects: pd.DataFrame) -> tuple[pa.Table, pd.DataFrame]:
    frame = series.kpi_series(observations, subjects)
    return to_arrow(frame, KPI_SERIES), frame


@dg.asset(group_name="derived", description=KPI_SERIES.description, check_specs=[SUITE])
def kpi_series(context: dg.AssetExecutionContext, kpi_observations: TableOutput,
               subjects: TableOutput, paths: ProjectPaths, gx: GreatExpectations):
    """Built again only when the observations, the subjects or the code that derives the
    series changed since the last run (else the stored series of those same inputs), and
    when only some observations changed, only the series they belong to; its blocking GX
    suite runs in this step, on the frame in hand.

    The series is stored as an Arrow table: its list cells made pickling the pandas frame
    take about half as long as deriving it (1.3 CPU s at 1,000 documents, and as much again
    to read it back only to find its key stale); the Arrow table's buffers take 0.01 s."""
    store = validation_store(paths)
    observations = kpi_observations.frame
    hashes = row_hashes(observations)
    digest = digest_of(observations, hashes)
    key = content_key(frame_digest(subjects.frame), inspect.getsource(series))
    entry = store.load(KPI_SERIES.name).get(key)
    stored = isinstance(entry, Derived) and entry.observations == digest
    if stored:
        frame = from_arrow(entry.series)
    else:
        keys = row_keys(hashes)
        table, frame = _derived(entry, observations, keys, subjects.frame)
        store.save(KPI_SERIES.name, {key: Derived(table, digest, keys,
                                                  observations["row_id"].to_numpy(object))})
    output = TableOutput(frame)
    yield dg.Output(output, metadata={**table_metadata(KPI_SERIES, frame, 0), STORED: stored})
    if selected(context, SUITE):
        yield suite_result(KPI_SERIES, output, gx, paths)
