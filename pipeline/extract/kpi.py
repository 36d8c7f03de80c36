"""KPI observations: the national youth justice indicators for a service and its comparators.

A KPI table is recognised by what its labels say, never by which document it is in.
Every label of a table (column headers, row labels, the stub header, title and
caption) is read for four things: a period ("2019", "17/18", "Apr 2017 - Mar 2018"),
a subject (an area through the `yots` resolver, or a group average through
`kpi_group_labels.csv`), an indicator (wording in `kpi_indicators.csv`) and a
breakdown ("School Age"). Each value cell then takes each of the four from the most
specific label that says it: its column header, its row label, a year printed in the
cell or its row ("0.18 (2019)"), and finally the table's stub header, title and
caption. So a comparator table (areas down, years across), its transpose (years
down, areas across), a summary (indicators down, averages across), a cohort table
(areas down, measures across) and a breakdown table (categories down, age groups
across) are all read by the same code, in TSV, markdown or HTML.

Decisions (see also `kpi_periods` for dates):

- Every printed cell under a recognised label is one row: `-` and other suppression
  markers give `suppressed`, `n/a` and "Not available ..." give `not_available`, both
  with a null value. A marker printed once in the first value column of an otherwise
  empty row ("Not available as a single YOT") speaks for the whole row. Text that is not
  a value (trend arrows, "Better than National Avg", quartile names) gives no row; an
  empty cell gives no row. "<5" is a bound, not a value: `suppressed`, reported.
- National rank ("48 (of 137 YOTs)"): indicator `national_rank`, value 48, unit `rank`,
  subject the publishing service; `breakdown` names the ranked indicator and the size
  of the field, `custody_rate:of_137`, so ranks of different indicators stay apart and
  a rank can be read without the source.
- Latest values ("0.18 (2019)"): the period is the year in the cell, dated with the
  coverage wording of the row or title ("12 months ending March"). The other cells of
  that row (national, group and regional averages printed without a year) take the
  row's year. Wording that cannot be read leaves the dates null and is reported.
- Group averages keep their printed label ("SN Comparator Group*", "YOT Comparator
  Group Avg"); a value printed with a marker ("0.22*", "3.38 (SN) (based on 8 out of
  10 SNs)") is the number, the annotation stays in the source.
- The publishing service's own values where the table prints no area (a "Latest
  Performance" column, an ETE or accommodation table about the service) take the
  service's reference name as `subject_label`.
- "Regional" is the publishing service's region. A label naming one local authority
  inside a combined service ("Worcestershire" in West Mercia) is that authority's
  figure, not the service's: `subject_type` `yot`, `subject_id` null, and reported. So is
  a former combined service (`former_services.csv`: "Western Bay"): a service's figure,
  but none of its successors'; any other name the reference data does not know leaves
  its numbers out.
- Several breakdowns combine with `:`: a row category before a column group
  (`unable_due_to_covid:school_age`). Row categories not in the reference file are the
  printed label as a slug; an unknown column header is never guessed.
- Wording is matched in `kpi_indicators.csv` order, first match wins, so specific
  wording ("reoffences per reoffender") is listed before the general ("re-offend"). A
  measure printed without its unit ("First time entrants": rate or count?) takes the unit
  from the table's other labels, or is left out and reported.

`check_kpi_consistency` is the table's blocking rule (printed ratios against printed
counts; the same observation printed twice with different values, as a warning), and
`kpi_wide` a wide view of one frame of rows by printed period label, for an analyst
in a notebook. The release's `kpi_observations_wide` is built from `kpi_series`
(`pipeline.publish.series.kpi_series_wide`), by dated period.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
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
from pipeline.extract.kpi_periods import (
    Period,
    by_convention,
    find_period,
    period_type,
    quarter_of_year,
    read_coverage,
    with_coverage,
)
from pipeline.metadata import enums
from pipeline.metadata.indicators import INDICATORS_BY_ID
from pipeline.metadata.registry import KPI_OBSERVATIONS
from pipeline.parse import AMBIGUOUS, EMPTY, TEXT, Cell, CellValue, Table, clean_text, read_cell
from pipeline.parse.values import PERCENT, undo_ocr_letters
from pipeline.reference.areas import (
    VIA_LOCAL_AUTHORITY,
    AreaResolver,
    load_yots,
    normalise_label,
)
from pipeline.report import ERROR, INFO, WARNING, Issue

TABLE = KPI_OBSERVATIONS.name
DATA_DIR = Path(__file__).resolve().parent.parent / "reference" / "data"
INDICATORS_CSV = DATA_DIR / "kpi_indicators.csv"
GROUP_LABELS_CSV = DATA_DIR / "kpi_group_labels.csv"
FORMER_SERVICES_CSV = DATA_DIR / "former_services.csv"

STAGE_EXTRACT = "extract"
STAGE_RULES = "rules"
UNDATED_PERIOD = "kpi_undated_period"
PERIOD_BY_CONVENTION = "kpi_period_by_convention"
UNKNOWN_AREA = "kpi_unknown_area"
LOCAL_AUTHORITY_SUBJECT = "kpi_local_authority_subject"
UNKNOWN_INDICATOR = "kpi_unknown_indicator"
INDICATOR_FROM_TEXT = "kpi_indicator_from_text_above"
NOT_A_BREAKDOWN = "kpi_row_not_a_breakdown"
CHANGE_NOT_VALUE = "kpi_change_not_value"
# A KPI table read and deliberately left out whole: said so even though it gave no row.
_LEFT_OUT_ON_PURPOSE = frozenset({CHANGE_NOT_VALUE})
_AND = re.compile(r"\s+(?:and|&)\s+", re.IGNORECASE)
_CUT_AFTER_AND = re.compile(r"\s+(?:and|&)$", re.IGNORECASE)
_PCC_WORDS = re.compile(r"\bPCC\b|police\s+(?:and\s+crime|force)\s+area", re.IGNORECASE)
_BRACKETED_NOTE = re.compile(r"\([^)]*\)")  # "YOT family (New)*": a note on the label
_CHANGE_WORDS = re.compile(r"\bchanges?\b|\bdifference\b|\bvariance\b|\bcompared\b|"
                           r"\bmovement\b|percentage\s+points?|\bpp\b|\bbaseline\b", re.I)
# A caption that says the whole table is of changes ("Percentage Change 12 Months Ending
# March 2016 to 12 Months Ending March 2017").
_CHANGE_TABLE = re.compile(r"(?:\bpercentage|%)\s+(?:points?\s+)?change\b|\bchange\s+"
                           r"(?:from|since|compared|between|on\s+(?:the\s+)?previous)\b|"
                           r"\d{2,4}\s+(?:v|vs\.?|versus)\s+(?:[a-z]+\s+)?\d{2,4}\b",
                           re.I)  # or two periods set against each other ("... 16 v April 16")
_COUNT_WORDS = re.compile(r"\b(?:no\.|number|count|cohort|how\s+many)(?!\w)", re.I)
# The words of a row that counts the caption's measure itself ("Number of episodes /
# young people"); any other word ("population", "offences", "nights") counts something
# else, such as the rate's denominator.
_WHO_IS_COUNTED = frozenset((
    "no", "number", "count", "total", "of", "the", "in", "and", "young", "people", "person",
    "persons", "children", "child", "individuals", "episodes", "cases"))
_PERCENT_WORDS = re.compile(r"%|\bper\s?cent|percentage|proportion", re.I)
_RATE_WORDS = re.compile(r"%|\brates?\b|\bper\b|proportion|percentage", re.I)
AMBIGUOUS_INDICATOR = "kpi_ambiguous_indicator"
UNIT_NOT_STATED = "kpi_unit_not_stated"
UNKNOWN_AREA_IN_LABEL = "kpi_unknown_area_in_label"
UNREADABLE_VALUE = "kpi_unreadable_value"
UNLABELLED_NUMBERS = "kpi_unlabelled_numbers"
NO_PERIOD = "kpi_no_period"
# Issues of a table that gave no rows still reported: they concern a KPI table (a change,
# a measure without its unit or its period), never the labels of another kind of table.
_REPORTED_WITHOUT_ROWS = _LEFT_OUT_ON_PURPOSE | {UNIT_NOT_STATED, UNKNOWN_AREA_IN_LABEL, NO_PERIOD}
BOUND_NOT_VALUE = "kpi_bound_not_value"
DUPLICATE_KEY = "kpi_duplicate_key"
ARITHMETIC_MISMATCH = "kpi_arithmetic_mismatch"
INCONSISTENT_DUPLICATE = "kpi_inconsistent_duplicate"

KIND_INDICATOR = "indicator"
KIND_BREAKDOWN = "breakdown"
BREAKDOWN_SEPARATOR = ":"
_MAX_HEADER_SCAN = 6  # rows from the top searched for a row of period labels
_FOOTNOTE = re.compile(r"[*†‡]+|\(\s*\d{1,2}\s*\)|\b\d{1,2}$")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_BOUND_QUALIFIERS = ("<", ">", "≤", "≥")
NATIONAL_RANK = INDICATORS_BY_ID["national_rank"].indicator


# --------------------------------------------------------------------------- reference data


@dataclass(frozen=True)
class WordingRule:
    """A reviewed mapping from printed wording to a slug (one line of kpi_indicators.csv)."""

    kind: str
    pattern: re.Pattern[str]
    slug: str
    qualifier: re.Pattern[str] | None


@dataclass(frozen=True)
class GroupRule:
    """A printed group-average label and the subject type it stands for."""

    pattern: re.Pattern[str]
    subject_type: str


def _read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@functools.cache
def wording_rules(path: Path = INDICATORS_CSV) -> tuple[WordingRule, ...]:
    """Indicator and breakdown wording, in the file's order (first match wins)."""
    rules = []
    for row in _read_rows(path):
        kind, target = row["kind"], row["slug"]
        if kind == KIND_INDICATOR and target not in INDICATORS_BY_ID:
            raise ValueError(f"{path.name}: {target!r} is not an indicator in the registry")
        if kind not in (KIND_INDICATOR, KIND_BREAKDOWN):
            raise ValueError(f"{path.name}: unknown kind {kind!r}")
        qualifier = row["qualifier"]
        rules.append(WordingRule(
            kind, re.compile(row["pattern"], re.IGNORECASE), target,
            re.compile(qualifier, re.IGNORECASE) if qualifier else None,
        ))
    return tuple(rules)


