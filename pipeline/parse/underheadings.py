"""Values placed under the headings they are printed beneath (space-aligned OCR pages).

A scanned page read through its text layer (`pdftotext -layout` of a page tesseract made
searchable) prints every word where it was drawn: headings centred in their cells, numbers
aligned right (or centred) in theirs, and empty cells as nothing at all. The value cells
of such a table do not line up into columns of their own (a "9" and an "18" of one column
need not overlap), so here the columns are the headings of the lowest header line: a
value goes to the one heading it overlaps, or, overlapping none, to the heading on its
left, when the table shows its numbers aligned right or centred (a value printed left of
its heading would then belong to the heading before: left-aligned values must overlap
theirs; a table showing neither leaves values overlapping no heading out: numbers aligned
left under centred headings start left of theirs, beside the heading before). A value
overlapping two headings that never head values of one row side by side
joins them ("Payments    in kind", a heading split by the scan); two values under one
heading in a row, or a value left of every heading, are left out: which column they are in
cannot be told. When the header line was printed at another scale than the values (a value
at one heading's left edge, another between two headings), the values' own columns are
placed in their order, each under the heading it overlaps or the one on its left, when
exactly one order fits (see `_placed_in_order`).

An upper header line heads groups of those columns: each upper heading spans the
headings it overlaps; when the lower headings repeat ("Male  Female  Male  Female"), they
form groups of one repetition each, and the upper headings over one group are one heading
("Managers     Strategic" over "Male  Female").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from pipeline.parse.cellstream import NUMBER, cell_kind


class Span(Protocol):
    """A printed cell of a line: where it starts and ends, and its text."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def text(self) -> str: ...


# Characters a scan's text layer may print two values of one column apart (a total row
# printed bold, a value drawn wider).
_TOUCHING = 3


@dataclass(frozen=True)
class Heading:
    """A column's heading: where it is printed and its text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class HeadedLayout:
    """The header rows as (line, [(text, first column, columns spanned)]) with the stub
    heading in column 0, and each value row's values as {column: value}."""

    header: list[tuple[int, list[tuple[str, int, int]]]]
    placed: list[dict[int, Span]]


def _overlap(span: Span, low: int, high: int) -> int:
    return max(0, min(span.end, high) - max(span.start, low))


def _hits(value: Span, heads: list[Heading]) -> list[int]:
    return [i for i, head in enumerate(heads) if _overlap(value, head.start, head.end)]


def headed_layout(heading_lines: list[tuple[int, list[Span]]], label_end: int,
                  rows: list[list[Span]], min_heads: int = 2) -> HeadedLayout | None:
    """The rows' values under the headings of the lowest header line (at least two,
    right of the labels), and the line above it read as upper headings when it heads
    groups of them; None when there is no such header or an upper line heads no groups."""
    if not heading_lines:
        return None
    number, parts = heading_lines[-1]
    stub = [part for part in parts if part.start < label_end]
    if len(stub) > 1 or any(part.end > label_end for part in stub):
        return None
    heads = _joined([Heading(p.start, p.end, p.text) for p in parts[len(stub):]], rows)
    if len(heads) < min_heads:
        return None
    alignment = _right_or_centred(rows, heads)
    placed = [_placed(values, heads, alignment) for values in rows] \
        if alignment is not None else _placed_in_order(rows, heads)
    if placed is None:
        return None
    if not all(_one_column([row[column] for row in placed if column in row])
               for column in range(1, len(heads) + 1)):
        return None
    lower = [(head.text, column, 1) for column, head in enumerate(heads, 1)]
    header = [(number, [(part.text, 0, 1) for part in stub] + lower)]
    if len(heading_lines) > 1:
        above, upper_parts = heading_lines[-2]
        upper_stub = [part for part in upper_parts if part.start < label_end]
        groups = _upper_groups([p for p in upper_parts if p.start >= label_end], heads)
        if groups is None or len(upper_stub) > 1 or (stub and upper_stub):
            return None
        header.insert(0, (above, [(part.text, 0, 1) for part in upper_stub] + groups))
    return HeadedLayout(header, placed)


def _joined(heads: list[Heading], rows: list[list[Span]]) -> list[Heading]:
    """Neighbouring headings one value overlaps both of, and under which no row prints
    a value each, are one heading split by the scan."""
    joined = list(heads)
    index = 0
    while index < len(joined) - 1:
        pair = joined[index:index + 2]
        bridged = any(len(_hits(value, pair)) == 2 for values in rows for value in values)
        apart = any({0, 1} <= {hits[0] for value in values
                               if len(hits := _hits(value, pair)) == 1} for values in rows)
        if bridged and not apart:
            left, right = pair
            joined[index:index + 2] = [Heading(left.start, right.end,
                                               f"{left.text} {right.text}")]
        else:
            index += 1
    return joined


