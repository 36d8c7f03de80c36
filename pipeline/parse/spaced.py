"""Tables whose columns are aligned by runs of spaces (`pdftotext -layout`, copied pages).

`2010   445.1343   872.6641   902.8066`: a cell is a run of text with at most single
spaces inside, and cells are separated by two or more spaces. A block is a run of value
rows: a label, then numbers (or markers such as "n/a"). Columns are not counted per row,
as a row with empty cells prints fewer cells; they are found from where the values sit:
the horizontal extents of the value cells of all rows, merged where they overlap, are
the value columns, and each cell goes to the column it lies in (numbers aligned right or
left both work, as cells of one column overlap). A row whose cells would share a column,
or whose label reaches into the values, stops the block: the columns are not clear.

Inside a block, a line holding only text left of the values, right under a row, is the
rest of that row's label, wrapped in its cell ("Board" under "Youth Justice"); after an
empty line it stays a row without values. One empty line between value rows is a gap
`pdftotext` prints between tall rows.

The lines just above the first value row that print no values are its header (at most
three: a heading wrapped over lines, "Staffing" over "costs", is read column by column);
each header cell goes to the column it overlaps most, or left of the values to the stub.
A header line with a cell spanning two value columns (an upper heading over a group)
ends the header. Prose never qualifies: a sentence split at a double space leaves long
text where the values should be.

A table of long texts ("Activity  What it pays for  Cost" over sentences and an amount)
has rows no label-and-values reading takes: there the columns are what the header line
and the rows print between gutters (runs of positions no line prints in), a row is read
while no line prints in a gutter or two cells in one column, and a line of words under a
row, its first column empty, is the rest of that row's texts wrapped in their cells.

A scan's text layer (`pdftotext -layout` of an OCR page) prints each word where it was
drawn: when the values' own columns leave a column printing values without a heading,
the values are placed under the headings they are printed beneath instead (see
:mod:`pipeline.parse.underheadings`), and rows whose values were printed on a line of
their own, over or under their label, are read by :mod:`pipeline.parse.stackedrows`.
When the values sit neither in columns of their own nor under their headings (the header
printed at another scale), the rows are read in order under the one header line, the
rows printed short placed only where the table's sums leave one way
(:mod:`pipeline.parse.sums`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from pipeline.parse.cellstream import (
    BLANK,
    MARKER,
    NUMBER,
    PERIOD,
    cell_kind,
    completes_a_period,
    headings_with_a_worded_marker,
)
from pipeline.parse.raw import RawBlock, RawCell, RawRow
from pipeline.parse.stackedrows import stacked_block
from pipeline.parse.sums import placed_by_sums
from pipeline.parse.underheadings import alignment, headed_layout, repeated_groups
from pipeline.parse.values import (
    CURRENCY_SIGNS,
    undo_ocr_digits,
    undo_ocr_letters,
    undo_ocr_pound,
    unglued,
)
from pipeline.periods import find_financial_year

SPACED = "spaced"

_GAP = re.compile(r"\S(?: ?\S)*")  # runs of text with at most single spaces inside
# A border a scan printed: a "|" apart, or glued to a number's start or end ("|£130,089").
_BORDER = re.compile(r"(?<!\S)\|(?!\S)|(?<!\S)\|(?=[£$€]?\d)|(?<=[\d%])\|(?!\S)")
_SPACE_PARTED = re.compile(r"[^\s|] {2,}[^\s|]")
# What character recognition leaves in a value's place: a "1", a "0" or a border?
_MARKS = frozenset({"l", "I", "O"})
_MAX_CELL_CHARS = 60
_MAX_NOTE_WORDS = 8
# A currency sign set apart from its amount ("£   858,700": an accounting format) is the
# amount's, never a row's label.
_WORDED = re.compile(r"[^\W\d_]{3}")
# Digits in a value's place that read as no number ("6,7711": a footnote mark printed
# after "6,771"): the cell is in the values (kept in its column as text, unread), not the
# end of the row's label.
_NUMERAL = re.compile(r"^[£$]?\d[\d,.]*%?$")
# A row label or the stub's heading may be a measure's full name ("Reoffences per
# reoffender ... cohort (latest period)"), when at least this many cells follow it on its
# line (a sentence ending in a number is no row; one ending in a heading no header).
_MAX_LABEL_CHARS = 120
_MIN_CELLS_AFTER_LONG_LABEL = 2
# The stub's heading may be a whole note ("Children worked with in the year (a distinct
# count per ...)") over at least this many short headings: no sentence ends that way.
_MIN_HEADINGS_AFTER_A_NOTE = 3
_MAX_STUB_NOTE_CHARS = 240
# A few words among a row's values ("In kind", "16.4% Under"): the row's numbers are
# still read; the words are kept only in a column the numbers show.
_MAX_WORDS_AMONG_VALUES = 3
_MAX_CHARS_AMONG_VALUES = 20
_MAX_SUB_HEADING_CHARS = 120
_MAX_HEADER_ROWS = 3
# Lines a header may be printed over once headings wrapped in their columns are joined.
_MAX_HEADER_LINES = 6
_MIN_SUMMED_COLUMNS = 2  # a column of values and its "Total"
_MIN_VALUE_ROWS = 2
_MAX_WRAPPED_LABEL_LINES = 2
# Rows that print a label and no values ("Other White" in an ethnicity table with no
# staff of that group), kept while the value rows below them fit the columns.
_MAX_LABEL_ONLY_LINES = 8
# Characters a layout's text may be narrower than its line in the PDF (proportional fonts
# printed in a grid of characters): a label wrapped in its cell may end this short of it.
_WRAP_SLACK = 2
_MAX_EMPTY_LINES = 1
_CAPITALS_HEADING = re.compile(r"[A-Z][A-Z&' -]*")
_MIN_CAPITALS_WORD = 6  # letters of a heading's word in capitals (not an acronym)


@dataclass(frozen=True)
class _Part:
    """A printed cell of a line: where it starts and ends, and its text."""

    start: int
    end: int
    text: str

    def overlap(self, low: int, high: int) -> int:
        return max(0, min(self.end, high) - max(self.start, low))


@dataclass
class _ValueRow:
    line: int
    label: list[_Part]
    values: list[_Part]
    words: list[_Part] = field(default_factory=list)  # short text among the values
    # indexes into `label` where a line under the row continues it (a label wrapped in
    # its cell): its cell prints a line break there, so a reader may tell the lines apart
    wraps: list[int] = field(default_factory=list)


def _parts(line: str) -> list[_Part]:
    """Each space-separated cell of a line; a currency sign set apart from its amount
    (accounting layout: "£   512,300", "£      -") is one cell with it."""
    parts: list[_Part] = []
    for match in _GAP.finditer(_unbordered(line)):
        for part in _unglued(_Part(match.start(), match.end(), match.group())):
            if parts and parts[-1].text in CURRENCY_SIGNS \
                    and cell_kind(part.text) in (NUMBER, MARKER):
                sign = parts.pop()
                part = _Part(sign.start, part.end, f"{sign.text} {part.text}")
            parts.append(part)
    return parts


def _unglued(part: _Part) -> list[_Part]:
    """The cell parted where a scan left out the space before a pound amount
    ("£27,100£95,039", "Health£3,103": see `unglued`), each piece where it is printed."""
    pieces = unglued(part.text)
    found, start = [], part.start
    for piece in pieces:
        found.append(_Part(start, start + len(piece), piece))
        start += len(piece)
    return found


def _unbordered(line: str) -> str:
    """The line with each lone "|" (spaces or the line's end on both sides: a border
    a scanned page's character recognition printed) as a space, in place, when cells are
    also parted by spaces alone; a line with any other "|" keeps them all (pipes that
    part cells: "Wigan | 45"), but for a letter a scan printed as one ("Po|ice")."""
    if "|" not in line or not _SPACE_PARTED.search(line):
        return line
    bare = _BORDER.sub(" ", line)
    return line if "|" in bare and "|" in undo_ocr_letters(bare) else bare


def _value_row(line: int, parts: list[_Part], among_rows: bool = False) -> _ValueRow | None:
    """A label (one or more text cells, or a period) then numbers, markers or blanks.
    Among rows already read (`among_rows`), a long label may end in a single value."""
    if len(parts) < 2 or any(len(part.text) > _MAX_LABEL_CHARS for part in parts):
        return None
    pounds = any("£" in part.text for part in parts)  # then a scan's "E41,289" is one too
    kinds = [cell_kind(undo_ocr_digits(undo_ocr_pound(part.text) if pounds else part.text))
             for part in parts]  # "10 l0" is values
    first_value = next((i for i, kind in enumerate(kinds) if i and (
        kind in (NUMBER, MARKER) or _NUMERAL.match(parts[i].text)
        or (parts[i].text in _MARKS and NUMBER in kinds[i + 1:]))), None)
    if first_value is None or kinds[0] == NUMBER or parts[0].text in CURRENCY_SIGNS or (
            kinds[0] == MARKER and not _WORDED.search(parts[0].text)):
        return None  # (a worded marker first is a label: "Not known", an ethnic group)
    words = [part for kind, part in zip(kinds[first_value:], parts[first_value:], strict=True)
             if kind not in (NUMBER, MARKER, BLANK) and part.text not in _MARKS]
    last_note = words[-1:] if words and words[-1] is parts[-1] and _note(parts[-1]) else []
    if not all(_few_words(word) for word in words if word not in last_note):
        return None  # (a mark a scan left in a value's place keeps its cell, unread)
    if any(kind == PERIOD for kind in kinds[1:first_value]):
        return None  # "2016  2017  445" is a header of periods, not a label
    if any(len(part.text) > _MAX_CELL_CHARS for part in parts[1:first_value]) or (
            len(parts[0].text) > _MAX_CELL_CHARS
            and len(parts) - first_value < _MIN_CELLS_AFTER_LONG_LABEL and not among_rows):
        return None  # only the first label cell may be a long name, before values
    values = [part for part in parts[first_value:] if part not in words]
    if not values:
        return None  # a numeral-like word ("1a") and words after it: no value to read
    return _ValueRow(line, parts[:first_value], values, words)


def _words_first_among_values(row: _ValueRow, rows: list[_ValueRow]) -> _ValueRow:
    """The row with the short words after its label that stand where the other rows
    print values taken as words among its values: a word in a value's place ("nil")
    first among the amounts is text, so it ran into the label. They do when they start
    right of every other row's label and the row prints values, fewer than another row
    (the words take the places of its missing values)."""
    others = [other for other in rows if other.values and other is not row]
    own = min(row.wraps, default=len(row.label))  # the label's parts on the row's line
    if len(row.label) < 2 or not row.values or not others:
        return row  # (a heading row's words over the values stay its own)
    label_end = max(part.end for other in others for part in other.label)
    first = next((i for i in range(1, own) if row.label[i].start > label_end), None)
    if first is None:
        return row
    moved = row.label[first:own]
    if not all(_few_words(part) for part in moved) or len(row.values) + len(moved) > max(
            len(other.values) for other in others):
        return row
    wraps = [index - len(moved) for index in row.wraps]
    return _ValueRow(row.line, row.label[:first] + row.label[own:], row.values,
                     [*moved, *row.words], wraps)


def _note(part: _Part) -> bool:
    """Text in the last column, after the values ("Includes accommodation costs"): a
    column of notes, longer than a word among the values, shorter than a sentence."""
    return len(part.text) <= _MAX_CELL_CHARS and len(part.text.split()) <= _MAX_NOTE_WORDS \
        and not part.text.rstrip().endswith(".")


def _few_words(part: _Part) -> bool:
    """Short text in a value's place: a note such as "In kind", not a sentence."""
    return len(part.text) <= _MAX_CHARS_AMONG_VALUES \
        and len(part.text.split()) <= _MAX_WORDS_AMONG_VALUES


def _text_only(parts: list[_Part]) -> bool:
    """Labels only (a worded marker such as "Not known" may be a label)."""
    return bool(parts) and all(len(part.text) <= _MAX_CELL_CHARS and (
        cell_kind(part.text) not in (NUMBER, MARKER)
        or (cell_kind(part.text) == MARKER and _WORDED.search(part.text)))
        for part in parts)


def find_spaced_blocks(lines: list[str], masked: list[bool]) -> list[RawBlock]:
    """Every space-aligned table of the text; masks the lines it uses."""
    blocks = []
    index = 1
    while index <= len(lines):
        block, end = _block_at(lines, masked, index)
        if block is None:
            block, end = _stacked_at(lines, masked, index) or (None, end)
        if block is None:
            block, end = _text_columns_at(lines, masked, index) or (None, end)
        if block is not None:
            blocks.append(block)
            for number in range(block.first_line, end):
                masked[number] = True
            index = end
        else:
            index += 1
    return blocks


def _stacked_at(lines: list[str], masked: list[bool],
                number: int) -> tuple[RawBlock, int] | None:
    """A table of rows whose values are printed on lines of their own (see
    :mod:`pipeline.parse.stackedrows`) under the header line `number`, and the line after it."""
    header = _candidate(lines, masked, number)
    if len(header) < 2 or not _header_like(header):
        return None
    below: list[tuple[int, list[_Part]]] = []
    line = number + 1
    if line <= len(lines) and not lines[line - 1].strip():
        line += 1  # the gap `pdftotext` prints under a tall header row
    while line <= len(lines) and lines[line - 1].strip() and not masked[line]:
        below.append((line, _parts(_unbordered(lines[line - 1]))))
        line += 1
    block = stacked_block((number, header), below)
    return None if block is None else (block, block.last_line + 1)


def _candidate(lines: list[str], masked: list[bool], number: int) -> list[_Part]:
    line = lines[number - 1]
    line = _unbordered(line)
    if masked[number] or "\t" in line or ("|" in line and "|" in undo_ocr_letters(line)) \
            or "  " not in line.strip():
        return []  # (a letter a scan printed as "|" is no rule: "Po|ice")
    return _parts(line)


def _block_at(lines: list[str], masked: list[bool], start: int) -> tuple[RawBlock | None, int]:
    """The table whose first value row is line `start`, and the line after it."""
    first = _value_row(start, _candidate(lines, masked, start))
    if first is None:
        return _unlabelled_row(lines, masked, start), start + 1
    rows: list[_ValueRow] = [*(_first_sub_heading(lines, masked, first)
                               or _leading_labels(lines, masked, first)), first]
    number = start + 1
    pending: list[_ValueRow] = []  # wrapped labels and empty lines, kept if values follow
    while number <= len(lines):
        line = lines[number - 1]
        parts = [] if masked[number] else _parts(line)
        row = _value_row(number, _candidate(lines, masked, number))
        if row is None:  # a long label with one value, in the columns of the rows above
            row = _value_row(number, _candidate(lines, masked, number), among_rows=True)
            row = row if row is not None and _fits(row, rows) else None
        if row is not None:
            row = _words_first_among_values(row, rows)
            if pending and not _fits(row, rows):
                break  # after a gap, rows of other columns: another table
            rows += [*pending, row]
            pending = []
        elif not line.strip() and _empty_run(pending) < _MAX_EMPTY_LINES:
            pending.append(_ValueRow(number, [], []))
        elif not pending and rows[-1].line == number - 1 and _ends_period(parts, rows[-1]):
            _continue_label(rows[-1], parts)  # "Jan 17 -" / "Dec 17": wrapped in its cell
        elif _wrapped_label(parts, rows) and not pending and rows[-1].line == number - 1 \
                and len(rows[-1].label) < _MAX_WRAPPED_LABEL_LINES + 1 \
                and not _wider_than_labels(parts, rows) \
                and not _capitals_under_words(parts, rows[-1]) \
                and _wraps(lines, masked, rows, number, parts):
            _continue_label(rows[-1], parts)  # the rest of the label above, wrapped
        elif _label_line_kept(parts, rows, pending):
            pending.append(_ValueRow(number, parts, []))
        else:
            break
        number += 1
    rows = [_words_first_among_values(row, rows) for row in rows]
    end = rows[-1].line + 1
    valued = [row for row in rows if row.values]
    if len(valued) < _MIN_VALUE_ROWS:
        return (_headed_row(lines, masked, first) if rows == [first] else None), end
    if _headed_label_columns(lines, masked, valued):
        columned = _text_columns_at(lines, masked, first.line)
        if columned is not None and columned[1] >= end:
            return columned
    block = _positional_block(lines, masked, rows)
    if (block is None or _aligned_apart(lines, masked, valued)) \
            and len(valued) == sum(1 for row in rows if row.label or row.values) \
            and _same_width(valued) \
            and not any(row.words for row in valued):  # words make the count unsure
        block = _ordinal_block(lines, masked, valued, aligned=block is not None)
    if block is None or not _headed_columns(block):
        block = _under_headings_block(lines, masked, rows) or _summed_block(
            lines, masked, rows) or block
    return block, end


def _continue_label(row: _ValueRow, parts: list[_Part]) -> None:
    row.wraps.append(len(row.label))
    row.label += parts


def _label_raw(row: _ValueRow) -> str:
    """A row's label as printed: its parts on a line joined by a space, a line break
    where it wraps onto the line under the row."""
    return "".join(("\n" if index in row.wraps else " " if index else "") + part.text
                   for index, part in enumerate(row.label))


def _headed_label_columns(lines: list[str], masked: list[bool], rows: list[_ValueRow]) -> bool:
    """Whether the texts left of the values are columns of their own, each headed
    ("Activity   Purpose   Cost" over "Mentoring   Two sessions a week   4,000"): the
    header line prints two or more headings left of the values and a row prints two or
    more texts there, no more than the headings. Such rows are read by their gutters
    (`_text_columns_at`), not as one label joined from its texts."""
    heading_lines = _heading_lines(lines, masked, rows[0].line)
    if not heading_lines:
        return False
    values_start = min(part.start for row in rows for part in row.values)
    stubs = [part for part in heading_lines[-1][1] if part.end <= values_start]
    widest = max(len(row.label) for row in rows)
    return len(stubs) >= 2 and 2 <= widest <= len(stubs)


def _headed_columns(block: RawBlock) -> bool:
    """Whether every column printing a number or a marker in the body has a heading."""
    header = block.rows[:block.explicit_header_rows or 0]
    headed = {column for row in header for cell in row.cells if cell.text
              for column in range(cell.column, cell.column + cell.colspan)}
    numbered = {cell.column for row in block.rows[len(header):] for cell in row.cells
                if cell.column and cell_kind(cell.text) in (NUMBER, MARKER)}
    return bool(header) and numbered <= headed


def _under_headings_block(lines: list[str], masked: list[bool],
                          rows: list[_ValueRow]) -> RawBlock | None:
    """The rows with each value under the heading it is printed beneath (see
    :mod:`pipeline.parse.underheadings`): a scan's text layer, whose values do not line
    up into columns of their own."""
    valued = [row for row in rows if row.values]
    label_end = max(part.end for row in valued for part in row.label)
    heading_lines = _heading_lines(lines, masked, rows[0].line, _loose(rows))
    layout = headed_layout(heading_lines, label_end, [row.values for row in valued])
    if layout is None:
        return None
    header = [RawRow(line, [RawCell.make(text, column, line, colspan=span)
                            for text, column, span in cells]) for line, cells in layout.header]
    by_line = dict(zip((row.line for row in valued), layout.placed, strict=True))
    body = [RawRow(row.line, [
        *([RawCell.make(_label_raw(row), 0, row.line)]
          if row.label else []),
        *(RawCell.make(part.text, column, row.line)
          for column, part in sorted(by_line.get(row.line, {}).items()))])
        for row in rows if row.label or row.values]
    return RawBlock(SPACED, [*header, *body], explicit_header_rows=len(header))


def _summed_block(lines: list[str], masked: list[bool],
                  rows: list[_ValueRow]) -> RawBlock | None:
    """The rows' values in order under one header line, the rows printed short (empty
    cells left out) put in their columns where the table's own sums leave one way only
    (a last row "Total", a last heading "Total": see :mod:`pipeline.parse.sums`): a scan's
    text layer whose values sit under no heading of their own, and no heading they can
    be placed beneath. Every line must be a row of a label and values (a label whose
    values were lost leaves them out of the sums)."""
    printed = [row for row in rows if row.label or row.values]
    if any(not row.label or not row.values or row.words for row in printed):
        return None
    label_end = max(part.end for row in printed for part in row.label)
    heading_lines = _heading_lines(lines, masked, rows[0].line, _loose(rows))
    if len(heading_lines) != 1:
        return None  # headings wrapped over lines: one line does not name the columns
    number, parts = heading_lines[0]
    heads = [part for part in parts if part.start >= label_end]
    stub = parts[:len(parts) - len(heads)]
    if len(stub) > 1 or len(heads) < _MIN_SUMMED_COLUMNS:
        return None
    header = RawRow(number, [RawCell.make(part.text, 0, number) for part in stub] + [
        RawCell.make(part.text, column, number) for column, part in enumerate(heads, 1)])
    body = [RawRow(row.line, [
        RawCell.make(_label_raw(row), 0, row.line),
        *(RawCell.make(part.text, column, row.line)
          for column, part in enumerate(row.values, 1))]) for row in printed]
    placed = placed_by_sums(body, len(heads), heads[-1].text)
    return None if placed is None else RawBlock(SPACED, [header, *placed],
                                                explicit_header_rows=1)


def _headed_row(lines: list[str], masked: list[bool], row: _ValueRow) -> RawBlock | None:
    """A table of one value row, read when a header line right above it heads every
    value: one heading over (or beside, between its neighbours) each value, in order."""
    top, heading = _header_over(lines, masked, row.line)
    if row.line < 2 or row.words or not _header_like(heading):
        return None
    label_end = max(part.end for part in row.label)
    over = [part for part in heading if part.start >= label_end]
    stub = heading[:len(heading) - len(over)]
    if len(stub) > 1 or not _headed(over, row.values):
        return None
    header = [RawCell.make(part.text, 0, top) for part in stub] + [
        RawCell.make(part.text, column, top) for column, part in enumerate(over, 1)]
    cells = [RawCell.make(_label_raw(row), 0, row.line)] + [
        RawCell.make(part.text, column, row.line) for column, part in enumerate(row.values, 1)]
    return RawBlock(SPACED, [RawRow(top, header), RawRow(row.line, cells)],
                    explicit_header_rows=1)


def _header_over(lines: list[str], masked: list[bool], number: int) -> tuple[int, list[_Part]]:
    """The header line right above line `number` and its cells, its headings wrapped
    over two lines joined ("Target" over "(<)"); the line above and nothing when none."""
    line = number - 1
    if line < 1:
        return line, []
    lower = _candidate(lines, masked, line) or _lone_heading(lines, masked, line)
    upper = _candidate(lines, masked, line - 1) if line >= 2 else []
    if _wraps_into_headings(upper, lower):
        joined = _continued(upper, lower)
        if joined is not None and len(joined) == len(upper):
            return line - 1, joined
    return line, _candidate(lines, masked, line)


def _unlabelled_row(lines: list[str], masked: list[bool], number: int) -> RawBlock | None:
    """A row of values with no label under a header line heading each of them
    ("2016/17  2017/18" over "26  20"), the lines around them not part of a table."""
    parts = _candidate(lines, masked, number)
    kinds = [cell_kind(part.text) for part in parts]
    if len(parts) < 2 or number < 2 or NUMBER not in kinds \
            or any(kind not in (NUMBER, MARKER) for kind in kinds):
        return None
    top, heading = _header_over(lines, masked, number)
    around = [_candidate(lines, masked, n) for n in (top - 1, number + 1)
              if 1 <= n <= len(lines)]
    if any(around) or not _header_like(heading) or not _headed(heading, parts):
        return None
    return RawBlock(SPACED, [
        RawRow(line, [RawCell.make(part.text, column, line)
                      for column, part in enumerate(cells, 1)])
        for line, cells in ((top, heading), (number, parts))], explicit_header_rows=1)


def _headed(headings: list[_Part], values: list[_Part]) -> bool:
    """As many headings as values, each value under its heading: overlapping it, or
    lying between the headings on either side of it."""
    if len(headings) != len(values):
        return False
    bounds = [0, *(part.end for part in headings)]
    starts = [*(part.start for part in headings[1:]), 10**6]
    return all(value.overlap(heading.start, heading.end)
               or (value.start >= bounds[i] and value.end <= starts[i])
               for i, (heading, value) in enumerate(zip(headings, values, strict=True)))


def _empty_run(pending: list[_ValueRow]) -> int:
    """Empty lines kept since the last kept label line: one gap may stand on each side of
    a sub-heading ("Practitioners" between empty lines in a table of loose rows)."""
    count = 0
    for row in reversed(pending):
        if row.label:
            break
        count += 1
    return count


def _loose(rows: list[_ValueRow]) -> bool:
    """Every row after the first (with values or a label) printed after one empty line (a
    PDF's tall rows): the header above may be printed the same way."""
    printed = [row.line for row in rows if row.values or row.label]
    return sum(1 for row in rows if row.values) >= _MIN_VALUE_ROWS and all(
        b - a == 2 for a, b in pairwise(printed))


def _aligned_apart(lines: list[str], masked: list[bool], rows: list[_ValueRow]) -> bool:
    """Rows of one label and k values each, under heading lines of k headings right of
    the labels at most, whose cells lie in more than k columns: each cell was aligned
    its own way (a dash at a column's left, amounts at its right), so the cells are
    columns in order. (Rows of k values under more headings print empty cells.)"""
    if not _same_width(rows):
        return False
    width = len(rows[0].values)
    label_end = max(part.end for row in rows for part in row.label)
    heading_lines = _heading_lines(lines, masked, rows[0].line, _loose(rows))
    headings = max((sum(part.start >= label_end for part in parts)
                    for _, parts in heading_lines), default=0)
    return headings == width and len(_columns(rows) or []) > width


def _positional_block(lines: list[str], masked: list[bool],
                      rows: list[_ValueRow]) -> RawBlock | None:
    """The rows with each cell in the column it lies in (see the module's docstring), or
    None when the text is not aligned: a label reaching into the values, two cells of a
    row in one column."""
    columns = _columns([row for row in rows if row.values])
    if columns is None:
        return None
    label_end = max(part.end for row in rows if row.values for part in row.label)
    heading_lines = _heading_lines(lines, masked, rows[0].line, _loose(rows))
    columns = _joined_under_headings(columns, heading_lines, label_end,
                                     [row for row in rows if row.values])
    columns = _with_empty_columns(columns, heading_lines, label_end)
    placed = [_placed(row, columns) for row in rows if row.label or row.values]
    if any(cells is None for cells in placed):
        return None
    header = _header(heading_lines, columns, label_end)
    raw_rows = [RawRow(line, cells) for line, cells in [*header, *placed] if cells]
    return RawBlock(SPACED, raw_rows, explicit_header_rows=len(header))


def _label_line_kept(parts: list[_Part], rows: list[_ValueRow],
                     pending: list[_ValueRow]) -> bool:
    """A line of labels kept while waiting for the next value row: a sub-heading (one
    per gap) or a label wrapped onto lines of its own."""
    if _sub_heading(parts, rows) and not any(
            row.label and _wider_than_labels(row.label, rows) for row in pending):
        return True
    return _wrapped_label(parts, rows) and len(pending) < _MAX_LABEL_ONLY_LINES


def _wraps(lines: list[str], masked: list[bool], rows: list[_ValueRow], number: int,
           parts: list[_Part]) -> bool:
    """Whether a text line right under a value row is the rest of its label. It is when
    the label could not have held its first word (see `_could_wrap`; exactly, when the
    table shows rows without values elsewhere: one under the header, or more label lines
    in a row than a label wraps over); when it could, it is still read as wrapped unless the
    line is followed by another line of labels (a change row left empty, then a
    sub-heading; "Other White" under "White Irish")."""
    if not _could_wrap(rows[-1], parts, parts[-1].end, slack=0):
        return False  # the line itself is wider than the label and its first word
    widest, label_rows = _label_column(lines, masked, rows, number)
    if label_rows or any(row.label and not row.values and not _wider_than_labels(row.label, rows)
                         for row in rows):
        return _could_wrap(rows[-1], parts, widest, slack=0)
    if _could_wrap(rows[-1], parts, widest):
        return True
    if number >= len(lines) or masked[number + 1] or not lines[number].strip():
        return True
    following = _candidate(lines, masked, number + 1) or _parts(lines[number])
    return not _text_only(following) or _value_row(number + 1, following) is not None


def _label_column(lines: list[str], masked: list[bool], rows: list[_ValueRow],
                  number: int) -> tuple[int, bool]:
    """Where the widest line printed in the label column ends (the rows so far and the
    rows and label lines that follow, up to an empty line: the label cell is at least that
    wide), and whether more label lines follow in a row than a label wraps over."""
    widest = max(row.label[-1].end for row in rows if row.label and row.values)
    label_lines = widest
    run = longest = 0
    while number <= len(lines) and lines[number - 1].strip():
        parts = _candidate(lines, masked, number) or _parts(lines[number - 1])
        row = _value_row(number, parts) if len(parts) > 1 else None
        if row is not None:
            widest, run = max(widest, row.label[-1].end), 0
        elif _wrapped_label(parts, rows):
            label_lines, run = max(label_lines, parts[-1].end), run + 1
            longest = max(longest, run)
        else:
            break
        number += 1
    # label lines count when the table has rows of labels only (else one may be a
    # sub-heading, wider than the column)
    label_rows = longest > _MAX_WRAPPED_LABEL_LINES
    return max(widest, label_lines) if label_rows else widest, label_rows


def _could_wrap(above: _ValueRow, parts: list[_Part], width: int,
                slack: int = _WRAP_SLACK) -> bool:
    """Whether a text line under a row can be the rest of its label, wrapped: the label's
    last line and the line's first word together would not fit in the label column (a
    shorter pair fits on one line, so the line is a row of its own: a label with no
    values, such as "Other White" under "White British")."""
    first_word = parts[0].text.split(" ")[0]
    return above.label[-1].end + 1 + len(first_word) > width - slack


def _fits(row: _ValueRow, rows: list[_ValueRow]) -> bool:
    """Whether a row's cells agree with the columns of the rows before it: its label ends
    before them and no two of its cells fall in one of them (a cell may start a column
    no earlier row printed a value in)."""
    columns = _columns([earlier for earlier in rows if earlier.values])
    if columns is None or max(part.end for part in row.label) > columns[0][0]:
        return False
    hits = [index for part in row.values for index, (low, high) in enumerate(columns)
            if part.overlap(low, high)]
    return len(hits) == len(set(hits))


def _same_width(rows: list[_ValueRow]) -> bool:
    """Rows of one label and as many values each: cells are columns in order, aligned or
    not (a PDF's borderless table rendered with a wide gap between cells)."""
    return all(len(row.label) == 1 for row in rows) and len(
        {len(row.values) for row in rows}) == 1


def _ordinal_block(lines: list[str], masked: list[bool], rows: list[_ValueRow],
                   aligned: bool = False) -> RawBlock:
    """A block of rows of equal width, with the header lines above of as many cells (or
    one fewer: no stub over the row labels), each heading wrapped in its column joined.
    In rows `aligned` in columns, a line of one fewer starting over the labels heads the
    stub: it is short of a heading spanning two columns, read as upper headings."""
    width = 1 + len(rows[0].values)
    header: list[tuple[int, list[_Part]]] = []
    heading_lines = _heading_lines(lines, masked, rows[0].line, _loose(rows))
    label_end = max(row.label[-1].end for row in rows)
    groups: RawRow | None = None
    for number, parts in reversed(heading_lines):
        if len(header) == _MAX_HEADER_ROWS or len(parts) not in (width, width - 1) \
                or len(parts) < 2 or (aligned and len(parts) < width
                                      and parts[0].start < label_end):
            cells = _group_cells(number, parts, _ordinal_extents(header, rows),
                                 label_end) if header else None
            groups = RawRow(number, cells) if cells else None
            break
        header.insert(0, (number, parts))
    raw_rows = [_ordinal_row(line, parts, width) for line, parts in
                [*header, *((row.line, [*row.label, *row.values]) for row in rows)]]
    raw_rows = [groups, *raw_rows] if groups else raw_rows
    return RawBlock(SPACED, raw_rows, explicit_header_rows=len(header) + bool(groups))


def _ordinal_extents(header: list[tuple[int, list[_Part]]],
                     rows: list[_ValueRow]) -> list[tuple[int, int]]:
    """Where each value column of an ordinal block is printed: its values and the
    headings read over it, so that an upper heading line can be placed over them."""
    width = len(rows[0].values)
    printed = [[row.values[i] for row in rows] for i in range(width)]
    for _, parts in header:
        for i, part in enumerate(parts[len(parts) - width:]):
            printed[i].append(part)
    return [(min(part.start for part in column), max(part.end for part in column))
            for column in printed]


def _ordinal_row(line: int, parts: list[_Part], width: int) -> RawRow:
    offset = width - len(parts)  # a header with no stub starts one column in
    return RawRow(line, [RawCell.make(part.text, offset + column, line)
                         for column, part in enumerate(parts)])


def _wrapped_label(parts: list[_Part], rows: list[_ValueRow]) -> bool:
    """A line of text only, starting where the labels start and ending before the values.
    A period alone ("2018/19") is no label's end: it heads the rows below it."""
    if not _text_only(parts) or _period_alone(parts):
        return False
    label_start = min(row.label[0].start for row in rows if row.label)
    first_value = min(row.values[0].start for row in rows if row.values)
    return abs(parts[0].start - label_start) <= 2 and parts[-1].end < first_value


def _capitals_under_words(parts: list[_Part], row: _ValueRow) -> bool:
    """A line of words in capitals ("STAFFING", "RUNNING COSTS") under a label printed in
    lower case too: a heading over the rows below, not the label's rest (a label wrapped
    in its cell keeps its case). Short capitals ("OPCC", "(YJB)") may end a label."""
    text = " ".join(part.text for part in parts)
    label = " ".join(part.text for part in row.label)
    return bool(_CAPITALS_HEADING.fullmatch(text)) and not label.isupper() \
        and any(len(word) >= _MIN_CAPITALS_WORD for word in text.split())


def _ends_period(parts: list[_Part], row: _ValueRow) -> bool:
    """One text cell left of the row's values that completes the period its label left
    open after the dash (it may be wider than every label: "Mar 17 cohort")."""
    if len(parts) != 1 or not row.values or not row.label or not _text_only(parts):
        return False
    label = " ".join(part.text for part in row.label)
    return parts[0].end < row.values[0].start and completes_a_period(label, parts[0].text)


def _wider_than_labels(parts: list[_Part], rows: list[_ValueRow]) -> bool:
    """A text line reaching past every value row's label cannot be a label wrapped in
    its cell: it is a sub-heading row ("Use of custody rate per 1,000" over period rows)."""
    return parts[-1].end > _label_end(rows)


def _label_end(rows: list[_ValueRow]) -> int:
    return max(row.label[-1].end for row in rows if row.values and row.label)


def _first_sub_heading(lines: list[str], masked: list[bool],
                       first: _ValueRow) -> list[_ValueRow]:
    """A sub-heading between the header and the first value row: one text cell at the
    labels' start, wider than the labels and ending before the values, under a header
    line of two or more labels; it may wrap onto a second line ("... binary" over
    "rate (%)", as a scan prints a merged cell's text)."""
    number = first.line - 1
    if number < 2 or masked[number] or not first.label:
        return []
    parts = _parts(lines[number - 1])
    wrapped: list[_ValueRow] = []
    if number > 2 and not masked[number - 1] and _wrapped_label(parts, [first]) \
            and len(parts) == 1 and _sub_heading(_parts(lines[number - 2]), [first]):
        wrapped = [_ValueRow(number, parts, [])]  # the sub-heading wrapped in its cell
        number -= 1
        parts = _parts(lines[number - 1])
    heading = _candidate(lines, masked, number - 1)
    if len(heading) < 2 or not _header_like(heading) or not _sub_heading(parts, [first]):
        return []
    return [_ValueRow(number, parts, []), *wrapped]


def _leading_labels(lines: list[str], masked: list[bool], first: _ValueRow) -> list[_ValueRow]:
    """Rows with a label and no values between the header and the first value row
    ("Police" with nothing to report, under "Agency  Staffing  Total"): lines of one
    text cell at the labels' start ending before the values, under a header line of two
    or more labels. When an empty line follows the first value row (loose rows), one
    empty line may stand above each of these lines too."""
    found: list[_ValueRow] = []
    loose = first.line < len(lines) and not lines[first.line].strip()
    number = first.line - 1
    while number > 1 and not masked[number] and len(found) < _MAX_LABEL_ONLY_LINES:
        if loose and not lines[number - 1].strip() and number > 2:
            number -= 1
        parts = _parts(lines[number - 1])
        if masked[number] or len(parts) != 1 or not _wrapped_label(parts, [first]):
            break
        found.insert(0, _ValueRow(number, parts, []))
        number -= 1
    if not found or not any(len(parts) > 1 for _, parts in
                            _heading_lines(lines, masked, found[0].line, loose)):
        return []
    return found


def _sub_heading(parts: list[_Part], rows: list[_ValueRow]) -> bool:
    """One text cell (a measure's name may be long) at the labels' start, wider than
    every label or longer than a label cell's text: a heading over the rows below it,
    merged across the table ("Use of custody rate per 1,000 of 10-17 population"); it
    may reach over the values."""
    if len(parts) != 1 or len(parts[0].text) > _MAX_SUB_HEADING_CHARS \
            or cell_kind(parts[0].text) in (NUMBER, MARKER):
        return False
    label_start = min(row.label[0].start for row in rows if row.label)
    return abs(parts[0].start - label_start) <= 2 and (
        _wider_than_labels(parts, rows) or _period_alone(parts)
        or len(parts[0].text) > _MAX_CELL_CHARS)


def _period_alone(parts: list[_Part]) -> bool:
    """A line printing one period and nothing else ("2018/19", "2019 to 2020")."""
    if len(parts) != 1:
        return False
    found = find_financial_year(parts[0].text, allow_words=True)
    return cell_kind(parts[0].text) == PERIOD or (found is not None
                                                  and found[1] == parts[0].text.strip())


def _columns(rows: list[_ValueRow]) -> list[tuple[int, int]] | None:
    """The value columns: the extents of all value cells, merged where they overlap."""
    spans = sorted((part.start, part.end) for row in rows for part in row.values)
    if not spans:
        return None
    columns = [list(spans[0])]
    for low, high in spans[1:]:
        if low < columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], high)
        else:
            columns.append([low, high])
    return [(low, high) for low, high in columns]


