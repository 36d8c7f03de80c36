"""Tables derived from published ones: `kpi_series` (each KPI observation once)."""

import inspect

import dagster as dg
import pyarrow as pa

from pipeline.assets.checks import selected, suite_result, suite_spec, validation_store
from pipeline.assets.metadata import table_metadata
from pipeline.metadata.registry import KPI_SERIES
from pipeline.metadata.schemas import from_arrow, to_arrow
from pipeline.publish import series
from pipeline.report import TableOutput
from pipeline.resources import GreatExpectations, ProjectPaths
from pipeline.validate.cache import content_key, frame_digest

STORED = "stored"


SUITE = suite_spec(KPI_SERIES)


@dg.asset(group_name="derived", description=KPI_SERIES.description, check_specs=[SUITE])
def kpi_series(context: dg.AssetExecutionContext, kpi_observations: TableOutput,
               subjects: TableOutput, paths: ProjectPaths, gx: GreatExpectations):
    """Built again only when the observations, the subjects or the code that derives the
    series changed since the last run (else the stored series of those same inputs); its
    blocking GX suite runs in this step, on the frame in hand.

    The series is stored as an Arrow table: its list cells made pickling the pandas frame
    take about half as long as deriving it (1.3 CPU s at 1,000 documents, and as much again
    to read it back only to find its key stale); the Arrow table's buffers take 0.01 s."""
    store = validation_store(paths)
    key = content_key(frame_digest(kpi_observations.frame), frame_digest(subjects.frame),
                      inspect.getsource(series))
    table = store.load(KPI_SERIES.name).get(key)
    stored = isinstance(table, pa.Table)
    if stored:
        frame = from_arrow(table)
    else:
        frame = series.kpi_series(kpi_observations.frame, subjects.frame)
        store.save(KPI_SERIES.name, {key: to_arrow(frame, KPI_SERIES)})
    output = TableOutput(frame)
    yield dg.Output(output, metadata={**table_metadata(KPI_SERIES, frame, 0), STORED: stored})
    if selected(context, SUITE):
        yield suite_result(KPI_SERIES, output, gx, paths)
