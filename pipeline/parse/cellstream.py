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
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import islice, pairwise

from pipeline.metadata.enums import NOT_AVAILABLE, REPORTED, SUPPRESSED
from pipeline.parse.raw import RawBlock, RawCell, RawRow
from pipeline.parse.rows import repeats_header
from pipeline.parse.values import CURRENCY_SIGNS, damaged_number, read_cell, undo_ocr_digits
from pipeline.periods import MONTH_NAMES, find_financial_year

CELLS = "cells"

# Cell classes.
BLANK, NUMBER, MARKER, PERIOD, TEXT = "B", "N", "M", "Y", "T"

_MAX_PERIOD = 40
_MAX_HEADER_ROWS = 3
_MAX_HEADER_CHARS = 120  # a longer cell is a sentence, not a header label
_MIN_HEADING_LETTERS = 5  # a heading of one word in capitals; shorter is an acronym
_MAX_CELL_PARAGRAPHS = 14  # paragraphs one Word cell may hold before it is prose
_MAX_PROSE_CHARS = 200  # a paragraph longer than this between two cells is prose
_LONG_CELL_END = 80  # ... unless the cell it comes before ends in text longer than this
_MAX_CELL_PROSE_CHARS = 1000  # ... and it is no longer than this
_LF_MAX_CELL_CHARS = 80  # without cell breaks, a longer line is prose, not a cell
_LF_MAX_CELL_WORDS = 12
_MIN_BODY_ROWS = 2
_STRICT_MIN_ROWS = 3  # without cell ends, fewer consistent rows may be a coincidence
_FLAT_MIN_ROWS = 2  # a one-line table with its header of periods: two rows suffice
_SENTENCE_WORDS = 10
_MIN_GRID_WIDTH, _MAX_GRID_WIDTH = 3, 8
_FLAT_LABEL_WORDS = 6
_DIGIT = re.compile(r"\d")
_UNIT_HEADING = re.compile(r"^\(?[£$€]\s*(?:'?000s?|k|m)?\)?$", re.IGNORECASE)  # "£", "(£000)"
_WORD = re.compile(r"[A-Za-z]{2,}")
_DISTINCT_LABELS = 0.7
_TEXT_PENALTY = 3.0  # a text where a value should be costs more than a value earns
_NARROW = 4  # periods this small are checked for repeating labels
_LIST_OPENERS = frozenset("•·▪●◦-*\u2013\u2014")  # a bullet opens a cell's list, not a title
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


_CUT_AT_DASH = re.compile(r"(?:\s(?:-|\u2013|to))$", re.IGNORECASE)


_CHANGE = re.compile(r"^(?:\+/-|\u00b1|[+\-\u2212])\d[\d,]*(?:\.\d+)?(?:%|pp|ppts?)?$",
                     re.IGNORECASE)


def is_change(text: str) -> bool:
    """A signed change printed beside the values it compares ("+3.5%", "-2.1pp", "+/-0")."""
    return bool(_CHANGE.match(text.strip()))


def names_a_period(text: str) -> bool:
    """A period, maybe with one word after it ("Apr 16 - Mar 17 cohort", "2018 actual")."""
    return PERIOD in (cell_kind(text), cell_kind(text.rsplit(" ", 1)[0]))


def completes_a_period(first: str, second: str) -> bool:
    """A period wrapped in its cell after its dash ("Jan 17 -" over "Dec 17"): the first
    line ends on the dash and the two lines together name one period."""
    return bool(_CUT_AT_DASH.search(first.strip())) and names_a_period(
        f"{first.strip()} {second.strip()}")


@lru_cache(maxsize=16384)
def cell_kind(text: str) -> str:
    """Blank, number, marker, period label (a year, '2018/19', 'Q3') or text."""
    stripped = text.strip()
    if not stripped:
        return BLANK
    digits = undo_ocr_digits(stripped)  # a scan's "Jan l8 - Dec l8": a year misread
    if _PERIOD_TEXT.match(digits) or _MONTH_RANGE.match(digits):
        return PERIOD
    if _RANK_TEXT.match(stripped) or is_change(stripped):
        return NUMBER  # a position among others ("1 of 29") or a change ("+3.5%") is a value
    status = read_cell(stripped).status
    if status == REPORTED:
        return NUMBER
    if status in (SUPPRESSED, NOT_AVAILABLE) or damaged_number(stripped):
        return MARKER  # no value, but in a value's place ("1O,5OO": a scan's damage)
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
    if breaks:
        return blocks + _lf_blocks_between(lines, masked, breaks, blocks)
    return blocks + _lf_text_grids(lines, _masked_by(masked, blocks))


def _masked_by(masked: list[bool], blocks: list[RawBlock]) -> list[bool]:
    free = masked.copy()
    for block in blocks:
        free[block.first_line:block.last_line + 1] = [True] * (block.last_line + 1
                                                              - block.first_line)
    return free


def _lf_text_grids(lines: list[str], masked: list[bool]) -> list[RawBlock]:
    """Text grids in plain text whose cells are too long to be read as short lines (an
    activity, its description, its cost): a line per cell, a header of short labels,
    then rows of as many lines, each with a value where the first row has one. The
    values recurring every `width` lines fix the column count; every row must print
    them, as no cell end tells a row from the next."""
    blocks: list[RawBlock] = []
    for cells in _plain_runs(lines, masked):
        index = 0
        while index < len(cells):
            grid = _valued_text_grid(cells, index)
            if grid is None:
                index += 1
                continue
            blocks.append(grid)
            index += len(grid.rows) * len(grid.rows[0].cells)
    return blocks


def _plain_runs(lines: list[str], masked: list[bool]) -> Iterator[list[StreamCell]]:
    """Runs of lines that may each be a cell (not masked, no tab, not over-long)."""
    run: list[StreamCell] = []
    for number, text in enumerate(lines, start=1):
        if masked[number] or "\t" in text or len(text) > _MAX_CELL_PROSE_CHARS:
            if len(run) > _MIN_GRID_WIDTH:
                yield run
            run = []
        else:
            run.append(_make_cell([(number, text)]))
    if len(run) > _MIN_GRID_WIDTH:
        yield run


def _plain_text_grid(cells: list[StreamCell], start: int, end: int,
                     layout: _Layout | None) -> tuple[int, int, RawBlock] | None:
    """A valued text grid (see `_valued_text_grid`) starting before the rows the rhythm
    of labels and values found, when it is the better fit: it ends before them, or it
    reads them in more columns (the rhythm took each row as two, a text column's cells
    as labels). (its first cell, the cell after it, its block)"""
    for index in range(start, end):
        grid = _valued_text_grid(cells, index)
        if grid is None:
            continue
        after = index + len(grid.rows) * len(grid.rows[0].cells)
        if layout is None or after <= layout.body or len(grid.rows[0].cells) > layout.period:
            return index, after, grid
    return None


def _valued_text_grid(cells: list[StreamCell], index: int = 0) -> RawBlock | None:
    """The widest-covering header at `index` (its stub may be empty) whose body rows
    keep their kinds, three or more of them, each printing a value in every value column
    (see `_valued_rows`)."""
    if len(cells) - index <= _MIN_GRID_WIDTH or cells[index].kind not in (TEXT, BLANK) \
            or cells[index + 1].kind != TEXT:
        return None
    if cells[index].kind == BLANK and _valued_text_grid(cells, index + 1):
        # an empty line is a stub cell only when the grid needs one: blank lines stand
        # before tables anyway, and the printed heading is the surer start
        return None
    best: tuple[int, int] | None = None
    for width in range(_MIN_GRID_WIDTH, _MAX_GRID_WIDTH + 1):
        body = index + width
        if len(cells) - index < 2 * width or not _grid_header(cells[index:body]):
            break
        rows = _grid_rows(cells, body, len(cells), width)
        rows = _valued_rows([cells[body + width * row:body + width * (row + 1)]
                             for row in range(rows)]) if rows else 0
        if rows >= _STRICT_MIN_ROWS and (best is None or rows * width > best[0] * best[1]):
            best = (width, rows)
    if best is None:
        return None
    width, rows = best
    return RawBlock(CELLS, [_row(cells[index + width * row:index + width * (row + 1)])
                            for row in range(rows + 1)], explicit_header_rows=1)


def _valued_rows(body: list[list[StreamCell]]) -> int:
    """The rows up to the first that misses a value in a column the first row prints
    one in: without cell ends, a row with an empty amount may as well be a row shifted.
    The last row may end in empty cells (nothing follows them in the row)."""
    columns = [j for j, cell in enumerate(body[0]) if cell.kind in (NUMBER, MARKER)]
    for index, row in enumerate(body):
        if all(row[j].kind in (NUMBER, MARKER) for j in columns):
            continue
        printed = max(j for j, cell in enumerate(row) if cell.kind != BLANK)
        last = index == len(body) - 1
        return index + int(last and all(row[j].kind in (NUMBER, MARKER)
                                        for j in columns if j <= printed))
    return len(body)


def _lf_blocks_between(lines: list[str], masked: list[bool], breaks: frozenset[int],
                       found: list[RawBlock]) -> list[RawBlock]:
    """Tables printed one cell per line without cell ends in a document that has them
    elsewhere (a table pasted as plain paragraphs into a Word document, a web page's text
    beside a Word table), read as in plain text. The lines of a run that touch a cell
    end are that cell's own paragraphs, not a table (see `_off_cell_ends`)."""
    free = masked.copy()
    for number in breaks:
        if number < len(free):
            free[number] = True
    for block in found:
        free[block.first_line:block.last_line + 1] = [True] * (block.last_line + 1
                                                              - block.first_line)
    blocks = []
    for region in _lf_regions(lines, free):
        region = _off_cell_ends(region, breaks)
        printed = [cell for cell in region if cell.kind != BLANK]
        if printed and printed[0].line - 1 not in breaks \
                and printed[-1].last_line + 1 not in breaks:
            blocks += _merge_repeated_headers(_region_tables(region, strict=True))
    return blocks + [grid for grid in _lf_text_grids(lines, _masked_by(free, blocks))
                     if grid.first_line - 1 not in breaks and grid.last_line + 1 not in breaks]


def _off_cell_ends(region: list[StreamCell], breaks: frozenset[int]) -> list[StreamCell]:
    """A run without the paragraphs that continue a cell: the lines right after a cell
    end up to the first empty line, and those right before one after the last empty
    line. A table pasted below or above a Word table, an empty paragraph between, keeps
    its lines; a run with no empty line to part it from the cell is left whole."""
    printed = [index for index, cell in enumerate(region) if cell.kind != BLANK]
    if not printed:
        return region
    first, last = 0, len(region)
    if region[printed[0]].line - 1 in breaks:
        first = next((i + 1 for i in range(printed[0], len(region))
                      if region[i].kind == BLANK), 0)
    if region[printed[-1]].last_line + 1 in breaks:
        last = next((i for i in range(printed[-1], -1, -1) if region[i].kind == BLANK),
                    len(region))
    return region[first:last] if first < last else region


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
        if any(map(str.isdigit, token)):
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
    numeric = [number for number, text in filled if any(map(str.isdigit, text))]
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
        gap = (bool(prose_end) or _is_prose_gap(pending) or _blank_lines_before_text(pending)
               or _caption_after_stray_cell(current, pending))
        if current and gap:
            _close(regions, current)
            current = []
        parts = pending if current else _last_text_run(pending[prose_end:])
        current.append(_make_cell(parts))
        pending = []
    _close(regions, current)
    return regions


def _caption_after_stray_cell(current: list[StreamCell],
                              pending: list[tuple[int, str]]) -> bool:
    """A sentence that ended in a stray cell break, then a title, an empty paragraph and
    a cell: the region's only cell was prose, and the table starts at this cell."""
    if len(current) != 1 or not _is_sentence(current[0].text) or not pending[-1][1].strip():
        return False
    before = [text for _, text in pending[:-1]]
    return len(before) >= 2 and not before[-1].strip() and bool(before[0].strip())


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
    if ends:
        return ends[-1]
    return len(paragraphs) if _caption_after_table(paragraphs, first_cell_printed) else 0


_MAX_BLANKS_UNDER_CAPTION = 2  # empty paragraphs between a caption and its table


