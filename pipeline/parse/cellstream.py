"""Tables printed one cell per line: Word text exports, copied web pages, Commons answers.

A Word "text only" export separates a table's cells with a lone carriage return and
ends paragraphs with CRLF; once line endings are normalised every cell is a line of
its own and nothing marks where a row ends. A web page or a written answer copied as
text prints the same shape: a line per column heading, then a label line followed by
one value line per column. The grid is still there, in the rhythm of the cells: row
labels (text) recur every `period` cells, with values (numbers, markers or blanks)
between them. This module finds that rhythm, by structure alone:

1. cells: with the document's cell breaks (lines that ended in a lone CR), a cell is
   the lines since the previous break, so a cell holding two paragraphs stays one
   cell; without them (plain LF text) each short line is a cell;
2. regions: runs of cells not interrupted by prose;
3. tables: in a region, the period and the first body row that make the longest run
   of consistent rows (a label, then values); the header is the rows of the same
   period just above (an upper header with fewer, merged cells is spread over the
   columns below it); what follows the run is searched again for another table.

Every cell keeps the line its text (its number, for a value) is printed on.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from pipeline.metadata.enums import NOT_AVAILABLE, REPORTED, SUPPRESSED
from pipeline.parse.raw import RawBlock, RawCell, RawRow
from pipeline.parse.rows import repeats_header
from pipeline.parse.values import read_cell
from pipeline.periods import MONTH_NAMES

CELLS = "cells"

# Cell classes.
BLANK, NUMBER, MARKER, PERIOD, TEXT = "B", "N", "M", "Y", "T"

_MAX_PERIOD = 40
_MAX_HEADER_ROWS = 3
_MAX_CELL_PARAGRAPHS = 14  # paragraphs one Word cell may hold before it is prose
_MAX_PROSE_CHARS = 200  # a paragraph longer than this between two cells is prose
_LF_MAX_CELL_CHARS = 80  # without cell breaks, a longer line is prose, not a cell
_LF_MAX_CELL_WORDS = 12
_MIN_BODY_ROWS = 2
_STRICT_MIN_ROWS = 3  # without cell ends, fewer consistent rows may be a coincidence
_FLAT_MIN_ROWS = 2  # a one-line table with its header of periods: two rows suffice
_SENTENCE_WORDS = 10
_MIN_GRID_WIDTH, _MAX_GRID_WIDTH = 3, 8
_FLAT_LABEL_WORDS = 6
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[A-Za-z]{2,}")
_DISTINCT_LABELS = 0.7
_TEXT_PENALTY = 3.0  # a text where a value should be costs more than a value earns
_NARROW = 4  # periods this small are checked for repeating labels
_CURRENCY_ONLY = frozenset("£$€")
_RANK_TEXT = re.compile(r"^\d{1,3}(?:st|nd|rd|th)?\s*(?:of|/|out of)\s*\d{1,3}$", re.IGNORECASE)
_MONTH_RANGE = re.compile(
    rf"^(?:{MONTH_NAMES})\.?\s*(?:(?:19|20)?\d\d)?\s*(?:-|\u2013|to)\s*"
    rf"(?:{MONTH_NAMES})\.?\s*(?:19|20)?\d\d\*?$", re.IGNORECASE)
_PERIOD_TEXT = re.compile(
    r"^(?:(?:19|20)\d\d(?:\s*[/\-\u2013]\s*(?:19|20)?\d\d)?|\d\d\s*/\s*\d\d|"
    r"(?:q[1-4]|quarter\s*[1-4])\s*(?:(?:19|20)?\d\d(?:/\d\d)?)?)\*?$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class StreamCell:
    """One printed cell: its text, the line it is cited on and the lines it spans."""

    text: str
    raw: str
    line: int
    last_line: int
    kind: str


@lru_cache(maxsize=16384)
def cell_kind(text: str) -> str:
    """Blank, number, marker, period label (a year, '2018/19', 'Q3') or text."""
    stripped = text.strip()
    if not stripped:
        return BLANK
    if _PERIOD_TEXT.match(stripped) or _MONTH_RANGE.match(stripped):
        return PERIOD
    if _RANK_TEXT.match(stripped):
        return NUMBER  # a position among others ("1 of 29") is a value of the grid
    status = read_cell(stripped).status
    if status == REPORTED:
        return NUMBER
    if status in (SUPPRESSED, NOT_AVAILABLE):
        return MARKER
    return TEXT


def find_cell_stream_blocks(
    lines: list[str], masked: list[bool], cell_breaks: Collection[int] = ()
) -> list[RawBlock]:
    """Every table printed one cell per line, as raw blocks of rows."""
    breaks = frozenset(cell_breaks)
    regions = _break_regions(lines, masked, breaks) if breaks else _lf_regions(lines, masked)
    blocks = []
    for region in regions:
        blocks += _merge_repeated_headers(_region_tables(region, strict=not breaks))
    return blocks


def _merge_repeated_headers(blocks: list[RawBlock]) -> list[RawBlock]:
    """A table continued over a page break prints its header again: the next block with
    the very same header rows is the same table, and its body joins the first."""
    merged: list[RawBlock] = []
    for block in blocks:
        previous = merged[-1] if merged else None
        if previous is not None and _repeated_header_rows(previous, block):
            previous.rows.extend(block.rows[block.explicit_header_rows or 0:])
            continue
        merged.append(block)
    return merged


def _repeated_header_rows(first: RawBlock, again: RawBlock) -> bool:
    count = first.explicit_header_rows or 0
    if not count or count != again.explicit_header_rows:
        return False
    return all(repeats_header(a, b)
               for a, b in zip(first.rows[:count], again.rows[:count], strict=True))


def find_flattened_blocks(lines: list[str], masked: list[bool]) -> list[RawBlock]:
    """Small tables printed on one line with their header ("Year 2016/17 2017/18
    Gateshead 12 15 England 20 18"): the line's words grouped into cells (each value
    or period alone, the words between them one label) and read as a cell stream."""
    blocks = []
    for number, line in enumerate(lines, start=1):
        if masked[number] or "\t" in line:
            continue
        cells = _line_cells(line, number)
        if cells is None:
            continue
        found = _region_tables(cells, strict=True, strict_rows=_FLAT_MIN_ROWS)
        if found:
            masked[number] = True
            blocks += found
    return blocks


def _line_cells(line: str, number: int) -> list[StreamCell] | None:
    """A line's tokens as cells, or None when it cannot be a flattened table (few
    values, or words running on like a sentence)."""
    tokens = line.split()
    if len(tokens) < 8 or not _may_be_flat_table(tokens):
        return None
    cells: list[StreamCell] = []
    words: list[str] = []
    for token in tokens:
        kind = cell_kind(token)
        if kind in (NUMBER, MARKER, PERIOD):
            if words:
                cells.append(_word_cell(words, number))
                words = []
            cells.append(StreamCell(token, token, number, number, kind))
        else:
            words.append(token)
    if words:
        cells.append(_word_cell(words, number))
    values = sum(cell.kind in (NUMBER, MARKER) for cell in cells)
    labels = [cell for cell in cells if cell.kind == TEXT]
    if values < 4 or any(len(c.text.split()) > _FLAT_LABEL_WORDS or c.text.endswith(".")
                         for c in labels):
        return None
    return cells


def _may_be_flat_table(tokens: list[str]) -> bool:
    """A cheap first look, before any cell is read: four figures or more, and no run of
    words longer than a label (a sentence) between them."""
    if sum(1 for token in tokens if _DIGIT.search(token)) < 4:
        return False
    figures = 0
    run = 0
    for token in tokens:
        if any(ch.isdigit() for ch in token):
            figures += 1
            run = 0
        else:
            run += 1
            if run > _FLAT_LABEL_WORDS:
                return False
    return figures >= 4


def _word_cell(words: list[str], number: int) -> StreamCell:
    text = " ".join(words)
    return StreamCell(text, text, number, number, cell_kind(text))


def _make_cell(parts: list[tuple[int, str]]) -> StreamCell:
    """A cell from its lines: text joined, cited on the line printing its number."""
    filled = [(number, text.strip()) for number, text in parts if text.strip()]
    if not filled:
        line = parts[-1][0]
        return StreamCell("", parts[-1][1], line, line, BLANK)
    numeric = [number for number, text in filled if any(ch.isdigit() for ch in text)]
    if len(numeric) > 1 and all(cell_kind(text) == NUMBER for _, text in filled):
        # digits of one value wrapped over lines ("1" / "5"): unreadable, left blank
        line = numeric[0]
        return StreamCell("", "\n".join(t for _, t in parts), line, parts[-1][0], BLANK)
    text = " ".join(text for _, text in filled)
    line = numeric[0] if numeric else filled[0][0]
    return StreamCell(text, "\n".join(t for _, t in parts), line, parts[-1][0],
                      cell_kind(text))


def _break_regions(lines: list[str], masked: list[bool],
                   breaks: frozenset[int]) -> list[list[StreamCell]]:
    """Cells of a document whose cell ends are known (lines ending in a lone CR)."""
    regions: list[list[StreamCell]] = []
    current: list[StreamCell] = []
    pending: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if masked[number]:
            _close(regions, current)
            current, pending = [], []
            continue
        pending.append((number, line))
        if number not in breaks:
            continue
        prose_end = _prose_end(pending[:-1], first_cell_printed=bool(line.strip()))
        gap = bool(prose_end) or _is_prose_gap(pending) or _blank_lines_before_text(pending)
        if current and gap:
            _close(regions, current)
            current = []
        parts = pending if current else _last_text_run(pending[prose_end:])
        current.append(_make_cell(parts))
        pending = []
    _close(regions, current)
    return regions


def _blank_lines_before_text(paragraphs: list[tuple[int, str]]) -> bool:
    """Two empty paragraphs and then words: a table ended there (a cell's own empty
    paragraphs follow its text; before a value they only align it with its row)."""
    blanks = 0
    for _, text in paragraphs:
        if not text.strip():
            blanks += 1
        elif blanks >= 2 and cell_kind(text) == TEXT and _WORD.search(text):
            return True
        else:
            blanks = 0
    return False


def _last_text_run(paragraphs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The first cell of a table: its last paragraph of text before the cell end, with
    the empty paragraphs after it ("Activity", an empty paragraph, the empty cell end);
    a heading right above the cell end, or a sentence, is text above the table."""
    last = len(paragraphs) - 1
    end = last
    while end >= 0 and not paragraphs[end][1].strip():
        end -= 1
    if end < 0 or (end < last and _is_sentence(paragraphs[end][1])) or end == last - 1:
        return paragraphs[-1:]  # a heading right above an empty first cell stays above
    return paragraphs[end:]


