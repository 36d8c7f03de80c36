"""HM Inspectorate of Probation inspection reports: ratings and case-sample scores.

An inspection report rates a youth offending (or youth justice) service on the
Inspectorate's standards, each in one of three domains, and prints for every
court and out-of-court standard how many of the relevant cases met each key
question and each prompt under it. This module turns that into two published
tables, `inspection_ratings` and `inspection_questions`, and checks them
against the Inspectorate's own scoring rules.

Everything is found by structure and the framework's wording, never by a
document's name or a line number:

* the ratings table is the table whose rows pair a standard code (`2.1`) with a
  rating word; OCR noise ("Darlir | gton", "Overa | III rating", arrow glyphs) is
  read through by matching rating words on letters only;
* a standard's section starts at a heading `<code>. <name>`; the rating word
  printed alone below it confirms the table (and stands in for it when the
  table is missing a standard);
* case-sample tables are those with "Relevant cases" and "Yes" column headers;
  the first in a section lists the key questions, the others (captioned by a
  key question) list that key question's prompts. A table a page break split
  goes on under the same key question, whether the parser made a headerless
  table of the rest or left a single row on a line of its own.

The rating of each court and out-of-court standard is compared at extraction
time (the only point where both tables are at hand) with the band of its lowest
key-question yes rate; differences are warnings, since the Inspectorate allows
professional discretion near a boundary or with five or fewer cases.

Standard names, codes and domains come from the reviewed framework file
`pipeline/reference/data/hmip_standards.csv`. A standard that file does not
know (a newer framework's resettlement standard, say) is published with its
printed code and name, in the domain its code's first number belongs to.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.extract.base import DocumentContext, Domain, Rows
from pipeline.metadata.enums import (
    INSPECTION_DOMAINS,
    INSPECTION_REPORT,
    RATING_SCORES,
    RATINGS,
    SUBJECT_YOT,
)
from pipeline.parse import Cell, Table, clean_text, read_cell
from pipeline.parse.lines import is_footnote
from pipeline.periods import MONTH_NAMES, MONTHS
from pipeline.reference.areas import AreaResolver
from pipeline.report import ERROR, INFO, WARNING, Issue

RATINGS_TABLE = "inspection_ratings"
QUESTIONS_TABLE = "inspection_questions"
FRAMEWORK_CSV = Path(__file__).resolve().parents[1] / "reference" / "data" / "hmip_standards.csv"

# The overall row's domain and code. The contract names it; enums.py has no constant
# of its own for it (only the INSPECTION_DOMAINS tuple), so it is defined once here.
OVERALL = "overall"
OVERALL_NAME = "Overall rating"
if OVERALL not in INSPECTION_DOMAINS:
    raise ImportError(f"{OVERALL!r} is no longer an inspection domain in enums.py")

# Ratings from worst to best, and the score each standard earns (0-3).
RATINGS_ASCENDING: tuple[str, ...] = tuple(sorted(RATINGS, key=RATING_SCORES.__getitem__))
STANDARD_MAX_SCORE = max(RATING_SCORES.values())

# The Inspectorate's published rule for a court or out-of-court standard: its rating is
# the band of its lowest key-question yes rate (annexe "Ratings explained": minority
# <50% inadequate, too few 50-64% requires improvement, reasonable majority 65-79% good,
# large majority 80%+ outstanding). Lower bounds in percent, worst rating first. A report
# that prints its own band table overrides these.
KEY_QUESTION_BAND_FLOORS: tuple[float, ...] = (0.0, 50.0, 65.0, 80.0)

# The overall rating's bands are fixed shares of the maximum score (annexe "Overall
# provider rating": 0-6, 7-18, 19-30, 31-36 of 36 for twelve standards; 0-5, 6-15, 16-25,
# 26-30 of 30 for ten): the upper limit of each band, worst rating first.
OVERALL_BAND_CEILINGS: tuple[float, ...] = (1 / 6, 1 / 2, 5 / 6, 1.0)

# Discretion the Inspectorate allows before a standard's rating departs from its band.
DISCRETION_POINTS = 5.0
DISCRETION_CASES = 5

STAGE_EXTRACT = "extract"
STAGE_RULES = "rules"

# Issue codes.
NO_RATINGS = "inspection_no_ratings"
RATING_FROM_SECTION = "inspection_rating_from_section"
RATING_DIFFERS_FROM_SECTION = "inspection_rating_differs_from_section"
OVERALL_DIFFERS_FROM_PROSE = "inspection_overall_differs_from_prose"
OVERALL_SCORE_DERIVED = "inspection_overall_score_derived"
UNKNOWN_STANDARD = "inspection_unknown_standard"
UNKNOWN_DOMAIN = "inspection_unknown_domain"
STANDARD_NAME_DIFFERS = "inspection_standard_name_differs"
PRINTED_BANDS_DIFFER = "inspection_printed_bands_differ"
OVERALL_OUTSIDE_PRINTED_BAND = "inspection_overall_outside_printed_band"
RATING_DIFFERS_FROM_BAND = "inspection_rating_differs_from_key_question_band"
QUESTION_UNREADABLE = "inspection_question_unreadable"
QUESTION_TABLE_OUTSIDE_STANDARD = "inspection_question_table_outside_standard"
PARENT_UNMATCHED = "inspection_prompt_parent_unmatched"
STANDARD_SCORE_WRONG = "inspection_standard_score_wrong"
MAX_SCORE_WRONG = "inspection_max_score_inconsistent"
OVERALL_MISSING = "inspection_overall_missing"
OVERALL_DUPLICATED = "inspection_overall_duplicated"
OVERALL_NOT_SUM = "inspection_overall_not_sum_of_standards"
OVERALL_OUTSIDE_BAND = "inspection_overall_outside_band"
YES_EXCEEDS_RELEVANT = "inspection_yes_exceeds_relevant"
YES_RATE_WRONG = "inspection_yes_rate_not_derived"
PARENT_NOT_KEY_QUESTION = "inspection_parent_not_a_key_question"

_MONTH = f"({MONTH_NAMES})"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"

_CODE_CELL = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?$")
_CODE_AND_NAME = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?\s+(\S.*)$")
_HEADING = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?\s+([A-Z][^\t]{0,79})$")
_HEADING_MARKS = re.compile(r"^\s*#{1,6}\s*")
_MAX_HEADING_WORDS = 10
_SCORE = re.compile(r"(\d{1,3})\s*(?:/|out of)\s*(\d{1,3})", re.IGNORECASE)
_RANGE = re.compile(r"^(\d{1,3})\s*[-\u2013\u2014]\s*(\d{1,3})$")
_FOOTNOTE_AFTER_QUESTION = re.compile(r"\?\s*\(?\d{1,3}\)?\s*$")
_OVERALL_PROSE = re.compile(
    r"\boverall,?\s+[^.]*?\b(?:was|is|has been)\s+rated\s+(?:as\s+)?[‘'\"“]?"
    r"(outstanding|good|requires\s+improvement|inadequate)",
    re.IGNORECASE,
)
_PUBLISHED = re.compile(
    r"(?:HM\s+Inspectorate\s+of\s+Probation|HMI\s+Probation|HMIP)\s*,?\s+" + _MONTH
    + r"\s+(\d{4})",
    re.IGNORECASE,
)
_INSPECTED_SERVICE = re.compile(
    r"inspection\s+of\s+youth\s+(?:offending|justice)\s+(?:services?|teams?)\s*(?:in|:)?\s*(.*)$",
    re.IGNORECASE,
)
_HEADING_LOOKBACK = 6  # non-blank lines above a case-sample table its key question may be on
_RATING_LOOKAHEAD = 4  # non-blank lines below a standard heading its rating may be on
_NAME_SIMILARITY = 0.8
_PARENT_SIMILARITY = 0.75


# --- the framework -------------------------------------------------------------------------


@dataclass(frozen=True)
class FrameworkStandard:
    """One standard of the Inspectorate's framework, as reviewed in the CSV."""

    code: str
    name: str
    domain: str
    name_variants: tuple[str, ...] = ()

    def matches(self, printed: str) -> bool:
        """Whether a printed name is this standard's (OCR splits and case ignored)."""
        printed_key = _letters(printed)
        return any(
            difflib.SequenceMatcher(None, printed_key, _letters(name)).ratio() >= _NAME_SIMILARITY
            for name in (self.name, *self.name_variants)
        )


