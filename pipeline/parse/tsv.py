"""Tab-separated blocks: runs of tab lines, joined across blank lines and page furniture.

PDF conversion prints one table row per line with cells separated by tabs. A
table can be broken by blank lines, by a wrapped line without tabs, or by a page
break that drops footnotes and a running header between two rows. Runs are joined
back when what follows is more of the same table (same width, body rows), and kept
apart when it starts a new one (a title row, a new header, a wider grid).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.parse.cellstream import completes_a_period
from pipeline.parse.lines import is_blank, is_footnote, is_running_header, markdown_heading
from pipeline.parse.markup import clean_text
from pipeline.parse.raw import TSV, RawBlock, RawCell, RawRow
from pipeline.parse.rows import (
    continues_text,
    filled,
    is_data,
    is_open_text,
    is_single,
    looks_like_header,
    same_texts,
    width,
)
from pipeline.parse.values import REPORTED, read_cell

_MAX_BLANK_GAP = 3  # blank lines a table may contain between two of its rows
_MAX_FURNITURE_GAP = 9  # lines of footnotes/running headers a page break may insert
_MAX_FURNITURE_LINES = 2  # running header / page number lines in such a gap


@dataclass
class _Run:
    rows: list[RawRow]

    @property
    def first(self) -> int:
        return self.rows[0].line

    @property
    def last(self) -> int:
        return self.rows[-1].line


def find_tsv_blocks(lines: list[str], masked: list[bool]) -> list[RawBlock]:
    """Every tab-separated block of the text."""
    runs = _runs(lines, masked)
    blocks: list[list[_Run]] = []
    for run in runs:
        if blocks and _joins(blocks[-1], run, lines):
            blocks[-1].append(run)
        else:
            blocks.append([run])
    return [RawBlock(TSV, _closed_up([row for run in group for row in run.rows]))
            for group in blocks]


_MIN_TAB_STOP_ROWS = 3


def _closed_up(rows: list[RawRow]) -> list[RawRow]:
    """Runs of tabs used as tab stops, not as empty cells: a list typed with as many tabs
    as each label needs to line its amount up ("OPCC<TAB><TAB><TAB>£90,353",
    "Local Authority<TAB>£158,370"). When every row prints the same number of cells but
    the rows have different numbers of tabs and put their cells in different columns,
    the empty cells are gaps, not columns: each row's printed cells close up, in order.
    A table exported with empty cells has as many tabs in every row, or rows printing
    different numbers of cells."""
    printed = [filled(row) for row in rows]
    counts = {len(cells) for cells in printed}
    if len(rows) < _MIN_TAB_STOP_ROWS or len(counts) != 1 or counts == {1}:
        return rows
    if len({len(row.cells) for row in rows}) == 1:
        return rows
    if len({tuple(c.column for c in cells) for cells in printed}) == 1:
        return rows
    if not all(_label_then_values(cells) for cells in printed):
        return rows  # a header or a sparse grid whose trailing empty cells were cut
    return [RawRow(row.line, [RawCell.make(c.raw, column, c.line)
                              for column, c in enumerate(cells)])
            for row, cells in zip(rows, printed, strict=True)]


def _label_then_values(cells: list[RawCell]) -> bool:
    """A label at the margin, then only numbers: a row of a list lined up by tabs."""
    label, *values = cells
    return (label.column == 0 and read_cell(label.text).status != REPORTED
            and all(read_cell(c.text).status == REPORTED for c in values))


def _runs(lines: list[str], masked: list[bool]) -> list[_Run]:
    """Contiguous tab lines, plus untabbed lines that continue a wrapped cell."""
    runs: list[_Run] = []
    current: list[RawRow] = []
    wrapped = _labels_wrapped_around(lines, masked)
    absorbed = {n for label in wrapped.values() for n in label.lines}
    for number, line in enumerate(lines, start=1):
        if number in absorbed:
            continue
        row = _row(line, number) if "\t" in line and not masked[number] else None
        if row is not None and number in wrapped:
            row = wrapped[number].insert_into(row)
        if row is not None and filled(row):
            _take_wrapped_lead(row, lines, masked, current)
            current.append(row)
            continue
        continuation = _untabbed_continuation(current, line, number, masked[number])
        if continuation is not None:
            current.append(continuation)
        elif current:  # a blank line, prose or an empty tab line ends the run
            runs.append(_Run(current))
            current = []
    if current:
        runs.append(_Run(current))
    return runs


@dataclass(frozen=True)
class _WrappedLabel:
    """A row label printed as lines above and below its row of values (a PDF cell whose
    label is centred vertically on two lines, its values on the middle line)."""

    text: str
    lines: tuple[int, ...]
    column: int

    def insert_into(self, row: RawRow) -> RawRow:
        cells = [RawCell.make(c.text, c.column + (c.column >= self.column), c.line)
                 for c in row.cells]
        label = RawCell.make(self.text, self.column, self.lines[0])
        cells.insert(self.column, label)
        return RawRow(row.line, cells)


_WRAPPED_LABEL_CHARS = 60


def _labels_wrapped_around(lines: list[str], masked: list[bool]) -> dict[int, _WrappedLabel]:
    """Rows of values with no label cell (one cell fewer than the rows around them),
    between untabbed short lines: those lines are the row's label, around it."""
    found: dict[int, _WrappedLabel] = {}
    for number, line in enumerate(lines, start=1):
        if "\t" not in line or masked[number]:
            continue
        cells = line.split("\t")
        printed = [c for c in cells if c.strip()]
        if not printed or any(not _numeric(c) for c in printed):
            continue
        parts = [n for n in (number - 1, number + 1) if 1 <= n <= len(lines)
                 and _label_line(lines[n - 1]) and not masked[n]]
        if len(parts) != 2:
            continue  # half above and half below: a lone line beside it may be prose
        column = _label_column_nearby(lines, number, len(cells) + 1)
        if column is None or any(c.strip() for c in cells[:column]):
            continue
        text = " ".join(clean_text(lines[n - 1]) for n in parts)
        found[number] = _WrappedLabel(text, tuple(parts), column)
    return found


