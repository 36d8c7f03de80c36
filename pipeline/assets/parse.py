"""Parse assets: tables found in each document, then the `tables` dataset."""


import dagster as dg

from pipeline.assets.metadata import table_metadata
from pipeline.assets.partitions import DOCUMENT_PARTITIONS
from pipeline.ingest.catalogue import SourceDocument
from pipeline.metadata.enums import TABLE_KIND_DATA
from pipeline.metadata.registry import TABLES
from pipeline.parse import Table, parse_tables
from pipeline.parse.dataset import tables_frame
from pipeline.report import TableOutput

PREVIEW_ROWS = 8
PREVIEW_DOCUMENTS = 20


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
    context.add_output_metadata(
        {
            "tables": len(found),
            "data_tables": sum(t.kind == TABLE_KIND_DATA for t in found),
            "preview": dg.MetadataValue.md(_preview(parsed)),
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


def _preview(parsed: dict) -> str:
    """Every table of a one-document run; a per-document count for a larger run, capped at
    PREVIEW_DOCUMENTS: Dagster copies a run's output metadata into the event of every
    partition it covers, so a line per document would grow as documents squared."""
    if len(parsed) != 1:
        shown = sorted(parsed.items())[:PREVIEW_DOCUMENTS]
        rows = [f"| {key} | {len(tables)} |" for key, tables in shown]
        more = ([f"\n_{len(parsed) - len(shown)} more documents: see the `tables` table_"]
                if len(parsed) > len(shown) else [])
        return "\n".join(["| document | tables |", "|---|---:|", *rows, *more])
    ((_, tables),) = parsed.items()
    return "\n\n".join(
        f"**{t.table_id}** {t.kind}, {t.n_rows} x {t.n_columns}, lines {t.first_line}-"
        f"{t.last_line}: {t.caption or '(no caption)'}\n\n{t.to_markdown(max_rows=PREVIEW_ROWS)}"
        for t in tables
    ) or "_no tables_"