@functools.cache
def load_framework(path: Path = FRAMEWORK_CSV) -> dict[str, FrameworkStandard]:
    """The framework's standards by code; a domain outside the contract's enum is an error."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    standards = {}
    for row in frame.itertuples(index=False):
        if row.domain not in INSPECTION_DOMAINS or row.domain == OVERALL:
            raise ValueError(f"{path.name}: standard {row.code} has unknown domain {row.domain!r}")
        variants = tuple(v.strip() for v in row.name_variants.split(";") if v.strip())
        standards[row.code] = FrameworkStandard(row.code, row.name, row.domain, variants)
    return standards


def domain_of(code: str) -> str | None:
    """The domain of a standard code: the framework's, else that of its domain number."""
    framework = load_framework()
    if code in framework:
        return framework[code].domain
    number = code.split(".")[0]
    domains = {s.domain for s in framework.values() if s.code.split(".")[0] == number}
    return domains.pop() if len(domains) == 1 else None


# --- small text helpers --------------------------------------------------------------------


def _letters(text: str) -> str:
    """Lowercase letters only: survives OCR splits ("Darlir gton") and markup."""
    return re.sub(r"[^a-z]", "", text.lower())


_RATING_KEYS = {_letters(rating.replace("_", " ")): rating for rating in RATINGS}


def rating_of(text: str) -> str | None:
    """The rating slug a printed text is (exactly, up to case, spacing and punctuation)."""
    return _RATING_KEYS.get(_letters(clean_text(text)))


def clean_question(text: str) -> str:
    """Question text without markup and footnote markers glued to it ("safe?9")."""
    cleaned = clean_text(text)
    cleaned = _FOOTNOTE_AFTER_QUESTION.sub("?", cleaned)
    return re.sub(r"\s+", " ", cleaned).replace(" ?", "?").strip()


def _sample_label(text: str) -> str:
    """The sample as printed, without the trailing colon."""
    return clean_text(text).rstrip(": ").strip()


def _normal_code(major: str, minor: str) -> str:
    return f"{int(major)}.{int(minor)}"


def _table_lines(ctx: DocumentContext) -> set[int]:
    return {n for t in ctx.tables for n in range(t.first_line, t.last_line + 1)}


# --- standard sections ---------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """A standard's section: its heading, and the rating printed below it if any."""

    code: str
    name: str
    line: int
    rating: str | None = None
    rating_line: int | None = None


def _heading_at(text: str) -> tuple[str, str] | None:
    """(code, name) when a cleaned line is a standard heading such as '2.1. Assessment'."""
    text = _HEADING_MARKS.sub("", text).strip()
    match = _HEADING.match(text)
    if match is None:
        return None
    name = match.group(3).strip().strip("*").strip()
    if (not name or name[-1] in ".:;," or name[-1].isdigit()
            or len(name.split()) > _MAX_HEADING_WORDS):
        return None  # prose, a list item or a contents line with its page number
    return _normal_code(match.group(1), match.group(2)), name


def find_sections(ctx: DocumentContext) -> list[Section]:
    """Every standard heading outside tables, with its section's extent and rating."""
    in_tables = _table_lines(ctx)
    headings = []
    for number, line in enumerate(ctx.lines, start=1):
        if number in in_tables or "\t" in line:
            continue
        found = _heading_at(clean_text(line))
        if found is not None:
            headings.append((number, *found))
    sections = []
    for index, (number, code, name) in enumerate(headings):
        end = headings[index + 1][0] - 1 if index + 1 < len(headings) else len(ctx.lines)
        rating, rating_line = _section_rating(ctx, number, end, in_tables)
        sections.append(Section(code, name, number, rating, rating_line))
    return sections


