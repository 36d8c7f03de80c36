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
from collections.abc import Mapping
from pathlib import Path

import dagster as dg

from pipeline.assets.checks import table_check_results, table_check_specs, validation_store
from pipeline.assets.metadata import add_partition_metadata, table_metadata
from pipeline.assets.partitions import CONTENT_HASH, DOCUMENT_PARTITIONS, FROM_CACHE, INPUT_DIGEST
from pipeline.extract import DOMAINS
from pipeline.extract.base import Domain
from pipeline.extract.cache import DocumentCache, input_digest
from pipeline.extract.document import (
    CATALOGUE_TABLES,
    DocumentResult,
    data_table_count,
    over_budget,
)
from pipeline.extract.joined import JoinedTables
from pipeline.extract.pool import DocumentJob, Settings, extract_documents
from pipeline.ingest.catalogue import folder_issues, read_folder
from pipeline.ingest.manifest import Manifest
from pipeline.ingest.sources import Rejection, SourceFile
from pipeline.metadata.registry import get_table
from pipeline.resources import GreatExpectations, ProjectPaths
from pipeline.site.chart_cache import ChartCache
from pipeline.timing import StageTimer
from pipeline.validate.cache import StoredVerdicts
from pipeline.validate.withhold import flagged_rows, judged_output

EXTRACTED_TABLES: tuple[str, ...] = tuple(name for d in DOMAINS for name in d.tables)
DOMAIN_OF: dict[str, Domain] = {name: d for d in DOMAINS for name in d.tables}
STAGE_SECONDS = "stage_seconds"
# Metadata of a judged fact table: documents whose rows were judged in this run, and those
# whose verdict from an earlier run was reused (their rows unchanged).
JUDGED = "documents_judged"
JUDGED_BEFORE = "documents_judged_before"
CACHE_STATS = "document_cache"
JOIN_STATS = "joined_tables"
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
    keys = context.partition_keys
    preview_rows = PREVIEW_ROWS if len(keys) == 1 else 0
    timer = StageTimer()
    cache_root = Path(paths.document_cache_dir) if paths.document_cache_dir else None
    cache = DocumentCache(cache_root)
    jobs = [document_job(key, sources.get(key), manifest, paths.max_source_bytes)
            for key in keys]
    settings = Settings(paths.max_source_bytes, preview_rows, paths.max_document_seconds,
                        cache_root)
    extracted = extract_documents(
        jobs, settings, cache, paths.document_workers, timer,
        lambda done, total: context.log.info(f"processed {done}/{total} documents"))
    results = extracted.results
    metadata: dict[str, dict[str, object]] = {}
    for job in jobs:
        result = results[job.document_id]
        metadata[job.document_id] = {**document_metadata(result, preview=len(keys) == 1),
                                     FROM_CACHE: job.document_id in extracted.from_cache}
        if job.digest is not None and not over_budget(result):
            metadata[job.document_id][INPUT_DIGEST] = job.digest
    context.log.info(f"{STAGE_SECONDS}: {json.dumps(timer.rounded())}")
    context.log.info(f"{CACHE_STATS}: {json.dumps(cache.stats.as_dict())}")
    add_partition_metadata(context, context.assets_def.key, metadata)
    return results


def document_job(key: str, source: SourceFile | None, manifest: Manifest,
                 max_bytes: int) -> DocumentJob:
    """What extracting one partition needs: its file, manifest entry and input digest."""
    entry = manifest.metadata.get(source.name) if source is not None else None
    digest = input_digest(key, source, entry, max_bytes) if source is not None else None
    return DocumentJob(key, source, entry, digest)


def document_metadata(result: DocumentResult, preview: bool = False) -> dict[str, object]:
    """One document's own figures, for its partition in the Dagster UI: the content hash
    the sensor compares (`CONTENT_HASH`), the outcome, its tables and rows per fact table;
    with `preview`, every table it holds."""
    outcome = result.outcome
    sha = outcome.sha256 if isinstance(outcome, Rejection) else outcome.document.sha256
    metadata: dict[str, object] = {CONTENT_HASH: sha} if sha else {}
    if isinstance(outcome, Rejection):
        return {**metadata, "outcome": f"rejected: {outcome.reason}"}
    metadata.update({
        "outcome": f"accepted: {outcome.metadata.document_type} ({outcome.metadata_source})",
        "tables": len(result.summaries),
        "data_tables": data_table_count(result),
        "rows": {name: rows.length for name, rows in result.extracts.items()},
        "issues": sum(len(rows.issues) for rows in result.extracts.values()),
    })
    if preview:
        metadata["preview"] = dg.MetadataValue.md(_preview(result))
    return metadata


