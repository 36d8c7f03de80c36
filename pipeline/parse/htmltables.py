"""HTML ``<table>`` blocks: rows, cells, spans and header cells, with source lines.

Parsed with a small tag scanner rather than an HTML parser so that every cell's
raw inner HTML and its exact source line are known (a table may sit on one long
line or spread over many). Tags that are not table structure stay inside the
cell's raw text and are cleaned like any other cell markup.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from pipeline.parse.markup import clean_text
from pipeline.parse.raw import HTML, RawBlock, RawCell, RawRow

_TABLE_TAG = re.compile(r"<(/?)table\b[^>]*>", re.IGNORECASE)
_STRUCTURE_TAG = re.compile(
    r"<(/?)(table|thead|tbody|tfoot|tr|td|th|caption)\b([^>]*)>", re.IGNORECASE
)
_SPAN_ATTR = re.compile(r"\b(colspan|rowspan)\s*=\s*[\"']?\s*(\d+)", re.IGNORECASE)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_MAX_SPAN = 50


@dataclass
class _OpenCell:
    start: int  # offset of the cell content
    line: int
    th: bool
    colspan: int
    rowspan: int


@dataclass
class _State:
    rows: list[list[tuple[_OpenCell, str]]] = field(default_factory=list)
    head_flags: list[bool] = field(default_factory=list)
    row: list[tuple[_OpenCell, str]] | None = None
    cell: _OpenCell | None = None
    in_head: bool = False
    caption_start: int | None = None
    caption: tuple[int, str] | None = None


def find_html_blocks(text: str, lines: list[str], masked: list[bool]) -> list[RawBlock]:
    """Every top-level ``<table>`` of the text as a block; masks the lines it uses."""
    if "<table" not in text.lower():
        return []
    starts = _line_starts(text)
    blocks = []
    position = 0
    while (span := _next_table(text, position)) is not None:
        begin, end = span
        position = end
        block = _parse_table(text, begin, end, starts)
        first, last = _line_of(starts, begin), _line_of(starts, max(begin, end - 1))
        for line in range(first, last + 1):
            masked[line] = True
        if block is not None:
            block.extent = (first, last)
            blocks.append(block)
    return blocks


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(match.end() for match in re.finditer("\n", text))
    return starts


def _line_of(starts: list[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset)


def _next_table(text: str, position: int) -> tuple[int, int] | None:
    """Offsets of the next top-level table, nested tables included in it."""
    depth = 0
    begin = None
    for match in _TABLE_TAG.finditer(text, position):
        if not match.group(1):
            if depth == 0:
                begin = match.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0 and begin is not None:
                return begin, match.end()
    if begin is None:
        return None
    blank = _BLANK_LINE.search(text, begin)  # unclosed table: stop at a blank line
    return begin, blank.start() if blank else len(text)


def _parse_table(text: str, begin: int, end: int, starts: list[int]) -> RawBlock | None:
    state = _State()
    depth = 0
    for match in _STRUCTURE_TAG.finditer(text, begin, end):
        closing, name = bool(match.group(1)), match.group(2).lower()
        if name == "table":
            depth += -1 if closing else 1
            if depth == 0:
                _close_row(state, text, match.start())
            continue
        if depth != 1:
            continue  # structure of a nested table stays inside the outer cell
        _handle_tag(state, text, match, closing, name, starts)
    _close_row(state, text, end)
    return _to_block(state)


def _handle_tag(
    state: _State,
    text: str,
    match: re.Match[str],
    closing: bool,
    name: str,
    starts: list[int],
) -> None:
    if name == "caption":
        if closing and state.caption_start is not None:
            caption = clean_text(text[state.caption_start : match.start()])
            if caption:
                state.caption = (_line_of(starts, state.caption_start), caption)
            state.caption_start = None
        elif not closing:
            state.caption_start = match.end()
    elif name == "thead":
        state.in_head = not closing
    elif name in ("tbody", "tfoot"):
        state.in_head = False
    elif name == "tr":
        _close_row(state, text, match.start())
        if not closing:
            state.row = []
            state.head_flags.append(state.in_head)
    elif name in ("td", "th"):
        _close_cell(state, text, match.start())
        if not closing:
            _open_cell(state, match, name == "th", _line_of(starts, match.start()))


def _open_cell(state: _State, match: re.Match[str], th: bool, line: int) -> None:
    if state.row is None:  # a cell outside <tr>: start an implicit row
        state.row = []
        state.head_flags.append(state.in_head)
    spans = {key.lower(): int(value) for key, value in _SPAN_ATTR.findall(match.group(3))}
    state.cell = _OpenCell(
        start=match.end(),
        line=line,
        th=th,
        colspan=min(max(spans.get("colspan", 1), 1), _MAX_SPAN),
        rowspan=min(max(spans.get("rowspan", 1), 1), _MAX_SPAN),
    )


def _close_cell(state: _State, text: str, offset: int) -> None:
    if state.cell is not None and state.row is not None:
        state.row.append((state.cell, text[state.cell.start : offset]))
    state.cell = None


def _close_row(state: _State, text: str, offset: int) -> None:
    _close_cell(state, text, offset)
    if state.row is not None:
        state.rows.append(state.row)
    state.row = None


def _to_block(state: _State) -> RawBlock | None:
    """Place cells on a grid, honouring colspan and rowspan."""
    occupied: set[tuple[int, int]] = set()
    rows: list[RawRow] = []
    flags: list[bool] = []
    for printed, in_head in zip(state.rows, state.head_flags, strict=False):
        if not printed:
            continue
        index = len(rows)
        cells = []
        column = 0
        for cell, raw in printed:
            while (index, column) in occupied:
                column += 1
            made = RawCell.make(
                raw, column, cell.line, colspan=cell.colspan, rowspan=cell.rowspan, th=cell.th
            )
            cells.append(made)
            for r in range(index, index + cell.rowspan):
                for c in range(column, column + cell.colspan):
                    occupied.add((r, c))
            column += cell.colspan
        rows.append(RawRow(line=printed[0][0].line, cells=cells))
        flags.append(in_head or all(cell.th for cell, _ in printed))
    if not rows:
        return None
    header = 0
    while header < len(rows) and flags[header]:
        header += 1
    explicit = header or None  # no marked header row: structure decides
    return RawBlock(HTML, rows, explicit_header_rows=explicit, caption=state.caption)
