"""Pasted spreadsheets: rows that print their label after their values ("stub last").

A spreadsheet pasted into Word as an object and exported as text keeps its cells but
not their order within a row: under a header of k column labels (an area each), every
row prints its k values first, each a cell of its own (often with empty spacer cells
between them), and its label (a period, "Jul 17 - Jun 18") after them. A variant stacks
the rows of a block in each column's cell (two paragraphs, one per period) and prints
the block's labels after them, stacked the same way. Sub-headings ("Use of custody rate
per 1,000 of 10-17 population") sit between the blocks as cells of their own.

Read as ordinary label-then-values rows, every row would take the label of the row
above it. This module recognises the layout by structure alone: a header of k labels
(a tab-separated line, or k cells after an empty stub cell), then runs of exactly k
values (or k cells of m stacked values) each closed by a label naming a period, and it
is used only when that reading labels more rows with periods than the ordinary one.
Values that cannot be given a label (a run of k values followed by a heading, two runs
sharing one label that names two periods) are left out of the table, so the run's
report of numbers not read lists them. Only for Word exports (known cell ends).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from pipeline.parse.cellstream import BLANK, CELLS, MARKER, NUMBER, PERIOD, cell_kind
from pipeline.parse.raw import RawBlock, RawCell, RawRow
from pipeline.periods import MONTH_NAMES

_MIN_AREAS = 3
_MIN_ROWS = 2
_MAX_HEADINGS = 3  # texts between two runs of values: a label and sub-headings
_MAX_PROSE_CHARS = 200
_HEADING_WORDS = 3
_STUB_GAP_HEADINGS = 2
_DIGIT = re.compile(r"\d")
# the heading of a column of row labels that name periods ("Period", "Date", "Cohort")
_LABELS_HEADING = re.compile(
    r"^(?:time\s+)?(?:periods?|dates?|years?|quarters?|cohorts?|time\s*frames?)\W*$",
    re.IGNORECASE)
_PERIOD_IN_TEXT = re.compile(
    rf"\b(?:{MONTH_NAMES})\.?\s*(?:(?:19|20)?\d\d)?\s*(?:-|\u2013|to)\s*"
    rf"(?:{MONTH_NAMES})\.?\s*(?:19|20)?\d\d\b"
    r"|(?<![\d/])(?:19|20)\d\d\s*[/\-\u2013]\s*(?:19|20)?\d\d(?![\d/%])"
    rf"|\b(?:{MONTH_NAMES})\.?\s+(?:19|20)\d\d\b",  # a range, a year, or "March 2018"
    re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Item:
    """One printed paragraph (or one cell of a tab-separated line)."""

    text: str
    line: int
    kind: str
    cell: int  # the Word cell it is printed in
    tabbed: bool  # printed on a tab-separated line beside other items
    paragraphs: int = 1  # a label cell's paragraphs read as one ("England &" / "Wales")

    @property
    def is_value(self) -> bool:
        return self.kind in (NUMBER, MARKER)


@dataclass
class _Row:
    label: _Item | None  # None: a sub-heading row (the label is its only cell)
    values: list[_Item]
    heading: _Item | None = None


def find_stub_last_blocks(lines: list[str], masked: list[bool], cell_breaks: Collection[int]
                          ) -> tuple[list[RawBlock], list[tuple[int, int]]]:
    """Every pasted spreadsheet printing its row labels after the values, and the lines
    each occupies (with the values it leaves out); also the lines of one whose header
    cannot be read, which no other reading may take (its rows would shift by one)."""
    if not cell_breaks:
        return [], []
    blocks: list[RawBlock] = []
    spans: list[tuple[int, int]] = []
    for items in _segments(lines, masked, frozenset(cell_breaks)):
        found, occupied = _segment_tables(items)
        blocks += found
        spans += occupied
    return blocks, spans


def _segments(lines: list[str], masked: list[bool],
              breaks: frozenset[int]) -> list[list[_Item | None]]:
    """Paragraphs in document order, cut at masked lines and prose; None marks an
    empty cell (a possible empty stub before a header)."""
    segments: list[list[_Item | None]] = [[]]
    cell = 0
    for number, line in enumerate(lines, start=1):
        if masked[number] or len(line) > _MAX_PROSE_CHARS:
            segments.append([])
        else:
            parts = [part.strip() for part in line.split("\t")]
            filled = [part for part in parts if part]
            tabbed = len(filled) > 1
            for part in filled:
                segments[-1].append(_Item(part, number, cell_kind(part), cell, tabbed))
        if number in breaks:
            if not line.strip() and not masked[number]:
                segments[-1].append(None)  # the cell ends in an empty paragraph
            cell += 1
    return [segment for segment in segments if sum(
        1 for item in segment if item is not None and item.is_value) >= _MIN_AREAS * _MIN_ROWS]


def _segment_tables(items: list[_Item | None]
                    ) -> tuple[list[RawBlock], list[tuple[int, int]]]:
    blocks, spans = [], []
    index = 0
    while index < len(items):
        found = _table_at(items, index)
        if found is None:
            index += 1
            continue
        block, span, index = found
        spans.append(span)
        if block is not None:
            blocks.append(block)
    return blocks, spans


def _runs(items: list[_Item | None], start: int) -> list[tuple[list[_Item], list[_Item]]]:
    """From `start` (a value), pairs of (a run of values, the texts after it)."""
    runs: list[tuple[list[_Item], list[_Item]]] = []
    values: list[_Item] = []
    texts: list[_Item] = []
    for item in items[start:]:
        if item is None:
            continue
        if item.is_value:
            if texts:
                runs.append((values, texts))
                values, texts = [], []
                if len(runs[-1][1]) > _MAX_HEADINGS + 1:
                    break
            values.append(item)
        else:
            texts.append(item)
    if values:
        runs.append((values, texts))
    return runs


def _table_at(items: list[_Item | None], index: int
              ) -> tuple[RawBlock | None, tuple[int, int], int] | None:
    """A table whose first run of values starts at `index` (None when its header cannot
    be read), the lines it occupies, and the index after it."""
    first = items[index]
    if first is None or not first.is_value or (
            index and items[index - 1] is not None and items[index - 1].is_value):
        return None
    runs = _runs(items, index)
    if not runs:
        return None
    header, before = _header(items, index, runs[0][0])
    if header is None:
        return _headless(items, index, runs)
    rows, used = _rows(runs, len(header))
    before = [item for item in before if not _LABELS_HEADING.match(item.text)]
    rows = [_Row(None, [], heading=item) for item in before] + rows
    names = {item.text.casefold() for item in header}
    rows = [row for row in rows if row.heading is None
            or row.heading.text.casefold() not in names]  # a header label printed again
    labelled = [row for row in rows if row.label is not None and row.heading is None]
    if len(labelled) < _MIN_ROWS or not _stub_last_wins(runs[:used], before, len(header)):
        return None
    rows = _leading_heading(items, index, header, before) + rows
    last = runs[used - 1][0][-1]
    label_end = max((row.label.line for row in rows if row.label is not None), default=0)
    end = _index_after(items, last, label_end)
    block = _raw_block(_upper_header(items, header), header, rows)
    block.extent = (block.first_line, max(last.line, label_end))
    return block, block.extent, end


def _headless(items: list[_Item | None], index: int, runs: list[tuple[list[_Item], list[_Item]]]
              ) -> tuple[None, tuple[int, int], int] | None:
    """Rows that print their label after their values under no header that can be read:
    the lines they occupy (no table; their numbers are reported as not read), so that the
    ordinary reading, label then values, does not give each row its neighbour's label."""
    first = runs[0][0]
    depth = _depth(first, len({item.cell for item in first}))
    areas = len({item.cell for item in first}) if depth < 0 else len(first)
    if areas < _MIN_AREAS:
        return None
    rows, used = _rows(runs, areas)
    previous = items[index - 1] if index else None
    before = [previous] if previous is not None and not previous.is_value else []
    if sum(1 for row in rows if row.heading is None) < _MIN_ROWS or not _stub_last_wins(
            runs[:used], before, areas):
        return None
    last = runs[used - 1][0][-1]
    label_end = max((row.label.line for row in rows if row.label is not None), default=0)
    return None, (first[0].line, max(last.line, label_end)), _index_after(items, last, label_end)