def _placed(row: _ValueRow, columns: list[tuple[int, int]]) -> tuple[int, list[RawCell]] | None:
    """The row's cells in their columns, or None when two share a column or the label
    reaches into the values."""
    if row.values and row.label and max(part.end for part in row.label) > columns[0][0]:
        return None  # (a heading row without values may reach over them)
    cells = []
    if row.label:
        cells.append(RawCell.make(_label_raw(row), 0, row.line))
    taken: set[int] = set()
    for part in row.values:
        index = next((i for i, (low, high) in enumerate(columns) if part.overlap(low, high)),
                     None)
        if index is None or index in taken:
            return None
        taken.add(index)
        cells.append(RawCell.make(part.text, index + 1, row.line))
    for part in row.words:  # in the one free column it lies in, else left out
        hits = [i for i, (low, high) in enumerate(columns) if part.overlap(low, high)]
        if len(hits) == 1 and hits[0] not in taken:
            taken.add(hits[0])
            cells.append(RawCell.make(part.text, hits[0] + 1, row.line))
    return row.line, sorted(cells, key=lambda cell: cell.column)


def _heading_lines(lines: list[str], masked: list[bool], start: int,
                   loose: bool = False) -> list[tuple[int, list[_Part]]]:
    """The lines of labels just above the first value row (top first), at most three;
    in a table printing an empty line between its rows (`loose`), one empty line above
    each heading line is that same gap."""
    found: list[tuple[int, list[_Part]]] = []
    number = start - 1
    if _gap_under_header(lines, masked, number):
        number -= 1  # rows printed with an empty line between them, the header's too
    while number >= 1 and len(found) < _MAX_HEADER_LINES:
        if loose and not lines[number - 1].strip() and number > 1 and not masked[number]:
            number -= 1
        parts = _candidate(lines, masked, number) or _lone_heading(lines, masked, number)
        if not _header_like(parts):
            above = _candidate(lines, masked, number - 1) if number > 1 else []
            if found and _wraps_into_headings(parts, found[0][1]):
                pass  # "10 -17" over "Population": a heading's first half
            elif above and _wraps_into_headings(above, parts):
                found.insert(0, (number, parts))  # "Target" over "(<)": its second half
                number -= 1
                parts = above
            else:
                break
        found.insert(0, (number, parts))
        number -= 1
    return _unwrapped(found)[-_MAX_HEADER_ROWS:]