def _preview(result: DocumentResult) -> str:
    return "\n\n".join(
        f"**{s.table_id}** {s.kind}, {s.n_rows} x {s.n_columns}, lines {s.first_line}-"
        f"{s.last_line}: {s.caption or '(no caption)'}\n\n{s.markdown}"
        for s in result.summaries
    ) or "_no tables_"


CATALOGUE_OUTPUTS: tuple[str, ...] = (*CATALOGUE_TABLES, *EXTRACTED_TABLES)


@dg.multi_asset(
    outs={
        name: dg.AssetOut(
            group_name=GROUPS.get(name, "facts"),
            description=get_table(name).description,
            is_required=False,
        )
        for name in CATALOGUE_OUTPUTS
    },
    ins={"document_extracts": dg.AssetIn(dagster_type=dg.Any)},  # a `StoredPartitions`
    check_specs=[spec for name in CATALOGUE_OUTPUTS
                 for spec in table_check_specs(name, DOMAIN_OF.get(name))],
    can_subset=True,
)
def catalogue(context: dg.AssetExecutionContext,
              document_extracts: Mapping[str, DocumentResult], paths: ProjectPaths,
              gx: GreatExpectations, io_manager: dg.ResourceParam[dg.IOManager]):
    """Every document's rows joined, in document order, into each selected table (only
    the partitions whose stored value changed are read: `pipeline.extract.joined`); each
    fact table judged per document and source table (`pipeline.validate.withhold`): the
    rows of a table that fails a rule or a per-row expectation are withheld, a source's
    own inconsistency is published and flagged.

    Each table's blocking checks (its GX suite; a fact table's rules) run here, on the
    table in hand: in steps of their own they loaded every table again and added eleven
    steps' events to every run. A check selected without its table checks the table as
    stored."""
    wanted = {key.path[-1] for key in context.selected_asset_keys}
    manifest, folder = read_folder(paths.sources)
    joined = JoinedTables(document_extracts, getattr(document_extracts, "digests", {}),
                          EXTRACTED_TABLES,
                          Path(paths.joined_cache_dir) if paths.joined_cache_dir else None)
    # one table at a time: each is stored by the IO manager and dropped before the next
    outputs = joined.iter_outputs(wanted, folder.rejections, folder_issues(manifest, folder))
    charts = ChartCache(Path(paths.cache_dir) if paths.cache_dir else None)
    store = validation_store(paths)
    for name, output in outputs:
        judging: dict[str, int] = {}
        if name in DOMAIN_OF:
            stored = StoredVerdicts(store, name, joined.content_keys(name))
            output = judged_output(name, output, DOMAIN_OF[name], gx.validator, stored)
            judging = {JUDGED: stored.judged, JUDGED_BEFORE: stored.reused}
        metadata = {**table_metadata(get_table(name), output.frame, len(output.issues), charts),
                    **judging}
        if output.withheld is not None:
            metadata["withheld_tables"] = len(output.withheld)
            metadata["withheld_rows"] = int(output.withheld["row_count"].sum())
            metadata["flagged_rows"] = flagged_rows(output.frame)
        yield dg.Output(output, output_name=name, metadata=metadata)
        yield from table_check_results(context, name, output, DOMAIN_OF.get(name), gx, paths)
        del output
    checked_alone = {key.asset_key.path[-1] for key in context.selected_asset_check_keys}
    for name in sorted(checked_alone - wanted):
        table = io_manager.load_input(dg.build_input_context(asset_key=dg.AssetKey(name)))
        yield from table_check_results(context, name, table, DOMAIN_OF.get(name), gx, paths)
    context.log.info(f"{JOIN_STATS}: {json.dumps(joined.stats.as_dict())}")
