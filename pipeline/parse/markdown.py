"""Markdown pipe tables: ``| a | b |`` rows, with or without a ``|---|`` separator.

Rows above the separator are the header rows. Without a separator, a run of at
least two lines that start with a pipe is still a table, and so is a run of lines
that split into the same number of short cells with no pipe at either end (a
copied web table); the structure heuristics decide the header. A pandoc grid table
(``+---+`` borders, ``+===+`` under the header) gives a row per bordered band, a cell
wrapped over the band's lines joined.
"""

from __future__ import annotations

import re

from pipeline.parse.raw import MARKDOWN, RawBlock, RawCell, RawRow
from pipeline.parse.rows import filled, is_data
from pipeline.parse.values import bars_as_letters

_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_GRID_BORDER = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
_TEXT_GAP = re.compile(r"[^\s|] {3,}[^\s|]")
_GLUED_PIPE = re.compile(r"\S\||\|\S")


def find_markdown_blocks(lines: list[str], masked: list[bool]) -> list[RawBlock]:
    """Every markdown pipe table of the text; masks the lines it uses."""
    blocks = []
    index = 0
    while index < len(lines):
        end = index
        while end < len(lines) and (_is_pipe_line(lines[end], masked[end + 1]) or (
                not masked[end + 1] and _GRID_BORDER.match(lines[end]))):
            end += 1
        if end > index:
            block = _block(lines, index, end)
            if block is not None:
                blocks.append(block)
                for number in range(index + 1, end + 1):
                    masked[number] = True
            index = end
        else:
            index += 1
    return blocks


def _is_pipe_line(line: str, masked: bool) -> bool:
    """A line with a "|" that parts cells: not one between two letters of a word, a scan's
    "l" ("Po|ice")."""
    return not masked and "|" in line and "\t" not in line and "|" in bars_as_letters(line)


def _block(lines: list[str], start: int, end: int) -> RawBlock | None:
    """Rows of a run of pipe lines (0-based ``start``..``end``), if it is a table."""
    run = lines[start:end]
    if any(_GRID_BORDER.match(line) for line in run):
        return _grid_block(run, start)
    if all(_bordered_spaced(line) for line in run):
        return None  # columns aligned by spaces between a scan's borders (spaced.py)
    separators = [i for i, line in enumerate(run) if _SEPARATOR.match(line) and "-" in line]
    leading_pipes = sum(1 for line in run if line.lstrip().startswith("|"))
    edges = _pipe_edges([line for i, line in enumerate(run) if i not in separators],
                        bool(separators))
    if not separators and leading_pipes < 2 and not _loose_grid(run, edges):
        return None
    rows: list[RawRow] = []
    header = None
    for offset, line in enumerate(run):
        if offset in separators:
            if header is None:
                header = len(rows)
            continue
        rows.append(RawRow(start + offset + 1, _cells(line, start + offset + 1, edges)))
    if len(rows) < 2:
        return None
    return RawBlock(MARKDOWN, rows, explicit_header_rows=_converted_header(rows, header) or None)


_MAX_HEADER_ROWS = 3


def _converted_header(rows: list[RawRow], header: int | None) -> int | None:
    """A separator under the first row is where converters put it whatever the table's
    header is (markitdown prints a table's first row above the line, a second header row
    below it), so the rows settle it: a first row that reports a number is a body row
    of a table without header, and a row under the line that heads columns (an empty
    stub, two or more labels, no value) is a header row too."""
    if header != 1:
        return header
    if is_data(rows[0]):
        return 0
    count = 1
    while count < min(len(rows) - 1, _MAX_HEADER_ROWS) and (
            _heads_columns(rows[count])
            or _units_over_values(rows[0], rows[count], rows[count + 1])):
        count += 1
    return count


def _heads_columns(row: RawRow) -> bool:
    return (bool(row.cells) and not row.cells[0].text and len(filled(row)) >= 2
            and not is_data(row))


_UNIT_WORDS = 3


def _units_over_values(first: RawRow, row: RawRow, below: RawRow) -> bool:
    """A row under the line that labels every value column in a word or two ("Number" |
    "Percentage"), its stub saying what is counted, right above a row of values, under
    a first row that leaves a value column's heading empty (a heading merged over two
    columns, printed once): the second header row (a converter prints only the first
    above the line)."""
    labels = row.cells[1:]
    return (len(labels) >= 2 and all(cell.text and len(cell.text.split()) <= _UNIT_WORDS
                                     for cell in labels)
            and any(not cell.text for cell in first.cells[1:len(row.cells)])
            and not is_data(row) and is_data(below))