def _prose_end(paragraphs: list[tuple[int, str]], first_cell_printed: bool) -> int:
    """After a table's last cell (and any note printed under it), an empty paragraph and
    then sentences are text between tables, not the next cell: the index just past the
    last sentence (0 when none), so the next table's first cell keeps only its lines."""
    blank = next((i for i, (_, text) in enumerate(paragraphs) if not text.strip()), None)
    if blank is None or (blank > 0 and not first_cell_printed):
        return 0  # text, an empty paragraph, more text and an empty cell end: one cell
    ends = [index + 1 for index, (_, text) in enumerate(paragraphs)
            if index > blank and _is_sentence(text)]
    return ends[-1] if ends else 0


def _is_sentence(text: str) -> bool:
    words = text.split()
    return len(words) >= _SENTENCE_WORDS or (len(words) > 3 and text.rstrip().endswith("."))


def _is_prose_gap(pending: list[tuple[int, str]]) -> bool:
    """Paragraphs between two cells that read as running text, not one cell's lines. One
    long paragraph ending where an empty cell ends is that cell's text (a description in
    a costed plan), not prose."""
    paragraphs = pending[:-1]
    if len(paragraphs) == 1 and not pending[-1][1].strip():
        return False
    return len(paragraphs) > _MAX_CELL_PARAGRAPHS or any(
        len(text) > _MAX_PROSE_CHARS for _, text in paragraphs
    )


