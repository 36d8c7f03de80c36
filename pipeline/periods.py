"""Reading periods printed in documents: financial years, months and dates.

Shared by document detection and the extractors, so "2018/19" means the same
dates everywhere. Functions return None rather than guess.
"""

from __future__ import annotations

import datetime as dt
import re

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
_SHORT_FY = re.compile(r"(?<![\d/£.,])(\d\d)\s*[/\-–]\s*(\d\d)(?![\d/%.,])")
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


def find_financial_year(text: str, allow_short: bool = False) -> tuple[int, str] | None:
    """The first consecutive-year pair in the text: (start year, printed label).

    "2018/19" and "2019-2020" are read; "2018-2021" is not a financial year and is
    skipped. Two-digit forms ("21-22") are read only when `allow_short` is set,
    because elsewhere they are often ages or scores.
    """
    for match in _LONG_FY.finditer(text):
        first = int(match.group(1))
        if _consecutive(first, match.group(2)):
            return first, match.group(0)
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