def _wraps_into_headings(upper: list[_Part], lower: list[_Part]) -> bool:
    """Whether two lines are one header line with headings wrapped in their columns,
    and read together are headings (a half alone may read as a number or a marker)."""
    joined = _continued(upper, lower) if upper and lower else None
    return joined is not None and _header_like(joined)


def _gap_under_header(lines: list[str], masked: list[bool], number: int) -> bool:
    """Line `number` is empty and the line above it heads two or more columns: the gap
    `pdftotext` prints between tall rows, here between the header and the first row."""
    if number < 2 or masked[number] or lines[number - 1].strip():
        return False
    parts = _candidate(lines, masked, number - 1)
    return len(parts) >= 2 and _header_like(parts)


def _unwrapped(heading_lines: list[tuple[int, list[_Part]]]) -> list[tuple[int, list[_Part]]]:
    """Header lines with each heading wrapped over lines in its column joined into one
    ("Youth" over "Justice Grant"; "Apr 2013-" over "Mar 2014"): a line whose every
    cell lies under a different cell of the line above continues those cells. (An upper
    heading over a group has two or more cells under it; a cell under no heading starts
    a line of its own.)"""
    merged: list[tuple[int, list[_Part]]] = []
    for number, parts in heading_lines:
        above = _continued(merged[-1][1], parts) if merged else None
        if above is None:
            merged.append((number, parts))
        else:
            merged[-1] = (merged[-1][0], above)
    return merged