def _bordered_spaced(line: str) -> bool:
    """A line whose pipes all stand alone (a scan's borders, "| Permanent    3  |  12 |")
    and whose cells are parted by runs of spaces with no pipe in them: columns aligned by
    spaces (spaced.py), not pipe cells (padded pipe cells meet a pipe after the spaces)."""
    return bool(_TEXT_GAP.search(line)) and not _GLUED_PIPE.search(line)


def _grid_block(run: list[str], start: int) -> RawBlock | None:
    """A pandoc grid table: each band of lines between borders is one row, its cells
    joined over the band's lines (each cited on the first line it is printed on); the
    rows above a ``+===+`` border are the header."""
    rows: list[RawRow] = []
    header = None
    band: list[tuple[int, list[RawCell]]] = []
    for offset, line in enumerate([*run, "+-+"]):
        if not _GRID_BORDER.match(line):
            if "|" in line:
                band.append((start + offset + 1, _cells(line, start + offset + 1)))
            continue
        if band:
            rows.append(_band_row(band))
            band = []
        if "=" in line and header is None:
            header = len(rows)
    if len(rows) < 2:
        return None
    block = RawBlock(MARKDOWN, rows, explicit_header_rows=header or None)
    block.extent = (start + 1, start + len(run))  # the borders above and below too
    return block


def _band_row(band: list[tuple[int, list[RawCell]]]) -> RawRow:
    """One row from a band's lines: each column's texts joined, on its first text line."""
    width = max(len(cells) for _, cells in band)
    cells = []
    for column in range(width):
        printed = [(number, cells[column].raw.strip()) for number, cells in band
                   if column < len(cells) and cells[column].raw.strip()]
        number = printed[0][0] if printed else band[0][0]
        cells.append(RawCell.make(" ".join(text for _, text in printed), column, number))
    return RawRow(band[0][0], cells)


def _pipe_edges(run: list[str], separated: bool = True) -> tuple[bool, bool]:
    """Whether the rows' pipes at the start, and at the end, are borders: only when every
    row prints one there. In loose rows ("Gateshead FTEs | 2015/16") a row starting or
    ending with a pipe starts or ends with an empty cell (" | Wigan | England" over
    "2017/18 | 12.1 | 10.4"). Borders come in pairs: without a ``|---|`` line, rows that
    all start with a pipe but do not all end with one ("| 2015/16 | 2016/17" over
    "| 26 | 20") start with an empty stub, and the other way round."""
    lead = all(line.lstrip().startswith("|") for line in run)
    trail = all(line.rstrip().endswith("|") and not line.rstrip().endswith("\\|")
                for line in run)
    if not separated and lead != trail:
        return False, False
    return lead, trail


def _loose_grid(run: list[str], edges: tuple[bool, bool]) -> bool:
    """Pipe rows with no leading pipe and no separator ("Gateshead FTEs | 2015/16"):
    a table when at least two lines split into the same number of short cells."""
    widths = {len(_cells(line, 0, edges)) for line in run}
    if len(run) < 2 or len(widths) != 1 or widths == {1}:
        return False
    lines = [[len(part.strip()) for part in _UNESCAPED_PIPE.split(line)] for line in run]
    if _headed_text_grid(lines):
        return True
    return all(max(sizes) <= _LOOSE_LONG_CELL_CHARS
               and sum(size > _LOOSE_CELL_CHARS for size in sizes) <= 1 for sizes in lines)


def _headed_text_grid(lines: list[list[int]]) -> bool:
    """Rows of three or more cells under a line of short headings ("Activity | Outcome |
    Costs" over rows describing each activity at length): a plan's table of work and
    what it costs, whose cells may each hold a paragraph. Prose never splits line after
    line into the same three or more parts under a line of labels."""
    heading, *rows = lines
    return (len(heading) >= _MIN_HEADED_CELLS and bool(rows)
            and all(0 < size <= _LOOSE_CELL_CHARS for size in heading)
            and all(max(sizes) <= _MAX_HEADED_CELL_CHARS for sizes in rows))


# Cells of loose rows are short; one cell a row may be long (a row label naming its
# measure in full, a cell listing what a partner gives in kind), never a paragraph;
# under a line of short headings of three or more columns, any cell may be a paragraph.
_LOOSE_CELL_CHARS = 80
_LOOSE_LONG_CELL_CHARS = 300
_MIN_HEADED_CELLS = 3
_MAX_HEADED_CELL_CHARS = 1000


def _cells(line: str, number: int, edges: tuple[bool, bool] = (True, True)) -> list[RawCell]:
    body = line.strip()
    if edges[0] and body.startswith("|"):
        body = body[1:]
    if edges[1] and body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    parts = _UNESCAPED_PIPE.split(body)
    return [
        RawCell.make(part.replace("\\|", "|"), column, number) for column, part in enumerate(parts)
    ]
