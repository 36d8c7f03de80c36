"""Rows a scan printed short put in their columns by the table's own sums (issue 15).

A scanned table prints no empty cell: a row of fewer values than the header has
headings could have lost any of them (which column is each value's?). When the table
prints its sums (a last row "Total" with every column's sum, and, under a last heading
"Total", each row's values summing to its last), every placement of the short rows'
values, in their order, is tried; the rows are placed only when exactly one placement
makes every sum hold. Used for single-spaced rows (:mod:`pipeline.parse.wordrows`) and
space-aligned rows whose values sit under no heading (:mod:`pipeline.parse.spaced`).
"""

from __future__ import annotations

import itertools
import math

from pipeline.parse.raw import RawCell, RawRow
from pipeline.parse.values import SUPPRESSED, read_cell

_MAX_PLACINGS = 100_000  # ways to place a table's short rows tried against its sums


def placed_by_sums(run: list[RawRow], width: int, last_heading: str) -> list[RawRow] | None:
    """Rows of a label then values in order, the last a "Total" row of `width` values,
    with the short rows' values put in their columns where the sums leave one way only
    (see the module's docstring); None when they leave none or several."""
    if not run:
        return None
    *body, total = run
    sums = _amounts(total.cells[1:])
    if len(total.cells) != width + 1 or total.cells[0].text.casefold() != "total" \
            or sums is None or any(len(row.cells) > width + 1 for row in body):
        return None
    by_total = last_heading.split()[-1:] == ["Total"]
    choices = [_placings(row, width, by_total) for row in body]
    if any(not choice for choice in choices) or math.prod(map(len, choices)) > _MAX_PLACINGS \
            or all(len(row.cells) == width + 1 for row in body):
        return None
    found = [placing for placing in itertools.product(*choices)
             if all(abs(sum(spread[column] for _, spread in placing) - sums[column]) < 1e-6
                    for column in range(width))]
    if len(found) != 1:
        return None
    return [_placed(row, columns) for row, (columns, _) in zip(body, found[0], strict=True)
            ] + [total]


def _amounts(cells: list[RawCell]) -> list[float] | None:
    """The cells' values, a mark of nothing ("-") as 0; None when one is not a plain
    number (a damaged value, a note, a percentage)."""
    values = []
    for cell in cells:
        read = read_cell(cell.text)
        if (read.value is None and read.status != SUPPRESSED) or "%" in cell.text:
            return None
        values.append(read.value or 0.0)
    return values


def _placings(row: RawRow, width: int,
              by_total: bool) -> list[tuple[tuple[int, ...], list[float]]]:
    """Every spread of a row's values over `width` columns, in their order (0 where a
    column is left empty), whose values sum to its last under a "Total" heading: the
    columns taken, and the column values."""
    values = _amounts(row.cells[1:])
    if values is None:
        return []
    spreads = []
    for columns in itertools.combinations(range(width), len(values)):
        spread = [0.0] * width
        for column, value in zip(columns, values, strict=True):
            spread[column] = value
        if not by_total or abs(sum(spread[:-1]) - spread[-1]) < 1e-6:
            spreads.append((columns, spread))
    return spreads


def _placed(row: RawRow, columns: tuple[int, ...]) -> RawRow:
    """A row's value cells moved to the columns of its one placing."""
    cells = [row.cells[0]] + [RawCell.make(cell.raw, column + 1, row.line)
                              for cell, column in zip(row.cells[1:], columns, strict=True)]
    return RawRow(row.line, cells)