def _lf_regions(lines: list[str], masked: list[bool]) -> list[list[StreamCell]]:
    """Runs of short lines in plain text, each line a cell (blank lines are blank cells)."""
    regions: list[list[StreamCell]] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if masked[number] or "\t" in line or not _is_cell_line(text):
            _close_lines(regions, current)
            current = []
            continue
        current.append((number, line))
    _close_lines(regions, current)
    return regions


def _close_lines(regions: list[list[StreamCell]], run: list[tuple[int, str]]) -> None:
    """Read a run of short lines as cells only when two or more of them hold a figure."""
    if len(run) >= 4 and sum(bool(_DIGIT.search(line)) for _, line in run) >= 2:
        _close(regions, [_make_cell([part]) for part in run])


def _is_cell_line(text: str) -> bool:
    if len(text) > _LF_MAX_CELL_CHARS or len(text.split()) > _LF_MAX_CELL_WORDS:
        return False
    return not (text.endswith((".", ":", ";")) and len(text.split()) > 3)


def _close(regions: list[list[StreamCell]], cells: list[StreamCell]) -> None:
    """Keep a region worth searching: enough cells, some of them values. Trailing blank
    cells stay: they complete the last row of a table whose last cells are empty."""
    values = sum(cell.kind in (NUMBER, MARKER) for cell in cells)
    printed = sum(cell.kind != BLANK for cell in cells)
    if printed >= 4 and values >= 2:
        regions.append(_merge_currency(cells))


