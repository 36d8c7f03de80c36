"""Find, read and decode the source documents, never modifying them.

Each file becomes either an `IngestedDocument` (text with normalised line
endings, hash, encoding and what was done) or a `Rejection` with a one-line
reason. Nothing here raises for bad input: one bad file never stops the others.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from pipeline.ingest.convert import (
    ConversionError,
    Rendering,
    cached_convert,
    page_of_line,
    source_format_of,
    store_dir,
)
from pipeline.metadata.enums import FORMAT_TEXT

MANIFEST_NAME = "manifest.yaml"
SOURCE_SUFFIXES = (".txt", ".md", ".text", ".html", ".htm", ".pdf", ".docx")
DEFAULT_MAX_BYTES = 25 * 1024 * 1024
_MB = 1024 * 1024  # the README's "25 MB" is 25 x 1024 x 1024 bytes
# Document ids name files (site pages, stored partitions) and Dagster partitions: longer
# ids keep a readable prefix and end in a short hash of the whole slug.
MAX_ID_LENGTH = 64
_ID_HASH_LENGTH = 8
_HASH_CHUNK = 1024 * 1024
# PDF and .docx files are converted (pipeline.ingest.convert); these are not read.
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0", "an old Office file (.doc): save it as .docx, PDF or text"),
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
    # When the file was last modified (ns): of two identical files the older one is kept.
    mtime_ns: int = 0
    # A PDF or .docx is read as its text rendering (`text`); text sources have no pages.
    source_format: str = FORMAT_TEXT
    page_starts: tuple[int, ...] = ()  # line on which each page of the original starts
    rendering_sha256: str | None = None

    @property
    def page_count(self) -> int | None:
        return len(self.page_starts) or None

    def page_of(self, line: int) -> int | None:
        """The page of the original a line of `text` is printed on (None for text)."""
        return page_of_line(self.page_starts, line)

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


@dataclass
class Discovery:
    """What a sources folder holds: the files to read, and every other entry with the reason
    it is not read (so nothing in the folder goes unreported)."""

    sources: list[SourceFile] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)


def discover_sources(
    sources_dir: Path, document_ids: Mapping[str, str] | None = None
) -> list[SourceFile]:
    """Every document to read in the folder, sorted by name, with unique document ids."""
    return discover(sources_dir, document_ids).sources


def discover(
    sources_dir: Path,
    document_ids: Mapping[str, str] | None = None,
    refused: Mapping[str, str] | None = None,
) -> Discovery:
    """The folder's documents with unique ids, and a rejection for every other entry.

    The id is the manifest's `document_id` for the file when it has one, else the file
    name without its suffix, as a slug of at most MAX_ID_LENGTH characters. Ids are never
    renumbered: when two files would share an id, a file whose id the manifest gives wins,
    else the first by name, and the other is rejected naming both. Only regular files that
    resolve inside the folder are read; links out of it, sub-folders, pipes and devices
    are rejected, as is every file named in `refused` (file name -> reason). Hidden files
    and the manifest are skipped.
    """
    document_ids = document_ids or {}
    refused = refused or {}
    if not sources_dir.is_dir():
        return Discovery()
    root = sources_dir.resolve()
    found = Discovery()
    candidates: list[tuple[bool, str, Path]] = []
    for path in sorted((p for p in sources_dir.iterdir() if _is_listed(p)),
                       key=lambda p: p.name):
        given = document_ids.get(path.name)
        doc_id = document_id_for(path, given)
        problem = refused.get(path.name) or _not_a_source(path, root)
        if problem is None and doc_id is None:
            problem = (f"the manifest's document_id {_shown(str(given))!r} has no letters or "
                       "digits to make an id from")
        if problem is not None:
            found.rejections.append(Rejection(path.name, doc_id, problem))
        else:
            candidates.append((given is None, path.name, path))
    owners: dict[str, Path] = {}
    for _, _, path in sorted(candidates):
        doc_id = document_id_for(path, document_ids.get(path.name))
        assert doc_id is not None
        owner = owners.setdefault(doc_id, path)
        if owner is not path:
            found.rejections.append(Rejection(path.name, doc_id, _clash(doc_id, owner)))
        else:
            found.sources.append(SourceFile(path=path, document_id=doc_id))
    found.sources.sort(key=lambda s: s.name)
    return found


def document_id_for(path: Path, given: str | None = None) -> str | None:
    """The id a file is published under: the manifest's `given` id or the file name, as a
    bounded slug; None when the manifest's id has nothing to make a slug from."""
    if given is not None:
        return bounded_id(slugify(given)) or None
    slug = slugify(_stem(path))
    if not slug:  # a name with no letters or digits: still one id per file name
        slug = f"document-{hashlib.sha256(path.name.encode()).hexdigest()[:_ID_HASH_LENGTH]}"
    return bounded_id(slug)


def bounded_id(slug: str) -> str:
    """`slug` cut to MAX_ID_LENGTH characters: a readable prefix and a short hash of the
    whole slug, so two long names that share a prefix stay distinct."""
    if len(slug) <= MAX_ID_LENGTH:
        return slug
    digest = hashlib.sha256(slug.encode()).hexdigest()[:_ID_HASH_LENGTH]
    return f"{slug[: MAX_ID_LENGTH - _ID_HASH_LENGTH - 1].rstrip('-')}-{digest}"


