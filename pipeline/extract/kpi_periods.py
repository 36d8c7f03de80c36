"""Periods of KPI observations: what a printed period label means, in dates.

Performance tables print a period in two halves. The label ("2019", "17/18",
"Apr 2017 - Mar 2018") sits in a header or cell; the coverage ("12 months ending
March", "3 months ending June") sits in the table's title or the row's label. A year
means nothing without its coverage: "2019" for custody (12 months ending March) is
2018-04-01 to 2019-03-31, for first-time entrants (12 months ending December) it is
calendar 2019. So dates come from both halves together, and where either half cannot
be read the dates are left null (the caller reports it) rather than guessed.

Two-digit financial years are read only with a slash ("17/18"): "16-17" is far more
often an age band than a year in these tables.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.metadata import enums
from pipeline.metadata.indicators import INDICATOR_IDS
from pipeline.parse.markup import clean_text
from pipeline.parse.values import undo_ocr_digits
from pipeline.periods import MONTH_NAMES, MONTHS, financial_year_bounds, find_financial_year

_MONTH = MONTH_NAMES
_NUMBER_WORDS = {"one": 1, "three": 3, "six": 6, "nine": 9, "twelve": 12}
_DASH = r"(?:-|–|—|to|/)"  # "Jul17/Jun18": two months with their years
_RANGE = re.compile(
    rf"\b(?P<m1>{_MONTH})\.?\s*(?P<y1>(?:19|20)\d\d|'?\d\d)?\s*{_DASH}\s*"
    rf"(?P<m2>{_MONTH})\.?\s*(?P<y2>(?:19|20)\d\d|'?\d\d)\b",
    re.IGNORECASE,
)
_QUARTER_WORD = r"(?:Quarter\s+|Qtr\.?\s*|Q)(?P<q>[1-4])"  # "Q1", "Qtr. 1", "Quarter 1"
_QUARTER = re.compile(  # the year "2018/19", "2018-19" or "18/19" ("18-19" is an age band)
    rf"\b{_QUARTER_WORD}\s*(?P<fy>(?:19|20)\d\d\s*[/\-\u2013]\s*(?:\d\d|\d{{4}})|\d\d\s*/\s*\d\d)\b",
    re.IGNORECASE)
_BARE_QUARTER = re.compile(rf"^\s*{_QUARTER_WORD}\s*$", re.IGNORECASE)
_YEAR_ONLY = re.compile(r"^(?:19|20)\d\d$")
_COVERAGE = re.compile(
    rf"\b(?P<n>\d{{1,2}}|{'|'.join(_NUMBER_WORDS)})[\s-]+months?\s+(?:ending|ended|to)\s+"
    rf"(?:the\s+end\s+of\s+)?(?P<month>{_MONTH})\b",
    re.IGNORECASE,
)
_YEAR_COVERAGE = re.compile(
    rf"\b(?:year|rolling\s+year)\s+(?:ending|ended|to)\s+(?P<month>{_MONTH})\b", re.IGNORECASE
)
_CALENDAR_YEAR = re.compile(r"\bcalendar\s+year\b", re.IGNORECASE)
_FINANCIAL_YEAR = re.compile(r"\bfinancial\s+year\b", re.IGNORECASE)
_LABEL_DECORATION = re.compile(r"[*†‡]+$|\(\s*\w{1,2}\s*\)$")


CONVENTIONS_CSV = Path(__file__).resolve().parent.parent / "reference" / "data" / (
    "indicator_periods.csv")


@dataclass(frozen=True)
class Coverage:
    """How long a period is and the month it ends in ("12 months ending March")."""

    months: int
    end_month: int


@dataclass(frozen=True)
class Period:
    """A period label as printed, with its dates when they could be read."""

    label: str
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None and self.end is not None


@functools.lru_cache(maxsize=16384)  # labels repeat across tables and documents
def read_coverage(text: str | None) -> Coverage | None:
    """The coverage wording in a title or label, if it says one."""
    if not text:
        return None
    text = clean_text(text)
    match = _COVERAGE.search(text)
    if match:
        raw = match.group("n").lower()
        months = _NUMBER_WORDS.get(raw) or int(raw)
        if 1 <= months <= 24:
            return Coverage(months, MONTHS[match.group("month").lower()])
    match = _YEAR_COVERAGE.search(text)
    if match:
        return Coverage(12, MONTHS[match.group("month").lower()])
    if _CALENDAR_YEAR.search(text):
        return Coverage(12, 12)
    if _FINANCIAL_YEAR.search(text):
        return Coverage(12, 3)
    return None


@functools.lru_cache(maxsize=16384)  # labels repeat across tables and documents
def find_period(text: str | None) -> Period | None:
    """The period printed in a header, row label, cell or caption, if one is.

    Month ranges, financial-year quarters and financial years are found inside
    longer text; a bare year only when it is the whole label (inside a sentence a
    year is usually a publication date). Dates are filled only where the label
    alone fixes them; a bare year needs :func:`with_coverage`.
    """
    if not text:
        return None
    text = undo_ocr_digits(clean_text(text))  # a scan's "Jan l8 - Dec l8" is Jan 18 - Dec 18
    return (
        _month_range(text)
        or _fy_quarter(text)
        or _financial_year(text)
        or _bare_year(text)
    )


def with_coverage(period: Period, coverage: Coverage | None) -> Period:
    """Dates for a label once the table's coverage wording is known."""
    if period.dated:
        return _narrowed(period, coverage)
    year = _bare_year_value(period.label)
    if year is None or coverage is None:
        return period
    end = _month_end(year, coverage.end_month)
    return Period(period.label, _months_before(end, coverage.months), end)