def _continued(upper: list[_Part], lower: list[_Part]) -> list[_Part] | None:
    """The upper line's cells with the lower line's cells appended below them, or None
    when some lower cell lies under no upper cell, or under two, or shares one."""
    under: dict[int, _Part] = {}
    for part in lower:
        hits = [index for index, cell in enumerate(upper) if part.overlap(cell.start, cell.end)]
        if len(hits) != 1 or hits[0] in under:
            return None
        under[hits[0]] = part
    return [_Part(min(cell.start, under[i].start), max(cell.end, under[i].end),
                  f"{cell.text} {under[i].text}") if i in under else cell
            for i, cell in enumerate(upper)]


def _joined_under_headings(columns: list[tuple[int, int]],
                           heading_lines: list[tuple[int, list[_Part]]], label_end: int,
                           rows: list[_ValueRow]) -> list[tuple[int, int]]:
    """Two neighbouring value columns under one and the same heading, of which no row
    prints both, are one column whose cells were aligned two ways (a dash at its left,
    amounts at its right): joined, so that the headings are not placed one column off."""
    if not heading_lines:
        return columns
    _, parts = max(heading_lines, key=lambda item: len(item[1]))
    headings = [part for part in parts if part.start >= label_end]

    def heads(column: tuple[int, int]) -> list[int]:
        return [i for i, part in enumerate(headings) if part.overlap(*column)]

    def printed(column: tuple[int, int]) -> set[int]:
        return {row.line for row in rows for part in row.values if part.overlap(*column)}

    joined = list(columns[:1])
    for column in columns[1:]:
        previous = joined[-1]
        if len(heads(previous)) == 1 and heads(previous) == heads(column) \
                and not printed(previous) & printed(column):
            joined[-1] = (previous[0], max(previous[1], column[1]))
        else:
            joined.append(column)
    return joined