def _merge_currency(cells: list[StreamCell]) -> list[StreamCell]:
    """A currency sign printed as a cell of its own before its amount joins the amount,
    when every such sign is followed by a number (else the grid has a column of them)."""
    signs = [i for i, cell in enumerate(cells) if cell.text in _CURRENCY_ONLY]
    if not signs or any(i + 1 >= len(cells) or cells[i + 1].kind != NUMBER for i in signs):
        return cells
    merged: list[StreamCell] = []
    skip = False
    for index, cell in enumerate(cells):
        if skip:
            skip = False
            continue
        if index in signs:
            amount = cells[index + 1]
            text = f"{cell.text}{amount.text}"
            merged.append(StreamCell(text, amount.raw, amount.line, amount.last_line, NUMBER))
            skip = True
        else:
            merged.append(cell)
    return merged


@dataclass(frozen=True)
class _Layout:
    """Where a table sits in a region: body rows of `period` cells from `body`."""

    period: int
    body: int
    rows: int
    score: float


def _region_tables(cells: list[StreamCell], strict: bool,
                   strict_rows: int = _STRICT_MIN_ROWS) -> list[RawBlock]:
    """Every table of a region, each from the cells after the previous one; with known
    cell ends, also the two-row tables (labels, then as many values) between them."""
    blocks: list[RawBlock] = []
    start = 0
    while start < len(cells):
        layout = _best_layout(cells, start, strict, strict_rows)
        end = len(cells) if layout is None else layout.body
        if not strict:
            grid = _first_text_grid(cells, start, len(cells), last_start=end)
            if grid is not None and end < grid[1] and _grid_wins(
                    cells, start, grid, layout):
                # the rhythm of labels and values read part of a wider table of text and
                # value columns ([period, value, text, value] as two [label, value] rows)
                blocks += _label_value_pairs(cells, start, grid[0])
                blocks.append(grid[2])
                start = grid[1]
                continue
            blocks += _loose_tables(cells, start, end)
        if layout is None:
            break
        block = _block(cells, start, layout, strict)
        if block is not None:
            blocks.append(block)
        start = layout.body + layout.rows * layout.period
    return blocks


def _grid_wins(cells: list[StreamCell], start: int, grid: tuple[int, int, RawBlock],
               layout: _Layout | None) -> bool:
    """Whether a text grid reaching into the rows the label-and-values rhythm found reads
    them better: it is wider (the rhythm halved its rows), or it covers them all and they
    have no header of their own (the rhythm started mid-table)."""
    if layout is None or len(grid[2].rows[0].cells) > layout.period:
        return True
    covers = grid[1] >= layout.body + layout.rows * layout.period
    return covers and not _header_rows(cells, start, layout.body, layout.period)