def _section_rating(
    ctx: DocumentContext, start: int, end: int, in_tables: set[int]
) -> tuple[str | None, int | None]:
    """The rating word printed alone on a line just below a standard heading (after its
    one-paragraph description), before any table."""
    budget = _RATING_LOOKAHEAD
    for number in range(start + 1, end + 1):
        text = clean_text(ctx.line(number))
        if number in in_tables or budget == 0:
            break
        if not text:
            continue
        budget -= 1
        text = re.sub(r"^(?:rating|rated)\s*[:\-]?\s*", "", text, flags=re.IGNORECASE)
        rating = rating_of(text) if len(text) <= 40 else None
        if rating is not None:
            return rating, number
    return None, None


def _section_of(sections: Sequence[Section], line: int) -> Section | None:
    """The section a line falls in (the last standard heading above it)."""
    found = None
    for section in sections:
        if section.line < line:
            found = section
    return found


# --- the ratings table ---------------------------------------------------------------------


@dataclass(frozen=True)
class PrintedRating:
    """A row of the ratings table: a standard (or the overall rating, code None)."""

    code: str | None
    printed_name: str
    rating: str
    line: int


def _rating_in_cells(cells: Sequence[Cell]) -> tuple[int, str] | None:
    """(index, rating) of the rating word in a row, read through OCR splits across two
    cells ("Requires | improvement")."""
    for index, cell in enumerate(cells):
        rating = rating_of(cell.text)
        if rating is not None:
            return index, rating
    for index in range(len(cells) - 1):
        rating = rating_of(cells[index].text + cells[index + 1].text)
        if rating is not None and cells[index].text and cells[index + 1].text:
            return index, rating
    return None


def _code_in_cells(cells: Sequence[Cell]) -> tuple[int, str, str] | None:
    """(index, code, name printed in the same cell) of a standard code in a row's first
    two non-empty cells."""
    for index, cell in enumerate(cells[:2]):
        text = cell.text.strip()
        match = _CODE_CELL.match(text)
        if match:
            return index, _normal_code(match.group(1), match.group(2)), ""
        match = _CODE_AND_NAME.match(text)
        if match and rating_of(match.group(3)) is None:
            return index, _normal_code(match.group(1), match.group(2)), match.group(3)
    return None


def _read_rating_row(row: Sequence[Cell | None]) -> PrintedRating | None:
    cells = [cell for cell in row if cell is not None and cell.text.strip()]
    found = _rating_in_cells(cells)
    if found is None:
        return None
    first, rating = found
    line = cells[first].source_line
    code = _code_in_cells(cells[:first])
    if code is None:
        label = " ".join(cell.text for cell in cells[:first])
        key = _letters(label)
        if "rating" in key or "overa" in key:
            return PrintedRating(None, label, rating, line)
        return None
    index, standard_code, name_in_cell = code
    name = " ".join([name_in_cell, *(cell.text for cell in cells[index + 1 : first])]).strip()
    return PrintedRating(standard_code, name, rating, line)


def find_ratings_table(ctx: DocumentContext) -> tuple[Table, list[PrintedRating]] | None:
    """The table with most rows pairing a standard code and a rating word, with its rows."""
    best: tuple[Table, list[PrintedRating]] | None = None
    for table in ctx.tables:
        rows = [r for r in (_read_rating_row(row) for row in table.grid()) if r is not None]
        standards = sum(1 for r in rows if r.code is not None)
        if standards and (best is None or standards > sum(1 for r in best[1] if r.code)):
            best = (table, rows)
    return best


def printed_total(table: Table) -> tuple[int, int, int] | None:
    """(score, max_score, line) of the overall score printed in the ratings table
    ("Score | 31/36"), read from the row that says "score"."""
    for row in table.grid():
        cells = [cell for cell in row if cell is not None]
        if not any("score" in cell.text.lower() for cell in cells):
            continue
        for cell in cells:
            match = _SCORE.search(cell.text)
            if match:
                return int(match.group(1)), int(match.group(2)), cell.source_line
    return None


def _prose_overall(ctx: DocumentContext) -> tuple[str, int] | None:
    """The overall rating stated in prose ("Overall, X YOS was rated as 'Outstanding'")."""
    for number, line in enumerate(ctx.lines, start=1):
        match = _OVERALL_PROSE.search(clean_text(line))
        rating = rating_of(match.group(1)) if match else None
        if rating is not None:
            return rating, number
    return None


# --- band rules ----------------------------------------------------------------------------


def band_for_rate(rate: float, floors: Sequence[float] = KEY_QUESTION_BAND_FLOORS) -> str:
    """The rating band a key question's yes rate (percent) falls in."""
    band = RATINGS_ASCENDING[0]
    for rating, floor in zip(RATINGS_ASCENDING, floors, strict=True):
        if rate >= floor:
            band = rating
    return band


def overall_bands(max_score: int) -> dict[str, tuple[int, int]]:
    """The overall rating's score band (low, high) per rating for a given maximum score."""
    bands = {}
    low = 0
    for rating, share in zip(RATINGS_ASCENDING, OVERALL_BAND_CEILINGS, strict=True):
        high = math.floor(max_score * share + 1e-9)
        bands[rating] = (low, high)
        low = high + 1
    return bands


def printed_key_question_floors(ctx: DocumentContext) -> tuple[float, ...] | None:
    """The key-question bands a report prints in its annexe ("Too few: 50-64%"), as lower
    bounds worst rating first; None when not printed in full."""
    for table in ctx.tables:
        floors: dict[str, float] = {}
        for row in table.grid():
            cells = [cell for cell in row if cell is not None]
            ratings = [rating_of(cell.text) for cell in cells]
            percents = [cell.text for cell in cells if "%" in cell.text]
            rating = next((r for r in ratings if r), None)
            if rating is None or len(percents) != 1:
                continue
            floor = _percent_floor(percents[0])
            if floor is not None:
                floors[rating] = floor
        if set(floors) == set(RATINGS):
            ordered = tuple(floors[r] for r in RATINGS_ASCENDING)
            if list(ordered) == sorted(ordered):
                return ordered
    return None


