"""Reading periods printed in documents: financial years, months and dates.

Shared by document detection and the extractors, so "2018/19" means the same
dates everywhere. Functions return None rather than guess.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}

# Any month name or abbreviation, longest first (non-capturing: wrap it to capture).
MONTH_NAMES = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"

# "2018/19", "2018-19", "2018–2019", "2019 - 2020", "2018/2019"
_LONG_FY = re.compile(r"(?<!\d)(20\d\d|19\d\d)\s*[/\-–—]\s*(\d{4}|\d{2})(?!\d)")
# "21-22", "17/18" (two-digit years; only trusted where the caller expects a period)
# (a full stop or comma after it ends a sentence or a list: "... in 18/19.")
_SHORT_FY = re.compile(r"(?<![\d/£.,])(\d\d)\s*[/\-–]\s*(\d\d)(?![\d/%]|[.,]\d)")
# "2019 to 2020": two whole years joined by "to" (only where the caller expects a year)
_WORDS_FY = re.compile(r"(?<!\d)((?:19|20)\d\d)\s+to\s+((?:19|20)\d\d)(?!\d)", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"\b({MONTH_NAMES})\.?\s+((?:19|20)\d\d)\b", re.IGNORECASE)


def financial_year_label(start_year: int) -> str:
    """The contract's form of a financial year: `2018-19`."""
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def financial_year_bounds(start_year: int) -> tuple[dt.date, dt.date]:
    """1 April of the start year to 31 March of the next."""
    return dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31)


def _consecutive(first: int, second_text: str) -> bool:
    second = int(second_text)
    if len(second_text) == 4:
        return second == first + 1
    return second == (first + 1) % 100


def find_financial_year(text: str, allow_short: bool = False,
                        allow_words: bool = False) -> tuple[int, str] | None:
    """The first consecutive-year pair in the text: (start year, printed label).

    "2018/19" and "2019-2020" are read; "2018-2021" is not a financial year and is
    skipped. Two-digit forms ("21-22") are read only when `allow_short` is set,
    because elsewhere they are often ages or scores; "2019 to 2020" only when
    `allow_words` is (in running text it may be two calendar years).
    """
    patterns = (_LONG_FY, _WORDS_FY) if allow_words else (_LONG_FY,)
    found = [match for pattern in patterns for match in pattern.finditer(text)
             if _consecutive(int(match.group(1)), match.group(2))]
    if found:
        match = min(found, key=lambda m: m.start())
        return int(match.group(1)), match.group(0)
    if allow_short:
        for match in _SHORT_FY.finditer(text):
            first = int(match.group(1))
            if _consecutive(first, match.group(2)):
                return 2000 + first, match.group(0)
    return None


def find_month_year(text: str) -> tuple[dt.date, str] | None:
    """The first "February 2021"-style month in the text: (first day, printed label)."""
    match = _MONTH_YEAR.search(text)
    if not match:
        return None
    month = MONTHS[match.group(1).lower()]
    return dt.date(int(match.group(2)), month, 1), match.group(0)


# --- periods a document says it covers ---------------------------------------------------

MAX_PLAN_YEARS = 5  # longest span read as one document's period ("2019-2024")
_RANGE_SEPARATOR = r"\s*(?:[/\-–—]|\bto\b)\s*"
# "2019-20", "2019 - 2021", "2018-21", "2017 to 2020"
_LONG_RANGE = re.compile(rf"(?<![\d/.])((?:19|20)\d\d){_RANGE_SEPARATOR}((?:19|20)?\d\d)(?![\d%])")
# "19-22", "18 - 20": two-digit years, trusted only where a period is expected
_SHORT_RANGE = re.compile(
    rf"(?<![\d/£.,:])(\d\d){_RANGE_SEPARATOR}(\d\d)(?![\d/%.,:])", re.IGNORECASE)
