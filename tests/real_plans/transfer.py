"""Rendering transfer: the tables the pipeline reads in a real plan, printed again in
every other rendering published text comes in, spliced back in place of their lines.

Recall on real plans is measured on the renderings they happen to come in (mostly Word
text exports, one cell per line). Issue 15 asks for the same tables read in every
rendering (columns aligned by spaces, loose pipes, markdown, HTML, tab-separated, web text
with one cell per line, headers wrapped over two lines). This module takes a parsed
table's grid (cell texts and their positions), prints it in one of those renderings,
replaces the table's lines of the document with it, and says on which new line each
original cell is printed, so the hand-read numbers can be scored on their new lines.
Everything stays in memory: no plan text is written anywhere.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline.parse.model import Table

Position = tuple[int, int]  # (row, column) of a cell in its table's grid
# a value a layout prints right-aligned: a number, or a marker in a number's place
_NUMBER = re.compile(r"^(?:(?=.*\d)[£(\-]{0,2} ?[\d][\d ,.]*[%)kKmM]?|[-\u2013*x]|n/?a)$",
                     re.IGNORECASE)
GAP = 3  # spaces between aligned columns (pdftotext prints two or more)


@dataclass(frozen=True)
class Grid:
    """What a person reads in a table: cell texts by position, spans and header rows."""

    texts: tuple[tuple[str, ...], ...]
    header_rows: int
    covered_left: frozenset[Position]  # positions inside a span, right of its first cell
    covered_up: frozenset[Position]  # positions inside a span, below its first row
    spans: dict[Position, tuple[int, int]]  # (colspan, rowspan) of each spanning cell

    @classmethod
    def of(cls, table: Table) -> Grid:
        """The parser's model of a table as printable texts."""
        texts = [["" for _ in range(table.n_columns)] for _ in range(table.n_rows)]
        left, up, spans = set(), set(), {}
        for cell in table.cells:
            texts[cell.row][cell.column] = cell.text
            if cell.colspan > 1 or cell.rowspan > 1:
                spans[(cell.row, cell.column)] = (cell.colspan, cell.rowspan)
            for row in range(cell.row, cell.row + cell.rowspan):
                for column in range(cell.column, cell.column + cell.colspan):
                    if column > cell.column and row == cell.row:
                        left.add((row, column))
                    elif row > cell.row:
                        up.add((row, column))
        return cls(tuple(tuple(row) for row in texts), table.header_rows,
                   frozenset(left), frozenset(up), spans)


@dataclass(frozen=True)
class Printed:
    """One printed line: its text, the line end it had before normalising ("\\r" for a
    Word table cell), and the grid cells printed on it."""

    text: str
    end: str = "\n"
    cells: tuple[Position, ...] = ()


def _row_lines(grid: Grid, line: Callable[[int, tuple[str, ...]], str]) -> list[Printed]:
    return [Printed(line(r, row), cells=tuple((r, c) for c in range(len(row))))
            for r, row in enumerate(grid.texts)]


def tsv(grid: Grid) -> list[Printed]:
    """Tab-separated rows, an empty cell as an empty field."""
    return _row_lines(grid, lambda _, row: "\t".join(row))


def markdown(grid: Grid) -> list[Printed]:
    """Pipe rows with a ``|---|`` line under the first row (as markitdown prints a Word
    table: a second header row becomes a body row)."""
    lines = _row_lines(grid, lambda _, row: "| " + " | ".join(row) + " |")
    separator = "|" + "|".join("---" for _ in grid.texts[0]) + "|"
    return [lines[0], Printed(separator), *lines[1:]]


def loose_pipes(grid: Grid) -> list[Printed]:
    """Pipe rows without the outer pipes and without a ``|---|`` line."""
    return _row_lines(grid, lambda _, row: " | ".join(row).strip())


def html_table(grid: Grid) -> list[Printed]:
    """A web page's table, a ``<tr>`` a line: ``<th>`` in header rows, spans as
    ``colspan``/``rowspan``, nothing printed for covered positions."""
    def cell(r: int, c: int, text: str) -> str:
        tag = "th" if r < grid.header_rows else "td"
        colspan, rowspan = grid.spans.get((r, c), (1, 1))
        attributes = (f' colspan="{colspan}"' if colspan > 1 else "") + (
            f' rowspan="{rowspan}"' if rowspan > 1 else "")
        return f"<{tag}{attributes}>{html.escape(text)}</{tag}>"
    covered = grid.covered_left | grid.covered_up
    rows = _row_lines(grid, lambda r, row: "<tr>" + "".join(
        cell(r, c, text) for c, text in enumerate(row) if (r, c) not in covered) + "</tr>")
    return [Printed("<table>"), *rows, Printed("</table>")]