def _percent_floor(text: str) -> float | None:
    """Lower bound of a printed percentage band: '<50%' -> 0, '50-64%' -> 50, '80%+' -> 80."""
    if re.search(r"<\s*\d+\s*%", text):
        return 0.0
    match = re.search(r"(\d+)\s*%?\s*[-\u2013]\s*\d+\s*%", text)
    if match:
        return float(match.group(1))
    match = re.search(r"(\d+)\s*%\s*(?:\+|or more|and above)", text)
    return float(match.group(1)) if match else None


def printed_overall_bands(ctx: DocumentContext) -> dict[str, tuple[int, int]] | None:
    """The overall bands a report prints ("19-30 | Good"): score ranges per rating."""
    for table in ctx.tables:
        bands = {}
        for row in table.grid():
            cells = [cell for cell in row if cell is not None]
            ranges = [_RANGE.match(cell.text.strip()) for cell in cells]
            ranges = [m for m in ranges if m]
            rating = next((r for r in (rating_of(c.text) for c in cells) if r), None)
            if rating and len(ranges) == 1:
                bands[rating] = (int(ranges[0].group(1)), int(ranges[0].group(2)))
        if set(bands) == set(RATINGS):
            return bands
    return None


# --- inspection_ratings --------------------------------------------------------------------


@dataclass
class RatingsResult:
    """Rating rows and what was noticed while reading them."""

    rows: list[dict]
    issues: list[Issue]


def _standard_row(
    ctx: DocumentContext, code: str, printed_name: str, rating: str, line: int,
    table: Table | None, issues: list[Issue],
) -> dict | None:
    """One standard's row, named by the framework (or as printed when unknown)."""
    where = {"document_id": ctx.document_id,
             "source_table": table.table_id if table else None, "source_line": line}
    domain = domain_of(code)
    if domain is None:
        issues.append(Issue(STAGE_EXTRACT, UNKNOWN_DOMAIN,
                            f"standard {code} {printed_name!r} is in a domain the contract has "
                            "no value for; left out", WARNING, **where))
        return None
    framework = load_framework().get(code)
    name = printed_name
    if framework is None:
        issues.append(Issue(STAGE_EXTRACT, UNKNOWN_STANDARD,
                            f"standard {code} {printed_name!r} is not in the framework file; "
                            f"published with its printed code and name in {domain}", INFO,
                            **where))
    elif not printed_name or framework.matches(printed_name):
        name = framework.name
    else:
        issues.append(Issue(STAGE_EXTRACT, STANDARD_NAME_DIFFERS,
                            f"standard {code} is printed as {printed_name!r}, the framework "
                            f"names it {framework.name!r}; published as printed", WARNING,
                            **where))
    if not name:
        issues.append(Issue(STAGE_EXTRACT, UNKNOWN_STANDARD,
                            f"standard {code} is printed without a name and is not in the "
                            "framework file; left out", WARNING, **where))
        return None
    return {
        "domain": domain, "standard_code": code, "standard_name": name, "rating": rating,
        "score": RATING_SCORES[rating], "max_score": STANDARD_MAX_SCORE,
        **ctx.provenance(table, line),
    }


def extract_ratings(ctx: DocumentContext, sections: Sequence[Section]) -> RatingsResult:
    """The overall rating and each standard's, read from the ratings table and confirmed
    against the rating printed in each standard's own section.

    The overall row's `source_line` is the line of its rating word. Its score is the total
    printed in the table ("Score 31/36", usually on the line above) or, where none is
    printed, the sum of the standard scores. `score` is therefore not a declared value
    column: a standard's score is derived from its rating word and the overall total is
    printed on another line than the rating; the rules check the total instead.
    """
    issues: list[Issue] = []
    found = find_ratings_table(ctx)
    table, printed = found if found else (None, [])
    by_section = {s.code: s for s in sections if s.rating is not None}
    rows: list[dict] = []
    seen: set[str] = set()
    for entry in (p for p in printed if p.code is not None):
        if entry.code in seen:
            continue
        seen.add(entry.code)
        section = by_section.get(entry.code)
        if section is not None and section.rating != entry.rating:
            issues.append(Issue(STAGE_EXTRACT, RATING_DIFFERS_FROM_SECTION,
                                f"standard {entry.code} is rated {entry.rating} in the ratings "
                                f"table but {section.rating} in its section (line "
                                f"{section.rating_line}); the table's rating is published",
                                WARNING, ctx.document_id, table.table_id, entry.line))
        row = _standard_row(ctx, entry.code, entry.printed_name, entry.rating, entry.line,
                            table, issues)
        if row:
            rows.append(row)
    for section in sections:
        if section.rating is None or section.code in seen:
            continue
        seen.add(section.code)
        issues.append(Issue(STAGE_EXTRACT, RATING_FROM_SECTION,
                            f"standard {section.code} is not in a ratings table; its rating is "
                            "read from its section", INFO, ctx.document_id, None,
                            section.rating_line))
        row = _standard_row(ctx, section.code, section.name, section.rating,
                            section.rating_line, None, issues)
        if row:
            rows.append(row)
    overall = _overall_row(ctx, table, printed, rows, issues)
    if overall:
        rows.insert(0, overall)
    if not rows:
        issues.append(Issue(STAGE_EXTRACT, NO_RATINGS,
                            "no ratings table or rated standard found in this inspection report",
                            WARNING, ctx.document_id))
    return RatingsResult(rows, issues)