def _loose_tables(cells: list[StreamCell], start: int, end: int) -> list[RawBlock]:
    """Tables the label-and-values rhythm does not find, between the ones it does: grids
    of text columns beside a column of values, then rows of labels over their values."""
    blocks: list[RawBlock] = []
    position = start
    for grid_start, grid_end, block in _text_grids(cells, start, end):
        blocks += _label_value_pairs(cells, position, grid_start)
        blocks.append(block)
        position = grid_end
    return blocks + _label_value_pairs(cells, position, end)


def _text_grids(cells: list[StreamCell], start: int, end: int
                ) -> list[tuple[int, int, RawBlock]]:
    """Tables whose rows are mostly text with a column or two of values (an activity, its
    description, its cost): a header of printed labels, then rows of the same width in
    which every column keeps its kind (values, or text) and the value columns hold values
    in most rows. Only with known cell ends: without them such text is prose."""
    found = []
    index = start
    while index < end:
        grid = _first_text_grid(cells, index, end)
        if grid is None:
            break
        found.append(grid)
        index = grid[1]
    return found


def _first_text_grid(cells: list[StreamCell], start: int, end: int,
                     last_start: int | None = None) -> tuple[int, int, RawBlock] | None:
    """The first text grid from `start` (beginning before `last_start`, by default `end`):
    (its first cell, the cell after it, its block)."""
    for index in range(start, end if last_start is None else min(last_start, end)):
        grid = _best_text_grid(cells, index, end)
        if grid is None:
            continue
        width, spacer, rows = grid
        header = cells[index:index + width]
        body_start = index + width * (1 + spacer)
        body = [cells[body_start + width * row:body_start + width * (row + 1)]
                for row in range(rows)]
        grid_end = body_start + width * rows
        while len(cells[grid_end:grid_end + width]) == width and repeats_header(
                _row(header), _row(cells[grid_end:grid_end + width])):  # a page break
            more = _grid_rows(cells, grid_end + width, end, width, min_valued=1)
            if not more:
                break
            body += [cells[grid_end + width * (row + 1):grid_end + width * (row + 2)]
                     for row in range(more)]
            grid_end += width * (more + 1)
        block = RawBlock(CELLS, [_row(header), *(_row(row) for row in body)],
                         explicit_header_rows=1)
        return index, grid_end, block
    return None


def _best_text_grid(cells: list[StreamCell], index: int,
                    end: int) -> tuple[int, int, int] | None:
    """The header at `index` (its width, whether an empty row follows it, the number of
    body rows) covering the most cells with at least two consistent body rows."""
    best = None
    for width in range(_MIN_GRID_WIDTH, _MAX_GRID_WIDTH + 1):
        header = cells[index:index + width]
        if len(header) < width or not _grid_header(header):
            break
        below = cells[index + width:index + 2 * width]
        spacer = int(len(below) == width and all(cell.kind == BLANK for cell in below))
        rows = _grid_rows(cells, index + width * (1 + spacer), end, width)
        if rows >= _MIN_BODY_ROWS and (best is None or rows * width > best[0] * best[2]):
            best = (width, spacer, rows)
    return best


def _grid_header(header: list[StreamCell]) -> bool:
    """Short printed labels in words (the stub may be empty); "*344,600" is no label."""
    return all((c.kind == TEXT and len(c.text) <= 80 and _WORD.search(c.text))
               or (i == 0 and c.kind == BLANK) for i, c in enumerate(header))