@functools.cache
def group_rules(path: Path = GROUP_LABELS_CSV) -> tuple[GroupRule, ...]:
    """Group-average labels ("YOT family average") and the subject type of each."""
    rules = []
    for row in _read_rows(path):
        if row["subject_type"] not in enums.SUBJECT_TYPES:
            raise ValueError(f"{path.name}: unknown subject_type {row['subject_type']!r}")
        rules.append(GroupRule(re.compile(row["pattern"], re.IGNORECASE), row["subject_type"]))
    return tuple(rules)


# --------------------------------------------------------------------------- reading labels


@dataclass(frozen=True)
class FormerService:
    """A combined service that no longer exists, and the services it covered."""

    pattern: re.Pattern[str]
    yot_ids: tuple[str, ...]
    note: str


@functools.cache
def former_services(path: Path = FORMER_SERVICES_CSV) -> tuple[FormerService, ...]:
    """The reviewed list of former combined services (`former_services.csv`)."""
    return tuple(FormerService(re.compile(row["pattern"], re.IGNORECASE),
                               tuple(row["yot_ids"].split(";")), row["note"])
                 for row in _read_rows(path))


def _normalised(text: str) -> str:
    """Lower-case words of a label, markup and footnote markers removed."""
    text = _FOOTNOTE.sub(" ", clean_text(text).lower().replace("&", " and "))
    return " ".join(_NON_WORD.sub(" ", text).split())


def slug(text: str) -> str:
    """A printed category as an enum-style slug: "Unable due to Covid" -> unable_due_to_covid."""
    return "_".join(_normalised(text).split())


@dataclass(frozen=True)
class IndicatorMatch:
    """The indicator a text names; `ambiguous` when it names a measure but not its unit."""

    indicator: str | None = None
    ambiguous: bool = False


def indicator_in(text: str, context: str = "") -> IndicatorMatch:
    """The indicator `text` names. A measure whose unit is not in the text ("custody":
    rate or count?) takes it from `context` (the table's other labels), or is ambiguous."""
    rules, named = _indicator_rules(text)
    if not rules:
        return IndicatorMatch()
    if named is not None:
        return IndicatorMatch(named)
    for rule in rules:
        if rule.qualifier is not None and rule.qualifier.search(context):
            return IndicatorMatch(rule.slug)
    return IndicatorMatch(ambiguous=True)


_COHORT_WORDS = frozenset(("cohort", "cohorts"))


def names_a_cohort_period(text: str) -> bool:
    """"2017/2018 Cohort": the period a reoffending cohort was drawn in, not the cohort's
    size; the column names no measure."""
    period = find_period(text)
    if period is None:
        return False
    words = _normalised(clean_text(text).replace(period.label, " ")).split()
    return bool(words) and set(words) <= _COHORT_WORDS


@functools.lru_cache(maxsize=1 << 14)  # read for every cell; labels repeat across documents
def _indicator_rules(text: str) -> tuple[tuple[WordingRule, ...], str | None]:
    """The indicator rules whose pattern `text` matches (file order), and the indicator the
    text names on its own: the first of them with no qualifier or a qualifier in the text."""
    if names_a_cohort_period(text):
        return (), None
    rules = tuple(r for r in wording_rules()
                  if r.kind == KIND_INDICATOR and r.pattern.search(text))
    named = next((r.slug for r in rules if r.qualifier is None or r.qualifier.search(text)),
                 None)
    return rules, named


def qualified_indicators(text: str, qualifier: str) -> set[str]:
    """Indicators `text` names whose unit wording is in `qualifier` alone."""
    rules, _ = _indicator_rules(text)
    return {rule.slug for rule in rules
            if rule.qualifier is not None and rule.qualifier.search(qualifier)}


def breakdown_in(text: str) -> str | None:
    """The breakdown a header names ("School Age" -> school_age), from the reference file."""
    for rule in wording_rules():
        if rule.kind == KIND_BREAKDOWN and rule.pattern.search(clean_text(text)):
            return rule.slug
    return None


@dataclass(frozen=True)
class Subject:
    """Who a value is about. `note` says what to know about how a label was resolved (a
    council inside a combined service, a region with no id)."""

    label: str
    subject_type: str
    subject_id: str | None
    note: str | None = None


class Subjects:
    """Resolves printed area and group labels for one publishing service."""

    def __init__(self, yot_id: str, resolver: AreaResolver | None = None) -> None:
        self.resolver = resolver or AreaResolver.default()
        self.yot_id = yot_id
        service = self.resolver.yot(yot_id)
        self.publisher = Subject(service.name if service else yot_id, enums.SUBJECT_YOT, yot_id)
        self.region_id = _region_of(yot_id, self.resolver)

    def resolve(self, text: str) -> Subject | None:
        """The subject a label names, or None when it names no area or group."""
        label = clean_text(text)
        if not label:
            return None
        group = self._group(label)
        if group is not None:
            return group
        found = self.resolver.match(label)
        if found is None and _CUT_AFTER_AND.search(label):
            return self._cut_name(label)
        if found is None:
            pcc = self.resolver.pcc_area(label)
            if pcc is not None:
                return Subject(label, pcc.area_type, pcc.area_id)
            return self._services_together(label) or self._former_service(label)
        area = found.area
        council = self.resolver.council(found.key)
        if (found.via == VIA_LOCAL_AUTHORITY and council is not None
                and self._covers_several_authorities(area.area_id)):
            return Subject(label, council.area_type, council.area_id,
                           f"{label!r} is one local authority ({council.name}, "
                           f"{council.area_id}) within {area.area_id}")
        return Subject(label, area.area_type, area.area_id)

    def _cut_name(self, label: str) -> Subject | None:
        """A header cut after its "&" or "and" (a pasted spreadsheet wraps "England &" /
        "Wales" and loses the second line): the one region or nation whose name goes on
        from there, else None."""
        stem = normalise_label(_CUT_AFTER_AND.sub("", label))
        if not stem:
            return None
        found = [area for area in self.resolver.areas.values()
                 if area.area_type in (enums.SUBJECT_REGION, enums.SUBJECT_NATIONAL)
                 and normalise_label(area.name).startswith(f"{stem} and ")]
        if len(found) != 1:
            return None
        return Subject(label, found[0].area_type, found[0].area_id)

    def _services_together(self, label: str) -> Subject | None:
        """"Bury and Rochdale" in a list of services: two services reported as one (a
        merged service the reference data does not list). A service, but not any one
        service: `subject_id` stays null and the row says so."""
        parts = [p.strip() for p in _AND.split(label)]
        if len(parts) < 2 or not all(parts):
            return None
        ids = []
        for part in parts:
            found = self.resolver.match(part)
            if found is None or found.area.area_type != enums.SUBJECT_YOT:
                return None
            ids.append(found.area.area_id)
        if len(set(ids)) != len(ids):
            return None
        return Subject(label, enums.SUBJECT_YOT, None,
                       f"{label!r} names {len(ids)} services together ({', '.join(ids)})")

    def _former_service(self, label: str) -> Subject | None:
        """"Western Bay": a combined service that no longer exists. A service's figure, but
        not any one of its successors': `subject_id` stays null and the note names them."""
        keys = {_normalised(label), _normalised(_BRACKETED_NOTE.sub(" ", label))}
        for former in former_services():
            if any(former.pattern.fullmatch(key) for key in keys):
                return Subject(label, enums.SUBJECT_YOT, None,
                               f"{label!r} is a former {former.note} "
                               f"({', '.join(former.yot_ids)})")
        return None

    def _group(self, label: str) -> Subject | None:
        keys = {_normalised(label), _normalised(_BRACKETED_NOTE.sub(" ", label))}
        for rule in group_rules():
            if not any(rule.pattern.fullmatch(key) for key in keys):
                continue
            if rule.subject_type == enums.SUBJECT_YOT:
                return self.publisher
            if rule.subject_type == enums.SUBJECT_REGION:
                return Subject(label, enums.SUBJECT_REGION, self.region_id,
                               None if self.region_id else f"no English region for {self.yot_id}")
            return Subject(label, rule.subject_type, None)
        return None

    def _covers_several_authorities(self, yot_id: str) -> bool:
        return len(_services().get(yot_id, ((), None))[0]) > 1


