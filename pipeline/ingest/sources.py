"""Find, read and decode the source documents, never modifying them.

Each file becomes either an `IngestedDocument` (text with normalised line
endings, hash, encoding and what was done) or a `Rejection` with a one-line
reason. Nothing here raises for bad input: one bad file never stops the others.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST_NAME = "manifest.yaml"
SOURCE_SUFFIXES = (".txt", ".md", ".text", ".html", ".htm")
DEFAULT_MAX_BYTES = 25 * 1024 * 1024
_HASH_CHUNK = 1024 * 1024
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file, not text: convert it to text first"),
    (b"PK\x03\x04", "a ZIP/Office file, not text: convert it to text first"),
    (b"\xd0\xcf\x11\xe0", "an old Office file, not text: convert it to text first"),
)


@dataclass(frozen=True)
class SourceFile:
    """A file in the sources folder and the document id it will be published under."""

    path: Path
    document_id: str

    @property
    def name(self) -> str:
        return self.path.name


@dataclass
class IngestedDocument:
    """A decoded document: the text every later stage reads, with its provenance."""

    document_id: str
    source_file: str
    sha256: str
    size_bytes: int
    encoding: str
    text: str
    notes: list[str] = field(default_factory=list)
    cell_breaks: tuple[int, ...] = ()  # lines that ended in a lone CR (Word table cells)

    @property
    def lines(self) -> list[str]:
        """Lines as numbered in `source_line` (1-based index = position + 1)."""
        return self.text.split("\n")

    @property
    def line_count(self) -> int:
        return len(self.lines)


@dataclass(frozen=True)
class Rejection:
    """A file that was not ingested and why, in one line."""

    source_file: str
    document_id: str | None
    reason: str
    sha256: str | None = None
    size_bytes: int | None = None


def slugify(text: str) -> str:
    """Lowercase ASCII slug, words joined by `-`: accents are folded ("Môn" -> "mon") and
    any other character (a dash, a bracket, a space) separates words."""
    folded = "".join(char if char.isascii() else _fold(char) for char in text)
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def _fold(char: str) -> str:
    ascii_part = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
    return ascii_part or " "


def discover_sources(
    sources_dir: Path, document_ids: Mapping[str, str] | None = None
) -> list[SourceFile]:
    """Every candidate document in the folder, sorted by name, with unique document ids.

    The id is the manifest's `document_id` for the file when it has one, else the file
    name without its suffix as a slug. Hidden files and the manifest are skipped. Files
    whose ids collide get a numeric suffix, in name order, so ids are stable for a folder.
    """
    document_ids = document_ids or {}
    if not sources_dir.is_dir():
        return []
    paths = sorted(
        (p for p in sources_dir.iterdir() if _is_candidate(p)),
        key=lambda p: p.name,
    )
    seen: dict[str, int] = {}
    found = []
    for path in paths:
        base = slugify(document_ids.get(path.name) or _stem(path)) or "document"
        count = seen.get(base, 0) + 1
        seen[base] = count
        doc_id = base if count == 1 else f"{base}-{count}"
        found.append(SourceFile(path=path, document_id=doc_id))
    return found


def _is_candidate(path: Path) -> bool:
    return path.is_file() and not path.name.startswith(".") and path.name != MANIFEST_NAME


def _stem(path: Path) -> str:
    name = path.name
    for suffix in SOURCE_SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, streamed so large files do not sit in memory twice."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def ingest_file(
    source: SourceFile, max_bytes: int = DEFAULT_MAX_BYTES
) -> IngestedDocument | Rejection:
    """Read and decode one file, or say in one line why it cannot be a document."""
    name = source.name
    try:
        size = source.path.stat().st_size
        sha = file_sha256(source.path)
    except OSError as exc:
        return Rejection(name, source.document_id, f"cannot be read: {exc.strerror or exc}")

    def reject(reason: str) -> Rejection:
        return Rejection(name, source.document_id, reason, sha, size)

    if size == 0:
        return reject("empty file")
    if size > max_bytes:
        return reject(
            f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit for one "
            "document (raise max_source_bytes if it is genuine)"
        )
    data = source.path.read_bytes()
    for signature, reason in _BINARY_SIGNATURES:
        if data.startswith(signature):
            return reject(reason)
    if b"\x00" in data:
        return reject("binary file (contains NUL bytes), not text")
    decoded = decode_bytes(data)
    if decoded is None:
        return reject("not readable as UTF-8 or Windows-1252 text")
    text, encoding = decoded
    breaks = cell_break_lines(text)
    text, notes = normalise_text(text)
    if not text.strip():
        return reject("no text: the file holds only whitespace")
    if encoding != "utf-8":
        notes.insert(0, f"decoded from {encoding}")
    return IngestedDocument(
        document_id=source.document_id,
        source_file=name,
        sha256=sha,
        size_bytes=size,
        encoding=encoding,
        text=text,
        notes=notes,
        cell_breaks=breaks,
    )


def decode_bytes(data: bytes) -> tuple[str, str] | None:
    """Decode as UTF-8 (with or without BOM), else Windows-1252; None when neither fits.

    Windows-1252 is the usual encoding of UK office documents saved as "ANSI" text
    (a `£` is byte 0xA3); five of its bytes are undefined, which rejects most binaries.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return None


def cell_break_lines(text: str) -> tuple[int, ...]:
    """Lines (numbered as after normalisation) that end in a lone CR.

    In a Word "text only" export a lone CR separates the cells of a table while
    paragraphs end in CRLF; the parser uses these breaks to rebuild the table's
    cells after the line endings are normalised. Empty for any other text."""
    if "\r" not in text or "\r\n" not in text:
        return ()
    breaks = []
    line = 1
    for match in _LINE_END.finditer(text):
        if match.group() == "\r":
            breaks.append(line)
        line += 1
    return tuple(breaks)


_LINE_END = re.compile(r"\r\n|\r|\n")


def normalise_text(text: str) -> tuple[str, list[str]]:
    """Normalise line endings to `\\n` and say what was changed."""
    notes = []
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
        notes.append("CRLF line endings normalised to LF")
    if "\r" in text:
        text = text.replace("\r", "\n")
        notes.append("CR line endings normalised to LF")
    return text, notes
