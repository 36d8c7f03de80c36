"""Word .docx -> rendering: paragraphs as lines, real table cells as tab-separated rows.

Read with python-docx: a Word table is a grid of cells, so each row becomes one line
with its cells separated by tabs, in the document's order. A cell merged across columns
(`gridSpan`) or down rows (`vMerge`) is printed once, in its first column and row; the
positions it covers are left empty, as in Word's text export, so the parser spreads a
merged upper header over the columns it heads. A cell's paragraphs (and any table
nested in it) are joined on one line.

Pages: a .docx has no fixed pages; Word records where it last broke pages when it
saved the file (`w:lastRenderedPageBreak`). Those are used when present; otherwise
only hard page breaks are known, so a program-written file without them is one page
as far as the pipeline can tell.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import docx
from docx.oxml.ns import qn
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

from pipeline.ingest.convert import ConversionError, Rendering, RenderingBuilder, cell_text
from pipeline.metadata.enums import FORMAT_DOCX

MAX_UNPACKED_BYTES = 512 * 1024 * 1024  # a "zip bomb" is refused before it is unpacked
MAIN_PART = "word/document.xml"
_T, _BR, _RENDERED = qn("w:t"), qn("w:br"), qn("w:lastRenderedPageBreak")
_TYPE = qn("w:type")


def docx_rendering(data: bytes) -> Rendering:
    """The rendering of a .docx, or ConversionError for a file that is not one."""
    _check_package(data)
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    rendered = next(body.iter(_RENDERED), None) is not None
    builder = RenderingBuilder(FORMAT_DOCX)
    builder.new_page()
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            _write_paragraph(builder, block, rendered)
        else:
            _write_table(builder, block, rendered)
    how = ("as Word last laid it out" if rendered
           else "from hard page breaks only (Word recorded no page layout)")
    return builder.rendering([f"converted from Word .docx: {len(builder.page_starts)} "
                              f"page(s), {how}"])


def _check_package(data: bytes) -> None:
    """A ZIP file that is a Word document and unpacks to a sane size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            unpacked = sum(info.file_size for info in package.infolist())
    except zipfile.BadZipFile as exc:
        raise ConversionError(f"a damaged Word .docx file (not a readable ZIP: {exc})") from exc
    if MAIN_PART not in names:
        raise ConversionError("a ZIP file that is not a Word .docx document (no "
                              f"{MAIN_PART}): save it as .docx, PDF or text")
    if unpacked > MAX_UNPACKED_BYTES:
        raise ConversionError(f"a .docx that unpacks to {unpacked // 2**20} MB, over the "
                              f"{MAX_UNPACKED_BYTES // 2**20} MB limit")


def _write_paragraph(builder: RenderingBuilder, paragraph: Paragraph, rendered: bool) -> None:
    before, after = _page_breaks(paragraph._p, rendered)
    for _ in range(before):
        builder.new_page()
    builder.line(paragraph.text)
    for _ in range(after):
        builder.new_page()


def _write_table(builder: RenderingBuilder, table: Table, rendered: bool) -> None:
    builder.blank()
    above: list[object] = []  # the cell element at each grid column of the row above
    for row in table.rows:
        before, after = _row_page_breaks(row, rendered)
        for _ in range(before):
            builder.new_page()
        texts, elements = [""] * row.grid_cols_before, [None] * row.grid_cols_before
        for cell in row.cells:
            column = len(texts)
            element = cell._tc
            merged = element in elements or (column < len(above) and above[column] is element)
            texts.append("" if merged else _cell_text(cell))
            elements.append(element)
        builder.row(texts)
        above = elements
        for _ in range(after):
            builder.new_page()
    builder.blank()


def _cell_text(cell: _Cell) -> str:
    return cell_text(" ".join(_cell_parts(cell)))


def _cell_parts(cell: _Cell) -> Iterator[str]:
    """A cell's paragraphs and the cells of any table nested in it, in order."""
    for block in cell.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block.text
        else:
            for row in block.rows:
                for inner in dict.fromkeys(c._tc for c in row.cells):
                    yield " ".join(_cell_parts(_Cell(inner, block)))


def _row_page_breaks(row: _Row, rendered: bool) -> tuple[int, int]:
    """Page breaks of a table row: every cell of a row split over two pages records the
    break, so the row counts the most any one cell has, not their sum."""
    cells = [_page_breaks(tc, rendered) for tc in row._tr.tc_lst]
    if any(after for _, after in cells):  # the row starts on this page and runs on
        return 0, max(before + after for before, after in cells)
    return max((before for before, _ in cells), default=0), 0


def _page_breaks(element: object, rendered: bool) -> tuple[int, int]:
    """Page breaks in a paragraph or row: (before any of its text, after text began).

    With Word's recorded layout (`rendered`) its rendered breaks count, else hard breaks."""
    before = after = 0
    seen_text = False
    for node in element.iter(_T, _BR, _RENDERED):  # type: ignore[attr-defined]
        if node.tag == _T:
            seen_text = seen_text or bool((node.text or "").strip())
        elif (node.tag == _RENDERED) if rendered else node.get(_TYPE) == "page":
            if seen_text:
                after += 1
            else:
                before += 1
    return before, after