def _grid_rows(cells: list[StreamCell], body: int, end: int, width: int,
               min_valued: int = _MIN_BODY_ROWS) -> int:
    """Rows from `body` whose columns keep one kind each; the value columns are those the
    first row prints values in, and they must hold values in most rows."""
    first = cells[body:body + width]
    if len(first) < width or first[0].kind not in (TEXT, PERIOD):
        return 0
    value_columns = {j for j, cell in enumerate(first) if cell.kind in (NUMBER, MARKER)}
    if not value_columns or 0 in value_columns:
        return 0
    rows = valued = 0
    while body + (rows + 1) * width <= end:
        row = cells[body + rows * width:body + (rows + 1) * width]
        if not _keeps_kinds(row, value_columns):
            break
        valued += any(row[j].kind in (NUMBER, MARKER) for j in value_columns)
        rows += 1
    return rows if valued >= min_valued and 2 * valued > rows else 0


def _keeps_kinds(row: list[StreamCell], value_columns: set[int]) -> bool:
    if row[0].kind == BLANK and all(cell.kind == BLANK for cell in row):
        return False
    for j, cell in enumerate(row):
        allowed = (NUMBER, MARKER, BLANK) if j in value_columns else (TEXT, PERIOD, BLANK,
                                                                        MARKER)
        if cell.kind not in allowed:
            return False
    return True


def _label_value_pairs(cells: list[StreamCell], start: int, end: int) -> list[RawBlock]:
    """A row of three or more column labels (years, areas) followed by exactly as many
    values and nothing else: a table with no row label ("2015/16 2016/17 2017/18" over
    "26 20 8"). Its empty stub is added so the values sit under their labels."""
    blocks = []
    index = start
    while index < end:
        one_row = _header_and_one_row(cells, index, end)
        if one_row is not None:
            blocks.append(one_row[0])
            index = one_row[1]
            continue
        labels = _run_of(cells, index, end, (TEXT, PERIOD))
        values = _run_of(cells, index + labels, end, (NUMBER, MARKER))
        after = index + labels + values
        if labels == values >= 3 and (after >= end or cells[after].kind == BLANK):
            header = cells[index:index + labels]
            body = cells[index + labels:after]
            blocks.append(RawBlock(CELLS, [_stubbed_row(header), _stubbed_row(body)],
                                   explicit_header_rows=1))
            index = after
        else:
            index += max(1, labels)
    return blocks


def _header_and_one_row(cells: list[StreamCell], index: int,
                        end: int) -> tuple[RawBlock, int] | None:
    """A header of a stub (blank or a label) and three or more column labels, then one
    row of a label and exactly as many values, then nothing else ("" "NPT cohort" "NPT
    reoffenders" "NPT reoffences" over "Apr 08 - Mar 09" "334" "98" "274"): the table
    and the index after it. Too short for the rhythm of rows to find."""
    if cells[index].kind not in (BLANK, TEXT, PERIOD):
        return None
    labels = _run_of(cells, index + 1, end, (TEXT, PERIOD))
    width = labels  # the column labels and the row's label
    values = _run_of(cells, index + 1 + labels, end, (NUMBER, MARKER))
    after = index + 1 + labels + values
    if not (values == width - 1 >= 3 and (after >= end or cells[after].kind == BLANK)):
        return None
    header, row = cells[index:index + width], cells[index + width:after]
    if not any(cell.kind == TEXT for cell in header[1:]) and cells[index].kind != BLANK:
        return None  # a run of periods over values is the stubless form, read elsewhere
    return RawBlock(CELLS, [_row(header), _row(row)], explicit_header_rows=1), after


def _run_of(cells: list[StreamCell], index: int, end: int, kinds: tuple[str, ...]) -> int:
    count = 0
    while index + count < end and cells[index + count].kind in kinds:
        count += 1
    return count


def _stubbed_row(cells: list[StreamCell]) -> RawRow:
    """A row whose first printed cell sits in column 1, after an empty stub cell."""
    first = cells[0].line
    return RawRow(first, [RawCell.make("", 0, first), *_row(cells, offset=1).cells])