def _narrowed(period: Period, coverage: Coverage | None) -> Period:
    """A dated label read with the table's coverage: "2017/18" with "3 months ending June"
    is April to June 2017. Coverage that does not fit inside the label ("2017/18" with
    "12 months ending December") contradicts it, and the dates are left null."""
    if coverage is None or period.start is None or period.end is None:
        return period
    for year in (period.start.year, period.end.year):
        end = _month_end(year, coverage.end_month)
        start = _months_before(end, coverage.months)
        if period.start <= start and end <= period.end:
            return Period(period.label, start, end)
    return Period(period.label)


def _month_range(text: str) -> Period | None:
    match = _RANGE.search(text)
    if not match:
        return None
    first = MONTHS[match.group("m1").lower()]
    last = MONTHS[match.group("m2").lower()]
    end_year = _full_year(match.group("y2"))
    start_year = _full_year(match.group("y1")) if match.group("y1") else None
    if start_year is None:
        start_year = end_year if first <= last else end_year - 1
    start = dt.date(start_year, first, 1)
    end = _month_end(end_year, last)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if not 1 <= months <= 24:
        return None
    return Period(match.group(0).strip(), start, end)


def _fy_quarter(text: str) -> Period | None:
    match = _QUARTER.search(text)
    if not match:
        return None
    found = find_financial_year(match.group("fy"), allow_short=True)
    if found is None:
        return None
    start_year = found[0]
    first_month = 4 + 3 * (int(match.group("q")) - 1)
    year = start_year + (first_month - 1) // 12
    month = (first_month - 1) % 12 + 1
    start = dt.date(year, month, 1)
    end = _month_end(year, month + 2)
    return Period(match.group(0).strip(), start, end)


