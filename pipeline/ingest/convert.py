"""PDF and Word files as the text the parser reads, with the page of every line.

Councils publish plans and reports as PDF or Word. Rather than teach the parser a
second input model, each file is converted into one text rendering it already reads
without guessing: paragraphs as lines, one tab-separated line per table row (a cell
merged over several columns or rows printed once, in its first column and row, the
others left empty, as Word's own text export does; the parser spreads an upper
header over the empty columns it heads). `source_line` numbers lines of this
rendering, and `page_starts` maps them to pages of the original.

Renderings are stored outside the sources folder (which is never written to), in
`renderings/` beside it (`datasets/renderings/<sha256>.txt` and `.json` for the
project's own folder), keyed by the original's SHA-256: a person can read exactly
what `source_line` points into, and the site and later runs reuse the conversion.
The store is a cache: a missing, stale or unwritable one only costs a conversion.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from pipeline.metadata.enums import FORMAT_DOCX, FORMAT_PDF

RENDERINGS_DIR = "renderings"
# Bumped whenever a conversion would give other lines: older stored renderings are redone.
CONVERTER_VERSION = "1"
PDF_SIGNATURE = b"%PDF-"
ZIP_SIGNATURE = b"PK\x03\x04"
_SPACES = re.compile(r"\s+")


class ConversionError(ValueError):
    """The file cannot be converted; the message is the one-line rejection reason."""


@dataclass
class Rendering:
    """A converted document: its text lines and the page each line is printed on."""

    source_format: str
    lines: list[str]
    page_starts: tuple[int, ...]  # page k+1 starts at line page_starts[k] (1-based)
    notes: list[str] = field(default_factory=list)

    @property
    def page_count(self) -> int:
        return len(self.page_starts)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def page_of_line(page_starts: tuple[int, ...], line: int) -> int | None:
    """The 1-based page a line is printed on; None for a text source (no pages)."""
    if not page_starts:
        return None
    return max(1, bisect.bisect_right(page_starts, line))


class RenderingBuilder:
    """Lines and page breaks as a converter meets them, in reading order."""

    def __init__(self, source_format: str) -> None:
        self.source_format = source_format
        self.lines: list[str] = []
        self.page_starts: list[int] = []

    def new_page(self) -> None:
        self.page_starts.append(len(self.lines) + 1)

    def line(self, text: str) -> None:
        for part in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            self.lines.append(part.rstrip())

    def blank(self) -> None:
        """One empty line, never two in a row (a table is set apart from its prose)."""
        if self.lines and self.lines[-1]:
            self.lines.append("")

    def row(self, cells: list[str]) -> None:
        """One table row as a tab-separated line; a row that prints nothing is left out."""
        texts = [cell_text(cell) for cell in cells]
        if any(texts):
            self.lines.append("\t".join(texts).rstrip("\t"))

    def rendering(self, notes: list[str] | None = None) -> Rendering:
        if not self.page_starts:
            self.new_page()
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        return Rendering(self.source_format, self.lines or [""], tuple(self.page_starts),
                         list(notes or []))


def cell_text(text: str | None) -> str:
    """A cell on one line: wrapped lines joined (a word broken at a hyphen rejoined)."""
    if not text:
        return ""
    parts = [part.strip() for part in text.replace("\t", " ").splitlines() if part.strip()]
    joined = ""
    for part in parts:
        glue = "" if not joined or (joined.endswith("-") and part[:1].islower()) else " "
        joined = f"{joined}{glue}{part}"
    return _SPACES.sub(" ", joined)


def source_format_of(data: bytes) -> str | None:
    """`pdf` or `docx` for a file to convert (by its bytes, not its name); None for text."""
    if data.startswith(PDF_SIGNATURE):
        return FORMAT_PDF
    if data.startswith(ZIP_SIGNATURE):
        return FORMAT_DOCX
    return None


def convert(data: bytes, source_format: str) -> Rendering:
    """The rendering of a PDF or .docx; ConversionError with a one-line reason when the
    file cannot be read. Any failure of the reading libraries is such a reason: one
    damaged file never stops the others."""
    from pipeline.ingest import pdf, word  # the libraries load only when a file needs them

    converter = pdf.pdf_rendering if source_format == FORMAT_PDF else word.docx_rendering
    try:
        return converter(data)
    except ConversionError:
        raise
    except Exception as exc:  # a damaged file can fail anywhere inside the libraries
        raise ConversionError(f"a damaged {_NAMES[source_format]} file that cannot be read "
                              f"({one_line(exc)})") from exc


_NAMES = {FORMAT_PDF: "PDF", FORMAT_DOCX: "Word .docx"}


def one_line(exc: BaseException) -> str:
    """An exception as a short single line for a rejection reason."""
    text = _SPACES.sub(" ", str(exc)).strip()
    name = type(exc).__name__
    return (f"{name}: {text}" if text else name)[:160]


def converter_version() -> str:
    """What a stored rendering was made with: ours and the libraries' versions."""
    libraries = ",".join(f"{name} {version(name)}" for name in ("pdfplumber", "python-docx"))
    return f"{CONVERTER_VERSION} ({libraries})"


def store_dir(source_path: Path) -> Path:
    """Where a source file's rendering is kept: `renderings/` beside its sources folder."""
    return source_path.parent.parent / RENDERINGS_DIR


def cached_convert(data: bytes, sha256: str, source_format: str, store: Path) -> Rendering:
    """The stored rendering of these bytes when it is current, else a new one, stored."""
    stored = load_rendering(store, sha256)
    if stored is not None:
        return stored
    rendering = convert(data, source_format)
    try:
        save_rendering(store, sha256, rendering)
    except OSError as exc:
        rendering.notes.append(f"text rendering not stored in {store}: {one_line(exc)}")
    return rendering


def load_rendering(store: Path, sha256: str) -> Rendering | None:
    """A stored rendering, if it was made by this converter and is intact."""
    try:
        meta = json.loads((store / f"{sha256}.json").read_text("utf-8"))
        text = (store / f"{sha256}.txt").read_text("utf-8")
    except (OSError, ValueError):
        return None
    if (not isinstance(meta, dict) or meta.get("converter") != converter_version()
            or meta.get("rendering_sha256") != hashlib.sha256(text.encode()).hexdigest()):
        return None
    return Rendering(meta["source_format"], text.split("\n"), tuple(meta["page_starts"]),
                     list(meta.get("notes", [])))


def save_rendering(store: Path, sha256: str, rendering: Rendering) -> None:
    """Write the rendering (text, then its description) atomically under its hash."""
    store.mkdir(parents=True, exist_ok=True)
    meta = {
        "converter": converter_version(),
        "source_format": rendering.source_format,
        "source_sha256": sha256,
        "rendering_sha256": rendering.sha256,
        "page_count": rendering.page_count,
        "page_starts": list(rendering.page_starts),
        "notes": rendering.notes,
    }
    _atomic_write(store / f"{sha256}.txt", rendering.text)
    _atomic_write(store / f"{sha256}.json", json.dumps(meta, indent=1))


def _atomic_write(path: Path, text: str) -> None:
    handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