def _index_after(items: list[_Item | None], last: _Item, label_end: int) -> int:
    """The item after a table's last value and its last label."""
    end = items.index(last) + 1
    while end < len(items) and (items[end] is None or items[end].line <= label_end):
        end += 1
    return end


def _depth(run: list[_Item], areas: int) -> int:
    """How many rows a run of values holds: 1 per k values each in a cell of its own, or
    m when each of the k cells stacks m values (one per row); 0 when it fits neither."""
    cells: dict[int, int] = {}
    for item in run:
        cells[item.cell] = cells.get(item.cell, 0) + 1
    sizes = set(cells.values())
    if len(cells) == areas and len(sizes) == 1 and (size := max(sizes)) > 1:
        return -size  # stacked: negative marks interleaved order
    if sizes != {1}:
        return 0
    return len(run) // areas if len(run) % areas == 0 else 0


def _header(items: list[_Item | None], index: int,
            first_run: list[_Item]) -> tuple[list[_Item] | None, list[_Item]]:
    """The column labels over the first run, and the texts between them and the run
    (sub-headings): the nearest tab-separated line of labels above it whose count (or
    count less a stub) fits the run; else k labels after an empty stub cell; else the k
    cells of short labels just above the run, under at most two sub-headings."""
    texts: list[_Item | None] = []
    position = index - 1
    while position >= 0 and (items[position] is None or not items[position].is_value):
        texts.insert(0, items[position])
        position -= 1
    texts = _cell_labels(texts)
    printed = [item for item in texts if item is not None]
    lines = sorted({item.line for item in printed if item.tabbed})
    found = _tab_header(printed, lines[-1], first_run) if lines else (None, [])
    if found[0] is not None:
        return found
    return _stub_header(texts, first_run) or _cells_header(printed, first_run) or (None, [])