def _best_layout(cells: list[StreamCell], start: int, strict: bool,
                 strict_rows: int = _STRICT_MIN_ROWS) -> _Layout | None:
    """The period and first body row giving the best-scoring run of consistent rows."""
    kinds = [cell.kind for cell in cells]
    texts = [cell.text.casefold() for cell in cells]
    labels = [_may_label(cell) for cell in cells]
    first_value = next((i for i in range(start, len(kinds)) if kinds[i] in (NUMBER, MARKER)),
                       None)
    best: _Layout | None = None
    while first_value is not None:
        for period in range(2, min(_MAX_PERIOD, len(cells) - start) + 1):
            for body in range(max(start, first_value - period + 1), first_value):
                layout = _run(kinds, texts, labels, body, period, strict, strict_rows)
                if layout is not None and (best is None or layout.score > best.score):
                    best = layout
        if best is not None:
            return best
        first_value = next((i for i in range(first_value + 1, len(kinds))
                            if kinds[i] in (NUMBER, MARKER)), None)
    return None


def _run(kinds: list[str], texts: list[str], labels: list[bool], body: int, period: int,
         strict: bool, strict_rows: int = _STRICT_MIN_ROWS) -> _Layout | None:
    """The run of consistent rows from `body`, scored by the values it covers."""
    rows = 0
    score = 0.0
    valued = 0
    position = body
    while position + period <= len(kinds):
        row = kinds[position:position + period]
        if all(kind == BLANK for kind in row):  # a spacer row between blocks of rows
            following = kinds[position + period:position + 2 * period]
            if len(following) < period or _row_score(
                    following, labels[position + period]) is None:
                break
            rows += 1
            position += period
            continue
        row_score = _row_score(row, labels[position])
        if row_score is None:
            break
        rows += 1
        score += row_score
        valued += any(kind in (NUMBER, MARKER) for kind in row[1:])
        position += period
    if valued < _MIN_BODY_ROWS or (strict and rows < strict_rows) or (
            period == 2 and rows < _STRICT_MIN_ROWS) or score <= 0:
        return None
    if period <= _NARROW and not _labels_distinct([t for t in texts[body:position:period] if t]):
        return None  # wide grids repeat labels legitimately ("percent change" per block)
    if period <= _NARROW and _labels_alternate(kinds[body:position:period]):
        return None
    return _Layout(period, body, rows, score - 0.01 * period)


def _labels_alternate(labels: list[str]) -> bool:
    """Row labels that take turns being a period and a text ("2014/15", "April 14 - June
    14 No in cohort 267 ...", "2015/16", ...): rows of a wider table read at half its
    width, whose values would land under the wrong headers."""
    printed = [kind for kind in labels if kind != BLANK]
    if len(printed) < 4 or {PERIOD, TEXT} - set(printed):
        return False
    return all(a != b for a, b in pairwise(printed))


def _labels_distinct(labels: list[str]) -> bool:
    """Row labels of a real grid name different things; a run whose labels repeat
    ("Yes", "Yes", "x") is the wrong period laid over a text table."""
    return len(set(labels)) >= _DISTINCT_LABELS * len(labels)


def _may_label(cell: StreamCell) -> bool:
    """A label, a period, or a marker in words ("Not known") that can name a row."""
    if cell.kind in (TEXT, PERIOD):
        return True
    return cell.kind == MARKER and len(_WORD.findall(cell.text)) >= 2


