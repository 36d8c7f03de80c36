"""Context around a table: its caption above and its notes/source lines below.

The caption is the nearest title text above the table: a ``#`` heading, a
"Table 3: ..." label, a short bold line (possibly broken over two lines), or, in
documents that mark no headings, a short title-like line. A table with its own
title row only takes the line right above it, so that a distant heading never
overrides a title printed in the table. Prose is never a caption.
"""

from __future__ import annotations

from pipeline.parse.lines import (
    is_blank,
    is_note,
    is_plain_heading,
    is_table_label,
    is_wholly_bold,
    markdown_heading,
)
from pipeline.parse.markup import clean_text

_LOOKBACK = 8  # non-blank text lines a caption may be above its table
_MAX_CAPTION = 200
_MAX_BOLD_CAPTION = 120
_MAX_NOTE_GAP = 3  # blank lines between a table and its source line


def find_caption(
    lines: list[str],
    first_line: int,
    has_title: bool,
    occupied: set[int],
    headings_marked: bool,
) -> tuple[int, str] | None:
    """The (line, text) of the caption above ``first_line``, if any."""
    budget = _LOOKBACK
    number = first_line - 1
    while number >= 1 and budget > 0:
        line = lines[number - 1]
        if is_blank(line):
            number -= 1
            continue
        if number in occupied or "\t" in line:
            if has_title:
                return None
            number -= 1  # a sibling table under the same heading
            continue
        caption = caption_at(lines, number, headings_marked)
        if caption is not None or has_title:
            return caption
        budget -= 1
        number -= 1
    return None


def find_caption_below(
    lines: list[str], last_line: int, occupied: set[int]
) -> tuple[int, str] | None:
    """A numbered caption printed right under a table ("Table 4: Number of staff ...", as
    Word places them), for a table with none above; not one heading the next table."""
    number = _next_text_line(lines, last_line)
    if number is None or number in occupied or "\t" in lines[number - 1]:
        return None
    text = clean_text(lines[number - 1])
    if not text.lower().startswith("table") or not is_table_label(text) \
            or len(text) > _MAX_CAPTION:
        return None
    following = _next_text_line(lines, number)
    return None if following is not None and following in occupied else (number, text)


def _next_text_line(lines: list[str], after: int) -> int | None:
    """The first line after ``after`` with text, within one blank line."""
    for number in range(after + 1, min(after + 3, len(lines) + 1)):
        if not is_blank(lines[number - 1]):
            return number
    return None


def caption_at(lines: list[str], number: int, headings_marked: bool) -> tuple[int, str] | None:
    """The caption printed on line ``number`` (or ending there), if it is one."""
    line = lines[number - 1]
    heading = markdown_heading(line)
    if heading is not None:
        return number, heading
    text = clean_text(line)
    if not text:
        return None
    if is_table_label(text) and len(text) <= _MAX_CAPTION:
        return number, text
    if is_wholly_bold(line) and len(text) <= _MAX_BOLD_CAPTION:
        return number, text
    broken = _broken_bold(lines, number)
    if broken is not None:
        return broken
    if not headings_marked and is_plain_heading(line):
        return number, text
    return None


def _broken_bold(lines: list[str], number: int) -> tuple[int, str] | None:
    """A bold title broken over two or three lines: '**YOS' / 'Volunteers**'."""
    line = lines[number - 1].strip()
    if not line.endswith("**") or line.startswith("**"):
        return None
    parts = [line]
    for above in range(number - 1, max(number - 3, 0), -1):
        previous = lines[above - 1].strip()
        if not previous:
            return None
        parts.insert(0, previous)
        if previous.startswith("**"):
            joined = " ".join(parts)
            text = clean_text(joined)
            if is_wholly_bold(joined) and text and len(text) <= _MAX_BOLD_CAPTION:
                return above, text
            return None
    return None


def collect_notes(lines: list[str], last_line: int, occupied: set[int]) -> list[tuple[int, str]]:
    """Source and notes lines printed under a table ('Data Source: ...')."""
    notes: list[tuple[int, str]] = []
    blanks = 0
    number = last_line + 1
    while number <= len(lines):
        line = lines[number - 1]
        if is_blank(line):
            blanks += 1
            if blanks > _MAX_NOTE_GAP:
                break
            number += 1
            continue
        if number in occupied or "\t" in line:
            break
        text = clean_text(line)
        if not text or not (is_note(text) or is_note(line.strip())):
            break
        notes.append((number, text))
        blanks = 0
        number += 1
    return notes
