"""Columns printed one after another: text boxes (or a table's columns laid out as
boxes) exported in reading order, so the row labels come as one run of short lines and
each column's values as a run of its own after it, under a line naming the columns.

    Jan 18 - Dec 18   Jan 17 - Dec 17

    Wigan
    North West

    412
    380

    398
    402

Nothing but the counts ties a value to its row, so the reading is strict: a heading line
of periods (nothing before them, at most one heading after them: "Change"), p headings
in all, then a run of m short labels (two or more, no figure), then exactly p runs of
exactly m values each (numbers, markers or signed changes), runs parted by one empty
line. Value r of run c is row r's value in column c, cited on its own line.
"""

from __future__ import annotations

from pipeline.parse.cellstream import CELLS, MARKER, NUMBER, TEXT, cell_kind
from pipeline.parse.raw import RawBlock, RawCell, RawRow
from pipeline.parse.wordrows import header_periods

_MIN_ROWS = 2
_MIN_COLUMNS = 2
_MAX_LABEL_WORDS = 6


def find_text_box_blocks(lines: list[str], masked: list[bool]) -> list[RawBlock]:
    """Every heading line of periods over a run of labels and one run of values per
    period; masks the lines it uses."""
    blocks = []
    for number in range(1, len(lines) + 1):
        if masked[number]:
            continue
        block = _block_at(lines, masked, number)
        if block is not None:
            blocks.append(block)
            for line in range(block.first_line, block.last_line + 1):
                masked[line] = True
    return blocks


def _runs(lines: list[str], masked: list[bool], start: int, count: int) -> list[list[int]]:
    """Up to `count` runs of non-empty lines from `start`, each after one empty line."""
    runs: list[list[int]] = []
    number = start
    while len(runs) < count and number <= len(lines):
        if masked[number] or lines[number - 1].strip() or number + 1 > len(lines):
            break  # each run follows exactly one empty line
        number += 1
        run = []
        while number <= len(lines) and not masked[number] and lines[number - 1].strip():
            run.append(number)
            number += 1
        if not run:
            break
        runs.append(run)
    return runs


def _block_at(lines: list[str], masked: list[bool], number: int) -> RawBlock | None:
    """The table headed by line `number`, or None."""
    headings = header_periods(lines[number - 1])
    if headings is None or len(headings) < _MIN_COLUMNS:
        return None
    runs = _runs(lines, masked, number + 1, 1 + len(headings))
    if len(runs) != 1 + len(headings):
        return None
    labels, columns = runs[0], runs[1:]
    if len(labels) < _MIN_ROWS or not all(_is_label(lines[n - 1]) for n in labels):
        return None
    if any(len(run) != len(labels) or not all(_is_value(lines[n - 1]) for n in run)
           for run in columns):
        return None
    header = RawRow(number, [RawCell.make(text, column, number)
                             for column, text in enumerate(headings, 1)])
    rows = [RawRow(line, [RawCell.make(lines[line - 1].strip(), 0, line), *(
        RawCell.make(lines[run[r] - 1].strip(), column, run[r])
        for column, run in enumerate(columns, 1))]) for r, line in enumerate(labels)]
    return RawBlock(CELLS, [header, *rows], explicit_header_rows=1)


def _is_label(line: str) -> bool:
    text = line.strip()
    return (cell_kind(text) == TEXT and len(text.split()) <= _MAX_LABEL_WORDS
            and not any(ch.isdigit() for ch in text) and not text.endswith((".", ":")))


def _is_value(line: str) -> bool:
    return cell_kind(line.strip()) in (NUMBER, MARKER)
