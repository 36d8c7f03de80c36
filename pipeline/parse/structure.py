"""From a raw block to table drafts: titles, header rows, wrapped lines, notes.

The steps, in order, for each block:

1. leading one-cell rows are the table's title (a title broken over two lines is
   two such rows, joined);
2. a one-cell row inside a tab block that is followed by a new header starts a
   new table with that row as its title;
3. the header rows are the rows above the first data row (or the marked ones in
   markdown/HTML; a text-only table has a header row when its first row is short
   labels over longer text, in capitals or in bold);
4. body lines that continue a wrapped cell ("... wellbeing of the" / "child?")
   are merged into the row above; a row label broken over two lines is joined;
5. trailing one-cell rows from the first note-like one down are notes;
6. in multi-row headers, fragments of one header split by OCR over the columns
   of a group ("Admini" | "strators" over "Part-time" | "Full-time") are joined,
   and an upper header is spread over the columns of the header row below it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

from pipeline.parse.cellstream import (
    CELLS,
    MARKER,
    NUMBER,
    TEXT,
    cell_kind,
    completes_a_period,
    names_a_period,
)
from pipeline.parse.classify import looks_like_toc
from pipeline.parse.lines import is_note
from pipeline.parse.raw import HTML, TSV, RawBlock, RawCell, RawRow
from pipeline.parse.rows import (
    continues_text,
    filled,
    is_data,
    is_open_text,
    is_single,
    is_text_row,
    looks_like_header,
    same_texts,
    width,
)
from pipeline.parse.spaced import SPACED
from pipeline.parse.values import CURRENCY_SIGNS

_MAX_HEADER_ROWS = 4
_MIN_SIGN_ROWS = 2
_CONNECTORS = frozenset(
    {"and", "of", "the", "for", "to", "in", "with", "&", "or", "by", "on", "per", "a", "an", "-"}
)
_NOTE_MIN_WORDS = 9
_HEADER_LABEL_WORDS = 6


@dataclass
class Draft:
    """A table before it gets its place in the document (index, caption, kind)."""

    format: str
    rows: list[RawRow]
    header_rows: int
    title: str | None = None
    title_line: int | None = None
    notes: list[tuple[int, str]] = field(default_factory=list)
    caption: tuple[int, str] | None = None
    extent: tuple[int, int] | None = None  # lines of the whole block (HTML tags included)
    left_out: list[tuple[int, str]] = field(default_factory=list)  # rows the finder could not place
    run_together: tuple[int, tuple[str, ...]] | None = None  # see RawBlock.run_together

    @property
    def n_columns(self) -> int:
        """Columns reached by any printed cell."""
        return max((width(row) for row in self.rows), default=0)

    @property
    def first_line(self) -> int:
        """First line of the draft, its title included."""
        lines = [row.line for row in self.rows]
        lines += [self.title_line] if self.title_line else []
        lines += [self.extent[0]] if self.extent else []
        return min(lines)

    @property
    def last_line(self) -> int:
        """Last line of the draft, its notes included."""
        lines = [cell.line for row in self.rows for cell in row.cells]
        lines += [line for line, _ in self.notes]
        lines += [self.extent[1]] if self.extent else []
        return max(lines)

    def texts(self) -> list[list[str]]:
        """Cleaned texts on a rectangular grid."""
        columns = self.n_columns
        grid = [[""] * columns for _ in self.rows]
        for index, row in enumerate(self.rows):
            for cell in row.cells:
                if cell.column < columns:
                    grid[index][cell.column] = cell.text
        return grid


def build_drafts(block: RawBlock) -> list[Draft]:
    """The tables a block holds (none when it is not a table)."""
    rows = [row for row in block.rows if filled(row)]
    titles, rows, explicit = _take_titles(rows, block.explicit_header_rows) \
        if block.run_together is None else ([], rows, block.explicit_header_rows)  # a header
    sections = _split_sections(rows) if block.format == TSV else [(None, rows)]
    drafts = []
    for number, (section_title, section) in enumerate(sections):
        title_rows = titles if number == 0 else [section_title] if section_title else []
        draft = _draft(block.format, section, explicit if number == 0 else None, title_rows)
        if number == 0:
            draft.caption = block.caption
            draft.left_out = list(block.left_out)
            draft.run_together = block.run_together
        if len(sections) == 1:
            draft.extent = block.extent
        if _is_table(draft):
            drafts.append(draft)
    return drafts


def _draft(fmt: str, rows: list[RawRow], explicit: int | None, titles: list[RawRow]) -> Draft:
    header = _header_rows(rows, explicit)
    gridded = fmt in (HTML, CELLS)  # rows are known: no wrapped lines to fold back
    if not gridded and fmt != SPACED:  # a layout's wrapped labels are folded by position
        rows = _merge_wrapped(rows, header)
    rows, notes = _take_notes(rows, header)
    if not gridded:
        rows = _merge_split_labels(rows, header)
    if fmt != HTML:
        _fix_header_words(rows, header)
        _move_stranded_headings(rows, header)
    if fmt == TSV:
        _shift_stubless_header(rows, header)
    _join_currency_columns(rows, header)
    rows = _trim(rows)
    printed_title = " ".join(filled(row)[0].text for row in titles)
    title = " — ".join(part for part in [printed_title, *_take_subtitles(rows, header)] if part)
    return Draft(fmt, rows, header, title or None, titles[0].line if titles else None, notes)


_MIN_BODY_ROWS_TO_MOVE_HEADING = 3


def _shift_stubless_header(rows: list[RawRow], header: int) -> None:
    """A header row one cell short of every body row, starting with a period
    ("Jan 18 - Dec 18<TAB>Jan 17 - Dec 17<TAB>Change" over "Wigan<TAB>412<TAB>398<TAB>+3%"),
    prints no heading over the row labels: it starts one column in. (A period never heads
    a column of labels that name no period; a header starting with a stub heading such
    as "Area" stays put, its last column unheaded.)"""
    body = [row for row in rows[header:] if filled(row)]
    if header != 1 or not body:
        return
    cells = filled(rows[0])
    columns = [cell.column for cell in cells]
    widths = {width(row) for row in body}
    if columns != list(range(len(cells))) or widths != {len(cells) + 1} \
            or not names_a_period(cells[0].text):
        return
    if any(cell_kind(filled(row)[0].text) != TEXT or filled(row)[0].column for row in body):
        return
    for cell in cells:
        cell.column += 1


def _move_stranded_headings(rows: list[RawRow], header: int) -> None:
    """A heading over a column no body row prints anything in, beside a column that
    prints values under an empty heading: the heading belongs to the values (a header
    cell merged or shifted one cell in Word, "Staffing" over an empty column, then an
    empty heading over the amounts). Moved only when exactly one neighbour fits, in a
    one-row header over at least three body rows."""
    body = rows[header:]
    if header != 1 or len(body) < _MIN_BODY_ROWS_TO_MOVE_HEADING:
        return
    heading = {cell.column: cell for cell in rows[0].cells}

    def printed(column: int) -> int:
        return sum(any(c.column == column and c.text for c in row.cells) for row in body)

    def bare(column: int) -> bool:
        cell = heading.get(column)
        return cell is None or not cell.text

    columns = max((width(row) for row in rows), default=0)
    for column in range(1, columns):
        cell = heading.get(column)
        if cell is None or not cell.text or printed(column):
            continue
        targets = [n for n in (column - 1, column + 1) if 0 < n < columns and bare(n)
                   and 2 * printed(n) > len(body)]
        if len(targets) != 1:
            continue
        target = targets[0]
        rows[0].cells = [c for c in rows[0].cells if c.column != target]
        cell.column = target
        rows[0].cells.sort(key=lambda c: c.column)
        heading = {c.column: c for c in rows[0].cells}


def _is_table(draft: Draft) -> bool:
    """At least two rows with two printed cells: anything less is not a table."""
    return draft.n_columns >= 2 and sum(1 for row in draft.rows if len(filled(row)) >= 2) >= 2


def _trim(rows: list[RawRow]) -> list[RawRow]:
    """Drop printed-but-empty cells beyond the last column that has text."""
    limit = max((width(row) for row in rows), default=0)
    for row in rows:
        row.cells = [cell for cell in row.cells if cell.column < limit]
        for cell in row.cells:
            cell.colspan = min(cell.colspan, limit - cell.column)
    return rows


def _take_titles(
    rows: list[RawRow], explicit: int | None
) -> tuple[list[RawRow], list[RawRow], int | None]:
    """Leading one-cell rows are the title; the marked header shrinks accordingly."""
    count = 0
    while count < len(rows) - 2 and is_single(rows[count]):
        count += 1
    if explicit is not None:
        explicit = explicit - count if explicit > count else None
    return rows[:count], rows[count:], explicit


def _split_sections(rows: list[RawRow]) -> list[tuple[RawRow | None, list[RawRow]]]:
    """Split a tab block where a one-cell row introduces a new header (a new table)."""
    sections: list[tuple[RawRow | None, list[RawRow]]] = []
    title: RawRow | None = None
    start = 0
    for index in range(1, len(rows) - 1):
        if is_single(rows[index]) and _opens_table(rows[start:index], rows[index + 1 :]):
            sections.append((title, rows[start:index]))
            title, start = rows[index], index + 1
    sections.append((title, rows[start:]))
    return sections


def _opens_table(before: list[RawRow], after: list[RawRow]) -> bool:
    header = next((row for row in before if len(filled(row)) > 1), None)
    if header is None:
        return False
    following = after[0]
    if same_texts(header, following):
        return True
    return (
        looks_like_header(following)
        and any(is_data(row) for row in before)
        and any(is_data(row) for row in after[1:])
    )


def _header_rows(rows: list[RawRow], explicit: int | None) -> int:
    """How many rows at the top are header rows."""
    if explicit is not None:
        return min(explicit, max(len(rows) - 1, 0))
    if looks_like_toc([[cell.text for cell in row.cells] for row in rows]):
        return 0
    leading = 0  # header rows: above the first data row, each labelling columns
    while leading < len(rows) and not is_data(rows[leading]):
        if leading and is_single(rows[leading]):
            break
        leading += 1
    if 0 < leading <= _MAX_HEADER_ROWS and leading < len(rows):
        return leading
    if leading == 0:
        return 0
    return 1 if _text_header(rows) else 0


def _text_header(rows: list[RawRow]) -> bool:
    """In a table without numbers: is the first row a header over the others?"""
    if len(rows) < 2:
        return False
    first, body = rows[0], rows[1:]
    cells = filled(first)
    if len(cells) < 2:
        return False
    if all(cell.bold for cell in cells) and sum(_all_bold(row) for row in body) < len(body) / 2:
        return True
    if any(_capitals_over_mixed(cell, body) for cell in cells):
        return True
    if not looks_like_header(first):
        return False
    if any(_digits_below_only(cell, body) for cell in cells):
        return True
    longer = sum(1 for cell in cells if _column_median(body, cell.column) >= 2 * len(cell.text))
    return longer * 2 >= len(cells)


def _digits_below_only(cell: RawCell, body: list[RawRow]) -> bool:
    """A column whose body cells all print figures ('0-6', '50-64%') under a wordy label."""
    below = [c.text for row in body for c in filled(row) if c.column == cell.column]
    return len(below) >= 2 and not _has_digit(cell.text) and all(_has_digit(text) for text in below)


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def _all_bold(row: RawRow) -> bool:
    cells = filled(row)
    return bool(cells) and all(cell.bold for cell in cells)


def _capitals_over_mixed(cell: RawCell, body: list[RawRow]) -> bool:
    if not _is_capitals(cell.text):
        return False
    below = [c.text for row in body for c in filled(row) if c.column == cell.column]
    return bool(below) and sum(1 for text in below if _is_capitals(text)) < len(below) / 2


def _is_capitals(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _column_median(rows: list[RawRow], column: int) -> float:
    lengths = [len(c.text) for row in rows for c in filled(row) if c.column == column]
    return median(lengths) if lengths else 0.0


def _take_subtitles(rows: list[RawRow], header: int) -> list[str]:
    """A sentence in the stub of an upper header row is a subtitle, not a column label.

    ("Summary of latest published performance - April 2018 to March 2019" above
    the "Indicator" label.) Its text moves to the title; the raw cell stays.
    """
    subtitles: list[str] = []
    for row in rows[: max(header - 1, 0)]:
        stub = _cell_at(row, 0)
        if stub is not None and stub.text and len(stub.text.split()) > _HEADER_LABEL_WORDS:
            subtitles.append(stub.text)
            stub.text = ""
    return subtitles


def _merge_wrapped(rows: list[RawRow], header: int) -> list[RawRow]:
    """Fold lines that continue a wrapped text cell into the row above."""
    merged = rows[:header]
    for row in rows[header:]:
        if len(merged) > header and _continues(merged[-1], row):
            _append_row(merged[-1], row)
        else:
            merged.append(row)
    return merged


_PERIOD_END_WORDS = 6  # "Oct 15 - Dec 15 cohort": a period and one word after it


def _ends_on_a_period(text: str) -> bool:
    """A label whose last words name a period ("Jul 16 - Jun 17", "Reoffences per
    reoffender Oct 15 - Dec 15 cohort") has finished: lowercase text under it
    ("change from baseline") is a row of its own, not the rest of the label."""
    if _breaks_mid_phrase(text):
        return False
    words = text.split()
    return any(names_a_period(" ".join(words[-count:]))
               for count in range(1, min(len(words), _PERIOD_END_WORDS) + 1))


def _breaks_mid_phrase(line: str) -> bool:
    """A line ending on a connector ("... wellbeing of the"), a comma or a hyphen stops
    mid-phrase."""
    words = line.split()
    return bool(words) and (words[-1].casefold() in _CONNECTORS or line.endswith((",", "-")))


def _continues(previous: RawRow, row: RawRow) -> bool:
    cells = filled(row)
    if not cells or not is_text_row(row):
        return False
    printed_above = {cell.column for cell in filled(previous)}
    if printed_above <= {cell.column for cell in cells}:
        return False  # a complete row of its own
    above = _cell_at(previous, cells[0].column)
    if len(cells) == 1 and above is not None and completes_a_period(above.text, cells[0].text):
        return True
    return (
        continues_text(cells[0].text)
        and above is not None
        and bool(above.text)
        and is_open_text(above.text)
        and not _ends_on_a_period(above.text)
    )


def _append_row(target: RawRow, row: RawRow) -> None:
    for cell in filled(row):
        above = _cell_at(target, cell.column)
        if above is None:
            target.cells.append(cell)
            target.cells.sort(key=lambda c: c.column)
        elif above.text:
            above.text = f"{above.text} {cell.text}"
            above.raw = f"{above.raw}\n{cell.raw}"
        else:
            above.text, above.raw, above.line = cell.text, cell.raw, cell.line


def _join_currency_columns(rows: list[RawRow], header: int) -> None:
    """A column printing only currency signs ("£" | "512,300", an accounting layout in a
    spreadsheet pasted into a plan) is the sign of the amounts right of it: each sign
    joins its amount ("£ 512,300", cited on the amount's line), the column's heading heads
    the amounts when they have none, and the columns beyond move left."""
    column, columns = 1, max((width(row) for row in rows), default=0)
    while column < columns:
        if _signs_only(rows[header:], column):
            for row in rows[header:]:
                _join_sign(row, column)
            for row in rows[:header]:
                _move_heading(row, column)
            for row in rows:
                for cell in row.cells:
                    if cell.column > column:
                        cell.column -= 1
            columns -= 1
        column += 1


def _signs_only(body: list[RawRow], column: int) -> bool:
    """Whether every body cell of the column is a currency sign with a value right of it
    (at least two such rows), or empty with nothing right of it."""
    signs = 0
    for row in body:
        cell, after = _cell_at(row, column), _cell_at(row, column + 1)
        if cell is None or not cell.text:
            if after is not None and after.text:
                return False
            continue
        if cell.text not in CURRENCY_SIGNS or after is None or cell_kind(after.text) not in (
                NUMBER, MARKER):
            return False
        signs += 1
    return signs >= _MIN_SIGN_ROWS


def _join_sign(row: RawRow, column: int) -> None:
    sign, amount = _cell_at(row, column), _cell_at(row, column + 1)
    if sign is not None:
        row.cells.remove(sign)
        if amount is not None and sign.text:
            amount.text = f"{sign.text} {amount.text}"
            amount.raw = f"{sign.raw} {amount.raw}"


def _move_heading(row: RawRow, column: int) -> None:
    """The sign column's heading heads the amounts (or spans one column fewer)."""
    heading, over_amounts = _cell_at(row, column), _cell_at(row, column + 1)
    if heading is None:
        return
    if heading.colspan > 1:
        heading.colspan -= 1
        return
    row.cells.remove(heading)
    if over_amounts is None or not over_amounts.text:
        if over_amounts is not None:
            row.cells.remove(over_amounts)
        heading.column = column + 1
        row.cells.append(heading)
        row.cells.sort(key=lambda c: c.column)


def _cell_at(row: RawRow, column: int) -> RawCell | None:
    return next((cell for cell in row.cells if cell.column == column), None)


def _take_notes(rows: list[RawRow], header: int) -> tuple[list[RawRow], list[tuple[int, str]]]:
    """Trailing one-cell rows, from the first that reads as a note, are notes."""
    start = len(rows)
    while start - 1 > header and is_single(rows[start - 1]):
        start -= 1
    for index in range(start, len(rows)):
        text = filled(rows[index])[0].text
        if is_note(text) or len(text.split()) >= _NOTE_MIN_WORDS or filled(rows[index])[0].bold:
            notes = [(row.line, filled(row)[0].text) for row in rows[index:]]
            return rows[:index], notes
    return rows, []


def _merge_split_labels(rows: list[RawRow], header: int) -> list[RawRow]:
    """Join a row label printed over two lines: 'Seconded Health and' / 'Social Care | 4'."""
    merged = rows[:header]
    for row in rows[header:]:
        previous = merged[-1] if len(merged) > header else None
        if previous is not None and _is_label_start(previous, row):
            label = row.cells[0] if row.cells and row.cells[0].column == 0 else None
            if label is not None and label.text:
                head = filled(previous)[0]
                label.text = f"{head.text} {label.text}"
                label.raw = f"{head.raw}\n{label.raw}"
                label.line = head.line
                merged[-1] = row
                continue
        merged.append(row)
    return merged


def _is_label_start(previous: RawRow, row: RawRow) -> bool:
    if not is_single(previous) or len(filled(row)) < 2:
        return False
    label = filled(row)[0]
    if label.column != 0:
        return False
    head = filled(previous)[0].text
    last_word = head.split()[-1].casefold() if head.split() else ""
    return continues_text(label.text) or last_word in _CONNECTORS or head.endswith((",", "-"))


def _fix_header_words(rows: list[RawRow], header: int) -> None:
    """Join OCR-split header words over column groups and spread upper headers."""
    if header < 2:
        return
    groups = _repeating_groups(rows[header - 1])
    for upper in rows[: header - 1]:
        for start, size in groups:
            _merge_group(upper, start, size)
    for level in range(header - 1):
        _spread(rows[level], rows[level + 1])


def _repeating_groups(row: RawRow) -> list[tuple[int, int]]:
    """Column groups shown by a repeating lower header: Part-time, Full-time, Part-time..."""
    labels = {cell.column: cell.text.casefold() for cell in filled(row) if cell.column > 0}
    if not labels:
        return []
    start = min(labels)
    run: list[str] = []
    while start + len(run) in labels:
        run.append(labels[start + len(run)])
    for size in (2, 3, 4):
        if len(run) % size or len(run) // size < 2 or len(set(run[:size])) != size:
            continue
        if all(label == run[i % size] for i, label in enumerate(run)):
            return [(start + k, size) for k in range(0, len(run), size)]
    return []


def _merge_group(row: RawRow, start: int, size: int) -> None:
    members = [_cell_at(row, column) for column in range(start, start + size)]
    texts = [cell.text for cell in members if cell is not None and cell.text]
    if not texts:
        return
    anchor = members[0]
    if anchor is None:
        anchor = RawCell("", start, row.line)
        row.cells.append(anchor)
        row.cells.sort(key=lambda c: c.column)
    anchor.text = _join_fragments(texts)
    anchor.colspan = size
    for cell in members[1:]:
        if cell is not None:
            cell.text = ""


def _join_fragments(texts: list[str]) -> str:
    """Join header fragments; a fragment starting in lowercase continues the word."""
    parts: list[str] = []
    for text in texts:
        if parts and parts[-1] == text:
            continue
        parts.append(text)
    joined = parts[0]
    for part in parts[1:]:
        glue = "" if joined[-1].isalpha() and part[0].islower() else " "
        joined = f"{joined}{glue}{part}"
    return joined


def _spread(upper: RawRow, lower: RawRow) -> None:
    """Carry an upper header over the following columns it visibly heads."""
    covered = _columns(filled(upper))
    below = _columns(filled(lower))
    for cell in filled(upper):
        if cell.column == 0 or cell.colspan > 1:
            continue
        end = cell.column + 1
        while end not in covered and end in below:
            end += 1
        cell.colspan = end - cell.column
        covered.update(range(cell.column, end))


def _columns(cells: list[RawCell]) -> set[int]:
    return {c for cell in cells for c in range(cell.column, cell.column + cell.colspan)}