def _overall_row(
    ctx: DocumentContext, table: Table | None, printed: Sequence[PrintedRating],
    standards: Sequence[dict], issues: list[Issue],
) -> dict | None:
    """The overall row: rating from the table (or prose), score as printed or summed."""
    in_table = next((p for p in printed if p.code is None), None)
    prose = _prose_overall(ctx)
    if in_table is not None:
        rating, line, source = in_table.rating, in_table.line, table
        if prose is not None and prose[0] != rating:
            issues.append(Issue(STAGE_EXTRACT, OVERALL_DIFFERS_FROM_PROSE,
                                f"overall rating {rating} in the table but {prose[0]} in the "
                                f"text (line {prose[1]})", WARNING, ctx.document_id,
                                table.table_id if table else None, line))
    elif prose is not None:
        rating, line, source = prose[0], prose[1], None
    else:
        return None
    total = printed_total(table) if table is not None else None
    if total is not None:
        score, max_score, line = total  # cite the line the score is printed on
    else:
        score = sum(int(r["score"]) for r in standards)
        max_score = STANDARD_MAX_SCORE * len(standards)
        issues.append(Issue(STAGE_EXTRACT, OVERALL_SCORE_DERIVED,
                            "no overall score printed; the overall score is the sum of the "
                            "standards' scores", INFO, ctx.document_id,
                            source.table_id if source else None, line))
    if max_score < 1:
        return None
    return {
        "domain": OVERALL, "standard_code": OVERALL, "standard_name": OVERALL_NAME,
        "rating": rating, "score": score, "max_score": max_score,
        **ctx.provenance(source, line),
    }


def _printed_band_issues(ctx: DocumentContext, rows: Sequence[dict]) -> list[Issue]:
    """The overall score against the bands the report prints, and those bands against the
    framework's rule (so a change of rule is noticed)."""
    overall = next((r for r in rows if r["standard_code"] == OVERALL), None)
    printed = printed_overall_bands(ctx)
    if overall is None or printed is None:
        return []
    issues = []
    where = (ctx.document_id, overall["source_table"], overall["source_line"])
    low, high = printed[overall["rating"]]
    if not low <= overall["score"] <= high:
        issues.append(Issue(STAGE_EXTRACT, OVERALL_OUTSIDE_PRINTED_BAND,
                            f"overall score {overall['score']} is outside the {low}-{high} band "
                            f"the report prints for {overall['rating']}", WARNING, *where))
    expected = overall_bands(int(overall["max_score"]))
    if printed != expected:
        issues.append(Issue(STAGE_EXTRACT, PRINTED_BANDS_DIFFER,
                            f"the report prints overall bands {printed}, the framework rule "
                            f"gives {expected} for a maximum of {overall['max_score']}",
                            WARNING, *where))
    return issues


# --- inspection_questions ------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionLayout:
    """Where a case-sample table keeps its questions and counts."""

    table: Table
    first_row: int  # grid row of the first question
    relevant_column: int
    yes_column: int
    sample_label: str


def question_layout(table: Table) -> QuestionLayout | None:
    """The layout of a table headed '<sample> | Relevant cases | Number 'Yes''."""
    grid = table.grid()
    for index, row in enumerate(grid[: table.header_rows + 1]):
        texts = [(cell.text.lower() if cell else "") for cell in row]
        relevant = next((i for i, t in enumerate(texts) if i and "relevant" in t), None)
        yes = next((i for i, t in enumerate(texts)
                    if i and i != relevant and re.search(r"\byes\b", t)), None)
        if relevant is not None and yes is not None and row[0] is not None:
            return QuestionLayout(table, index + 1, relevant, yes, _sample_label(row[0].text))
    return None


def _count(cell: Cell | None) -> int | None:
    """A whole, non-negative count printed in a cell, or None."""
    return None if cell is None else _count_text(cell.text)


def _count_text(text: str) -> int | None:
    """A whole, non-negative count printed as text; anything else (n/a, 2.5, -) is None."""
    value = read_cell(text)
    if not value.is_number or value.value is None or value.value < 0:
        return None
    return int(value.value) if float(value.value).is_integer() else None


def _continuation(table: Table, previous: QuestionLayout) -> QuestionLayout | None:
    """A headerless table that goes on with the previous one (a page break split it)."""
    if table.header_rows or table.n_columns != previous.table.n_columns:
        return None
    rows = [row for row in table.grid() if any(c is not None and c.text for c in row)]
    if not rows or not all(
        row[0] is not None and row[0].text.strip().endswith("?")
        and _count(row[previous.relevant_column]) is not None
        and _count(row[previous.yes_column]) is not None
        for row in rows
    ):
        return None
    return QuestionLayout(table, 0, previous.relevant_column, previous.yes_column,
                          previous.sample_label)


@dataclass(frozen=True)
class PrintedQuestion:
    """A question or prompt as printed, with its counts and the line they are on."""

    text: str
    relevant: int
    yes: int
    line: int


def read_questions(
    ctx: DocumentContext, layout: QuestionLayout
) -> tuple[list[PrintedQuestion], list[Issue]]:
    """The questions of a case-sample table with their counts; an unreadable row is left
    out and reported."""
    questions, issues = [], []
    for row in layout.table.grid()[layout.first_row :]:
        if not any(cell is not None and cell.text for cell in row):
            continue
        label = row[0]
        relevant_cell = row[layout.relevant_column]
        yes_cell = row[layout.yes_column]
        relevant, yes = _count(relevant_cell), _count(yes_cell)
        line = relevant_cell.source_line if relevant_cell else (label.source_line if label else 0)
        text = clean_question(label.text) if label else ""
        problem = None
        if not text:
            problem = "no question text"
        elif relevant is None or yes is None:
            problem = "relevant or yes cases not printed as whole numbers"
        elif yes_cell is None or yes_cell.source_line != relevant_cell.source_line:
            problem = "relevant and yes cases printed on different lines"
        if problem:
            issues.append(Issue(STAGE_EXTRACT, QUESTION_UNREADABLE,
                                f"case-sample row left out ({problem}): {text[:80]!r}", WARNING,
                                ctx.document_id, layout.table.table_id, line or None))
            continue
        questions.append(PrintedQuestion(text, relevant, yes, line))
    return questions, issues


