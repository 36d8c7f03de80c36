"""PDF with a text layer -> rendering: tables from ruling lines, the rest as lines.

Read with pdfplumber (on pdfminer.six): it gives every character with its position and
every ruling line, finds tables from the lines that draw their grid, and reads each
cell's text from the characters inside it, so a table's cells need no guessing from
spacing. Text outside tables is grouped into lines by position, top to bottom; a wide
gap between words on a line (over three word spaces: a borderless table's columns) is
kept as a run of spaces,
as `pdftotext -layout` prints it, which the parser reads as aligned columns.

A table that runs over a page break with its header repeated on the next page is one
table: the repeated header rows are left out of the rendering.
"""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import dataclass

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from pipeline.ingest.convert import (
    ConversionError,
    Rendering,
    RenderingBuilder,
    cell_text,
    one_line,
)
from pipeline.metadata.enums import FORMAT_PDF

EOF_WINDOW = 1024  # readers look for %%EOF within the last 1,024 bytes
MARGIN_SHARE = 0.08  # the top and bottom 8% of a page: running headers and footers
_LINE_TOLERANCE = 3.0  # points: words whose tops differ by less are on one line
# A gap over three word spaces (the page's median gap between words on a line), and half
# the text height, separates columns: justified prose stretches its spaces less.
_COLUMN_SPACES_WIDE = 3.0
_COLUMN_HEIGHTS_WIDE = 0.5
_COLUMN_SPACES = "    "
_MAX_REPEATED_HEADER_ROWS = 3
_CONTINUED = re.compile(r"\b(?:continued|cont(?:'d|inued)?\.?)\W*$", re.I)


@dataclass
class _Block:
    """A text line or a table on one page, placed by its top edge."""

    top: float
    lines: list[str] | None = None  # a text line (one entry)
    rows: list[list[str]] | None = None  # a table
    in_margin: bool = False


def pdf_rendering(data: bytes) -> Rendering:
    """The rendering of a PDF, or ConversionError for a truncated, encrypted, empty or
    image-only (scanned) file."""
    if b"%%EOF" not in data[-EOF_WINDOW:]:
        raise ConversionError("a truncated PDF (it does not end with %%EOF): download it again")
    try:
        document = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise ConversionError("an encrypted PDF that needs a password: publish or save "
                                  "it without one") from exc
        raise ConversionError(f"a damaged PDF that cannot be opened ({one_line(cause)})") from exc
    with document:
        return _render(document)


def _render(document: pdfplumber.PDF) -> Rendering:
    pages = document.pages
    if not pages:
        raise ConversionError("a PDF with no pages")
    builder = RenderingBuilder(FORMAT_PDF)
    previous: list[list[str]] | None = None  # the last table, when it ended its page
    blank_pages = []
    for number, page in enumerate(pages, start=1):
        builder.new_page()
        blocks = _blocks(page)
        if all(block.in_margin for block in blocks):  # at most a page number: a scan
            blank_pages.append(number)
        previous = _write_page(builder, blocks, previous)
        page.close()  # frees the page's parsed objects: memory stays flat on long files
    if len(blank_pages) == len(pages):
        raise ConversionError(f"a PDF with no text layer ({len(pages)} page(s) of images only, "
                              "a scan?): run OCR on it first")
    notes = [f"converted from PDF: {len(pages)} pages"]
    if blank_pages:
        notes.append(f"PDF pages with no text (images only?): {_ranges(blank_pages)}")
    return builder.rendering(notes)


def _blocks(page: pdfplumber.page.Page) -> list[_Block]:
    """The page's tables and text lines, top to bottom."""
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]
    blocks = [_Block(table.bbox[1], rows=[[cell_text(c) for c in row] for row in
                                          table.extract()]) for table in tables]
    words = [w for w in page.extract_words() if not any(_inside(w, box) for box in boxes)]
    top_margin, bottom_margin = page.height * MARGIN_SHARE, page.height * (1 - MARGIN_SHARE)
    lines = _lines(words)
    space = _word_space(lines)
    for line in lines:
        top, bottom = line[0]["top"], max(w["bottom"] for w in line)
        blocks.append(_Block(top, lines=[_line_text(line, space)],
                             in_margin=bottom < top_margin or top > bottom_margin))
    blocks.sort(key=lambda block: (block.top, block.rows is None))
    return blocks


def _inside(word: dict, box: tuple[float, float, float, float]) -> bool:
    x = (word["x0"] + word["x1"]) / 2
    y = (word["top"] + word["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _lines(words: list[dict]) -> list[list[dict]]:
    """Words grouped into lines by their tops, each line left to right."""
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines and abs(word["top"] - lines[-1][0]["top"]) < _LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _word_space(lines: list[list[dict]]) -> float:
    """The page's usual space between two words of a line (its median gap)."""
    gaps = sorted(right["x0"] - left["x1"] for line in lines
                  for left, right in itertools.pairwise(line) if right["x0"] > left["x1"])
    return gaps[len(gaps) // 2] if gaps else 0.0


def _line_text(words: list[dict], space: float) -> str:
    """A line's words, single-spaced, with a run of spaces where a wide gap parts columns."""
    text = words[0]["text"]
    for left, right in itertools.pairwise(words):
        height = max(left["bottom"] - left["top"], 1.0)
        wide = max(_COLUMN_SPACES_WIDE * space, _COLUMN_HEIGHTS_WIDE * height)
        gap = right["x0"] - left["x1"]
        text += (_COLUMN_SPACES if gap > wide else " ") + right["text"]
    return text


def _write_page(builder: RenderingBuilder, blocks: list[_Block],
                previous: list[list[str]] | None) -> list[list[str]] | None:
    """Write a page's blocks; returns its last table when nothing but page furniture
    follows it on the page (so a table on the next page may continue it)."""
    body = [block for block in blocks if not block.in_margin and not _continued(block)]
    first_table = next((i for i, block in enumerate(body) if block.rows is not None), None)
    continues = previous is not None and first_table == 0
    last: list[list[str]] | None = None
    for block in blocks:
        if block.rows is None:
            builder.line(block.lines[0])
            if not block.in_margin:
                last = None
            continue
        rows = block.rows
        if continues and block is body[0]:
            rows = _without_repeated_header(rows, previous)
        else:
            builder.blank()
        for row in rows:
            builder.row(row)
        builder.blank()
        last = block.rows
    return last


def _continued(block: _Block) -> bool:
    """A caption saying the table goes on from the previous page ("Table 3 (continued)")."""
    return block.lines is not None and bool(_CONTINUED.search(block.lines[0]))


def _without_repeated_header(rows: list[list[str]], previous: list[list[str]]) -> list[list[str]]:
    """A continued table's rows without the header rows the previous page printed."""
    width = len(previous[0]) if previous else 0
    if not rows or len(rows[0]) != width:
        return rows
    skip = 0
    while (skip < min(_MAX_REPEATED_HEADER_ROWS, len(rows), len(previous))
           and rows[skip] == previous[skip]):
        skip += 1
    return rows[skip:]


def _ranges(numbers: list[int]) -> str:
    """`[1, 2, 3, 7]` as `1-3, 7`."""
    parts: list[str] = []
    start = end = numbers[0]
    for number in numbers[1:]:
        if number == end + 1:
            end = number
            continue
        parts.append(f"{start}-{end}" if end > start else str(start))
        start = end = number
    parts.append(f"{start}-{end}" if end > start else str(start))
    return ", ".join(parts)
