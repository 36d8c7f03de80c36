"""What kind of block a table is: data, table of contents, glossary or list.

Tables of contents, glossaries and plain two-column lists are printed with the
same tabs as data tables. They stay in the output (so table numbering follows
the document) but are marked so that extractors skip them. Decisions use the
grid's shape and cell values only.
"""

from __future__ import annotations

import itertools
import re
from statistics import mean

from pipeline.metadata.enums import (
    REPORTED,
    TABLE_KIND_DATA,
    TABLE_KIND_GLOSSARY,
    TABLE_KIND_LIST,
    TABLE_KIND_TOC,
)
from pipeline.parse.values import read_cell

Grid = list[list[str]]  # cleaned cell texts by row; "" where nothing is printed

_PAGE = re.compile(r"^[.\s…·_-]*(?:p(?:age|\.)?\s*)?(\d{1,3})$", re.IGNORECASE)
_LEADER = re.compile(r"(?:\.\s?){3,}$|…+$")
_TERM = re.compile(r"^[A-Za-z][A-Za-z0-9/&.\-' ]{0,24}$")
_GLOSSARY_WORDS = re.compile(r"\b(glossary|abbreviations?|acronyms?|definitions?)\b", re.I)
_TOC_WORDS = re.compile(r"\b(contents|page)\b", re.IGNORECASE)
_MIN_ROWS = 3


def classify(grid: Grid, header_rows: int, context: str = "") -> str:
    """The kind of a table from its cleaned grid; ``context`` is its caption/title."""
    if looks_like_toc(grid, header_rows):
        return TABLE_KIND_TOC
    body = grid[header_rows:]
    if _looks_like_glossary(grid, body, header_rows, context):
        return TABLE_KIND_GLOSSARY
    if header_rows == 0 and (not _has_numbers(body) or _numbered_headings(body)):
        return TABLE_KIND_LIST
    return TABLE_KIND_DATA


_OUTLINE = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?$")


def _numbered_headings(rows: Grid) -> bool:
    """Section numbers before titles ("2 | STRUCTURE", "2.1 | HEAD OF SERVICE"), rising in
    outline order with at least one sub-number: numbered headings, not values."""
    numbers = []
    for row in rows:
        texts = [text for text in row if text]
        if len(texts) != 2 or read_cell(texts[1]).status == REPORTED:
            return False
        match = _OUTLINE.match(texts[0])
        if match is None:
            return False
        numbers.append(tuple(int(part) for part in match.group(1).split(".")))
    return (any(len(n) > 1 for n in numbers)
            and all(a < b for a, b in itertools.pairwise(numbers)))


_TOTAL_LABEL = re.compile(r"^\s*(?:grand\s+)?totals?\b", re.IGNORECASE)


def looks_like_toc(grid: Grid, header_rows: int = 0) -> bool:
    """Titles with page numbers that never go back: a table of contents."""
    rows = [row for row in grid[header_rows:] if any(row)]
    if header_rows and not any(_TOC_WORDS.search(text) for text in grid[0]):
        return False
    if len(rows) < _MIN_ROWS or max(_filled_count(row) for row in rows) > 3:
        return False
    pages = [_page_of(row) for row in rows]
    found = [page for page in pages if page is not None]
    if len(found) < 0.7 * len(rows):
        return False
    if _TOTAL_LABEL.match(_first_text(rows[-1])):
        return False  # counts that end in a total ("Team | Open cases") are data
    if pages[0] is None and None not in pages[1:] and not any(map(_TOC_WORDS.search, rows[0])):
        return False  # a text header over numbered rows heads a data table
    steps = list(itertools.pairwise(found))
    rising = sum(1 for a, b in steps if b >= a)
    leaders = sum(1 for row in rows if _LEADER.search(_first_text(row)))
    return rising >= 0.8 * len(steps) or leaders >= 0.3 * len(rows)


def _page_of(row: list[str]) -> int | None:
    """The page number ending a 'title .... page' row; None for any other row.

    Only the last cell may be a number, apart from a section number before a title
    ("1.2 | Staff | 11"): a row with two values is data, not a contents entry.
    """
    texts = [text for text in row if text]
    if len(texts) < 2 or len(texts) > 3 or _PAGE.match(texts[0]):
        return None
    match = _PAGE.match(texts[-1])
    if match is None or read_cell(texts[-2]).status == REPORTED:
        return None
    return int(match.group(1))


def _first_text(row: list[str]) -> str:
    return next((text for text in row if text), "")


def _filled_count(row: list[str]) -> int:
    return sum(1 for text in row if text)


def _looks_like_glossary(grid: Grid, body: Grid, header_rows: int, context: str) -> bool:
    """Two text columns: short terms (mostly acronyms) and longer definitions."""
    columns = [i for i in range(len(grid[0]) if grid else 0) if any(row[i] for row in body)]
    if len(columns) != 2 or len(body) < _MIN_ROWS or _has_numbers(body):
        return False
    terms = [row[columns[0]] for row in body]
    definitions = [row[columns[1]] for row in body if row[columns[1]]]
    if sum(1 for term in terms if term) < 0.9 * len(body) or not definitions:
        return False
    words = mean(len(text.split()) for text in definitions)
    if words <= mean(len(term.split()) for term in terms if term):
        return False
    named = bool(_GLOSSARY_WORDS.search(context)) or any(
        _GLOSSARY_WORDS.search(text) for row in grid[:header_rows] for text in row
    )
    acronyms = sum(1 for term in terms if _TERM.match(term) and _upper_count(term) >= 2)
    return named or acronyms >= 0.6 * len(body)


def _upper_count(text: str) -> int:
    return sum(1 for ch in text if ch.isupper())


def _has_numbers(rows: Grid) -> bool:
    return any(read_cell(text).status == REPORTED for row in rows for text in row if text)