def _with_empty_columns(columns: list[tuple[int, int]],
                        heading_lines: list[tuple[int, list[_Part]]],
                        label_end: int) -> list[tuple[int, int]]:
    """The value columns and any column no row prints a value in: a heading over no
    values, when the widest heading line has exactly that many headings more than there
    are value columns, each overlapping no value column and right of the labels."""
    if not heading_lines:
        return columns
    _, parts = max(heading_lines, key=lambda item: len(item[1]))
    headings = [part for part in parts if part.start >= label_end]
    extra = len(headings) - len(columns)
    loose = [part for part in headings
             if not any(part.overlap(low, high) for low, high in columns)]
    if extra <= 0:
        return columns
    if len(loose) != extra:
        left_set = _headings_set_left(heading_lines, label_end)
        return _under_headings(columns, headings, left_set) or columns
    return sorted([*columns, *((part.start, part.end) for part in loose)])


def _under_headings(columns: list[tuple[int, int]], headings: list[_Part],
                    left_set: bool = False) -> list[tuple[int, int]] | None:
    """One column per heading, when the headings are more than the value columns and
    each value column lies in the stretch from a heading's start to the next heading's
    start, alone there ("M   F" headings over some empty columns, the numbers aligned
    right in theirs, overlapping no heading): the heading's own extent for a column with
    no values. Numbers aligned left under centred headings start left of theirs: the
    stretches then run from a heading's end to the next one's end. None when the columns
    show neither alignment, or both (see `_aligned_right`), and the headings are not
    shown set at their cells' left edges (`left_set`, see `_headings_set_left`: a number
    ending before a heading is then not in its cell), or a value column straddles two
    stretches or shares one."""
    right = True if left_set else _aligned_right(columns, headings)
    if right is None:
        return None
    if right:
        starts = [part.start for part in headings]
        stretches = list(zip(starts, [*starts[1:], 10**6], strict=True))
    else:
        ends = [part.end for part in headings]
        stretches = list(zip([-1, *ends[:-1]], ends, strict=True))
    placed: dict[int, tuple[int, int]] = {}
    for low, high in columns:
        inside = [i for i, (start, end) in enumerate(stretches) if start <= low and high <= end]
        if len(inside) != 1 or inside[0] in placed:
            return None
        placed[inside[0]] = (low, high)
    return [placed.get(i, (part.start, part.end)) for i, part in enumerate(headings)]