def _numeric(text: str) -> bool:
    return any(ch.isdigit() for ch in text) and not any(ch.isalpha() for ch in text)


def _label_line(line: str) -> bool:
    text = clean_text(line)
    return ("\t" not in line and bool(text) and len(text) <= _WRAPPED_LABEL_CHARS
            and any(ch.isalpha() for ch in text) and not any(ch.isdigit() for ch in text))


def _label_column_nearby(lines: list[str], number: int, table_width: int) -> int | None:
    """The label column of a tab row within three lines that is `table_width` cells wide
    and prints its label (its first cell with letters) before its values."""
    for near in (*range(number - 1, number - 4, -1), *range(number + 1, number + 4)):
        if not 1 <= near <= len(lines) or "\t" not in lines[near - 1]:
            continue
        cells = lines[near - 1].split("\t")
        column = next((i for i, c in enumerate(cells) if any(ch.isalpha() for ch in c)), None)
        if len(cells) == table_width and column is not None and all(
                _numeric(c) or not c.strip() for c in cells[column + 1:]):
            return column
    return None


def _row(line: str, number: int) -> RawRow:
    parts = line.split("\t")
    return RawRow(number, [RawCell.make(part, column, number) for column, part in enumerate(parts)])


def _take_wrapped_lead(row: RawRow, lines: list[str], masked: list[bool],
                       current: list[RawRow]) -> None:
    """A row whose label starts mid-sentence ("their views taken into account?") under
    an untabbed line that leaves its sentence open ("... and are"): the label was
    wrapped before the cells, so that line is the label's first half."""
    label = row.cells[0] if row.cells else None
    number = row.line - 1
    if label is None or not label.text or not continues_text(label.text) or number < 1:
        return
    above = lines[number - 1]
    if masked[number] or "\t" in above or is_blank(above):
        return
    if current and current[-1].line == number:
        return  # already read as part of the row above
    lead = RawCell.make(above, 0, number)
    if not is_open_text(lead.text):
        return
    label.text = f"{lead.text} {label.text}"
    label.raw = f"{lead.raw}\n{label.raw}"
    label.line = number
    row.line = number


def _untabbed_continuation(
    current: list[RawRow], line: str, number: int, masked: bool
) -> RawRow | None:
    """A line without tabs right under a row, continuing that row's unfinished text cell."""
    if not current or masked or "\t" in line or is_blank(line):
        return None
    previous = current[-1]
    if previous.line != number - 1:
        return None
    cell = RawCell.make(line, 0, number)
    stub = filled(previous)[0] if filled(previous) else None
    if stub is not None and completes_a_period(stub.text, cell.text):
        cell.column = stub.column  # "Jan 17 -" / "Dec 17": a period wrapped after its dash
        return RawRow(number, [cell])
    if not continues_text(cell.text):
        return None
    open_cells = [c for c in filled(previous) if is_open_text(c.text)]
    if not open_cells:
        return None
    cell.column = open_cells[-1].column
    return RawRow(number, [cell])


def _joins(group: list[_Run], run: _Run, lines: list[str]) -> bool:
    """Whether ``run`` continues the table of ``group`` after the lines between them."""
    previous = group[-1]
    gap = lines[previous.last : run.first - 1]  # lines strictly between (0-based slice)
    table_rows = [row for part in group for row in part.rows]
    first = run.rows[0]
    if _closed_by_notes(previous) or (is_single(first) and not continues_text(first.cells[0].text)):
        return False
    if _starts_new_header(table_rows, run):
        return False
    table_width = max(width(row) for row in table_rows)
    run_width = max(width(row) for row in run.rows)
    if run_width > table_width:
        return False
    if all(_is_empty(line) for line in gap):
        return len(gap) <= _MAX_BLANK_GAP
    return (
        run_width == table_width
        and is_data(first)
        and len(gap) <= _MAX_FURNITURE_GAP
        and _is_page_furniture(gap)
    )


def _is_empty(line: str) -> bool:
    """A blank line, or a tab line whose cells print nothing readable."""
    return is_blank(line) or ("\t" in line and not clean_text(line))


def _closed_by_notes(run: _Run) -> bool:
    """A run that ends in a one-cell row (notes, source) ends its table."""
    last = run.rows[-1]
    return len(run.rows) > 1 and is_single(last) and not continues_text(last.cells[0].text)


def _starts_new_header(table_rows: list[RawRow], run: _Run) -> bool:
    """The run opens with the table's header again, or with a new header over data."""
    first = run.rows[0]
    header = next((row for row in table_rows if len(filled(row)) > 1), None)
    if header is not None and same_texts(header, first):
        return True
    table_has_data = any(is_data(row) for row in table_rows)
    return table_has_data and looks_like_header(first)


def _is_page_furniture(gap: list[str]) -> bool:
    """Footnotes, running headers and page numbers only: what a page break inserts."""
    furniture = 0
    for line in gap:
        if _is_empty(line) or is_footnote(line):
            continue
        if markdown_heading(line) is not None or not is_running_header(line):
            return False
        furniture += 1
    return furniture <= _MAX_FURNITURE_LINES
