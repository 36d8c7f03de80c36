"""Fact tables. Until a domain's extractor exists, its table is published empty with the
registry's schema, so releases always hold every contract table."""


import dagster as dg

from pipeline.assets.metadata import table_metadata
from pipeline.metadata.registry import FACT_TABLES, TableSpec, get_table
from pipeline.metadata.schemas import empty_frame
from pipeline.report import TableOutput


def pending_fact_asset(spec: TableSpec) -> dg.AssetsDefinition:
    """An asset for a fact table whose extractor has not been written yet."""

    @dg.asset(
        name=spec.name,
        group_name="facts",
        description=f"{spec.description} (no extractor yet: published empty)",
        deps=["documents"],
    )
    def _pending(context: dg.AssetExecutionContext) -> TableOutput:
        frame = empty_frame(spec)
        context.add_output_metadata(table_metadata(spec, frame, 0))
        return TableOutput(frame)

    return _pending


def fact_assets(implemented: set[str]) -> list[dg.AssetsDefinition]:
    """Placeholders for every fact table not in `implemented`."""
    return [pending_fact_asset(get_table(name)) for name in FACT_TABLES if name not in implemented]