def _headings_set_left(heading_lines: list[tuple[int, list[_Part]]], label_end: int) -> bool:
    """Whether the headings are printed at their cells' left edges: over the lowest
    heading line, a line of two or more headings each starting exactly where a heading
    below starts (an upper heading over its group, a heading wrapped in its cell);
    centred headings of other lengths start apart."""
    if len(heading_lines) < 2:
        return False
    lowest = {part.start for part in heading_lines[-1][1] if part.start >= label_end}
    return any(len(upper) >= 2 and all(part.start in lowest for part in upper)
               for upper in ([part for part in parts if part.start >= label_end]
                             for _, parts in heading_lines[:-1]))


def _aligned_right(columns: list[tuple[int, int]], headings: list[_Part]) -> bool | None:
    """True when a value column shows its numbers aligned right or centred under their
    headings (overlapping one heading and reaching past its end, or printed right of the
    last heading) and none shows them aligned left (overlapping one heading and starting
    before it, or printed left of the first); False for the opposite; None when no column
    shows either, or columns show both: a column between two headings is then either's.
    Unlike single values (`underheadings._right_or_centred`), a whole column left of the
    first heading shows left alignment, and a column between two headings shows nothing."""
    seen = alignment(columns, headings)
    right = seen.sticks_right or seen.past_last
    left = seen.sticks_left or seen.before_first
    return None if right == left else right


