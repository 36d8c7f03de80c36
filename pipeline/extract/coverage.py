"""Which numbers a document prints that no table and no fact row holds: loss made visible.

A run that reads nothing from a document full of figures must say so. For each document
this counts its *numeric lines* and how many of them ended up outside every data table
and in no fact row, and reports the unread ones as a `numbers_not_read` issue with the
first few line numbers; a document with many numeric lines and no fact row at all is a
warning.

A **numeric line** is a line whose text, once markup is removed, still holds a number
after taking out what is never data on its own:

- dates and periods: `12/03/2019`, `28.10.19`, `12 March 2019`, `March 2019`, years
  (`2019`), financial years and spans (`2018/19`, `2019 - 2021`, `17/18`, `21-22`);
- numbering: a leading `1.`, `3)`, `(a)`, `1.2 Introduction` (but `1.4 FTE` counts),
  and labels such as `Table 4`,
  `Appendix 2`, `Section 3`, `Page 12`, `Figure 1`;
- page references: `3 of 40`, a contents entry's page number after dot leaders, and
  every line of a table the parser classed as a contents page (a page number after a
  tab is not taken out: "Police<TAB>45" is a table row);
- ages (`aged 10-17`, `10–18-year-olds`), clock times (`10:30`, `10.30am`, `9am`; a
  dotted time needs its am/pm: `0.35` is a number) and ISBNs;
- numbers glued to letters (`KS2`, `Q1`, `1st`, `ME2 3ET`, `v3`).

What is left (`1,200`, `45%`, `£27.3K`, a lone `12` that is a cell of its own) counts,
including numbers in prose: "150 first time entrants" is a figure the run did not read.
Each line is read once, so the cost is linear in the document's length.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from pipeline.metadata.enums import TABLE_KIND_DATA, TABLE_KIND_TOC
from pipeline.parse import Table
from pipeline.periods import MONTH_NAMES
from pipeline.report import INFO, WARNING, Issue

NUMBERS_NOT_READ = "numbers_not_read"
ROWS_LEFT_OUT = "rows_left_out"
STAGE = "extract"
MANY_NUMERIC_LINES = 20  # from this many, a document with no fact row is a warning
FIRST_LINES_SHOWN = 5

_DIGIT = re.compile(r"\d")
# Alternatives starting with a digit, then those starting with a word, each behind a
# lookahead on its first character: one pass over a line of prose stays cheap.
_NOT_DATA = re.compile(
    r"\b(?=\d)(?:" + "|".join((
        r"\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})\b",  # 12/03/2019, 28.10.19
        rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH_NAMES}\.?(?:\s+(?:19|20)\d\d)?\b",
        r"(?:19|20)\d\d\s*(?:[/\-–—]|to)\s*(?:(?:19|20)?\d\d)\b",  # 2018/19, 2019 - 2021
        r"(?:19|20)\d\d\b",  # a year
        r"\d{1,2}\s*(?:-|–|to)\s*\d{1,2}[\s-]*(?:year|yr)s?\b",  # 10-17 year olds
        # 10:30, 10.30am, 9am; a dotted time needs its am/pm ("0.35" is a rate)
        r"\d{1,2}:\d\d\s*(?:am|pm)?\b|\d{1,2}(?:\.\d\d)?\s*(?:am|pm)\b",
    )) + r")|\b(?=[a-z]+\.?[\s:]+\d)(?:" + "|".join((
        rf"{MONTH_NAMES}\.?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?(?:19|20)\d\d\b",
        r"(?:table|figure|fig|chart|graph|appendix|annex|section|page|part|diagram|"
        r"step|phase|priority|objective|recommendation|chapter|version)[\s:]+\d+(?:\.\d+)*\b",
        r"aged?\s+\d{1,2}(?:\s*(?:-|–|to)\s*\d{1,2})?\b",
        r"ISBN[\s:]*[\dX][\dX\-]+",
    )) + ")",
    re.IGNORECASE,
)
_NUMBERING = re.compile(
    r"^[\s#•·\-–*>o]*(?:\(?\d+(?:\.\d+)*[.)](?=\s|$)"
    r"|\d+(?:\.\d+)+(?=\s+(?!(?:FTE|WTE|FT|PT)\b)[A-Z])|\(?[a-zA-Z][.)](?=\s|$))")
_SHORT_YEARS = re.compile(r"(?<![\d.,£$€])\b(\d\d)\s*[/\-–]\s*(\d\d)\b(?![.,]\d|%)")
_PAGE_OF = re.compile(r"\s*(?:page\s+)?\d+\s+of\s+\d+\s*$", re.IGNORECASE)  # 3 of 40
_TAG = re.compile(r"<[^>]*>")
_WINDOW = 40  # characters either side of a number searched for a date or label around it
_CONTENTS_PAGE = re.compile(r"\.{3,}\s*\d+(?:\s*-\s*\d+)?\s*$")
_NUMBER = re.compile(r"(?<![A-Za-z\d])\d+(?:,\d{3})*(?:\.\d+)?(?:k|m|bn)?(?![A-Za-z\d])",
                     re.IGNORECASE)


@dataclass(frozen=True)
class NumberCoverage:
    """How many of a document's numeric lines its tables and fact rows hold."""

    numeric_lines: int
    outside_tables: int  # in no data table (nor its caption, title or notes)
    unread: int  # in no fact row
    first_unread: tuple[int, ...]  # the first FIRST_LINES_SHOWN unread line numbers

    def columns(self) -> dict[str, int]:
        """The counts as the `documents` table's columns."""
        return {"numeric_lines": self.numeric_lines,
                "numeric_lines_outside_tables": self.outside_tables,
                "numeric_lines_unread": self.unread}


