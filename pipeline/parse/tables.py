"""Document text -> tables: the parser's entry point.

``parse_tables(text, document_id)`` finds table blocks of every format (tab
separated, markdown pipes, HTML), turns each into one or more tables, numbers
them in document order, attaches caption and notes, and marks the kind of each.
Line numbers are those of ``text.split("\\n")``, 1-based.
"""

from __future__ import annotations

from collections.abc import Collection

from pipeline.parse.blocks import find_blocks
from pipeline.parse.captions import collect_notes, find_caption, find_caption_below
from pipeline.parse.classify import classify
from pipeline.parse.lines import has_markdown_headings
from pipeline.parse.model import Cell, Table
from pipeline.parse.structure import Draft, build_drafts

__all__ = ["Cell", "Table", "parse_tables"]


def parse_tables(
    text: str, document_id: str, cell_breaks: Collection[int] = ()
) -> list[Table]:
    """All tables of a document, in document order, with ids ``<document_id>#tNN``.

    `cell_breaks`: lines that ended in a lone CR before line endings were normalised
    (see :mod:`pipeline.parse.cellstream`)."""
    lines = text.split("\n")
    drafts = [draft for block in find_blocks(text, lines, cell_breaks)
              for draft in build_drafts(block)]
    drafts.sort(key=lambda draft: draft.first_line)
    occupied = {n for draft in drafts for n in range(draft.first_line, draft.last_line + 1)}
    for draft in drafts:
        extra = collect_notes(lines, draft.last_line, occupied)
        draft.notes.extend(extra)
        occupied.update(line for line, _ in extra)
    headings_marked = has_markdown_headings(lines)
    tables = []
    for index, draft in enumerate(drafts, start=1):
        table = _table(draft, index, document_id, lines, occupied, headings_marked)
        if table.caption_line and table.caption_line > table.last_line:
            occupied.add(table.caption_line)  # a caption under its table heads no other
        tables.append(table)
    return tables


def _table(
    draft: Draft,
    index: int,
    document_id: str,
    lines: list[str],
    occupied: set[int],
    headings_marked: bool,
) -> Table:
    caption = draft.caption or find_caption(
        lines, draft.first_line, draft.title is not None, occupied, headings_marked
    ) or (None if draft.title else find_caption_below(
        lines, max([draft.last_line, *(line for line, _ in draft.notes)]), occupied))
    caption_line, caption_text = caption if caption else (draft.title_line, draft.title)
    context = " ".join(text for text in (caption_text, draft.title) if text)
    return Table(
        document_id=document_id,
        index=index,
        kind=classify(draft.texts(), draft.header_rows, context),
        format=draft.format,
        caption=caption_text,
        title=draft.title,
        notes=list(draft.notes),
        header_rows=draft.header_rows,
        cells=_cells(draft),
        first_line=draft.first_line,
        last_line=draft.last_line,
        caption_line=caption_line,
        title_line=draft.title_line,
        left_out=list(draft.left_out),
        run_together=draft.run_together,
    )


def _cells(draft: Draft) -> list[Cell]:
    n_rows, n_columns = len(draft.rows), draft.n_columns
    cells = []
    for row_index, row in enumerate(draft.rows):
        for cell in row.cells:
            if cell.column >= n_columns:
                continue
            cells.append(
                Cell(
                    row=row_index,
                    column=cell.column,
                    text=cell.text,
                    raw=cell.raw,
                    is_header=row_index < draft.header_rows or cell.th,
                    source_line=cell.line,
                    bold=cell.bold,
                    colspan=max(1, min(cell.colspan, n_columns - cell.column)),
                    rowspan=max(1, min(cell.rowspan, n_rows - row_index)),
                )
            )
    return cells
