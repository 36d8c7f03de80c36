"""Parse assets: tables found in each document, then the `tables` dataset."""


import dagster as dg

from pipeline.assets.metadata import table_metadata
from pipeline.assets.partitions import DOCUMENT_PARTITIONS
from pipeline.ingest.catalogue import SourceDocument
from pipeline.metadata.registry import TABLES
from pipeline.parse import Table, parse_tables
from pipeline.parse.dataset import tables_frame
from pipeline.report import TableOutput

PREVIEW_TABLES = 5


@dg.asset(
    partitions_def=DOCUMENT_PARTITIONS,
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="parse",
    description="Every table in each document as a grid of cells with source lines.",
)
def document_tables(
    context: dg.AssetExecutionContext, source_documents: dict
) -> dict:
    """Partition key -> list of `Table`."""
    parsed: dict[str, list[Table]] = {}
    for key in context.partition_keys:
        item = source_documents.get(key)
        if isinstance(item, SourceDocument):
            parsed[key] = parse_tables(item.document.text, item.document_id)
        else:
            parsed[key] = []
    found = [table for tables in parsed.values() for table in tables]
    previews = "\n\n".join(
        f"**{t.table_id}** ({t.kind}, {t.n_rows}x{t.n_columns}) {t.caption or ''}\n\n"
        f"{t.to_markdown(max_rows=8)}"
        for t in found[:PREVIEW_TABLES]
    )
    context.add_output_metadata(
        {
            "tables": len(found),
            "data_tables": sum(t.kind == "data" for t in found),
            "preview": dg.MetadataValue.md(previews or "_no tables_"),
        }
    )
    return parsed


@dg.asset(group_name="parse", description=TABLES.description)
def tables(
    context: dg.AssetExecutionContext,
    document_tables: dict,
    documents: TableOutput,
) -> TableOutput:
    catalogued = set(documents.frame["document_id"])
    found = [
        table
        for key in sorted(document_tables)
        if key in catalogued
        for table in document_tables[key]
    ]
    frame = tables_frame(found)
    context.add_output_metadata(table_metadata(TABLES, frame, 0))
    return TableOutput(frame)