def _cell_labels(texts: list[_Item | None]) -> list[_Item | None]:
    """Paragraphs of one cell as one label: a header cell printed over two lines is
    one column, not two."""
    merged: list[_Item | None] = []
    for item in texts:
        last = merged[-1] if merged else None
        if (item is not None and last is not None and not item.tabbed and not last.tabbed
                and item.cell == last.cell):
            merged[-1] = _Item(f"{last.text} {item.text}", last.line, cell_kind(
                f"{last.text} {item.text}"), last.cell, False, last.paragraphs + 1)
        else:
            merged.append(item)
    return merged


def _index_of(items: list[_Item | None], item: _Item) -> int:
    """Where a label (maybe read from several paragraphs) starts among the items."""
    return next(index for index, other in enumerate(items) if other is not None
                and other.line == item.line and other.cell == item.cell)


def _tab_header(printed: list[_Item], line: int, first_run: list[_Item]
                ) -> tuple[list[_Item] | None, list[_Item]]:
    """k labels on the line, or k after a stub, or k between a stub and the heading of
    the column of row labels (printed last, as the labels are)."""
    labels = [item for item in printed if item.line == line]
    below = [item for item in printed if item.line > line]
    for areas in (len(labels), len(labels) - 1):
        if areas >= _MIN_AREAS and _depth(first_run, areas):
            return labels[len(labels) - areas:], below
    if len(labels) - 2 >= _MIN_AREAS and _depth(first_run, len(labels) - 2):
        return labels[1:-1], below
    return None, []


def _stub_header(texts: list[_Item | None], first_run: list[_Item]
                 ) -> tuple[list[_Item], list[_Item]] | None:
    """k labels after an empty cell (the header row's empty stub), then sub-headings."""
    for stub in range(len(texts) - 1, -1, -1):
        if texts[stub] is not None:
            continue
        after = [item for item in texts[stub + 1:] if item is not None]
        for areas in range(len(after), max(_MIN_AREAS, len(after) - _STUB_GAP_HEADINGS) - 1, -1):
            if _depth(first_run, areas) and all(_is_area_label(i) for i in after[:areas]):
                return after[:areas], after[areas:]
    return None