@functools.cache
def _services() -> dict[str, tuple[tuple[str, ...], str]]:
    """Each service's local authorities and region, read once from the `yots` reference."""
    return {row.yot_id: (tuple(row.local_authority_names), row.region)
            for row in load_yots().itertuples()}


def _region_of(yot_id: str, resolver: AreaResolver) -> str | None:
    """The publishing service's English region slug ("Regional" rows), if it has one."""
    region = _services().get(yot_id, ((), None))[1]
    return region if (enums.SUBJECT_REGION, region) in resolver.areas else None


# --------------------------------------------------------------------------- table layout


@dataclass
class Label:
    """What one row label or column header says (texts bottom-up for a column)."""

    texts: tuple[str, ...]
    period: Period | None = None
    subject: Subject | None = None
    indicator: IndicatorMatch = field(default_factory=IndicatorMatch)
    breakdown: str | None = None
    qualifier: str | None = None  # a sub-column label the reader cannot interpret
    unresolved_subject: str | None = None  # an area named in the label, not resolvable
    section: str | None = None  # the sub-heading row above ("Custody rate per 1,000")

    @property
    def text(self) -> str:
        return self.texts[0] if self.texts else ""

    @property
    def has_role(self) -> bool:
        return bool(self.period or self.subject or self.indicator.indicator
                    or self.indicator.ambiguous or self.breakdown)


ROLE_PERIOD = "period"
ROLE_SUBJECT = "subject"
ROLE_INDICATOR = "indicator"
ROLE_CATEGORY = "category"


@dataclass
class Layout:
    """A table read into labels: the header depth, each column's and each row's label."""

    table: Table
    header_rows: int
    columns: list[Label]
    rows: list[Label]
    row_role: str
    table_texts: tuple[str, ...]
    # Texts that may date the table: its own labels, title and caption, never the prose
    # above it (a sentence about 2008/09 does not date a table of 2018/19 rates).
    dating_texts: tuple[str, ...] | None = None

    @property
    def period_texts(self) -> tuple[str, ...]:
        return self.table_texts if self.dating_texts is None else self.dating_texts


def _is_period_row(row: list[Cell | None]) -> bool:
    texts = [c.text for c in row[1:] if c is not None and c.text]
    return bool(texts) and all(find_period(t) is not None for t in texts)


def _has_value(text: str) -> bool:
    """A bare year reads as a number too; a period label is not a value."""
    value = read_cell(text)
    return value.status == enums.REPORTED and find_period(text) is None


def header_depth(table: Table) -> int:
    """Header rows: the parser's, or down to a row of period labels the parser took for
    data (charts converted to text print axis values above the years)."""
    grid = table.grid()
    depth = table.header_rows
    for index in range(depth, min(len(grid) - 1, _MAX_HEADER_SCAN)):
        if _is_period_row(grid[index]):
            depth = index + 1
    return depth


def column_texts(table: Table, depth: int) -> list[tuple[str, ...]]:
    """Per column, the header texts bottom-up, spanning headers carried across."""
    n_columns = table.n_columns  # once, not per cell: it is a pass over every cell
    texts: list[list[str]] = [[""] * depth for _ in range(n_columns)]
    for cell in table.cells:
        if cell.row >= depth:
            continue
        for column in range(cell.column, min(cell.column + cell.colspan, n_columns)):
            if cell.text:
                texts[column][cell.row] = cell.text
    return [tuple(t for t in reversed(column) if t) for column in texts]


def _joined(texts: tuple[str, ...]) -> tuple[str, ...]:
    """A header wrapped over rows ("Reoffences per" over "reoffender") read whole first,
    top to bottom, before its parts: the parts alone may name another measure."""
    return (" ".join(reversed(texts)),) if len(texts) > 1 else ()


def _label(texts: tuple[str, ...], subjects: Subjects, context: str) -> Label:
    texts = tuple(undo_ocr_letters(text) for text in texts)  # a scan's "Dar|ington"
    label = Label(texts)
    whole = _joined(texts)
    if whole:
        found = indicator_in(whole[0], context)
        if found.indicator:
            label.indicator = found
        label.subject = subjects.resolve(whole[0])  # "England &" over "Wales"
    for text in texts:
        label.period = label.period or find_period(text)
        label.subject = label.subject or subjects.resolve(text)
        if label.indicator.indicator is None:
            found = indicator_in(text, context)
            if found.indicator or found.ambiguous:
                label.indicator = found
        label.breakdown = label.breakdown or breakdown_in(text)
    return label


def _row_role(rows: Sequence[Label]) -> str:
    """What the row labels are, by majority: periods, areas, indicators or categories."""
    labelled = [r for r in rows if r.text]
    counts = {
        ROLE_PERIOD: sum(1 for r in labelled if r.period),
        ROLE_SUBJECT: sum(1 for r in labelled if r.subject),
        ROLE_INDICATOR: sum(1 for r in labelled if r.indicator.indicator or r.indicator.ambiguous),
    }
    role, count = max(counts.items(), key=lambda item: item[1])
    return role if count and 2 * count >= len(labelled) else ROLE_CATEGORY


def _mark_sub_columns(columns: list[Label], subjects: Subjects, context: str) -> None:
    """Columns told apart only by a lowest header the reader cannot interpret ("A" / "B",
    "Sentenced" / "Rate" under each year): what the table's caption says does not
    apply to all of them alike, so each keeps its distinguishing label."""
    lowest = {}
    for index, column in enumerate(columns[1:], start=1):
        if len(column.texts) >= 2 and not _label(column.texts[:1], subjects, context).has_role:
            lowest[index] = column.texts[0]
    if len({text.casefold() for text in lowest.values()}) >= 2:
        for index, text in lowest.items():
            columns[index].qualifier = text


def _shared_prefix(texts: list[str]) -> str:
    """The leading words every text starts with, shorter than each of them."""
    words = [text.split() for text in texts]
    shared: list[str] = []
    for group in zip(*words, strict=False):
        if len({word.casefold() for word in group}) != 1:
            break
        shared.append(group[0])
    return " ".join(shared) if all(len(shared) < len(w) for w in words) else ""


def _shared_subject(columns: list[Label], subjects: Subjects, context: str) -> None:
    """Value columns named "<area> <measure>" ("NPT cohort", "NPT reoffenders"): the
    shared leading words are the area. An area the reader resolves is every column's
    subject; one it cannot resolve ("Western Bay") must not fall back to the publisher,
    so the columns are marked and their numbers left out with an issue."""
    values = columns[1:]
    if len(values) < 2 or any(column.subject or column.period or not column.text
                              for column in values):
        return
    if sum(bool(column.indicator.indicator or column.indicator.ambiguous)
           for column in values) < 2:
        return  # only columns that name measures can share an area before them
    prefix = _shared_prefix([column.text for column in values])
    if not prefix:
        return
    subject = subjects.resolve(prefix)
    if subject is not None:
        for column in values:
            column.subject = subject
            _measure_after_area(column, prefix, subjects, context)
    elif _reads_as_a_name(prefix) and not _label((prefix,), subjects, context).has_role:
        for column in values:
            column.unresolved_subject = prefix


def _measure_after_area(column: Label, area: str, subjects: Subjects, context: str) -> None:
    """"NPT cohort" once "NPT" is the column's area: the rest ("cohort") is read as the
    measure on its own, so the area's words do not hide it."""
    rest = column.text[len(area):].strip()
    if not rest or column.indicator.indicator:
        return
    column.texts = (rest, *column.texts[1:])
    column.indicator = _label((rest,), subjects, context).indicator