def _caption_after_table(paragraphs: list[tuple[int, str]], first_cell_printed: bool) -> bool:
    """A table's last cell end, an empty paragraph, one short title ("Custody and Remand
    Costs"), maybe an empty paragraph or two setting it apart, and a printed cell: the
    title captions the next table; read as a cell it would glue the two tables into one
    region and head the next one's first cell."""
    if not 2 <= len(paragraphs) <= 2 + _MAX_BLANKS_UNDER_CAPTION or paragraphs[0][1].strip() \
            or any(text.strip() for _, text in paragraphs[2:]) or not first_cell_printed:
        return False
    title = paragraphs[1][1].strip()
    return (cell_kind(title) == TEXT and bool(_WORD.search(title))
            and len(title) <= _MAX_HEADER_CHARS and not _is_sentence(title)
            and title[0] not in _LIST_OPENERS and not _is_capitals_heading(title))


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
    if len(paragraphs) > _MAX_CELL_PARAGRAPHS:
        return True
    # A long paragraph before a cell that ends in more long text is that cell's first
    # paragraph (a description of two paragraphs); a table's first cell is short. The
    # cell may end in its own empty paragraphs after that text (a list of long items,
    # each set apart by an empty paragraph).
    limit = _MAX_CELL_PROSE_CHARS if _ends_in_long_text(pending) else _MAX_PROSE_CHARS
    return any(len(text) > limit for _, text in paragraphs)


def _ends_in_long_text(pending: list[tuple[int, str]]) -> bool:
    """Whether a cell's lines end in long text: its last line, or, when it ends in empty
    paragraphs, the last of two or more paragraphs of text before them."""
    if len(pending[-1][1]) > _LONG_CELL_END:
        return True
    texts = [text for _, text in pending if text.strip()]
    return not pending[-1][1].strip() and len(texts) >= 2 \
        and len(texts[-1].strip()) > _LONG_CELL_END


def _lf_regions(lines: list[str], masked: list[bool]) -> list[list[StreamCell]]:
    """Runs of short lines in plain text, each line a cell (blank lines are blank cells)."""
    regions: list[list[StreamCell]] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if masked[number] or "\t" in line or not (
                _is_cell_line(text) or _long_cell_line(lines, number, current)):
            _close_lines(regions, current)
            current = []
            continue
        current.append((number, line))
    _close_lines(regions, current)
    return regions


def _long_cell_line(lines: list[str], number: int, run: list[tuple[int, str]]) -> bool:
    """A long line printed right after a short printed line (no blank line between),
    and before another, before the empty cells of its row or before an empty cell and a
    value, is a long cell of the grid
    (a heading in many words, a section's or service's full name), not prose, which a
    blank line or another long line parts from its neighbours: no sentence's end, and
    not a paragraph's length."""
    text = lines[number - 1].strip()
    following = lines[number:number + _EMPTY_AFTER_LONG_CELL]
    after_cell = bool(run) and (bool(run[-1][1].strip()) or (
        _empty_cells_then_value(following) and _values_above(run)))
    return (after_cell and bool(following)
            and ((bool(following[0].strip()) and _is_cell_line(following[0].strip()))
                 or _row_of_empty_cells(following) or _empty_cells_then_value(following))
            and len(text) <= _MAX_PROSE_CHARS
            and not text.endswith((".", ":", ";", "!", "?")))


def _empty_cells_then_value(following: list[str]) -> bool:
    """Empty lines, then a value: the long line's row goes on with empty cells and a
    figure ("YJB grant (the order's costs included in it)", "", "", "467,000")."""
    blanks = 0
    while blanks < len(following) and not following[blanks].strip():
        blanks += 1
    return 0 < blanks < len(following) and cell_kind(following[blanks].strip()) in (
        NUMBER, MARKER)


_VALUES_ABOVE_LINES = 6


def _values_above(run: list[tuple[int, str]]) -> bool:
    """A value among the last lines of the run: after a row ending in empty cells, a long
    label followed by empty cells and a figure is the next row of the same grid."""
    return any(cell_kind(text.strip()) in (NUMBER, MARKER)
               for _, text in run[-_VALUES_ABOVE_LINES:])


_EMPTY_AFTER_LONG_CELL = 3  # a paragraph has one empty line after it, maybe two


def _row_of_empty_cells(following: list[str]) -> bool:
    """Empty lines enough after a long line that they are the empty cells of its row
    (a section's long label), not the space after a paragraph."""
    return len(following) == _EMPTY_AFTER_LONG_CELL and not any(
        line.strip() for line in following)


def _close_lines(regions: list[list[StreamCell]], run: list[tuple[int, str]]) -> None:
    """Read a run of short lines as cells only when two or more of them hold a figure."""
    run = _paragraph_cells(run)
    if len(run) >= 4 and sum(bool(_DIGIT.search(line)) for _, line in run) >= 2:
        _close(regions, [_make_cell([part]) for part in run])


_MIN_PARAGRAPH_CELLS = 8


