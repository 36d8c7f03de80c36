"""Small tables whose cells are parted by single spaces: a text box, or a PDF's
borderless table, copied as plain text ("Wigan 412 398 +3.5%" under "Jan 18 - Dec 18
Jan 17 - Dec 17 Change").

Character recognition prints a scanned table the same way (issue 15), with the grid's
rules as words ("|", "[", "_") or glued to a value ("£10,900|"), which are taken out.

Nothing but the kind of each word marks a cell, so a row is read only when it is
unambiguous: a label in words (no figure) or a period ("2016/17"), then k values
(numbers, markers such as "n/a", signed changes such as "+3.5%" or "-2.1pp"; a line of
years is a header, not a row). The line right above the first row
(or above one empty line) is the header, read by its periods: the words before the
first period head the labels, each period heads one column, the words after the last
period one more. A header without periods is parted where a heading starts with a
capital letter or after a rule ("Type of order Number"; "Staffing costs | Payments in
kind"), its first heading over the labels, or none when rows print a value under every
heading (when some rows do and others print one fewer, the header is not read); a
heading ending in a joining word ("Number of staff in the | YOT ...") is a title running
on, not two headings. A header a scan printed as two blocks of one heading each ("Type
of order", an empty line, "Number") heads a plain run of rows of one value. Units
wrapped onto the line under the headings ("(£) (£) funds (£) (£)") finish them when
every piece ends in a unit. The header gives k; a row of
another number of values (a scan dropped an empty cell: which column is each value's?),
a row with a bare mark in a value's place ("l": a 1 or a rule?) and a label whose values
were lost stay in the run but out of the table, reported as left out. A value damaged
in its place ("£O", "5l2,300": never a rule) keeps its column: the row's other values are
read and the damaged one is left out and reported. A row a scan printed short is put in
its columns only when the table's own sums (a last row "Total", a last column "Total")
leave one way (:mod:`pipeline.parse.sums`). A header whose capitals part more headings
than the rows have columns
("Period Darlington North East England" over three values: is "North East" one
heading?) heads no value here: its words go with the table (`Table.run_together`) for a
reader that knows the names. Rows labelled by periods may stand in sections, each under
a sub-heading's lines, one empty line allowed between any two lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise

from pipeline.parse.cellstream import MARKER, NUMBER, TEXT, cell_kind
from pipeline.parse.markup import clean_cell
from pipeline.parse.raw import RawBlock, RawCell, RawRow
from pipeline.parse.spaced import SPACED
from pipeline.parse.sums import placed_by_sums
from pipeline.parse.values import (
    CURRENCY_SIGNS,
    damaged_number,
    undo_ocr_digits,
    undo_ocr_letters,
    undo_ocr_pound,
    unglued,
)
from pipeline.periods import MONTH_NAMES

_MIN_ROWS = 2
_MIN_VALUES = 2
_MIN_ROWS_OF_ONE_VALUE = 3  # a label and one value a line: lists print that too
_MAX_LABEL_WORDS = 6
_BRACKETED = re.compile(r"^\(.*\)$")  # "(£)", "(000s)": a unit of the heading before it
_MAX_HEADING_WORDS = 6
_MAX_LABELS_ALONE = 2
_MAX_TITLE_WORDS = 15
_MAX_SECTION_LINES = 3  # a sub-heading wrapped in its merged cell, in a scan's lines
_MAX_SECTION_WORDS = 12
# Words a heading does not end in: a capital after them continues a phrase ("the YOT").
_JOINING_WORDS = frozenset({"the", "of", "by", "in", "and", "for", "to", "a", "an", "per",
                            "with", "&", "or", "on", "at", "from"})
# A heading may end in these, not a sentence ("Disposal No.").
_ABBREVIATIONS = frozenset({"No.", "Nos.", "no."})
# What a scan makes of a grid's rules: a word of its own, or glued to a value's ends.
_RULE_TOKEN = re.compile(r"[|\[\]_]+")
_RULE_CHARS = frozenset("|[]_")
_RULE_IN_LINE = re.compile(r"(?<!\S)[|\[\]_]+(?!\S)")
_GLUED_RULE = re.compile(r"^[|\[]+(?=[£$€\d(-])|(?<=[\d%)])[|\]]+$")
_MARKS = frozenset({"l", "I", "O"})  # a 1, a 0 or a rule?
_SIGN_APART = re.compile(r"([£$€])\s+(?=\d)")  # "£   41,289" in one tab cell: one amount
_GROUPED = re.compile(r"\d,\d{3}")
_SHORT_AMOUNT = re.compile(r"[£$€]\d{1,3}")
_SHORT = re.compile(r"\d{1,2}")
_THREE = re.compile(r"\d{3}(?:\.\d\d)?")
_CUT_NUMBER = re.compile(r"[£$€]?\d{1,3},")  # "86, 400": a group set apart
_YEAR = re.compile(r"(?:19|20)\d\d(?:\s*[/\-\u2013]\s*(?:19|20)?\d\d)?")
_UNIT_IN_HEADING = re.compile(r"\(?[£$€]'?000s?\)?")  # "(£000)": a figure a heading may hold
_PERIOD = re.compile(
    rf"(?<!\S)(?:(?:{MONTH_NAMES})\.?\s*(?:(?:19|20)?\d\d)?\s*(?:-|\u2013|to)\s*"
    rf"(?:{MONTH_NAMES})\.?\s*(?:19|20)?\d\d|(?:19|20)\d\d(?:\s*[/\-\u2013]\s*(?:19|20)?\d\d)?)"
    rf"(?:\s+cohort)?(?!\S)", re.IGNORECASE)


def find_word_row_blocks(lines: list[str], masked: list[bool],
                         tabbed: bool = False) -> list[RawBlock]:
    """Every run of single-spaced rows under a header of periods or of headings; masks
    its lines. `tabbed`: only runs whose tabs disagree (a tab here, a space there: "Wigan
    412<TAB>398"), which the tab reading would cut into cells of a label and a value."""
    blocks = []
    number = 2
    while number <= len(lines):
        found = _block(lines, masked, number, tabbed)
        if found is None:
            number += 1
            continue
        header, rows, last, together = found
        first = rows[0].line if header is None else header.line
        blocks.append(RawBlock(SPACED, rows if header is None else [header, *rows],
                               explicit_header_rows=0 if header is None else 1,
                               left_out=_left_out(lines, rows, first + 1, last),
                               run_together=together))
        for line in range(first, last + 1):
            masked[line] = True
        number = last + 1
    return blocks


Found = tuple[RawRow | None, list[RawRow], int, tuple[int, tuple[str, ...]] | None]


def _block(lines: list[str], masked: list[bool], start: int, tabbed: bool) -> Found | None:
    """The header, the rows of its width, the run's last line and the headings run
    together (see `_run_together`), for a run of rows starting at line `start`: rows
    right under their header, else rows labelled by periods in sections under it."""
    if masked[start] or not _opens_run(lines[start - 1], start, tabbed):
        return None
    found = _under_header(lines, masked, start, tabbed)
    if found is None and not tabbed:
        found = _sectioned_block(lines, masked, start)
    return found


def _under_header(lines: list[str], masked: list[bool], start: int,
                  tabbed: bool) -> Found | None:
    """The header right above line `start` (or above one empty line) and the rows of its
    width under it (None when there is none)."""
    above = start - 1
    if above > 1 and not lines[above - 1].strip():  # OCR prints an empty line under a header
        above -= 1
    if masked[above]:
        return None
    header = _header(lines[above - 1], above, tabbed)
    if header is None and not tabbed and above > 1 and not masked[above - 1]:
        header = _continued_header(lines[above - 2], lines[above - 1], above - 1)
    two_lines = False
    if header is None and not tabbed:
        header = _header_on_two_lines(lines, masked, above)
        two_lines = header is not None  # over rows of one value only
    if header is None and not tabbed:
        return _amounts_under_a_title(lines, masked, start, above)
    if header is None:
        return None
    width = max(cell.column for cell in header.cells)
    rows, last = _run(lines, masked, start, width, tabbed)
    if header.cells[0].column == 0 and _periods(lines[above - 1], tabbed) is None \
            and not two_lines:
        wider, _ = _run(lines, masked, start, width + 1, tabbed)
        if wider and rows:  # a heading over the labels, or a row that lost a cell?
            return None
        if wider:  # rows of a value under every heading: no heading over the labels
            header = RawRow(above, [RawCell.make(cell.text, cell.column + 1, above)
                                    for cell in header.cells])
            width, rows = width + 1, wider
    if not rows and not tabbed and _periods(lines[above - 1]) is None:
        together = _run_together(lines, masked, start, header)
        if together is not None:
            return together
    if two_lines and len(rows) != last - start + 1:
        return None  # lines of other widths under one heading: not a plain list of counts
    if not tabbed:
        rows = _placed_by_totals(lines, masked, start, width, header.cells[-1].text) or rows
    if len(rows) < (_MIN_ROWS if width >= _MIN_VALUES else _MIN_ROWS_OF_ONE_VALUE) or (
            tabbed and not _tabs_disagree(lines, [header, *rows])):
        # a title with a year ("Grant spend 2019-20") reads as a header of periods
        return None if tabbed else _amounts_under_a_title(lines, masked, start, above)
    return header, rows, last, None


def _run_together(lines: list[str], masked: list[bool], start: int,
                  header: RawRow) -> Found | None:
    """Rows under a header of words parted at capitals into more headings than the rows
    have columns ("Type of contract Strategic Manager Operational Manager Total" over a
    label and three values): which words make one heading is not the parser's to say
    ("North East" one heading, or "Town North"?). The rows of the most values (a scan
    drops empty cells, it does not make new ones) are read, at least two, with the
    header's first heading over their labels and none over their values; the headings
    go with the table for a reader that knows the names (`Table.run_together`)."""
    headings = tuple(cell.text for cell in header.cells)
    counts = [len(row.cells) - 1 for row in _run(lines, masked, start, None, False)[0]]
    width = max(counts, default=0)
    if width < _MIN_VALUES or len(headings) <= width + 1:
        return None
    rows, last = _run(lines, masked, start, width, False)
    rows = _placed_by_totals(lines, masked, start, width, headings[-1]) or rows
    if len(rows) < _MIN_ROWS:
        return None
    stub = RawRow(header.line, [RawCell.make(headings[0], 0, header.line)])
    return stub, rows, last, (header.line, headings)


def _placed_by_totals(lines: list[str], masked: list[bool], start: int, width: int,
                      last_heading: str) -> list[RawRow] | None:
    """The run's rows with those a scan printed short (an empty cell dropped: which
    column is each value's?) put in their columns where the table's own sums leave one
    way only: a last row "Total" printing every column's sum, and (under a last heading
    "Total") each row's values summing to its last one. Every placement of the short
    rows' values, in their order, is tried; read only when exactly one makes every sum
    hold, else None (the short rows stay out and are reported)."""
    run, last = _run(lines, masked, start, None, False)
    if not run or any(lines[n - 1].strip() and _row(lines[n - 1], n, False) is None
                      for n in range(start, last + 1)):
        return None  # a line in the run is not a row: its values are not in the sums
    return placed_by_sums(run, width, last_heading)


def _sectioned_block(lines: list[str], masked: list[bool], start: int) -> Found | None:
    """Rows labelled by their period, in sections each under a sub-heading of its own
    lines ("Use of custody rate per 1,000 of" / "10-17 population"), under a header of
    words ("Period Town County Country"), one empty line allowed between any two lines
    (a scan prints them). The sub-headings are rows of a label alone; the header's first
    heading stands over the periods, the others over the values, as many as the rows'
    most values, or run together (see `_run_together`)."""
    tokens = _tokens(lines[start - 1])
    if not tokens or _period_row(tokens, start) is None:
        return None
    above = _header_above_sections(lines, masked, start)
    if above is None:
        return None
    headings = worded_headings(lines[above - 1]) or []
    entries, last = _sectioned_run(lines, masked, above + 1)
    periods = [row for row in entries if len(row.cells) > 1]
    width = max((len(row.cells) - 1 for row in periods), default=0)
    if width < _MIN_VALUES or len(headings) < width + 1:
        return None
    placed = [row for row in periods if len(row.cells) == width + 1]
    if len(placed) < _MIN_ROWS:
        return None
    rows = [row for row in entries if len(row.cells) in (1, width + 1)]
    if len(headings) == width + 1:
        header = RawRow(above, [RawCell.make(text, column, above)
                                for column, text in enumerate(headings)])
        return header, rows, last, None
    stub = RawRow(above, [RawCell.make(headings[0], 0, above)])
    return stub, rows, last, (above, tuple(headings))


def _header_above_sections(lines: list[str], masked: list[bool], start: int) -> int | None:
    """The line of the header of words above the sub-heading lines (and empty lines)
    right above line `start`, None when there is none."""
    number, sections = start - 1, 0
    while number >= 1 and not masked[number] and sections <= _MAX_SECTION_LINES:
        line = lines[number - 1]
        if line.strip() and _header_of_words(line):
            return number
        if line.strip():
            if not _section_line(line):
                return None
            sections += 1
        number -= 1
    return None


def _header_of_words(line: str) -> bool:
    """A header line of two headings or more from a capital, not a sub-heading's ("rate
    (%)"; "First Time Entrants: PNC rate per": a label's colon, a joining word at the
    end)."""
    words = line.split()
    return len(worded_headings(line) or []) >= _MIN_VALUES and words[0][0].isupper() \
        and words[-1].casefold() not in _JOINING_WORDS \
        and not any(word.endswith(":") for word in words)


def _sectioned_run(lines: list[str], masked: list[bool], first: int
                   ) -> tuple[list[RawRow], int]:
    """From line `first` on: rows labelled by a period and the sub-heading lines before
    them (a row of the label alone), and the run's last line. A line of values alone or
    a period whose values cannot be read stays in the run, out of the table; sub-heading
    lines after the last row are not the run's."""
    entries: list[RawRow] = []
    pending: list[RawRow] = []
    last, number, blank = first, first, False
    while number <= len(lines) and not masked[number]:
        line = lines[number - 1].strip()
        tokens = _tokens(line) or []
        row = _period_row(tokens, number) if tokens else None
        if not line:
            if blank:
                break
        elif row is not None or _PERIOD.match(undo_ocr_digits(line)) or _values_alone(tokens):
            entries += [*pending, *([row] if row else [])]
            pending, last = [], number
        elif _section_line(line) and len(pending) < _MAX_SECTION_LINES:
            pending.append(RawRow(number, [RawCell.make(line, 0, number)]))
        else:
            break
        blank = not line
        number += 1
    return entries, last


def _section_line(line: str) -> bool:
    """A sub-heading's line: words (a figure or two among them: "per 1,000 of", "after
    12"), not a sentence, not a row of values."""
    tokens = _tokens(line) or []
    if not tokens or len(tokens) > _MAX_SECTION_WORDS or line.rstrip().endswith("."):
        return False
    values = 0
    while values < len(tokens) and _in_values_place(tokens[-1 - values]):
        values += 1
    return values <= 1 and any(ch.isalpha() for token in tokens for ch in token)


def _values_alone(tokens: Sequence[str]) -> bool:
    """A line of values only: a row's values a scan set apart from its label."""
    return bool(tokens) and all(_in_values_place(token) for token in tokens)


def _amounts_under_a_title(lines: list[str], masked: list[bool], start: int, above: int
                           ) -> Found | None:
    """A list of sums under a title and no header ("Grant spend 2019-20" over "Staffing
    £250,000", "Training £6,000"): rows of a label and one amount in pounds each, at
    least three, every value with its currency sign (a list of other figures, "Reduced
    first time entrants by 20%", is prose, not a table). No header: the title line is
    the table's caption."""
    title = lines[above - 1].strip()
    if not title or _row(title, above, False) is not None or title.endswith(".") \
            or cell_kind(title) != TEXT or len(title.split()) > _MAX_TITLE_WORDS:
        return None
    rows, last = _run(lines, masked, start, 1, False)
    if len(rows) < _MIN_ROWS_OF_ONE_VALUE or len(rows) != last - start + 1:
        return None  # lines in the run that are not such rows: not a plain list
    if not all(row.cells[1].text[:1] in CURRENCY_SIGNS for row in rows):
        return None
    return None, rows, last, None


def _opens_run(line: str, number: int, tabbed: bool) -> bool:
    """Whether a run of rows may start on this line: a row, or (in a scan) a row whose
    values were damaged, which stays out of the table but must not hide the rows under
    it from their header."""
    return _row(line, number, tabbed) is not None or (not tabbed and _unplaceable(line))


def _continued_header(upper: str, lower: str, number: int) -> RawRow | None:
    """A header of words whose headings wrapped their last words and units onto the line
    below ("... Other delegated Total" over "(£) (£) funds (£) (£)"). Read only when every
    piece of the lower line ends in a unit, so each piece is one heading's end: as many
    pieces as headings, or one fewer (the heading over the labels has no unit)."""
    headings = worded_headings(upper)
    pieces = _unit_pieces(lower)
    if headings is None or pieces is None or len(headings) < 2:
        return None
    if len(pieces) == len(headings):
        texts = [f"{heading} {piece}" for heading, piece in zip(headings, pieces, strict=True)]
    elif len(pieces) == len(headings) - 1:
        texts = [headings[0], *(f"{heading} {piece}"
                                for heading, piece in zip(headings[1:], pieces, strict=True))]
    else:
        return None
    return RawRow(number, [RawCell.make(text, column, number)
                           for column, text in enumerate(texts)])


def _header_on_two_lines(lines: list[str], masked: list[bool], number: int) -> RawRow | None:
    """A header of two headings a scan printed on lines of their own (each cell a block of
    text: "Type of order", an empty line, "Number"): the stub's heading on the line
    above (or above one empty line) and one heading over the values on line `number`.
    Read only over a plain run of rows of one value each (`_under_header` checks)."""
    value_heading = _single_heading(lines[number - 1])
    above = number - 1
    if above > 1 and not lines[above - 1].strip():
        above -= 1
    if value_heading is None or above < 1 or masked[above]:
        return None
    stub = _single_heading(lines[above - 1])
    if stub is None:
        return None
    return RawRow(number, [RawCell.make(stub, 0, above), RawCell.make(value_heading, 1, number)])


def _single_heading(line: str) -> str | None:
    """A line of one heading of words from a capital (no figure, no sentence), else None."""
    headings = worded_headings(line)
    if headings is None or len(headings) != 1 or not line.strip()[0].isupper():
        return None
    return headings[0]


def _unit_pieces(line: str) -> list[str] | None:
    """The lower line of a wrapped header as pieces, each lowercase words ending in a unit
    ("funds (£)", "(£)"); None for any other line."""
    pieces: list[str] = []
    words: list[str] = []
    for token in line.split():
        if _BRACKETED.match(token) or token in CURRENCY_SIGNS or _UNIT_IN_HEADING.fullmatch(token):
            pieces.append(" ".join([*words, token]))
            words = []
        elif token.isalpha() and token[0].islower():
            words.append(token)
        else:
            return None
    return pieces if pieces and not words else None


def _tabs_disagree(lines: list[str], rows: list[RawRow]) -> bool:
    """Whether some line's tabs part its cells otherwise than its words do (a label and a
    value in one tab cell, two values in one): then the tabs are not the columns."""
    if not any("\t" in lines[row.line - 1] for row in rows):
        return False  # no tab at all: the single-spaced (or space-aligned) finders' run
    for row in rows:
        by_tabs = [_SIGN_APART.sub(r"\1", text) for part in lines[row.line - 1].split("\t")
                   if (text := clean_cell(part).text)]
        if by_tabs != [cell.text for cell in row.cells]:
            return True
    return False


def _run(lines: list[str], masked: list[bool], start: int, width: int | None,
         tabbed: bool) -> tuple[list[RawRow], int]:
    """The rows of `width` values (of any number: None) from line `start` on, and the
    run's last row line.
    A row of another width (a scan dropped an empty cell, or merged two: which column
    is each value's?), a row whose values a scan left unreadable, and a line of a label
    alone (its values lost) stay in the run but out of the table: the run's report of
    numbers not read has their values."""
    rows: list[RawRow] = []
    last = start
    number = start
    labels_alone = 0
    while number <= len(lines) and not masked[number]:
        line = lines[number - 1]
        row = _row(line, number, tabbed)
        if row is not None or _unplaceable(line):
            if row is not None and (width is None or len(row.cells) == width + 1):
                rows.append(row)
            last, labels_alone = number, 0
        elif _label_alone(line) and labels_alone < _MAX_LABELS_ALONE:
            labels_alone += 1
        else:
            break
        number += 1
    return rows, last


@lru_cache(maxsize=8192)
def _tokens(line: str) -> tuple[str, ...] | None:
    """The line's words with a scan's grid rules taken out: a rule read as a word of its
    own ("|", "[", "_") and one glued to a value's end or start ("£10,900|", "85,000]"),
    and words parted where a pound amount was glued on (see `unglued`).
    None when a "|" stays inside a word, but for a letter a scan printed as one ("Po|ice",
    "|n kind", see `undo_ocr_letters`): the word is kept as printed. Cached: each finder
    asks of every line, twice."""
    tokens: list[str] = []
    ruled = any(char in line for char in _RULE_CHARS)
    for word in line.split():
        if not word[0].isdigit() and "£" not in word \
                and not (ruled and _RULE_CHARS.intersection(word)):
            tokens.append(word)  # a word (most of a page): no rule, no amount to join or part
            continue
        for token in unglued(word):
            if _RULE_TOKEN.fullmatch(token):
                continue
            bare = _GLUED_RULE.sub("", token)
            if bare != token and cell_kind(bare) != NUMBER:
                bare = token  # a rule only comes off a number
            if tokens and tokens[-1] in CURRENCY_SIGNS and cell_kind(bare) == NUMBER \
                    and bare[0].isdigit():
                bare = tokens.pop() + bare  # "£ 41,289": the sign set apart from its amount
            tokens.append(bare)
    if "|" in line and any("|" in undo_ocr_letters(token) for token in tokens):
        return None
    return tuple(tokens)


def _row(line: str, number: int, tabbed: bool) -> RawRow | None:
    """A label in words then values, each value a cell; None for any other line."""
    tokens = _tokens(line) if "\t" not in line or tabbed else None
    if tokens is None:
        return None
    if "£" in line and any(token.startswith("£") for token in tokens):  # an "E41,289"
        tokens = [undo_ocr_pound(token) for token in tokens]  # is one too
    values = 0
    while values < len(tokens) and _in_values_place(tokens[len(tokens) - 1 - values]):
        values += 1
    label = tokens[:len(tokens) - values]
    if not tabbed and not _label_words(label):
        return _period_row(tokens, number)
    if values < 1 or not _label_words(label) or _split_thousands(tokens[len(label):]):
        return None
    texts = [" ".join(label), *tokens[len(label):]]
    return RawRow(number, [RawCell.make(text, column, number)
                           for column, text in enumerate(texts)])


def _period_row(tokens: Sequence[str], number: int) -> RawRow | None:
    """A row labelled by its period ("2016/17 0.45 0.33 0.38", "Apr 17 - Mar 18 402
    355"): the period, then values none of which is a year (a line of years is a
    header, not a row)."""
    joined = " ".join(tokens)
    period = _PERIOD.match(undo_ocr_digits(joined))  # a year a scan misread: "Jan l8"
    if period is None:
        return None
    values = joined[period.end():].split()
    if not values or any(_YEAR.fullmatch(value) or not _in_values_place(value)
                         for value in values) or _split_thousands(values):
        return None
    label = joined[:period.end()]  # as printed
    return RawRow(number, [RawCell.make(text, column, number)
                           for column, text in enumerate([label, *values])])


def _in_values_place(token: str) -> bool:
    """A value, or a value a scan damaged that is surely a cell of its own ("5l2,300",
    "£O": a rule is never printed with a pound sign); a bare mark ("l") is not."""
    return _is_value(token) or damaged_number(token) or _marked_amount(token)


def _left_out(lines: list[str], rows: list[RawRow], first: int,
              last: int) -> list[tuple[int, str]]:
    """Why numbers printed in the run are not in the table: a row whose values could not
    be put in their columns, and a damaged value left out of its row."""
    placed = {row.line: row for row in rows}
    notes: list[tuple[int, str]] = []
    for number in range(first, last + 1):
        row = placed.get(number)
        if row is None:
            if any(ch.isdigit() for ch in lines[number - 1]):
                notes.append((number, "a scanned row whose values cannot be put in their "
                                      "columns (a value lost, merged or damaged)"))
            continue
        notes += [(number, f"value {cell.text!r} damaged by the scan: not read")
                  for cell in row.cells[1:] if not _is_value(cell.text)]
    return notes


def _split_thousands(values: Sequence[str]) -> bool:
    """Values of a row printing amounts grouped in thousands, where three bare digits
    follow a pound amount of at most three ("£41 289") or a bare value of one or two
    ("41 289"): one amount whose "," a scan read as a space, or two values? The row
    cannot be placed."""
    if not any(_GROUPED.search(value) for value in values):
        return False
    return any(_THREE.fullmatch(b) and (_SHORT_AMOUNT.fullmatch(a) or _SHORT.fullmatch(a))
               for a, b in pairwise(values))


def _label_words(words: Sequence[str]) -> bool:
    """Words that may label a row: no figure (but a letter a scan printed as a digit,
    "Probati0n"), not too many, not a sentence's end."""
    return bool(words) and len(words) <= _MAX_LABEL_WORDS and not words[-1].endswith(".") \
        and not any(ch.isdigit() for word in words for ch in undo_ocr_letters(word))


def _unplaceable(line: str) -> bool:
    """A row whose values a scan damaged: a label, then values among which a mark stands
    where a value may ("l": a 1 or a rule?), a number with a letter in it, a thousands
    group set apart ("86, 400", "£41 289")."""
    tokens = _tokens(line) or []
    # a label is at most _MAX_LABEL_WORDS words: the first value comes no later
    first = next((i for i, token in enumerate(tokens[:_MAX_LABEL_WORDS + 1])
                  if _is_value(token) or _damaged(token)), None)
    if first is None or not _label_words(tokens[:first]):
        return False
    rest = tokens[first:]
    damaged = [_damaged(token) for token in rest]
    return _split_thousands(rest) or (any(damaged) and all(
        _is_value(token) or hurt for token, hurt in zip(rest, damaged, strict=True)))


def _damaged(token: str) -> bool:
    """A value a scan damaged, or a mark where a value may stand."""
    return _marked(token) or damaged_number(token) or bool(_CUT_NUMBER.fullmatch(token))


def _marked(token: str) -> bool:
    """A mark where a value may stand, alone or after a pound sign ("l", "£O")."""
    return token in _MARKS or _marked_amount(token)


def _marked_amount(token: str) -> bool:
    """A pound sign before a mark ("£O"): an amount a scan damaged, never a rule."""
    return token[:1] in CURRENCY_SIGNS and token[1:] in _MARKS


def _label_alone(line: str) -> bool:
    """A row label without its values (a scan lost them), or a label wrapped in its cell."""
    tokens = _tokens(line) or []
    return _label_words(tokens) and cell_kind(" ".join(tokens)) == TEXT


def _is_value(token: str) -> bool:
    return cell_kind(token) in (NUMBER, MARKER)


def _header(line: str, number: int, tabbed: bool) -> RawRow | None:
    """The header line as cells: its periods (and the words around them), else its
    headings (see `_worded_headings`), each heading over a value column."""
    periods = _periods(line, tabbed)
    if periods is None:  # (the tabbed search is for rows under periods only)
        return None if tabbed else _worded_header(line, number)
    stub, tail = line[:periods[0].start()].strip(), line[periods[-1].end():].strip()
    headings = [match.group() for match in periods] + ([tail] if tail else [])
    if (stub and cell_kind(stub) != TEXT) or len(headings) < _MIN_VALUES:
        return None  # (one period over one value a line: a date above a list)
    if any("\t" in text for text in headings):
        return None  # a tab inside one heading parts two: the periods are not the columns
    if len(periods) == 1 and tail and len(worded_headings(tail) or []) > 1:
        return None  # "Partner 2020/21 Staffing costs Total": the year may be the stub's
    cells = [RawCell.make(stub, 0, number)] if stub else []
    cells += [RawCell.make(text, column, number) for column, text in enumerate(headings, 1)]
    return RawRow(number, cells)


def _worded_header(line: str, number: int) -> RawRow | None:
    """A header of words: the stub's heading, then one heading per value column."""
    headings = worded_headings(line)
    if headings is None or len(headings) < 2:
        return None
    return RawRow(number, [RawCell.make(text, column, number)
                           for column, text in enumerate(headings)])


def worded_headings(line: str) -> list[str] | None:
    """A header line of words parted into headings where it is unambiguous: a new heading
    starts at a capital letter or after a grid rule ("Type of order Number" is "Type of
    order" | "Number"; "Staffing costs | Payments in kind"). None for a line with a
    figure (but a unit such as "(£000)"), a tab or a sentence's end, or a heading of many
    words: not a header."""
    if "\t" in line or (line.rstrip().endswith((".", ":"))
                        and line.split()[-1] not in _ABBREVIATIONS) or any(
            any(ch.isdigit() for ch in undo_ocr_letters(word))
            and not _UNIT_IN_HEADING.fullmatch(word) for word in line.split()):
        return None
    headings: list[list[str]] = []
    for segment in _RULE_IN_LINE.split(line):
        words = segment.split()
        for index, word in enumerate(words):
            if "|" in word and "|" in undo_ocr_letters(word):
                # a rule glued to a word ("costs|Payments")
                return None
            share = word == "%" and words[index + 1:index + 2] == ["of"]  # "% of total"
            if index == 0 or undo_ocr_letters(word)[0].isupper() or share:
                headings.append([word])
            else:
                headings[-1].append(word)
    if any(len(words) > _MAX_HEADING_WORDS
           or not (undo_ocr_letters(words[0])[0].isalpha() or words[0] == "%")
           for words in headings):
        return None
    if any(words[-1].casefold() in _JOINING_WORDS for words in headings[:-1]):
        return None  # "Number of staff in the | YOT by ...": a title running on, not headings
    return [" ".join(words) for words in headings]


def _periods(line: str, tabbed: bool = False) -> list[re.Match[str]] | None:
    """The periods a heading line prints, none with words between them."""
    periods = list(_PERIOD.finditer(undo_ocr_digits(line)))  # "Jan l8": a scan's year
    if not periods or ("\t" in line and not tabbed) or "|" in line:
        return None
    if any(line[a.end():b.start()].strip() for a, b in pairwise(periods)):
        return None  # words between two periods: which column do they head?
    return periods


def period_count(line: str) -> int:
    """How many periods a heading line prints (0 when it is no line of periods)."""
    return len(_periods(line) or [])


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
