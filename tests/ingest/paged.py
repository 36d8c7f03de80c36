"""Documents written by the tests three ways: as text, as a PDF and as a Word .docx.

A document is a list of blocks: a paragraph (str), a table (`Grid`) or a page break
(`PAGE`). `as_text` prints it as text the parser reads (one tab-separated line per table
row); `as_pdf` lays it out with fpdf2 (ruled tables, a page footer, headings repeated
when a table runs onto the next page); `as_docx` writes a Word file with python-docx
(real tables, merged cells, hard page breaks). The same content in three formats must
give the same fact rows.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

PAGE = object()


@dataclass
class Grid:
    """A table: rows of cells; `spans` maps (row, column) to how many columns a cell
    covers (the covered positions hold "")."""

    rows: list[list[str]]
    spans: dict[tuple[int, int], int] = field(default_factory=dict)
    heading_rows: int = 1


Block = str | Grid | object


def as_text(blocks: list[Block]) -> str:
    """The document as text: paragraphs as lines, tables as tab-separated rows."""
    return "\n".join(line for line, _ in _text_lines(blocks)) + "\n"


def text_pages(blocks: list[Block]) -> list[int]:
    """The page (counting `PAGE` breaks) of each line of `as_text`, in order."""
    return [page for _, page in _text_lines(blocks)]


def _text_lines(blocks: list[Block]) -> list[tuple[str, int]]:
    lines: list[tuple[str, int]] = []
    page = 1
    for block in blocks:
        if block is PAGE:
            page += 1
        elif isinstance(block, Grid):
            rows = ["", *("\t".join(row).rstrip("\t") for row in block.rows), ""]
            lines += [(row, page) for row in rows]
        else:
            lines.append((str(block), page))
    return lines


def as_pdf(blocks: list[Block], footer: bool = True, ruled: bool = True) -> bytes:
    """The document as a PDF with a text layer (core Helvetica, latin-1 text); tables
    `ruled` (a grid of lines) or set out by position alone."""
    from fpdf import FPDF

    class _Pdf(FPDF):
        def footer(self) -> None:
            if footer:
                self.set_y(-12)
                self.set_font("Helvetica", size=8)
                self.cell(0, 6, f"Page {self.page_no()}", align="C")

    pdf = _Pdf(format="A4")
    pdf.set_margins(left=20, top=25)  # about an inch, as office documents are set
    pdf.set_auto_page_break(True, margin=25)
    pdf.set_font("Helvetica", size=10)
    pdf.add_page()
    for block in blocks:
        if block is PAGE:
            pdf.add_page()
        elif isinstance(block, Grid):
            _pdf_table(pdf, block, ruled)
        else:
            pdf.multi_cell(0, 5, str(block), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _pdf_table(pdf, grid: Grid, ruled: bool) -> None:
    pdf.ln(2)
    with pdf.table(num_heading_rows=grid.heading_rows, line_height=6, text_align="LEFT",
                   borders_layout="ALL" if ruled else "NONE") as table:
        for r, cells in enumerate(grid.rows):
            row = table.row()
            column = 0
            while column < len(cells):
                span = grid.spans.get((r, column), 1)
                row.cell(cells[column], colspan=span)
                column += span
    pdf.ln(2)


def as_docx(blocks: list[Block]) -> bytes:
    """The document as a Word .docx with real tables (merged cells merged)."""
    import docx

    document = docx.Document()
    for block in blocks:
        if block is PAGE:
            document.add_page_break()
        elif isinstance(block, Grid):
            width = max(len(row) for row in block.rows)
            table = document.add_table(rows=len(block.rows), cols=width)
            for r, cells in enumerate(block.rows):
                for c, text in enumerate(cells):
                    span = block.spans.get((r, c), 1)
                    cell = table.cell(r, c)
                    if span > 1:
                        cell = cell.merge(table.cell(r, c + span - 1))
                    if text:
                        cell.text = text
        else:
            document.add_paragraph(str(block))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