@dataclass(frozen=True)
class Alignment:
    """What the values' extents show of how they sit under their headings, before any
    verdict (callers weigh it differently: see `_right_or_centred` and
    `pipeline.parse.spaced._aligned_right`)."""

    sticks_right: bool = False  # overlapping one heading, starting and ending right of it
    sticks_left: bool = False  # overlapping one heading, starting and ending left of it
    past_last: bool = False  # overlapping none, right of the last heading
    before_first: bool = False  # overlapping none, left of the first heading
    between: bool = False  # overlapping none, between two headings


def alignment(extents: Iterable[tuple[int, int]], heads: Sequence[Span]) -> Alignment:
    """The evidence the extents (start, end) give of their alignment under the headings
    (in order left to right), gathered once for every reader of space-aligned tables."""
    found = {"sticks_right": False, "sticks_left": False, "past_last": False,
             "before_first": False, "between": False}
    for low, high in extents:
        over = [head for head in heads if min(high, head.end) > max(low, head.start)]
        if len(over) == 1:
            head = over[0]
            found["sticks_right"] |= low > head.start and high > head.end
            found["sticks_left"] |= low < head.start and high < head.end
        elif not over and heads:
            if low >= heads[-1].end:
                found["past_last"] = True
            elif high <= heads[0].start:
                found["before_first"] = True
            else:
                found["between"] = True
    return Alignment(**found)


def _right_or_centred(rows: list[list[Span]], heads: list[Heading]) -> bool | None:
    """How the values sit under their headings: True when one shows it is aligned right
    or centred (overlapping its one heading and sticking out on its right, or printed
    right of every heading) and none shows it is aligned left (overlapping its one
    heading and sticking out on its left only), so that a value overlapping none is its
    left neighbour's; False when none shows it, or one shows each: a value overlapping
    no heading then lies between the heading on its left and the one on its right (left
    aligned numbers under centred headings start left of theirs), and is left out; None
    when a value is aligned left and another overlaps no heading right of one (between
    two, or past the last): the header line may have been printed at another scale than
    the values (a scan's text layer), and the values' own columns are read in order. A
    value left of every heading is no evidence here (it is left out when placed)."""
    seen = alignment(((value.start, value.end) for values in rows for value in values), heads)
    right = seen.sticks_right or seen.past_last
    left = seen.sticks_left
    return None if left and (seen.between or seen.past_last) else right and not left


def _column(value: Span, heads: list[Heading], right_or_centred: bool) -> int | None:
    """The 0-based heading a value is printed under, or None when it cannot be told."""
    hits = _hits(value, heads)
    if len(hits) == 1:
        return hits[0]
    if hits or not right_or_centred:
        return None
    left = [i for i, head in enumerate(heads) if head.end <= value.start]
    return left[-1] if left else None


def _placed(values: list[Span], heads: list[Heading],
            right_or_centred: bool) -> dict[int, Span]:
    """The row's values by column (1-based). Values sharing a column are left out, but
    for a number sharing it with markers only (a dash drifted from the next column)."""
    columns = [_column(value, heads, right_or_centred) for value in values]
    placed: dict[int, Span] = {}
    for column in set(columns) - {None}:
        sharing = [value for value, c in zip(values, columns, strict=True) if c == column]
        numbers = [value for value in sharing if cell_kind(value.text) == NUMBER]
        if len(sharing) == 1 or len(numbers) == 1:
            placed[column + 1] = numbers[0] if numbers else sharing[0]
    return placed


def _placed_in_order(rows: list[list[Span]], heads: list[Heading]
                     ) -> list[dict[int, Span]] | None:
    """The rows' values placed by their own columns, when the header line was printed at
    another scale than the values (see `_right_or_centred`): the values of all rows
    merged into columns where they overlap or touch, each column under the heading it
    overlaps or the one on its left (a number aligned right sticks out of its heading),
    the columns' headings in their order left to right. Read only when exactly one such
    order exists and no row prints two values in one column ("9" under "Male" or under
    the "Female" beside it, when another row's value sits between them?); else None."""
    columns = _value_columns([value for values in rows for value in values])
    orders = _one_order(columns, heads)
    if orders is None:
        return None
    placed = []
    for values in rows:
        row: dict[int, Span] = {}
        for value in values:
            index = next(i for i, (low, high) in enumerate(columns)
                         if low <= value.start and value.end <= high)
            column = orders[index] + 1
            if column in row:
                return None  # two values of a row in one column: the columns are unclear
            row[column] = value
        placed.append(row)
    return placed


