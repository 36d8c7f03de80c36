"""Asset metadata an analyst sees in the Dagster UI: row counts, schema and a preview."""


from collections.abc import Mapping
from typing import Any

import dagster as dg
import pandas as pd
from dagster._core.execution.context.metadata_logging import (
    AssetMetadataHandle,
    OutputMetadataAccumulator,
)

from pipeline.metadata.registry import TableSpec
from pipeline.metadata.schemas import dagster_table_schema
from pipeline.site import asset_chart_markdown
from pipeline.site.chart_cache import ChartCache

PREVIEW_ROWS = 10


def markdown_preview(frame: pd.DataFrame, rows: int = PREVIEW_ROWS) -> str:
    """The first rows as a markdown table (pipes in cells escaped)."""
    if frame.empty:
        return "_no rows_"
    head = frame.head(rows).astype(object).where(frame.head(rows).notna(), "")
    header = "| " + " | ".join(map(str, head.columns)) + " |"
    rule = "|" + "---|" * len(head.columns)
    body = [
        "| " + " | ".join(_cell(v) for v in row) + " |" for row in head.itertuples(index=False)
    ]
    more = [f"\n_{len(frame) - rows} more rows_"] if len(frame) > rows else []
    return "\n".join([header, rule, *body, *more])


def _cell(value: Any) -> str:
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return text.replace("|", "\\|").replace("\n", " ")[:80]


def table_metadata(spec: TableSpec, frame: pd.DataFrame, issues: int,
                   charts: ChartCache | None = None) -> dict[str, Any]:
    """Row count, column schema from the registry, a preview, the issues raised and, for
    the budget and KPI tables, a chart."""
    metadata = {
        "dagster/row_count": dg.MetadataValue.int(len(frame)),
        "dagster/column_schema": dagster_table_schema(spec),
        "preview": dg.MetadataValue.md(markdown_preview(frame)),
        "issues": dg.MetadataValue.int(issues),
    }
    chart = asset_chart_markdown(spec.name, frame, charts)
    if chart is not None:
        metadata["chart"] = dg.MetadataValue.md(chart)
    return metadata


def add_partition_metadata(context: dg.AssetExecutionContext, asset_key: dg.AssetKey,
                           by_partition: Mapping[str, Mapping[str, Any]]) -> None:
    """Give each partition of a multi-partition run its own metadata, on its own
    materialisation event (instead of the run's metadata copied into every event).

    This is what `context.add_asset_metadata(metadata, partition_key=key)` does, in one
    step: that call looks every partition of the asset up in the instance each time, so a
    call per document costs O(documents^2) (11 s for 1,000 documents, 33 s for 2,000).
    When the step context is not the one Dagster 1.13 has, the public call is used."""
    step = getattr(context.op_execution_context, "_step_execution_context", None)
    accumulator = getattr(step, "_metadata_accumulator", None)
    if not isinstance(accumulator, OutputMetadataAccumulator):
        for key, metadata in by_partition.items():
            context.add_asset_metadata(metadata, asset_key=asset_key, partition_key=key)
        return
    entries = dict(accumulator.per_output_metadata)
    for key, metadata in by_partition.items():
        handle = AssetMetadataHandle(asset_key=asset_key, partition_key=key)
        entries[handle] = {**entries.get(handle, {}), **metadata}
    step._metadata_accumulator = OutputMetadataAccumulator(per_output_metadata=entries)
