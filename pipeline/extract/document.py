"""One document through ingest, parse and every domain; then every document joined.

The unit of work of a national back-catalogue is a document: it is read, parsed and
extracted in one pass and kept as plain column lists (no text, no parsed cells), so a
later step joins thousands of them cheaply and a new document costs only itself. The
Dagster assets and the benchmark's direct baseline both call these two functions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from pipeline.budget import DEFAULT_DOCUMENT_SECONDS, OverBudget, time_budget
from pipeline.extract import DOMAINS
from pipeline.extract.base import Domain, Rows, combine, document_context, extract_rows
from pipeline.extract.cache import DocumentCache
from pipeline.extract.coverage import (
    NumberCoverage,
    coverage_issue,
    left_out_issues,
    number_coverage,
)
from pipeline.extract.inspections import inspection_metadata
from pipeline.ingest.catalogue import (
    SourceDocument,
    document_row,
    documents_frame_from_rows,
    ingest_source,
    rejections_frame,
    split_duplicates,
)
from pipeline.ingest.manifest import DocumentMetadata
from pipeline.ingest.sources import Rejection, SourceFile, file_sha256
from pipeline.metadata.enums import INSPECTION_REPORT, TABLE_KIND_DATA
from pipeline.metadata.registry import DOCUMENTS, REJECTIONS, TABLES
from pipeline.parse import parse_tables
from pipeline.parse.dataset import table_columns
from pipeline.reference.areas import AreaResolver
from pipeline.report import Issue, TableOutput
from pipeline.timing import StageTimer

MISSING_FILE = "no file for this document id in the sources folder (removed or renamed?)"
OVER_BUDGET = "not processed within the time budget"
CATALOGUE_TABLES = (DOCUMENTS.name, REJECTIONS.name, TABLES.name)


@dataclass(frozen=True)
class TableSummary:
    """What an analyst previewing one document sees of each table found in it."""

    table_id: str
    kind: str
    n_rows: int
    n_columns: int
    first_line: int
    last_line: int
    caption: str | None
    markdown: str


@dataclass
class DocumentResult:
    """Everything one document contributes to a release.

    `outcome` is the catalogued document with its text dropped (its line count is in
    `row`) or the rejection; `tables` holds its cells for the `tables` dataset,
    `extracts` its rows of each fact table and `coverage` how many of its numeric lines
    those rows read (also in `row`, and reported as an issue when some are not)."""

    document_id: str
    outcome: SourceDocument | Rejection
    row: dict[str, object] | None = None
    tables: Rows = field(default_factory=Rows)
    extracts: dict[str, Rows] = field(default_factory=dict)
    summaries: list[TableSummary] = field(default_factory=list)
    coverage: NumberCoverage | None = None

    @property
    def rejected(self) -> bool:
        return isinstance(self.outcome, Rejection)


def process_document(
    document_id: str,
    source: SourceFile | None,
    manifest_entry: DocumentMetadata | None,
    resolver: AreaResolver,
    max_bytes: int,
    domains: Sequence[Domain] = DOMAINS,
    preview_rows: int = 0,
    timer: StageTimer | None = None,
    max_seconds: float | None = DEFAULT_DOCUMENT_SECONDS,
) -> DocumentResult:
    """Ingest, parse and extract one document (or say in one line why it was rejected);
    `timer` collects the seconds of each stage. A document still in progress after
    `max_seconds` is rejected, so one pathological file never holds up the others."""
    stage = timer or StageTimer()
    if source is None:
        return DocumentResult(document_id, Rejection(document_id, document_id, MISSING_FILE))
    try:
        with time_budget(max_seconds) as check:
            return _process(document_id, source, manifest_entry, resolver, max_bytes,
                            domains, preview_rows, stage, check)
    except OverBudget:
        return DocumentResult(document_id, _over_budget(source, document_id, max_seconds))


def process_cached(
    cache: DocumentCache,
    digest: str | None,
    document_id: str,
    source: SourceFile | None,
    manifest_entry: DocumentMetadata | None,
    resolver: AreaResolver,
    max_bytes: int,
    preview_rows: int = 0,
    timer: StageTimer | None = None,
    max_seconds: float | None = DEFAULT_DOCUMENT_SECONDS,
) -> DocumentResult:
    """`process_document`, or its stored result when the document's `digest` (see
    `pipeline.extract.cache.input_digest`) was processed before. A document rejected for
    running out of time is not stored: the next build tries it again."""
    digest = digest if source is not None else None
    stored = cache.lookup(digest, preview_rows)
    if stored is not None:
        return stored
    result = process_document(document_id, source, manifest_entry, resolver, max_bytes,
                              preview_rows=preview_rows, timer=timer, max_seconds=max_seconds)
    if not over_budget(result):
        cache.put(cache.key(digest, preview_rows), result)
    return result


def over_budget(result: DocumentResult) -> bool:
    """Whether the document was rejected for running out of time (not a property of it)."""
    return isinstance(result.outcome, Rejection) and result.outcome.reason.startswith(OVER_BUDGET)


def _over_budget(source: SourceFile, document_id: str, seconds: float | None) -> Rejection:
    try:
        sha, size = file_sha256(source.path), source.path.stat().st_size
    except OSError:
        sha, size = None, None
    return Rejection(source.name, document_id,
                     f"{OVER_BUDGET} of {seconds:g} s for one "
                     "document (raise max_document_seconds if it is genuine)", sha, size)


def _process(
    document_id: str,
    source: SourceFile,
    manifest_entry: DocumentMetadata | None,
    resolver: AreaResolver,
    max_bytes: int,
    domains: Sequence[Domain],
    preview_rows: int,
    stage: StageTimer,
    check: Callable[[], None],
) -> DocumentResult:
    with stage("ingest"):
        item = ingest_source(source, manifest_entry, resolver, max_bytes)
    if isinstance(item, Rejection):
        return DocumentResult(document_id, item)
    check()
    with stage("parse"):
        found = parse_tables(item.document.text, item.document_id,
                             item.document.cell_breaks)
        context = document_context(item, found)
        cells = table_columns(found)
    extracts: dict[str, Rows] = {}
    for domain in domains:
        check()
        with stage(f"extract_{domain.name}"):
            extracts.update(extract_rows(domain, context))
    if item.document.page_starts:
        for rows in extracts.values():
            add_source_pages(rows, item.document.page_of)
    check()
    with stage("extract_inspections"):
        inspection = (inspection_metadata(context)
                      if item.metadata.document_type == INSPECTION_REPORT else None)
    with stage("coverage"):
        coverage = number_coverage(context.lines, found, extracts)
        unread = coverage_issue(item.document_id, coverage,
                                sum(rows.length for rows in extracts.values()))
    summaries = [
        TableSummary(t.table_id, t.kind, t.n_rows, t.n_columns, t.first_line, t.last_line,
                     t.caption, t.to_markdown(max_rows=preview_rows) if preview_rows else "")
        for t in found
    ]
    return DocumentResult(
        document_id=document_id,
        outcome=dataclasses.replace(
            item, document=dataclasses.replace(item.document, text="", cell_breaks=()),
            issues=[*item.issues, *left_out_issues(item.document_id, found),
                    *([unread] if unread else [])],
        ),
        row={**document_row(item, len(found), inspection), **coverage.columns()},
        coverage=coverage,
        tables=Rows(cells, len(cells["document_id"])),
        extracts=extracts,
        summaries=summaries,
    )


def add_source_pages(rows: Rows, page_of: Callable[[int], int | None]) -> None:
    """Give every row of a paged (PDF or Word) document the page of its source line."""
    if rows.length and "source_line" in rows.columns:
        rows.columns["source_page"] = [page_of(int(line)) for line in rows.columns["source_line"]]


def combine_documents(
    results: Mapping[str, DocumentResult],
    fact_tables: Sequence[str],
    wanted: Collection[str] | None = None,
    unread: Sequence[Rejection] = (),
    folder_issues: Sequence[Issue] = (),
) -> dict[str, TableOutput]:
    """The catalogue (`documents`, `rejections`), `tables` and each fact table, joined
    from every document in id order; of files with identical content one is kept (see
    `split_duplicates`). `unread` are the folder's entries rejected before any document
    was read, `folder_issues` what was noticed about the folder (the manifest's entries).
    `wanted` limits which tables are built (all when None)."""

    def join(name: str, ids: Sequence[str]) -> TableOutput:
        if name == TABLES.name:
            return combine((results[key].tables for key in ids), name)
        return combine((results[key].extracts[name] for key in ids
                        if name in results[key].extracts), name)

    return dict(catalogue_outputs({key: r.outcome for key, r in results.items()},
                                  lambda key: results[key].row, join,
                                  [n for n in (*CATALOGUE_TABLES, *fact_tables)
                                   if wanted is None or n in wanted],
                                  unread, folder_issues))


def catalogue_outputs(
    outcomes: Mapping[str, SourceDocument | Rejection],
    row_of: Callable[[str], dict[str, object] | None],
    join: Callable[[str, Sequence[str]], TableOutput],
    names: Sequence[str],
    unread: Sequence[Rejection] = (),
    folder_issues: Sequence[Issue] = (),
) -> Iterator[tuple[str, TableOutput]]:
    """The tables `names` from every document's `outcomes` and `documents` row
    (`row_of`), `tables` and the fact tables by `join(name, kept ids)`: the one place
    that decides which documents are kept, whether the documents' rows are joined afresh
    (`combine_documents`) or patched from the last run's (`pipeline.extract.joined`).
    One table at a time, each made when the caller asks for it: a caller that stores
    each and drops it never holds every table's frame at once."""
    kept, rejected = split_duplicates(outcomes)
    unread_names = {r.source_file for r in unread}
    rejected = [r for r in rejected if r.source_file not in unread_names] + list(unread)
    ids = [item.document_id for item in kept]
    for name in names:
        if name == DOCUMENTS.name:
            yield name, TableOutput(
                documents_frame_from_rows(row_of(key) for key in ids),
                [issue for item in kept for issue in item.issues],
            )
        elif name == REJECTIONS.name:
            yield name, TableOutput(rejections_frame(rejected), list(folder_issues))
        else:
            yield name, join(name, ids)


def data_table_count(result: DocumentResult) -> int:
    """How many of a document's tables the parser classed as data."""
    return sum(s.kind == TABLE_KIND_DATA for s in result.summaries)