def is_numeric_line(line: str) -> bool:
    """Whether the line prints a number that could be data (see the module docstring).

    Each number on the line is checked against the not-data patterns in a window around
    it, and the first that is data answers: a long line of prose costs a few short
    searches, not one pass per pattern over the whole line."""
    if not _DIGIT.search(line):
        return False
    text = _plain(line)
    if _CONTENTS_PAGE.search(text) or _PAGE_OF.match(text):
        return False
    numbering = _NUMBERING.match(text)
    for number in _NUMBER.finditer(text, numbering.end() if numbering else 0):
        if not _not_data(text, number.start(), number.end()):
            return True
    return False


def _plain(line: str) -> str:
    """The line without HTML tags and entities (their digits are markup, not numbers)."""
    if "<" in line:
        line = _TAG.sub(" ", line)
    if "&" in line:
        line = html.unescape(line)
    return line


def _not_data(text: str, start: int, end: int) -> bool:
    """Whether the number at [start, end) lies inside a date, year, label, age or time."""
    low, high = max(0, start - _WINDOW), min(len(text), end + _WINDOW)
    for found in _NOT_DATA.finditer(text, low, high):
        if found.start() > start:
            break
        if found.end() >= end:
            return True
    for found in _SHORT_YEARS.finditer(text, low, high):
        if found.start() > start:
            break
        if found.end() >= end and _drop_year_pair(found) == " ":
            return True
    return False


def _drop_year_pair(match: re.Match[str]) -> str:
    """ "17/18", "21-22": a financial year (consecutive); "12-15" stays (a range)."""
    first, second = int(match.group(1)), int(match.group(2))
    return " " if second == (first + 1) % 100 else match.group(0)


def table_lines(tables: Iterable[Table]) -> tuple[set[int], set[int]]:
    """Lines held by data tables (cells, caption, title, notes), and lines of contents
    pages (their numbers are page references)."""
    data: set[int] = set()
    contents: set[int] = set()
    for table in tables:
        if table.kind == TABLE_KIND_TOC:
            contents.update(range(table.first_line, table.last_line + 1))
        elif table.kind == TABLE_KIND_DATA:
            data.update(cell.source_line for cell in table.cells)
            data.update(line for line, _text in table.notes)
            data.update(line for line in (table.caption_line, table.title_line) if line)
    return data, contents


def fact_lines(extracts: Mapping[str, object]) -> set[int]:
    """Every source line any fact row of the document cites."""
    lines: set[int] = set()
    for rows in extracts.values():
        lines.update(int(line) for line in getattr(rows, "columns", {}).get("source_line", ())
                     if line is not None)
    return lines


def number_coverage(lines: Sequence[str], tables: Iterable[Table],
                    extracts: Mapping[str, object]) -> NumberCoverage:
    """Count the document's numeric lines, those outside data tables and those unread."""
    in_tables, contents = table_lines(tables)
    in_facts = fact_lines(extracts)
    numeric = outside = 0
    unread: list[int] = []
    for number, line in enumerate(lines, start=1):
        if number in contents or not is_numeric_line(line):
            continue
        numeric += 1
        outside += number not in in_tables
        if number not in in_facts:
            unread.append(number)
    return NumberCoverage(numeric, outside, len(unread), tuple(unread[:FIRST_LINES_SHOWN]))


def coverage_issue(document_id: str, coverage: NumberCoverage, fact_rows: int
                   ) -> Issue | None:
    """The one-line report of a document's unread numeric lines (None when none are)."""
    if not coverage.unread:
        return None
    severity = (WARNING if fact_rows == 0 and coverage.numeric_lines >= MANY_NUMERIC_LINES
                else INFO)
    shown = ", ".join(map(str, coverage.first_unread))
    more = ", ..." if coverage.unread > len(coverage.first_unread) else ""
    message = (f"{coverage.unread} of {coverage.numeric_lines} numeric lines are in no fact "
               f"row ({coverage.outside_tables} outside any data table; {fact_rows} fact "
               f"rows in all); lines {shown}{more}")
    return Issue(STAGE, NUMBERS_NOT_READ, message, severity, document_id=document_id,
                 source_line=coverage.first_unread[0])


def left_out_issues(document_id: str, tables: Iterable[Table]) -> list[Issue]:
    """A warning per row printed inside a table that the parser could not put in its
    columns (a row off the rhythm of a cell stream): left out rather than guessed."""
    return [Issue(STAGE, ROWS_LEFT_OUT, f"row left out of the table: {why}", WARNING,
                  document_id=document_id, source_table=table.table_id, source_line=line)
            for table in tables for line, why in table.left_out]
