"""Space-aligned rows whose values a scan's text layer printed on a line of their own.

Character recognition may set a row's numbers a little lower or higher than its label,
and `pdftotext -layout` then prints them on the line under or over it:

    Youth Rehabilitation Order                      Use of custody rate per 1,000
                                  36                                 0.48    0.18
    Detention and Training Order                    Jan 18 - Dec 18
                                  49                                 0.76    0.46
                                                    Jan 17 - Dec 17

Under a header line, a run of lines of labels only, of values only and of whole rows is
read when every line of values has a line of labels on the same side (all under, or all
over, their label), so that each value line is one label's. When both sides would do,
the side whose labels are all of one kind (all periods, or all names) is taken, the
other lines of labels being headings over the rows (left as rows of their own, a heading
wrapped over lines joined); else nothing is read. The values go under the headings they
are printed beneath (see :mod:`pipeline.parse.underheadings`).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.parse.cellstream import MARKER, NUMBER, cell_kind
from pipeline.parse.raw import RawBlock, RawCell, RawRow
from pipeline.parse.underheadings import Span, headed_layout

STACKED = "spaced"
_MIN_STACKED = 2  # value lines printed apart from their labels, for a table to be read
_LABEL_SLACK = 2  # characters a label may start right of the header's stub


@dataclass
class _Line:
    number: int
    labels: list[Span]
    values: list[Span]


def stacked_block(header: tuple[int, list[Span]], lines: list[tuple[int, list[Span]]]
                  ) -> RawBlock | None:
    """The table under `header` (a line of a stub heading and column headings), read from
    the lines below it (each line's number and cells) up to the first that is no row's,
    or None."""
    stub, *columns = header[1]
    if not columns or stub.end >= columns[0].start:
        return None
    read: list[_Line] = []
    for n, parts in lines:  # up to the first line that is not a row's
        line = _line(n, parts, stub, columns[0].start)
        if line is None:
            break
        read.append(line)
    rows = _paired(read)
    if rows is None:
        return None
    layout = headed_layout([header], columns[0].start,
                           [values for *_, values in rows if values], min_heads=1)
    if layout is None:
        return None
    placed = iter(layout.placed)
    raw = [RawRow(line, [RawCell.make(text, column, line, colspan=span)
                         for text, column, span in cells]) for line, cells in layout.header]
    for label_line, labels, value_line, values in rows:
        cells = [RawCell.make(" ".join(part.text for part in labels), 0, label_line)]
        if values:
            cells += [RawCell.make(part.text, column, value_line)
                      for column, part in sorted(next(placed).items())]
        raw.append(RawRow(label_line, cells))
    return RawBlock(STACKED, raw, explicit_header_rows=len(layout.header))


def _line(number: int, parts: list[Span], stub: Span, first_column: int) -> _Line | None:
    """A line of labels (at the stub, left of the columns), of values (right of the
    stub) or both; None for anything else."""
    kinds = [cell_kind(part.text) for part in parts]
    values = [part for part, kind in zip(parts, kinds, strict=True) if kind in (NUMBER, MARKER)]
    labels = parts[:len(parts) - len(values)]
    if not parts or parts[len(labels):] != values or (NUMBER not in kinds and not labels):
        return None
    if labels and (abs(labels[0].start - stub.start) > _LABEL_SLACK
                   or labels[-1].end >= first_column):
        return None
    if values and values[0].start < first_column - _LABEL_SLACK * 2 and not labels:
        return None
    return _Line(number, labels, values)


_Row = tuple[int, list[Span], int, list[Span]]  # label line, labels, value line, values


def _paired(lines: list[_Line]) -> list[_Row] | None:
    """The rows, label lines paired with the value lines printed apart (see the module's
    docstring), or None."""
    apart = [i for i, line in enumerate(lines) if not line.labels]
    if len(apart) < _MIN_STACKED:
        return None
    sides = [side for side in (-1, 1) if _pairs(lines, apart, side) is not None]
    if len(sides) == 2:
        sides = [side for side in sides if _alike(lines, _pairs(lines, apart, side) or {})]
    if len(sides) != 1:
        return None
    owner = {label: value for value, label in (_pairs(lines, apart, sides[0]) or {}).items()}
    rows: list[_Row] = []
    heading: list[_Line] = []
    for index, line in enumerate(lines):
        if not line.labels:
            continue
        if index in owner or line.values:
            rows += _heading_row(heading)
            heading = []
            values = lines[owner[index]] if index in owner else line
            rows.append((line.number, line.labels, values.number, values.values))
        else:
            heading.append(line)
    return rows + _heading_row(heading)


def _heading_row(heading: list[_Line]) -> list[_Row]:
    """Lines of labels paired with no values: one heading over the rows, wrapped."""
    if not heading:
        return []
    return [(heading[0].number, [part for line in heading for part in line.labels], 0, [])]


def _pairs(lines: list[_Line], apart: list[int], side: int) -> dict[int, int] | None:
    """Each value line's label line on `side` (-1: the line above), or None when one has
    no line of labels only there."""
    pairs: dict[int, int] = {}
    for index in apart:
        other = index + side
        if not 0 <= other < len(lines) or not lines[other].labels or lines[other].values:
            return None
        pairs[index] = other
    return pairs


def _alike(lines: list[_Line], pairs: dict[int, int]) -> bool:
    """Whether the labels paired with values are all of one kind (periods, or names)."""
    kinds = {cell_kind(" ".join(part.text for part in lines[i].labels)) for i in pairs.values()}
    return len(kinds) == 1