def _heading_question(ctx: DocumentContext, table: Table, section: Section,
                      in_tables: set[int]) -> str | None:
    """The key question a prompt table sits under: its caption, or the question printed as
    a heading just above it; None for a key-question table (no question above it)."""
    if table.caption and clean_question(table.caption).endswith("?"):
        return clean_question(table.caption)
    budget = _HEADING_LOOKBACK
    for number in range(table.first_line - 1, section.line, -1):
        line = ctx.line(number)
        if not line.strip() or number in in_tables or is_footnote(line):
            continue
        text = clean_question(_HEADING_MARKS.sub("", line))
        if text.endswith("?"):
            return text
        budget -= 1
        if budget == 0 or "key question" in text.lower():
            return None
    return None


def match_key_question(heading: str, key_questions: Sequence[str]) -> str | None:
    """The key question a prompt table's heading names: printed headings reword it
    slightly ("focus on" for "focus sufficiently on"), so the closest one above a
    similarity floor."""
    key = _letters(heading)
    scored = sorted(((_similarity(key, _letters(q)), q) for q in key_questions), reverse=True)
    if scored and scored[0][0] >= _PARENT_SIMILARITY:
        return scored[0][1]
    return None


@functools.lru_cache(maxsize=4096)  # reports reuse the Inspectorate's wording
def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


@dataclass
class QuestionsResult:
    """Question rows and what was noticed while reading them."""

    rows: list[dict]
    issues: list[Issue]


@dataclass(frozen=True)
class PlacedTable:
    """A case-sample table read into a standard, for rows printed after it."""

    layout: QuestionLayout
    section: Section
    domain: str
    parent: str | None


def extract_questions(ctx: DocumentContext, sections: Sequence[Section]) -> QuestionsResult:
    """Every key question and prompt of every case-sample table, under its standard, and
    any row a page break left on a line of its own after its table."""
    rows: list[dict] = []
    issues: list[Issue] = []
    in_tables = _table_lines(ctx)
    key_questions: dict[str, list[str]] = {}
    placed: list[PlacedTable] = []
    for table in ctx.tables:
        previous = placed[-1] if placed and placed[-1].layout.table.index == table.index - 1 \
            else None
        layout = question_layout(table) or (
            _continuation(table, previous.layout) if previous else None)
        if layout is None:
            continue
        section = _section_of(sections, table.first_line)
        domain = domain_of(section.code) if section else None
        if section is None or domain is None:
            issues.append(Issue(STAGE_EXTRACT, QUESTION_TABLE_OUTSIDE_STANDARD,
                                "case-sample table outside any standard the contract has a "
                                f"domain for ({section.code if section else 'no heading'}); "
                                "left out", WARNING, ctx.document_id, table.table_id,
                                table.first_line))
            continue
        if layout.first_row == 0 and previous is not None:
            parent = previous.parent  # a continuation keeps its table's key question
        else:
            parent = _parent_for(ctx, table, section, in_tables, key_questions, issues)
        questions, problems = read_questions(ctx, layout)
        issues.extend(problems)
        if parent is None:
            key_questions.setdefault(section.code, []).extend(q.text for q in questions)
        rows.extend(_question_row(ctx, table, domain, section.code, layout.sample_label,
                                  parent, q) for q in questions)
        placed.append(PlacedTable(layout, section, domain, parent))
    rows.extend(_stray_rows(ctx, sections, placed, in_tables))
    rows.sort(key=lambda row: row["source_line"])
    return QuestionsResult(rows, issues)


def _stray_rows(
    ctx: DocumentContext, sections: Sequence[Section], placed: Sequence[PlacedTable],
    in_tables: set[int],
) -> list[dict]:
    """Question rows printed alone between paragraphs (a page break split the table and the
    parser does not make a table of one line): they belong to the case-sample table above
    them in the same section. Read from a line outside any table, so `source_table` is
    null."""
    rows = []
    for number, line in enumerate(ctx.lines, start=1):
        if number in in_tables or "\t" not in line:
            continue
        section = _section_of(sections, number)
        above = [p for p in placed if p.section == section
                 and p.layout.table.last_line < number]
        if not above:
            continue
        layout = above[-1].layout
        cells = [cell.strip() for cell in line.split("\t")]
        if len(cells) <= max(layout.relevant_column, layout.yes_column):
            continue
        text = clean_question(cells[0])
        relevant = _count_text(cells[layout.relevant_column])
        yes = _count_text(cells[layout.yes_column])
        if not text.endswith("?") or relevant is None or yes is None:
            continue
        question = PrintedQuestion(text, relevant, yes, number)
        rows.append(_question_row(ctx, None, above[-1].domain, section.code,
                                  layout.sample_label, above[-1].parent, question))
    return rows


def _parent_for(
    ctx: DocumentContext, table: Table, section: Section, in_tables: set[int],
    key_questions: dict[str, list[str]], issues: list[Issue],
) -> str | None:
    """None for a key-question table; the key question for a prompt table."""
    heading = _heading_question(ctx, table, section, in_tables)
    if heading is None:
        return None
    known = key_questions.get(section.code, [])
    parent = match_key_question(heading, known)
    if parent is None:
        if known:
            issues.append(Issue(STAGE_EXTRACT, PARENT_UNMATCHED,
                                f"prompt table headed {heading[:80]!r} matches none of standard "
                                f"{section.code}'s key questions; its heading is published as "
                                "the parent", WARNING, ctx.document_id, table.table_id,
                                table.first_line))
        parent = heading
    return parent


def yes_rate(relevant: int, yes: int) -> float | None:
    """Yes cases as a percentage of relevant cases; None when no case was relevant."""
    return yes / relevant * 100 if relevant else None


def _question_row(
    ctx: DocumentContext, table: Table | None, domain: str, code: str, sample_label: str,
    parent: str | None, question: PrintedQuestion,
) -> dict:
    return {
        "domain": domain, "standard_code": code, "question": question.text,
        "parent_question": parent, "sample_label": sample_label,
        "relevant_cases": question.relevant, "yes_cases": question.yes,
        "yes_rate": yes_rate(question.relevant, question.yes),
        **ctx.provenance(table, question.line),
    }


# --- the standard's rating against its lowest key question ---------------------------------