def _widths(texts: Sequence[Sequence[str]], spans: dict[Position, int]) -> list[int]:
    """Each column as wide as its widest cell; a heading spanning columns widens them
    evenly when it is wider than they are together."""
    widths = [max((len(row[c]) for r, row in enumerate(texts) if (r, c) not in spans),
                  default=0) for c in range(len(texts[0]))]
    for (r, c), colspan in spans.items():
        missing = len(texts[r][c]) - sum(widths[c:c + colspan]) - GAP * (colspan - 1)
        for column in range(c, c + colspan):
            widths[column] += max(0, -(-missing // colspan))
    return widths


def _aligned(texts: Sequence[Sequence[str]], widths: list[int], r: int,
             spanning: frozenset[Position]) -> str:
    out = ""
    for c, text in enumerate(texts[r]):
        start = sum(widths[:c]) + GAP * c
        if text and _NUMBER.match(text) and (r, c) not in spanning:
            text = text.rjust(widths[c])
        out = out.ljust(start) + text if text else out
    return out.rstrip()


def spaced(grid: Grid) -> list[Printed]:
    """Columns aligned by runs of spaces as ``pdftotext -layout`` prints them: numbers
    right-aligned, texts left-aligned, empty cells printed as nothing, a spanning heading
    at the start of its span."""
    spans = {p: colspan for p, (colspan, _) in grid.spans.items() if colspan > 1}
    widths = _widths(grid.texts, spans)
    return [Printed(_aligned(grid.texts, widths, r, frozenset(spans)),
                    cells=tuple((r, c) for c in range(len(row))))
            for r, row in enumerate(grid.texts)]


def _halves(text: str) -> tuple[str, str]:
    """A heading broken at the word boundary nearest its middle."""
    words = text.split(" ")
    if len(words) < 2:
        return text, ""
    cut = min(range(1, len(words)),
              key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))))
    return " ".join(words[:cut]), " ".join(words[cut:])


def wrapped_headers(grid: Grid) -> list[Printed]:
    """``spaced``, with every header row printed over two lines: each heading of two or
    more words wrapped in its column, as narrow PDF columns print them."""
    header = grid.texts[:grid.header_rows]
    printed: list[tuple[str, ...]] = []
    origin: list[int] = []
    for r, row in enumerate(header):
        halves = [_halves(text) for text in row]
        printed += [tuple(a for a, _ in halves), tuple(b for _, b in halves)]
        origin += [r, r]
    printed += list(grid.texts[grid.header_rows:])
    origin += list(range(grid.header_rows, len(grid.texts)))
    spans = {(i, c): grid.spans[(r, c)][0] for i, r in enumerate(origin)
             for c in range(len(printed[0])) if grid.spans.get((r, c), (1, 1))[0] > 1}
    widths = _widths(printed, spans)
    lines = []
    for i, r in enumerate(origin):
        if any(printed[i]) or r >= grid.header_rows:
            cells = tuple((r, c) for c in range(len(printed[i])))
            lines.append(Printed(_aligned(printed, widths, i, frozenset(spans)), cells=cells))
    return lines


def _cell_lines(grid: Grid, end: str) -> list[Printed]:
    """Each printed cell on a line of its own, row by row; a horizontal span printed once,
    a position under a vertical span printed empty (as Word's text export does)."""
    return [Printed(text, end, ((r, c),)) for r, row in enumerate(grid.texts)
            for c, text in enumerate(row) if (r, c) not in grid.covered_left]


def one_cell_per_line(grid: Grid) -> list[Printed]:
    """Text copied from a web page or a written answer: a cell a line, an empty cell an
    empty line, no cell ends."""
    return _cell_lines(grid, "\n")


def word_export(grid: Grid) -> list[Printed]:
    """A Word "text only" export: a lone CR after each cell, a paragraph end after."""
    return [*_cell_lines(grid, "\r"), Printed("")]


RENDERINGS: dict[str, Callable[[Grid], list[Printed]]] = {
    "word_export": word_export,
    "spaced": spaced,
    "wrapped_headers": wrapped_headers,
    "loose_pipes": loose_pipes,
    "markdown": markdown,
    "html": html_table,
    "tsv": tsv,
    "one_cell_per_line": one_cell_per_line,
}


@dataclass(frozen=True)
class Spliced:
    """A document with some tables printed again: its raw text (line ends as read, so
    ingest finds Word cell ends again), where each grid cell now is, and the new line
    span of each re-printed table."""

    raw: str
    cell_lines: dict[tuple[int, Position], int]  # (table index, position) -> new line
    spans: dict[int, tuple[int, int]]  # table index -> (first, last) new line


def splice(lines: Sequence[str], cell_breaks: frozenset[int], tables: Sequence[Table],
           render: Callable[[Grid], list[Printed]]) -> Spliced:
    """The document with each of `tables` (no two sharing a line) printed by `render` in
    place of its lines, a blank line before and after; a title line inside the table's
    lines that is no cell is kept above it."""
    regions = {t.first_line: t for t in tables}
    out: list[Printed] = []
    where: dict[tuple[int, Position], int] = {}
    spans: dict[int, tuple[int, int]] = {}
    number = 1
    while number <= len(lines):
        table = regions.get(number)
        if table is None:
            out.append(Printed(lines[number - 1], "\r" if number in cell_breaks else "\n"))
            number += 1
            continue
        cell_rows = {cell.source_line for cell in table.cells}
        kept = [Printed(lines[n - 1]) for n in range(table.first_line, table.last_line + 1)
                if n == table.title_line and n not in cell_rows]
        printed = [*kept, Printed(""), *render(Grid.of(table)), Printed("")]
        first = len(out) + 1
        for offset, item in enumerate(printed):
            for position in item.cells:
                where.setdefault((table.index, position), first + offset)
        out += printed
        spans[table.index] = (first, len(out))
        number = table.last_line + 1
    # a paragraph end written as CRLF, so that a cell's lone CR before it stays one
    return Spliced("".join(item.text + ("\r\n" if item.end == "\n" else item.end)
                           for item in out), where, spans)