def _paragraph_cells(run: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A run in which an empty line (or two, closing a row) follows every printed line
    is a table saved one paragraph per cell: the empty lines part paragraphs, they are
    no cells (read as cells, every other cell of every row would be empty)."""
    printed = [index for index, (_, line) in enumerate(run) if line.strip()]
    if len(printed) < _MIN_PARAGRAPH_CELLS or any(
            index + 1 < len(run) and run[index + 1][1].strip() for index in printed) \
            or any(later - earlier > 3 for earlier, later in pairwise(printed)):
        return run
    return [run[index] for index in printed]


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
    unless a sign stands before an empty cell (then the grid has a column of them). Signs
    heading columns ("£" over each amount) stay header cells and do not prevent it."""
    signs = _signs_before_amounts(cells)
    if not signs:
        return cells
    blanks = _blank_headings_over_signs(cells, signs)
    merged: list[StreamCell] = []
    skip = False
    for index, cell in enumerate(cells):
        if skip:
            skip = False
            continue
        if index in blanks:
            continue
        if index in signs:
            amount = cells[index + 1]
            text = f"{cell.text}{amount.text}" if amount.kind == NUMBER else amount.text
            merged.append(StreamCell(text, amount.raw, amount.line, amount.last_line,
                                     amount.kind))
            skip = True
        else:
            merged.append(cell)
    return merged


def _blank_headings_over_signs(cells: list[StreamCell], signs: set[int]) -> set[int]:
    """The empty header cells over a column of signs: a first row printing k signs
    ("Probation" "£" "30,600" "£" "343,200") under a header whose last 2k cells are an
    empty cell and a label k times ("" "2018/19" "" "2019/20"): as the signs join their
    amounts, the empty cells above them go too, or the labels would shift a column."""
    first = min(signs)
    label = first - 1
    if label < 1 or cells[label].kind not in (TEXT, PERIOD):
        return set()
    count = 0
    index = first
    while index < len(cells) and (index in signs or cells[index].kind in (NUMBER, MARKER)):
        count += index in signs
        index += 1
    above = cells[max(0, label - 2 * count):label]
    if len(above) != 2 * count or not all(
            a.kind == BLANK and b.kind in (TEXT, PERIOD) for a, b in zip(above[::2], above[1::2],
                                                                         strict=True)):
        return set()
    return {label - 2 * count + 2 * n for n in range(count)}


def _signs_before_amounts(cells: list[StreamCell]) -> set[int]:
    """The currency-sign cells printed before an amount (a number, or a marker such as
    "-"): none when a sign stands before an empty cell or ends the cells, as a column of
    signs does; a sign before a label or another sign heads a column and is left."""
    signs = [i for i, cell in enumerate(cells) if cell.text in CURRENCY_SIGNS]
    if any(i + 1 >= len(cells) or cells[i + 1].kind == BLANK for i in signs):
        return set()
    return {i for i in signs if cells[i + 1].kind in (NUMBER, MARKER)}


@dataclass(frozen=True)
class _Layout:
    """Where a table sits in a region: body rows of `period` cells from `body`."""

    period: int
    body: int
    rows: int
    score: float
    merged: tuple[int, ...] = ()  # where a one-cell row (a merged sub-heading) sits
    swapped: tuple[int, ...] = ()  # rows printing their label after an empty stub cell
    end: int = -1  # the cell after the last row
    irregular: tuple[tuple[int, int], ...] = ()  # (first, after) of rows off the rhythm
    stray: tuple[tuple[int, int], ...] = ()  # (first, after) of empty cells between rows
    carried: tuple[int, ...] = ()  # rows whose label is merged down from the row above

    def __post_init__(self) -> None:
        if self.end < 0:
            object.__setattr__(self, "end", self.body + self.rows * self.period)


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
        else:
            grid = _plain_text_grid(cells, start, end, layout)
            if grid is not None:
                blocks += [*_label_value_pairs(cells, start, grid[0], strict=True), grid[2]]
                start = grid[1]
                continue
            blocks += _label_value_pairs(cells, start, end, strict=True)
        if layout is None:
            break
        halves = None if strict else _side_by_side(cells, start, layout)
        if halves is not None:
            blocks += halves[0]
            start = halves[1]
            continue
        block = _block(cells, start, layout, strict)
        while block is not None and not strict and (
                section := _next_section(cells, start, layout, block)) is not None:
            layout, block = section  # a section merged across the table, like its first
        if block is not None:
            blocks.append(block)
        start = layout.end
    return blocks


def _next_section(cells: list[StreamCell], start: int, layout: _Layout,
                  block: RawBlock) -> tuple[_Layout, RawBlock] | None:
    """A table whose first body row is a section heading Word printed as one cell (the
    next row's label right after it, no empty cells) continues past a one-cell row of
    the same kind: a short heading in words, then rows of the same width with no header
    of their own. Only so is a short lone cell a section ("Staffing" over its items):
    alone it may as well be the first half of a label ("Local" | "Authority"). The
    section's layout and the block with its rows (the heading first), else None."""
    period, heading_at, top = layout.period, layout.end, layout.body - 1
    if heading_at + 1 >= len(cells) or top < start or not _is_section(
            cells[heading_at]) or not _is_section(cells[top]):
        return None
    following = _best_layout(cells, heading_at + 1, strict=False)
    if following is None or following.period != period or following.body != heading_at + 1:
        return None
    part = _block(cells, heading_at + 1, following, strict=False)
    opened = _opened_by_section(cells, start, top, period, block)
    if part is None or part.explicit_header_rows or opened is None:
        return None
    opened.rows.extend([_heading_row(cells[heading_at], period), *part.rows])
    return following, opened


def _opened_by_section(cells: list[StreamCell], start: int, top: int, period: int,
                       block: RawBlock) -> RawBlock | None:
    """The block opening with the section printed at `top`: as read, or with the section
    taken back from the header's last cell (under a header naming no unit, "Activity" |
    "Cost" | "Staffing" reads as a title over "Cost" | "Staffing"), when without it the
    header rows fill the cells from the table's start exactly. Only asked once a later
    section is found: sections recur, a title does not."""
    first = block.explicit_header_rows or 0
    if first < len(block.rows):
        opening = [cell.text for cell in block.rows[first].cells]
        if opening[0] == cells[top].text and not any(opening[1:]):
            return block
    if not first or top - start < period or (top - start) % period \
            or block.rows[first - 1].cells[-1].text != cells[top].text:
        return None
    header = _header_rows(cells, start, top, period)
    if not header or len(header) * period != top - start or any(
            len(row.cells) != period for row in header):
        return None
    return RawBlock(CELLS, [*header, _heading_row(cells[top], period), *block.rows[first:]],
                    explicit_header_rows=len(header), left_out=block.left_out)


def _is_section(cell: StreamCell) -> bool:
    """A short heading in words: no figure, no sentence, no bullet."""
    return (cell.kind == TEXT and bool(_WORD.search(cell.text)) and not _DIGIT.search(
        cell.text) and not _is_sentence(cell.text) and len(cell.text) <= _MAX_HEADER_CHARS
            and cell.text[0] not in _LIST_OPENERS)


def _side_by_side(cells: list[StreamCell], start: int,
                  layout: _Layout) -> tuple[list[RawBlock], int] | None:
    """Two narrow tables printed side by side in one Word table ("Contributions | £ |
    Expenditure | £"): the rhythm reads them as one table of half the width, so each
    row's right half becomes a row of its own under the wrong header. A header row of
    twice the width, with a label over both halves' first columns, and body rows that
    keep a label in both halves, split them into two tables, each with its own header."""
    half, body = layout.period, layout.body
    if half > _NARROW or body - 2 * half < start or layout.merged:
        return None
    header = cells[body - 2 * half:body]
    if not _is_header(header):
        return None
    rows = _paired_rows(cells, body, half)
    if len(rows) < _MIN_BODY_ROWS:
        return None
    headers = [header]
    above = body - 2 * half
    if above - 2 * half >= start and _is_header(cells[above - 2 * half:above]):
        headers.insert(0, cells[above - 2 * half:above])
    if not any(row[0].kind != BLANK and row[half].kind != BLANK for row in headers):
        return None  # no header names both halves: one table read at half its width
    if any(_shape(row[:half]) != _shape(row[half:]) for row in headers):
        return None  # the halves' headers differ in shape: not two alike tables
    blocks = []
    for offset in (0, half):
        picked = [row[offset:offset + half] for row in (*headers, *rows)]
        raw_rows = [_row(row) for row in picked if any(c.kind != BLANK for c in row)]
        blocks.append(RawBlock(CELLS, raw_rows, explicit_header_rows=len(headers)))
    return blocks, body + len(rows) * 2 * half


def _shape(cells: list[StreamCell]) -> list[bool]:
    return [cell.kind == BLANK for cell in cells]


def _paired_rows(cells: list[StreamCell], body: int, half: int) -> list[list[StreamCell]]:
    """Rows of two halves, each a label then values; the last may end its right half in
    words ("47,714 overspend"), which stay a cell of the right table."""
    rows: list[list[StreamCell]] = []
    position = body
    while position + 2 * half <= len(cells):
        row = cells[position:position + 2 * half]
        left, right = row[:half], row[half:]
        if not (_half_row(left) and (_half_row(right) or _labelled(right))):
            break
        rows.append(row)
        position += 2 * half
        if not _half_row(right):
            break
    return rows


def _half_row(cells: list[StreamCell]) -> bool:
    """A label (or nothing) then values or blanks, with at least one printed cell."""
    return (cells[0].kind in (TEXT, PERIOD, BLANK)
            and all(cell.kind in (NUMBER, MARKER, BLANK) for cell in cells[1:])
            and any(cell.kind != BLANK for cell in cells))


def _labelled(cells: list[StreamCell]) -> bool:
    return cells[0].kind == TEXT and all(c.kind != PERIOD for c in cells[1:])


def _grid_wins(cells: list[StreamCell], start: int, grid: tuple[int, int, RawBlock],
               layout: _Layout | None) -> bool:
    """Whether a text grid reaching into the rows the label-and-values rhythm found reads
    them better: it is wider (the rhythm halved its rows), or it covers them all and they
    have no header of their own (the rhythm started mid-table)."""
    if layout is None or len(grid[2].rows[0].cells) > layout.period:
        return True
    covers = grid[1] >= layout.end
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
            headerless = _headerless_grid(cells, index, end)
            if headerless is not None:
                return headerless
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
        last, left_out = _grid_last_row(cells, grid_end, end, width, body)
        if last is not None or left_out:
            body, grid_end = body + ([last] if last is not None else []), end
        block = RawBlock(CELLS, [_row(header), *(_row(row) for row in body)],
                         explicit_header_rows=1, left_out=left_out)
        return index, grid_end, block
    return None


def _grid_last_row(cells: list[StreamCell], position: int, end: int, width: int,
                   body: list[list[StreamCell]]
                   ) -> tuple[list[StreamCell] | None, list[tuple[int, str]]]:
    """A text grid's region ending in a row cells short (trailing empty cells the export
    left out: "Health | 48,000" under four columns, two of them empty in every row):
    placed when one placement fits (`_placed_last_row`), else reported; before, it was
    lost without a word. (None, []) when no such row ends the region."""
    kinds, texts = [cell.kind for cell in cells], [cell.text for cell in cells]
    if end != len(cells) or not _short_last_row(kinds, texts, position, width):
        return None, []
    valued = frozenset(column for column in range(1, width)
                       if any(row[column].kind in (NUMBER, MARKER) for row in body))
    placed = _placed_last_row(cells[position:end], width, valued)
    if placed is not None:
        return placed, []
    first = cells[position]
    return None, [(first.line, f"row {first.text!r} prints {end - position} cells where "
                   f"the table has {width} columns: its values cannot be placed")]


_HEADERLESS_MIN_ROWS = 3


def _headerless_grid(cells: list[StreamCell], index: int,
                     end: int) -> tuple[int, int, RawBlock] | None:
    """A grid with no header row (objective, area, "38% £389,876"): from a text cell, at
    least three rows of two or more text columns and one value column, every row printing
    its value and every text column keeping to text."""
    if cells[index].kind != TEXT or (index and cells[index - 1].kind != BLANK
                                     and cells[index - 1].kind != TEXT):
        return None
    for width in range(_MIN_GRID_WIDTH, _MAX_GRID_WIDTH + 1):
        rows = _grid_rows(cells, index, end, width)
        body = [cells[index + width * row:index + width * (row + 1)] for row in range(rows)]
        if rows < _HEADERLESS_MIN_ROWS or not _every_row_valued(body):
            continue
        return index, index + width * rows, RawBlock(CELLS, [_row(row) for row in body],
                                                     explicit_header_rows=0)
    return None


def _every_row_valued(body: list[list[StreamCell]]) -> bool:
    """One value column, last, valued in every row; the other columns text or blank, the
    second one printed in every row."""
    return all(row[-1].kind == NUMBER and row[1].kind == TEXT
               and all(cell.kind in (TEXT, BLANK) for cell in row[:-1]) for row in body)


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
    """Short printed labels in words (the stub may be empty, one value column's heading
    a unit alone: "£", "(£000)"); "*344,600" is no label. Units over several columns
    ("£" | "£" | "£") are a row under the headings, not the grid's header."""
    units = [i for i, c in enumerate(header) if i > 0 and _UNIT_HEADING.match(c.text)]
    return len(units) <= 1 and all(
        (c.kind == TEXT and len(c.text) <= 80 and _WORD.search(c.text))
        or (i == 0 and c.kind == BLANK) or i in units for i, c in enumerate(header))


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


def _label_value_pairs(cells: list[StreamCell], start: int, end: int,
                       strict: bool = False) -> list[RawBlock]:
    """A row of three or more column labels (years, areas) followed by exactly as many
    values and nothing else: a table with no row label ("2015/16 2016/17 2017/18" over
    "26 20 8"), its row's empty label maybe printed as an empty cell between. Its empty
    stub is added so the values sit under their labels. In plain text (`strict`) every
    value is a number and every label short, as a lone row has no rhythm to check."""
    blocks = []
    index = start
    while index < end:
        one_row = _header_and_one_row(cells, index, end)
        if one_row is not None and (not strict or _plain_one_row(one_row[0].rows)):
            blocks.append(one_row[0])
            index = one_row[1]
            continue
        labels = _run_of(cells, index, end, (TEXT, PERIOD))
        gap = int(index + labels < end and cells[index + labels].kind == BLANK)
        values = _run_of(cells, index + labels + gap, end, (NUMBER, MARKER))
        after = index + labels + gap + values
        if labels == values >= 3 and (after >= end or cells[after].kind == BLANK) and (
                not strict or _plain_one_row([_row(cells[index:after])])):
            header = cells[index:index + labels]
            body = cells[after - values:after]
            blocks.append(RawBlock(CELLS, [_stubbed_row(header), _stubbed_row(body)],
                                   explicit_header_rows=1))
            index = after
        else:
            index += max(1, labels)
    return blocks


def _plain_one_row(rows: list[RawRow]) -> bool:
    """Labels of a few words and values that are all numbers: a lone row read without
    cell ends must leave no doubt about which cell is a value."""
    return all(len(cell.text.split()) <= _FLAT_LABEL_WORDS if cell_kind(cell.text) in (
        TEXT, PERIOD) else cell_kind(cell.text) in (NUMBER, BLANK)
        for row in rows for cell in row.cells)


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
    first_value = index + 1 + labels
    unlabelled = _unlabelled_row(cells, first_value, end)
    if unlabelled:
        width, first_value = labels + 1, first_value + 1  # the row's label left empty
    values = _run_of(cells, first_value, end, (NUMBER, MARKER))
    after = first_value + values
    if not (values == width - 1 >= 3 and (after >= end or cells[after].kind == BLANK)):
        return None
    header, row = cells[index:index + width], cells[index + width:after]
    if not any(cell.kind == TEXT for cell in header[1:]) and cells[index].kind != BLANK \
            and not unlabelled:
        return None  # a run of periods over values is the stubless form, read elsewhere
    if unlabelled and _title_above_empty_stub(header):
        stub = header[0]
        header = [StreamCell("", "", stub.last_line, stub.last_line, BLANK), *header[1:]]
    return RawBlock(CELLS, [_row(header), _row(row)], explicit_header_rows=1), after


def _title_above_empty_stub(header: list[StreamCell]) -> bool:
    """A title, an empty paragraph, then the empty stub cell ("Custody", "", "" before
    "2015/16" "2016/17" ... over an unlabelled row): the words are above the table and
    caption it (and maybe the next table too); the stub is empty. Only over a header of
    periods: a heading over column labels in words is the stub's own."""
    stub = header[0]
    return (stub.kind == TEXT and stub.line < stub.last_line
            and not stub.raw.split("\n")[-1].strip()
            and all(cell.kind == PERIOD for cell in header[1:]))


def _unlabelled_row(cells: list[StreamCell], label: int, end: int) -> bool:
    """An empty cell, then values, after the column labels ("Custody" "2015/16" "2016/17"
    "2017/18" over "" "4" "2" "4"): one row whose label is left empty, under a stub
    heading (or an empty stub) naming what it counts."""
    return label + 1 < end and cells[label].kind == BLANK \
        and cells[label + 1].kind in (NUMBER, MARKER)


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
    # a marker in words ("Not known") may be a heading: the search starts from a value
    anchors = [kinds[i] == NUMBER or (kinds[i] == MARKER and not labels[i])
               for i in range(len(kinds))]
    first_value = next((i for i in range(start, len(kinds)) if anchors[i]), None)
    best: _Layout | None = None
    while first_value is not None:
        for period in range(2, min(_MAX_PERIOD, len(cells) - start) + 1):
            for body in range(max(start, first_value - period + 1), first_value):
                layout = _run(kinds, texts, labels, body, period, strict, strict_rows)
                if layout is not None and (_label_read_late(layout, start) or (
                        _carried_beside_values(kinds, layout, start)) or (
                        not strict and _label_read_early(kinds, texts, layout, start))):
                    continue
                if layout is not None and (best is None or layout.score > best.score
                                           or _fills_header_rows(layout, best, start)):
                    best = layout
        if best is not None:
            return best
        first_value = next((i for i in range(first_value + 1, len(kinds)) if anchors[i]),
                           None)
    return None


def _fills_header_rows(layout: _Layout, best: _Layout, start: int) -> bool:
    """Of two phases of one rhythm that read alike (a column of notes after the values
    reads as well as before the labels), the one whose header fills whole rows: a header
    row prints a heading (or an empty cell) over every column, the notes' too."""
    return layout.score == best.score and layout.period == best.period \
        and layout.rows == best.rows and (layout.body - start) % layout.period == 0 \
        and (best.body - start) % best.period != 0


def _run(kinds: list[str], texts: list[str], labels: list[bool], body: int, period: int,
         strict: bool, strict_rows: int = _STRICT_MIN_ROWS) -> _Layout | None:
    """The run of consistent rows from `body`, scored by the values it covers; rows that
    break the rhythm are stepped over (see `_resync`) when few and with cell ends known."""
    layout = _run_rows(kinds, texts, labels, body, period, strict, strict_rows,
                       resync=not strict)
    if layout is not None and (layout.irregular or layout.stray) and not _few_irregular(layout):
        layout = _run_rows(kinds, texts, labels, body, period, strict, strict_rows,
                           resync=False)
    return layout


def _few_irregular(layout: _Layout) -> bool:
    """Rows off the rhythm are exceptions: at most one for every two rows that keep it.
    Stray empty cells hide no value, but between every two rows they are columns."""
    irregular = len(layout.irregular)
    # two rows off the rhythm in a row (`_resync_pair`) are one break of it
    breaks = irregular - sum(after == first for (_, after), (first, _) in pairwise(
        layout.irregular))
    return 2 * breaks <= layout.rows - irregular and (
        not layout.stray or len(layout.stray) < layout.rows - 1)


def _run_rows(kinds: list[str], texts: list[str], labels: list[bool], body: int,
              period: int, strict: bool, strict_rows: int, resync: bool) -> _Layout | None:
    stub = _label_columns(kinds, texts, body, period)
    rows = 0
    score = 0.0
    valued = 0
    position = body
    merged: list[int] = []
    swapped: list[int] = []
    irregular: list[tuple[int, int]] = []
    stray: list[tuple[int, int]] = []
    carried: list[int] = []
    while position + period <= len(kinds):
        row = kinds[position:position + period]
        if position > body and _merged_heading(kinds, texts, labels, position, period, stub):
            merged.append(position)  # a sub-heading merged across the table: one cell
            rows += 1
            position += 1
            continue
        if all(kind == BLANK for kind in row):  # a spacer row between blocks of rows
            following = kinds[position + period:position + 2 * period]
            if len(following) < period or _row_score(
                    following, labels[position + period], stub) is None:
                break
            rows += 1
            position += period
            continue
        row_score = _row_score(row, labels[position], stub)
        if row_score is None and rows and _merged_down(kinds, texts, position, period):
            row_score = _row_score(row[1:], True)  # its label merged down from above
            carried.append(position)
        if resync and not rows and row_score is not None and _two_labels(
                kinds, texts, position, period):
            row_score = None
        after_stray = None if row_score is not None or not (resync and valued) else \
            _after_stray_cells(kinds, texts, labels, position, period)
        if after_stray is not None:
            stray.append((position, after_stray))
            position = after_stray
            continue
        if row_score is None and rows >= _MIN_BODY_ROWS and _stub_swapped(
                kinds, position, period, body):
            row_score = _row_score(row[1:2] + row[:1] + row[2:], True)
            swapped.append(position)
        if row_score is None and rows and labels[position] and _words_for_values(
                kinds[position + 1:position + period], texts[position + 1:position + period]):
            following = kinds[position + period:position + 2 * period]
            if len(following) == period and _row_score(
                    following, labels[position + period], stub) is not None:
                rows += 1  # "In kind" where an amount would be, between rows of values
                position += period
                continue
        if resync and kinds[position] == TEXT and _MIN_RESYNC_PERIOD <= period <= \
                _MAX_RESYNC_PERIOD and (row_score is None or _off_rhythm(
                    kinds, labels, position, period, stub)) and (
                valued or _under_header(kinds, position, period)):
            again = _resync(kinds, texts, labels, position, period, first=not valued)
            if again is not None:
                irregular.append((position, again))
                rows += 1
                position = again
                continue
            pair = _resync_pair(kinds, texts, labels, position, period, first=not valued)
            if pair is not None:
                irregular += [(position, pair[0]), pair]
                rows += 2
                position = pair[1]
                continue
        if row_score is None:
            break
        rows += 1
        position += period
        if resync and period >= _MIN_RESYNC_PERIOD and _spills(kinds, labels, position - period,
                                                               period):
            # a row printing a cell too many that no resync steps over: it stays in the
            # run, but a reading whose rows keep the rhythm is to be preferred
            row_score = 0.0
        else:
            valued += any(kind in (NUMBER, MARKER) for kind in row[1:])
        score += row_score
        if resync and valued and _spills_at_end(kinds, labels, position, period):
            irregular.append((position - period, len(kinds)))  # placed or left out
            score -= row_score
            position = len(kinds)
    if resync and valued and _short_last_row(kinds, texts, position, period):
        irregular.append((position, len(kinds)))  # placed or left out by `_placed_row`
        rows += 1
        position = len(kinds)
    if valued < _MIN_BODY_ROWS or (strict and rows < strict_rows and not _wide_headed(
            kinds, body, period, rows)) or (
            period == 2 and rows < _STRICT_MIN_ROWS and (strict or not _headed(kinds, body)))\
            or score <= 0:
        return None
    if period <= _NARROW and not merged and not all(
            _labels_distinct(block) for block in _label_blocks(kinds, texts, body, position,
                                                               period)):
        return None  # wide grids repeat labels legitimately ("percent change" per block)
    if period <= _NARROW and _labels_alternate(kinds[body:position:period]):
        return None
    score -= 0.01 * period + _irregular_cost(kinds, texts, irregular) + _STRAY_COST * len(
        stray)
    return _Layout(period, body, rows, score, tuple(merged), tuple(swapped), position,
                   tuple(irregular), tuple(stray), tuple(carried))


def _label_read_late(layout: _Layout, start: int) -> bool:
    """A reading one cell late: its label column prints a label in the first body row
    only, merged down over every row below, and the cells above the body fall one or
    more short of whole rows. That label is the header's last cell (a heading over a
    column no row prints in, "Other"), carried down every row while each value sits one
    column right of its heading; an all-empty column is still a column."""
    starts = _row_starts(layout)
    return len(starts) >= _MIN_BODY_ROWS and set(starts[1:]) <= set(layout.carried) and (
        layout.body - start) % layout.period != 0


def _carried_beside_values(kinds: list[str], layout: _Layout, start: int) -> bool:
    """A reading carrying a label down (`_merged_down`) one cell off: its column 1 holds
    a value in some row (rows whose first label is merged down print their second label
    there, and a column of labels holds no value), or the cells above its body fall
    short of whole header rows (counted from the region's start or its first printed
    cell: plain text may open with an empty line, a Word table with its empty stub).
    Read so, a header's last cell ("In kind", "Comments") was taken for a label merged
    over the rows below, and a last column of notes for the first labels, every value
    one column off."""
    if not layout.carried:
        return False
    printed = next((i for i in range(start, layout.body) if kinds[i] != BLANK), start)
    return all((layout.body - top) % layout.period for top in (start, printed)) or any(
        kinds[first + 1] in (NUMBER, MARKER) for first in _row_starts(layout))


def _label_read_early(kinds: list[str], texts: list[str], layout: _Layout,
                      start: int) -> bool:
    """A reading one cell early: its first body row starts with two cells of words, and
    taking the first as the header's last cell would make the cells above the body a
    whole header row (the stub's heading over the labels, "Total" over the totals).
    Then the first row is a cell short (a cell dropped or two merged) and its label is
    the second cell, not a label of a second label column: no row below prints words
    in column 1. Read as it is, every heading moves one column left of its values."""
    period, body = layout.period, layout.body
    if period < _MIN_RESYNC_PERIOD or (body + 1 - start) % period or body + 1 - period < start \
            or not (_worded(kinds, texts, body) and _worded(kinds, texts, body + 1)):
        return False
    header = kinds[body + 1 - period:body + 1]
    if any(kind in (NUMBER, MARKER) for kind in header) or sum(kind != BLANK
                                                                 for kind in header) < 2:
        return False
    return not any(kinds[first + 1] in (TEXT, PERIOD) for first in _row_starts(layout)[1:])


_LABEL_COLUMN_ROWS = 4  # rows looked at for a second label column


def _label_columns(kinds: list[str], texts: list[str], body: int, period: int) -> int:
    """Two when column 1 is a second label column ("Agency | Department | amounts",
    "Agency | 2018/19 | amounts", "2018/19 | Agency | amounts"): in the first rows from
    `body`, column 1 prints labels (in two rows or more) or nothing, never a value, while
    each row printing a label there prints a label before it (see `_two_label_cells`)
    and a value after them. Read as text where a value should be, that column cost every
    row more than its values earn, and a table of one or two amount columns was not
    found, or was read one cell off (each row's first label taken as the last cell of
    the row above)."""
    if period < _MIN_RESYNC_PERIOD:
        return 1
    starts = range(body, min(len(kinds) - period + 1, body + _LABEL_COLUMN_ROWS * period),
                   period)
    if any(kinds[start + 1] in (NUMBER, MARKER) for start in starts):
        return 1
    labelled = [start for start in starts
                if _worded(kinds, texts, start + 1) or kinds[start + 1] == PERIOD]
    if len(labelled) < 2 or any(not _two_label_cells(kinds, texts, start, period)
                                or not {NUMBER, MARKER} & set(kinds[start + 2:start + period])
                                for start in labelled):
        return 1
    return 2


def _two_label_cells(kinds: list[str], texts: list[str], start: int, period: int) -> bool:
    """A row opening with two labels: words beside words or a period, either way round
    (no figure else: a reading one cell off would take a value with a word, "16.4%
    Under", for a label), or an empty cell beside words under such a row (the first
    label merged down, see `_merged_down`)."""
    if _worded(kinds, texts, start):
        return kinds[start + 1] in (TEXT, PERIOD)
    if kinds[start] == PERIOD:
        return _worded(kinds, texts, start + 1)
    return _merged_down(kinds, texts, start, period)


def _worded(kinds: list[str], texts: list[str], index: int) -> bool:
    """A cell of words with no figure."""
    return kinds[index] == TEXT and bool(_WORD.search(texts[index])) and not _DIGIT.search(
        texts[index])


def _merged_down(kinds: list[str], texts: list[str], position: int, period: int) -> bool:
    """A row whose label cell is empty and whose second cell is words, then values, under
    a row printing words in both ("Local Authority" | "Children's services", then "" |
    "Education"), or a period then words ("2018/19" | "Health", then "" | "Police"): the
    first label is merged down over both rows, which Word prints in the top row only.
    The row above may itself be such a row (a merge over three)."""
    top = position - period
    if top < 0 or period < _MIN_RESYNC_PERIOD or kinds[position] != BLANK:
        return False
    values = kinds[position + 2:position + period]
    if kinds[position + 1] != TEXT or not _WORD.search(texts[position + 1]) \
            or NUMBER not in values or any(kind not in (NUMBER, MARKER, BLANK)
                                           for kind in values):
        return False
    return kinds[top + 1] == TEXT and (kinds[top] in (TEXT, PERIOD) or _merged_down(
        kinds, texts, top, period))


def _short_last_row(kinds: list[str], texts: list[str], position: int, period: int) -> bool:
    """The region ends in a row one or more cells short: a label in words, then values
    ("Total" merged over two label columns, which Word prints once; or trailing empty
    cells the export left out). Not stepped over, it would be lost without a word; as a
    row off the rhythm it is placed (`_placed_last_row`) or reported."""
    return (period >= _MIN_RESYNC_PERIOD and 2 <= len(kinds) - position < period
            and kinds[position] == TEXT and bool(_WORD.search(texts[position]))
            and not _is_sentence(texts[position])
            and all(kind in (NUMBER, MARKER, BLANK) for kind in kinds[position + 1:])
            and NUMBER in kinds[position + 1:])


def _spills_at_end(kinds: list[str], labels: list[bool], position: int, period: int) -> bool:
    """The region ends, fewer cells than a row after a row read whole, in values (not a
    label): that row printed a cell or two too many (a note, a "£"), its last values
    left over. Read as it is, its values would sit one column left of their headings
    and the last be lost; as a row off the rhythm it is placed (`_placed_row`) or left
    out."""
    rest = kinds[position:]
    return (period >= _MIN_RESYNC_PERIOD and 0 < len(rest) <= _RESYNC_SLACK
            and rest[0] in (NUMBER, MARKER) and not labels[position]
            and all(kind in (NUMBER, MARKER, BLANK) for kind in rest))


def _after_stray_cells(kinds: list[str], texts: list[str], labels: list[bool],
                       position: int, period: int) -> int | None:
    """Empty cells between two rows, fewer than a row's worth, after which a row keeps the
    rhythm (a label in words, then values): stray cells Word printed between rows (a
    cell left over from a deleted column, an empty paragraph as a cell). Read as the
    start of a row, they would cut the table into fragments whose rows continue each
    other. The cell after them where the rhythm resumes, else None."""
    for count in range(1, period):
        again = position + count
        if kinds[again - 1] != BLANK or again + period > len(kinds):
            return None
        if kinds[again] == TEXT and _keeps_rhythm(kinds, texts, labels, again, period) \
                and {NUMBER, MARKER} & set(kinds[again + 1:again + period]):
            return again
    return None


def _two_labels(kinds: list[str], texts: list[str], position: int, period: int) -> bool:
    """A first body row starting with two labels in words ("Total", "Secondee Education")
    where the rows below print numbers in that second column: a row read from the
    header's last cell, one cell early, as when the real first row is a cell short. It
    is not taken as the table's first row (a column of text, "Two posts", is left)."""
    if not (kinds[position] == kinds[position + 1] == TEXT and _WORD.search(
            texts[position + 1]) and not _DIGIT.search(texts[position + 1])):
        return False
    below = range(position + 1 + period, min(len(kinds), position + 1 + 4 * period), period)
    return any(kinds[index] == NUMBER for index in below)


def _irregular_cost(kinds: list[str], texts: list[str],
                    irregular: list[tuple[int, int]]) -> float:
    """Rows off the rhythm count against their layout (a doubt, and values it could not
    place), so that a layout of another width reading those rows whole is preferred to
    one stepping over them; not by every value they hold, or a wide table with one row
    off the rhythm would lose to a reading at twice its width. Words among its values
    cost a little more (of two readings off the rhythm, the one taking a heading for a
    label loses); a label cut short at a joining word ("Police" | "and Crime
    Commissioner") is read whole and costs nothing."""
    return sum(_IRREGULAR_PENALTY + min(_IRREGULAR_PENALTY, sum(
        kind in (NUMBER, MARKER) for kind in kinds[first:after])) + _WORD_AMONG_VALUES * sum(
        kind in (TEXT, PERIOD) for kind in kinds[first + 1:after])
        for first, after in irregular
        if after - first > 1 or after >= len(texts) or not _label_cut_at_a_join(
            texts[first], texts[after]))


def _off_rhythm(kinds: list[str], labels: list[bool], position: int, period: int,
                stub: int = 1) -> bool:
    """A row read whole that broke the rhythm all the same: the next row would start
    with a value, or this row holds words among its values and the next row does not
    read or the cells end before it does (it took the next row's label, or a cell of
    this one; a spacer row of empty cells reads). `stub`: the label columns."""
    if _spills(kinds, labels, position, period):
        return True
    after = position + period
    following = kinds[after:after + period]
    if not any(kind in (TEXT, PERIOD) for kind in kinds[position + stub:after]) or (
            following and all(kind == BLANK for kind in following)):
        return False  # no words among its values, or a spacer row follows
    return bool(following) and (len(following) < period  # the cells end mid-row
                                or _row_score(following, labels[after], stub) is None)


def _spills(kinds: list[str], labels: list[bool], position: int, period: int) -> bool:
    """A row whose next row would start with a value (not a marker in words that may
    name a row, "Not known"): it printed a cell too many (a note or a "£" passing for
    one of its values) and the rhythm is lost from here."""
    after = position + period
    return after < len(kinds) and kinds[after] in (NUMBER, MARKER) and not labels[after]


def _under_header(kinds: list[str], position: int, period: int) -> bool:
    """A row right under a row of labels (two or more printed, no value): the table's
    first body row, which may break the rhythm too."""
    above = kinds[max(0, position - period):position]
    return (len(above) == period and all(kind in (TEXT, PERIOD, BLANK) for kind in above)
            and sum(kind != BLANK for kind in above) >= 2)


_RESYNC_SLACK = 2  # cells a row off the rhythm may print beyond one row's worth
_MIN_RESYNC_PERIOD = 3  # a label and one value per row: too little rhythm to step over
_MAX_RESYNC_PERIOD = 16  # wider readings are tried for every region; stepping costs time
_IRREGULAR_PENALTY = 1.0
_WORD_AMONG_VALUES = 0.25  # a word among a stepped-over row's values: a doubt more
_STRAY_COST = 0.5  # empty cells stepped over: a reading taking them as columns wins a tie
_JOINING_WORDS = frozenset({"and", "&", "of", "for", "the", "in", "-", "/", "+"})


def _resync(kinds: list[str], texts: list[str], labels: list[bool], position: int,
            period: int, first: bool = False) -> int | None:
    """Where the rhythm starts again after a row that breaks it (a cell dropped or two
    merged, a note, a "£" or a split label as cells of their own): the next row that
    starts with a label in words followed by `period - 1` values or blanks, and is not
    followed by a value. The cells in between (a row's worth, give or take two cells,
    never exactly one row: the header of a next table) must start with a label (not
    a sentence: a text table's) and print a value, with two cells of words at most
    among the values ("In kind" and a note; one under the header), or be one cell of
    words (a label cut short, a note or a merged heading). Only in tables of three to
    sixteen columns."""
    if not _WORD.search(texts[position]) or _is_sentence(texts[position]):
        return None
    if not _MIN_RESYNC_PERIOD <= period <= _MAX_RESYNC_PERIOD or kinds[position] != TEXT:
        return None
    last = min(position + period + _RESYNC_SLACK, len(kinds) - period)
    for again in range(position + 1, last + 1):
        if not _keeps_rhythm(kinds, texts, labels, again, period):
            continue
        between = kinds[position + 1:again]
        if again - position == 1:  # a label cut short, a note or a heading: one cell of
            # words (not a table's first row, a header's, unless cut short at a joining
            # word: "Police" | "and Crime Commissioner"), when the rows after it keep
            # the new rhythm
            return None if (first and not _label_cut_at_a_join(texts[position], texts[again])) \
                or not _rhythm_holds_after(kinds, texts, labels, again + period, period) \
                else again
        words = sum(kind in (TEXT, PERIOD) and text not in CURRENCY_SIGNS
                    for kind, text in zip(between, texts[position + 1:again], strict=True))
        if again - position in (period, 2) or again - position < period - _RESYNC_SLACK \
                or words > (1 if first else 2):
            return None
        if not {NUMBER, MARKER} & set(between) and (words or not (_rhythm_holds_after(
                kinds, texts, labels, again + period, period) or _spacer_after(
                kinds, again + period, period))):
            return None  # a label over empty cells a cell or two short, when rows follow
        return again
    return None


def _resync_pair(kinds: list[str], texts: list[str], labels: list[bool], position: int,
                 period: int, first: bool = False) -> tuple[int, int] | None:
    """Two rows off the rhythm in a row (a note in one, a cell dropped from the next):
    `_resync` finds no row keeping the rhythm within one row's reach. The second row
    starts with a label in words a row's worth (give or take one cell) after the
    first, the first holding what `_resync` asks of a row off the rhythm, and the
    rhythm resumes after the second, a row's worth (give or take one) later or after a
    label cut short. Returns (second row, where the rhythm resumes) when exactly one
    such split fits, else None (the rows are not stepped over)."""
    if not _WORD.search(texts[position]) or _is_sentence(texts[position]) \
            or kinds[position] != TEXT or (position + 2 * period <= len(kinds) and _merged_down(
                kinds, texts, position + period, period)):
        return None  # a row over one whose label is merged down from it keeps the rhythm
    found = set()
    for middle in (position + period - 1, position + period + 1):
        if middle + period > len(kinds) or middle - position == period \
                or kinds[middle] != TEXT or _reads_as_note(texts[middle]):
            continue  # a bracketed note starts no row
        words = sum(kind in (TEXT, PERIOD) and text not in CURRENCY_SIGNS for kind, text in
                    zip(kinds[position + 1:middle], texts[position + 1:middle], strict=True))
        if words > (1 if first else 2) or not {NUMBER, MARKER} & set(
                kinds[position + 1:middle]):
            continue
        again = _resync(kinds, texts, labels, middle, period)
        if again is not None and (again - middle == 1 or abs(again - middle - period) == 1):
            found.add((middle, again))
    return found.pop() if len(found) == 1 else None


def _rhythm_holds_after(kinds: list[str], texts: list[str], labels: list[bool],
                        position: int, period: int) -> bool:
    """After a row resumed one cell late, the next row keeps the rhythm too (or the cells
    end). A row printed in full whose second cell is words ("Local Authority" |
    "Children's services" | amounts, the agency merged down over the next row) is no
    cell of its own and a row: resumed one cell late, every row after it would be read
    one column off, its label under the values ("Education" | amounts | "Total")."""
    return position + period > len(kinds) or _keeps_rhythm(kinds, texts, labels, position,
                                                            period)


def _spacer_after(kinds: list[str], position: int, period: int) -> bool:
    """A spacer row (a row's worth of empty cells) starts at `position`."""
    return position + period <= len(kinds) and all(
        kind == BLANK for kind in kinds[position:position + period])


def _keeps_rhythm(kinds: list[str], texts: list[str], labels: list[bool], position: int,
                  period: int) -> bool:
    """A row of a label in words, then `period - 1` values or blanks, not followed by
    another value."""
    if kinds[position] not in (TEXT, PERIOD) or (
            kinds[position] == TEXT and not _WORD.search(texts[position])):
        return False
    after = position + period
    return (all(kind in (NUMBER, MARKER, BLANK) for kind in kinds[position + 1:after])
            and not _spills(kinds, labels, position, period))


def _label_cut_short(first: str, second: str) -> bool:
    """A label split over two cells: the first ends on a joining word ("Police and"), or
    the second starts with one or a bracket ("(PCC)"). Texts are case-folded."""
    words, following = first.split(), second.split()
    return bool(words and following) and (
        words[-1] in _JOINING_WORDS or following[0] in _JOINING_WORDS or second[0] == "(")


def _label_cut_at_a_join(first: str, second: str) -> bool:
    """A label split over two cells beyond doubt: the first ends on a joining word
    ("Police and"), or the second starts with "and" or "&" ("and Crime Commissioner"),
    which no label starts with; a heading's last cell may well be followed by a label
    starting "In" or "Of" ("Total £" | "In kind")."""
    words, following = first.split(), second.split()
    return bool(words and following) and (
        words[-1] in _JOINING_WORDS or following[0] in ("and", "&"))


_WIDE_HEADED_MIN_PERIOD = 3
_WIDE_HEADED_MIN_BLANKS_PERIOD = 6  # headings enough that a coincidence is unlikely


def _wide_headed(kinds: list[str], body: int, period: int, rows: int) -> bool:
    """Whether two rows without cell ends are still a table: a label and two or more
    values each, every value printed (numbers, a minority of them markers: "-", "n/a"),
    under a header of as many labels (its stub may be blank): "Period | Wigan | North
    West | England" over two periods' rates, as written answers print a comparison of
    this period with the last, or "Gender | Number | %". A row may end in empty cells (a
    rank given for one period only, columns left empty): nothing follows them in it.
    Under a header of `_WIDE_HEADED_MIN_BLANKS_PERIOD` or more headings, none empty (the
    stub's too), a row may leave cells empty anywhere (a staffing grid's "Vacant" row):
    so many headings, then two labels exactly a header's width apart, fix the columns."""
    if rows != _MIN_BODY_ROWS or period < _WIDE_HEADED_MIN_PERIOD or body < period:
        return False
    header = kinds[body - period:body]
    cells = kinds[body:body + rows * period]
    printed = [_printed_values(cells[i + 1:i + period]) for i in range(0, len(cells), period)]
    worded = period >= _WIDE_HEADED_MIN_BLANKS_PERIOD and all(
        kind in (TEXT, PERIOD) for kind in header)
    values = [kind for row in printed for kind in row if not (worded and kind == BLANK)]
    return header[0] in (TEXT, PERIOD, BLANK) and all(
        kind in (TEXT, PERIOD) for kind in header[1:]) and all(
        cells[i] in (TEXT, PERIOD) for i in range(0, len(cells), period)) and all(
        printed) and all(kind in (NUMBER, MARKER) for kind in values) and \
        2 * values.count(NUMBER) > len(values)


def _printed_values(row: list[str]) -> list[str]:
    """A row's value cells up to its last printed one."""
    end = len(row)
    while end and row[end - 1] == BLANK:
        end -= 1
    return row[:end]


def _headed(kinds: list[str], body: int) -> bool:
    """Whether two cells of labels, the last one printed, stand right above a two-column
    body: a Word table's header ("" | "Number" over "Male | 374", "Female | 132"), which
    lets two rows be a table where two label-value pairs alone might be a coincidence."""
    above = kinds[body - 2:body] if body >= 2 else []
    return len(above) == 2 and above[1] in (TEXT, PERIOD) and above[0] in (TEXT, PERIOD, BLANK)


_HEADING_WORDS = 3
_WORDS_FOR_VALUE = 6


def _merged_heading(kinds: list[str], texts: list[str], labels: list[bool], position: int,
                    period: int, stub: int = 1) -> bool:
    """A row of one cell: a sub-heading merged across the table ("Use of custody rate per
    1,000 of 10-17 population") that Word prints once. Read as a row of the table's width
    it would pull the next row's label into the values; read as one cell, the rows after
    it keep their rhythm. With a second label column (`stub` 2) a row reading whole
    (a label, a description, values) is a row like the others, not a heading."""
    if kinds[position] != TEXT or len(texts[position].split()) < _HEADING_WORDS:
        return False
    shifted = kinds[position + 1:position + 1 + period]
    if len(shifted) < period or not labels[position + 1] or TEXT in shifted[1:] \
            or PERIOD in shifted[1:]:
        return False
    after = _row_score(shifted, True)
    this = _row_score(kinds[position:position + period], labels[position], stub)
    return after is not None and after >= 1 and (this is None or this < after)


def _heading_above(cells: list[StreamCell], start: int, body: int, period: int) -> bool:
    """A merged sub-heading just above the first body row, under a header whose stub is
    empty: taking the header from the cell before it puts the empty stub over the labels."""
    top = body - 1 - period
    if top < start or cells[body - 1].kind != TEXT or len(
            cells[body - 1].text.split()) < _HEADING_WORDS:
        return False
    return (cells[top].kind == BLANK and cells[body - period].kind != BLANK
            and _is_header(cells[top:body - 1]))


def _heading_under_labels(cells: list[StreamCell], start: int, body: int,
                          period: int) -> bool:
    """A sub-heading of more words than any label ("Reoffending rates after 12 months:
    binary rate (%)") just above the first body row, under a row of short labels (a
    stub's heading and the column labels, or the column labels alone under a heading
    that prints a figure): a row merged across the table, not the header's last label
    (which would move every label one column left, over its neighbour's values)."""
    heading = cells[body - 1]
    if body - 1 - (period - 1) < start or heading.kind != TEXT or _DIGIT.search(
            heading.text[:1]):
        return False
    words = len(heading.text.split())
    # the column labels alone only under a measure's name (it prints a figure: "rate per
    # 1,000"), else the header's last label ("Of which in kind") would be taken
    for width in (period, period - 1) if _DIGIT.search(heading.text) else (period,):
        above = cells[body - 1 - width:body - 1] if body - 1 - width >= start else []
        if above and all(cell.kind in (TEXT, PERIOD) for cell in above) and _is_header(
                above) and words >= _HEADING_WORDS + max(len(c.text.split()) for c in above):
            return True
    return False


def _section_under_units(cells: list[StreamCell], start: int, body: int,
                         period: int) -> bool:
    """A section heading merged across the table ("Staffing costs") just above the first
    body row, under a header whose value columns are headed by a unit ("£", "£ 2019/20"):
    taking the header from the cell before it would put a unit over the row labels and
    the section's name over the values (and every section's rows under the first's)."""
    top = body - 1 - period
    heading = cells[body - 1]
    above = cells[top:body - 1] if top >= start else []
    if not above or heading.kind != TEXT or _DIGIT.search(heading.text) or _is_sentence(
            heading.text) or not (_is_header(above) or _one_column_headed(above)):
        return False
    return _names_unit(cells[body - period]) and not _names_unit(cells[top])


def _names_unit(cell: StreamCell) -> bool:
    """A header cell naming a currency or a period ("£", "£ 2019/20", "2018/19"): a value
    column's heading, never the row labels'."""
    return cell.kind == PERIOD or any(sign in cell.text for sign in CURRENCY_SIGNS)


def _words_for_values(kinds: list[str], texts: list[str]) -> bool:
    """Value cells that are blank but for a few words ("In kind", "Included within the
    CSP allocation")."""
    words = [text for kind, text in zip(kinds, texts, strict=True) if kind == TEXT]
    if not 1 <= len(set(words)) <= 2:  # a phrase or two, maybe repeated; not a header
        return False
    return all(kind in (TEXT, BLANK) for kind in kinds) and all(
        len(text.split()) <= _WORDS_FOR_VALUE and not _DIGIT.search(text) for text in words)


def _stub_swapped(kinds: list[str], position: int, period: int, body: int) -> bool:
    """A row printing an empty cell before its label where the rows above print it after
    theirs (a total row whose label moved right): the same row with the two swapped."""
    if period < 3 or kinds[position] != BLANK or kinds[position + 1] != TEXT:
        return False
    return all(kinds[first + 1] == BLANK for first in range(body, position, period))


def _labels_alternate(labels: list[str]) -> bool:
    """Row labels that take turns being a period and a text ("2014/15", "April 14 - June
    14 No in cohort 267 ...", "2015/16", ...): rows of a wider table read at half its
    width, whose values would land under the wrong headers."""
    printed = [kind for kind in labels if kind != BLANK]
    if len(printed) < 4 or {PERIOD, TEXT} - set(printed):
        return False
    return all(a != b for a, b in pairwise(printed))


def _label_blocks(kinds: list[str], texts: list[str], body: int, end: int,
                  period: int) -> list[list[str]]:
    """The printed row labels of a run, in blocks split at sub-heading rows (a label over
    empty cells): the same periods may label the rows of each block."""
    blocks: list[list[str]] = [[]]
    for first in range(body, end, period):
        if texts[first] and all(kind == BLANK for kind in kinds[first + 1:first + period]):
            blocks.append([])
        elif texts[first]:
            blocks[-1].append(texts[first])
    return [block for block in blocks if block]


def _labels_distinct(labels: list[str]) -> bool:
    """Row labels of a real grid name different things; a run whose labels repeat
    ("Yes", "Yes", "x") is the wrong period laid over a text table."""
    return len(set(labels)) >= _DISTINCT_LABELS * len(labels)


def _may_label(cell: StreamCell) -> bool:
    """A label, a period, or a marker in words ("Not known") that can name a row."""
    if cell.kind in (TEXT, PERIOD):
        return True
    return cell.kind == MARKER and len(_WORD.findall(cell.text)) >= 2


def _row_score(row: list[str], label_ok: bool, stub: int = 1) -> float | None:
    """Values covered by a body row; None when the row breaks the grid. With a second
    label column (`stub` 2), words or nothing in column 1 are a label, not text where a
    value should be."""
    values = row[2:] if stub == 2 and row[1] in (TEXT, PERIOD, BLANK) else row[1:]
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
    empty_rows = _empty_rows_above(cells, start, body, period,
                                   periods_only=strict and not _section_rows(cells, layout))
    body -= empty_rows * period
    merged = set(layout.merged)
    merged_above = not strict and (_heading_above(cells, start, body, period)
                                   or _section_under_units(cells, start, body, period))
    sections = not strict and not empty_rows and _sections_recur(cells, start, body, layout)
    if not empty_rows and (merged_above or sections or _heading_under_labels(
            cells, start, body, period)):
        body -= 1
        merged.add(body)
    above = body - (0 if strict else _strays_under_header(cells, start, body, layout))
    header_rows = _header_rows(cells, start, above, period, strict)
    if not header_rows and not strict and _spaced_rows(cells, start, body, layout):
        header_rows = _header_rows(cells, start, above - period, period)
    if strict and not header_rows and not _headerless_rhythm(cells, start, layout):
        return None
    rows = [*header_rows]
    left_out: list[tuple[int, str]] = []
    position = body
    irregular, stray = dict(layout.irregular), dict(layout.stray)
    two_labels = _second_label_column(cells, layout)
    valued = _valued_columns(cells, layout)
    kinds, texts = [cell.kind for cell in cells], [cell.text for cell in cells]
    label_start: StreamCell | None = None
    while position < layout.end:
        if position in stray:
            position = stray[position]
            continue
        if position in merged:
            rows.append(_heading_row(cells[position], period))
            position += 1
            continue
        if position in irregular:
            segment, position = cells[position:irregular[position]], irregular[position]
            following = cells[min(position, len(cells) - 1)]  # the region may end here
            placed, label_start, doubt = _off_rhythm_row(
                segment, following, period, two_labels, sections,
                valued if position == len(cells) else None)
            rows += [_row(row) for row in placed]
            if doubt is not None:
                left_out.append(doubt)
                position += period if len(segment) == 1 else 0
            continue
        printed = cells[position:position + period]
        if label_start is not None:
            printed = [_joined_label(label_start, printed[0]), *printed[1:]]
            label_start = None
        if position in layout.swapped:
            printed = [printed[1], printed[0], *printed[2:]]  # the label moved right
        if position > body and (position in layout.carried or (
                not strict and _merged_down(kinds, texts, position, period))):
            above = rows[-1].cells[0]  # the merged label, carried down to this row
            printed = [StreamCell(above.text, above.text, above.line, above.line, TEXT),
                       *printed[1:]]
        rows += [_row(row) for row in (None if strict else (
            _unstack(printed) or _heading_over_label(printed))) or [printed]]
        position += period
    return RawBlock(CELLS, rows, explicit_header_rows=len(header_rows), left_out=left_out)


_HEADERLESS_STRICT_ROWS = 5  # without cell ends or a header, only a long rhythm is a grid


def _headerless_rhythm(cells: list[StreamCell], start: int, layout: _Layout) -> bool:
    """A grid with no header row in plain text (its header printed apart, or none): the
    column count then rests on the rhythm alone, so it must be unmistakable: five or more
    rows in a row, each a distinct label in words followed by values or empty cells only
    (no text where a value stands; with one value column, a value in every row), the
    rhythm unbroken, and no value just before it."""
    period = layout.period
    if layout.rows < _HEADERLESS_STRICT_ROWS or (
            layout.merged or layout.irregular or layout.stray or layout.swapped
            or layout.carried):
        return False
    if layout.body > start and cells[layout.body - 1].kind in (NUMBER, MARKER):
        return False
    # a label and one value: every row prints its value, or a blank may shift the pairs
    values = (NUMBER,) if period == 2 else (NUMBER, MARKER, BLANK)
    rows = [cells[first:first + period] for first in _row_starts(layout)]
    labels = [row[0].text.casefold() for row in rows]
    return all(row[0].kind == TEXT and all(cell.kind in values for cell in row[1:])
               for row in rows) and len(set(labels)) == len(labels)


def _second_label_column(cells: list[StreamCell], layout: _Layout) -> bool:
    """Column 1 prints no value in any row that keeps the rhythm while every column after
    it prints one somewhere: a second label column ("Service" beside "Agency"), so a row
    one cell short whose label is followed by values has them in one place only (its
    label merged over both label columns, as Word prints "Total" across them). A label
    column prints a label somewhere: a column 1 of empty cells only is a value column
    that no row fills, and a row one cell short beside it cannot be placed."""
    starts = _row_starts(layout)
    if layout.period < _MIN_RESYNC_PERIOD or len(starts) < _MIN_BODY_ROWS:
        return False
    rows = [cells[start:start + layout.period] for start in starts]
    if any(row[1].kind in (NUMBER, MARKER) for row in rows) or not any(
            row[1].kind == TEXT for row in rows):
        return False
    return all(any(row[column].kind in (NUMBER, MARKER) for row in rows)
               for column in range(2, layout.period))


def _sections_recur(cells: list[StreamCell], start: int, body: int, layout: _Layout) -> bool:
    """A short heading right above the first body row, after a header that fills the
    cells from the table's start exactly, while the rows below step over another such
    lone cell: sections merged across the table ("Statutory partners", then "Other
    partners"). Read as the header's last cell, the first would move every heading one
    column left; sections recur, a title over the header does not."""
    period, top = layout.period, body - 1
    if top - start < period or (top - start) % period or not _is_section(cells[top]) \
            or not _is_header(cells[top - period:top]):
        return False
    return any(after - first == 1 and _is_section(cells[first])
               for first, after in layout.irregular)


def _off_rhythm_row(segment: list[StreamCell], following: StreamCell, period: int,
                    two_labels: bool = False, sections: bool = False,
                    valued: frozenset[int] | None = None
                    ) -> tuple[list[list[StreamCell]], StreamCell | None,
                               tuple[int, str] | None]:
    """What a row off the rhythm gives: rows to add, the first half of the next row's
    label, and (line, why) when the row is left out. A lone cell of words is a label cut
    short ("Police and"), a note in brackets, or else a heading or a label's first half
    ("Local" | "Authority"): then the next row's label is in doubt and it is left out.
    `valued` (the columns printing a value in the rows above) is given for the table's
    last row when it is cut short: then it is placed by `_placed_last_row`."""
    first = segment[0]
    if len(segment) == 1 and _label_cut_short(first.text.casefold(),
                                              following.text.casefold()):
        return [], first, None
    if len(segment) == 1 and (_reads_as_note(first.text) or (sections and _is_section(
            first))):
        return [_heading_cells(first, period)], None, None
    if len(segment) == 1:
        return [], None, (following.line, f"row {following.text!r} follows a cell of its "
                          f"own ({first.text!r}): a heading or the first half of its label")
    placed = _placed_row(segment, period, two_labels)
    if placed is None and valued is not None and len(segment) < period:
        placed = _placed_last_row(segment, period, valued)
    if placed is not None:
        return [placed], None, None
    return [], None, (first.line, f"row {first.text!r} prints {len(segment)} cells where "
                      f"the table has {period} columns: its values cannot be placed")


def _placed_row(segment: list[StreamCell], period: int,
                two_labels: bool = False) -> list[StreamCell] | None:
    """A row off the rhythm put back in its columns when only one placement fits: "£"
    cells before amounts dropped, then one cell too many that is words among values (a
    note) dropped; a row a cell or two short is kept only when it prints no value (an
    empty cell dropped, or two merged, leaves its values without a column). None: the
    row is left out (its values are reported as not read), never guessed."""
    label, values = segment[0], _without_signs(segment[1:])
    if len(values) == period:
        words = [i for i, cell in enumerate(values) if cell.kind in (TEXT, PERIOD)]
        if len(words) != 1:
            return None
        values = values[:words[0]] + values[words[0] + 1:]
    if len(values) == period - 1:
        return [label, *values] if all(cell.kind in (NUMBER, MARKER, BLANK)
                                       for cell in values) else None
    if two_labels and len(values) == period - 2 and label.kind == TEXT and all(
            cell.kind in (NUMBER, MARKER, BLANK) for cell in values):
        return [label, StreamCell("", "", label.line, label.line, BLANK), *values]
    if len(values) < period - 1 and all(cell.kind == BLANK for cell in values):
        blank = StreamCell("", "", label.line, label.line, BLANK)
        return [label, *values, *[blank] * (period - 1 - len(values))]
    return None


def _valued_columns(cells: list[StreamCell], layout: _Layout) -> frozenset[int]:
    """The columns printing a value (a number or a marker) in a row that keeps the
    rhythm: where a row cut short may have a value at all."""
    rows = [cells[start:start + layout.period] for start in _row_starts(layout)]
    return frozenset(column for column in range(1, layout.period)
                     if any(row[column].kind in (NUMBER, MARKER) for row in rows))


def _placed_last_row(segment: list[StreamCell], period: int,
                     valued: frozenset[int]) -> list[StreamCell] | None:
    """The table's last row printed cells short (trailing empty cells not exported, or
    cells merged): its cells put in columns in printed order, a value only in a column
    that prints values in the rows above, an empty cell anywhere. Placed only when one
    placement fits (a "Total" whose amounts can only sit under the amount columns),
    else None: left out and reported, never guessed."""
    label, values = segment[0], _without_signs(segment[1:])
    if label.kind != TEXT or any(cell.kind not in (NUMBER, MARKER, BLANK)
                                 for cell in values):
        return None
    found = list(islice(_placements(values, 1, period, valued), 2))
    if len(found) != 1:
        return None
    blank = StreamCell("", "", label.line, label.line, BLANK)
    row = [label, *[blank] * (period - 1)]
    for cell, column in zip(values, found[0], strict=True):
        row[column] = cell
    return row


def _placements(values: list[StreamCell], first: int, period: int,
                valued: frozenset[int]) -> Iterator[tuple[int, ...]]:
    """Every placement of `values` in columns `first`..`period - 1`, in printed order,
    where a value sits in a valued column and an empty cell anywhere; the placements
    that differ only in where an empty cell sits count as one, as they read alike."""
    if not values:
        yield ()
        return
    head, rest = values[0], values[1:]
    if head.kind == BLANK:  # an empty cell reads alike in any column: take it next
        for tail in _placements(rest, first + 1, period, valued):
            yield (first, *tail)
        return
    for column in range(first, period - len(rest)):
        if column in valued:
            for tail in _placements(rest, column + 1, period, valued):
                yield (column, *tail)


def _without_signs(values: list[StreamCell]) -> list[StreamCell]:
    """Value cells without the currency signs printed as cells before an amount."""
    return [cell for index, cell in enumerate(values)
            if not (cell.text in CURRENCY_SIGNS and index + 1 < len(values)
                    and values[index + 1].kind in (NUMBER, MARKER, BLANK))]


def _reads_as_note(text: str) -> bool:
    """A cell of words that cannot start a label: a bracketed or starred note."""
    text = text.strip()
    return text.startswith(("(", "*", "[")) or text.endswith((")", "]"))


def _joined_label(start: StreamCell, rest: StreamCell) -> StreamCell:
    """A label split over two cells, read as one, cited on the line it starts on."""
    text = f"{start.text} {rest.text}"
    return StreamCell(text, f"{start.raw}\n{rest.raw}", start.line, rest.last_line, TEXT)


def _heading_row(cell: StreamCell, period: int) -> RawRow:
    """A merged sub-heading as a row of the table's width: its text, then empty cells."""
    return _row(_heading_cells(cell, period))


def _heading_cells(cell: StreamCell, period: int) -> list[StreamCell]:
    blank = StreamCell("", "", cell.line, cell.line, BLANK)
    return [cell, *([blank] * (period - 1))]


def _unstack(row: list[StreamCell]) -> list[list[StreamCell]] | None:
    """A Word row holding several rows stacked in its cells: a label cell of k paragraphs
    (or a heading and k), value cells of k paragraphs or k numbers on one line, each
    paragraph a value ("Other" over "YJB (JAC)", "YJB (Remand)" beside "£0" / "£0").
    It becomes k rows, each value cited on its own line; a value printed once stays on
    the heading's row. Anything less regular (one value wrapped over lines) is left."""
    labels = _paragraphs(row[0])
    if len(labels) < 2 or row[0].kind != TEXT:
        return None
    stacks: dict[int, list[tuple[int, str]]] = {}
    singles: list[int] = []
    for column, cell in enumerate(row[1:], start=1):
        parts = _stacked_values(cell)
        if parts is not None:
            stacks[column] = parts
        elif _paragraphs(cell) and cell.kind == BLANK:
            return None  # digits wrapped over lines: not a stack
        elif cell.kind != BLANK:
            singles.append(column)
    sizes = {len(parts) for parts in stacks.values()}
    if len(sizes) != 1 or len(labels) - (size := sizes.pop()) not in (0, 1):
        return None
    heading, names = (labels[0], labels[1:]) if len(labels) > size else (None, labels)
    if singles and heading is None:
        return None
    rows = []
    if heading is not None:
        rows.append([_part_cell(heading)] + [
            cell if column in singles else _part_cell((heading[0], ""))
            for column, cell in enumerate(row[1:], start=1)])
    for index, name in enumerate(names):
        rows.append([_part_cell(name)] + [
            _part_cell(stacks[column][index]) if column in stacks else _part_cell((name[0], ""))
            for column in range(1, len(row))])
    return rows


def _heading_over_label(row: list[StreamCell]) -> list[list[StreamCell]] | None:
    """A section heading Word printed as a paragraph between two rows lands in the next
    row's label cell ("OTHER GRANTS" over "Public Health"): a first paragraph in capitals
    over a label that is not. It becomes a heading row, then the row with its own label
    (cited on the label's line), so the heading neither renames the row nor is lost."""
    paragraphs = _paragraphs(row[0])
    if len(paragraphs) < 2 or row[0].kind != TEXT or not _is_capitals_heading(
            paragraphs[0][1]) or all(_is_capitals_heading(text) for _, text in paragraphs):
        return None
    if any(_stacked_values(cell) is not None for cell in row[1:]):
        return None
    heading = _part_cell(paragraphs[0])
    rest = paragraphs[1:]
    text = " ".join(part for _, part in rest)
    label = StreamCell(text, "\n".join(part for _, part in rest), rest[0][0], row[0].last_line,
                       cell_kind(text))
    return [_heading_cells(heading, len(row)), [label, *row[1:]]]


def _is_capitals_heading(text: str) -> bool:
    """Words in capitals, no figure: how a section heading is set apart from its rows.
    One short word in capitals is rather an acronym ("YJB" over "Practice Grant")."""
    letters = [ch for ch in text if ch.isalpha()]
    words = _WORD.findall(text)
    return ((len(words) >= 2 or len(letters) >= _MIN_HEADING_LETTERS)
            and not _DIGIT.search(text) and all(ch.isupper() for ch in letters)
            and len(text) <= _MAX_HEADER_CHARS)


def _paragraphs(cell: StreamCell) -> list[tuple[int, str]]:
    """The printed paragraphs of a cell with the line each is on."""
    parts = cell.raw.split("\n")
    first = cell.last_line - len(parts) + 1
    return [(first + index, part.strip()) for index, part in enumerate(parts) if part.strip()]


def _stacked_values(cell: StreamCell) -> list[tuple[int, str]] | None:
    """A cell's values when it stacks several: one per paragraph, or several numbers on
    one line ("13,462 40,000 17,000"); None for a single value, a blank or words."""
    paragraphs = _paragraphs(cell)
    if len(paragraphs) == 1:
        line, text = paragraphs[0]
        tokens = text.split()
        if len(tokens) >= 2 and all(cell_kind(token) == NUMBER for token in tokens):
            return [(line, token) for token in tokens]
        return None
    if len(paragraphs) >= 2 and all(cell_kind(text) in (NUMBER, MARKER)
                                    for _, text in paragraphs):
        return paragraphs
    return None


def _part_cell(part: tuple[int, str]) -> StreamCell:
    line, text = part
    return StreamCell(text, text, line, line, cell_kind(text))


def _strays_under_header(cells: list[StreamCell], start: int, body: int,
                         layout: _Layout) -> int:
    """Stray empty cells between the header and the first body row: read as the header's
    last cells, they would shift every heading one column left ("Agency" lost, "Staffing"
    over the labels). They are strays when, without them, the header rows fill the cells
    from the table's start exactly (with them they do not), the row above them is all
    labels, and either it ends in a label over a last column printing values, or it heads
    every column printing values where the row read with them leaves one unheaded (a
    table whose last columns print nothing: "" | "Cash" | "In kind" | "" | "")."""
    period = layout.period
    if (body - start) % period == 0:
        return 0  # the header rows fill the cells above the body: nothing is stray
    valued = _valued_columns(cells, layout)
    if not valued:
        return 0
    shifted_heads = _heads(cells[body - period:body], valued) if body - period >= start \
        else False
    for count in range(1, period):
        if body - count - period < start or cells[body - count].kind != BLANK:
            return 0
        header = cells[body - count - period:body - count]
        if (body - count - start) % period == 0 and _is_header(header) and (
                (period - 1 in valued and header[-1].kind != BLANK)
                or (_heads(header, valued) and not shifted_heads)):
            return count
    return 0


def _heads(header: list[StreamCell], columns: frozenset[int]) -> bool:
    """Whether a header row prints a heading over each of `columns`."""
    return all(header[column].kind != BLANK for column in columns)


def _spaced_rows(cells: list[StreamCell], start: int, body: int, layout: _Layout) -> bool:
    """A grid printed with a row of empty cells after every row, the header's too (a
    frame of spacer rows): the empty row right above the body parts the header from it
    as the others part the rows, so the header is the row above that one."""
    if body - 2 * layout.period < start or not all(
            cell.kind == BLANK for cell in cells[body - layout.period:body]):
        return False
    empty = [all(cell.kind == BLANK for cell in cells[row:row + layout.period])
             for row in range(layout.body, layout.end, layout.period)]
    return len(empty) >= 3 and empty[1::2] == [True] * len(empty[1::2]) \
        and not any(empty[::2])


def _row_starts(layout: _Layout) -> list[int]:
    """Where the layout's rows of `period` cells start (stray cells, merged headings and
    rows off the rhythm stepped over)."""
    stray, irregular = dict(layout.stray), dict(layout.irregular)
    starts, position = [], layout.body
    while position + layout.period <= layout.end:
        if position in stray or position in irregular:
            position = stray.get(position) or irregular[position]
        elif position in layout.merged:
            position += 1
        else:
            starts.append(position)
            position += layout.period
    return starts


def _section_rows(cells: list[StreamCell], layout: _Layout) -> bool:
    """Some body row is a label in words over empty cells (a section heading printed in
    the grid): then one just above the first row with values is the first section."""
    return any(cells[position].kind == TEXT and all(
        cell.kind == BLANK for cell in cells[position + 1:position + layout.period])
        for position in _row_starts(layout))


def _empty_rows_above(cells: list[StreamCell], start: int, body: int, period: int,
                      periods_only: bool = False) -> int:
    """Body rows with a label and no values ("Police" with nothing paid, or a period
    heading the rows below it: "2018/19") just above the first row with values: they
    belong to the table when a header row sits above them. Without cell ends
    (`periods_only`) only a period's row is taken: a label in words over empty lines
    may as well be a caption or a heading above the table, unless the body has such
    section rows too (`_section_rows`)."""
    labels = (PERIOD,) if periods_only else (TEXT, PERIOD)
    count = 0
    while body - (count + 1) * period >= start:
        row = cells[body - (count + 1) * period:body - count * period]
        if row[0].kind not in labels or any(cell.kind != BLANK for cell in row[1:]):
            break
        count += 1
    while count:  # keep only the empty rows that have a header right above them
        top = body - count * period
        above = cells[top - period:top]
        if top - period >= start and (_is_header(above) or _one_column_headed(above)):
            return count
        count -= 1
    return 0


def _header_rows(cells: list[StreamCell], start: int, body: int,
                 period: int, strict: bool = False) -> list[RawRow]:
    """Rows of header cells just above the body: whole rows of `period` cells, then an
    upper row of fewer merged cells spread over the columns it heads (`strict`: plain
    text, where a blank line may part a heading from the table as well as two cells)."""
    rows: list[RawRow] = []
    end = body
    while len(rows) < _MAX_HEADER_ROWS and end - period >= start:
        candidate = cells[end - period:end]
        if not (_is_header(candidate) or (not rows and _one_column_headed(candidate))):
            break
        if strict and rows and (candidate[-1].kind == BLANK or _parted_by_blanks(candidate)
                                or _merged_upper_within(cells, start, end, period, candidate)):
            break  # a blank line right above a header row parts headings from it
        rows.insert(0, _row(candidate))
        end -= period
    if not rows and end - (period - 1) >= start and _is_header(cells[end - period + 1:end]):
        stubless = cells[end - period + 1:end]  # year headings with no stub above the labels
        rows.insert(0, _row(stubless, offset=1))
        end -= period - 1
    if rows:
        upper = _upper_over_units(cells, start, end, period, rows[0])
        if upper is None:
            # the widest reading wins: equal groups under a year taken for the stub
            # ("2017/18" | "2018/19" over "£ £", "Variance" over "£ %") leave the real
            # stub ("Funding source") out, where unequal spans placed by the labels
            # under them take it in
            upper = _spread_upper(cells, start, end, period, strict)
            found = _spread_upper_by_lower(cells, start, end, period, rows[0], strict)
            if found is not None and (upper is None
                                      or _upper_first_line(found[0]) < _upper_first_line(upper)):
                upper, rows[0] = found
        upper = upper or _upper_title(cells, start, end, period, strict)
        if upper is not None:
            rows.insert(0, upper)
    return rows


def _merged_upper_within(cells: list[StreamCell], start: int, end: int, period: int,
                         candidate: list[StreamCell]) -> bool:
    """In plain text, a row's worth of cells above a header row that prints an empty line
    among its labels (a caption between empty lines, then "Role" | "Temporary" | "Fixed-
    term") while its last cells read as an upper header of merged cells over equal
    groups of the row below: the empty lines part paragraphs, and the cells before the
    upper header are headings above the table, not a header row of it. Taken whole, the
    row would put the caption over the first columns and each group's heading one group
    right of its own."""
    printed = [index for index, cell in enumerate(candidate) if cell.kind != BLANK]
    if not any(candidate[index].kind == BLANK for index in range(printed[0], printed[-1])):
        return False
    return _spread_upper(cells, start, end, period, strict=True) is not None


def _upper_first_line(row: RawRow) -> int:
    """Where an upper header row starts: of two readings, the one starting higher took
    in more of the cells above the header."""
    return min(cell.line for cell in row.cells)


def _parted_by_blanks(cells: list[StreamCell]) -> bool:
    """Words, two or more empty lines, then labels (a title, an empty paragraph and the
    empty stub above "Our area" "Family" ...): in plain text the words are a heading
    above the table, not an upper header row (a web table prints a merged heading once,
    with no empty cells after it)."""
    printed = [index for index, cell in enumerate(cells) if cell.kind != BLANK]
    return any(later - earlier > 2 for earlier, later in pairwise(printed))


def _upper_over_units(cells: list[StreamCell], start: int, end: int, period: int,
                      lower: RawRow) -> RawRow | None:
    """Labels, one per value column, printed without a stub cell above a header row
    whose value columns all print the same unit ("Staffing costs", "Payments in kind",
    "Total" over "£", "£", "£"; or "£ 2019/20"): each label heads the column below it."""
    units = {cell.text.casefold() for cell in lower.cells if cell.column > 0}
    if len(units) != 1 or not next(iter(units)) or len(lower.cells) != period \
            or end - (period - 1) < start:
        return None
    upper = cells[end - period + 1:end]
    if not all(cell.kind in (TEXT, PERIOD) for cell in upper) or not _is_header(upper):
        return None
    return _row(upper, offset=1)


def _upper_title(cells: list[StreamCell], start: int, end: int, period: int,
                 strict: bool = False) -> RawRow | None:
    """An upper header whose merged cells cannot be spread evenly ("First Time Entrant
    Rate" over three columns, "Ranking" over two): its first label, at the table's top
    left, names the table, so it becomes the title row; the others are left unplaced.
    In plain text (`strict`) labels a blank line parts from the header are headings
    above the table (its caption among them), not a row of it."""
    upper = cells[start:end]
    printed = [cell for cell in upper if cell.kind != BLANK]
    if not 0 < len(upper) < period or not printed or printed[0].kind != TEXT \
            or not _is_header(upper) or (strict and upper[-1].kind == BLANK):
        return None
    if sum(cell.kind == PERIOD or find_financial_year(cell.text, allow_short=True,
                                                      allow_words=True) is not None
           for cell in printed[1:]) >= 2:
        return None  # years over columns no one can tell: not a title, no row of the table
    return RawRow(printed[0].line, [RawCell.make(printed[0].text, 0, printed[0].line)])


def _one_column_headed(cells: list[StreamCell]) -> bool:
    """A two-cell header row with an empty stub over the labels ("" | "Number"): the one
    value column's heading, which `_is_header`'s two printed labels would miss."""
    return (len(cells) == 2 and cells[0].kind == BLANK and cells[1].kind == TEXT
            and len(cells[1].text) <= _MAX_HEADER_CHARS)


def headings_with_a_worded_marker(texts: list[str], kinds: list[str]) -> bool:
    """A line of headings may name one column by a marker in words ("Not known" beside
    "White British", "Mixed"): one such marker, no other value, and two or more labels
    in words (a row's label and its markers have one)."""
    markers = [text for text, kind in zip(texts, kinds, strict=True) if kind == MARKER]
    return (len(markers) == 1 and len(_WORD.findall(markers[0])) >= 2
            and NUMBER not in kinds and kinds.count(TEXT) >= 2)


def _is_header(cells: list[StreamCell]) -> bool:
    """Labels (text, periods or blanks) with at least two of them printed."""
    if any(cell.kind in (NUMBER, MARKER) for cell in cells) and not \
            headings_with_a_worded_marker([c.text for c in cells], [c.kind for c in cells]):
        return False
    printed = [cell for cell in cells if cell.kind != BLANK]
    return len(printed) >= 2 and all(len(cell.text) <= _MAX_HEADER_CHARS for cell in printed)


def _spread_upper(cells: list[StreamCell], start: int, end: int,
                  period: int, strict: bool = False) -> RawRow | None:
    """An upper header of merged cells: a stub, then labels each over an equal group of
    the value columns (role over Part-time/Full-time, year over cost types)."""
    for size in range(min(end - start, period + 1), 2, -1):  # the widest reading first
        candidate = cells[end - size:end]
        labels = [cell for cell in candidate[1:] if cell.kind != BLANK]
        if not labels or not _is_header(candidate[1:]) or candidate[0].kind in (NUMBER, MARKER):
            continue  # the stub may be long: a sentence there becomes the title
        if strict and len(labels) != size - 1:
            continue  # a blank line among the labels may be a paragraph break
        for cells_read in _upper_cells(candidate[1:], strict):
            spans = _upper_spans(cells[end:end + period], cells_read, period)
            if spans is not None:
                return _upper_row(candidate[0], cells_read, spans)
    return None


def _upper_cells(upper: list[StreamCell], strict: bool) -> list[list[StreamCell]]:
    """The cells of an upper header row that head columns, in the order tried. With cell
    ends an empty cell is a cell: it heads a column (the empty heading over a second
    label column) and dropping it would move every label after it over the wrong
    columns. Only empty cells after the last label may be no column (a row's stray end)."""
    printed = upper[:max(i for i, cell in enumerate(upper) if cell.kind != BLANK) + 1]
    if strict or len(printed) == len(upper):
        return [printed]
    return [upper, printed]


def _upper_spans(lower: list[StreamCell], labels: list[StreamCell],
                 period: int) -> list[tuple[int, int]] | None:
    """Where each upper label goes: equal groups of the value columns, or the groups the
    sub-headings below show (`_spans_over`), when the sub-headings agree with them."""
    for group in (2, 3, 4):
        if len(labels) * group == period - 1:
            spans = [(1 + index * group, group) for index in range(len(labels))]
            if _groups_agree(lower, spans):
                return spans
    spans = _spans_over(lower, len(labels))
    return spans if spans is not None and _groups_agree(lower, spans) else None


def _groups_agree(lower: list[StreamCell], spans: list[tuple[int, int]]) -> bool:
    """Whether the sub-headings under the upper labels' spans could be each span's: a
    sub-heading printed under two spans ("Total") stands at the same place in both.
    "Total" "Staffing" | "In kind" "Total" is no year's pair of columns: one year over
    "Total" and the next over three columns, its total last (spans of unequal widths,
    which a Word export does not print)."""
    places: dict[str, set[int]] = {}
    for first, size in spans:
        for offset in range(size):
            cell = lower[first + offset] if first + offset < len(lower) else None
            if size > 1 and cell is not None and cell.kind != BLANK:
                places.setdefault(cell.text.casefold(), set()).add(offset)
    return all(len(found) == 1 for found in places.values())


def _upper_row(stub: StreamCell, labels: list[StreamCell],
               spans: list[tuple[int, int]]) -> RawRow:
    row_cells = [RawCell.make(stub.text, 0, stub.line)]
    row_cells += [RawCell.make(cell.text, first, cell.line, colspan=size)
                  for cell, (first, size) in zip(labels, spans, strict=True)]
    return RawRow(min(c.line for c in [stub, *labels]), row_cells)


def _spans_over(lower: list[StreamCell], count: int) -> list[tuple[int, int]] | None:
    """The columns each of `count` upper labels heads, read from the header row below:
    a run of printed sub-headings ("PT", "FT", "PT", "FT") splits into equal groups, one
    per label; an empty cell below (a heading merged down, "Sessional", "Total") is a
    column of its own. None unless that gives exactly `count` spans."""
    for group in (2, 3, 4):
        spans: list[tuple[int, int]] = []
        column = 1
        while column < len(lower):
            if lower[column].kind == BLANK:
                spans.append((column, 1))
                column += 1
                continue
            run = _run_of(lower, column, len(lower), (TEXT, PERIOD))
            if run % group:
                break
            spans += [(column + n * group, group) for n in range(run // group)]
            column += run
        else:
            if len(spans) == count and any(size > 1 for _, size in spans):
                return spans
    return None


def _spread_upper_by_lower(cells: list[StreamCell], start: int, end: int, period: int,
                           lower: RawRow, strict: bool = False
                           ) -> tuple[RawRow, RawRow] | None:
    """An upper header of merged cells of unequal widths ("Custody" over one column,
    "Total caseload" over "Number" and "Percentage"), placed by the labels under it: a
    label repeated in adjacent columns starts a new merged cell, and the labels under
    one merged cell share no word. Read only when exactly one placement fits. A lower
    row printed without its stub may have a long stub cell (a sentence, too long for a
    header) just above its labels: it becomes that row's stub. Returns the upper row
    and the lower row (with its stub). The upper row's stub cell may be empty where
    cells end in their own mark (not `strict`: there an empty cell is a cell, not a
    paragraph break)."""
    below = [cell.text for cell in sorted(lower.cells, key=lambda c: c.column)
             if cell.column > 0]
    if len(below) != period - 1 or not all(below):
        return None
    stub = None
    if lower.cells[0].column == 1 and end - 1 > start and cells[end - 1].kind == TEXT \
            and len(cells[end - 1].text) > _MAX_HEADER_CHARS:
        stub, end = cells[end - 1], end - 1
    stub_kinds = (TEXT,) if strict else (TEXT, BLANK)
    for labels in range(period - 2, 1, -1):  # the widest reading first
        candidate = cells[end - labels - 1:end]
        if end - labels - 1 < start or candidate[0].kind not in stub_kinds \
                or any(cell.kind not in (TEXT, PERIOD) for cell in candidate[1:]) \
                or not _is_header(candidate):
            continue
        spans = _merged_spans(below, labels)
        if spans is None:
            continue
        upper = [RawCell.make(candidate[0].text, 0, candidate[0].line)]
        column = 1
        for cell, span in zip(candidate[1:], spans, strict=True):
            upper.append(RawCell.make(cell.text, column, cell.line, colspan=span))
            column += span
        if stub is not None:
            made = RawCell.make(stub.text, 0, stub.line)
            lower = RawRow(min(lower.line, stub.line), [made, *lower.cells])
        return RawRow(min(c.line for c in candidate), upper), lower
    return None


def _merged_spans(below: list[str], groups: int) -> list[int] | None:
    """The one way of cutting the lower labels into `groups` runs of adjacent columns
    (a repeated label starts a new run, the labels of one run share no word); None when
    there is no such way or more than one. Ways are counted (at most two) per position."""
    words = [frozenset(_WORD.findall(text.casefold())) for text in below]
    size = len(below)

    def fits(first: int, last: int) -> bool:  # columns first..last (inclusive) as one run
        return all(not (words[a] & words[b]) and below[a].casefold() != below[b].casefold()
                   for a in range(first, last + 1) for b in range(a + 1, last + 1))

    @cache
    def ways(first: int, left: int) -> int:
        if left == 0:
            return int(first == size)
        total = 0
        for last in range(first, size - left + 1):
            if not fits(first, last):
                break
            total = min(2, total + ways(last + 1, left - 1))
        return total

    if ways(0, groups) != 1:
        return None
    spans, first = [], 0
    for left in range(groups, 0, -1):
        last = next(last for last in range(first, size - left + 1)
                    if ways(last + 1, left - 1) == 1 and fits(first, last))
        spans.append(last - first + 1)
        first = last + 1
    return spans


def _row(cells: list[StreamCell], offset: int = 0) -> RawRow:
    made = [RawCell.make(cell.text, offset + column, cell.line)
            for column, cell in enumerate(cells)]
    return RawRow(min(cell.line for cell in cells), made)
