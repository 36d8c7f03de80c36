"""Tables whose columns are aligned by runs of spaces (`pdftotext -layout`, copied pages).

`2010   445.1343   872.6641   902.8066`: a row is a line whose cells are separated
by two or more spaces. A block is a run of such lines whose value rows split into
the same number of cells, at least two of them printing numbers after the label;
the lines just above that split into as many cells (or one fewer: no stub over the
row labels) and print no values are its header. Prose never qualifies: a sentence
split at a double space leaves long text where the values should be.
"""

from __future__ import annotations

import re
from collections import Counter

from pipeline.parse.cellstream import BLANK, MARKER, NUMBER, PERIOD, cell_kind
from pipeline.parse.raw import RawBlock, RawCell, RawRow

SPACED = "spaced"

_GAP = re.compile(r"\S(?: ?\S)*")  # runs of text with at most single spaces inside
_MAX_CELL_CHARS = 60
_MAX_HEADER_ROWS = 2
_MIN_VALUE_ROWS = 2


def _parts(line: str) -> list[tuple[int, str]]:
    """(start column, text) of each space-separated cell of a line."""
    return [(match.start(), match.group()) for match in _GAP.finditer(line)]


def _is_value_row(parts: list[tuple[int, str]]) -> bool:
    """A label (or period) then short cells, at least one of them a number or marker."""
    if len(parts) < 2 or any(len(text) > _MAX_CELL_CHARS for _, text in parts):
        return False
    kinds = [cell_kind(text) for _, text in parts[1:]]
    return any(kind in (NUMBER, MARKER) for kind in kinds) and all(
        kind in (NUMBER, MARKER, BLANK) for kind in kinds)


def _is_header_row(parts: list[tuple[int, str]], width: int) -> bool:
    if len(parts) not in (width, width - 1) or len(parts) < 2:
        return False
    return all((len(text) <= _MAX_CELL_CHARS and cell_kind(text) not in (NUMBER, MARKER))
               or cell_kind(text) == PERIOD for _, text in parts)


def find_spaced_blocks(lines: list[str], masked: list[bool]) -> list[RawBlock]:
    """Every space-aligned table of the text; masks the lines it uses."""
    blocks = []
    index = 1
    while index <= len(lines):
        block, end = _block_at(lines, masked, index)
        if block is not None:
            blocks.append(block)
            for number in range(block.first_line, end):
                masked[number] = True
            index = end
        else:
            index += 1
    return blocks


def _candidate(lines: list[str], masked: list[bool], number: int) -> list[tuple[int, str]]:
    line = lines[number - 1]
    if masked[number] or "\t" in line or "|" in line or "  " not in line.strip():
        return []
    return _parts(line)


def _block_at(lines: list[str], masked: list[bool], start: int) -> tuple[RawBlock | None, int]:
    """The table whose first value row is line `start`, and the line after it."""
    first = _candidate(lines, masked, start)
    if not _is_value_row(first):
        return None, start + 1
    rows = [(start, first)]
    number = start + 1
    while number <= len(lines):
        parts = _candidate(lines, masked, number)
        if not _is_value_row(parts):
            break
        rows.append((number, parts))
        number += 1
    width = Counter(len(parts) for _, parts in rows).most_common(1)[0][0]
    if len(rows) < _MIN_VALUE_ROWS or any(len(parts) != width for _, parts in rows):
        return None, number
    header = _header_above(lines, masked, start, width)
    raw_rows = [_row(line, parts, width) for line, parts in [*header, *rows]]
    return RawBlock(SPACED, raw_rows, explicit_header_rows=len(header)), number


def _header_above(lines: list[str], masked: list[bool], start: int,
                  width: int) -> list[tuple[int, list[tuple[int, str]]]]:
    header: list[tuple[int, list[tuple[int, str]]]] = []
    number = start - 1
    while number >= 1 and len(header) < _MAX_HEADER_ROWS:
        parts = _candidate(lines, masked, number)
        if not _is_header_row(parts, width):
            break
        header.insert(0, (number, parts))
        number -= 1
    return header


def _row(line: int, parts: list[tuple[int, str]], width: int) -> RawRow:
    offset = width - len(parts)  # a header with no stub starts one column in
    cells = [RawCell.make(text, offset + column, line) for column, (_, text) in enumerate(parts)]
    return RawRow(line, cells)
