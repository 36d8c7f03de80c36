"""Tables derived from published ones: `kpi_series` (each KPI observation once)."""

import inspect

import dagster as dg

from pipeline.assets.documents import validation_store
from pipeline.assets.metadata import table_metadata
from pipeline.metadata.registry import KPI_SERIES
from pipeline.publish import series
from pipeline.report import TableOutput
from pipeline.resources import ProjectPaths
from pipeline.validate.cache import content_key, frame_digest, storable_frame, stored_frame

STORED = "stored"


@dg.asset(group_name="derived", description=KPI_SERIES.description)
def kpi_series(context: dg.AssetExecutionContext, kpi_observations: TableOutput,
               subjects: TableOutput, paths: ProjectPaths) -> TableOutput:
    """Built again only when the observations, the subjects or the code that derives the
    series changed since the last run (else the stored series of those same inputs)."""
    store = validation_store(paths)
    key = content_key(frame_digest(kpi_observations.frame), frame_digest(subjects.frame),
                      inspect.getsource(series))
    frame = stored_frame(store.load(KPI_SERIES.name).get(key))
    stored = frame is not None
    if frame is None:
        frame = series.kpi_series(kpi_observations.frame, subjects.frame)
        store.save(KPI_SERIES.name, {key: storable_frame(frame, KPI_SERIES)})
    context.add_output_metadata({**table_metadata(KPI_SERIES, frame, 0), STORED: stored})
    return TableOutput(frame)
