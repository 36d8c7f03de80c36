"""Asset metadata an analyst sees in the Dagster UI: row counts, schema and a preview."""


from typing import Any

import dagster as dg
import pandas as pd

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
