"""The sources manifest: reviewed metadata for documents, overriding detection."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from pipeline.ingest.sources import MANIFEST_NAME


@dataclass
class DocumentMetadata:
    """What is known about a document beyond its bytes; every field may be unknown."""

    yot_id: str | None = None
    document_type: str | None = None
    title: str | None = None
    period_label: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    published: dt.date | None = None
    publisher: str | None = None
    licence: str | None = None

    def overridden_by(self, other: DocumentMetadata) -> DocumentMetadata:
        """This metadata with every field that `other` sets replaced by other's value."""
        merged = {
            f.name: getattr(other, f.name)
            if getattr(other, f.name) is not None
            else getattr(self, f.name)
            for f in fields(self)
        }
        return DocumentMetadata(**merged)

    def missing(self, required: tuple[str, ...]) -> list[str]:
        return [name for name in required if getattr(self, name) is None]


_FIELD_NAMES = {f.name for f in fields(DocumentMetadata)}
_DATE_FIELDS = {"period_start", "period_end", "published"}


class ManifestError(ValueError):
    """The manifest itself is malformed (a reviewed file: fail loudly, naming the entry)."""


@dataclass
class Manifest:
    """Reviewed entries keyed by source file name: metadata and the document id to use."""

    metadata: dict[str, DocumentMetadata] = field(default_factory=dict)
    document_ids: dict[str, str] = field(default_factory=dict)


# libyaml's safe loader when PyYAML was built with it: a back-catalogue's manifest has
# thousands of entries.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_manifest(sources_dir: Path) -> Manifest:
    """The folder's manifest; an absent manifest is empty."""
    path = sources_dir / MANIFEST_NAME
    manifest = Manifest()
    if not path.is_file():
        return manifest
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER) or {}
    for index, entry in enumerate(raw.get("documents", []), start=1):
        if not isinstance(entry, dict) or "source_file" not in entry:
            raise ManifestError(f"{path.name}: entry {index} has no source_file")
        name = str(entry["source_file"])
        manifest.metadata[name] = _entry_metadata(entry, path.name, index)
        if entry.get("document_id"):
            manifest.document_ids[name] = str(entry["document_id"])
    return manifest


def _entry_metadata(entry: dict[str, Any], manifest_name: str, index: int) -> DocumentMetadata:
    values: dict[str, Any] = {}
    for key, value in entry.items():
        if key in ("source_file", "document_id"):
            continue
        if key not in _FIELD_NAMES:
            raise ManifestError(f"{manifest_name}: entry {index} has unknown field {key!r}")
        if key in _DATE_FIELDS and value is not None and not isinstance(value, dt.date):
            value = dt.date.fromisoformat(str(value))
        values[key] = value
    return DocumentMetadata(**values)