def _row_score(row: list[str], label_ok: bool) -> float | None:
    """Values covered by a body row; None when the row breaks the grid."""
    values = row[1:]
    if not label_ok:
        return None
    texts = sum(kind in (TEXT, PERIOD) for kind in values)  # period labels head columns
    numbers = sum(kind in (NUMBER, MARKER) for kind in values)
    if texts > max(1, len(values) // 4) or (texts and not numbers):
        return None
    return numbers - _TEXT_PENALTY * texts


def _block(cells: list[StreamCell], start: int, layout: _Layout,
           strict: bool) -> RawBlock | None:
    """The header rows above the body and the body rows, as a raw block."""
    period, body = layout.period, layout.body
    empty_rows = 0 if strict else _empty_rows_above(cells, start, body, period)
    body -= empty_rows * period
    header_rows = _header_rows(cells, start, body, period)
    if strict and not header_rows:
        return None
    rows = [*header_rows]
    for index in range(layout.rows + empty_rows):
        first = body + index * period
        rows.append(_row(cells[first:first + period]))
    return RawBlock(CELLS, rows, explicit_header_rows=len(header_rows))


def _empty_rows_above(cells: list[StreamCell], start: int, body: int, period: int) -> int:
    """Body rows with a label and no values ("Police" with nothing paid) just above the
    first row with values: they belong to the table when a header row sits above them."""
    count = 0
    while body - (count + 1) * period >= start:
        row = cells[body - (count + 1) * period:body - count * period]
        if row[0].kind != TEXT or any(cell.kind != BLANK for cell in row[1:]):
            break
        count += 1
    while count:  # keep only the empty rows that have a header right above them
        top = body - count * period
        if top - period >= start and _is_header(cells[top - period:top]):
            return count
        count -= 1
    return 0


def _header_rows(cells: list[StreamCell], start: int, body: int,
                 period: int) -> list[RawRow]:
    """Rows of header cells just above the body: whole rows of `period` cells, then an
    upper row of fewer merged cells spread over the columns it heads."""
    rows: list[RawRow] = []
    end = body
    while len(rows) < _MAX_HEADER_ROWS and end - period >= start:
        candidate = cells[end - period:end]
        if not _is_header(candidate):
            break
        rows.insert(0, _row(candidate))
        end -= period
    if not rows and end - (period - 1) >= start and _is_header(cells[end - period + 1:end]):
        stubless = cells[end - period + 1:end]  # year headings with no stub above the labels
        rows.insert(0, _row(stubless, offset=1))
        end -= period - 1
    if rows:
        upper = _spread_upper(cells, start, end, period) or _upper_title(cells, start, end, period)
        if upper is not None:
            rows.insert(0, upper)
    return rows


def _upper_title(cells: list[StreamCell], start: int, end: int, period: int) -> RawRow | None:
    """An upper header whose merged cells cannot be spread evenly ("First Time Entrant
    Rate" over three columns, "Ranking" over two): its first label, at the table's top
    left, names the table, so it becomes the title row; the others are left unplaced."""
    upper = cells[start:end]
    printed = [cell for cell in upper if cell.kind != BLANK]
    if not 0 < len(upper) < period or not printed or printed[0].kind != TEXT \
            or not _is_header(upper):
        return None
    return RawRow(printed[0].line, [RawCell.make(printed[0].text, 0, printed[0].line)])


def _is_header(cells: list[StreamCell]) -> bool:
    """Labels (text, periods or blanks) with at least two of them printed."""
    if any(cell.kind in (NUMBER, MARKER) for cell in cells):
        return False
    printed = [cell for cell in cells if cell.kind != BLANK]
    return len(printed) >= 2 and all(len(cell.text) <= 120 for cell in printed)


def _spread_upper(cells: list[StreamCell], start: int, end: int,
                  period: int) -> RawRow | None:
    """An upper header of merged cells: a stub, then labels each over an equal group of
    the value columns (role over Part-time/Full-time, year over cost types)."""
    for size in range(min(end - start, period + 1), 2, -1):  # the widest reading first
        candidate = cells[end - size:end]
        labels = [cell for cell in candidate[1:] if cell.kind != BLANK]
        if not labels or not _is_header(candidate[1:]) or candidate[0].kind in (NUMBER, MARKER):
            continue  # the stub may be long: a sentence there becomes the title
        for group in (2, 3, 4):
            if len(labels) * group == period - 1:
                row_cells = [RawCell.make(candidate[0].text, 0, candidate[0].line)]
                for index, cell in enumerate(labels):
                    made = RawCell.make(cell.text, 1 + index * group, cell.line, colspan=group)
                    row_cells.append(made)
                return RawRow(min(c.line for c in candidate), row_cells)
    return None


def _row(cells: list[StreamCell], offset: int = 0) -> RawRow:
    made = [RawCell.make(cell.text, offset + column, cell.line)
            for column, cell in enumerate(cells)]
    return RawRow(min(cell.line for cell in cells), made)
