"""Ingest assets: one partition per source document, then the catalogue."""


import dagster as dg

from pipeline.assets.metadata import table_metadata
from pipeline.assets.partitions import DOCUMENT_PARTITIONS
from pipeline.extract.base import document_context
from pipeline.extract.inspections import inspection_metadata
from pipeline.ingest.catalogue import (
    SourceDocument,
    documents_frame,
    ingest_source,
    rejections_frame,
    split_duplicates,
)
from pipeline.ingest.manifest import load_manifest
from pipeline.ingest.sources import Rejection, discover_sources
from pipeline.metadata.enums import INSPECTION_REPORT
from pipeline.metadata.registry import DOCUMENTS, REJECTIONS
from pipeline.reference.areas import AreaResolver
from pipeline.report import TableOutput
from pipeline.resources import ProjectPaths

IngestResult = SourceDocument | Rejection  # the value per partition
MISSING_FILE = "no file for this document id in the sources folder (removed or renamed?)"
PREVIEW_DOCUMENTS = 20


@dg.asset(
    partitions_def=DOCUMENT_PARTITIONS,
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="ingest",
    description="Each source document read, decoded (line endings normalised), hashed and "
    "described from the manifest or its own text; or rejected with a one-line reason.",
)
def source_documents(
    context: dg.AssetExecutionContext, paths: ProjectPaths
) -> dict:
    """Partition key -> `SourceDocument` or `Rejection`."""
    manifest = load_manifest(paths.sources)
    sources = {s.document_id: s for s in discover_sources(paths.sources, manifest.document_ids)}
    resolver = AreaResolver.default()
    keys = context.partition_keys
    results: dict[str, IngestResult] = {}
    for done, key in enumerate(keys, start=1):
        source = sources.get(key)
        if source is None:
            results[key] = Rejection(key, key, MISSING_FILE)
        else:
            results[key] = ingest_source(
                source, manifest.metadata.get(source.name), resolver, paths.max_source_bytes
            )
        if done % 200 == 0 or done == len(keys):
            context.log.info(f"ingested {done}/{len(keys)} documents")
    rejected = sum(isinstance(r, Rejection) for r in results.values())
    context.add_output_metadata(
        {
            "documents": len(results),
            "rejected": rejected,
            "accepted": len(results) - rejected,
            "preview": dg.MetadataValue.md(_ingest_preview(results)),
        }
    )
    return results


def _ingest_preview(results: dict) -> str:
    """One line per document (the first PREVIEW_DOCUMENTS): what was read, or why it was
    rejected. Capped because Dagster copies a run's output metadata into the event of every
    partition it covers: a line per document would make the event log grow as documents
    squared (the `documents` and `rejections` tables list them all)."""
    lines = ["| document | outcome | lines | bytes | sha256 |", "|---|---|---:|---:|---|"]
    shown = sorted(results.items())[:PREVIEW_DOCUMENTS]
    for key, item in shown:
        if isinstance(item, Rejection):
            lines.append(f"| {key} | rejected: {item.reason} | | {item.size_bytes or ''} | |")
        else:
            doc = item.document
            lines.append(
                f"| {key} | {item.metadata.document_type} ({item.metadata_source}, "
                f"{doc.encoding}) | {doc.line_count} | {doc.size_bytes} | {doc.sha256[:12]} |"
            )
    if len(results) > len(shown):
        lines.append(f"\n_{len(results) - len(shown)} more documents: see the `documents` and "
                     "`rejections` tables_")
    return "\n".join(lines)


@dg.multi_asset(
    outs={
        "documents": dg.AssetOut(
            group_name="catalogue", description=DOCUMENTS.description, is_required=True
        ),
        "rejections": dg.AssetOut(
            group_name="catalogue", description=REJECTIONS.description, is_required=True
        ),
    },
    ins={"source_documents": dg.AssetIn(), "document_tables": dg.AssetIn()},
)
def catalogue(
    context: dg.AssetExecutionContext,
    source_documents: dict,
    document_tables: dict,
):
    """The catalogue of accepted documents and the table of rejected files."""
    kept, rejected = split_duplicates(source_documents)
    counts = {key: len(tables) for key, tables in document_tables.items()}
    inspections = {
        item.document_id: inspection_metadata(document_context(item, []))
        for item in kept
        if item.metadata.document_type == INSPECTION_REPORT
    }
    documents = documents_frame(kept, counts, inspections)
    rejections = rejections_frame(rejected)
    issues = [issue for item in kept for issue in item.issues]
    for key, frame, spec in (("documents", documents, DOCUMENTS),
                             ("rejections", rejections, REJECTIONS)):
        context.add_output_metadata(
            table_metadata(spec, frame, len(issues) if key == "documents" else 0), output_name=key
        )
    return TableOutput(documents, issues), TableOutput(rejections)
