"""People and workload: who a service works with, its staff, and the cases it carries.

Plans and inspection reports print these figures in small tables with one- or two-level
headers. This domain reads them into three published tables (docs/data-contract.md):

* `demographics`: population figures ("106,803 | Total population Darlington (2020)") and
  distributions of children by age band, ethnicity or gender for the service and the
  national average, with the categories as columns or as rows;
* `workforce`: staff and volunteer counts, from tables with contract-type or ethnicity rows
  under one or two header rows (roles over Part-time/Full-time or Male/Female), and from
  two-cell rows ("Total staff headcount (full-time equivalent, FTE) | 17");
* `caseloads`: caseload counts by type printed as two-cell rows, the average caseload per
  case manager, and caseload-by-team tables.

A table is recognised by its structure and labels only (never by a document's name or id
or a line number): two-cell label/number rows; a header of categories over rows naming the
service and the national average (or the transpose); rows of contract types or ethnicities
under columns of roles, working patterns or genders; a first column headed "Team". Printed
labels become slugs through reviewed CSVs under `pipeline/reference/data/`
(`ethnicities.csv`, `workforce_labels.csv`, `caseload_labels.csv`). A cell whose labels
cannot be read unambiguously, or which prints no single number, is left out and counted in
the run's report (one `Issue` per source line and reason, naming document, table and line).

Decisions:

* Categories: an age band is its two printed ages joined by "-" (`10-14`, `15-17`; "years"
  dropped); genders `male`/`female`; ethnicities are slugs from `ethnicities.csv` (`white`,
  `black_and_minority_ethnic`, `white_british`, ...); "Unknown"/"Not known" is `unknown` in
  any dimension; a whole population is dimension `all`, category `all`, and so is a printed
  "Total" category of a distribution.
* `subject_type`: `yot` when the label resolves (through the areas reference) to the
  service that published the document, or is a bare "YOS"/"YOT"; `national` when it
  resolves to England, Wales or England and Wales ("National average"). Any other area is
  left out and reported: the contract has no subject column for it.
* `period_label`: as printed in the row label or the table's caption/title, when a year
  ("(2020)") or a financial year ("2019/20") is printed there; otherwise null. A footnote
  citing a statistics release is a source, not a printed period, and is not used.
* Totals: a printed total keeps the slug `total` in the dimension it adds up: a "Total"
  row is `contract_type` `total` (or `ethnicity` `total` when the rows are ethnicities) and
  a "Total" column is `role` `total`. A null dimension means the figure is not broken
  down by it ("Total staff headcount" has a null role and contract type). In `caseloads`
  the team keeps its printed label ("Grand Total"), as the contract asks for `team` as
  printed; a total row is recognised by that label (the `total` labels of
  `workforce_labels.csv`).
* Units: demographics are `percent` when the cell or the caption prints "%"/percent, else
  `count`. Workforce tables are `fte` when the caption, title or label says FTE or
  full-time equivalent, or when any number in the table is fractional (a headcount cannot
  be 4.88, and the totals add the fractions); otherwise `headcount`. Caseloads are `count`,
  except `average_per_case_manager` (`average`).
* `as_of_label` is the printed line ("Run 7th April 2021"); `as_of_date` is its date when
  it names a day unambiguously (2021-04-07; a numeric date only when day-first is the one
  reading), else null. Which table a label belongs to is decided by :func:`as_of_labels`:
  labels stacked above side-by-side tables go to them in printed order.

Rules (run on the combined tables, judged per document and source table by
`pipeline.validate.withhold`): a percent distribution that does not sum to 100 within the
rounding of its printed values is a WARNING; a printed total (Total row or column, Grand
Total team, `all` count category) that is not the sum of its printed parts within
rounding is an ERROR, downgraded to a WARNING for a table listed in
`reference/data/known_people_inconsistencies.csv` (sources verified by hand to be wrong),
and published as printed with the flag `source_total_mismatch` when every cell of the
table was read (withheld when one was left out); a negative value, a fractional headcount
or a fractional count is an ERROR that withholds the table of that document.

A distribution with no service or national row whose columns only say what is counted
("Number | %") is the publishing service's when its caption names the service's own
children (caseload, "children supervised", "young people worked with"); both the number
and the share of each category are published (`unit` is part of the key).

Columns of several years ("2017/18 | 2018/19"), or a year merged over what is counted
("2017/18" over "Number | %"), date each column's figures with their year.

A distribution whose columns each name a population of the service ("Post court | Pre
court | Custody | Total YJS caseload | 10-17 Population", through
`population_labels.csv`) gives one distribution per column; a cell's unit is `percent`
when its column says only "%"/"Percentage" or the cell prints "%", else `count`.

A staffing table by contract type whose role headings are not printed (empty header
cells) is read only in its last column, and only when that column is the sum of the
others on every row: each row's total over roles (`role` `total`); every other cell is
left out and reported, as no printed heading says which role it counts.

Roles over genders or working patterns where some gender or working-pattern heading has
no role above it were printed out of line (a spreadsheet pivot table): no role column can
be trusted, so only the total columns of such a table are read; the rest is reported.
A heading over the row labels that names a working pattern or gender ("FT",
"Practitioners (PT)") shows the header was read a cell off its rows (the stub heading
taken for a caption, or a row's first cell for the last heading): no cell of such a table
is read, each is reported.

Children remanded in custody are `caseloads` rows of type `remands`: a table with periods
across under a heading naming remands ("Remand in Custody") gives, from its row counting
children ("Number of young people"), one count per period with the period as printed as
its `as_of_label`; a rate row is left out and reported.

A caseload printed by order or disposal type ("Referral Order | 30") under a heading about
the caseload gives one row per type from its count columns ("Number"); the Total row is the
heading's caseload (open cases).

Limits: a staffing table printing only whole numbers and never saying FTE is read as
headcount; a comparator area's row in a distribution is left out (and reported); such a
"Number | %" distribution whose caption names no population, and figures printed in prose
("a team of 12 volunteers"), are not read.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from pipeline.extract.base import (
    DocumentContext,
    Domain,
    Rows,
    label_of_row,
    part_run_together,
    row_groups,
)
from pipeline.extract.budgets import resolve_agency
from pipeline.metadata import enums
from pipeline.metadata.registry import get_table
from pipeline.parse import EMPTY, TEXT, Cell, Table, clean_text, read_cell
from pipeline.parse.lines import is_table_label
from pipeline.parse.values import ocr_letter_readings, undo_ocr_letters
from pipeline.reference.areas import AreaResolver
from pipeline.report import ERROR, WARNING, Issue

DATA_DIR = Path(__file__).resolve().parents[1] / "reference" / "data"
DEMOGRAPHICS = "demographics"
WORKFORCE = "workforce"
CASELOADS = "caseloads"
TABLES = (DEMOGRAPHICS, WORKFORCE, CASELOADS)

# Issue codes: extraction notes and rule findings.
CELLS_LEFT_OUT = "people_cells_left_out"
DUPLICATE_KEY = "people_duplicate_key"
AS_OF_AMBIGUOUS = "people_as_of_ambiguous"
DISTRIBUTION_NOT_100 = "distribution_not_100"
TOTAL_NOT_SUM = "total_not_sum_of_parts"
FRACTIONAL_HEADCOUNT = "fractional_headcount"
FRACTIONAL_COUNT = "fractional_count"
NEGATIVE_VALUE = "negative_value"
RULES_STAGE = "rules"
EXTRACT_STAGE = "extract"



CAUTIONED_OR_SENTENCED = enums.enum_member("children_cautioned_or_sentenced", enums.POPULATIONS)
TOTAL_POPULATION = enums.enum_member("total_population", enums.POPULATIONS)
YOUTH_POPULATION = enums.enum_member("youth_population", enums.POPULATIONS)
CASELOAD_POPULATION = enums.enum_member("caseload", enums.POPULATIONS)
AGE_BAND = enums.enum_member("age_band", enums.DEMOGRAPHIC_DIMENSIONS)
ETHNICITY = enums.enum_member("ethnicity", enums.DEMOGRAPHIC_DIMENSIONS)
GENDER = enums.enum_member("gender", enums.DEMOGRAPHIC_DIMENSIONS)
# `all` is also the category of a whole population.
ALL = enums.enum_member("all", enums.DEMOGRAPHIC_DIMENSIONS)
DISTRIBUTION_DIMENSIONS = (AGE_BAND, ETHNICITY, GENDER)
STAFF = enums.enum_member("staff", enums.WORKFORCE_GROUPS)
VOLUNTEERS = enums.enum_member("volunteers", enums.WORKFORCE_GROUPS)
HEADCOUNT = enums.enum_member("headcount", enums.WORKFORCE_UNITS)
FTE = enums.enum_member("fte", enums.WORKFORCE_UNITS)
AVERAGE_PER_CASE_MANAGER = enums.enum_member("average_per_case_manager", enums.CASELOAD_TYPES)
REMANDS = enums.enum_member("remands", enums.CASELOAD_TYPES)
CASELOAD_AVERAGE = enums.enum_member("average", enums.CASELOAD_UNITS)
PERCENT = enums.enum_member(enums.UNIT_PERCENT, enums.DEMOGRAPHIC_UNITS)
COUNT = enums.enum_member(enums.UNIT_COUNT, enums.DEMOGRAPHIC_UNITS)
TOTAL = "total"  # slug of a printed total row or column (role, contract_type, ethnicity)
UNKNOWN = "unknown"
VOLUNTEER_ROLE = "volunteer"
VOLUNTEER_ROLES = frozenset({VOLUNTEER_ROLE, "referral_order_panel_volunteer"})

# workforce_labels.csv kinds
ROLE = "role"
CONTRACT_TYPE = "contract_type"
WORKING_PATTERN = "working_pattern"
GENDER_KIND = "gender"
TOTAL_KIND = "total"

AS_OF_WINDOW = 12  # lines above a table searched for its as-of label and group members
_CAPTION_WINDOW = 3  # lines above a table whose as-of phrases date it
_HEADING_WORDS = 10  # a line above a table this short is a heading, not prose
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_AS_OF_PHRASE = re.compile(
    r"(?:\b(?:as\s+at|as\s+of|snapshot(?:\s+taken)?(?:\s+on)?|position\s+at|"
    r"(?:(?:four|4|two|2|three|3)\s+)?quarters?\s+to|(?:12|twelve)\s+months\s+to|year\s+to)"
    rf"\s+(?P<date>(?:{_DAY}\s+)?{_MONTH},?\s+\d{{4}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{4}})"
    rf"|\((?P<month>{_MONTH}\s+\d{{4}})\))",
    re.IGNORECASE,
)
_AS_OF_LINE = re.compile(
    r"^(?:run(?:\s+on)?|as\s+at|as\s+of|data\s+as\s+at|figures\s+as\s+at|position\s+as\s+at"
    r"|correct\s+as\s+at|snapshot(?:\s+taken)?(?:\s+on)?)\s*:?\s*"
    rf"(?P<date>(?:{_DAY}\s+)?{_MONTH},?\s+\d{{4}}|{_MONTH}\s+{_DAY},?\s+\d{{4}}"
    r"|\d{1,2}[/.]\d{1,2}[/.]\d{4}|\d{4}-\d{2}-\d{2})\s*\.?$",
    re.IGNORECASE,
)
_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b", re.IGNORECASE)
_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y", "%Y-%m-%d")
_AGE_BAND = re.compile(
    r"^(?:aged?\s+)?(\d{1,2})\s*(?:-|\u2013|\u2014|to)\s*(\d{1,2})"
    r"(?:\s*(?:years?|yrs?)(?:\s+old)?)?$",
    re.IGNORECASE,
)
_AGE_RANGE_IN_TEXT = re.compile(r"\b(\d{1,2})\s*(?:-|\u2013|\u2014|to)\s*(\d{1,2})\b")
_PERIOD = re.compile(
    r"(?<![\d/])((?:19|20)\d\d\s*(?:/|-|\u2013)\s*(?:(?:19|20)\d\d|\d\d)|(?:19|20)\d\d)(?![\d/])"
)
_DIGITS = re.compile(r"\d")
_SERVICE_WORDS = frozenset(
    {"yos", "yot", "yjs", "service", "the service", "this service", "our service", "local"}
)
_STAFF_WORDS = ("staff", "staffing", "workforce", "employee", "volunteer", "headcount")
_PERCENT_WORDS = ("%", "percent", "per cent", "proportion", "percentage")
# Column headers that say only what is counted, not whose figure it is.
_MEASURE_HEADER = re.compile(
    r"(?:number|no|count|total|%|percent(?:age)?|per cent|proportion)"
    r"(?: of (?:young people|children|cases|the caseload))?(?: %)?")
_FTE_WORDS = ("fte", "full time equivalent")
_HEADCOUNT_WORDS = ("headcount", "head count")
UNIT_KIND = "unit"  # a heading naming what a column counts ("FTE", "Headcount")
_UNIT_HEADERS = {**dict.fromkeys(_FTE_WORDS, FTE), "ftes": FTE,
                 **dict.fromkeys(_HEADCOUNT_WORDS, HEADCOUNT)}
# A column counting the people in each role's row ("Role | Number"): their headcount.
_STAFF_COUNT_HEADERS = {**_UNIT_HEADERS, **dict.fromkeys(
    ("number", "numbers", "no", "number of staff", "no of staff", "staff numbers",
     "number of posts", "no of posts"), HEADCOUNT)}
_STAFF_COLUMN_HEADERS = frozenset({"staff", "staffing", "seconded staff", "staff seconded",
                                   "posts", "seconded posts", "staff provided"})
_POST = re.compile(r"(?<![\d.,])(?P<number>\d{1,3}(?:\.\d+)?)\s*(?P<fte>fte\b)?\s*"
                   r"(?P<post>[A-Za-z][A-Za-z&' ]{2,60})", re.IGNORECASE)
_POST_WORDS = 4
_SECONDED_FROM = {"police": "seconded_police", "police_and_crime_commissioner": "seconded_police",
                  "probation": "seconded_probation", "health": "seconded_health"}
_MONEY_WORDS = ("expenditure", "budget", "contribution", "funding", "cost", "spend", "grant")


# --- reference data ---------------------------------------------------------------------

def read_reference(name: str) -> list[dict[str, str]]:
    """Rows of a reviewed CSV under reference/data; lines starting with '#' are comments."""
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


@functools.lru_cache(maxsize=1 << 14)  # called for every header and label of every table
def fold(text: str) -> str:
    """A label's matching key: lowercase words, '&' as 'and', other punctuation as spaces;
    a scan's digit or rule inside a word read as its letter ("Rehabi|itati0n")."""
    text = undo_ocr_letters(clean_text(text)).casefold().replace("&", " and ")
    text = re.sub(r"['\u2019]", "", text)
    return " ".join(re.sub(r"[^a-z0-9+]+", " ", text).split())