def _clash(doc_id: str, owner: Path) -> str:
    return (f"document id {doc_id!r} is already that of {_shown(owner.name)}: rename one of "
            "the two files, or give one its own document_id in manifest.yaml")


def _is_listed(path: Path) -> bool:
    return not path.name.startswith(".") and path.name != MANIFEST_NAME


def _not_a_source(path: Path, root: Path) -> str | None:
    """Why a folder entry is not read, or None for a regular file inside the folder.

    Never names where a link points: the rejections table is published."""
    try:
        target = path.resolve(strict=True)
        mode = target.stat().st_mode
    except (OSError, RuntimeError):
        if path.is_symlink():
            return "a symbolic link that leads nowhere (broken or a loop): not read"
        return "cannot be read"
    if not target.is_relative_to(root):
        return ("a symbolic link that points outside the sources folder: only files inside "
                "the folder are read")
    if stat.S_ISDIR(mode):
        return "a folder: files in sub-folders are not read"
    if not stat.S_ISREG(mode):
        return NOT_REGULAR
    return None


NOT_REGULAR = "not a regular file (a pipe, socket or device): not read"


def _shown(name: str) -> str:
    """A file name for a one-line reason: control characters shown as `?`."""
    return re.sub(r"[\x00-\x1f\x7f]", "?", name)


def _stem(path: Path) -> str:
    name = path.name
    for suffix in SOURCE_SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, streamed so large files do not sit in memory twice."""
    with path.open("rb") as handle:
        return _stream_sha256(handle)


def _stream_sha256(handle: BinaryIO) -> str:
    digest = hashlib.sha256()
    while chunk := handle.read(_HASH_CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def ingest_file(
    source: SourceFile, max_bytes: int = DEFAULT_MAX_BYTES
) -> IngestedDocument | Rejection:
    """Read and decode one file, or say in one line why it cannot be a document.

    The file is opened once, without blocking, and read only if it is a regular file: a
    pipe or device put in its place after discovery is rejected, not waited on."""
    name = source.name
    try:
        with os.fdopen(os.open(source.path, os.O_RDONLY | os.O_NONBLOCK), "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                return Rejection(name, source.document_id, NOT_REGULAR)
            size = info.st_size
            data = handle.read() if size <= max_bytes else None
            sha = _stream_sha256(handle) if data is None else hashlib.sha256(data).hexdigest()
    except OSError as exc:
        return Rejection(name, source.document_id, f"cannot be read: {exc.strerror or exc}")

    def reject(reason: str) -> Rejection:
        return Rejection(name, source.document_id, reason, sha, size)

    if data is None:
        return reject(
            f"file is {size / _MB:.1f} MB, over the {max_bytes / _MB:.0f} MB limit for one "
            "document (raise max_source_bytes if it is genuine)"
        )
    if not data:
        return reject("empty file")
    source_format = source_format_of(data)
    if source_format is not None:
        try:
            rendering = cached_convert(data, sha, source_format, store_dir(source.path))
        except ConversionError as exc:
            return reject(str(exc))
        return converted_document(source, rendering, sha, size, info.st_mtime_ns)
    decoded, problem = _decode_document(data)
    if decoded is None:
        return reject(problem)
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
        mtime_ns=info.st_mtime_ns,
    )


def converted_document(source: SourceFile, rendering: Rendering, sha: str, size: int,
                       mtime_ns: int) -> IngestedDocument | Rejection:
    """A PDF's or .docx's rendering as the document every later stage reads."""
    text = rendering.text
    if not text.strip():
        return Rejection(source.name, source.document_id,
                         f"no text: the {rendering.source_format} file holds no words", sha, size)
    return IngestedDocument(
        document_id=source.document_id,
        source_file=source.name,
        sha256=sha,
        size_bytes=size,
        encoding="utf-8",
        text=text,
        notes=list(rendering.notes),
        mtime_ns=mtime_ns,
        source_format=rendering.source_format,
        page_starts=rendering.page_starts,
        rendering_sha256=rendering.sha256,
    )


def _decode_document(data: bytes) -> tuple[tuple[str, str] | None, str]:
    """The text and its encoding, or None and why the bytes are not a text document."""
    for signature, reason in _BINARY_SIGNATURES:
        if data.startswith(signature):
            return None, reason
    utf16 = _utf16_codec(data)
    if utf16 is not None:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            text = None
        if text is None or "\x00" in text:
            return None, "looks like UTF-16 text but does not decode as UTF-16"
        return (text.removeprefix("\ufeff"), utf16), ""
    if b"\x00" in data:
        return None, "binary file (contains NUL bytes), not text"
    decoded = decode_bytes(data)
    if decoded is None:
        return None, "not readable as UTF-8 or Windows-1252 text"
    return decoded, ""


def _utf16_codec(data: bytes) -> str | None:
    """`utf-16` for a file with a UTF-16 byte-order mark; `utf-16-le`/`-be` for one without,
    when (as in Windows "Unicode" text of Latin script) nearly every other byte is NUL and
    the bytes between are not."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if len(data) % 2 or len(data) < 4:
        return None
    even, odd = data[0::2], data[1::2]
    for codec, zeros, chars in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) >= 0.7 * len(zeros) and chars.count(0) <= 0.01 * len(chars):
            return codec
    return None


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