def quarter_of_year(text: str, year: Period) -> Period | None:
    """A quarter printed without its year ("Q1" beside a "2018/19" column) dated within
    that financial year; None unless `text` is only a quarter and `year` a financial year."""
    match = _BARE_QUARTER.match(clean_text(text))
    if match is None or year.start is None or year.end is None or (
            year.start.month, year.end.month) != (4, 3) or year.end.year != year.start.year + 1:
        return None
    first_month = 4 + 3 * (int(match.group("q")) - 1)
    start = dt.date(year.start.year + (first_month - 1) // 12, (first_month - 1) % 12 + 1, 1)
    return Period(match.group(0).strip(), start, _month_end(start.year, start.month + 2))


def _financial_year(text: str) -> Period | None:
    found = find_financial_year(text, allow_short=True)
    if found is None:
        return None
    start_year, label = found
    if re.fullmatch(r"\d\d\s*[-–]\s*\d\d", label.strip()):
        return None  # "16-17" is an age band as often as a year
    start, end = financial_year_bounds(start_year)
    return Period(label.strip(), start, end)


def _bare_year(text: str) -> Period | None:
    label = _LABEL_DECORATION.sub("", text).strip()
    return Period(label) if _YEAR_ONLY.match(label) else None


def _bare_year_value(label: str) -> int | None:
    return int(label) if _YEAR_ONLY.match(label) else None


def _full_year(printed: str) -> int:
    digits = printed.lstrip("'")
    return int(digits) if len(digits) == 4 else 2000 + int(digits)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _months_before(end: dt.date, months: int) -> dt.date:
    """First day of the window of `months` months ending on `end`."""
    index = end.year * 12 + end.month - 1 - (months - 1)
    return dt.date(index // 12, index % 12 + 1, 1)


# --------------------------------------------------------------------------- period types


@dataclass(frozen=True)
class Convention:
    """How an indicator's periods are published (a reviewed row of indicator_periods.csv):
    a period type every period of it has, and the coverage a bare year stands for."""

    period_type: str | None
    bare_year: Coverage | None


@functools.cache
def conventions(path: Path = CONVENTIONS_CSV) -> dict[str, Convention]:
    """The reviewed conventions, checked against the contract's enums."""
    found = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            indicator, kind = row["indicator"], row["period_type"] or None
            if indicator not in INDICATOR_IDS:
                raise ValueError(f"{path.name}: unknown indicator {indicator!r}")
            if kind is not None:
                enums.enum_member(kind, enums.PERIOD_TYPES)
            coverage = read_coverage(row["bare_year_coverage"]) if row[
                "bare_year_coverage"] else None
            if row["bare_year_coverage"] and coverage is None:
                raise ValueError(f"{path.name}: {indicator}: unreadable coverage "
                                 f"{row['bare_year_coverage']!r}")
            found[indicator] = Convention(kind, coverage)
    return found


def by_convention(period: Period, indicator: str) -> Period | None:
    """Dates for a bare year that the table gives no coverage for, from how the indicator
    is published ("2017" first-time entrants: calendar 2017); None when there is none."""
    convention = conventions().get(indicator)
    if period.dated or convention is None or convention.bare_year is None:
        return None
    dated = with_coverage(period, convention.bare_year)
    return dated if dated.dated else None


def period_type(period: Period, indicator: str) -> str | None:
    """What kind of period the row's dates span; the indicator's own kind (a reoffending
    cohort) first; null when the period has no dates and the indicator no kind."""
    convention = conventions().get(indicator)
    if convention is not None and convention.period_type is not None:
        return convention.period_type
    if period.start is None or period.end is None:
        return None
    return span_type(period.start, period.end)


def span_type(start: dt.date, end: dt.date) -> str:
    """The period type of a span of dates."""
    if start == end:
        return enums.SNAPSHOT
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    whole = start.day == 1 and end == _month_end(end.year, end.month)
    if whole and months == 12:
        return {4: enums.FINANCIAL_YEAR, 1: enums.CALENDAR_YEAR}.get(
            start.month, enums.ROLLING_12_MONTHS)
    if whole and months == 3:
        return enums.QUARTER
    if whole and months == 1:
        return enums.MONTH
    return enums.OTHER_PERIOD