def _value_columns(values: list[Span]) -> list[tuple[int, int]]:
    """The extents of the values merged where they overlap or all but touch, in order."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted((value.start, value.end) for value in values):
        if merged and start <= merged[-1][1] + _TOUCHING:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _one_order(columns: list[tuple[int, int]], heads: list[Heading]) -> list[int] | None:
    """The headings of the value columns, in order, when the table's numbers aligned
    right (a column overlapping no heading is its left neighbour's) and aligned left
    under centred headings (its right neighbour's) do not leave two ways: each reading
    either finds no order (a column past the last heading cannot be aligned left) or
    exactly one, and those found agree."""
    found = [_increasing([_candidates(column, heads, right) for column in columns], -1)
             for right in (True, False)]
    if any(len(orders) > 1 for orders in found):
        return None
    distinct = {tuple(orders[0]) for orders in found if orders}
    return list(distinct.pop()) if len(distinct) == 1 else None


def _candidates(column: tuple[int, int], heads: list[Heading], right: bool) -> list[int]:
    """The headings a column of values may stand under: those it overlaps, and the last
    one ending before it starts when the numbers are aligned right, or the first one
    starting after it ends when they are aligned left under centred headings."""
    low, high = column
    over = [i for i, head in enumerate(heads) if min(high, head.end) > max(low, head.start)]
    if right:
        side = [i for i, head in enumerate(heads) if head.end <= low][-1:]
    else:
        side = [i for i, head in enumerate(heads) if head.start >= high][:1]
    return sorted(set(over + side))


def _increasing(choices: list[list[int]], after: int) -> list[list[int]]:
    """Every way to pick one heading per column, strictly increasing (at most two ways
    are looked for: one is all that is read)."""
    if not choices:
        return [[]]
    found: list[list[int]] = []
    for head in choices[0]:
        if head > after:
            found += [[head, *rest] for rest in _increasing(choices[1:], head)]
            if len(found) > 1:
                break
    return found[:2]


def _one_column(values: list[Span]) -> bool:
    """Whether the values placed under one heading line up as one column (each
    overlapping, or all but touching, the extent of those before it, left to right): two
    apart are two columns, one of them with a heading lost or drifted ("Rides" printed
    between the "8" of one column and the "9" of the next)."""
    spans = sorted((value.start, value.end) for value in values)
    reach = spans[0][1] if spans else 0
    for start, end in spans[1:]:
        if start > reach + _TOUCHING:
            return False
        reach = max(reach, end)
    return True


def _period(texts: list[str]) -> int | None:
    """The length of the smallest repetition (two or more headings) the headings are
    made of, repeated at least twice ("M F M F"), else None."""
    for size in range(2, len(texts) // 2 + 1):
        if len(texts) % size == 0 and all(
                texts[i].casefold() == texts[i % size].casefold() for i in range(len(texts))):
            return size
    return None


def repeated_groups(upper: list[Span], heads: list[Span]) -> list[tuple[str, int, int]] | None:
    """Upper headings over lower headings that repeat ("M  F  M  F"), as
    (text, first column, columns spanned); None when the lower headings do not repeat or
    the upper ones do not head one group each (see `_upper_groups`)."""
    lower = [Heading(head.start, head.end, head.text) for head in heads]
    if _period([head.text for head in lower]) is None:
        return None
    return _upper_groups(upper, lower)


def _upper_groups(upper: list[Span], heads: list[Heading]) -> list[tuple[str, int, int]] | None:
    """Upper headings as (text, first column, columns spanned), every lower heading in
    exactly one group and at least one group spanning two; None when not so."""
    if not upper:
        return None
    size = _period([head.text for head in heads])
    if size is not None:
        groups = [list(range(i, i + size)) for i in range(0, len(heads), size)]
    else:
        groups = [[i for i in range(len(heads)) if _overlap(part, heads[i].start, heads[i].end)]
                  for part in upper]
        if any(not group for group in groups):
            return None
    extents = [(heads[group[0]].start, heads[group[-1]].end) for group in groups]
    texts: list[list[str]] = [[] for _ in groups]
    for part in upper:
        overlaps = [_overlap(part, low, high) for low, high in extents]
        best = max(range(len(groups)), key=lambda i: overlaps[i])
        if not overlaps[best] or overlaps.count(overlaps[best]) > 1:
            return None
        texts[best].append(part.text)
    covered = sorted(i for group in groups for i in group)
    if any(not text for text in texts) or covered != list(range(len(heads))) \
            or max(map(len, groups)) < 2:
        return None
    return [(" ".join(text), group[0] + 1, len(group)) for text, group in zip(texts, groups,
                                                                                strict=True)]