def _cells_header(printed: list[_Item], first_run: list[_Item]
                  ) -> tuple[list[_Item], list[_Item]] | None:
    """The k cells of short labels (no figures) above the first run (of one row of
    values, or of k stacked cells), after the table's stub or whatever precedes it; below
    them maybe the heading of the column of row labels ("Period"), then at most two
    sub-headings, each longer than a label or holding a figure ("rate per 1,000"). Read
    only when exactly one placement fits."""
    depth = _depth(first_run, len({item.cell for item in first_run}))
    areas = len({item.cell for item in first_run}) if depth < 0 else len(first_run)
    if areas < _MIN_AREAS:
        return None
    fits = []
    for stub in range(max(-1, len(printed) - areas - _STUB_GAP_HEADINGS - 2), len(printed)):
        header, below = printed[stub + 1:stub + 1 + areas], printed[stub + 1 + areas:]
        if len(header) < areas:
            break
        if len({i.cell for i in header}) == areas and all(
                _is_area_label(i) and not _DIGIT.search(i.text)
                and not _LABELS_HEADING.match(i.text) for i in header) and _headings_only(below):
            fits.append((header, below))
    return fits[0] if len(fits) == 1 else None


def _headings_only(below: list[_Item]) -> bool:
    """Maybe the heading of the column of row labels, then at most two sub-headings."""
    if below and _LABELS_HEADING.match(below[0].text):
        below = below[1:]
    return len(below) <= _STUB_GAP_HEADINGS and all(
        not _is_area_label(i) or _DIGIT.search(i.text) for i in below)


def _is_area_label(item: _Item) -> bool:
    return item.kind != PERIOD and not _PERIOD_IN_TEXT.search(item.text) and len(
        item.text.split()) <= 5


def _periods_named(text: str) -> int:
    return len(_PERIOD_IN_TEXT.findall(text)) or int(cell_kind(text) == PERIOD)


def _rows(runs: list[tuple[list[_Item], list[_Item]]],
          areas: int) -> tuple[list[_Row], int]:
    """The rows the runs give under `areas` columns, and how many runs were read. A run
    is closed by its labels (the texts after it, one per stacked row); a run labelled on
    its own line ("percent change<TAB>-7.1%") keeps that label; values no label names
    are left out; the texts left over are sub-headings."""
    rows: list[_Row] = []
    previous_texts: list[_Item] = []
    used = 0
    value_lines = {item.line for values, _ in runs for item in values}
    for values, texts in runs:
        depth = _depth(values, areas)
        tab_label = next((t for t in previous_texts if values[0].tabbed
                          and t.line == values[0].line), None)
        if depth == 0 and tab_label is None:
            values = _after_unlabelled_row(values, areas)
            depth = _depth(values, areas)
        if depth == 0 and tab_label is None:
            break
        taken: list[_Item] = []
        if depth < 0:
            taken = _stacked_rows(rows, values, texts, -depth)
        else:
            taken = _flat_rows(rows, values, texts, areas, tab_label)
            if taken is None:
                break
        for text in texts:
            if text not in taken and not (text.tabbed and text.line in value_lines):
                rows.append(_Row(None, [], heading=text))
        used += 1
        previous_texts = texts
    while rows and rows[-1].heading is not None:
        rows.pop()
    return rows, used


def _after_unlabelled_row(values: list[_Item], areas: int) -> list[_Item]:
    """A run of k single-value cells (a row whose label came before it, "percent change")
    then k stacked cells: the stacked cells, the row before them left out (no label
    after it names it)."""
    head, rest = values[:areas], values[areas:]
    if len({item.cell for item in head}) == areas and rest and \
            not {item.cell for item in head} & {item.cell for item in rest}:
        return rest
    return values


def _headed(texts: list[_Item]) -> tuple[_Item | None, list[_Item]]:
    """A cell of labels that starts with a sub-heading naming no period, and its labels."""
    if (len(texts) > 1 and not _periods_named(texts[0].text) and texts[0].cell == texts[1].cell
            and _periods_named(texts[1].text) == 1):
        return texts[0], texts[1:]
    return None, texts


def _stacked_rows(rows: list[_Row], values: list[_Item], texts: list[_Item],
                  depth: int) -> list[_Item]:
    """k cells of `depth` stacked values: row r takes each cell's r-th value and the
    r-th label after them (the first naming a period; a change row's label may follow);
    a cell of labels may start with the block's sub-heading ("Custody rate" over the
    periods). Without a label for every row none is read."""
    heading, texts = _headed(texts)
    labels = texts[:depth]
    if len(labels) < depth or _periods_named(labels[0].text) != 1 or any(
            label.tabbed or _periods_named(label.text) > 1 for label in labels):
        return []
    by_cell: dict[int, list[_Item]] = {}
    for item in values:
        by_cell.setdefault(item.cell, []).append(item)
    columns = list(by_cell.values())
    if heading is not None:
        rows.append(_Row(None, [], heading=heading))
    for row, label in enumerate(labels):
        rows.append(_Row(label, [column[row] for column in columns]))
    return labels if heading is None else [heading, *labels]


