"""Finding table blocks in document text, per format, before any interpretation.

A block is the raw material of one or more tables: rows of printed cells with
their source lines. HTML ``<table>`` blocks are found first and their lines
masked, then markdown pipe tables, then tab-separated blocks, then columns aligned
by spaces, then rows parted by single spaces under a header of periods, then columns
printed one after another (text boxes), then Word cells stacking two rows' values, then
tables printed one cell per line, so
that one line never feeds two blocks.
"""

from __future__ import annotations

from collections.abc import Collection

from pipeline.parse.cellstream import find_cell_stream_blocks, find_flattened_blocks
from pipeline.parse.htmltables import find_html_blocks
from pipeline.parse.markdown import find_markdown_blocks
from pipeline.parse.pairedrows import find_paired_blocks
from pipeline.parse.raw import RawBlock
from pipeline.parse.spaced import find_spaced_blocks
from pipeline.parse.stublast import find_stub_last_blocks
from pipeline.parse.textboxes import find_text_box_blocks
from pipeline.parse.tsv import find_tsv_blocks
from pipeline.parse.wordrows import find_word_row_blocks


def find_blocks(
    text: str, lines: list[str], cell_breaks: Collection[int] = ()
) -> list[RawBlock]:
    """All table blocks of a document, in document order.

    `cell_breaks` are the lines that ended in a lone carriage return in the file (a
    Word text export's cell separator); without them cell streams are still found,
    more cautiously, from plain lines."""
    masked = [False] * (len(lines) + 1)  # 1-based
    blocks = find_html_blocks(text, lines, masked)
    blocks += find_markdown_blocks(lines, masked)
    blocks += find_word_row_blocks(lines, masked, tabbed=True)  # tabs and spaces mixed
    tsv = find_tsv_blocks(lines, masked)
    _mask(tsv, masked)
    blocks += find_spaced_blocks(lines, masked)
    blocks += find_word_row_blocks(lines, masked)
    blocks += find_text_box_blocks(lines, masked)
    # In a Word export a tab row or two is usually a running header or footer printed
    # inside a table that goes on over the page, or a tab inside a cell's paragraph: the
    # cells may run through them, and a table of cells found over them wins.
    lone = [block for block in tsv if len(block.rows) <= 2] if cell_breaks else []
    free = _unmasked(masked, lone)
    pasted, occupied = find_stub_last_blocks(lines, free, cell_breaks)
    for first, last in occupied:  # with the values left out: no other reading gets them
        free[first:last + 1] = [True] * (last + 1 - first)
    paired = find_paired_blocks(lines, free, cell_breaks)
    _mask(paired, masked)
    streams = find_cell_stream_blocks(lines, free, cell_breaks)
    blocks += pasted + paired + streams
    blocks += [block for block in tsv
               if not _inside(block, streams) and not _within(block, pasted)
               and not _within(block, paired)]
    blocks += find_flattened_blocks(lines, masked)
    return sorted(blocks, key=lambda block: block.first_line)


def _unmasked(masked: list[bool], blocks: list[RawBlock]) -> list[bool]:
    copy = masked.copy()
    for block in blocks:
        for line in range(block.first_line, block.last_line + 1):
            copy[line] = False
    return copy


def _inside(block: RawBlock, others: list[RawBlock]) -> bool:
    return any(other.first_line < block.first_line and block.last_line < other.last_line
               for other in others)


def _within(block: RawBlock, others: list[RawBlock]) -> bool:
    return any(other.first_line <= block.first_line and block.last_line <= other.last_line
               for other in others)


def _mask(blocks: list[RawBlock], masked: list[bool]) -> None:
    for block in blocks:
        for line in range(block.first_line, block.last_line + 1):
            masked[line] = True