_GENERIC_WORDS = frozenset((
    "total", "number", "no", "rate", "percentage", "percent", "count", "all", "new", "young",
    "children", "people", "average", "actual", "target", "current", "previous", "local",
    "national", "overall"))


def _reads_as_a_name(text: str) -> bool:
    """Capitalised words none of which is a generic heading word ("Western Bay", not
    "Number of" or "Total")."""
    words = text.split()
    return all(word[0].isupper() and word.casefold() not in _GENERIC_WORDS for word in words)


def _date_bare_quarters(columns: list[Label], table_texts: tuple[str, ...]) -> None:
    """Columns "Q1" .. "Q4" beside a "2018/19" column (or under a caption naming one
    financial year) are that year's quarters; with no single year they stay undated."""
    years = {c.period for c in columns[1:] if c.period is not None}
    if not years:
        years = {p for p in map(find_period, table_texts) if p is not None}
    if len(years) != 1:
        return
    year = years.pop()
    for column in columns[1:]:
        if column.period is None and column.texts:
            column.period = quarter_of_year(column.texts[0], year)


def _spread_lone_header_period(columns: list[Label], table_texts: tuple[str, ...]) -> None:
    """A row of area headers whose first names the period too ("2018/19 Swansea",
    "Wales", "England and Wales"): the one period printed dates every area's column. Only
    when no other column and no caption names a period."""
    values = columns[1:]
    dated = [c for c in values if c.period is not None]
    others = [c for c in values if c.period is None]
    if (len(dated) != 1 or len(others) < 2 or not all(c.subject for c in others)
            or any(find_period(text) for text in table_texts)):
        return
    for column in others:
        column.period = dated[0].period


def read_layout(table: Table, subjects: Subjects) -> Layout:
    """Label every column and row of a table."""
    depth = header_depth(table)
    headers = column_texts(table, depth)
    stub = headers[0] if headers else ()
    table_texts = tuple(t for t in (*stub, table.title, table.caption) if t)
    context = " ".join(table_texts)
    columns = [_label(texts, subjects, context) for texts in headers]
    _mark_sub_columns(columns, subjects, context)
    _shared_subject(columns, subjects, context)
    _date_bare_quarters(columns, table_texts)
    _spread_lone_header_period(columns, table_texts)
    rows = []
    body = table.grid()[depth:]
    for row in body:
        text = label_of_row(row, lambda line: _area_named(subjects, line))
        rows.append(_label((text,) if text else (), subjects, context))
    headings = _mark_sections(rows, body)
    role = _row_role([row for index, row in enumerate(rows) if index not in headings])
    if headings and role == ROLE_CATEGORY and _periods_and_dated_measures(
            [row for index, row in enumerate(rows) if index not in headings]):
        role = ROLE_PERIOD
    return Layout(table, depth, columns, rows, role, table_texts)


def _area_named(subjects: Subjects, text: str) -> tuple[str, str | None] | None:
    """The area or group a text names, as a key (two labels of one area are alike)."""
    subject = subjects.resolve(undo_ocr_letters(text))
    return None if subject is None else (subject.subject_type, subject.subject_id)


def _periods_and_dated_measures(rows: Sequence[Label]) -> bool:
    """Rows under measure headings that print periods in some blocks and the measures
    themselves in another ("Binary rate" under "Reoffending (... cohort)"), most of them
    one or the other: the YJB data summary, read by period."""
    labelled = [r for r in rows if r.text]
    periods = sum(1 for r in labelled if r.period)
    measures = sum(1 for r in labelled if not r.period and r.section and r.indicator.indicator)
    return periods > 0 and measures > 0 and 2 * (periods + measures) >= len(labelled)


def _mark_sections(rows: list[Label], body: list[list[Cell | None]]) -> set[int]:
    """Sub-heading rows that name a measure and hold no values ("First time entrants
    (rate per 100,000)" over rows of periods, as the YJB data summary prints them): each
    row below takes its heading's measure, up to the next heading. Their indices."""
    headings: set[int] = set()
    section: str | None = None
    for index, (label, cells) in enumerate(zip(rows, body, strict=True)):
        empty = not any(c is not None and c.text for c in cells[1:])
        if empty and (label.indicator.indicator or label.indicator.ambiguous):
            headings.add(index)
            section = label.text
        elif section is not None:
            label.section = section
    return headings if len(headings) >= 1 and any(r.section for r in rows) else set()


# --------------------------------------------------------------------------- cells


