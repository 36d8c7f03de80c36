"""The document assets: one partition per source document, then the tables they make.

`document_extracts` ingests, parses and extracts each document in one step (a new or
changed document re-runs only its own partition). `catalogue` joins every document's
rows into the published tables: `documents`, `rejections`, `tables` and each fact
table, each its own asset so an analyst can re-materialise one table alone.

Why one partitioned asset rather than one per stage: Dagster stores an event per asset
per partition, and loads every partition's value into each downstream step. Six
partitioned stages made that bookkeeping cost more than the extraction itself on a
thousand documents (see docs/scaling.md); the stages are still separate, tested
functions (`pipeline.ingest`, `pipeline.parse`, `pipeline.extract.*`).
"""


import json
from pathlib import Path

import dagster as dg

from pipeline.assets.metadata import table_metadata
from pipeline.assets.partitions import DOCUMENT_PARTITIONS
from pipeline.extract import DOMAINS
from pipeline.extract.document import (
    CATALOGUE_TABLES,
    DocumentResult,
    combine_documents,
    data_table_count,
    process_document,
)
from pipeline.ingest.catalogue import folder_issues, read_folder
from pipeline.metadata.registry import get_table
from pipeline.reference.areas import AreaResolver
from pipeline.resources import ProjectPaths
from pipeline.site.chart_cache import ChartCache
from pipeline.timing import StageTimer

EXTRACTED_TABLES: tuple[str, ...] = tuple(name for d in DOMAINS for name in d.tables)
PREVIEW_DOCUMENTS = 20
STAGE_SECONDS = "stage_seconds"
PREVIEW_ROWS = 8
GROUPS = {"documents": "catalogue", "rejections": "catalogue", "tables": "parse"}


@dg.asset(
    partitions_def=DOCUMENT_PARTITIONS,
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="documents",
    description="Each source document read, decoded, hashed and described (or rejected "
    "with a one-line reason), its tables parsed and every domain's rows extracted, with "
    "source lines.",
)
def document_extracts(context: dg.AssetExecutionContext, paths: ProjectPaths) -> dict:
    """Partition key -> `DocumentResult`."""
    manifest, folder = read_folder(paths.sources)
    sources = {s.document_id: s for s in folder.sources}
    resolver = AreaResolver.default()
    keys = context.partition_keys
    preview_rows = PREVIEW_ROWS if len(keys) == 1 else 0
    timer = StageTimer()
    results: dict[str, DocumentResult] = {}
    for done, key in enumerate(keys, start=1):
        source = sources.get(key)
        entry = manifest.metadata.get(source.name) if source is not None else None
        results[key] = process_document(key, source, entry, resolver, paths.max_source_bytes,
                                        preview_rows=preview_rows, timer=timer,
                                        max_seconds=paths.max_document_seconds)
        if done % 200 == 0 or done == len(keys):
            context.log.info(f"processed {done}/{len(keys)} documents")
    context.log.info(f"{STAGE_SECONDS}: {json.dumps(timer.rounded())}")
    context.add_output_metadata({**_metadata(results), STAGE_SECONDS: timer.rounded()})
    return results


def _metadata(results: dict[str, DocumentResult]) -> dict:
    """Counts, and a preview: every table of a one-document run, else one line per
    document for the first PREVIEW_DOCUMENTS. Kept small because Dagster copies a run's
    output metadata into the event of every partition it covers."""
    rejected = sum(r.rejected for r in results.values())
    rows = {name: sum(r.extracts[name].length for r in results.values()
                      if name in r.extracts) for name in EXTRACTED_TABLES}
    return {
        "documents": len(results),
        "rejected": rejected,
        "accepted": len(results) - rejected,
        "rows": rows,
        "preview": dg.MetadataValue.md(_preview(results)),
    }


def _preview(results: dict[str, DocumentResult]) -> str:
    if len(results) == 1:
        ((_, result),) = results.items()
        if result.rejected:
            return f"rejected: {result.outcome.reason}"
        return "\n\n".join(
            f"**{s.table_id}** {s.kind}, {s.n_rows} x {s.n_columns}, lines {s.first_line}-"
            f"{s.last_line}: {s.caption or '(no caption)'}\n\n{s.markdown}"
            for s in result.summaries
        ) or "_no tables_"
    lines = ["| document | outcome | tables | data tables |", "|---|---|---:|---:|"]
    shown = sorted(results.items())[:PREVIEW_DOCUMENTS]
    for key, result in shown:
        if result.rejected:
            lines.append(f"| {key} | rejected: {result.outcome.reason} | | |")
        else:
            meta = result.outcome.metadata
            lines.append(f"| {key} | {meta.document_type} ({result.outcome.metadata_source}) "
                         f"| {len(result.summaries)} | {data_table_count(result)} |")
    if len(results) > len(shown):
        lines.append(f"\n_{len(results) - len(shown)} more documents: see the `documents` "
                     "and `rejections` tables_")
    return "\n".join(lines)


@dg.multi_asset(
    outs={
        name: dg.AssetOut(
            group_name=GROUPS.get(name, "facts"),
            description=get_table(name).description,
            is_required=False,
        )
        for name in (*CATALOGUE_TABLES, *EXTRACTED_TABLES)
    },
    ins={"document_extracts": dg.AssetIn()},
    can_subset=True,
)
def catalogue(context: dg.AssetExecutionContext, document_extracts: dict,
              paths: ProjectPaths):
    """Every document's rows joined, in document order, into each selected table."""
    wanted = set(context.selected_output_names)
    manifest, folder = read_folder(paths.sources)
    outputs = combine_documents(document_extracts, EXTRACTED_TABLES, wanted,
                                folder.rejections, folder_issues(manifest, folder))
    charts = ChartCache(Path(paths.cache_dir) if paths.cache_dir else None)
    for name, output in outputs.items():
        metadata = table_metadata(get_table(name), output.frame, len(output.issues), charts)
        yield dg.Output(output, output_name=name, metadata=metadata)