@functools.cache
def ethnicity_labels() -> dict[str, str]:
    """Folded printed ethnicity label -> slug, from ethnicities.csv."""
    return {fold(row["label"]): row["ethnicity"] for row in read_reference("ethnicities.csv")}


@functools.cache
def workforce_labels() -> dict[str, dict[str, str]]:
    """kind -> folded printed label -> slug, from workforce_labels.csv."""
    allowed = {GENDER_KIND: enums.GENDERS, WORKING_PATTERN: enums.WORKING_PATTERNS,
               TOTAL_KIND: (TOTAL,)}
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    for row in read_reference("workforce_labels.csv"):
        kind, slug = row["kind"], row["slug"]
        if kind in allowed:
            enums.enum_member(slug, allowed[kind])
        labels[kind][fold(row["label"])] = slug
    return dict(labels)


@functools.cache
def caseload_phrases() -> tuple[tuple[str, str, bool], ...]:
    """(folded phrase, caseload_type, is_fallback) from caseload_labels.csv."""
    rows = read_reference("caseload_labels.csv")
    phrases = tuple(
        (fold(row["phrase"]), enums.enum_member(row["caseload_type"], enums.CASELOAD_TYPES),
         row["fallback"].strip().lower() == "yes")
        for row in rows
    )
    return phrases


@functools.cache
def population_phrases() -> tuple[tuple[str, str], ...]:
    """(folded phrase, population) from population_labels.csv."""
    return tuple((fold(row["phrase"]), enums.enum_member(row["population"], enums.POPULATIONS))
                 for row in read_reference("population_labels.csv"))


def population_named(header: str) -> str | None:
    """The one population a distribution's column header names, else None."""
    padded = f" {fold(header)} "
    named = {population for phrase, population in population_phrases()
             if f" {phrase} " in padded}
    return named.pop() if len(named) == 1 else None


@functools.cache
def known_inconsistencies() -> frozenset[tuple[str, str]]:
    """(document_id, source_table) pairs whose printed totals are wrong in the source."""
    return frozenset(
        (row["document_id"], row["source_table"])
        for row in read_reference("known_people_inconsistencies.csv")
    )


def _lookup(mapping: dict[str, str], label: str) -> str | None:
    """The slug of a printed label: exact, then singular, then without a bracketed note;
    failing those, spelled the same without spaces (a scan's "StrategicManager")."""
    if not mapping:  # a kind with no reviewed labels (a fresh `{}`: kept by no cache)
        return None
    keys = _label_keys(label)
    for key in keys:
        if key in mapping:
            return mapping[key]
        if key.endswith("s") and key[:-1] in mapping:
            return mapping[key[:-1]]
    unspaced = _unspaced(mapping)
    for key in keys:
        slugs = unspaced.get(key.replace(" ", ""), set())
        if len(slugs) == 1:
            return next(iter(slugs))
    return None


_MIN_SPLIT_WORD = 8  # letters of a one-word label read across a split


# id of a mapping -> (the mapping, kept so its id stays its own; its keys unspaced). Only
# the reviewed mappings, each loaded once (`functools.cache`), come here: a few entries.
_UNSPACED: dict[int, tuple[dict[str, str], dict[str, set[str]]]] = {}


def _unspaced(mapping: dict[str, str]) -> dict[str, set[str]]:
    """The mapping's keys spelled without spaces, to their slugs: keys of two words or
    more, or of one long word (a scan split "Admin istrative"). Built once per mapping
    (the reviewed mappings are loaded once)."""
    held = _UNSPACED.get(id(mapping))
    if held is not None and held[0] is mapping:
        return held[1]
    found: dict[str, set[str]] = {}
    for key, slug in mapping.items():
        if " " in key or len(key) >= _MIN_SPLIT_WORD:
            found.setdefault(key.replace(" ", ""), set()).add(slug)
    _UNSPACED[id(mapping)] = (mapping, found)
    return found


@functools.lru_cache(maxsize=1 << 14)  # every document prints the same few labels
def _label_keys(label: str) -> tuple[str, ...]:
    keys: list[str] = []
    for reading in ocr_letter_readings(label):  # a scan's "Temp0rary" is "Temporary"
        keys.append(fold(reading))
        bare = fold(re.sub(r"\([^)]*\)", " ", clean_text(reading)))
        if bare and bare != keys[-1]:
            keys.append(bare)
    return tuple(key for key in keys if key)


def ethnicity_of(label: str) -> str | None:
    """The ethnicity slug of a printed label, or None when the label is not listed."""
    return _lookup(ethnicity_labels(), label)


def workforce_slug(kind: str, label: str) -> str | None:
    """The slug of a printed workforce label of one kind (role, gender, ...), or None."""
    return _lookup(workforce_labels().get(kind, {}), label)


def contract_type_of(label: str) -> str | None:
    """A contract-type row label's slug; a listed label may lead a longer one
    ("Seconded Health Mental Health" is seconded_health)."""
    mapping = workforce_labels().get(CONTRACT_TYPE, {})
    slug = _lookup(mapping, label)
    if slug is not None:
        return slug
    words = fold(label).split()
    for size in range(len(words) - 1, 0, -1):
        prefix = " ".join(words[:size])
        if prefix in mapping:
            return mapping[prefix]
    return None


def is_total_label(label: str | None) -> bool:
    """Whether a printed row or column label marks a total ("Total", "Grand Total")."""
    return bool(label) and workforce_slug(TOTAL_KIND, str(label)) is not None


def caseload_types_named(text: str) -> set[str]:
    """Caseload types a printed label names; more than one means it is ambiguous."""
    padded = f" {fold(text)} "
    found = [(phrase, slug) for phrase, slug, fallback in caseload_phrases()
             if not fallback and f" {phrase} " in padded]
    specific = {slug for phrase, slug in found  # "custody" inside "remand in custody" is not one
                if not any(phrase != longer and f" {phrase} " in f" {longer} "
                           for longer, _ in found)}
    if specific:
        return specific
    return {slug for phrase, slug, fallback in caseload_phrases()
            if fallback and f" {phrase} " in padded}


_RATE_LABEL = re.compile(
    r"\brate\b|\bper\s*(?:cent\b|\d[\d,]*)|%|\bpercent(?:age)?\b|\bproportion\b",
    re.IGNORECASE)


def names_rate(label: str) -> bool:
    """A label naming a rate or a share ("Custody rate per 1,000", "Remands per 100,000",
    "Referral orders (%)"): what it lists is never a number of children, so never a
    caseload count, whatever caseload type it also names. ("Cases per worker" names no
    rate: it is the average caseload.)"""
    return bool(_RATE_LABEL.search(label))


def _rate_reason(label: str) -> str:
    return f"'{label}' is a rate, not a number of children"


def mentions_caseload(text: str) -> bool:
    """Whether a label or caption is about caseloads (and not, say, cases inspected)."""
    folded = fold(text)
    return any(word in folded for word in ("caseload", "open case", "allocated", "cases per"))


def _mentions(text: str, words: Iterable[str]) -> bool:
    """Whether a text uses one of the words (or its plural); "%" is looked for as printed."""
    padded = f" {fold(text)} "
    for word in words:
        key = fold(word)
        if (key and (f" {key} " in padded or f" {key}s " in padded)) or (
            not key and word in text
        ):
            return True
    return False


def _period_in(text: str | None) -> str | None:
    """The one year or financial year printed in a label or caption, as printed."""
    if not text:
        return None
    found = {period.replace(" ", "") for period in _PERIOD.findall(clean_text(text))}
    return found.pop() if len(found) == 1 else None  # two periods: which one is not said


# --- as-of labels -------------------------------------------------------------------------

@dataclass(frozen=True)
class AsOf:
    """A printed as-of line and the date it names, when it names one unambiguously."""

    label: str
    line: int
    date: dt.date | None


