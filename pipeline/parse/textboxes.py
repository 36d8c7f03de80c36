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
in all, then a run of m short labels (two or more, no figure), then a run of exactly
p times m values (numbers, markers or signed changes), empty lines (one or two) between
paragraphs or none. The c-th m values are column c's (each box one column, in reading
order): value r of them is row r's, cited on its own line.

The labels' box may start with the stub's heading ("Area"): one label more than the
values give rows. Only the counts tell it from a label, so it is read so only under a
line of two or more periods: then the columns are the periods (a change after them at
most) and the boxes of values are theirs. Under one period and a name ("2018/19 NPT
approx") the name may be the first of the areas across, the period the stub's heading,
and the counts fit both readings.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.parse.cellstream import CELLS, MARKER, NUMBER, TEXT, cell_kind
from pipeline.parse.raw import RawBlock, RawCell, RawRow
from pipeline.parse.wordrows import header_periods, period_count

_MIN_ROWS = 2
_MIN_COLUMNS = 2
_MAX_LABEL_WORDS = 6
_MAX_GAP = 2


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


def _paragraphs(lines: list[str], masked: list[bool], start: int,
                accept: Callable[[str], bool]) -> list[int]:
    """The lines from `start` on that `accept` takes, up to the first it does not; empty
    lines between them (at most two in a row: a box may print one after each paragraph,
    another after the box) are skipped."""
    taken: list[int] = []
    gap = 0
    for number in range(start, len(lines) + 1):
        text = lines[number - 1]
        if masked[number] or (text.strip() and not accept(text)):
            break
        gap = 0 if text.strip() else gap + 1
        if gap > _MAX_GAP:
            break
        if text.strip():
            taken.append(number)
    return taken


def _block_at(lines: list[str], masked: list[bool], number: int) -> RawBlock | None:
    """The table headed by line `number`, or None."""
    headings = header_periods(lines[number - 1])
    if headings is None or len(headings) < _MIN_COLUMNS:
        return None
    labels = _paragraphs(lines, masked, number + 1, _is_label)
    if len(labels) < _MIN_ROWS:
        return None
    values = _paragraphs(lines, masked, labels[-1] + 1, _is_value)
    stub = _stub_heading(lines[number - 1], headings, labels, values)
    labels = labels[1:] if stub is not None else labels
    if len(values) != len(headings) * len(labels):
        return None  # which value belongs to which row is not printed
    columns = [values[c * len(labels):(c + 1) * len(labels)] for c in range(len(headings))]
    header = RawRow(number, ([] if stub is None else [RawCell.make(
        lines[stub - 1].strip(), 0, stub)]) + [RawCell.make(text, column, number)
                                                for column, text in enumerate(headings, 1)])
    rows = [RawRow(line, [RawCell.make(lines[line - 1].strip(), 0, line), *(
        RawCell.make(lines[run[r] - 1].strip(), column, run[r])
        for column, run in enumerate(columns, 1))]) for r, line in enumerate(labels)]
    return RawBlock(CELLS, [header, *rows], explicit_header_rows=1)


def _stub_heading(line: str, headings: list[str], labels: list[int],
                  values: list[int]) -> int | None:
    """The line of the stub's heading atop the labels' box, or None: the values give one
    row fewer than the labels and the header is a line of two or more periods."""
    rows = len(labels) - 1
    if rows < _MIN_ROWS or len(values) != len(headings) * rows:
        return None
    return labels[0] if period_count(line) >= _MIN_COLUMNS else None


def _is_label(line: str) -> bool:
    text = line.strip()
    return (cell_kind(text) == TEXT and len(text.split()) <= _MAX_LABEL_WORDS
            and not any(ch.isdigit() for ch in text) and not text.endswith((".", ":")))


def _is_value(line: str) -> bool:
    return cell_kind(line.strip()) in (NUMBER, MARKER)
