"""Small tables whose cells are parted by single spaces: a text box, or a PDF's
borderless table, copied as plain text ("Wigan 412 398 +3.5%" under "Jan 18 - Dec 18
Jan 17 - Dec 17 Change").

Nothing but the kind of each word marks a cell, so a row is read only when it is
unambiguous: a label in words (no figure), then k values (numbers, markers such as
"n/a", signed changes such as "+3.5%" or "-2.1pp"), k the same on every row of the run.
The line right above the first row is the header, read by its periods: the words before
the first period head the labels, each period heads one column, the words after the
last period one more; the header must give exactly k headings, else the run is not read
here (other finders, or the run's report of numbers not read, have it).
"""

from __future__ import annotations

import re
from itertools import pairwise

from pipeline.parse.cellstream import MARKER, NUMBER, TEXT, cell_kind
from pipeline.parse.markup import clean_cell
from pipeline.parse.raw import RawBlock, RawCell, RawRow
from pipeline.parse.spaced import SPACED
from pipeline.periods import MONTH_NAMES

_MIN_ROWS = 2
_MIN_VALUES = 2
_MAX_LABEL_WORDS = 6
_BRACKETED = re.compile(r"^\(.*\)$")  # "(£)", "(000s)": a unit of the heading before it
_PERIOD = re.compile(
    rf"(?<!\S)(?:(?:{MONTH_NAMES})\.?\s*(?:(?:19|20)?\d\d)?\s*(?:-|\u2013|to)\s*"
    rf"(?:{MONTH_NAMES})\.?\s*(?:19|20)?\d\d|(?:19|20)\d\d(?:\s*[/\-\u2013]\s*(?:19|20)?\d\d)?)"
    rf"(?:\s+cohort)?(?!\S)", re.IGNORECASE)


def find_word_row_blocks(lines: list[str], masked: list[bool],
                         tabbed: bool = False) -> list[RawBlock]:
    """Every run of single-spaced rows under a header of periods; masks its lines.
    `tabbed`: only runs whose tabs disagree (a tab here, a space there: "Wigan 412<TAB>398"),
    which the tab reading would cut into cells of a label and a value."""
    blocks = []
    number = 2
    while number <= len(lines):
        rows = _run(lines, masked, number, tabbed)
        header = _header(lines[number - 2], number - 1, rows, tabbed) if rows and not masked[
            number - 1] else None
        if header is None or (tabbed and not _tabs_disagree(lines, [header, *rows])):
            number += 1
            continue
        blocks.append(RawBlock(SPACED, [header, *rows], explicit_header_rows=1))
        for line in range(number - 1, rows[-1].line + 1):
            masked[line] = True
        number = rows[-1].line + 1
    return blocks


def _tabs_disagree(lines: list[str], rows: list[RawRow]) -> bool:
    """Whether some line's tabs part its cells otherwise than its words do (a label and a
    value in one tab cell, two values in one): then the tabs are not the columns."""
    if not any("\t" in lines[row.line - 1] for row in rows):
        return False  # no tab at all: the single-spaced (or space-aligned) finders' run
    for row in rows:
        by_tabs = [text for part in lines[row.line - 1].split("\t")
                   if (text := clean_cell(part).text)]
        if by_tabs != [cell.text for cell in row.cells]:
            return True
    return False


def _run(lines: list[str], masked: list[bool], start: int, tabbed: bool) -> list[RawRow]:
    """The rows of equal width from line `start` on (none when fewer than two)."""
    rows: list[RawRow] = []
    number = start
    while number <= len(lines) and not masked[number]:
        row = _row(lines[number - 1], number, tabbed)
        if row is None or (rows and len(row.cells) != len(rows[0].cells)):
            break
        rows.append(row)
        number += 1
    return rows if len(rows) >= _MIN_ROWS else []


def _row(line: str, number: int, tabbed: bool) -> RawRow | None:
    """A label in words then values, each value a cell; None for any other line."""
    if ("\t" in line and not tabbed) or "|" in line:
        return None
    tokens = line.split()
    values = 0
    while values < len(tokens) and _is_value(tokens[len(tokens) - 1 - values]):
        values += 1
    label = tokens[:len(tokens) - values]
    if values < _MIN_VALUES or not label or len(label) > _MAX_LABEL_WORDS \
            or any(ch.isdigit() for word in label for ch in word) or label[-1].endswith("."):
        return None
    texts = [" ".join(label), *tokens[len(label):]]
    return RawRow(number, [RawCell.make(text, column, number)
                           for column, text in enumerate(texts)])


def _is_value(token: str) -> bool:
    return cell_kind(token) in (NUMBER, MARKER)


def _header(line: str, number: int, rows: list[RawRow], tabbed: bool) -> RawRow | None:
    """The header line as cells over the rows' columns, or None when its periods and the
    words around them do not give one heading per value column."""
    periods = _periods(line, tabbed)
    if periods is None:
        return None
    stub, tail = line[:periods[0].start()].strip(), line[periods[-1].end():].strip()
    headings = [match.group() for match in periods] + ([tail] if tail else [])
    if len(headings) != len(rows[0].cells) - 1 or (stub and cell_kind(stub) != TEXT):
        return None
    cells = [RawCell.make(stub, 0, number)] if stub else []
    cells += [RawCell.make(text, column, number) for column, text in enumerate(headings, 1)]
    return RawRow(number, cells)


def _periods(line: str, tabbed: bool = False) -> list[re.Match[str]] | None:
    """The periods a heading line prints, none with words between them."""
    periods = list(_PERIOD.finditer(line))
    if not periods or ("\t" in line and not tabbed) or "|" in line:
        return None
    if any(line[a.end():b.start()].strip() for a, b in pairwise(periods)):
        return None  # words between two periods: which column do they head?
    return periods


def header_periods(line: str) -> list[str] | None:
    """The headings of a line of periods and at most one heading after them ("Jan 18 -
    Dec 18   2017/18   Change"), nothing before them. A unit in brackets after the last
    period ("2019-20 (£)") qualifies that heading: the line is one heading, not two."""
    periods = _periods(line)
    if periods is None or line[:periods[0].start()].strip():
        return None
    tail = line[periods[-1].end():].strip()
    if tail and (cell_kind(tail) != TEXT or "  " in tail or _BRACKETED.match(tail)):
        return None
    return [match.group() for match in periods] + ([tail] if tail else [])