def parse_as_of_date(text: str) -> dt.date | None:
    """The date an as-of label names ("Run 7th April 2021" -> 2021-04-07), or None when it
    names no single day or could be read two ways (03/04/2021)."""
    match = _AS_OF_LINE.match(clean_text(text))
    body = match.group("date") if match else clean_text(text)
    body = " ".join(_ORDINAL.sub(r"\1", body).replace(",", " ").split())
    body = re.sub(r"\bSept\b", "Sep", body, flags=re.IGNORECASE)
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(body, fmt).date()
        except ValueError:
            continue
    numeric = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", body)
    if numeric:
        day, month, year = (int(part) for part in numeric.groups())
        if day > 12 or day == month:  # day first (UK), and nothing else it could mean
            try:
                return dt.date(year, month, day)
            except ValueError:
                return None
    return None


def _as_of_lines(ctx: DocumentContext, start: int, end: int) -> list[AsOf]:
    found = []
    for number in range(max(start, 1), end + 1):
        text = clean_text(ctx.line(number)).strip()
        if text and _AS_OF_LINE.match(text):
            found.append(AsOf(text, number, parse_as_of_date(text)))
    return found


def _as_of_in_caption(ctx: DocumentContext, table: Table) -> AsOf | None:
    """An as-of phrase inside the table's caption, title, notes or the lines just above
    ("Staffing by contract type (as at 31 March 2023)", "Caseloads for the four quarters
    to 31 March 2018", "Table 4: staff by contract type (June 2019)"), when exactly one
    date is named that way."""
    texts = [(table.caption_line or table.first_line, table.caption),
             (table.title_line or table.first_line, table.title),
             *table.notes]
    first = max(table.first_line - _CAPTION_WINDOW, 1)
    texts += [(n, ctx.line(n)) for n in range(first, table.first_line)]
    after = range(table.last_line + 1, min(table.last_line + _CAPTION_WINDOW, len(ctx.lines)) + 1)
    texts += [(n, ctx.line(n)) for n in after if is_table_label(clean_text(ctx.line(n)))]
    found = {}
    for line, text in texts:
        for match in _AS_OF_PHRASE.finditer(clean_text(text or "")):
            label = " ".join(match.group(0).strip("() ").split())
            date = match.group("date") or match.group("month")
            found.setdefault(label.casefold(), AsOf(label, line, parse_as_of_date(date)))
    return next(iter(found.values())) if len(found) == 1 else None


def as_of_labels(ctx: DocumentContext) -> tuple[dict[str, AsOf], list[Issue]]:
    """Each table's as-of label, read from the lines just above it.

    The rule: as-of lines ("Run 7th April 2021", "As at 31 March 2021") printed between a
    table and the table before it, at most AS_OF_WINDOW lines up, belong to that table.
    When several are stacked above one table, the PDF printed tables side by side, each
    under its own date, and the conversion to text emitted the dates first and then the
    tables one after another, in the same left-to-right order. So the stacked labels go,
    in printed order, to that table and to the tables that follow it closely (each starting
    within AS_OF_WINDOW lines of the one before) with no as-of line of their own: the
    first label to the first table, the second to the second. The pairing is made only
    when there are exactly as many such tables as labels; otherwise no table gets a label
    and the ambiguity is reported.
    """
    tables = sorted(ctx.tables, key=lambda t: t.first_line)
    found: list[list[AsOf]] = []
    previous_end = 0
    for table in tables:
        start = max(previous_end + 1, table.first_line - AS_OF_WINDOW)
        found.append(_as_of_lines(ctx, start, table.first_line - 1))
        previous_end = table.last_line
    assigned: dict[str, AsOf] = {}
    issues: list[Issue] = []
    for index, labels in enumerate(found):
        if not labels:
            phrase = _as_of_in_caption(ctx, tables[index])
            if phrase is not None:
                assigned[tables[index].table_id] = phrase
            continue
        if len(labels) == 1:
            assigned[tables[index].table_id] = labels[0]
            continue
        group = _following_group(tables, found, index)
        if len(group) == len(labels):
            assigned.update({t.table_id: label for t, label in zip(group, labels, strict=True)})
        else:
            issues.append(Issue(
                EXTRACT_STAGE, AS_OF_AMBIGUOUS,
                f"{len(labels)} as-of labels above {len(group)} table(s): no table given one",
                WARNING, ctx.document_id, tables[index].table_id, labels[0].line))
    return assigned, issues


def _following_group(tables: list[Table], found: list[list[AsOf]], index: int) -> list[Table]:
    """The table at `index` and those following closely without as-of lines of their own."""
    group = [tables[index]]
    for later in range(index + 1, len(tables)):
        if found[later] or tables[later].first_line - group[-1].last_line > AS_OF_WINDOW:
            break
        group.append(tables[later])
    return group


# --- collecting rows and issues -------------------------------------------------------------

@dataclass
class _Collector:
    """Rows for the three tables, and left-out cells counted per line and reason."""

    ctx: DocumentContext
    as_of: dict[str, AsOf]
    rows: dict[str, list[dict[str, object]]] = field(
        default_factory=lambda: {name: [] for name in TABLES})
    left_out: Counter[tuple[str, str, int, str]] = field(default_factory=Counter)
    issues: dict[str, list[Issue]] = field(default_factory=lambda: {n: [] for n in TABLES})

    def add(self, name: str, table: Table, cell: Cell, value: float, **columns: object) -> None:
        if name == WORKFORCE:  # the as-of date where the label names one day
            columns.setdefault("as_of_date", self.as_of_date(table))
        self.rows[name].append({**columns, "value": value,
                                **self.ctx.provenance(table, cell.source_line)})

    def leave_out(self, name: str, table: Table, line: int, reason: str, cells: int = 1) -> None:
        self.left_out[(name, table.table_id, line, reason)] += cells

    @functools.cached_property
    def table_ends(self) -> list[int]:
        return sorted(t.last_line for t in self.ctx.tables)

    def as_of_label(self, table: Table) -> str | None:
        found = self.as_of.get(table.table_id)
        return found.label if found else None

    def as_of_date(self, table: Table) -> dt.date | None:
        found = self.as_of.get(table.table_id)
        return found.date if found else None

    def outputs(self) -> dict[str, Rows]:
        for (name, source_table, line, reason), count in sorted(self.left_out.items()):
            self.issues[name].append(Issue(
                EXTRACT_STAGE, CELLS_LEFT_OUT,
                f"{count} cell{'s' if count > 1 else ''} left out of {name}: {reason}",
                WARNING, self.ctx.document_id, source_table, line))
        result = {}
        for name in TABLES:
            kept, duplicates = _drop_duplicate_keys(self.rows[name], get_table(name).primary_key)
            issues = self.issues[name] + [
                Issue(EXTRACT_STAGE, DUPLICATE_KEY,
                      f"{name} row left out: it repeats the key of an earlier row",
                      WARNING, self.ctx.document_id, row["source_table"],
                      int(row["source_line"]))
                for row in duplicates
            ]
            result[name] = Rows.from_records(kept, name, issues)
        return result