def _flat_rows(rows: list[_Row], values: list[_Item], texts: list[_Item], areas: int,
               tab_label: _Item | None) -> list[_Item] | None:
    """Runs of k values: the first labelled on its own line, the last by the label after
    it when that names one period; None when the run fits no row at all."""
    if tab_label is not None:
        if len(values) < areas:
            return None
        rows.append(_Row(tab_label, values[:areas]))
        values = values[areas:]
        if not values:
            return []
    if len(values) % areas:
        return None
    label = texts[0] if texts else None
    if label is None or label.tabbed or _periods_named(label.text) != 1:
        return []
    rows.append(_Row(label, values[-areas:]))
    return [label]


def _stub_last_wins(runs: list[tuple[list[_Item], list[_Item]]], before: list[_Item],
                    areas: int) -> bool:
    """Whether labels after the values name periods more often than the texts before
    them (the ordinary reading, label then values) would, and for half the runs or more: a
    period after a few runs only ("2019/20" over empty cells after a block's total row) heads
    the rows that follow, in a table labelled the ordinary way."""
    after = sum(1 for _, texts in runs if _periods_named(_headed(texts)[1][0].text
                                                         if texts else "") == 1)
    previous = [before, *(texts for _, texts in runs[:-1])]
    ahead = sum(1 for texts in previous if texts and _periods_named(texts[-1].text) == 1)
    return after > ahead and 2 * after >= len(runs)


def _leading_heading(items: list[_Item | None], index: int, header: list[_Item],
                     before: list[_Item]) -> list[_Row]:
    """A sub-heading printed above the header instead of under it (the pasted object's
    first merged row): when no text sits between header and values, the nearest phrase
    above the header that names no period heads the first block."""
    if before:
        return []
    position = _index_of(items, header[0]) - 1
    while position >= 0 and (items[position] is None or not items[position].is_value):
        item = items[position]
        if item is not None and not item.tabbed and len(item.text.split()) >= _HEADING_WORDS \
                and not _periods_named(item.text):
            return [_Row(None, [], heading=item)]
        position -= 1
    return []


def _upper_header(items: list[_Item | None], header: list[_Item]) -> list[_Item]:
    """A header row of cells printed over two rows: the k label cells just above the
    header's own, after their own empty stub cell ("England &" over "Wales"), are its
    upper row; one printed on a tab line or anything else is not."""
    if header[0].tabbed:
        return []
    position = _index_of(items, header[0]) - 1
    if position < 0 or items[position] is not None:
        return []
    upper: list[_Item] = []
    position -= 1
    while position >= 0 and items[position] is not None and len(upper) <= len(header):
        upper.insert(0, items[position])
        position -= 1
    if len(upper) != len(header) or position < 0 or not all(
            _is_area_label(item) and not item.tabbed and not item.is_value for item in upper):
        return []
    return upper


def _raw_block(upper: list[_Item], header: list[_Item], rows: list[_Row]) -> RawBlock:
    raw_rows = []
    for labels in (upper, header) if upper else (header,):
        first = min(item.line for item in labels)
        raw_rows.append(RawRow(first, [RawCell.make("", 0, first), *(
            RawCell.make(item.text, column, item.line)
            for column, item in enumerate(labels, start=1))]))
    for row in rows:
        if row.heading is not None:
            line = row.heading.line
            raw_rows.append(RawRow(line, [RawCell.make(row.heading.text, 0, line), *(
                RawCell.make("", column, line) for column in range(1, len(header) + 1))]))
            continue
        assert row.label is not None
        cells = [RawCell.make(row.label.text, 0, row.label.line)]
        cells += [RawCell.make(item.text, column, item.line)
                  for column, item in enumerate(row.values, start=1)]
        raw_rows.append(RawRow(min(item.line for item in row.values), cells))
    return RawBlock(CELLS, raw_rows, explicit_header_rows=2 if upper else 1)


__all__ = ["BLANK", "find_stub_last_blocks"]
