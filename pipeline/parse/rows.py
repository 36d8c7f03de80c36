"""Structural tests on printed rows: filled cells, data rows, header-like rows.

Shared by the tab-separated block finder (may a block continue after a blank
line?) and by table structure (where does the header end, is this a wrapped
line?). A row is judged by its cells' shapes and values, never by its words.
"""

from __future__ import annotations

import re

from pipeline.metadata.enums import NOT_AVAILABLE, REPORTED, SUPPRESSED
from pipeline.parse.lines import is_note
from pipeline.parse.raw import RawCell, RawRow
from pipeline.parse.values import read_cell

_YEAR_HEADER = re.compile(r"^(?:19|20)\d\d$")
_BULLETS = "•·▪●◦-\u2013\u2014> "  # bullets and dashes that open a list line
_TERMINAL = (".", "?", "!", ":", ";")
_MARKER_STATUSES = frozenset({SUPPRESSED, NOT_AVAILABLE})
_HEADER_MAX_WORDS = 6
_HEADER_MAX_CHARS = 60


def filled(row: RawRow) -> list[RawCell]:
    """Cells with visible text."""
    return [cell for cell in row.cells if cell.text]


def width(row: RawRow) -> int:
    """Columns the row reaches, ignoring trailing empty cells."""
    return max((cell.column + cell.colspan for cell in filled(row)), default=0)


def is_single(row: RawRow) -> bool:
    """Exactly one filled cell, in the first column: a title, note or section row."""
    cells = filled(row)
    return len(cells) == 1 and cells[0].column == 0


def is_data(row: RawRow) -> bool:
    """A body row: it reports a number, or all its value cells are values or markers.

    A lone year ("2019") counts as a header label, not data, because years head
    the columns of time-series tables.
    """
    cells = filled(row)
    if any(_is_data_number(cell.text) for cell in cells):
        return True
    values = [cell for cell in cells if cell.column > 0]
    return bool(values) and all(_is_value_or_marker(cell.text) for cell in values)


def _is_data_number(text: str) -> bool:
    return read_cell(text).status == REPORTED and not _YEAR_HEADER.match(text)


def _is_value_or_marker(text: str) -> bool:
    status = read_cell(text).status
    return status in _MARKER_STATUSES or _is_data_number(text)


def has_numbers(row: RawRow) -> bool:
    """Whether any cell reports a number (years included)."""
    return any(read_cell(cell.text).status == REPORTED for cell in filled(row))


def looks_like_header(row: RawRow) -> bool:
    """Short labels in at least two cells, none reading as a value or a sentence."""
    cells = filled(row)
    if len(cells) < 2 or is_data(row):
        return False
    return all(_is_label(cell.text) for cell in cells)


def _is_label(text: str) -> bool:
    return (
        len(text) <= _HEADER_MAX_CHARS
        and len(text.split()) <= _HEADER_MAX_WORDS
        and not text.endswith(".")
    )


def same_texts(a: RawRow, b: RawRow) -> bool:
    """Two rows that print the same texts in the same columns (a repeated header)."""
    key_a = [(cell.column, cell.text.casefold()) for cell in filled(a)]
    key_b = [(cell.column, cell.text.casefold()) for cell in filled(b)]
    return bool(key_a) and key_a == key_b


def repeats_header(header: RawRow, again: RawRow) -> bool:
    """A header row printed again after a page break: the same texts in the same columns,
    except that the repeat's first cell may carry the page's running footer before its
    own text ("12 Youth Justice Plan Activity" for "Activity")."""
    key_a = [(cell.column, cell.text.casefold()) for cell in filled(header)]
    key_b = [(cell.column, cell.text.casefold()) for cell in filled(again)]
    if not key_a or len(key_a) != len(key_b) or key_a[1:] != key_b[1:]:
        return False
    return key_a[0][0] == key_b[0][0] and key_b[0][1].endswith(key_a[0][1])


def continues_text(text: str) -> bool:
    """Text that reads as the continuation of a wrapped cell: it starts in lowercase."""
    stripped = text.lstrip(_BULLETS)
    return bool(stripped) and stripped[0].islower() and not is_note(text)


def is_open_text(text: str) -> bool:
    """A text cell whose sentence is unfinished, so the next line may continue it."""
    return bool(text) and not text.rstrip().endswith(_TERMINAL) and read_cell(text).status == "text"


def is_text_row(row: RawRow) -> bool:
    """Every filled cell is plain text (no values, no markers)."""
    return all(read_cell(cell.text).status == "text" for cell in filled(row))
