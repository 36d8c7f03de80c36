"""From ingested files to the `documents` catalogue and the `rejections` table.

A document is catalogued only when its service, type and title are known (from
the manifest, or detected from the text and file name); otherwise it is rejected
with a reason that says how to fix it. Identical files are catalogued once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from pipeline.ingest.detect import detect
from pipeline.ingest.manifest import DocumentMetadata
from pipeline.ingest.sources import IngestedDocument, Rejection, SourceFile, ingest_file
from pipeline.metadata.enums import YOUTH_JUSTICE_PLAN
from pipeline.metadata.registry import DOCUMENTS, REJECTIONS
from pipeline.metadata.schemas import conform
from pipeline.reference.areas import AreaResolver
from pipeline.report import INFO, WARNING, Issue

REQUIRED_FIELDS = ("yot_id", "document_type", "title")
_FIELD_WORDS = {"yot_id": "service", "document_type": "document type", "title": "title"}
MANIFEST = "manifest"
DETECTED = "detected"
STAGE = "ingest"


@dataclass
class SourceDocument:
    """A catalogued document: its text, what is known about it, and what was noticed."""

    document: IngestedDocument
    metadata: DocumentMetadata
    metadata_source: str
    issues: list[Issue] = field(default_factory=list)

    @property
    def document_id(self) -> str:
        return self.document.document_id


def ingest_source(
    source: SourceFile,
    manifest_entry: DocumentMetadata | None,
    resolver: AreaResolver,
    max_bytes: int,
) -> SourceDocument | Rejection:
    """Ingest one file and describe it, or reject it with a one-line reason."""
    ingested = ingest_file(source, max_bytes=max_bytes)
    if isinstance(ingested, Rejection):
        return ingested
    return describe(ingested, manifest_entry, resolver)


def describe(
    document: IngestedDocument,
    manifest_entry: DocumentMetadata | None,
    resolver: AreaResolver,
) -> SourceDocument | Rejection:
    """Merge detection with the manifest (the manifest wins) and check what is required."""
    detection = detect(document.text, document.source_file, resolver)
    detected = detection.metadata
    metadata = detected.overridden_by(manifest_entry) if manifest_entry else detected
    source = MANIFEST if manifest_entry else DETECTED
    missing = metadata.missing(REQUIRED_FIELDS)
    if missing:
        what = ", ".join(_FIELD_WORDS[m] for m in missing)
        return _reject(document, f"{what} could not be detected from the text or file name: "
                                 "add an entry for this file to manifest.yaml")
    service = resolver.yot(metadata.yot_id)
    if service is None:
        return _reject(document, f"service {metadata.yot_id!r} is not in the yots reference")
    if metadata.publisher is None and metadata.document_type == YOUTH_JUSTICE_PLAN:
        metadata.publisher = service.name
    issues = [
        Issue(STAGE, "ingest_note", note, INFO, document_id=document.document_id)
        for note in document.notes
    ]
    if manifest_entry is None:  # what a manifest entry would have said instead
        issues += [Issue(STAGE, note.code, note.message, note.severity,
                         document_id=document.document_id) for note in detection.notes]
    if metadata.period_start is None and metadata.published is None:
        issues.append(
            Issue(STAGE, "undated_document", "the document's period could not be dated",
                  WARNING, document_id=document.document_id)
        )
    return SourceDocument(document, metadata, source, issues)


def _reject(document: IngestedDocument, reason: str) -> Rejection:
    return Rejection(
        document.source_file, document.document_id, reason, document.sha256, document.size_bytes
    )


def split_duplicates(
    results: Mapping[str, SourceDocument | Rejection],
) -> tuple[list[SourceDocument], list[Rejection]]:
    """Catalogued documents and rejections, in id order; a file identical to an earlier
    one (same SHA-256) is rejected as a duplicate of it."""
    kept: list[SourceDocument] = []
    rejected: list[Rejection] = []
    first_by_hash: dict[str, SourceDocument] = {}
    for key in sorted(results):
        result = results[key]
        if isinstance(result, Rejection):
            rejected.append(result)
            continue
        original = first_by_hash.get(result.document.sha256)
        if original is not None:
            rejected.append(
                _reject(result.document,
                        f"identical content to {original.document.source_file} "
                        f"(document {original.document_id})")
            )
            continue
        first_by_hash[result.document.sha256] = result
        kept.append(result)
    return kept, rejected


def documents_frame(
    documents: Iterable[SourceDocument],
    table_counts: Mapping[str, int] | None = None,
    inspections: Mapping[str, Mapping[str, object]] | None = None,
) -> pd.DataFrame:
    """The `documents` table; `inspections` adds what an inspection report prints about
    itself (inspected service, publication month, fieldwork dates)."""
    counts = table_counts or {}
    rows = [
        document_row(item, counts.get(item.document_id),
                     (inspections or {}).get(item.document_id))
        for item in documents
    ]
    return documents_frame_from_rows(rows)


def documents_frame_from_rows(rows: Iterable[Mapping[str, object]]) -> pd.DataFrame:
    """The `documents` table from rows made by `document_row`."""
    return conform(pd.DataFrame(list(rows), columns=DOCUMENTS.column_names), DOCUMENTS)


def document_row(
    item: SourceDocument,
    table_count: int | None,
    inspection: Mapping[str, object] | None = None,
) -> dict[str, object]:
    """One document's row of the `documents` table."""
    doc, meta = item.document, item.metadata
    inspection = inspection or {}
    return {
        "document_id": doc.document_id,
        "yot_id": meta.yot_id,
        "document_type": meta.document_type,
        "title": meta.title,
        "period_label": meta.period_label,
        "period_start": meta.period_start,
        "period_end": meta.period_end,
        "published": meta.published or inspection.get("published"),
        "source_file": doc.source_file,
        "sha256": doc.sha256,
        "size_bytes": doc.size_bytes,
        "line_count": doc.line_count,
        "table_count": table_count,
        "licence": meta.licence,
        "publisher": meta.publisher,
        "inspected_yot_id": inspection.get("inspected_yot_id"),
        "fieldwork_start": inspection.get("fieldwork_start"),
        "fieldwork_end": inspection.get("fieldwork_end"),
        "encoding": doc.encoding,
        "metadata_source": item.metadata_source,
    }


def rejections_frame(rejections: Iterable[Rejection]) -> pd.DataFrame:
    """The `rejections` table."""
    rows = [
        {
            "source_file": r.source_file,
            "document_id": r.document_id,
            "reason": r.reason,
            "sha256": r.sha256,
            "size_bytes": r.size_bytes,
        }
        for r in rejections
    ]
    frame = pd.DataFrame(rows, columns=REJECTIONS.column_names)
    return conform(frame.sort_values("source_file", kind="stable"), REJECTIONS)