def band_differences(
    ctx: DocumentContext, ratings: Sequence[dict], questions: Sequence[dict],
    floors: Sequence[float] = KEY_QUESTION_BAND_FLOORS,
) -> list[Issue]:
    """A warning for each standard whose rating is not the band of its lowest key-question
    yes rate. Not an error: the Inspectorate's panel may use discretion near a boundary or
    with five or fewer cases; the message says which of those applies."""
    issues = []
    for rating in ratings:
        code = rating["standard_code"]
        keys = [q for q in questions if q["standard_code"] == code
                and q["parent_question"] is None and q["relevant_cases"]]
        if code == OVERALL or not keys:
            continue
        lowest = min(keys, key=lambda q: q["yes_rate"])
        band = band_for_rate(lowest["yes_rate"], floors)
        if band == rating["rating"]:
            continue
        issues.append(Issue(
            STAGE_EXTRACT, RATING_DIFFERS_FROM_BAND,
            f"standard {code} {rating['standard_name']} is rated {rating['rating']} but its "
            f"lowest key question ({lowest['yes_cases']} of {lowest['relevant_cases']} cases, "
            f"{lowest['yes_rate']:.1f}%: {lowest['question'][:80]!r}) is in the {band} band"
            f"{_discretion(lowest, floors)}",
            WARNING, ctx.document_id, rating["source_table"], rating["source_line"],
        ))
    return issues


def _discretion(question: dict, floors: Sequence[float]) -> str:
    """Which of the Inspectorate's grounds for professional discretion apply."""
    relevant, yes, rate = question["relevant_cases"], question["yes_cases"], question["yes_rate"]
    grounds = []
    if any(abs(rate - floor) <= DISCRETION_POINTS for floor in floors[1:]):
        grounds.append(f"within {DISCRETION_POINTS:g} points of a boundary")
    if relevant <= DISCRETION_CASES:
        grounds.append(f"{DISCRETION_CASES} or fewer cases")
    band = band_for_rate(rate, floors)
    if any(0 <= other <= relevant and band_for_rate(other / relevant * 100, floors) != band
           for other in (yes - 1, yes + 1)):
        grounds.append("one case judged differently changes the band")
    if not grounds:
        return "; no ground for discretion applies"
    return "; discretion may apply (" + ", ".join(grounds) + ")"


# --- the domain ----------------------------------------------------------------------------


def extract_inspections(ctx: DocumentContext) -> dict[str, Rows]:
    """Both inspection tables of an inspection report (nothing for other documents)."""
    if ctx.document_type != INSPECTION_REPORT:
        return {}
    sections = find_sections(ctx)
    ratings = extract_ratings(ctx, sections)
    questions = extract_questions(ctx, sections)
    floors = printed_key_question_floors(ctx) or KEY_QUESTION_BAND_FLOORS
    rating_issues = [
        *ratings.issues,
        *_printed_band_issues(ctx, ratings.rows),
        *band_differences(ctx, ratings.rows, questions.rows, floors),
    ]
    return {
        RATINGS_TABLE: Rows.from_records(ratings.rows, RATINGS_TABLE, rating_issues),
        QUESTIONS_TABLE: Rows.from_records(questions.rows, QUESTIONS_TABLE, questions.issues),
    }


def _rule_issue(code: str, message: str, row: object, severity: str = ERROR) -> Issue:
    return Issue(STAGE_RULES, code, message, severity, getattr(row, "document_id", None),
                 _none_if_na(getattr(row, "source_table", None)),
                 _int_or_none(getattr(row, "source_line", None)))


def _none_if_na(value: object) -> object:
    return None if value is None or pd.isna(value) else value