def _header(heading_lines: list[tuple[int, list[_Part]]], columns: list[tuple[int, int]],
            label_end: int) -> list[tuple[int, list[RawCell]]]:
    """The heading lines placed in the columns, from the value rows up: a line that
    cannot be placed ends the header (it and the lines above are not part of it). Over
    a placed line, a line of fewer headings that each start an equal group of columns
    is read as upper headings over those groups, and ends the header too ("Apr 15 -
    Mar 16" over "Sentenced  Rate", even where it overlaps neither's numbers)."""
    header: list[tuple[int, list[RawCell]]] = []
    extents = list(columns)
    below: list[_Part] = []  # the headings of the line placed last, one per column
    for number, parts in reversed(heading_lines):
        over_groups = header and _equal_groups(
            [part for part in parts if part.start >= label_end], extents)
        cells = None if over_groups else _header_cells(number, parts, columns, label_end)
        if cells is None:
            group = (_group_cells(number, parts, extents, label_end)
                     or _repeated_group_cells(number, parts, below, label_end)
                     or _spanning_down(number, parts, extents, header)) if header else None
            if group is not None:
                header.insert(0, (number, group))
            break
        header.insert(0, (number, cells))
        columned = sorted((cell.column, part) for part, cell in zip(parts, cells, strict=True)
                          if cell.column and cell.text)
        below = [part for _, part in columned] \
            if [column for column, _ in columned] == list(range(1, len(columns) + 1)) else []
        for part, cell in zip(parts, cells, strict=True):  # where its headings are printed
            if cell.column and cell.text:
                low, high = extents[cell.column - 1]
                extents[cell.column - 1] = (min(low, part.start), max(high, part.end))
    return header


def _spanning_down(line: int, parts: list[_Part], columns: list[tuple[int, int]],
                   header: list[tuple[int, list[RawCell]]]) -> list[RawCell] | None:
    """Headings of a line over the placed header that each lie over one column the
    header left without a heading, and over no other ("Total" printed on the upper line
    of a header whose cell spans both lines): those headings alone, in their columns.
    None when there are none."""
    headed = {column for _, cells in header for cell in cells if cell.text
              for column in range(cell.column, cell.column + cell.colspan)}
    cells = []
    for part in parts:
        hits = [index + 1 for index, (low, high) in enumerate(columns)
                if part.overlap(low, high)]
        if len(hits) == 1 and hits[0] not in headed:
            cells.append(RawCell.make(part.text, hits[0], line))
    return cells or None


def _group_cells(line: int, parts: list[_Part], columns: list[tuple[int, int]],
                 label_end: int) -> list[RawCell] | None:
    """An upper heading line over the placed header: each heading spans the columns it
    overlaps (values or headings: "Strategic Manager" over "PT" and "FT"), when every column lies
    under exactly one heading and at least one heading spans two. Else None (the line is
    not read as header)."""
    stub = [part for part in parts if part.start < label_end]
    rest = parts[len(stub):]
    if len(stub) > 1 or (stub and stub[0].end > columns[0][0]):
        return None
    spans = [[index + 1 for index, (low, high) in enumerate(columns) if part.overlap(low, high)]
             for part in rest]
    spans = _equal_groups(rest, columns) or spans
    covered = [column for span in spans for column in span]
    if any(not span for span in spans) or sorted(covered) != list(range(1, len(columns) + 1)) \
            or max(map(len, spans), default=0) < 2:
        return None
    cells = [RawCell.make(part.text, 0, line) for part in stub]
    return cells + [RawCell.make(part.text, span[0], line, colspan=len(span))
                    for part, span in zip(rest, spans, strict=True)]


def _repeated_group_cells(line: int, parts: list[_Part], below: list[_Part],
                          label_end: int) -> list[RawCell] | None:
    """An upper heading line over a line of headings that repeat ("Managers    Strategic"
    over "M  F", "Practitioners" over the next "M  F"), each upper heading read over the
    one repetition it overlaps most (a heading the scan split over two cells is one)."""
    stub = [part for part in parts if part.start < label_end]
    if not below or len(stub) > 1 or any(part.end > label_end for part in stub):
        return None
    groups = repeated_groups(parts[len(stub):], below)
    if groups is None:
        return None
    return [RawCell.make(part.text, 0, line) for part in stub] + [
        RawCell.make(text, column, line, colspan=span) for text, column, span in groups]


def _equal_groups(parts: list[_Part], columns: list[tuple[int, int]]) -> list[list[int]] | None:
    """Upper headings printed at the start of their span, each over the first of an equal
    group of columns ("Fixed-term" over "Headcount" but short of "FTE"): their spans, when
    the columns fall in equal groups of two or more, one per heading, and each heading
    starts over its group's first column and ends before the next group."""
    if not parts or len(columns) % len(parts) or len(columns) // len(parts) < 2:
        return None
    size = len(columns) // len(parts)
    groups = [list(range(1 + i * size, 1 + (i + 1) * size)) for i in range(len(parts))]
    for part, group in zip(parts, groups, strict=True):
        low, _ = columns[group[0] - 1]
        after = columns[group[-1]][0] if group[-1] < len(columns) else None
        if not part.overlap(*columns[group[0] - 1]) or part.start > low + 1 or (
                after is not None and part.end > after):
            return None
    return groups


def _lone_heading(lines: list[str], masked: list[bool], number: int) -> list[_Part]:
    """A header line with a single cell ("costs" under "Staffing") has no double space."""
    line = lines[number - 1]
    if masked[number] or "\t" in line or ("|" in line and "|" in undo_ocr_letters(line)) \
            or not line.strip():
        return []
    parts = _parts(line)
    return parts if len(parts) == 1 and line.startswith(" " * 8) else []