@dataclass
class TableReader:
    """Turns one table's value cells into observations and issues."""

    context: DocumentContext
    subjects: Subjects
    layout: Layout
    records: list[dict[str, object]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    # Indicators a label could mean when it names a measure but not its unit ("Custody":
    # custody_rate or custody_count); the text around the table may settle which.
    unitless: set[str] = field(default_factory=set)
    _noted: set[str] = field(default_factory=set)

    @property
    def table(self) -> Table:
        return self.layout.table

    def issue(self, code: str, message: str, line: int | None, severity: str = WARNING,
              once: str | None = None) -> None:
        """Record an issue; with `once`, only the first issue under that key per table."""
        if once is not None:
            if once in self._noted:
                return
            self._noted.add(once)
        self.issues.append(Issue(STAGE_EXTRACT, code, message, severity,
                                 self.context.document_id, self.table.table_id, line))

    def read(self) -> None:
        grid = self.table.grid()
        for row_label, cells in zip(self.layout.rows, grid[self.layout.header_rows:],
                                    strict=True):
            self._read_row(row_label, cells)

    def _read_row(self, row: Label, cells: list[Cell | None]) -> None:
        printed = [c for c in cells[1:] if c is not None and c.text]
        line = next((c.source_line for c in cells if c is not None), None)
        if not self._row_usable(row, printed, line):
            return
        spread = _row_marker(cells)
        row_year = _row_year(cells)
        for column, cell in zip(self.layout.columns[1:], cells[1:], strict=True):
            if not column.has_role:
                if cell is not None and _has_value(cell.text):
                    self.issue(UNLABELLED_NUMBERS, f"{cell.text!r} under a header that names no "
                               "period, area, indicator or breakdown: left out", cell.source_line)
                continue
            shown = spread or (cell if cell is not None and cell.text else None)
            if shown is not None:
                self._read_cell(row, column, shown, row_year)

    def _labelled_by_columns(self) -> bool:
        """A table of one row under labelled columns ("2015/16 2016/17" over "26 20")
        needs no row label: its caption names what the row measures."""
        return len(self.layout.rows) == 1 and all(c.has_role for c in self.layout.columns[1:])

    def _row_usable(self, row: Label, printed: list[Cell], line: int | None) -> bool:
        """Rows whose label does not play the table's row role are left out (and said so
        when they hold numbers, or any cell of an area's row)."""
        role = self.layout.row_role
        numbered = [c for c in printed if _has_value(c.text)]
        if not row.text and not self._labelled_by_columns():
            if numbered:
                self.issue(UNLABELLED_NUMBERS, "numbers in a row without a label: left out", line)
            return False
        if role == ROLE_CATEGORY and not row.indicator.indicator and any(
                other.indicator.indicator for other in self.layout.rows):
            if numbered:  # "Unable due to Covid" beside "In ETE": another measure, unnamed
                self.issue(NOT_A_BREAKDOWN, f"row {row.text!r} sits beside a row that names "
                           "the measure but names none itself: left out", line)
            return False
        missing = (
            (role == ROLE_SUBJECT and row.subject is None)
            or (role == ROLE_PERIOD and row.period is None
                and not (row.section and row.indicator.indicator))  # "Binary rate" under
            # "Reoffending (Apr 16 - Mar 17 cohort)": the measure's row, dated by its heading
            or (role == ROLE_INDICATOR and row.indicator.indicator is None
                and not row.indicator.ambiguous)
        )
        if missing:
            code = UNKNOWN_AREA if role == ROLE_SUBJECT else UNLABELLED_NUMBERS
            if numbered or (role == ROLE_SUBJECT and printed):
                self.issue(code, f"row {row.text!r} is not a known {role}: left out", line)
            return False
        return True

    def _read_cell(self, row: Label, column: Label, cell: Cell, row_year: int | None) -> None:
        value = read_cell(cell.text)
        if value.status in (TEXT, AMBIGUOUS) and self._read_paragraphs(row, column, cell):
            return
        if value.status in (EMPTY, TEXT):
            return
        if value.status == AMBIGUOUS or (value.status == enums.REPORTED and value.value is None):
            self.issue(UNREADABLE_VALUE, f"{cell.text!r} cannot be read as one number: left out",
                       cell.source_line)
            return
        indicator, ranked = self._indicator(row, column, cell)
        if indicator is None:
            return
        if not self._observation(indicator, row, column, cell):
            return
        if column.unresolved_subject is not None:
            self.issue(UNKNOWN_AREA_IN_LABEL, f"{column.unresolved_subject!r} in column "
                       f"{column.text!r} names an area the reference data does not know: "
                       "its numbers are left out", cell.source_line, once=column.text)
            return
        subject = self._subject(row, column)
        period = self._period(row, column, value, row_year)
        if subject is None or period is None:
            if period is None:
                self.issue(NO_PERIOD, f"{cell.text!r}: no period printed for it: left out",
                           cell.source_line)
            return
        period = self._dated_by_convention(period, indicator, cell)
        breakdown = self._breakdown(indicator, row, column, ranked, value)
        status, number = self._status_and_value(indicator, value, cell)
        if status is None:
            return
        self._record(indicator, subject, period, breakdown, status, number, cell)

    def _read_paragraphs(self, row: Label, column: Label, cell: Cell) -> bool:
        """A cell of paragraphs, each a line: a period ("April 14 - June 14") and measures
        with their numbers ("No in cohort 267", "Rate of reoffending 35.6%"). Each
        paragraph whose words name a measure on their own is an observation cited on its
        own line, for the cell's period (else the row's or column's); the others are
        reported. Whether the cell was read so (two or more measures named)."""
        paragraphs = _cell_paragraphs(self.context, cell)
        pairs = [(line, match.group(1), match.group(2)) for line, text in paragraphs
                 if not _whole_period(text) and (match := _LABELLED_NUMBER.match(text))]
        named = [(line, _paragraph_indicator(label), printed) for line, label, printed in pairs]
        if sum(indicator is not None for _, indicator, _ in named) < 2:
            return False
        named = _offences_of_the_cohort(named, [label for _, label, _ in pairs])
        own = next((p for _, text in paragraphs if (p := _whole_period(text))), None)
        for line, indicator, printed in named:
            part = dataclasses.replace(cell, text=printed, raw=printed, source_line=line)
            if indicator is None:
                self.issue(UNLABELLED_NUMBERS, f"{printed!r} in a cell of measures: its "
                           "words name no measure: left out", line)
                continue
            subject = self._subject(row, column)
            period = own or self._period(row, column, read_cell(printed), None)
            status, number = self._status_and_value(indicator, read_cell(printed), part)
            if subject is None or period is None or status is None:
                continue
            self._record(indicator, subject, with_coverage(period, None), None, status, number,
                         part)
        return True

    def _dated_by_convention(self, period: Period, indicator: str, cell: Cell) -> Period:
        """A bare year the table gives no coverage for, dated by how the indicator is
        published (`indicator_periods.csv`), and said so."""
        dated = by_convention(period, indicator)
        if dated is None:
            return period
        self.issue(PERIOD_BY_CONVENTION, f"{indicator} {period.label!r}: no coverage printed; "
                   f"dated {dated.start} to {dated.end} by how the indicator is published",
                   cell.source_line, INFO, once=f"convention:{indicator}:{period.label}")
        return dated

    def _indicator(self, row: Label, column: Label, cell: Cell) -> tuple[str | None, str | None]:
        """The cell's indicator from the most specific label, and the indicator a rank ranks."""
        own = (*_joined(column.texts), *column.texts, *row.texts,
               *((row.section,) if row.section else ()))
        if column.qualifier is not None and not any(
                indicator_in(text, " ".join(own)).indicator for text in own):
            return self._qualified_indicator(column, cell), None
        counted = self._counted_row(row, own)
        if counted is not None:
            return counted, None
        texts = (*own, *self.layout.table_texts)
        context = " ".join(texts)
        found: list[str] = []
        ambiguous = False
        for text in texts:
            match = indicator_in(text, context)
            if match.ambiguous and not found:
                ambiguous = True  # the most specific label names a measure without its unit:
                self.unitless.update(rule.slug for rule in _indicator_rules(text)[0])
                break  # a wider label ("Reoffending") must not stand in for it
            if match.indicator and match.indicator not in found:
                found.append(match.indicator)
            if found and found[0] != NATIONAL_RANK:
                break
            if len(found) == 2:
                break
        if not found:
            if ambiguous:
                self.issue(UNIT_NOT_STATED, "the labels name a measure but not whether it "
                           "is a rate or a count: its numbers are left out", cell.source_line,
                           once=UNIT_NOT_STATED)
            return None, None
        if found[0] == NATIONAL_RANK:
            if len(found) < 2:
                self.issue(UNKNOWN_INDICATOR, f"rank {cell.text!r}: ranked indicator not "
                           "recognised: left out", cell.source_line)
                return None, None
            return found[0], found[1]
        return found[0], None

    def _counted_row(self, row: Label, own: tuple[str, ...]) -> str | None:
        """A row that counts ("Number of episodes") under a caption naming a measure that
        has a count ("... sentenced to custody per 1,000"): the measure's count, when
        the row names no measure, no rate and nothing else counted (a population)."""
        words = set(_normalised(row.text).split())
        if (not row.text or any(indicator_in(text).indicator for text in own)
                or not _COUNT_WORDS.search(row.text) or _RATE_WORDS.search(row.text)
                or not words <= _WHO_IS_COUNTED):
            return None
        slugs = {slug for text in self.layout.table_texts
                 for slug in qualified_indicators(text, row.text)
                 if INDICATORS_BY_ID[slug].unit == enums.UNIT_COUNT}
        return slugs.pop() if len(slugs) == 1 else None

    def _row_names_unit(self, row: Label, indicator: str) -> bool:
        """A row label that only says the unit of the caption's measure ("Rate per 1,000",
        "Number of episodes") is the measure itself, not a breakdown of it."""
        return bool(row.text) and any(
            indicator in qualified_indicators(text, row.text) for text in self.layout.table_texts)

    def _observation(self, indicator: str, row: Label, column: Label, cell: Cell) -> bool:
        """Whether the cell observes the indicator itself: not a change between periods
        ("% change compared to Apr 17 - Mar 18"), and not a count printed in a table of a
        rate ("No. of LAC offending" under a caption about the rate); else reported."""
        own = [t for t in (*row.texts, *column.texts) if not names_a_cohort_period(t)]
        if any(_CHANGE_WORDS.search(text) for text in own) or any(
                _CHANGE_TABLE.search(text) for text in self.layout.table_texts):
            self.issue(CHANGE_NOT_VALUE, f"{cell.text!r} is a change between periods, not "
                       f"a value of {indicator}: left out", cell.source_line)
            return False
        unit = INDICATORS_BY_ID[indicator].unit
        if unit == enums.UNIT_PERCENT and self._beside_its_percentage(indicator, own, column, cell):
            self.issue(AMBIGUOUS_INDICATOR, f"{cell.text!r}: a column beside it holds the "
                       f"percentage of {indicator}, its own label no rate: a count? left out",
                       cell.source_line)
            return False
        if unit != enums.UNIT_COUNT and any(
                _COUNT_WORDS.search(text) and not _RATE_WORDS.search(text) for text in own):
            self.issue(AMBIGUOUS_INDICATOR, f"{cell.text!r}: its label names a count, the "
                       f"table the rate {indicator}: left out", cell.source_line)
            return False
        if unit != enums.UNIT_COUNT and not any(_RATE_WORDS.search(t) for t in own) and any(
                _COUNT_WORDS.search(t) and not _RATE_WORDS.search(t)
                for t in self.layout.period_texts):  # the table's own texts, not prose
            # "LAC" under "Number of first time entrants by outcome and LAC status": a
            # group of the counted children, not the rate the word alone would name
            self.issue(AMBIGUOUS_INDICATOR, f"{cell.text!r}: the table counts, its label "
                       f"names the rate {indicator}: left out", cell.source_line)
            return False
        return True

    def _beside_its_percentage(self, indicator: str, own: list[str], column: Label,
                               cell: Cell) -> bool:
        """A value printed without "%" under a label naming no rate, in a table where
        another column of the same measure says it holds the percentage ("In ETE" and
        "Not in ETE" beside "% in ETE"): the children counted, not the share."""
        if "%" in cell.text or any(_RATE_WORDS.search(text) for text in own):
            return False
        return any(other is not column and other.indicator.indicator == indicator
                   and any(_PERCENT_WORDS.search(t) and not _CHANGE_WORDS.search(t)
                           for t in other.texts)
                   for other in self.layout.columns[1:])

    def _qualified_indicator(self, column: Label, cell: Cell) -> str | None:
        """The caption's indicator for a sub-column, with its unit read from the
        sub-column's own label only ("Rate" under a custody caption); else left out."""
        slugs = {slug for text in self.layout.table_texts
                 for slug in qualified_indicators(text, column.qualifier or "")}
        if len(slugs) == 1:
            return slugs.pop()
        self.issue(AMBIGUOUS_INDICATOR, f"sub-column {column.qualifier!r}: the table's labels "
                   "do not say what it measures: its numbers are left out", cell.source_line)
        return None

    def _subject(self, row: Label, column: Label) -> Subject | None:
        """The column's area, else the row's; the publisher when the table names none. A
        column of the service's own results ("Actual", "Latest Performance") yields to a
        row that names an area."""
        if column.subject is self.subjects.publisher and row.subject is not None:
            return row.subject
        if column.subject is not None or row.subject is not None:
            return column.subject or row.subject
        return None if self.layout.row_role == ROLE_SUBJECT else self.subjects.publisher

    def _period(self, row: Label, column: Label, value: CellValue,
                row_year: int | None) -> Period | None:
        """The most specific period printed for the cell, dated with the nearest coverage."""
        period = column.period or row.period
        if period is None and column.qualifier is not None:
            return None  # the caption's period may belong to a sibling sub-column
        if period is None and value.year is not None:
            period = Period(str(value.year))
        if period is None and row_year is not None:
            period = Period(str(row_year))
        if period is None and row.section:  # "Reoffending (Apr 16 - Mar 17 cohort)" above
            period = find_period(row.section)
        if period is None:
            period = next(
                (p for p in map(find_period, self.layout.period_texts) if p is not None), None)
        if period is None:
            return None
        texts = (*column.texts, *row.texts, *self.layout.table_texts)
        coverage = next((c for c in map(read_coverage, texts) if c is not None), None)
        return with_coverage(period, coverage)

    def _breakdown(self, indicator: str, row: Label, column: Label, ranked: str | None,
                   value: CellValue) -> str | None:
        """Ranked indicator and field size, row category, column group: joined by `:`."""
        parts: list[str] = []
        if ranked is not None:
            parts.append(ranked)
            if value.rank_of is not None:
                parts.append(f"of_{value.rank_of}")
        if (self.layout.row_role == ROLE_CATEGORY and not row.indicator.indicator
                and not self._row_names_unit(row, indicator)):
            parts.append(row.breakdown or slug(row.text))
        elif row.breakdown:
            parts.append(row.breakdown)
        if column.breakdown and column.breakdown not in parts:
            parts.append(column.breakdown)
        return BREAKDOWN_SEPARATOR.join(p for p in parts if p) or None

    def _status_and_value(self, indicator: str, value: CellValue,
                          cell: Cell) -> tuple[str | None, float | None]:
        """The published status and value; (None, None) for a value in the wrong unit."""
        if value.status != enums.REPORTED:
            return value.status, None
        unit = INDICATORS_BY_ID[indicator].unit
        if value.unit_hint not in (None, PERCENT) or (
            value.unit_hint == PERCENT and unit != enums.UNIT_PERCENT
        ):  # money, or a percentage where the indicator is a rate, count or rank
            self.issue(UNREADABLE_VALUE, f"{cell.text!r} is not in the unit of {indicator} "
                       f"({unit}): left out", cell.source_line)
            return None, None
        if value.qualifier and value.qualifier.startswith(_BOUND_QUALIFIERS):
            self.issue(BOUND_NOT_VALUE, f"{cell.text!r} is a bound, not a value: recorded as "
                       "suppressed", cell.source_line, INFO)
            return enums.SUPPRESSED, None
        return enums.REPORTED, value.value

    def _record(self, indicator: str, subject: Subject, period: Period, breakdown: str | None,
                status: str, number: float | None, cell: Cell) -> None:
        if subject.note:
            outcome = ("subject_id left null" if subject.subject_id is None
                       else "its own figure, not the service's")
            self.issue(LOCAL_AUTHORITY_SUBJECT, f"{subject.note}: {outcome}",
                       cell.source_line, INFO, once=subject.note)
        self.records.append({
            "indicator": indicator,
            "subject_label": subject.label,
            "subject_type": subject.subject_type,
            "subject_id": subject.subject_id,
            "period_label": period.label,
            "period_start": period.start,
            "period_end": period.end,
            "period_type": period_type(period, indicator),
            "breakdown": breakdown,
            "value": number,
            "value_status": status,
            "unit": INDICATORS_BY_ID[indicator].unit,
            **self.context.provenance(self.table, cell.source_line),
        })


_LABELLED_NUMBER = re.compile(r"^(.*[A-Za-z].*?)\s+(-?\d[\d,]*(?:\.\d+)?%?)$")
_MAX_CELL_LINES = 14


def _cell_paragraphs(context: DocumentContext, cell: Cell) -> list[tuple[int, str]]:
    """The paragraphs of a cell printed one a line from its first line (a Word cell of
    several paragraphs), with their lines; none when its text is not so printed."""
    found: list[tuple[int, str]] = []
    target = " ".join(cell.text.split())
    for number in range(cell.source_line,
                        min(cell.source_line + _MAX_CELL_LINES, len(context.lines) + 1)):
        text = " ".join(clean_text(context.line(number)).split())
        if text:
            found.append((number, text))
        joined = " ".join(t for _, t in found)
        if joined == target:
            return found if len(found) >= 2 else []
        if not target.startswith(joined):
            return []
    return []


def _paragraph_indicator(label: str) -> str | None:
    """The measure a paragraph's words name on their own, unless they count ("No. of
    ...") and the measure is not a count."""
    indicator = indicator_in(label, label).indicator
    if indicator is None or _CHANGE_WORDS.search(label):
        return None
    counts = _COUNT_WORDS.search(label) and not _RATE_WORDS.search(label)
    return None if counts and INDICATORS_BY_ID[indicator].unit != enums.UNIT_COUNT else indicator


_REOFFENDING_COHORT = frozenset(("reoffending_cohort_size", "reoffenders_count",
                                 "reoffending_rate", "reoffences_per_reoffender",
                                 "reoffences_per_offender"))
_OFFENCES_COUNTED = re.compile(r"^(?:no\.?|number|count)\s+(?:of\s+)?(?:further\s+)?offences$",
                               re.IGNORECASE)


def _offences_of_the_cohort(named: list[tuple[int, str | None, str]],
                            labels: list[str]) -> list[tuple[int, str | None, str]]:
    """"No of offences" among a reoffending cohort's measures ("No in cohort", "No
    reoffending", "Rate of reoffending") counts the cohort's further offences, the
    reoffences; on its own it could be any offences, so only there is it read so."""
    measures = {indicator for _, indicator, _ in named if indicator is not None}
    if len(measures) < 2 or not measures <= _REOFFENDING_COHORT:
        return named
    return [(line, "reoffences_count" if indicator is None
             and _OFFENCES_COUNTED.match(" ".join(label.split())) else indicator, printed)
            for (line, indicator, printed), label in zip(named, labels, strict=True)]


def _whole_period(text: str) -> Period | None:
    """The period a paragraph is, when it is nothing but a period ("April 14 - June 14")."""
    period = find_period(text)
    if period is None or _normalised(text.replace(period.label, " ")):
        return None
    return period


def _row_marker(cells: list[Cell | None]) -> Cell | None:
    """A suppression/not-available marker printed once for a whole row of values."""
    printed = [c for c in cells[1:] if c is not None and c.text]
    if len(cells) < 3 or len(printed) != 1 or cells[1] is not printed[0]:
        return None
    status = read_cell(printed[0].text).status
    return printed[0] if status in (enums.SUPPRESSED, enums.NOT_AVAILABLE) else None


def _row_year(cells: list[Cell | None]) -> int | None:
    """The one year printed in brackets in a row ("0.18 (2019)"), if exactly one."""
    years = {read_cell(c.text).year for c in cells[1:] if c is not None and c.text}
    years.discard(None)
    return years.pop() if len(years) == 1 else None


# --------------------------------------------------------------------------- extractor


def _unit_missing(reader: TableReader) -> bool:
    """The labels name a measure but not whether it is a rate or a count."""
    return any(issue.code == UNIT_NOT_STATED for issue in reader.issues)


_PCC_SEARCH = 10  # paragraphs above a table searched for "PCC area"


def _pcc_column(layout: Layout, subjects: Subjects, above: list[str]) -> None:
    """One column naming another service beside the publisher's and a region's, a
    nation's or a group's, where a police and crime commissioner's area has the same name
    ("Leicestershire" beside "Leicester City" and "East Midlands": the YJB data summary's
    columns are the service, its region, its PCC area, ...), or naming the publisher
    again where its PCC area has its name ("Surrey" twice): the PCC area when the header
    or the text above says "PCC", else either, so its numbers are left out (reported).
    A heading of the table saying "PCC" over no column read as a PCC area (the headings
    printed out of line over the names, as a pasted data summary may print them) counts
    as the text above, moved into the table by its rendering."""
    columns = layout.columns[1:]
    types = {column.subject.subject_type for column in columns if column.subject}
    services = [column for column in columns if column.subject is not None
                and column.subject.subject_type == enums.SUBJECT_YOT and column.period is None]
    own = [column for column in services if column.subject.subject_id == subjects.yot_id]
    others = [column for column in services if column not in own] or own[1:]
    if (len(others) != 1 or not own
            or not types & {enums.SUBJECT_REGION, enums.SUBJECT_NATIONAL,
                            *enums.GROUP_SUBJECT_TYPES}):
        return
    column = others[0]
    name = column.subject.label  # the header text naming the service
    pcc = subjects.resolver.pcc_area(f"{name} PCC")
    if pcc is None:
        return
    if any(_PCC_WORDS.search(text) for text in column.texts):  # "Surrey" over "PCC area"
        column.subject = Subject(" ".join(reversed(column.texts)), pcc.area_type, pcc.area_id)
    elif any(_PCC_WORDS.search(text) for text in above) or _header_names_pcc(columns):
        column.subject = Subject(name, pcc.area_type, pcc.area_id)
    else:
        column.subject = None


def _header_names_pcc(columns: list[Label]) -> bool:
    """Whether a heading says "PCC" while no column is read as a PCC area: the heading
    then names one of the other columns, not its own."""
    return not any(column.subject is not None
                   and column.subject.subject_type == enums.SUBJECT_PCC_AREA
                   for column in columns) and any(
        _PCC_WORDS.search(text) for column in columns for text in column.texts)


def _is_comparator_shaped(layout: Layout) -> bool:
    """Areas against periods (either way round): a KPI table whose indicator we missed."""
    column_periods = sum(1 for c in layout.columns[1:] if c.period)
    column_subjects = sum(1 for c in layout.columns[1:] if c.subject)
    return (layout.row_role == ROLE_SUBJECT and column_periods >= 2) or (
        layout.row_role == ROLE_PERIOD and column_subjects >= 2
    )


def _read_with_text_above(context: DocumentContext, subjects: Subjects, layout: Layout,
                          reader: TableReader) -> TableReader:
    """Re-read a table of areas against periods that names no indicator (or no unit),
    with the text above it and the line under it as its caption, when that text names
    exactly one indicator."""
    below = context.text_below(layout.table)
    above = [*context.text_above(layout.table), *below]
    if reader.unitless:
        above = _unit_line(above, set(below), reader.unitless,
                           whole=not _prints_fractions(layout.table))
        if not above:
            return reader
    else:
        joined = " ".join(above)
        named = {indicator_in(line, joined).indicator for line in above} - {None}
        if len(named) != 1:
            return reader
    widened = dataclasses.replace(layout, table_texts=(*layout.table_texts, *above),
                                  dating_texts=layout.period_texts)
    retry = TableReader(context, subjects, widened)
    retry.read()
    if retry.records:
        retry.issues.append(Issue(
            STAGE_EXTRACT, INDICATOR_FROM_TEXT,
            f"indicator {', '.join(sorted({str(r['indicator']) for r in retry.records}))} "
            "read from the text "
            "around the table, which names no measure itself", INFO, context.document_id,
            layout.table.table_id, layout.table.first_line))
    return retry if retry.records else reader


_COUNT_SUFFIX = "_count"  # indicator slugs of counts (`custody_count`), never fractional
_POINTS_AT_TABLE = re.compile(r"\btable\b|\bbelow\b|\babove\b|\bfollowing\b", re.I)


def _prints_fractions(table: Table) -> bool:
    """Whether any body cell prints a number with a fraction ("0.41"): then the table
    holds no counts, which are whole."""
    for row in table.body():
        for cell in row[1:]:
            value = read_cell(cell.text).value if cell is not None and cell.text else None
            if value is not None and not float(value).is_integer():
                return True
    return False


def _unit_line(lines: list[str], notes: set[str], candidates: set[str],
               whole: bool = True) -> list[str]:
    """For a table whose labels name a measure but not its unit ("Custody": rate or
    count?), the nearest line that gives exactly one of `candidates` its unit, as a
    list of one line (or none). Only a line that names the measure itself, or the note
    under the table or a line pointing at it ("the table below shows the rate per 1000")
    naming no other measure, counts: a sentence about something else ("the number in
    the cohort", "the rate of reoffending") lends no unit. A line naming both a count and
    a rate ("the number sentenced to custody, and the rate per 1,000") gives the rate
    when the table prints fractions (`whole` False), as counts are whole numbers."""
    for line in lines:
        named = {rule.slug for rule in _indicator_rules(line)[0]}
        if not (named & candidates or (
                not named and (line in notes or _POINTS_AT_TABLE.search(line)))):
            continue
        units = {rule.slug for rule in wording_rules() if rule.slug in candidates
                 and rule.qualifier is not None and rule.qualifier.search(line)}
        if len(units) > 1 and not whole:
            units = {slug for slug in units if not slug.endswith(_COUNT_SUFFIX)}
        if len(units) == 1:
            return [line]
    return []


def _unrecognised(reader: TableReader) -> Issue:
    """Why a table of areas against periods gave no rows: a measure without its unit, or
    no indicator at all."""
    ambiguous = [i for i in reader.issues if i.code in (UNIT_NOT_STATED, AMBIGUOUS_INDICATOR)]
    if ambiguous:
        return ambiguous[0]
    table = reader.table
    return Issue(STAGE_EXTRACT, UNKNOWN_INDICATOR, "a table of areas against periods whose "
                 "indicator was not recognised: left out", WARNING,
                 reader.context.document_id, table.table_id, table.first_line)


def _undated_issues(records: Iterable[dict[str, object]], document_id: str) -> list[Issue]:
    seen: dict[tuple[object, object, object], int] = {}
    for record in records:
        if record["period_start"] is None:
            key = (record["source_table"], record["indicator"], record["period_label"])
            seen.setdefault(key, int(record["source_line"]))  # type: ignore[arg-type]
    return [
        Issue(STAGE_EXTRACT, UNDATED_PERIOD, f"{indicator} {label!r}: the period's dates "
              "could not be read from its label and coverage wording; left null",
              INFO, document_id, str(table), line)
        for (table, indicator, label), line in seen.items()
    ]


def _without_duplicate_keys(records: list[dict[str, object]],
                            document_id: str) -> tuple[list[dict[str, object]], list[Issue]]:
    """The table's primary key must be unique: a repeated key keeps its first row."""
    key_columns = [c for c in KPI_OBSERVATIONS.primary_key if c != "document_id"]
    kept, issues, seen = [], [], set()
    for record in records:
        key = tuple(record[c] for c in key_columns)
        if key in seen:
            issues.append(Issue(STAGE_EXTRACT, DUPLICATE_KEY,
                                f"{record['indicator']} for {record['subject_label']!r} "
                                f"{record['period_label']!r} printed twice in one table: "
                                "second left out", WARNING, document_id,
                                str(record["source_table"]), int(record["source_line"])))
            continue
        seen.add(key)
        kept.append(record)
    return kept, issues


def extract_kpis(context: DocumentContext) -> dict[str, Rows]:
    """Every KPI table of a document as `kpi_observations` rows, with the issues met."""
    subjects = Subjects(context.yot_id)
    records: list[dict[str, object]] = []
    issues: list[Issue] = []
    for printed in context.data_tables():
        table = part_run_together(
            printed, lambda text: subjects.resolve(undo_ocr_letters(text)) is not None)
        layout = read_layout(table, subjects)
        _pcc_column(layout, subjects, context.text_above(table, paragraphs=_PCC_SEARCH))
        reader = TableReader(context, subjects, layout)
        reader.read()
        if not reader.records and (_is_comparator_shaped(layout) or _unit_missing(reader)):
            reader = _read_with_text_above(context, subjects, layout, reader)
        if reader.records:
            records.extend(reader.records)
            issues.extend(reader.issues)
        elif any(i.code in _REPORTED_WITHOUT_ROWS for i in reader.issues):
            issues.extend(i for i in reader.issues if i.code in _REPORTED_WITHOUT_ROWS)
        elif _is_comparator_shaped(layout):
            issues.append(_unrecognised(reader))
    records, duplicate_issues = _without_duplicate_keys(records, context.document_id)
    issues.extend(duplicate_issues)
    issues.extend(_undated_issues(records, context.document_id))
    return {TABLE: Rows.from_records(records, TABLE, issues)}


# --------------------------------------------------------------------------- rules

# (ratio indicator, numerator, denominator, scale): printed ratios the counts must give.
RATIOS: tuple[tuple[str, str, str, float], ...] = (
    ("reoffending_rate", "reoffenders_count", "reoffending_cohort_size", 100.0),
    ("reoffences_per_reoffender", "reoffences_count", "reoffenders_count", 1.0),
    ("reoffences_per_offender", "reoffences_count", "reoffending_cohort_size", 1.0),
)
_ROW_KEY = ["document_id", "source_table", "subject_label", "period_label", "breakdown"]


def _half_unit(value: float) -> float:
    """Half a unit of the last printed decimal ("31.7" -> 0.05); "30.0" reads as "30"."""
    text = repr(float(value))
    decimals = len(text.split(".")[1].rstrip("0")) if "." in text and "e" not in text else 0
    return 0.5 * 10 ** -decimals


def _interval(value: float, exact: bool) -> tuple[float, float]:
    spread = 0.0 if exact and float(value).is_integer() else _half_unit(value)
    return value - spread, value + spread


def ratio_agrees(printed: float, numerator: float, denominator: float, scale: float,
                 exact_counts: bool) -> bool:
    """Whether a printed ratio is what its printed parts give, to the printed precision.

    Counts of a real area are exact; a group's counts are averages, themselves rounded,
    so their rounding is carried through the division."""
    low_n, high_n = _interval(numerator, exact_counts)
    low_d, high_d = _interval(denominator, exact_counts)
    if high_d <= 0:
        return False
    low = scale * max(low_n, 0.0) / high_d
    high = scale * high_n / max(low_d, 1e-12)
    half = _half_unit(printed) + 1e-9
    return printed + half >= low and printed - half <= high


_RATIO_PARTS = frozenset(name for ratio in RATIOS for name in ratio[:3])


def arithmetic_issues(frame: pd.DataFrame) -> list[Issue]:
    """Blocking: a printed reoffending % or per-reoffender ratio that its counts contradict."""
    # Only the rows a ratio rule reads: most of a national table is other indicators.
    wanted = (frame["value_status"] == enums.REPORTED) & frame["indicator"].isin(_RATIO_PARTS)
    reported = frame[wanted.fillna(False).astype(bool)]
    rows = list(reported.itertuples())
    issues = []
    for positions in row_groups(reported, _ROW_KEY).values():
        by_indicator = {rows[p].indicator: rows[p] for p in positions
                        if rows[p].indicator in _RATIO_PARTS}
        for ratio, numerator, denominator, scale in RATIOS:
            if not {ratio, numerator, denominator} <= by_indicator.keys():
                continue
            row = by_indicator[ratio]
            exact = row.subject_type not in enums.GROUP_SUBJECT_TYPES
            if ratio_agrees(row.value, by_indicator[numerator].value,
                            by_indicator[denominator].value, scale, exact):
                continue
            expected = scale * by_indicator[numerator].value / by_indicator[denominator].value
            issues.append(Issue(
                STAGE_RULES, ARITHMETIC_MISMATCH,
                f"{ratio} for {row.subject_label!r} {row.period_label!r} is printed "
                f"{row.value:g} but {numerator} / {denominator} gives {expected:.4g}",
                ERROR, row.document_id, row.source_table, int(row.source_line)))
    return issues


def _subject_key(row: pd.Series | dict) -> tuple[object, ...]:
    """Same subject across tables and documents: an id, or a group of the same publisher."""
    if isinstance(row["subject_id"], str):
        return row["subject_type"], row["subject_id"]
    if row["subject_type"] in enums.GROUP_SUBJECT_TYPES:
        return row["subject_type"], row["yot_id"]
    return row["subject_type"], _normalised(str(row["subject_label"]))


def _dates_compatible(first: pd.Series, second: pd.Series) -> bool:
    """Two rows of one period label mean the same period unless both are dated differently."""
    if pd.isna(first["period_start"]) or pd.isna(second["period_start"]):
        return True
    return (first["period_start"], first["period_end"]) == (
        second["period_start"], second["period_end"])


def _same_value(first: pd.Series, second: pd.Series) -> bool:
    if first["value_status"] != second["value_status"]:
        return False
    if first["value_status"] != enums.REPORTED:
        return True
    return math.isclose(float(first["value"]), float(second["value"]), abs_tol=1e-9)


def _where(row: pd.Series) -> str:
    shown = "missing" if pd.isna(row["value"]) else f"{row['value']:g}"
    status = "" if row["value_status"] == enums.REPORTED else f" ({row['value_status']})"
    return f"{shown}{status} at {row['source_table']} line {row['source_line']}"


# The columns `duplicate_issues` reads (not every column of 100,000 rows as lists).
_DUPLICATE_READ = ("subject_id", "subject_type", "yot_id", "subject_label", "indicator",
                   "period_label", "breakdown", "period_start", "period_end", "value",
                   "value_status", "source_table", "source_line", "document_id")


def duplicate_issues(frame: pd.DataFrame) -> list[Issue]:
    """Warnings: one subject, indicator and period printed twice with different values."""
    if frame.empty:
        return []
    values = {name: frame[name].tolist() for name in _DUPLICATE_READ}
    subjects = [
        _subject_key({"subject_id": i, "subject_type": t, "yot_id": y, "subject_label": label})
        for i, t, y, label in zip(values["subject_id"], values["subject_type"],
                                  values["yot_id"], values["subject_label"], strict=True)
    ]
    keyed = pd.DataFrame({"indicator": values["indicator"], "_subject": subjects,
                          "period_label": values["period_label"],
                          "breakdown": values["breakdown"]})
    issues = []
    statuses, printed = values["value_status"], values["value"]
    for positions in row_groups(keyed, list(keyed.columns)).values():
        if len(positions) < 2 or len({
                (statuses[p], printed[p] if statuses[p] == enums.REPORTED else None)
                for p in positions}) == 1:
            continue  # one value printed each time: no pair of them can disagree
        rows = [{name: column[p] for name, column in values.items()} for p in positions]
        for index, later in enumerate(rows[1:], start=1):
            earlier = next((r for r in rows[:index] if _dates_compatible(r, later)), None)
            if earlier is None or _same_value(earlier, later):
                continue
            issues.append(Issue(
                STAGE_RULES, INCONSISTENT_DUPLICATE,
                f"{later['indicator']} for {later['subject_label']!r} {later['period_label']!r}"
                f"{'' if pd.isna(later['breakdown']) else ' ' + str(later['breakdown'])}: "
                f"{_where(earlier)} ({earlier['document_id']}) but {_where(later)} "
                f"({later['document_id']})",
                WARNING, later["document_id"], later["source_table"],
                int(later["source_line"])))
    return issues


def check_kpi_consistency(frame: pd.DataFrame) -> list[Issue]:
    """The blocking rules of `kpi_observations` over all documents."""
    if frame.empty:
        return []
    return arithmetic_issues(frame) + duplicate_issues(frame)


# --------------------------------------------------------------------------- analyst's view

WIDE_INDEX = ["subject_type", "subject_id", "subject_label", "indicator", "unit", "breakdown"]


def kpi_wide(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per subject and indicator, one column per printed period label (ordered by
    the period's start), for a quick look at one document's rows in a notebook; the
    release's wide view is `kpi_series_wide`. Where one period is printed twice, the
    first is shown."""
    if frame.empty:
        return pd.DataFrame(columns=WIDE_INDEX)
    starts = pd.to_datetime(frame["period_start"], errors="coerce")
    order = (
        pd.DataFrame({"label": frame["period_label"], "start": starts})
        .groupby("label", dropna=False)["start"].min()
        .reset_index()
        .sort_values(["start", "label"], na_position="last", kind="stable")
    )
    periods = list(order["label"])
    keys = frame[WIDE_INDEX].astype(object).where(frame[WIDE_INDEX].notna(), None)
    wide: dict[tuple[object, ...], dict[str, float | None]] = defaultdict(dict)
    for key, label, value in zip(keys.itertuples(index=False, name=None),
                                 frame["period_label"], frame["value"], strict=True):
        wide[key].setdefault(label, None if pd.isna(value) else float(value))
    rows = [{**dict(zip(WIDE_INDEX, key, strict=True)), **values} for key, values in wide.items()]
    result = pd.DataFrame(rows, columns=[*WIDE_INDEX, *periods])
    return result.sort_values(["indicator", "subject_type", "subject_label"], kind="stable",
                              ignore_index=True)


DOMAIN = Domain(
    name="kpi",
    tables=(TABLE,),
    extract=extract_kpis,
    value_columns={TABLE: ("value",)},
    rules={TABLE: arithmetic_issues},  # each document's own rows
    table_warnings={TABLE: duplicate_issues},  # across documents
)