def _int_or_none(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def check_rating_rules(frame: pd.DataFrame) -> list[Issue]:
    """The Inspectorate's scoring rules per report: each standard scores its rating's
    points out of 3; the overall score is the sum of the standard scores out of three
    times their number, and falls in the band of the overall rating."""
    issues: list[Issue] = []
    for _document, rows in frame.groupby("document_id", sort=False):
        standards = rows[rows["standard_code"] != OVERALL]
        overall = rows[rows["standard_code"] == OVERALL]
        issues.extend(_standard_score_issues(standards))
        if overall.empty:
            if not standards.empty:
                issues.append(_rule_issue(OVERALL_MISSING, "standards are rated but there is "
                                          "no overall rating", standards.iloc[0], WARNING))
            continue
        if len(overall) > 1:
            issues.append(_rule_issue(OVERALL_DUPLICATED, "more than one overall rating",
                                      overall.iloc[1]))
        issues.extend(_overall_issues(next(overall.itertuples()), standards))
    return issues


def _standard_score_issues(standards: pd.DataFrame) -> Iterable[Issue]:
    for row in standards.itertuples():
        expected = RATING_SCORES.get(row.rating)
        if row.score != expected:
            yield _rule_issue(STANDARD_SCORE_WRONG, f"standard {row.standard_code} rated "
                              f"{row.rating} scores {expected}, not {row.score}", row)
        if row.max_score != STANDARD_MAX_SCORE:
            yield _rule_issue(MAX_SCORE_WRONG, f"standard {row.standard_code} has max_score "
                              f"{row.max_score}, not {STANDARD_MAX_SCORE}", row)


def _overall_issues(row: object, standards: pd.DataFrame) -> list[Issue]:
    issues = []
    total = int(standards["score"].sum())
    score, max_score = int(row.score), int(row.max_score)
    if score != total:
        issues.append(_rule_issue(OVERALL_NOT_SUM, f"overall score {score} is not the sum of "
                                  f"the standard scores ({total})", row))
    expected_max = STANDARD_MAX_SCORE * len(standards)
    if max_score != expected_max or score > max_score:
        issues.append(_rule_issue(MAX_SCORE_WRONG, f"overall score {score}/{max_score}: "
                                  f"{len(standards)} standards give a maximum of "
                                  f"{expected_max}", row))
    low, high = overall_bands(max_score)[row.rating]
    if not low <= score <= high:
        issues.append(_rule_issue(OVERALL_OUTSIDE_BAND, f"overall score {score}/{max_score} "
                                  f"is outside the {low}-{high} band of {row.rating}", row))
    return issues


def check_question_rules(frame: pd.DataFrame) -> list[Issue]:
    """Yes cases never exceed relevant cases; the yes rate is derived from them; a
    prompt's parent is one of its standard's key questions."""
    issues: list[Issue] = []
    keys = {
        (row.document_id, row.standard_code, row.question)
        for row in frame.itertuples() if pd.isna(row.parent_question)
    }
    for row in frame.itertuples():
        relevant, yes = int(row.relevant_cases), int(row.yes_cases)
        if yes > relevant:
            issues.append(_rule_issue(YES_EXCEEDS_RELEVANT, f"{yes} yes cases of {relevant} "
                                      f"relevant: {row.question[:80]!r}", row))
        expected = yes_rate(relevant, yes)
        printed = None if pd.isna(row.yes_rate) else float(row.yes_rate)
        if (expected is None) != (printed is None) or (
            expected is not None and not math.isclose(printed, expected, abs_tol=1e-6)
        ):
            issues.append(_rule_issue(YES_RATE_WRONG, f"yes_rate {printed} is not {yes} of "
                                      f"{relevant} ({expected})", row))
        parent = row.parent_question
        if not pd.isna(parent) and (row.document_id, row.standard_code, parent) not in keys:
            issues.append(_rule_issue(PARENT_NOT_KEY_QUESTION, f"parent {parent[:80]!r} is not "
                                      f"a key question of standard {row.standard_code}", row,
                                      WARNING))
    return issues


DOMAIN = Domain(
    name="inspections",
    tables=(RATINGS_TABLE, QUESTIONS_TABLE),
    extract=extract_inspections,
    value_columns={RATINGS_TABLE: (), QUESTIONS_TABLE: ("relevant_cases", "yes_cases")},
    rules={RATINGS_TABLE: check_rating_rules, QUESTIONS_TABLE: check_question_rules},
)


# --- inspection metadata for `documents` ---------------------------------------------------


def inspection_metadata(ctx: DocumentContext) -> dict:
    """The inspected service, publication month and fieldwork dates printed in a report."""
    return {
        "inspected_yot_id": inspected_service(ctx),
        "published": published_month(ctx.lines),
        **dict(zip(("fieldwork_start", "fieldwork_end"), fieldwork_dates(ctx.lines),
                   strict=True)),
    }


@functools.cache
def _resolver() -> AreaResolver:
    return AreaResolver.default()


def inspected_service(ctx: DocumentContext) -> str | None:
    """The service named in the report's title ("An inspection of youth offending
    services in / Darlington"), resolved to its `yot_id`."""
    candidates = [ctx.title or ""]
    for number, line in enumerate(ctx.lines, start=1):
        match = _INSPECTED_SERVICE.search(clean_text(line))
        if match is None:
            continue
        rest = match.group(1).strip()
        if not rest:
            following = (clean_text(_HEADING_MARKS.sub("", text))
                         for text in ctx.lines[number:number + 4])
            rest = next((text for text in following if text), "")
        candidates.append(rest)
        candidates.append(clean_text(line))
    for text in candidates:
        found = _service_in(text)
        if found:
            return found
    return None


def _service_in(text: str) -> str | None:
    if not text:
        return None
    area = _resolver().resolve(text)
    if area is not None and area.area_type == SUBJECT_YOT:
        return area.area_id
    services = {a.area_id for a, _, _ in _resolver().find_mentions(text)
                if a.area_type == SUBJECT_YOT}
    return services.pop() if len(services) == 1 else None


def published_month(lines: Iterable[str]) -> dt.date | None:
    """First day of the month printed with the Inspectorate's name ("HM Inspectorate of
    Probation, February 2021")."""
    for line in lines:
        match = _PUBLISHED.search(clean_text(line))
        if match:
            return dt.date(int(match.group(2)), MONTHS[match.group(1).lower()], 1)
    return None


_FIELDWORK_RANGES = (
    # between 28 September and 01 October 2020 / between 28 September 2020 and 1 October 2020
    re.compile(rf"(?:between|from)\s+{_DAY}\s+{_MONTH}(?:\s+(\d{{4}}))?\s+(?:and|to|until|-|–)"
               rf"\s+{_DAY}\s+{_MONTH}\s+(\d{{4}})", re.IGNORECASE),
    # between 4 and 8 July 2022
    re.compile(rf"(?:between|from)\s+{_DAY}\s+(?:and|to|-|–)\s+{_DAY}\s+{_MONTH}\s+(\d{{4}})",
               re.IGNORECASE),
)
_FIELDWORK_START = re.compile(
    rf"(?:started|began|commenced|commencing|starting)\s+(?:on\s+)?{_DAY}\s+{_MONTH}\s+(\d{{4}})",
    re.IGNORECASE,
)


def fieldwork_dates(lines: Iterable[str]) -> tuple[dt.date | None, dt.date | None]:
    """(start, end) of the fieldwork from the sentence that mentions it; end is None when
    only the start is printed."""
    for line in lines:
        text = clean_text(line)
        if "fieldwork" not in text.lower():
            continue
        found = _fieldwork_in(text)
        if found != (None, None):
            return found
    return None, None


def _fieldwork_in(text: str) -> tuple[dt.date | None, dt.date | None]:
    match = _FIELDWORK_RANGES[0].search(text)
    if match:
        day1, month1, year1, day2, month2, year2 = match.groups()
        end = _date(day2, month2, year2)
        start_year = int(year1) if year1 else end.year - (
            MONTHS[month1.lower()] > MONTHS[month2.lower()])
        return _date(day1, month1, start_year), end
    match = _FIELDWORK_RANGES[1].search(text)
    if match:
        day1, day2, month, year = match.groups()
        return _date(day1, month, year), _date(day2, month, year)
    match = _FIELDWORK_START.search(text)
    if match:
        return _date(*match.groups()), None
    return None, None


def _date(day: str, month: str, year: str | int) -> dt.date:
    return dt.date(int(year), MONTHS[month.lower()], int(day))