def _header_like(parts: list[_Part]) -> bool:
    texts = [part.text for part in parts]
    kinds = [cell_kind(text) for text in texts]
    worded = headings_with_a_worded_marker(texts, kinds)
    # on a line of three or more headings, any may be a long name ("Other source (please
    # give details in the notes)"); of two, a sentence split at a double space may not
    limit = _MAX_LABEL_CHARS if len(texts) > _MIN_CELLS_AFTER_LONG_LABEL else _MAX_CELL_CHARS
    limits = [limit] + [_MAX_CELL_CHARS if len(texts) == 2 else limit] * (len(texts) - 1)
    if len(texts) > _MIN_HEADINGS_AFTER_A_NOTE and all(
            len(text) <= _MAX_CELL_CHARS for text in texts[1:]):
        limits[0] = _MAX_STUB_NOTE_CHARS  # the stub's heading a note over many headings
    return bool(parts) and all(
        (len(text) <= limit and (kind not in (NUMBER, MARKER) or worded))
        or kind == PERIOD for text, kind, limit in zip(texts, kinds, limits, strict=True))


def _header_cells(line: int, parts: list[_Part], columns: list[tuple[int, int]],
                  label_end: int) -> list[RawCell] | None:
    """Each header cell in its column: a cell starting over the labels heads the stub; the
    others are placed in order, one per column, so that they overlap their columns most
    (a heading wider than its numbers may reach into the next column, and one printed
    beside its numbers overlaps none). None when they cannot all be placed, or a cell
    reaches over a column no cell is placed in (an upper heading over a group)."""
    stub = [part for part in parts if part.start < label_end]
    rest = parts[len(stub):]
    if len(stub) > 1 or (stub and stub[0].end > columns[0][0]):
        return None
    placed = _in_order(rest, columns)
    if placed is None:
        return None
    reached = {index + 1 for part in rest for index, (low, high) in enumerate(columns)
               if part.overlap(low, high)}
    if reached - set(placed) or len(stub) + len(placed) < min(2, len(parts)):
        return None
    return [RawCell.make("" if index and _torn(part, index, columns, placed) else part.text,
                         index, line)
            for part, index in zip(parts, [0] * len(stub) + placed, strict=True)]


def _torn(part: _Part, index: int, columns: list[tuple[int, int]], placed: list[int]) -> bool:
    """A heading over no value column, placed in the column on one side of it while the
    nearest column on its other side has no heading: a scan's text layer drifted, and
    which of the two is its column cannot be told. It heads neither (their values are
    then left out, and reported)."""
    low, high = columns[index - 1]
    if part.overlap(low, high):
        return False
    other = index + 1 if high <= part.start else index - 1
    if not 1 <= other <= len(columns) or other in placed:
        return False
    other_low, other_high = columns[other - 1]
    return other_low >= part.end if other > index else other_high <= part.start


def _placement_score(part: _Part, column: tuple[int, int]) -> float:
    """How well a header cell fits a column: its overlap, else a small cost by distance."""
    overlap = part.overlap(*column)
    if overlap:
        return float(overlap)
    return -min(abs(part.start - column[1]), abs(column[0] - part.end)) / 1000


def _in_order(parts: list[_Part], columns: list[tuple[int, int]]) -> list[int] | None:
    """The increasing columns (1-based) that place the cells with the most overlap."""
    if len(parts) > len(columns):
        return None
    # best[p][c]: the best placement of parts[p:] in columns[c:], as (score, columns)
    best: list[list[tuple[float, list[int]] | None]] = [
        [None] * (len(columns) + 1) for _ in range(len(parts) + 1)]
    for c in range(len(columns) + 1):
        best[len(parts)][c] = (0.0, [])
    for p in range(len(parts) - 1, -1, -1):
        for c in range(len(columns) - 1, -1, -1):
            options = []
            skip, rest = best[p][c + 1], best[p + 1][c + 1]
            if skip is not None:
                options.append(skip)
            if rest is not None:
                options.append((_placement_score(parts[p], columns[c]) + rest[0],
                                [c + 1, *rest[1]]))
            best[p][c] = max(options, key=lambda option: option[0]) if options else None
    found = best[0][0]
    return None if found is None else found[1]


def _text_columns_at(lines: list[str], masked: list[bool],
                     number: int) -> tuple[RawBlock, int] | None:
    """A table with columns of long text ("Activity  Outcome  Cost" over rows of
    sentences and an amount) whose row at line `number` prints a number, where no table of
    labels and values is read (a text too long for a label, or wrapped in its cell), and
    the line after it. Its columns are what the header line and the rows print between
    gutters, runs of two or more positions no line prints in (so texts and headings may
    be aligned left, right or centred); the table ends at a line printing in a gutter or
    two cells in one column. A line of words under a row, its first column empty, is the
    rest of that row's texts, wrapped in their cells."""
    first = _candidate(lines, masked, number)
    if len(first) < 2 or not any(cell_kind(part.text) == NUMBER for part in first[1:]):
        return None
    heading_lines = _heading_lines(lines, masked, number)
    if not heading_lines or len(heading_lines[-1][1]) < 2:
        return None
    top, heading = heading_lines[-1]
    printed = [heading]
    rows: list[tuple[int, list[_Part]]] = []
    line = number
    while line <= len(lines) and not masked[line]:
        parts = _candidate(lines, masked, line) or _parts(lines[line - 1])
        columns = _gutter_columns([*printed, parts])
        if not parts or any(_in_columns(each, columns) is None for each in [*printed, parts]):
            break  # (a line printing in a gutter: prose after the table)
        rest = _continuation(rows[-1][1], parts, columns) if rows else None
        if rest is not None:
            rows[-1] = (rows[-1][0], rest)
        elif len(parts) > 1:
            rows.append((line, parts))
        else:
            break
        printed.append(parts)
        line += 1
    columns = _gutter_columns(printed)
    placed = [(at, _in_columns(parts, columns) or []) for at, parts in [(top, heading), *rows]]
    valued = [cells for _, cells in placed[1:] if any(
        column and cell_kind(part.text) == NUMBER for column, part in cells)]
    if len(valued) < _MIN_VALUE_ROWS:
        return None
    return RawBlock(SPACED, [RawRow(at, [RawCell.make(part.text, column, at)
                                         for column, part in cells]) for at, cells in placed],
                    explicit_header_rows=1), line


def _gutter_columns(printed: list[list[_Part]]) -> list[tuple[int, int]]:
    """The stretches lines print in, parted by runs of two or more positions none of
    them prints in."""
    spans = sorted((part.start, part.end) for parts in printed for part in parts)
    columns: list[list[int]] = []
    for low, high in spans:
        if columns and low - columns[-1][1] < 2:
            columns[-1][1] = max(columns[-1][1], high)
        else:
            columns.append([low, high])
    return [(low, high) for low, high in columns]


def _in_columns(parts: list[_Part], columns: list[tuple[int, int]]
                ) -> list[tuple[int, _Part]] | None:
    """Each part with the index of the column it starts in, or None when two share one."""
    placed = [(next(i for i, (low, high) in enumerate(columns) if low <= part.start < high),
               part) for part in parts]
    indexes = [index for index, _ in placed]
    return placed if len(set(indexes)) == len(indexes) else None


def _continuation(above: list[_Part], parts: list[_Part],
                  columns: list[tuple[int, int]]) -> list[_Part] | None:
    """The row above with the line's words joined to its texts, when the line is their
    rest, wrapped in their cells: words only, the first column left empty, each in a
    column the row above prints text in. None when it is not."""
    by_column = {column: index
                 for index, (column, _) in enumerate(_in_columns(above, columns) or [])}
    joined = list(above)
    for column, part in _in_columns(parts, columns) or []:
        index = by_column.get(column)
        if not column or index is None or cell_kind(part.text) in (NUMBER, MARKER) \
                or cell_kind(above[index].text) in (NUMBER, MARKER):
            return None
        cell = joined[index]
        joined[index] = _Part(min(cell.start, part.start), max(cell.end, part.end),
                              f"{cell.text} {part.text}")
    return joined if joined != above else None
