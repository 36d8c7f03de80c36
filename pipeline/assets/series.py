"""Tables derived from published ones: `kpi_series` (each KPI observation once)."""


import dagster as dg

from pipeline.assets.metadata import table_metadata
from pipeline.metadata.registry import KPI_SERIES
from pipeline.publish.series import kpi_series as build_kpi_series
from pipeline.report import TableOutput


@dg.asset(group_name="derived", description=KPI_SERIES.description)
def kpi_series(context: dg.AssetExecutionContext, kpi_observations: TableOutput,
               subjects: TableOutput) -> TableOutput:
    frame = build_kpi_series(kpi_observations.frame, subjects.frame)
    context.add_output_metadata(table_metadata(KPI_SERIES, frame, 0))
    return TableOutput(frame)