def _drop_duplicate_keys(
    rows: list[dict[str, object]], key: tuple[str, ...]
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Rows whose primary key repeats an earlier row's cannot both be published: the
    first is kept (every missing value counts as one key value, as in pandas)."""
    kept, repeated, seen = [], [], set()
    for row in rows:
        values = tuple(_key_part(row.get(column)) for column in key)
        (repeated if values in seen else kept).append(row)
        seen.add(values)
    return kept, repeated


def _key_part(value: object) -> object:
    missing = value is None or value is pd.NA or (isinstance(value, float) and value != value)
    return None if missing else value


# --- cells ----------------------------------------------------------------------------------

def _number(cell: Cell | None) -> tuple[float | None, str | None]:
    """The single number a cell prints; else None and why ("" reason for a blank cell)."""
    if cell is None:
        return None, ""
    value = read_cell(cell.text)
    if value.status == EMPTY:
        return None, ""
    if value.is_number and value.value is not None and not value.approximate:
        return value.value, None
    if value.status in (enums.SUPPRESSED, enums.NOT_AVAILABLE):
        return None, f"'{value.text}' is printed instead of a number"
    return None, f"'{value.text}' is not a single printed number"


_COUNT_AND_SHARE = re.compile(r"(\d[\d,]*)\s*\(\s*(\d+(?:\.\d+)?)\s*%\s*\)")


def _count_and_share(cell: Cell) -> tuple[float, float] | None:
    """A count printed with its share in brackets ("74 (60%)"), as two numbers."""
    match = _COUNT_AND_SHARE.fullmatch(cell.text.strip())
    if match is None:
        return None
    return float(match.group(1).replace(",", "")), float(match.group(2))


def _text(cell: Cell | None) -> str:
    return cell.text.strip() if cell is not None else ""


def _context_text(table: Table) -> str:
    """Caption and title: what the document says the table is about."""
    return " ".join(part for part in (table.caption, table.title) if part)


def _headings_above(ctx: DocumentContext, table: Table, ends: list[int] | None = None) -> str:
    """Caption, title and the short heading lines just above a table (after the table
    before it, at most AS_OF_WINDOW lines up): "Staffing (FTE)" over an as-of line that
    the parser took as the caption. `ends` is every table's last line, sorted
    (`_Collector.table_ends`), so a document of thousands of tables is not rescanned for
    each one."""
    ends = sorted(t.last_line for t in ctx.tables) if ends is None else ends
    before = bisect.bisect_left(ends, table.first_line)
    previous_end = ends[before - 1] if before else 0
    start = max(previous_end + 1, table.first_line - AS_OF_WINDOW, 1)
    headings = [clean_text(ctx.line(n)) for n in range(start, table.first_line)]
    short = [text for text in headings if text and len(text.split()) <= _HEADING_WORDS]
    return " ".join([_context_text(table), *short])


# --- key figures: two-cell label/number rows --------------------------------------------------

# Words a key-figure label may hold besides what it counts: a label with any other word
# ("Population density", "Staff training") is not a population or workforce figure.
_POPULATION_LABEL_WORDS = frozenset({
    "total", "youth", "young", "people", "population", "resident", "estimate", "estimated",
    "mid", "aged", "age", "years", "year", "old", "in", "of", "the", "to", "and",
})
_WORKFORCE_LABEL_WORDS = frozenset({
    "total", "number", "no", "of", "the", "in", "post", "current", "all", "staff", "staffing",
    "workforce", "member", "members", "employee", "employees", "volunteer", "volunteers",
    "headcount", "head", "count", "fte", "full", "time", "equivalent", "people",
})


def _key_figures(table: Table) -> list[tuple[Cell, Cell]] | None:
    """(label, number) per row when every row is one text cell and one number, either way
    round ("106,803 | Total population" or "Total staff headcount | 17"). Rows printing
    money or a percentage are no counts of people or cases and are passed over."""
    pairs = []
    for row in table.grid():
        cells = [cell for cell in row if cell is not None and cell.text.strip()]
        if len(cells) != 2:
            return None
        readings = [read_cell(cell.text) for cell in cells]
        numbers = [i for i, r in enumerate(readings) if r.value is not None]
        labels = [i for i, r in enumerate(readings) if r.status == TEXT]
        if len(numbers) != 1 or len(labels) != 1:
            return None
        if readings[numbers[0]].unit_hint is None:
            pairs.append((cells[labels[0]], cells[numbers[0]]))
    return pairs or None


def _read_key_figures(out: _Collector, table: Table, pairs: list[tuple[Cell, Cell]]) -> None:
    caption = _context_text(table)
    if _mentions(caption, _MONEY_WORDS):
        return  # "Staffing | 520,900" under "Estimated Expenditure" is money, not people
    for label_cell, number_cell in pairs:
        label = label_cell.text
        value, _ = _number(number_cell)
        if value is None:
            continue
        if _is_population_label(out.ctx, label):
            _key_population(out, table, label, number_cell, value)
        elif mentions_caseload(label) or mentions_caseload(caption):
            _key_caseload(out, table, label, number_cell, value)
        elif _is_workforce_label(label):
            _key_workforce(out, table, f"{label} {caption}", label, number_cell, value)


def _residual_words(text: str, phrases: Iterable[str] = ()) -> set[str]:
    """The words of a label left once the given phrases and all digits are taken out."""
    padded = f" {fold(_DIGITS.sub(' ', clean_text(text)))} "
    for phrase in sorted(phrases, key=len, reverse=True):
        padded = padded.replace(f" {phrase} ", " ").replace(f" {phrase}s ", " ")
    return set(padded.split())


def _is_population_label(ctx: DocumentContext, label: str) -> bool:
    """A label naming a population and nothing else but its area, year and age range."""
    if "population" not in fold(label).split():
        return False
    areas = [fold(clean_text(label)[start:end]) for _area, start, end
             in AreaResolver.default().find_mentions(clean_text(label))]
    return not _residual_words(label, areas) - _POPULATION_LABEL_WORDS


def _is_workforce_label(label: str) -> bool:
    """A label naming staff, volunteers or a role, and only how they are counted."""
    roles = list(workforce_labels().get(ROLE, {}))
    words = _residual_words(label, roles)
    named = _mentions(label, _STAFF_WORDS) or _role_named_in(label) is not None
    return named and not words - _WORKFORCE_LABEL_WORDS


def _key_population(out: _Collector, table: Table, label: str, cell: Cell, value: float) -> None:
    subject = _subject_in_label(out.ctx, label)
    if subject is None:
        out.leave_out(DEMOGRAPHICS, table, cell.source_line,
                      f"population label '{label}' names an area other than the service")
        return
    out.add(DEMOGRAPHICS, table, cell, value, population=_population_kind(label),
            dimension=ALL, category=ALL, subject_type=subject,
            period_label=_period_in(_AGE_RANGE_IN_TEXT.sub(" ", clean_text(label))),
            unit=COUNT)


def _population_kind(label: str) -> str:
    """Youth population when the label says youth or the 10-17 age range, else total."""
    ages = _AGE_RANGE_IN_TEXT.search(clean_text(label))
    words = set(fold(label).split())
    if words & {"youth", "young"} or (ages and (ages.group(1), ages.group(2)) == ("10", "17")):
        return YOUTH_POPULATION
    return TOTAL_POPULATION


def _subject_in_label(ctx: DocumentContext, label: str) -> str | None:
    """`national` if a label mentions a nation, None if another service, else `yot`."""
    for area, _start, _end in AreaResolver.default().find_mentions(clean_text(label)):
        if area.area_type == enums.SUBJECT_NATIONAL:
            return enums.SUBJECT_NATIONAL
        if area.area_id != ctx.yot_id:
            return None
    return enums.SUBJECT_YOT


def _key_caseload(out: _Collector, table: Table, label: str, cell: Cell, value: float) -> None:
    types = caseload_types_named(label)
    if names_rate(label):
        out.leave_out(CASELOADS, table, cell.source_line, _rate_reason(label))
        return
    if len(types) != 1:
        reason = "names several caseload types" if types else "names no caseload type"
        out.leave_out(CASELOADS, table, cell.source_line, f"label '{label}' {reason}")
        return
    caseload_type = types.pop()
    out.add(CASELOADS, table, cell, value, caseload_type=caseload_type, team=None,
            as_of_label=out.as_of_label(table), as_of_date=out.as_of_date(table),
            unit=_caseload_unit(caseload_type))


def _caseload_unit(caseload_type: str) -> str:
    return CASELOAD_AVERAGE if caseload_type == AVERAGE_PER_CASE_MANAGER else COUNT


def _key_workforce(out: _Collector, table: Table, context: str, label: str, cell: Cell,
                   value: float) -> None:
    role = _role_named_in(label)
    volunteers = role in VOLUNTEER_ROLES or (
        _mentions(label, ("volunteer",)) and not _mentions(label, ("staff",)))
    unit = _key_figure_unit(context, value)
    out.add(WORKFORCE, table, cell, value, group=VOLUNTEERS if volunteers else STAFF,
            role=role, contract_type=None, working_pattern=None, gender=None, ethnicity=None,
            unit=unit, as_of_label=out.as_of_label(table))


def _key_figure_unit(context: str, value: float) -> str:
    """FTE when the label says so, headcount when it says so (a fractional headcount is
    then the source's error, for the rules to catch); else a fraction can only be FTE."""
    if _mentions(context, _FTE_WORDS):
        return FTE
    if _mentions(context, _HEADCOUNT_WORDS) or float(value).is_integer():
        return HEADCOUNT
    return FTE


def _role_named_in(label: str) -> str | None:
    """A role printed inside a longer label ("Number of practitioners"), when only one is."""
    padded = f" {fold(label)} "
    roles = {slug for key, slug in workforce_labels().get(ROLE, {}).items()
             if f" {key} " in padded or f" {key}s " in padded}
    return roles.pop() if len(roles) == 1 else None


# --- demographics: distributions -------------------------------------------------------------

def _category_readings(label: str) -> set[tuple[str, str]]:
    """(dimension, category) pairs a printed category label could mean."""
    text = clean_text(label).strip()
    band = _AGE_BAND.match(text)
    if band:
        return {(AGE_BAND, f"{int(band.group(1))}-{int(band.group(2))}")}
    if is_total_label(text) or fold(text) == "all":
        return {(dimension, ALL) for dimension in DISTRIBUTION_DIMENSIONS}
    readings = set()
    gender = workforce_slug(GENDER_KIND, text)
    if gender:
        readings.add((GENDER, gender))
    ethnicity = ethnicity_of(text)
    if ethnicity == UNKNOWN:
        return {(dimension, UNKNOWN) for dimension in DISTRIBUTION_DIMENSIONS}
    if ethnicity:
        readings.add((ETHNICITY, ethnicity))
    return readings


def _dimension_named(text: str) -> str | None:
    """The dimension a stub header names ("Age", "Race/ethnicity", "Gender"), if any."""
    words = set(fold(text).split())
    named = {dimension for dimension, cues in (
        (AGE_BAND, {"age", "ages", "aged"}),
        (ETHNICITY, {"ethnicity", "ethnic", "race"}),
        (GENDER, {"gender", "sex"}),
    ) if words & cues}
    return named.pop() if len(named) == 1 else None


def _subject_type(ctx: DocumentContext, label: str) -> str | None:
    """`yot` for the publishing service, `national` for a nation, None for anything else."""
    if not label:
        return None
    if fold(label) in _SERVICE_WORDS:
        return enums.SUBJECT_YOT
    area = AreaResolver.default().resolve(label)
    if area is None:
        return None
    if area.area_type == enums.SUBJECT_NATIONAL:
        return enums.SUBJECT_NATIONAL
    return enums.SUBJECT_YOT if area.area_id == ctx.yot_id else None


@dataclass(frozen=True)
class _Distribution:
    """A distribution table's two axes: categories one way, subjects the other."""

    dimension: str
    categories: dict[int, str | None]  # column (or body row) index -> category, None: unread
    category_labels: dict[int, str]
    subjects: dict[int, str | None]  # body row (or column) index -> subject_type
    subject_labels: dict[int, str]
    categories_in_columns: bool
    populations: dict[int, str] | None = None  # column -> population, when columns name them
    periods: dict[int, str] | None = None  # column -> period, when each column is a year
    # category index -> dimension, when the categories run through several dimensions in
    # turn (gender rows, then age bands, then ethnicities): `dimension` is then the first
    dimensions: dict[int, str] | None = None

    def dimension_at(self, category: int) -> str:
        return (self.dimensions or {}).get(category, self.dimension)

    def at(self, row: int, column: int) -> tuple[int, int]:
        """(category index, subject index) of a body cell."""
        return (column, row) if self.categories_in_columns else (row, column)


def _distribution(ctx: DocumentContext, table: Table) -> _Distribution | None:
    """The layout of a distribution table, whichever way round it is printed: categories
    as columns over rows naming the service and the nation, or the transpose."""
    if table.header_rows < 1 or table.n_columns < 2 or not table.body():
        return None
    headers = [" ".join(t for t in texts if t) for texts in table.column_headers()]
    rows = {i: _text(row[0]) for i, row in enumerate(table.body())}
    columns = {i: label for i, label in enumerate(headers) if i > 0}
    for categories_in_columns, (category_labels, subject_labels) in (
        (True, (columns, rows)), (False, (rows, columns)),
    ):
        subjects = {i: _subject_type(ctx, label) for i, label in subject_labels.items()}
        if not any(subjects.values()):
            continue
        found = _categories(category_labels, headers[0])
        if found is not None:
            dimension, categories = found
            return _Distribution(dimension, categories, category_labels, subjects,
                                 subject_labels, categories_in_columns)
    return (_service_distribution(table, rows, columns, headers[0])
            or _population_distribution(rows, columns, headers[0]))


def _is_measure_header(label: str) -> bool:
    return label.strip() in ("%", "(%)") or bool(_MEASURE_HEADER.fullmatch(fold(label)))


def _service_distribution(table: Table, rows: dict[int, str], columns: dict[int, str],
                          stub: str) -> _Distribution | None:
    """Categories as rows under columns that only say what is counted ("Number", "%"),
    in a table whose caption names the service's own children ("children supervised in
    2018/19 by gender"): a distribution of the publishing service."""
    periods = _period_columns(columns)
    if not columns or not (periods or all(_is_measure_header(label)
                                          for label in columns.values())):
        return None
    if _population_of_distribution(table) is None:
        return None
    found = _categories(rows, stub)
    if found is not None:
        dimension, categories = found
        return _Distribution(dimension, categories, rows,
                             dict.fromkeys(columns, enums.SUBJECT_YOT), columns,
                             categories_in_columns=False, periods=periods)
    mixed = _categories_in_turn(rows)
    if mixed is None:
        return None
    dimensions, categories = mixed
    return _Distribution(dimensions[min(dimensions)], categories, rows,
                         dict.fromkeys(columns, enums.SUBJECT_YOT), columns,
                         categories_in_columns=False, periods=periods, dimensions=dimensions)


def _period_columns(columns: dict[int, str]) -> dict[int, str] | None:
    """Each column's period when every column header is one distinct year or financial
    year ("2017/18 | 2018/19"): the service's distribution printed for several years. A
    year over what is counted ("2017/18" merged over "Number | %": "2017/18 Number") is
    that year's too, each year and measure printed once."""
    periods, printed = {}, set()
    for index, label in columns.items():
        text = clean_text(label).strip()
        found = _PERIOD.match(text)
        measure = text[found.end():].strip() if found else ""
        if not found or (measure and not _is_measure_header(measure)):
            return None
        periods[index] = found.group(1).replace(" ", "")
        printed.add((periods[index], fold(measure)))
    return periods if len(printed) == len(periods) else None


def _population_distribution(rows: dict[int, str], columns: dict[int, str],
                             stub: str) -> _Distribution | None:
    """Categories as rows under columns that each name a population of the service
    ("Post court", "Total caseload", "10-17 Population", "% of offending young people"):
    the service's own distributions, one per column. Needs two such columns; a column
    naming none ("% over represented") is left out and reported."""
    populations = {i: population_named(label) for i, label in columns.items()}
    if sum(1 for population in populations.values() if population) < 2:
        return None
    found = _categories(rows, stub)
    if found is None:
        return None
    dimension, categories = found
    named = {i: population for i, population in populations.items() if population}
    return _Distribution(dimension, categories, rows,
                         {i: (enums.SUBJECT_YOT if i in named else None) for i in columns},
                         columns, categories_in_columns=False, populations=named)


def _categories(labels: dict[int, str], stub: str) -> tuple[str, dict[int, str | None]] | None:
    """The dimension the category labels share, and each label's category (None when a
    label cannot be read); None when fewer than two labels are categories of one dimension."""
    readings = {i: _category_readings(label) for i, label in labels.items() if label}
    read = [options for options in readings.values() if options]
    if len(read) < 2:
        return None
    shared = set(DISTRIBUTION_DIMENSIONS)
    for options in read:
        shared &= {dimension for dimension, _ in options}
    named = _dimension_named(stub)
    if len(shared) > 1 and named in shared:
        shared = {named}
    if len(shared) != 1:
        return None
    dimension = shared.pop()
    categories = {i: next((c for d, c in options if d == dimension), None)
                  for i, options in readings.items()}
    return dimension, categories


def _categories_in_turn(labels: dict[int, str]
                        ) -> tuple[dict[int, str], dict[int, str | None]] | None:
    """Category rows of several dimensions in turn ("Male", "Female", then "Aged 10-14",
    "Aged 15-17", then ethnicities): each run of consecutive labels sharing one dimension
    is a distribution of its own. Every run needs two labels and one dimension only, and
    a label of no known category breaks the table (which run is it in?); None unless at
    least two runs."""
    runs: list[tuple[set[str], list[tuple[int, set[tuple[str, str]]]]]] = []
    for index in sorted(i for i, label in labels.items() if label):
        options = _category_readings(labels[index])
        if not options:
            return None
        dimensions = {dimension for dimension, _ in options}
        if runs and runs[-1][0] & dimensions:
            runs[-1] = (runs[-1][0] & dimensions, [*runs[-1][1], (index, options)])
        else:
            runs.append((dimensions, [(index, options)]))
    if len(runs) < 2 or any(len(shared) != 1 or len(members) < 2 for shared, members in runs):
        return None
    dimension_of: dict[int, str] = {}
    categories: dict[int, str | None] = {}
    for shared, members in runs:
        (dimension,) = shared
        for index, options in members:
            dimension_of[index] = dimension
            category = next(c for d, c in options if d == dimension)
            # a total beside several dimensions: the total of which? (left out, reported)
            categories[index] = None if category == ALL else category
    return dimension_of, categories


# Captions naming the children a service works with: "young people open to the YOS".
_CASELOAD_PHRASES = ("worked with", "open to", "known to", "working with")


def _population_of_distribution(table: Table) -> str | None:
    """Which children a distribution describes, from its caption or title."""
    words = set(fold(_context_text(table)).split())
    if any(word.startswith(("caution", "sentenc", "convict", "offend")) for word in words):
        return CAUTIONED_OR_SENTENCED
    if words & {"caseload", "caseloads", "cases", "supervised"} or any(
            phrase in fold(_context_text(table)) for phrase in _CASELOAD_PHRASES):
        return CASELOAD_POPULATION
    if "population" in words:
        return _population_kind(_context_text(table))
    return None


def _read_distribution(out: _Collector, table: Table, layout: _Distribution) -> None:
    table_population = _population_of_distribution(table)
    period = _period_in(_context_text(table))
    percent_table = _mentions(_context_text(table), _PERCENT_WORDS)
    for row_index, row in enumerate(table.body()):
        for column_index, cell in enumerate(row):
            if column_index == 0 or cell is None:
                continue
            pair = _count_and_share(cell)
            value, problem = (pair[0], None) if pair else _number(cell)
            if value is None and not problem:
                continue
            category_at, subject_at = layout.at(row_index, column_index)
            population = (table_population if layout.populations is None
                          else layout.populations.get(column_index))
            reason = problem or _distribution_problem(layout, population, category_at,
                                                      subject_at)
            if reason:
                out.leave_out(DEMOGRAPHICS, table, cell.source_line, reason)
                continue
            if layout.populations is not None:
                percent = _percent_in_column(layout.subject_labels[subject_at], cell)
            else:
                percent = (percent_table or read_cell(cell.text).unit_hint == PERCENT
                           or _mentions(layout.subject_labels.get(subject_at, ""),
                                        _PERCENT_WORDS))
            keys = {"population": population, "dimension": layout.dimension_at(category_at),
                    "category": layout.categories[category_at],
                    "subject_type": layout.subjects[subject_at],
                    "period_label": (layout.periods or {}).get(column_index, period)}
            if pair:  # "74 (60%)": the count and its share, both printed in the cell
                out.add(DEMOGRAPHICS, table, cell, pair[0], **keys, unit=COUNT)
                out.add(DEMOGRAPHICS, table, cell, pair[1], **keys, unit=PERCENT)
                continue
            out.add(DEMOGRAPHICS, table, cell, value, **keys, unit=PERCENT if percent else COUNT)


def _percent_in_column(header: str, cell: Cell) -> bool:
    """Whether a cell under a population column is a share: the header says only
    "%"/"Percentage", or the cell prints "%" (under "Number/percentage" or no measure)."""
    counted = bool(set(fold(header).split()) & {"number", "no", "count", "numbers"})
    if _mentions(header, _PERCENT_WORDS) and not counted:
        return True
    return read_cell(cell.text).unit_hint == PERCENT


def _distribution_problem(layout: _Distribution, population: str | None, category_at: int,
                          subject_at: int) -> str | None:
    """Why a distribution cell cannot be published, or None when it can."""
    if layout.populations is not None and subject_at not in layout.populations:
        label = layout.subject_labels.get(subject_at, "")
        return f"column '{label}' names no population"
    if population is None:
        return "the caption does not say which population the distribution describes"
    if layout.categories.get(category_at) is None:
        label = layout.category_labels.get(category_at, "")
        return f"'{label}' is not a known {layout.dimension_at(category_at)} category"
    if layout.subjects.get(subject_at) is None:
        label = layout.subject_labels.get(subject_at, "")
        return f"'{label}' is neither this service nor a national figure"
    return None


# --- workforce: contract-type or ethnicity rows under role/pattern/gender columns ------------

@dataclass(frozen=True)
class _Column:
    """What a workforce table's column header says, or why it cannot be read."""

    role: str | None = None
    working_pattern: str | None = None
    gender: str | None = None
    unit: str | None = None
    is_total: bool = False
    problem: str | None = None


def _read_column(texts: list[str]) -> _Column:
    """Read one column's header texts (top-down), ignoring '-' noise; an unknown text is
    tolerated only when the column is already fully read (a garbage duplicate row)."""
    found: dict[str, str] = {}
    unknown = []
    for text in texts:
        if not text.strip() or read_cell(text).status not in (TEXT, EMPTY):
            continue
        reads = _header_reads(text)
        if not reads:
            unknown.append(text)
        for kind, slug in reads.items():
            if found.setdefault(kind, slug) != slug:
                return _Column(problem=f"header names two {kind}s ('{' / '.join(texts)}')")
    column = _Column(role=found.get(ROLE), working_pattern=found.get(WORKING_PATTERN),
                     gender=found.get(GENDER_KIND), unit=found.get(UNIT_KIND),
                     is_total=TOTAL_KIND in found)
    complete = column.is_total or (column.role and (
        column.working_pattern or column.gender or column.unit))
    if unknown and not complete:
        problem = f"header '{' / '.join(t for t in texts if t)}' cannot be read"
        if any(_out_of_line_heading(text) for text in unknown):  # see `_headings_misaligned`
            return _Column(working_pattern=column.working_pattern, gender=column.gender,
                           problem=problem)
        return _Column(problem=problem)
    return column


_CAPTION_WORDS = 4  # a heading of this many words that reads as nothing is a caption


def _out_of_line_heading(text: str) -> bool:
    """An unreadable heading that shows the header rows are out of line: a caption taken
    into the header, or roles run together ("Operational Managers Students"), unlike a
    word a scan garbled ("Brxqzt"), which costs its own column only."""
    words = text.split()
    if len(words) >= _CAPTION_WORDS:
        return True
    return any(workforce_slug(ROLE, " ".join(words[start:end]))
               for start in range(len(words))
               for end in range(start + 1, min(len(words), start + 3) + 1))


_QUALIFIERS = (WORKING_PATTERN, GENDER_KIND, UNIT_KIND)  # what a role's heading may add


def _slug(kind: str, text: str) -> str | None:
    """A workforce label's slug of one kind; a unit is read from its heading words."""
    return _UNIT_HEADERS.get(fold(text)) if kind == UNIT_KIND else workforce_slug(kind, text)


def _header_reads(text: str) -> dict[str, str]:
    """What one header text names: a role, working pattern, gender, unit or total, from
    the whole text or a bracketed part ("Strategic Manager (PT)", "Admin (FTE)")."""
    kinds = (ROLE, *_QUALIFIERS, TOTAL_KIND)
    reads = {kind: _slug(kind, text) for kind in kinds}
    for part in _BRACKETED.findall(text):
        for kind in _QUALIFIERS:
            reads[kind] = reads[kind] or _slug(kind, part)
    if any(reads[kind] for kind in _QUALIFIERS):  # the role is what the brackets naming
        rest = _BRACKETED.sub(  # a qualifier leave ("Volunteers (panel) (F)")
            lambda m: " " if _names_a_qualifier(m[1]) else m[0], text)
        reads[ROLE] = workforce_slug(ROLE, rest) or reads[ROLE]
    if not any(reads.values()):
        reads.update(_suffixed_reads(text))
    return {kind: slug for kind, slug in reads.items() if slug}


_BRACKETED = re.compile(r"\(([^)]*)\)")


def _names_a_qualifier(text: str) -> bool:
    return any(_slug(kind, text) for kind in _QUALIFIERS)


# "Practitioners M", "Managers Strategic - Female", "Total: FT": a role or total, then a
# gender or working pattern after a space, dash, slash or colon.
_SUFFIXED = re.compile(r"^(?P<head>.*\S)\s*[-/:]?\s+(?P<tail>[^\s/:-]+)$")


def _suffixed_reads(text: str) -> dict[str, str]:
    """A role (or total) with its gender or working pattern appended in one header cell,
    as one-row headers print them; both parts must be read, else nothing is."""
    match = _SUFFIXED.match(text.strip())
    if not match:
        return {}
    head, tail = match["head"].rstrip(" -/:"), match["tail"]
    ahead = {kind: workforce_slug(kind, head) for kind in (ROLE, TOTAL_KIND)}
    after = {kind: _slug(kind, tail) for kind in _QUALIFIERS}
    if any(ahead.values()) and any(after.values()):
        return {**ahead, **after}
    return {}


@dataclass(frozen=True)
class _Row:
    """What a workforce table's row label says: a contract type, an ethnicity or a total."""

    contract_type: str | None = None
    ethnicity: str | None = None
    is_total: bool = False


def _read_row(label: str) -> _Row | None:
    if is_total_label(label):
        return _Row(is_total=True)
    contract_type = contract_type_of(label)
    if contract_type:
        return _Row(contract_type=contract_type)
    ethnicity = ethnicity_of(label)
    return _Row(ethnicity=ethnicity) if ethnicity else None


def _workforce_layout(table: Table,
                      context: str) -> tuple[list[_Column], list[_Row | None]] | None:
    """Column and row readings when the table is a staffing table, else None."""
    if table.header_rows < 1 or table.n_columns < 2:
        return None
    columns = _rejoined_headings(table, [_read_column(t) for t in table.column_headers()])
    rows = [_read_row(label_of_row(row, _read_row)) for row in table.body()]
    readable = [c for c in columns[1:] if c.problem is None and not c.is_total]
    has_people_columns = any(c.role or c.gender or c.working_pattern for c in readable)
    has_rows = any(r is not None and not r.is_total for r in rows)
    about_staff = _mentions(context, _STAFF_WORDS) or any(c.role for c in readable)
    if has_people_columns and has_rows and about_staff:
        return columns, rows
    return None


def _rejoined_headings(table: Table, columns: list[_Column]) -> list[_Column]:
    """A heading a wide gap split in two ("Operational   Manager", as a scan prints it):
    its second half, unread, over values, beside a first half over a column no row prints
    in, reads as the two halves joined when that names a role; else it stays unread."""
    if table.header_rows != 1:
        return columns
    headers = table.column_headers()
    printed = {cell.column for cell in table.cells if not cell.is_header and cell.text}
    joined = list(columns)
    for index in range(2, len(columns)):
        if columns[index].problem is None or index - 1 in printed or index not in printed:
            continue
        whole = _read_column([f"{headers[index - 1][-1]} {headers[index][-1]}"])
        if whole.problem is None and whole.role:
            joined[index] = whole
    return joined


def _read_workforce(out: _Collector, table: Table, context: str, columns: list[_Column],
                    rows: list[_Row | None]) -> None:
    uses_roles = any(c.role for c in columns[1:] if c.problem is None)
    misaligned = uses_roles and _headings_misaligned(columns[1:])
    shifted = _stub_heads_values(table)
    rows_are_ethnicities = _rows_are_ethnicities(rows)
    columns = _alike_unread(table, columns)
    cells = []
    for body_row, row in zip(table.body(), rows, strict=True):
        for column_index, cell in enumerate(body_row):
            if column_index == 0 or cell is None:
                continue
            value, problem = _number(cell)
            if value is None and not problem:
                continue
            column = columns[column_index]
            reason = problem or shifted or _workforce_problem(body_row, row, column,
                                                              uses_roles)
            if not reason and misaligned and not column.is_total:
                reason = ("the role and sub-headings do not line up (a gender or working "
                          "pattern heading has no role above it)")
            if not reason and read_cell(cell.text).unit_hint == PERCENT:
                reason = f"'{cell.text}' is a percentage, not a number of staff"
            if reason:
                out.leave_out(WORKFORCE, table, cell.source_line, reason)
                continue
            cells.append((cell, value, row, column))
    fractional = any(not float(value).is_integer() for _, value, _, column in cells
                     if column.unit is None)
    unit = FTE if _mentions(context, _FTE_WORDS) or fractional else HEADCOUNT
    group = _workforce_group(context)
    for cell, value, row, column in cells:
        out.add(WORKFORCE, table, cell, value,
                group=VOLUNTEERS if column.role in VOLUNTEER_ROLES else group,
                role=TOTAL if column.is_total else column.role,
                contract_type=TOTAL if row.is_total and not rows_are_ethnicities
                else row.contract_type,
                working_pattern=column.working_pattern, gender=column.gender,
                ethnicity=TOTAL if row.is_total and rows_are_ethnicities else row.ethnicity,
                unit=column.unit or unit, as_of_label=out.as_of_label(table))


def _alike_unread(table: Table, columns: list[_Column]) -> list[_Column]:
    """Two value columns read alike ("M" and "F" again and again, the roles above them
    lost) cannot be told apart: each is left unread, never given the other's labels.
    Total columns and columns no row prints in are not compared."""
    printed = {cell.column for cell in table.cells if not cell.is_header and cell.text}
    seen = Counter(column for index, column in enumerate(columns)
                   if index and index in printed and column.problem is None
                   and not column.is_total)
    return [replace(column, problem="another column's header reads the same: "
                                "the columns cannot be told apart")
            if index and seen[column] > 1 and index in printed and column.problem is None
            and not column.is_total else column
            for index, column in enumerate(columns)]


def _stub_heads_values(table: Table) -> str | None:
    """Why no cell can be placed when the heading over the row labels names a working
    pattern or gender ("FT", "Strategic Manager (PT)"): a value column's heading, so the
    header was read a cell off the body (its first cell taken for a caption, a row's
    first cell for its last heading), and every heading may stand over the wrong
    values. A role alone ("Volunteers" over their ethnicities) may head the labels."""
    headers = table.column_headers()
    if not headers:
        return None
    for text in headers[0]:
        reads = _header_reads(text) if text.strip() else {}
        if reads.get(WORKING_PATTERN) or reads.get(GENDER_KIND):
            return (f"the heading over the row labels ('{text}') names a column of "
                    "values: the header does not line up with the rows")
    return None


def _headings_misaligned(columns: list[_Column]) -> bool:
    """Roles over genders or working patterns where some sub-heading has no role above it:
    the two header rows were printed out of line (a pivot table whose upper row is
    shifted, or a caption taken into it), so no role column can be trusted; only total
    columns are read."""
    return any(not c.is_total and c.role is None and (c.gender or c.working_pattern)
               for c in columns)


def _workforce_problem(body_row: list[Cell | None], row: _Row | None, column: _Column,
                       uses_roles: bool) -> str | None:
    """Why a staffing cell cannot be published, or None when it can."""
    if row is None:
        return f"row '{_text(body_row[0])}' is not a contract type, ethnicity or total"
    if column.problem:
        return column.problem
    if not column.is_total and uses_roles and column.role is None:
        return "its column names no role"
    if not (column.is_total or column.role or column.gender or column.working_pattern):
        return "its column header cannot be read"
    return None


def _rows_are_ethnicities(rows: list[_Row | None]) -> bool:
    read = [r for r in rows if r is not None and not r.is_total]
    return sum(1 for r in read if r.ethnicity) > sum(1 for r in read if r.contract_type)


def _workforce_group(context: str) -> str:
    """Volunteers when the caption speaks of volunteers and not of staff."""
    if _mentions(context, ("volunteer",)) and not _mentions(context, ("staff", "staffing")):
        return VOLUNTEERS
    return STAFF


# --- workforce: roles down, contract types, ethnicities or units across ------------------------

@dataclass(frozen=True)
class _Across:
    """What a transposed staffing table's column header says, or why it cannot be read."""

    contract_type: str | None = None
    ethnicity: str | None = None
    working_pattern: str | None = None
    gender: str | None = None
    unit: str | None = None
    is_total: bool = False
    problem: str | None = None


def _read_across(texts: list[str]) -> _Across:
    """One column's header texts (top-down: "Permanent" over "PT"): each must name a
    contract type, ethnicity, working pattern, gender, unit or total, and no kind twice."""
    found: dict[str, str] = {}
    for text in (t for t in texts if t.strip()):
        if _two_contract_types(text):
            return _Across(problem=f"column header '{text}' names two contract types")
        reads = {CONTRACT_TYPE: contract_type_of(text), "ethnicity": ethnicity_of(text),
                 WORKING_PATTERN: workforce_slug(WORKING_PATTERN, text),
                 GENDER_KIND: workforce_slug(GENDER_KIND, text),
                 UNIT_KIND: _UNIT_HEADERS.get(fold(text)),
                 TOTAL_KIND: workforce_slug(TOTAL_KIND, text)}
        named = {kind: slug for kind, slug in reads.items() if slug}
        if len(named) != 1:  # nothing, or two readings ("Other": a contract or ethnicity?)
            return _Across(problem=f"column header '{text}' cannot be read")
        for kind, slug in named.items():
            if found.setdefault(kind, slug) != slug:
                return _Across(problem=f"header names two {kind}s ('{' / '.join(texts)}')")
    return _Across(contract_type=found.get(CONTRACT_TYPE), ethnicity=found.get("ethnicity"),
                   working_pattern=found.get(WORKING_PATTERN), gender=found.get(GENDER_KIND),
                   unit=found.get(UNIT_KIND), is_total=TOTAL_KIND in found)


def _two_contract_types(text: str) -> bool:
    """Two headings run together ("Secondee Police Secondee Education"): a contract type
    leads the text and another is its rest, so the leading phrase alone is no reading."""
    words = fold(text).split()
    return any(contract_type_of(" ".join(words[:size]))
               and workforce_slug(CONTRACT_TYPE, " ".join(words[size:]))
               for size in range(1, len(words)))


_MIN_ROLE_ROWS = 2


def _transposed_layout(table: Table) -> tuple[list[_Across], list[_Column]] | None:
    """Roles down (maybe with their working pattern or gender: "Case managers - F") and
    contract types, ethnicities or headcount and FTE across: the readings of both, when
    at least two rows name a role, no row names a contract type or ethnicity (that is the
    template's way round) and at least two columns name what they count."""
    if table.header_rows < 1 or table.n_columns < 2:
        return None
    labels = [_text(row[0]) for row in table.body()]
    rows = _under_role_headings(table, [_read_column([label]) for label in labels])
    if sum(1 for r in rows if r.role) < _MIN_ROLE_ROWS or any(
            contract_type_of(label) or ethnicity_of(label) for label in labels if label):
        return None
    columns = [_read_across(texts) for texts in table.column_headers()]
    counted = [c for c in columns[1:] if c.problem is None and not c.is_total
               and (c.contract_type or c.ethnicity or c.unit or c.working_pattern
                    or c.gender)]
    if len(counted) >= 2:
        return _alike_left_out(columns), rows
    return _one_count_column(table, rows)


def _under_role_headings(table: Table, rows: list[_Column]) -> list[_Column]:
    """Rows naming only a working pattern or gender ("Part time", "F") under a row naming
    a role and printing no value (a sub-heading: "Practitioners" over "Part time" and
    "Full time") count that role; a row naming neither, or a heading printing values,
    ends the run. Without such a heading the rows keep naming no role (left out)."""
    out, role = [], None
    for body_row, row in zip(table.body(), rows, strict=True):
        if row.role and not row.working_pattern and not row.gender and not row.is_total:
            empty = all(_number(cell)[0] is None and not _text(cell).strip()
                        for cell in body_row[1:])
            role = row.role if empty else None
        elif row.problem is None and not row.role and not row.is_total and (
                row.working_pattern or row.gender) and role:
            row = replace(row, role=role)
        else:
            role = None
        out.append(row)
    return out


_MIN_ONE_COLUMN_ROLES = 3


def _one_count_column(table: Table, rows: list[_Column]) -> tuple[list[_Across],
                                                                 list[_Column]] | None:
    """Roles down and one value column headed by what it counts ("FTE", "Headcount",
    "Number"): each role's count, when three or more rows name a role."""
    headers = table.column_headers()
    if table.n_columns != 2 or sum(1 for r in rows if r.role) < _MIN_ONE_COLUMN_ROLES:
        return None
    heading = fold(" ".join(headers[1]))
    unit = _STAFF_COUNT_HEADERS.get(heading)
    if unit is None:
        return None
    fractions = any(not float(value).is_integer() for row in table.body()
                    if (value := _number(row[1])[0]) is not None)
    if fractions and heading not in _UNIT_HEADERS:  # "Number": of people, or of posts?
        return [_Across(), _Across(problem=f"'{' '.join(headers[1])}' over fractions: "
                                           "headcount or FTE is not said")], rows
    return [_Across(), _Across(unit=unit)], rows


def _alike_left_out(columns: list[_Across]) -> list[_Across]:
    """Two columns reading alike ("Male", "Female", "Male", "Female") count different
    things under a heading over them that is not printed (or not read): none of them can
    be labelled, so each is left out."""
    def reading(column: _Across) -> tuple:
        return (column.contract_type, column.ethnicity, column.working_pattern,
                column.gender, column.unit, column.is_total)
    seen = Counter(reading(c) for c in columns[1:] if c.problem is None)
    return [column if index == 0 or column.problem or seen[reading(column)] < 2
            else _Across(problem="columns with the same heading: a heading over them is "
                                 "not read") for index, column in enumerate(columns)]


def _across_problem(row: _Column, column: _Across) -> str | None:
    """Why a cell of a transposed staffing table cannot be published, or None."""
    if row.problem or not (row.role or row.is_total):
        return "its row names no role"
    if column.problem:
        return column.problem
    for kind, down, across in ((WORKING_PATTERN, row.working_pattern, column.working_pattern),
                               (GENDER_KIND, row.gender, column.gender)):
        if down and across and down != across:
            return f"its row and column name two {kind}s"
    if not (column.contract_type or column.ethnicity or column.unit or column.is_total
            or column.working_pattern or column.gender):
        return "its column names nothing a staffing table counts by"
    return None


def _read_transposed(out: _Collector, table: Table, context: str,
                     columns: list[_Across], rows: list[_Column]) -> None:
    """Each cell under its row's role (and pattern or gender) and its column's contract
    type, ethnicity, unit, pattern or gender; a total column totals the kind the other
    columns name (over working patterns or genders alone, it is the role's whole count)."""
    by_ethnicity = sum(1 for c in columns if c.ethnicity) > sum(
        1 for c in columns if c.contract_type)
    by_contract = any(c.contract_type for c in columns) and not by_ethnicity
    fractional = any(not float(value).is_integer()
                     for row in table.body() for cell in row[1:]
                     if (value := _number(cell)[0]) is not None)
    unit = FTE if _mentions(context, _FTE_WORDS) or fractional else HEADCOUNT
    group = _workforce_group(context)
    for body_row, row in zip(table.body(), rows, strict=True):
        for column, cell in zip(columns[1:], body_row[1:], strict=False):
            value, problem = _number(cell)
            if cell is None or (value is None and not problem):
                continue
            reason = problem or _across_problem(row, column)
            if not reason and read_cell(cell.text).unit_hint == PERCENT:
                reason = f"'{cell.text}' is a percentage, not a number of staff"
            if reason:
                out.leave_out(WORKFORCE, table, cell.source_line, reason)
                continue
            total = TOTAL if column.is_total else None
            out.add(WORKFORCE, table, cell, value,
                    group=VOLUNTEERS if row.role in VOLUNTEER_ROLES else group,
                    role=TOTAL if row.is_total else row.role,
                    contract_type=column.contract_type or (total if by_contract else None),
                    working_pattern=row.working_pattern or column.working_pattern,
                    gender=row.gender or column.gender,
                    ethnicity=column.ethnicity or (total if by_ethnicity else None),
                    unit=column.unit or unit,
                    as_of_label=out.as_of_label(table))


# --- workforce: contract-type rows under role headings that are not printed ---------------------

_MIN_CONTRACT_ROWS = 3


def _row_total_layout(table: Table, context: str) -> list[tuple[_Row | None, list[Cell]]] | None:
    """A staffing table by contract type whose role headings are not in the text (empty
    header cells: the headings were images or text boxes): each row's cells, when the last
    column is, on every row, the sum of the others. Only that column can be labelled (the
    total over roles); the others stay unread."""
    headers = table.column_headers()
    if table.n_columns < 4 or any(" ".join(texts).strip() for texts in headers[1:]):
        return None
    if not _mentions(context, (*_STAFF_WORDS, "contract")) or _mentions(context, _MONEY_WORDS):
        return None  # the caption names staff or the contract type its rows are
    rows = []
    for body_row in table.body():
        cells = [cell for cell in body_row[1:] if cell is not None and cell.text.strip()]
        values = [_number(cell)[0] for cell in cells]
        if not cells:
            continue
        if any(v is None for v in values) or body_row[-1] is not cells[-1] or len(cells) < 2 \
                or any(read_cell(cell.text).unit_hint for cell in cells):
            return None  # a text, a money or percent cell, or no value in the last column
        parts, total = values[:-1], values[-1]
        if abs(sum(parts) - total) > _sum_tolerance(parts, total) + 1e-9:
            return None
        rows.append((_read_row(label_of_row(body_row, _read_row)), cells))
    contract_rows = [row for row, _ in rows if row is not None and row.contract_type]
    return rows if len(contract_rows) >= _MIN_CONTRACT_ROWS else None


def _read_row_totals(out: _Collector, table: Table, context: str,
                     rows: list[tuple[_Row | None, list[Cell]]]) -> None:
    values = [_number(cell)[0] or 0.0 for _, cells in rows for cell in cells]
    unit = FTE if _mentions(context, _FTE_WORDS) or not all(
        float(v).is_integer() for v in values) else HEADCOUNT
    for row, cells in rows:
        for cell in cells[:-1]:
            out.leave_out(WORKFORCE, table, cell.source_line,
                          "the column's heading is not printed: its role cannot be read")
        total = cells[-1]
        if row is None or not (row.contract_type or row.is_total) or row.ethnicity:
            out.leave_out(WORKFORCE, table, total.source_line,
                          "the row label is not a contract type")
            continue
        out.add(WORKFORCE, table, total, _number(total)[0], group=_workforce_group(context),
                role=TOTAL, contract_type=TOTAL if row.is_total else row.contract_type,
                working_pattern=None, gender=None, ethnicity=None, unit=unit,
                as_of_label=out.as_of_label(table))


# --- caseloads: children remanded, per period ---------------------------------------------------

_CHILDREN_WORDS = ("young people", "young person", "children", "child", "young offenders")
_RATE_WORDS = ("rate", "per", "%", "percent", "percentage", "proportion")


def _is_remands_by_period(table: Table, context: str) -> bool:
    """Periods across and rows below, under a heading naming remands ("Remand in Custody"):
    the number of children remanded in each period. (Custody by period is a KPI, read by
    the kpi domain; remands have no indicator, so they are caseloads.)"""
    headers = [" ".join(texts).strip() for texts in table.column_headers()[1:]]
    if table.header_rows < 1 or len(headers) < 2 or not all(
            _period_in(h) and not fold(_PERIOD.sub(" ", clean_text(h))) for h in headers):
        return False
    return caseload_types_named(context) == {REMANDS}


def _read_remands_by_period(out: _Collector, table: Table) -> None:
    """A row counting children ("Number of young people") gives one count per period, the
    printed period as its as-of label; a rate row or any other row is left out."""
    headers = [" ".join(texts).strip() for texts in table.column_headers()]
    for row in table.body():
        label = _text(row[0])
        if _mentions(label, _RATE_WORDS):
            reason = _rate_reason(label)
        elif not _mentions(label, _CHILDREN_WORDS):
            reason = f"'{label}' does not say it counts children"
        else:
            reason = None
        for column, cell in enumerate(row):
            value, problem = _number(cell)
            if column == 0 or cell is None or (value is None and not problem):
                continue
            why = problem or reason
            if why:
                out.leave_out(CASELOADS, table, cell.source_line, why)
                continue
            out.add(CASELOADS, table, cell, value, caseload_type=REMANDS, team=None,
                    as_of_label=headers[column], as_of_date=None, unit=COUNT)


# --- caseloads: one row per order or disposal type ---------------------------------------------

_COUNT_HEADERS = frozenset({"number", "no", "count", "numbers", "caseload", "cases",
                            "number of cases", "number of young people", "number of children"})
_MIN_TYPED_ROWS = 2


def _caseloads_by_type(table: Table, context: str) -> list[int] | None:
    """The count columns of a caseload table whose rows name order or disposal types
    ("Referral Order | 30", "Youth Conditional Caution | 6") under a heading about the
    caseload, each column headed by a count ("Number"); None when it is not one."""
    if table.header_rows < 1 or table.n_columns < 2 or not _about_children_worked_with(context):
        return None
    headers = [fold(" ".join(texts)) for texts in table.column_headers()]
    columns = [i for i, header in enumerate(headers) if i and header in _COUNT_HEADERS]
    typed = [row for row in table.body() if len(caseload_types_named(_text(row[0]))) == 1]
    return columns if columns and len(typed) >= _MIN_TYPED_ROWS else None


def _about_children_worked_with(context: str) -> bool:
    """A heading about the caseload, or about the children the service supervises ("young
    people open to the YOS by order type"): rows naming order types are then its caseload."""
    folded = fold(context)
    return mentions_caseload(context) or any(
        phrase in folded for phrase in (*_CASELOAD_PHRASES, "supervised"))


def _read_caseloads_by_type(out: _Collector, table: Table, context: str,
                            columns: list[int]) -> None:
    """Each row's count: its type from the row label, a total row's from the heading (the
    whole caseload is open cases); other columns ("%") and rows naming no type are left
    out and reported."""
    whole = caseload_types_named(context)
    for row in table.body():
        label = _text(row[0])
        types = whole if is_total_label(label) else caseload_types_named(label)
        for column, cell in enumerate(row):
            value, problem = _number(cell)
            if column == 0 or cell is None or (value is None and not problem):
                continue
            why = problem or (None if column in columns else "the column is not a count")
            if not why and names_rate(label):
                why = _rate_reason(label)
            if not why and len(types) != 1:
                why = f"row '{label}' names {'several' if types else 'no'} caseload type"
            if why:
                out.leave_out(CASELOADS, table, cell.source_line, why)
                continue
            _add_caseload(out, table, cell, value, next(iter(types)), team=None)


# --- caseloads by team ------------------------------------------------------------------------

def _team_layout(table: Table) -> tuple[list[str], list[list[Cell | None]]] | None:
    """Column headers and body rows of a caseload-by-team table (first column headed
    "Team", a caseload named in a header or the caption), else None."""
    if table.kind != enums.TABLE_KIND_DATA or table.header_rows < 1:
        return None
    headers = [" ".join(t for t in texts if t) for texts in table.column_headers()]
    body = table.body()
    if len(headers) < 2 or not {"team", "teams"} & set(fold(headers[0]).split()):
        return None
    if mentions_caseload(_context_text(table)) or any(mentions_caseload(h) for h in headers):
        return headers, body
    return None


def _read_team_caseloads(out: _Collector, table: Table, headers: list[str],
                         body: list[list[Cell | None]]) -> None:
    """One row per team and value column; a column counts what its header and the table's
    caption name together (a specific type such as custody wins over "open cases")."""
    context = _context_text(table)
    for column in range(1, len(headers)):
        types = caseload_types_named(f"{headers[column]} {context}")
        for row in body:
            cell = row[column] if column < len(row) else None
            value, problem = _number(cell)
            if cell is None or (value is None and not problem):
                continue
            team = _text(row[0])
            reason = problem or _team_problem(team, types, headers[column])
            if reason:
                out.leave_out(CASELOADS, table, cell.source_line, reason)
                continue
            _add_caseload(out, table, cell, value, next(iter(types)), team=team)


def _add_caseload(out: _Collector, table: Table, cell: Cell, value: float,
                  caseload_type: str, team: str | None) -> None:
    """One caseload row, dated by the table and in the unit its type is counted in."""
    out.add(CASELOADS, table, cell, value, caseload_type=caseload_type, team=team,
            as_of_label=out.as_of_label(table), as_of_date=out.as_of_date(table),
            unit=_caseload_unit(caseload_type))


def _team_problem(team: str, types: set[str], header: str) -> str | None:
    if not team:
        return "the row names no team"
    if names_rate(header):
        return _rate_reason(header)
    if len(types) != 1:
        return f"column '{header}' does not say which caseload it counts"
    return None


# --- the extractor ----------------------------------------------------------------------------

def _read_data_table(out: _Collector, table: Table) -> None:
    """Read a data table as key figures, a distribution or a staffing table, if it is one."""
    pairs = _key_figures(table)
    if pairs:
        _read_key_figures(out, table, pairs)
        return
    layout = _distribution(out.ctx, table)
    if layout is not None:
        _read_distribution(out, table, layout)
        return
    context = _headings_above(out.ctx, table, out.table_ends)
    if _is_remands_by_period(table, context):
        _read_remands_by_period(out, table)
        return
    by_type = _caseloads_by_type(table, context)
    if by_type is not None:
        _read_caseloads_by_type(out, table, context, by_type)
        return
    staffing = _workforce_layout(table, context)
    if staffing is not None:
        _read_workforce(out, table, context, *staffing)
        return
    transposed = _transposed_layout(table)
    if transposed is not None:
        _read_transposed(out, table, context, *transposed)
        return
    totals = _row_total_layout(table, context)
    if totals is not None:
        _read_row_totals(out, table, context, totals)
        return
    _read_staff_posts(out, table)


# --- staff posts in a budget table: "2.0 FTE Police Officers" under "Staff" ---------------

def _staff_column(table: Table) -> int | None:
    """The column of a partner table that lists the staff each partner provides."""
    for column, texts in enumerate(table.column_headers()):
        if column and texts and fold(" ".join(texts)) in _STAFF_COLUMN_HEADERS:
            return column
    return None


def _read_staff_posts(out: _Collector, table: Table) -> None:
    """Posts a partner provides, printed as text in a budget table's staff column: each
    "<number> [FTE] <post>" whose post is a listed role gives one workforce row, seconded
    from the row's agency; any other number in the text is not a post and is skipped."""
    column = _staff_column(table)
    if column is None:
        return
    for row in table.body():
        label, cell = row[0], row[column] if column < len(row) else None
        if label is None or cell is None or not cell.text:
            continue
        seconded = _SECONDED_FROM.get(resolve_agency(label.text) or "")
        for match in _POST.finditer(cell.text):
            role = _post_role(match.group("post"))
            if role is None:
                continue
            value = float(match.group("number"))
            out.add(WORKFORCE, table, cell, value, group=STAFF, role=role,
                    contract_type=seconded, working_pattern=None, gender=None,
                    ethnicity=None, unit=FTE if match.group("fte") else HEADCOUNT,
                    as_of_label=out.as_of_label(table))


def _post_role(words: str) -> str | None:
    """The listed role the leading words of a post name ("Police Officers. Funding ...",
    "Seconded Probation Officer": the secondment is the row's contract type)."""
    tokens = words.split()
    if tokens and tokens[0].casefold() in ("seconded", "secondee"):
        tokens = tokens[1:]
    for size in range(min(len(tokens), _POST_WORDS), 0, -1):
        role = workforce_slug(ROLE, " ".join(tokens[:size]))
        if role is not None:
            return role
    return None


def extract_people(ctx: DocumentContext) -> dict[str, Rows]:
    """Demographics, workforce and caseload rows of one document."""
    as_of, as_of_issues = as_of_labels(ctx)
    out = _Collector(ctx, as_of)
    for printed in ctx.tables:
        table = part_run_together(printed, _names_a_column)
        team_layout = _team_layout(table)
        if team_layout is not None:
            _read_team_caseloads(out, table, *team_layout)
        elif table.kind == enums.TABLE_KIND_DATA:
            _read_data_table(out, table)
    outputs = out.outputs()
    for issue in as_of_issues:
        for output in outputs.values():
            if issue.source_table in set(output.columns.get("source_table", ())):
                output.issues.append(issue)
    return outputs


def _names_a_column(text: str) -> bool:
    """Whether a heading is one whole name of a staffing table's column: a role, a
    gender, a working pattern or a total (`part_run_together`)."""
    return any(workforce_slug(kind, text) for kind in (ROLE, *_QUALIFIERS, TOTAL_KIND))


# --- rules --------------------------------------------------------------------------------------

def _decimals(values: Iterable[float]) -> int:
    """Decimal places the values were printed with (at most 3)."""
    places = 0
    for value in values:
        while places < 3 and not math.isclose(value * 10**places, round(value * 10**places),
                                              abs_tol=1e-6):
            places += 1
    return places


def _sum_tolerance(parts: Iterable[float], total: float) -> float:
    """How far a sum of rounded printed values may be from a rounded printed total."""
    values = [*parts, total]
    places = _decimals(values)
    return 0.0 if places == 0 else len(values) * 0.5 * 10**-places


def _severity(frame_row: pd.Series, known: frozenset[tuple[str, str]]) -> str:
    return WARNING if (frame_row["document_id"], frame_row["source_table"]) in known else ERROR


def _issue(row: pd.Series, code: str, message: str, severity: str) -> Issue:
    table = row["source_table"]
    return Issue(RULES_STAGE, code, message, severity, row["document_id"],
                 None if pd.isna(table) else table, int(row["source_line"]))


def _negative_values(frame: pd.DataFrame) -> list[Issue]:
    negative = frame[frame["value"].notna() & (frame["value"] < 0)]
    return [_issue(row, NEGATIVE_VALUE, f"value {row['value']} is negative", ERROR)
            for _, row in negative.iterrows()]


def _fractional(frame: pd.DataFrame, unit: str, code: str) -> list[Issue]:
    rows = frame[(frame["unit"] == unit) & frame["value"].notna()]
    return [_issue(row, code, f"{unit} {row['value']} is not a whole number", ERROR)
            for _, row in rows.iterrows() if not float(row["value"]).is_integer()]


def _total_issues(frame: pd.DataFrame, keys: list[str], is_total: pd.Series, what: str,
                  known: frozenset[tuple[str, str]]) -> list[Issue]:
    """A printed total that differs from the sum of the printed parts sharing its keys."""
    issues = []
    totals = is_total.fillna(False).astype(bool).to_numpy()
    values = frame["value"].tolist()
    for positions in row_groups(frame, keys).values():  # one pass: see row_groups
        printed_totals = [p for p in positions if totals[p] and values[p] is not pd.NA]
        if not printed_totals:
            continue
        parts = [float(values[p]) for p in positions if not totals[p] and values[p] is not pd.NA]
        if not parts:
            continue
        parts_sum = math.fsum(parts)
        for position in printed_totals:
            printed = float(values[position])
            if abs(parts_sum - printed) > _sum_tolerance(parts, printed) + 1e-9:
                total = frame.iloc[position]  # fetched only for a total that does not add up
                issues.append(_issue(
                    total, TOTAL_NOT_SUM,
                    f"{what} {printed:g} is not the sum of its {len(parts)} parts "
                    f"({parts_sum:g})", _severity(total, known)))
    return issues


def check_distributions(frame: pd.DataFrame,
                        known: frozenset[tuple[str, str]] | None = None) -> list[Issue]:
    """Percent distributions sum to 100 within rounding (a warning when not); a printed
    count total equals its parts (an error unless the source is known to be wrong)."""
    known = known_inconsistencies() if known is None else known
    issues = _negative_values(frame) + _fractional(frame, COUNT, FRACTIONAL_COUNT)
    keys = ["document_id", "source_table", "population", "dimension", "subject_type",
            "period_label"]
    distributions = frame[frame["dimension"] != ALL]
    percents = distributions[(distributions["unit"] == PERCENT)
                             & (distributions["category"] != ALL)]
    printed = percents["value"].tolist()
    for positions in row_groups(percents, keys).values():  # one pass: see row_groups
        values = pd.Series([printed[p] for p in positions if printed[p] is not pd.NA],
                           dtype="Float64")
        if len(values) < 2:
            continue
        tolerance = len(values) * 0.5 * 10 ** -_decimals(values) + 1e-9
        if abs(values.sum() - 100) > tolerance:
            first = percents.iloc[positions].sort_values("source_line").iloc[0]
            issues.append(_issue(first, DISTRIBUTION_NOT_100,
                                 f"{first['dimension']} distribution sums to "
                                 f"{values.sum():g}%, not 100", WARNING))
    counts = distributions[distributions["unit"] == COUNT]
    issues += _total_issues(counts, keys, counts["category"] == ALL, "total", known)
    return issues


def check_workforce(frame: pd.DataFrame,
                    known: frozenset[tuple[str, str]] | None = None) -> list[Issue]:
    """Headcounts are whole; a Total column equals the cells on its line and a Total row
    equals the cells in its column (errors unless the source is known to be wrong)."""
    known = known_inconsistencies() if known is None else known
    issues = _negative_values(frame) + _fractional(frame, HEADCOUNT, FRACTIONAL_HEADCOUNT)
    base = ["document_id", "source_table", "unit", "group"]
    issues += _total_issues(frame, [*base, "source_line"], frame["role"] == TOTAL,
                            "row total", known)
    row_total = (frame["contract_type"] == TOTAL) | (frame["ethnicity"] == TOTAL)
    issues += _total_issues(frame, [*base, "role", "working_pattern", "gender"],
                            row_total, "column total", known)
    return issues


def check_caseloads(frame: pd.DataFrame,
                    known: frozenset[tuple[str, str]] | None = None) -> list[Issue]:
    """Counts are whole and a printed team total equals the sum of the teams."""
    known = known_inconsistencies() if known is None else known
    issues = _negative_values(frame) + _fractional(frame, COUNT, FRACTIONAL_COUNT)
    teams = frame[frame["team"].notna()]
    is_total = teams["team"].map(is_total_label).astype(bool)
    keys = ["document_id", "source_table", "caseload_type", "unit", "as_of_label"]
    issues += _total_issues(teams, keys, is_total, "team total", known)
    return issues


DOMAIN = Domain(
    name="people",
    tables=TABLES,
    extract=extract_people,
    value_columns={name: ("value",) for name in TABLES},
    rules={DEMOGRAPHICS: check_distributions, WORKFORCE: check_workforce,
           CASELOADS: check_caseloads},
    source_inconsistencies=frozenset({TOTAL_NOT_SUM}),
    unread=frozenset({CELLS_LEFT_OUT, DUPLICATE_KEY}),
)