# File names only: "1920" (2019-20) and "19 20"; "2021" is a year, not 2020-21
_COMPACT_RANGE = re.compile(r"(?<![\d.])(\d\d)(?:\s+)?(\d\d)(?![\d.])")
_MONTH_RANGE = re.compile(
    rf"\b({MONTH_NAMES})\.?\s+((?:19|20)\d\d){_RANGE_SEPARATOR}({MONTH_NAMES})\.?\s+((?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_DATE = r"(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})"
_DATE_RANGE = re.compile(rf"(?<![\d/.]){_DATE}\s*(?:[-–—]|\bto\b)\s*{_DATE}(?![\d/.])",
                         re.IGNORECASE)


@dataclass(frozen=True)
class PrintedPeriod:
    """A period a document prints for itself: first and last day, and the label as printed."""

    start: dt.date
    end: dt.date
    label: str
    position: int  # where the label starts in the text searched


def find_period(text: str, allow_short: bool = False, compact: bool = False
                ) -> PrintedPeriod | None:
    """The first period printed in `text`, of at most MAX_PLAN_YEARS.

    Reads financial years and multi-year plan spans ("2019-20", "2019 - 2021", "2018-21",
    "2017 to 2020": 1 April of the first year to 31 March of the last), month spans
    ("April 2019 - March 2020") and date spans ("01/04/19 - 31/03/22"). Two-digit years
    ("19-22") need `allow_short`; `compact` also reads file-name forms ("1920", "19 20"),
    two consecutive years only, and never "2021" (a year)."""
    found = [p for p in (_month_range(text), _date_range(text), _year_range(text, allow_short),
                         _compact_range(text) if compact else None) if p is not None]
    return min(found, key=lambda p: p.position) if found else None


def _span(start: dt.date, end: dt.date, match: re.Match[str]) -> PrintedPeriod | None:
    if not start < end or end.year - start.year > MAX_PLAN_YEARS:
        return None
    return PrintedPeriod(start, end, match.group(0).strip(), match.start())


def _year_range(text: str, allow_short: bool) -> PrintedPeriod | None:
    patterns = (_LONG_RANGE, _SHORT_RANGE) if allow_short else (_LONG_RANGE,)
    found = []
    for pattern in patterns:
        for match in pattern.finditer(text):
            first = int(match.group(1)) + (2000 if len(match.group(1)) == 2 else 0)
            last_text = match.group(2)
            last = int(last_text) if len(last_text) == 4 else first // 100 * 100 + int(last_text)
            period = _span(dt.date(first, 4, 1), dt.date(last, 3, 31), match)
            if period is not None:
                found.append(period)
                break
    return min(found, key=lambda p: p.position) if found else None


def _compact_range(text: str) -> PrintedPeriod | None:
    for match in _COMPACT_RANGE.finditer(text):
        first, second = int(match.group(1)), int(match.group(2))
        if second == first + 1 and first != 20:
            return _span(dt.date(2000 + first, 4, 1), dt.date(2001 + first, 3, 31), match)
    return None


def _month_range(text: str) -> PrintedPeriod | None:
    for match in _MONTH_RANGE.finditer(text):
        first_month, first_year, last_month, last_year = match.groups()
        start = dt.date(int(first_year), MONTHS[first_month.lower()], 1)
        end = _month_end(int(last_year), MONTHS[last_month.lower()])
        period = _span(start, end, match)
        if period is not None:
            return period
    return None


def _date_range(text: str) -> PrintedPeriod | None:
    for match in _DATE_RANGE.finditer(text):
        parts = [int(g) for g in match.groups()]
        try:
            start = dt.date(_full_year(parts[2]), parts[1], parts[0])
            end = dt.date(_full_year(parts[5]), parts[4], parts[3])
        except ValueError:
            continue
        period = _span(start, end, match)
        if period is not None:
            return period
    return None


def _full_year(year: int) -> int:
    return year + 2000 if year < 100 else year


def _month_end(year: int, month: int) -> dt.date:
    first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - dt.timedelta(days=1)
