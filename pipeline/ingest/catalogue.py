"""From ingested files to the `documents` catalogue and the `rejections` table.

A document is catalogued only when its service, type and title are known (from
the manifest, or detected from the text and file name); otherwise it is rejected
with a reason that says how to fix it. Identical files are catalogued once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.ingest.detect import detect
from pipeline.ingest.manifest import DocumentMetadata, Manifest, load_manifest
from pipeline.ingest.sources import (
    MANIFEST_NAME,
    Discovery,
    IngestedDocument,
    Rejection,
    SourceFile,
    discover,
    ingest_file,
)
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
MANIFEST_ENTRY = "manifest_entry"


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


def read_folder(sources_dir: Path) -> tuple[Manifest, Discovery]:
    """The folder's manifest and its documents: every file with a bad manifest entry, and
    every entry that is not a readable file, is a rejection rather than a document."""
    manifest = load_manifest(sources_dir)
    return manifest, discover(sources_dir, manifest.document_ids, manifest.errors)


def folder_issues(manifest: Manifest, discovery: Discovery) -> list[Issue]:
    """Manifest entries that describe no file in the folder: reported, never applied."""
    present = {s.name for s in discovery.sources} | {r.source_file for r in discovery.rejections}
    messages = [*manifest.problems]
    for name, index in manifest.entries.items():
        if name not in present:
            messages.append(manifest.errors.get(name) or (
                f"{MANIFEST_NAME} entry {index} (source_file {name}): no such file in the "
                "sources folder"))
    return [Issue(STAGE, MANIFEST_ENTRY, message, WARNING) for message in messages]


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
    """Catalogued documents and rejections, in id order; of files with identical content
    (same SHA-256) one is kept and the others are rejected naming it.

    The one kept is the file the manifest describes (reviewed metadata: licence,
    publisher), else the oldest: earliest modification time, then first by name. A stray
    copy therefore never displaces the reviewed or the original file."""
    kept: list[SourceDocument] = []
    rejected: list[Rejection] = []
    groups: dict[str, list[SourceDocument]] = {}
    for key in sorted(results):
        result = results[key]
        if isinstance(result, Rejection):
            rejected.append(result)
        else:
            groups.setdefault(result.document.sha256, []).append(result)
    for group in groups.values():
        ranked = sorted(group, key=_keep_first)
        original = ranked[0]
        kept.append(original)
        why = ("because manifest.yaml describes it" if original.metadata_source == MANIFEST
               else "as the older file")
        rejected += [
            _reject(copy.document,
                    f"identical content to {original.document.source_file} (document "
                    f"{original.document_id}), which is kept {why}")
            for copy in ranked[1:]
        ]
    kept.sort(key=lambda item: item.document_id)
    return kept, rejected


def _keep_first(item: SourceDocument) -> tuple[bool, int, str]:
    return (item.metadata_source != MANIFEST, item.document.mtime_ns, item.document.source_file)


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
        "source_url": meta.source_url,
        "publisher": meta.publisher,
        "inspected_yot_id": inspection.get("inspected_yot_id"),
        "fieldwork_start": inspection.get("fieldwork_start"),
        "fieldwork_end": inspection.get("fieldwork_end"),
        "encoding": doc.encoding,
        "metadata_source": item.metadata_source,
        "source_format": doc.source_format,
        "page_count": doc.page_count,
        "rendering_sha256": doc.rendering_sha256,
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
