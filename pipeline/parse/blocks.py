"""Finding table blocks in document text, per format, before any interpretation.

A block is the raw material of one or more tables: rows of printed cells with
their source lines. HTML ``<table>`` blocks are found first and their lines
masked, then markdown pipe tables, then tab-separated blocks, so that one line
never feeds two blocks.
"""

from __future__ import annotations

from pipeline.parse.htmltables import find_html_blocks
from pipeline.parse.markdown import find_markdown_blocks
from pipeline.parse.raw import RawBlock
from pipeline.parse.tsv import find_tsv_blocks


def find_blocks(text: str, lines: list[str]) -> list[RawBlock]:
    """All table blocks of a document, in document order."""
    masked = [False] * (len(lines) + 1)  # 1-based
    blocks = find_html_blocks(text, lines, masked)
    blocks += find_markdown_blocks(lines, masked)
    blocks += find_tsv_blocks(lines, masked)
    return sorted(blocks, key=lambda block: block.first_line)
