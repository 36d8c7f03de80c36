"""Tables whose cells each stack two rows' values: areas across, two periods down.

A summary laid out in Word cells (and exported as text) can print, for every column, one
cell holding two values one above the other (the latest period, then the previous one),
with the two row labels stacked the same way in the first column, and a sub-heading over
each block. Its text holds no row at all: each column's pair of values is printed on two
consecutive lines of its own, the two labels on two consecutive lines somewhere among
them, and the column headings once, above the first block, as short cells. This module
rebuilds such tables from that structure alone:

1. a *pair* is two consecutive lines each holding one value, with no value on the line
   before or after;
2. a *block* is a run of pairs with no other value between them (only empty lines, and
   once the two row labels on consecutive lines);
3. the column headings are the short one-line cells right above the first block, as many
   as the block has pairs (a stub heading set apart from them is not one); later blocks
   of as many pairs within reach share them, so the blocks make one table: a heading
   row per block (the nearest line of words above it), then its two rows.

Signed changes or single values between blocks belong to no pair and stay outside the
table; every value keeps the line it is printed on. Only text with Word cell ends (lone
carriage returns) is searched: that is where this layout comes from.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from itertools import pairwise

from pipeline.parse.raw import RawBlock, RawCell, RawRow
from pipeline.parse.values import REPORTED, read_cell
from pipeline.periods import MONTH_NAMES

CELLS = "cells"

_MAX_GAP = 8  # lines between two pairs of one block
_MAX_BLOCK_GAP = 40  # lines between two blocks of one table
_HEADER_REACH = 30  # lines above the first block searched for the column headings
_MIN_COLUMNS = 2
_MAX_HEADING_WORDS = 4  # a column heading is a short name
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[A-Za-z]{2,}")
# A two-digit year printed with a gap inside it ("Oct 1 6"): Word split the number.
_SPLIT_YEAR = re.compile(rf"\b({MONTH_NAMES})\.?\s+(\d)\s+(\d)\b", re.IGNORECASE)
_ENDS_IN_VALUE = re.compile(r"[-+]?\d[\d,.]*\s*%?$")


@dataclass(frozen=True)
class _Block:
    """Pairs of values (line of the upper, line of the lower) and the two row labels."""

    pairs: tuple[tuple[int, int], ...]
    labels: tuple[int, int]

    @property
    def first(self) -> int:
        return min(self.pairs[0][0], self.labels[0])

    @property
    def last(self) -> int:
        return max(self.pairs[-1][1], self.labels[1])


def tidy(text: str) -> str:
    """A cell's words with tabs and runs of spaces read as one space, a note after
    "**" dropped, and a year Word split over a gap joined ("Oct 1 6" is "Oct 16")."""
    text = " ".join(text.split())
    text = text.split(" **", 1)[0].strip() if not text.startswith("*") else text
    return _SPLIT_YEAR.sub(r"\1 \2\3", text)


def find_paired_blocks(lines: list[str], masked: list[bool],
                       cell_breaks: Collection[int]) -> list[RawBlock]:
    """Every table of stacked pairs in a Word text export; their lines are masked."""
    if not cell_breaks:
        return []
    values = [False] + [not masked[n] and _is_value(line) for n, line in
                        enumerate(lines, start=1)]
    blocks = _blocks(lines, masked, values)
    tables: list[RawBlock] = []
    index = 0
    while index < len(blocks):
        first = blocks[index]
        width = len(first.pairs)
        header = _column_headings(lines, masked, first, width)
        group = [first]
        while index + len(group) < len(blocks):
            following = blocks[index + len(group)]
            if len(following.pairs) != width or following.first - group[-1].last > _MAX_BLOCK_GAP:
                break
            group.append(following)
        index += len(group)
        if header is None:
            continue
        tables.append(_table(lines, header, group))
        for line in range(header[0], group[-1].last + 1):
            masked[line] = True
    return tables


def _is_value(line: str) -> bool:
    text = line.strip()
    return bool(text) and read_cell(text).status == REPORTED and len(text.split()) <= 2 \
        and not _WORD.search(text)


def _blocks(lines: list[str], masked: list[bool], values: list[bool]) -> list[_Block]:
    """Runs of pairs with only empty lines and one label pair between them."""
    pairs = [(n, n + 1) for n in range(1, len(lines))
             if values[n] and values[n + 1] and not values[n - 1]
             and (n + 2 > len(lines) or not values[n + 2])]
    found: list[_Block] = []
    run: list[tuple[int, int]] = []
    for pair in [*pairs, None]:
        if pair is not None and run and pair[0] - run[-1][1] <= _MAX_GAP \
                and _only_words_between(lines, masked, run[-1][1], pair[0]):
            run.append(pair)
            continue
        block = _with_labels(lines, run) if len(run) >= _MIN_COLUMNS else None
        if block is not None:
            found.append(block)
        run = [pair] if pair is not None else []
    return found


def _only_words_between(lines: list[str], masked: list[bool], after: int, before: int) -> bool:
    """Between two pairs of one block: empty lines, or words no other table took."""
    return all(_empty_or_words(lines[n - 1], masked[n]) for n in range(after + 1, before))


def _empty_or_words(line: str, taken: bool) -> bool:
    if not line.strip():
        return True
    return not taken and not _DIGIT.search(_without_years(line))


def _without_years(text: str) -> str:
    """Period labels print years; only a value between pairs breaks a block."""
    return re.sub(rf"(?:{MONTH_NAMES})\.?\s+\d\s*\d", "", tidy(text), flags=re.IGNORECASE)


def _with_labels(lines: list[str], run: list[tuple[int, int]]) -> _Block | None:
    """The block with its two row labels: the only two printed lines between its pairs,
    consecutive, each in words."""
    between = [n for n in range(run[0][1] + 1, run[-1][0])
               if lines[n - 1].strip() and not any(n in pair for pair in run)]
    if len(between) != 2 or between[1] != between[0] + 1:
        return None
    if not all(_WORD.search(lines[n - 1]) for n in between):
        return None
    return _Block(tuple(run), (between[0], between[1]))


def _column_headings(lines: list[str], masked: list[bool], block: _Block,
                     width: int) -> tuple[int, ...] | None:
    """The lines of the `width` short names right above the block's heading: one-line
    cells with no figure, only empty lines between them, the last within reach."""
    found: list[int] = []
    start = max(1, block.first - _HEADER_REACH)
    heading = _heading_line(lines, start, block.first, ())
    for n in range(start, heading or block.first):
        text = tidy(lines[n - 1])
        if masked[n]:
            found = []
        elif not text:
            continue
        elif _is_name(text):
            found.append(n)
        else:
            found = []
    if len(found) == width + 1:
        found = _evenly_spaced(found)
    if len(found) != width or _after_a_value(lines, found[0]):
        return None
    return tuple(found)


def _after_a_value(lines: list[str], first: int) -> bool:
    """Short names right after a value cell are a row of another table's cells (its
    labels), not the headings of a summary: those stand under a title or prose."""
    for n in range(first - 1, 0, -1):
        text = lines[n - 1].strip()
        if text:
            return _is_value(text)
    return False


def _evenly_spaced(found: list[int]) -> list[int]:
    """One short line too many: the headings of one row are printed at even steps, so
    a stub heading or a title set further apart (before or after them) is not one of
    them. When neither end stands apart, which to drop is not known: none is kept."""
    steps = [later - earlier for earlier, later in pairwise(found)]
    inner = steps[1:-1] or [min(steps)]
    if steps[-1] > max(inner) and steps[-1] > steps[0]:
        return found[:-1]
    if steps[0] > max(inner) and steps[0] > steps[-1]:
        return found[1:]
    return []


def _is_name(text: str) -> bool:
    """A column heading: a few words, no figure, not a sentence."""
    return bool(_WORD.search(text)) and not _DIGIT.search(text) \
        and len(text.split()) <= _MAX_HEADING_WORDS and not text.endswith((".", ":"))


def _heading_line(lines: list[str], after: int, before: int,
                  names: Collection[str]) -> int | None:
    """The nearest line of words above a block that heads it: not a column name, not a
    row of values ("change from baseline -20.8%"), not a value. A line another finder
    took for a row of tabs may be it: Word prints a heading's tab stops as tabs."""
    for n in range(before - 1, after, -1):
        text = tidy(lines[n - 1])
        if not text or text in names:
            continue
        if _WORD.search(text) and not _ENDS_IN_VALUE.search(text) and not _is_name(text):
            return n
    return None


def _table(lines: list[str], header: tuple[int, ...], blocks: list[_Block]) -> RawBlock:
    """The header row of column names, then per block its heading row and two rows."""
    names = [tidy(lines[n - 1]) for n in header]
    rows = [RawRow(header[0], [RawCell.make("", 0, header[0]),
                               *(RawCell.make(name, column, line) for column, (name, line)
                                 in enumerate(zip(names, header, strict=True), start=1))])]
    previous = header[-1]
    for block in blocks:
        heading = _heading_line(lines, previous, block.first, names)
        if heading is not None:
            rows.append(RawRow(heading, [RawCell.make(tidy(lines[heading - 1]), 0, heading),
                                         *(RawCell.make("", c, heading)
                                           for c in range(1, len(header) + 1))]))
        for position in (0, 1):
            label = block.labels[position]
            cells = [RawCell.make(tidy(lines[label - 1]), 0, label)]
            for column, pair in enumerate(block.pairs, start=1):
                cells.append(RawCell.make(lines[pair[position] - 1].strip(), column,
                                          pair[position]))
            rows.append(RawRow(label, cells))
        previous = block.last
    return RawBlock(CELLS, rows, explicit_header_rows=1)
