"""Service and document pages kept between builds, keyed by a hash of what they read.

A nightly release of a thousand documents re-renders a page per service and per document,
most of the release step's time, though an edited plan changes a handful of them. Each
page (with the charts it writes) is stored under a hash of its inputs, and rendered only
when that hash is new; the stored text is byte-identical to a fresh rendering, so the
release's unchanged files are then hard-linked to the previous release's as before.

The keys are deliberately wide (a page may read more than it shows): the site code and
templates and the table registry (`pipeline/metadata`); every table other than the
per-document catalogue tables whole (so a KPI value of any service re-renders every
service page that compares it); the documents'
titles, services, types and periods (links, order); and every row of the page's own
service or document in every table, the report's issues about it and, for a document,
whether its source file is still the one read. Deleting the folder only costs time.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.code_digest import add_files
from pipeline.ingest.sources import file_sha256
from pipeline.site.data import SiteData

CACHE_DIR = ".page-cache"
SITE_CODE = Path(__file__).resolve().parent
METADATA_CODE = SITE_CODE.parent / "metadata"
# Per-document tables: a page keys on its own rows of these, every other table whole.
PER_DOCUMENT_TABLES = ("documents", "tables", "rejections", "withheld")
# What any page reads of other documents: link titles, services and the period order.
LINK_COLUMNS = ("document_id", "title", "yot_id", "document_type", "period_label",
                "period_start", "period_end", "published")


@cache
def site_code_version() -> str:
    """The site's code, templates and static files, and the registry the pages describe
    tables and columns from: a change re-renders every page."""
    digest = hashlib.sha256()
    add_files(digest, (SITE_CODE.name, METADATA_CODE.name))
    return digest.hexdigest()


def row_hashes(frame: pd.DataFrame) -> np.ndarray:
    """One 64-bit hash per row over every column (list cells hashed as their JSON text:
    `str` of an array is numpy's slow printing)."""
    combined = np.zeros(len(frame), dtype=np.uint64)
    for position, column in enumerate(frame.columns):
        values = frame[column]
        try:
            hashed = pd.util.hash_pandas_object(values, index=False).to_numpy()
        except TypeError:
            text = values.map(lambda v: None if v is None else json.dumps(
                [str(item) for item in v], ensure_ascii=False))
            hashed = pd.util.hash_pandas_object(text, index=False).to_numpy()
        name = hashlib.sha256(f"{position}:{column}".encode()).digest()[:8]
        salt = np.frombuffer(name, dtype=np.uint64)[0]  # stable across processes
        combined = combined * np.uint64(1_000_003) ^ hashed ^ salt
    return combined


@dataclass
class PageKeys:
    """Input hashes of a site's pages, computed once per table."""

    site: SiteData
    _hashes: dict[str, np.ndarray] = field(default_factory=dict)
    _positions: dict[tuple[str, str], dict] = field(default_factory=dict)
    _shared: str | None = None

    def _rows(self, name: str) -> np.ndarray:
        if name not in self._hashes:
            self._hashes[name] = row_hashes(self.site.table(name))
        return self._hashes[name]

    def _slice(self, name: str, column: str, value: str) -> bytes:
        frame = self.site.table(name)
        if frame.empty or column not in frame:
            return b""
        if (name, column) not in self._positions:
            self._positions[(name, column)] = frame.groupby(column, sort=False).indices
        positions = self._positions[(name, column)].get(value)
        return b"" if positions is None else self._rows(name)[positions].tobytes()

    def shared(self) -> str:
        """What every page may read: the code, the whole non-catalogue tables, the
        documents' link columns, the services and the document order."""
        if self._shared is None:
            digest = hashlib.sha256(site_code_version().encode())
            for name in sorted(self.site.tables):
                if name not in PER_DOCUMENT_TABLES:
                    digest.update(name.encode() + b"\0" + self._rows(name).tobytes())
            documents = self.site.documents
            links = documents[[c for c in LINK_COLUMNS if c in documents]]
            digest.update(row_hashes(links).tobytes())
            digest.update(json.dumps([self.site.services, self.site.document_order]).encode())
            self._shared = digest.hexdigest()
        return self._shared

    def _key(self, kind: str, column: str, value: str, documents: Iterable[str],
             extra: object) -> str:
        digest = hashlib.sha256(f"{self.shared()}\0{kind}\0{value}".encode())
        for name in sorted(self.site.tables):
            digest.update(name.encode() + self._slice(name, column, value))
        for document_id in documents:
            for name in PER_DOCUMENT_TABLES:
                digest.update(name.encode() + self._slice(name, "document_id", document_id))
            digest.update(json.dumps(self.site.issues_where("document_id", document_id),
                                     sort_keys=True, default=str).encode())
        digest.update(json.dumps(extra, sort_keys=True, default=str).encode())
        return digest.hexdigest()

    def table(self, name: str) -> str:
        """The key of a table's page: what every page reads, and the table's own rows
        when it is a per-document table (the others are part of `shared`)."""
        digest = hashlib.sha256(f"{self.shared()}\0table\0{name}".encode())
        if name in PER_DOCUMENT_TABLES:
            digest.update(self._rows(name).tobytes())
        return digest.hexdigest()

    def indicator(self, indicator: str) -> str:
        """The key of an indicator's page: it reads only what every page may read (the
        KPI and reference tables whole, the documents' titles, the services)."""
        return hashlib.sha256(f"{self.shared()}\0indicator\0{indicator}".encode()).hexdigest()

    def service(self, yot_id: str) -> str:
        """The key of a service's page: its rows in every table and its documents'."""
        return self._key("service", "yot_id", yot_id, self.site.documents_of(yot_id),
                         self.site.issues_where("yot_id", yot_id))

    def document(self, document_id: str) -> str:
        """The key of a document's page: its rows, issues and whether its source file is
        still the one it was read from (the page quotes its text)."""
        cells = self.site.rows_for_document("tables", document_id)
        tables = sorted(set(cells["source_table"])) if "source_table" in cells else []
        return self._key("document", "document_id", document_id, [document_id],
                         [self._source_state(document_id),
                          [self.site.issues_where("source_table", t) for t in tables]])

    def _source_state(self, document_id: str) -> str | None:
        row = self.site.document_rows.get(document_id)
        if row is None or self.site.sources_dir is None:
            return None
        path = self.site.sources_dir / str(row["source_file"])
        try:
            return file_sha256(path) if path.is_file() else None
        except OSError:
            return None


@dataclass(frozen=True)
class StoredPage:
    """A page's text and the charts (file name -> SVG) it writes."""

    text: str
    charts: Mapping[str, str]


class PageCache:
    """Pages stored under their input hash, one JSON file each, in `root` (None: none
    kept). Writes are atomic; an entry that cannot be read is rendered again."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        assert self.root is not None
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> StoredPage | None:
        if self.root is None:
            return None
        try:
            stored = json.loads(self._path(key).read_text(encoding="utf-8"))
            page = StoredPage(str(stored["text"]), dict(stored["charts"]))
        except (OSError, ValueError, KeyError, TypeError):
            self.misses += 1
            return None
        self.hits += 1
        return page

    def put(self, key: str, page: StoredPage) -> None:
        if self.root is None:
            return
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump({"text": page.text, "charts": dict(page.charts)}, out)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
