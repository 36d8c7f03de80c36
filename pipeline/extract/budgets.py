"""Budgets: partner contributions to the pooled budget and the spend of the YJB grant.

Every plan prints who pays for its service, each in its own shape. This module
recognises those tables by what they say, never by which document they are in:

* A **budget table** (`budget_contributions`) has a column of row labels that is
  headed by an agency word ("Agency", "Partner", "Contributor", "Budget
  contributions", ...) or whose rows mostly name known agencies, and at least one
  money column whose header names a contribution type. Column order, markdown/HTML
  rendering, bold markup and a year per column do not matter.
* A **grant table** (`grant_spend`) is any other data table with a money column
  (numbers under a cost/amount/spend header, or printed in £) whose caption,
  headers or the lines just above it speak of the grant or the YJB.

Decisions data users rely on:

* Contribution types come from column headers (most specific first): "Cash & Kind"
  is `cash_and_kind`; "Movement"/"Change"/"Variance" is `change`; "Payments in kind"
  (also "Payments in kind – revenue": the column counts in-kind payments, "revenue"
  only qualifies them) is `payments_in_kind`; "Staffing costs" `staffing_costs`;
  "Other delegated funds" `other_delegated_funds`; "Revenue" `revenue`; "Cash"
  `cash`; "Total" `total`. A money column with no type word ("2019/20 (£)",
  "Contribution") holds an agency's whole contribution for its year, which is what
  `total` means; it is read only when the table shows it is about money (a £ sign,
  or budget/contribution/funding in its caption or headers).
* Two money columns that read as the same type and year are left out (which holds what
  is not printed), unless no row prints in both: then they are one column at two
  indents, items in one and sub-totals or the grand total in the other (both headed
  only "£"), and each row's one amount is read. Sub-total rows are left out as
  everywhere (a sub-total is no agency's contribution): one that is the sum of two or
  more rows above it (since the last sub-total or section heading) is said so (INFO,
  `budget_subtotal_checked`: nothing unread), any other is an unread row; a section
  heading printed between rows ("OTHER GRANTS", no amount beside it) does not count
  against the rows that name agencies.
* Free-text columns ("Staff": "2 FTE Probation Officers") have no contribution type
  and are skipped without a report: that text is clearly not an amount.
* Financial year of a column: the year printed in its own header ("2019/20", "19/20",
  "2019/2020", "2019 to 2020"; "Actual 2018/19" and "Forecast 2019/20" are year-only
  headers too); for a `change` column ("Movement 14/15 to 17/18") the later year, the
  year the movement arrives at, and for one naming no year ("Change", "Variance"
  beside "2018/19" and "2019/20") the latest year the other columns print; else the
  year in the table's caption, title or label header (a caption may name another year
  than the plan's); else the year a caption-like line just above the table or a short
  caption printed right under it (within two blank lines, heading no other table) names,
  when it speaks of money (and none when the two name different years: left out,
  reported); else the plan's own period. When the headers print two or more years, a
  column printing none (under a year heading Word printed once over its group) has no
  printed year: left out, reported. A row printing only a year ("2018/19",
  "Financial year 2019/20", nothing beside it) heads the rows below it: their amounts
  are that year's, except in a column printing its own year; rows above the first such
  heading have no printed year and are left out, reported. Tables stacked one per year
  each take the year of their own caption or heading. Movements per type ("Change" over
  "Staffing costs" and "Total") read as the same `change` twice: left out, reported. A
  percentage column ("%", "% change") is no amount and is never read.
* Amounts: "£000s", "£'000", "£k" or "thousands" in a header or caption multiply
  by 1,000 ("£m" by 1,000,000), unless the cell carries its own multiplier
  ("£27.3K" is 27,300 whatever the header says). A unit printed in one heading only, or
  in a row label ("Total (£000)" of a table read transposed), is the whole table's when
  no other heading prints another. "2019/20 (£000)" is a year-only money header.
* A table printed the other way round (agencies across the header, rows naming
  contribution types) is read transposed even when its label column's heading
  ("Contribution") would make its rows contributors.
* Empty cells are not rows. A dash (`-`) in a money table is "no contribution":
  it is left out, not published as 0 (that would print a number the source does
  not) and not as a null amount (`amount_gbp` is never null); the row's printed
  total already accounts for it, which the sum rules confirm. Any other cell that
  might hide a number (`*`, `n/a`, "TBC", "c.£40k", two numbers) is left out with
  an `Issue`, never guessed.
* An amount in brackets ("(25,000)") is not a negative contribution when a legend by
  the table (caption, header, a note under it or the text just above) says amounts in
  brackets are paid in kind: in a total or year-only column it is the agency's whole
  contribution, paid in kind (its `total` and its `payments_in_kind`, as "£4,000 (in
  kind)" reads); in a column of another type which type it is is not printed, so it is
  left out with an `Issue`, as is any bracketed amount with no such legend.
* A footnote's number glued to an amount ("4,2501": a last digit group of four) is read
  off as the note it is (4,250, an INFO `Issue`) only when a line just under the table
  starts with that number; otherwise the cell is ambiguous and left out, reported.
* Agencies come from the reviewed keywords in `pipeline/reference/data/agencies.csv`:
  the most specific keyword wins (most words, then the one printed first), so
  "Police and Crime Commissioner" is the commissioner, not the police, and
  "Other (LA Substance Misuse)" is `other`. What follows "via" names a conduit, not
  the contributor: "Early Intervention Youth Fund (via OPFCC)" is a Home Office
  fund and is `other`. A label no keyword matches is `other` with an `Issue`.
* Grant tables: one row per printed amount. A cell holding several amounts for
  several spend areas gives one row each, in printed order, with the row's priority
  (carried down over a priority printed once for several rows) and its spend-area
  text. When that text splits on `;` or `,` into as many parts as there are
  amounts, each amount takes its part; otherwise the pairing is not printed, so
  each row keeps the whole printed text and `item_position` (1, 2, ... in printed
  order) tells the amounts apart, and an `Issue` says so. The printed total row is
  `is_total`. A column per year gives each item a row per year; a movement or
  percentage column beside them ("Change", "%") is no spend of the grant and is not
  read, even when it prints "£"; a row printing only a year heads the items below it,
  as in budget tables. A column headed by a year alone ("2019/20") is the grant's money
  only when the caption, headers or the line just above name the grant; beside columns
  printing two or more years, a money column printing none ("Total" over both years) is
  no one year's spend and is not read. A table with a row per year (its label only a
  year) and the spending areas across its header is read transposed; a label that is
  only a year is never a spend area. The item is the text column headed by what is
  bought ("Activity", "Spending area", "Item"), never one describing it ("Purpose",
  "Outcome", "Notes") while another remains. "£12,000 (25%)" is the amount 12,000 (its
  share of the grant is not an amount); a unit heading ("£000s") makes a money column;
  a caption printed under the table may name the grant and its year.

Rules (run on the combined tables, judged per document and source table by
`pipeline.validate.withhold`): per table and year, the agency amounts of each
contribution type add up to the printed total row, each row's parts (staffing, in kind,
delegated funds, cash, revenue) add up to its total column, and grant items add up to
the printed grant total, all within £1. A mismatch is an ERROR naming document, table
and line, or a WARNING when the table is listed in
`pipeline/reference/data/known_source_inconsistencies.csv` (a person has checked the
printed numbers themselves do not add up). Either way, when every cell of the table was
read the source itself is inconsistent: its rows are published as printed and flagged
`source_total_mismatch` (and `source_total_mismatch_reviewed` for a listed table); when a
cell was not read, the table is withheld from the release.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

import pandas as pd

from pipeline.extract.base import DocumentContext, Domain, Rows, row_groups
from pipeline.metadata.enums import AGENCIES, CONTRIBUTION_TYPES, REPORTED, enum_member
from pipeline.parse import TEXT, Cell, Table, clean_text, read_cell
from pipeline.parse.values import GBP, undo_ocr_letters, undo_ocr_pound
from pipeline.periods import financial_year_label, find_financial_year
from pipeline.reference.areas import DATA_DIR, load_yots
from pipeline.report import ERROR, INFO, WARNING, Issue

BUDGET_CONTRIBUTIONS = "budget_contributions"
GRANT_SPEND = "grant_spend"
AGENCIES_CSV = DATA_DIR / "agencies.csv"
KNOWN_INCONSISTENCIES_CSV = DATA_DIR / "known_source_inconsistencies.csv"

EXTRACT_STAGE = "extract"
RULES_STAGE = "rules"
SUM_TOLERANCE_GBP = 1.0

# Issue codes
CELL_NOT_READ = "budget_cell_not_read"
UNKNOWN_AGENCY = "budget_unknown_agency"
TOTAL_BY_SUM = "budget_total_by_sum"
ROW_NOT_READ = "budget_row_not_read"
SUBTOTAL_CHECKED = "budget_subtotal_checked"
NO_FINANCIAL_YEAR = "budget_no_financial_year"
TABLE_NOT_READ = "budget_table_not_read"
FIRST_YEAR_OF_PLAN = "budget_first_year_of_plan"
SAME_COLUMN_TWICE = "budget_columns_read_alike"
FOOTNOTE_MARKER = "budget_footnote_marker"
_YEAR_ABOVE_LINES = 12
_CAPTION_GAP = 5  # lines from a table's end within which a next table claims a caption
_HEADING_WORDS = 4  # words beside the year in a year heading row ("Financial year")
_LABEL_WORDS = 6  # words of a row label at most (a longer cell is a note or a sentence)
_CAPTION_CHARS = 100
# words of a line that speaks of money ("contributed", "funded" and "spent" too)
_YEAR_CONTEXT = re.compile(r"\b(?:contribut\w*|budgets?|grants?|expenditure|fund\w*|income"
                           r"|resources?|spen[dt]\w*|costs?|paid)\b")
AMOUNTS_SHARE_LABEL = "grant_amounts_share_label"
BUDGET_TOTAL_MISMATCH = "budget_total_mismatch"
BUDGET_ROW_MISMATCH = "budget_row_total_mismatch"
GRANT_TOTAL_MISMATCH = "grant_total_mismatch"



AGENCY_TOTAL = enum_member("total", AGENCIES)
AGENCY_OTHER = enum_member("other", AGENCIES)
LOCAL_AUTHORITY = enum_member("local_authority", AGENCIES)
WELSH_GOVERNMENT = enum_member("welsh_government", AGENCIES)
STAFFING_COSTS = enum_member("staffing_costs", CONTRIBUTION_TYPES)
PAYMENTS_IN_KIND = enum_member("payments_in_kind", CONTRIBUTION_TYPES)
OTHER_DELEGATED_FUNDS = enum_member("other_delegated_funds", CONTRIBUTION_TYPES)
CASH = enum_member("cash", CONTRIBUTION_TYPES)
CASH_AND_KIND = enum_member("cash_and_kind", CONTRIBUTION_TYPES)
REVENUE = enum_member("revenue", CONTRIBUTION_TYPES)
CHANGE = enum_member("change", CONTRIBUTION_TYPES)
TOTAL = enum_member("total", CONTRIBUTION_TYPES)
_BY_SECTION = "by section"  # a column typed by the section heading above each row

# The parts a row's total column is the sum of (cash-and-kind and change are not parts).
PART_TYPES = (STAFFING_COSTS, PAYMENTS_IN_KIND, OTHER_DELEGATED_FUNDS, CASH, REVENUE)

# Column-header phrases per contribution type, most specific first.
_TYPE_PHRASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (CASH_AND_KIND, ("cash and kind", "cash and in kind")),
    (CHANGE, ("movement", "change", "variance", "difference", "increase", "decrease")),
    (PAYMENTS_IN_KIND, ("payments in kind", "payment in kind", "in kind")),
    (STAFFING_COSTS, ("staffing costs", "staffing cost", "staff costs", "staff cost",
                      "salaries", "staffing", "salary")),
    (OTHER_DELEGATED_FUNDS, ("other delegated funds", "delegated funds", "delegated budget")),
    (REVENUE, ("revenue",)),
    (CASH, ("cash", "direct payments", "direct payment")),
    (TOTAL, ("total",)),
)
# Headers that say a column is money without saying which kind.
_GENERIC_MONEY = ("contribution", "contributions", "amount", "budget", "funding",
                  "allocation", "£")
# Headers of columns that are not money even when a type word appears ("% of total").
_NOT_MONEY = ("%", "percent", "percentage", "proportion", "share", "fte", "number",
              "headcount")
# What is left of a year-only header once the year is removed: units, and words saying
# which figure of the year it is ("Actual 2018/19", "Forecast 2019/20"): still the
# agency's whole contribution for that year.
_UNIT_WORDS = frozenset({"£", "000", "000s", "k", "gbp", "fy", "financial", "year",
                         "actual", "actuals", "forecast", "outturn", "estimate", "estimated",
                         "planned", "budgeted", "provisional", "agreed"})
# Headers of a budget table's label column.
_CONTRIBUTOR_WORDS = ("agency", "agencies", "partner", "partners", "contributor",
                      "contributors", "organisation", "organisations", "organization",
                      "funder", "funders", "source", "sources", "contribution",
                      "contributions")
# Headers of a grant table's money column, and words that tie a table to the grant.
_SPEND_WORDS = ("cost", "costs", "amount", "£", "spend", "spending", "budget", "allocation",
                "expenditure", "funding", "grant")
_GRANT_WORDS = ("grant", "yjb", "youth justice board")
_PRIORITY_WORD = re.compile(r"\bpriorit", re.IGNORECASE)
# A column headed by what is bought ("Activity / Resources", "Spend area", "Item") names
# the item even when columns of outcomes or measures sit between it and the cost.
_ITEM_WORD = re.compile(r"\bactivit|\bitems?\b|\bspend(?:ing)? areas?|\bareas? of spend"
                        r"|\bresources?\b|\buse of (?:the )?grant|\bexpenditure\b",
                        re.IGNORECASE)
# A column headed by what the money is for or achieves ("Purpose", "Outcome", "Notes")
# describes the item beside it: it is not the item when another text column remains.
_DESCRIBES_WORD = re.compile(r"\b(?:purposes?|outcomes?|measures?|descriptions?|notes?"
                             r"|comments?|impact|rationale|evidence|details?)\b",
                             re.IGNORECASE)
_GRANT_CONTEXT_LINES = 10
_GRANT_CONTEXT_PARAGRAPHS = 10
_STATEMENT_PHRASES = ("balance of grant", "grant entitlement", "grant offered", "carry over")

_NO_CONTRIBUTION = re.compile(r"^£?\s*[-\u2013\u2014\u2212]+$")
_SUBTOTAL = re.compile(r"^sub ?totals?\b")
# A total's payment in kind in brackets after it: "(£3,000 in kind)", "(of which £3,000
# in-kind)", or "(in kind)" alone when the whole amount is paid in kind.
_IN_KIND_SHARE = re.compile(
    r"^(?:of which\s+)?(?:(?P<share>[£$€]?\s?\d[\d,]*(?:\.\d+)?)\s+)?in[- ]kind$",
    re.IGNORECASE)
# A legend saying amounts in brackets are paid in kind ("figures in brackets are in-kind
# contributions", "in kind contributions are shown in brackets"): then "(25,000)" is an
# amount paid in kind, not a negative one. Without such a legend it stays left out.
_BRACKETS_IN_KIND = re.compile(
    r"\b(?:brackets?|bracketed|parenthes[ie]s)\b.{0,60}\bin[- ]kind\b"
    r"|\bin[- ]kind\b.{0,60}\b(?:brackets?|bracketed|parenthes[ie]s)\b"
    r"|\(\s*\)\s*(?:=|:|denotes?|means?|indicates?|shows?)\s*(?:an?\s+)?in[- ]kind\b",
    re.IGNORECASE)
_BRACKETED = re.compile(r"^[£$€]?\s*\(.*\d.*\)$")
# An amount with a footnote's number glued to its end ("4,2501": 4,250 and note 1): the
# last digit group is too long. Read so only when a note under the table starts with it.
_GLUED_MARKER = re.compile(r"^(?P<amount>[£$€]?\d{1,3}(?:,\d{3})+)(?P<marker>\d{1,2})$")
_FOOTNOTE_LINES = 15  # lines under a table searched for its notes
_VIA = re.compile(r"(?:^| )via(?: |$)")
_THOUSANDS = re.compile(
    r"£\s*'?000s?|'000s?\b|\b000s\b|£\s*k\b|\(\s*k\s*\)|\bthousands?\b", re.IGNORECASE
)
_MILLIONS = re.compile(r"£\s*m(?:n|illions?)?\b|\bmillions?\b", re.IGNORECASE)
_ITEM_SEPARATORS = re.compile(r"\s*[;,]\s*")
# An amount with its share of the whole in brackets after it ("£12,000 (25%)").
_AMOUNT_AND_SHARE = re.compile(
    r"^(?P<amount>£?\s?\d{1,3}(?:,\d{3})*(?:\.\d+)?|£?\s?\d+(?:\.\d+)?)"
    r"\s*\(\s*\d{1,3}(?:\.\d+)?\s*%\s*\)$")
_WORD = re.compile(r"[^\W\d_]{3}")


# --- words, years and units -------------------------------------------------------------------

def _words(text: str) -> str:
    """Lowercase words for phrase matching: markup, punctuation and apostrophes gone,
    '&' read as 'and', so 'Police & Crime' and 'police and crime' match alike; a scan's
    digit or "|" inside a word read as its letter ("Po|ice", "Probati0n")."""
    text = undo_ocr_letters(clean_text(text)).casefold().replace("&", " and ")
    text = re.sub(r"['’]", "", text)
    return " ".join(re.findall(r"[a-z0-9£%]+", text))


def _phrase_at(words: str, phrase: str) -> int | None:
    """Where a whole-word phrase starts in `words`, or None; a long phrase also where a
    scan joined or split its words ("Staffingcosts", "Pay ments in kind"): whole words
    that spell it without their spaces."""
    index = f" {words} ".find(f" {phrase} ")
    if index >= 0:
        return index
    return _spelled_at(words, phrase) if len(phrase) >= _MIN_SPELLED else None


_MIN_SPELLED = 8  # characters of a phrase read across joined or split words


def _spelled_at(words: str, phrase: str) -> int | None:
    """Where a run of whole words spelling the phrase without spaces starts, or None."""
    target = phrase.replace(" ", "")
    if target not in words.replace(" ", ""):
        return None  # (the common case, told at once)
    split = words.split()
    at = 0
    for first, word in enumerate(split):
        spelled = ""
        for following in split[first:]:
            spelled += following
            if spelled == target:
                return at
            if not target.startswith(spelled):
                break
        at += len(word) + 1
    return None


def _has_any(words: str, phrases: Iterable[str]) -> bool:
    return any(_phrase_at(words, phrase) is not None for phrase in phrases)


def financial_years(text: str) -> list[tuple[int, str]]:
    """Every financial year printed in a header or caption, in printed order:
    (start year, printed label). Two-digit forms ("17/18") and "2019 to 2020" count here."""
    found = find_financial_year(text, allow_short=True, allow_words=True)
    if found is None:
        return []
    printed = found[1]
    at = text.index(printed)
    return [*financial_years(text[:at]), found, *financial_years(text[at + len(printed):])]


def _scale(text: str) -> float | None:
    """The multiplier a header or caption declares for its amounts, if any."""
    if _THOUSANDS.search(text):
        return 1e3
    if _MILLIONS.search(text):
        return 1e6
    return None


def _year_above(ctx: DocumentContext, table: Table,
                fallback: int | None = None) -> int | None:
    """The financial year the lines just above a table give it ("The partnership
    contributions for 2018/19 are detailed below.", "TABLE 3.1A GRANT EXPENDITURE 2018/19"
    over a caption without a year), else the plan's own. Only a line that speaks of money
    and names exactly one financial year counts."""
    above = next((year for text in ctx.text_above(table, max_lines=_YEAR_ABOVE_LINES,
                                                  paragraphs=3)
                  if (year := _introduced_year(text)) is not None), None)
    below = _caption_year_below(ctx, table)
    if above is not None and below is not None and above != below:
        return None  # which of the two is the table's is not printed: left out, reported
    if above is not None or below is not None:
        return above if above is not None else below
    year = fallback if fallback is not None and not _one_year_plan(ctx) \
        else _plan_start_year(ctx)
    return None if _other_year_above(ctx, table, year) else year


def _introduced_year(text: str) -> int | None:
    """The one financial year a caption-like line that speaks of money names, if any."""
    years = {start for start, _ in financial_years(text)}
    if len(years) == 1 and _introduces_table(text) and _YEAR_CONTEXT.search(_words(text)):
        return years.pop()
    return None


def _other_year_above(ctx: DocumentContext, table: Table, year: int | None) -> bool:
    """Whether the nearest short line above the table naming a financial year (one
    introducing it, or year headings left outside it) names another year than `year`
    without speaking of money ("In 2018/19 the partners gave as follows."): the table
    may well be that year's, so `year` is not certain."""
    for text in ctx.text_above(table, max_lines=_YEAR_ABOVE_LINES, paragraphs=4):
        if not _introduces_table(text):
            return False
        years = {start for start, _ in financial_years(text)}
        if years:
            return years != {year}
    return False


def _caption_below(ctx: DocumentContext, table: Table) -> str:
    """A caption printed right under a table without a number ("Partner contributions
    2020/21", as Word places captions too): a short line heading no table of its own just
    below it, else ""."""
    if table.caption and table.caption_line != table.title_line:
        return ""  # (a title row printed in the table leaves room for a caption under it)
    below = ctx.text_below(table, max_blank=2)
    if not below or len(below[0]) > _CAPTION_CHARS or _heads_a_table(ctx, table):
        return ""
    return below[0]


def _caption_year_below(ctx: DocumentContext, table: Table) -> int | None:
    """The year a caption under the table names, when it speaks of money."""
    return _introduced_year(_caption_below(ctx, table))


def _heads_a_table(ctx: DocumentContext, table: Table) -> bool:
    """Whether another table starts within a few lines under this one: a line between
    them is that table's caption as much as this one's."""
    return any(table.last_line < other.first_line <= table.last_line + _CAPTION_GAP
               for other in ctx.tables)


def _one_year_plan(ctx: DocumentContext) -> bool:
    start, end = ctx.period_start, ctx.period_end
    return start is not None and end is not None and (end - start).days <= 366


def _introduces_table(text: str) -> bool:
    """A caption-like line (short, or one that points below), not a paragraph that
    discusses another year ("The settlements agreed for 2018/19 remained flat ...")."""
    stripped = text.rstrip()
    return len(stripped) <= _CAPTION_CHARS or stripped.endswith((":", "below.", "below:"))


def _multi_year_note(ctx: DocumentContext, table: Table, year: int | None) -> list[Issue]:
    """An info note when a budget's year is the first year of a plan for several."""
    start = ctx.period_start
    if year is None or start is None or ctx.period_end is None or _one_year_plan(ctx):
        return []
    if year != (start.year if start.month >= 4 else start.year - 1):
        return []
    return [_issue(ctx, table, table.first_line, FIRST_YEAR_OF_PLAN,
                   f"no year printed for this table: taken as {financial_year_label(year)}, "
                   f"the first year of the plan ({ctx.period_label})", INFO)]


def _plan_start_year(ctx: DocumentContext) -> int | None:
    """The financial year a plan starts in: the year whose budget a plan prints when its
    budget table names none (a plan for 2019-2022 sets out its 2019-20 budget; the run
    says so, see `_multi_year_note`)."""
    start = ctx.period_start
    if start is not None:  # a plan for several years prints its first year's budget
        return start.year if start.month >= 4 else start.year - 1
    found = find_financial_year(ctx.period_label or "", allow_short=True)
    return found[0] if found else None


# --- agencies ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class AgencyKeyword:
    """One reviewed row of agencies.csv: a phrase and the agency it names."""

    phrase: str
    agency: str
    order: int


@functools.cache
def agency_keywords() -> tuple[AgencyKeyword, ...]:
    """The reviewed label keywords, checked against the contract's agency enum."""
    frame = pd.read_csv(AGENCIES_CSV, dtype=str, keep_default_na=False)
    return tuple(
        AgencyKeyword(_words(row.keyword), enum_member(row.agency, AGENCIES), order)
        for order, row in enumerate(frame.itertuples(index=False))
    )


@functools.lru_cache(maxsize=1 << 14)  # every document prints the same few labels
def resolve_agency(label: str) -> str | None:
    """The agency a printed row label names, or None when no reviewed keyword matches.

    The most specific keyword wins: most words, then printed first, then file order.
    Text after "via" names who passed the money on, not who contributed it.
    """
    words = _words(label)
    head = _VIA.split(words)[0] or words
    best: tuple[tuple[int, int, int], str] | None = None
    for keyword in agency_keywords():
        at = _phrase_at(head, keyword.phrase)
        if at is None:
            continue
        rank = (-keyword.phrase.count(" "), at, keyword.order)
        if best is None or rank < best[0]:
            best = (rank, keyword.agency)
    return best[1] if best else None


def _is_total_label(label: str) -> bool:
    return not _SUBTOTAL.match(_words(label)) and resolve_agency(label) == AGENCY_TOTAL


# --- cells ------------------------------------------------------------------------------------

def _column_texts(table: Table, column: int) -> list[str]:
    """Non-empty body texts of one column."""
    return [row[column].text for row in table.body() if row[column] is not None
            and row[column].text]


def _mostly(texts: list[str], status: str) -> bool:
    return bool(texts) and 2 * sum(read_cell(t).status == status for t in texts) > len(texts)


def _label_column(table: Table, year_column: int | None) -> int | None:
    """The first column whose body is mostly words: the row labels (a column of years
    beside them, `year_column`, is no label column)."""
    return next((c for c in range(table.n_columns)
                 if c != year_column and _mostly(_column_texts(table, c), TEXT)), None)


def _only_a_year(text: str) -> int | None:
    """The financial year a cell prints and nothing else ("2018/19", "FY 2019-20")."""
    years = {start for start, _ in financial_years(text)}
    if len(years) != 1 or set(_words(_remove_years(text)).split()) - _UNIT_WORDS:
        return None
    return years.pop()


def _agency_off_the_labels(table: Table, label: int) -> bool:
    """Whether a cell of a column of amounts (its heading, or an amount's place) names an
    agency in words: with agencies down the label column, such a cell is a label read
    out of step with its row ("nil | 225,000 | Police"), and no column can be trusted.
    (A column of words, "Seconded Police Officer", is no column of amounts.)"""
    numeric = {c for c in range(label + 1, table.n_columns) if _is_numeric_column(table, c)}
    return any(cell.column in numeric and _a_label(cell.text) and _names_agency(cell.text)
               for cell in table.cells)


def _a_label(text: str) -> bool:
    """Words short enough to be a row's label (a note under the table spread over its
    columns is a sentence, not a label out of step)."""
    return bool(text) and read_cell(text).status == TEXT \
        and len(text.split()) <= _LABEL_WORDS and not text.rstrip().endswith(".")


def _years_in_labels(table: Table, label: int) -> bool:
    """Row labels printing two financial years or more, one each ("Probation 2018/19",
    "2019/20": a year column run into the labels, as text aligned by spaces may print
    it): each row's year is its label's."""
    years = set()
    for text in _column_texts(table, label):
        printed = {start for start, _ in financial_years(text)}
        if len(printed) > 1:
            return False
        years |= printed
    return len(years) >= 2


def _stray_years(table: Table, label: int, money: set[int], year_column: int | None) -> bool:
    """Whether a body cell beside the labels, or a header over no amounts, prints only a
    financial year (a year out of step with its rows) in a table with no year column:
    the rows' years are not certain."""
    if year_column is not None:
        return False
    return any(cell.text and _only_a_year(cell.text) is not None
               for cell in table.cells if cell.column != label
               and (cell.column not in money or not cell.is_header))


def _year_column(table: Table) -> int | None:
    """A column printing a financial year in every cell it fills, two years or more
    ("Year": "2018/19", "2019/20"), left of amounts: each row's year, the rows of several
    years in one table (years after every amount are rows read out of step)."""
    for column in range(table.n_columns):
        texts = _column_texts(table, column)
        years = [_only_a_year(text) for text in texts]
        if len(texts) >= 2 and None not in years and len(set(years)) >= 2 and any(
                _is_numeric_column(table, c) for c in range(column + 1, table.n_columns)):
            return column
    return None


def _notes_column(table: Table, column: int) -> bool:
    """Words in every cell and not one number: notes, not amounts (a damaged amount,
    "5,74O", is no word)."""
    texts = [t for t in _column_texts(table, column) if not _NO_CONTRIBUTION.match(t)]
    return bool(texts) and all(_WORD.search(t) and not read_cell(t).is_number for t in texts)


def _is_numeric_column(table: Table, column: int) -> bool:
    """Mostly numbers (dashes aside), none of them percentages."""
    texts = [t for t in _column_texts(table, column) if not _NO_CONTRIBUTION.match(t)]
    values = [read_cell(t) for t in texts]
    return _mostly(texts, REPORTED) and all(v.unit_hint in (None, GBP) for v in values)


def cell_amounts(cell: Cell | None, scale: float) -> tuple[tuple[float, ...], str | None]:
    """The amounts in pounds a money cell prints, or why none can be published.

    Empty and dash cells hold no contribution: no amounts and no reason to report. In a
    money column, an "E" or "f" before an amount grouped in thousands is a scan's "£".
    """
    if cell is None or not cell.text or _NO_CONTRIBUTION.match(cell.text):
        return (), None
    value = read_cell(undo_ocr_pound(cell.text))
    if value.status != REPORTED:
        return (), f"{value.status} cell {cell.text!r}"
    if value.unit_hint not in (None, GBP):
        return (), f"{cell.text!r} is not an amount in pounds"
    if value.approximate:
        return (), f"approximate amount {cell.text!r}"
    return tuple(_in_pounds(n, p, scale) for n, p in zip(value.numbers, value.printed,
                                                         strict=True)), None


def _in_pounds(number: float, printed: str, scale: float) -> float:
    """Apply the table's scale unless the cell printed its own multiplier ("£27.3K")."""
    own_multiplier = not math.isclose(abs(number), float(printed))
    return number if own_multiplier else round(number * scale, 2)  # pennies: 0.1 * 1000


def _issue(ctx: DocumentContext, table: Table, line: int | None, code: str, message: str,
           severity: str = WARNING) -> Issue:
    return Issue(EXTRACT_STAGE, code, message, severity, ctx.document_id, table.table_id, line)


# --- budget tables ----------------------------------------------------------------------------

@dataclass(frozen=True)
class MoneyColumn:
    """A column of amounts: where it is, what kind, which year and in what unit."""

    index: int
    header: str
    kind: str | None  # contribution type (budget tables); None in grant tables
    start_year: int | None  # None only under year heading rows, above the first
    scale: float


@dataclass(frozen=True)
class BudgetLayout:
    """A recognised budget table: its label column and typed money columns."""

    label_column: int
    columns: tuple[MoneyColumn, ...]
    # (body row, contribution type) where a section heading row types the rows below it
    sections: tuple[tuple[int, str], ...] = ()
    # (body row, printed agency) where an agency's heading row heads rows naming its types
    agencies: tuple[tuple[int, str], ...] = ()
    # a legend by the table says amounts in brackets are paid in kind
    brackets_in_kind: bool = False
    # a column printing each row's financial year ("Year": "2018/19", "2019/20")
    year_column: int | None = None


def contribution_type(header: str) -> tuple[str | None, bool]:
    """(contribution type, whether the header names it) for a column header.

    A year-only or generic money header ("2019/20 (£)", "Contribution") is `total`
    but not named: it counts only in a table that shows it is about money.
    """
    words = _words(header)
    if not words or _has_any(words, _NOT_MONEY):
        return None, False
    if _phrase_at(words, "non") is not None:
        return None, False  # "Non-staffing": not the type it names, and no other one
    for kind, phrases in _TYPE_PHRASES:
        if _has_any(words, phrases):
            return kind, True
    without_years = _words(_without_units(_remove_years(header)))
    if _has_any(words, _GENERIC_MONEY) or (
        (financial_years(header) or _scale(header)) and set(without_years.split()) <= _UNIT_WORDS
    ):
        return TOTAL, False
    return None, False


def _without_units(text: str) -> str:
    """The text without its multiplier ("(£000)", "£k", "£m"): a unit, not a type word."""
    return _MILLIONS.sub(" ", _THOUSANDS.sub(" ", text))


def _remove_years(text: str) -> str:
    for _, printed in financial_years(text):
        text = text.replace(printed, " ", 1)
    return text


def _table_text(table: Table, label_column: int | None) -> str:
    """Caption, title and label-column header: where a table names its year or unit."""
    parts = [table.caption or "", table.title or ""]
    if label_column is not None:
        parts.extend(table.column_headers()[label_column])
    return " ".join(p for p in parts if p)


def _names_contributors(table: Table, label_column: int) -> bool:
    header = _words(" ".join(table.column_headers()[label_column]))
    if _has_any(header, _CONTRIBUTOR_WORDS):
        return True
    labels = [t for t in _valued_labels(table, label_column)
              if not _is_total_label(t) and not _names_part_type(t)
              and not _SUBTOTAL.match(_words(t))]
    agencies = [resolve_agency(t) for t in labels]
    named = sum(a is not None and a != AGENCY_OTHER for a in agencies)
    return named >= 2 and (2 * named > len(labels) or _columns_name_part_types(table))


def _valued_labels(table: Table, label_column: int) -> list[str]:
    """The row labels but a section heading naming no agency ("OTHER GRANTS", nothing
    beside it; "other" is no agency's name): it names no contributor and does not count
    against the table. An agency's heading over its types ("Police" over "Staffing
    costs") still counts."""
    return [row[label_column].text for row in table.body()
            if row[label_column] is not None and row[label_column].text
            and (resolve_agency(row[label_column].text) not in (None, AGENCY_OTHER)
                 or any(cell is not None and cell.text for n, cell in enumerate(row)
                        if n != label_column))]


def _columns_name_part_types(table: Table) -> bool:
    """Two or more columns each naming another contribution type ("Cash" | "In kind"):
    the rows are contributors, even where funding streams that name no agency ("Troubled
    Families") outnumber the agencies among them."""
    kinds = {contribution_type(" ".join(texts)) for texts in table.column_headers()}
    return len({kind for kind, named in kinds if named and kind in PART_TYPES}) >= 2


def _names_part_type(label: str) -> bool:
    """A row label naming a contribution type ("Staffing costs"): a section heading among
    the agencies, not a label that names no agency."""
    kind, named = contribution_type(label)
    return named and kind in PART_TYPES


def _shows_money(ctx: DocumentContext, table: Table, label_column: int,
                 kinds: list[tuple[str, bool]]) -> bool:
    """Whether a table is about money beyond a bare "Total" column (its caption, above or
    under it, its headers or a £ in its cells say so)."""
    if any(named and kind not in (TOTAL, CHANGE) for kind, named in kinds):
        return True
    printed = " ".join([_table_text(table, label_column), _caption_below(ctx, table),
                        *(" ".join(h) for h in table.column_headers())])
    if _has_any(_words(printed), _GENERIC_MONEY) or "£" in printed:  # "(£000)" too
        return True
    return any(cell.text and read_cell(cell.text).unit_hint == GBP
               for cell in table.cells if not cell.is_header)


def _agencies_across(table: Table) -> bool:
    """A one-row header naming agencies over money columns: a budget printed the other
    way round (agencies across, contribution types down)."""
    if table.header_rows != 1 or table.n_columns < 3:
        return False
    headers = [" ".join(h) for h in table.column_headers()[1:]]
    labels = [h for h in headers if h and not _is_total_label(h)]
    agencies = [resolve_agency(h) for h in labels]
    named = sum(a is not None and a != AGENCY_OTHER for a in agencies)
    numeric = sum(_is_numeric_column(table, c) for c in range(1, table.n_columns))
    return named >= 2 and 2 * named > len(labels) and 2 * numeric >= len(headers)


def _labels_name_types(table: Table) -> bool:
    """Most row labels (totals aside) name a contribution type ("Staffing costs", "In
    kind"): with agencies across the header, the table is printed the other way round,
    whatever its label column's header says ("Contribution")."""
    labels = [row[0].text for row in table.body() if row[0] is not None and row[0].text
              and not _is_total_label(row[0].text)]
    typed = sum(contribution_type(label)[1] for label in labels)
    return bool(labels) and 2 * typed > len(labels)


def _rows_typed(table: Table) -> bool:
    """Whether most money columns name a contribution type (of a transposed table: its
    rows did). "Salaries", "Overheads" and "Equipment" are spend, not contributions."""
    headers = [" ".join(h) for h in table.column_headers()]
    money = [c for c in range(1, table.n_columns) if _is_numeric_column(table, c)]
    typed = [c for c in money if contribution_type(headers[c])[0] is not None]
    return bool(money) and 2 * len(typed) > len(money)


def budget_layout(ctx: DocumentContext, table: Table,
                  issues: list[Issue]) -> BudgetLayout | None:
    """The budget layout of a table, or None when it is not a contributions table."""
    year_column = _year_column(table)  # (read once: it scans every cell of the table)
    label = _label_column(table, year_column)
    if label is None or not _names_contributors(table, label):
        return None
    if year_column is not None and year_column < label and not any(
            _is_numeric_column(table, c) for c in range(label + 1, table.n_columns)):
        issues.append(_issue(ctx, table, table.first_line, TABLE_NOT_READ,
                             "years first and the labels after every amount: each label "
                             "is read with the row above it, out of step; left out"))
        return None
    if _agency_off_the_labels(table, label):
        issues.append(_issue(ctx, table, table.first_line, TABLE_NOT_READ,
                             "an agency named outside the label column of a table of "
                             "agencies: its rows are read out of step; left out"))
        return None
    headers = [" ".join(h) for h in table.column_headers()]
    typed = [(c, *_column_type(table, headers[c], c)) for c in range(table.n_columns)
             if c not in (label, year_column)]
    # a column of words and no number ("Comments": "Seconded officer") holds no amount,
    # whatever money word an upper heading spread over it ("Partner contributions") gives
    typed = [(c, kind, named) for c, kind, named in typed
             if kind is not None and not _notes_column(table, c)]
    if not typed or not _shows_money(ctx, table, label, [(k, n) for _, k, n in typed]):
        return None
    if not any(read_cell(t).status == REPORTED for c, _, _ in typed
               for t in _column_texts(table, c)):
        return None
    sections = _section_types(table, label)
    if sections and all(kind == TOTAL and not named for _, kind, named in typed):
        # generic money columns ("£") under section rows naming the type: the section's
        typed = [(c, _BY_SECTION, False) for c, _, _ in typed]
    else:
        sections = ()
    table_text = _table_text(table, label)
    table_years = financial_years(table_text)
    # the year over the labels ("2018/19" as the stub) is the table's, whatever line
    # above it names another (the previous table's header taken for a caption)
    stub_year = _stub_year(table, label)
    default_year = stub_year if stub_year is not None else \
        table_years[0][0] if table_years else _year_above(ctx, table)
    if not table_years:
        issues.extend(_multi_year_note(ctx, table, default_year))
    # a unit printed in one heading ("Contribution (£000)" beside "(in kind)") is the
    # table's when no heading prints another
    # (or in a row label: "Total (£000)" over agencies across, read transposed)
    scales = {_scale(text) for text in [*(headers[column] for column, _, _ in typed),
                                         *_column_texts(table, label)]} - {None}
    table_scale = _scale(table_text) or (scales.pop() if len(scales) == 1 else 1.0)
    columns = []
    movement_year = _latest_column_year([headers[c] for c, kind, _ in typed if kind != CHANGE],
                                        default_year)
    # headers printing two or more years: a column printing none is of a year the table
    # does not show (a merged year heading printed once, over which columns?)
    printed_years = {start for c, kind, _ in typed if kind != CHANGE
                     for start, _ in financial_years(headers[c])}
    stray = _stray_years(table, label, {c for c, _, _ in typed}, year_column)
    for column, kind, _ in typed:
        year = _column_year(headers[column], kind,
                            movement_year if kind == CHANGE else default_year)
        if len(printed_years) > 1 and kind != CHANGE and not financial_years(headers[column]):
            year = None
        if stray and not financial_years(headers[column]):
            year = None  # a year printed in a cell of its own, over which rows?
        if year is None:
            issues.append(_issue(ctx, table, table.first_line, NO_FINANCIAL_YEAR,
                                 f"column {headers[column]!r}: no single financial year in "
                                 "its header, caption or the plan's period; left out"))
            continue
        columns.append(MoneyColumn(column, headers[column], kind, year,
                                   _scale(headers[column]) or table_scale))
    return BudgetLayout(label, tuple(_distinct_columns(ctx, table, columns, issues)),
                        sections, _agency_headings(table, label),
                        _says_brackets_in_kind(ctx, table, headers, table_text),
                        year_column)


def _says_brackets_in_kind(ctx: DocumentContext, table: Table, headers: list[str],
                           table_text: str) -> bool:
    """Whether the caption, a header, a note under the table or in a row of its own, or
    the text just above it says amounts in brackets are paid in kind ("( ) = in kind"
    too): only then is "(25,000)" read as such."""
    texts = [table_text, *headers, *(text for _, text in table.notes),
             *(cell.text for cell in table.cells if not read_cell(cell.text).is_number),
             *ctx.text_above(table, paragraphs=2), *ctx.text_below(table)]
    return any(_BRACKETS_IN_KIND.search(text) for text in texts)


def _column_type(table: Table, header: str, column: int) -> tuple[str | None, bool]:
    """A column's contribution type from its header. A list of contributors with their
    amounts and no header row at all ("OPCC  £90,353") prints each agency's whole
    contribution: its amount column is the total, unnamed (it counts only when the
    table shows it is about money)."""
    if table.header_rows == 0 and _is_numeric_column(table, column):
        return TOTAL, False
    return contribution_type(header)


def _section_types(table: Table, label: int) -> tuple[tuple[int, str], ...]:
    """Body rows that head a section: a label naming a contribution type ("Staffing
    costs", "Payments in kind") and no value beside it. Two or more make sections, or
    one heading the first body row (every row is in its section)."""
    found = []
    for index, row in enumerate(table.body()):
        cell = row[label]
        others = [c for n, c in enumerate(row) if n != label and c is not None and c.text]
        if cell is None or not cell.text or others:
            continue
        if _names_part_type(cell.text):
            found.append((index, contribution_type(cell.text)[0]))
    # one section heading makes sections when it heads every row (the first body row)
    return tuple(found) if len(found) >= 2 or [index for index, _ in found] == [0] else ()


def _agency_headings(table: Table, label: int) -> tuple[tuple[int, str], ...]:
    """Body rows that head an agency's rows: a label naming an agency, no amount beside it,
    and a row naming a contribution type ("Staffing costs") right under it. Two or more
    make the layout, or one heading the first body row."""
    body = table.body()
    found = []
    for index, row in enumerate(body[:-1]):
        cell, below = row[label], body[index + 1][label]
        others = [c for n, c in enumerate(row) if n != label and c is not None and c.text]
        if cell is None or not cell.text or others or below is None:
            continue
        if resolve_agency(cell.text) not in (None, AGENCY_OTHER, AGENCY_TOTAL) \
                and _names_part_type(below.text):
            found.append((index, cell.text))
    return tuple(found) if len(found) >= 2 or [index for index, _ in found] == [0] else ()


def _typed_by_row(ctx: DocumentContext, table: Table,
                  found: list[tuple[MoneyColumn, Cell, float]], label: str,
                  issues: list[Issue]) -> list[tuple[MoneyColumn, Cell, float]]:
    """Under an agency's heading, a row naming a contribution type gives its amounts that
    type, when the columns name none (years, "£"); under columns that name types too
    ("Cash" | "In kind") which of the two an amount is is not printed: left out."""
    kind = contribution_type(label)[0]
    if all(column.kind == TOTAL for column, _, _ in found):
        return [(replace(column, kind=kind), cell, amount) for column, cell, amount in found]
    for _, cell, _ in found:
        issues.append(_issue(ctx, table, cell.source_line, CELL_NOT_READ,
                             f"{label} under an agency's heading and a column naming "
                             "another type: its type is not certain; left out"))
    return []


def _distinct_columns(ctx: DocumentContext, table: Table, columns: list[MoneyColumn],
                      issues: list[Issue]) -> list[MoneyColumn]:
    """Columns that read as the same type and year cannot both be published: which one
    holds what the header claims is not said. Both are left out and reported."""
    seen: dict[tuple[str | None, int], list[MoneyColumn]] = {}
    for column in columns:
        seen.setdefault((column.kind, column.start_year), []).append(column)
    clashes = [group for group in seen.values()
               if len(group) > 1 and not _never_side_by_side(table, group)]
    for group in clashes:
        issues.append(_issue(ctx, table, table.first_line, SAME_COLUMN_TWICE,
                             f"columns {', '.join(repr(c.header) for c in group)} read as the "
                             f"same {group[0].kind or 'spend'} for "
                             f"{financial_year_label(group[0].start_year)}"
                             "; left out"))
    dropped = {id(c) for group in clashes for c in group}
    return [c for c in columns if id(c) not in dropped]


def _never_side_by_side(table: Table, columns: list[MoneyColumn]) -> bool:
    """Two columns of the same type and year of which no row prints both: one column of
    amounts set at two indents, items in one and their sub-totals in the other (both
    headed "£"). Each row has one amount of that type, so both are read."""
    if len(columns) != 2:
        return False
    first, second = (column.index for column in columns)
    return not any(row[first] is not None and row[first].text
                   and row[second] is not None and row[second].text
                   for row in table.body())


def _latest_column_year(headers: list[str], default: int | None) -> int | None:
    """The year a movement column naming none ("Change" beside "2018/19" and "2019/20")
    arrives at: the latest year the other columns print, else the table's."""
    years = [start for header in headers for start, _ in financial_years(header)]
    return max(years) if years else default


def _column_year(header: str, kind: str | None, default: int | None) -> int | None:
    """A column's own year (a movement's later year), else the table's or plan's."""
    years = sorted({start for start, _ in financial_years(header)})
    if not years:
        return default
    if kind == CHANGE:
        return [start for start, _ in financial_years(header)][-1]
    return years[0] if len(years) == 1 else None


def _budget_rows(ctx: DocumentContext, table: Table, layout: BudgetLayout,
                 issues: list[Issue]) -> list[dict[str, object]]:
    if (stray := _label_among_amounts(table, layout)) is not None:
        issues.append(_issue(ctx, table, table.first_line, TABLE_NOT_READ,
                             f"{stray!r} among the amounts is a label out of step with its "
                             "row: no row can be placed for certain; left out"))
        return []
    rows: list[dict[str, object]] = []
    starts, headings = dict(layout.sections), dict(layout.agencies)
    years = _year_headings(table, min((c.index for c in layout.columns), default=0))
    section: str | None = None
    heading: str | None = None
    year: int | None = _stub_year(table, layout.label_column) if years else None
    since = 0  # the first row after the last sub-total or heading: a sub-total's parts
    previous: tuple[str, int | None] = ("", None)  # the last valued row's label and year
    in_labels = layout.year_column is None and not years \
        and _years_in_labels(table, layout.label_column)
    for index, body_row in enumerate(table.body()):
        section = starts.get(index, section)
        heading = headings.get(index, heading)
        if index in years:
            year, since = years[index], len(rows)
            continue
        label_cell = body_row[layout.label_column]
        label = label_cell.text if label_cell is not None else ""
        found = _row_amounts(ctx, table, layout, body_row, label, issues)
        if years:
            found = _in_heading_year(ctx, table, found, year, label, issues)
        if (layout.year_column is not None or in_labels) and found:
            label, row_year = _year_column_row(body_row, layout.year_column, label, previous)
            found = _in_column_year(ctx, table, found, row_year, label, issues)
            previous = (label, row_year)
        if layout.sections:
            found = _typed_by_section(ctx, table, found, section, label, issues)
        if heading is not None and _names_part_type(label):
            found = _typed_by_row(ctx, table, found, label, issues)
            label = heading
        if not found:
            since = len(rows) if label else since
            continue
        line = label_cell.source_line if label_cell is not None else found[0][1].source_line
        if _SUBTOTAL.match(_words(label)) and _sums_rows_above(found, rows[since:]):
            issues.append(_issue(ctx, table, line, SUBTOTAL_CHECKED, f"row {label!r} is the "
                                 "sum of the rows above it: a sub-total, left out", severity=INFO))
            since = len(rows)
            continue
        out_of_step = _out_of_step(table, layout, index, label)
        if out_of_step:
            issues.append(_issue(ctx, table, line, ROW_NOT_READ,
                                 f"row {label!r}: {out_of_step}; its amounts are left out"))
            continue
        agency = _row_agency(ctx, table, label, line, issues)
        if agency is None:
            continue
        rows.extend(
            {
                "financial_year": financial_year_label(column.start_year),
                "agency": agency,
                "agency_label": label,
                "contribution_type": column.kind,
                "amount_gbp": amount,
                **ctx.provenance(table, cell.source_line),
            }
            for column, cell, amount in found
        )
    _last_row_as_total(ctx, table, rows, issues)
    if layout.sections:
        rows = _section_totals(ctx, table, rows, issues)
    return rows


def _names_agency(text: str) -> bool:
    return resolve_agency(text) not in (None, AGENCY_OTHER, AGENCY_TOTAL)


def _out_of_step(table: Table, layout: BudgetLayout, index: int, label: str) -> str:
    """Why a row of a Word table printed a cell too many or too few cannot be placed
    (else ""): its label names no agency but does with the label-only row above ("Local"
    | "Authority": a label cut over two cells, or a heading?); or it prints parts and no
    total where every other row prints one (an empty cell dropped: the amounts sit a
    column left)."""
    body = table.body()
    above = body[index - 1] if index else None
    if above is not None and not _names_agency(label) and above[layout.label_column] \
            and not any(c is not None and c.text for n, c in enumerate(above)
                        if n != layout.label_column) \
            and not _names_agency(above[layout.label_column].text) \
            and _names_agency(f"{above[layout.label_column].text} {label}"):
        return "its label may be the second half of the label above"
    lost = not _is_total_label(label) and _lost_total(body, layout, index)
    return "its total column is empty where every other row prints one" if lost else ""


def _label_among_amounts(table: Table, layout: BudgetLayout) -> str | None:
    """A cell of amounts holding words that name an agency or the total, alone or with
    the next row's label ("264 | 83 | Local" over "Authority"; "89,000 | Total"): a
    label read out of step, so no row of the table can be trusted to its columns."""
    body = table.body()
    for index, row in enumerate(body):
        below = body[index + 1][layout.label_column] if index + 1 < len(body) else None
        if not any(row[c.index] is not None and read_cell(row[c.index].text).is_number
                   for c in layout.columns):
            continue  # a heading row, or the header repeated: no amount to misplace
        for column in layout.columns:
            cell = row[column.index]
            if cell is None or not _a_label(cell.text):
                continue
            if _names_agency(cell.text) or resolve_agency(cell.text) == AGENCY_TOTAL or (
                    below is not None and below.text and not _names_agency(below.text)
                    and _names_agency(f"{cell.text} {below.text}")):
                return cell.text
    return None


def _lost_total(body: list[list[Cell | None]], layout: BudgetLayout, index: int) -> bool:
    """A row printing two parts or more and no total, in a table whose every other row
    with amounts prints its total (a total row may leave its own total blank)."""
    totals = [c.index for c in layout.columns if c.kind == TOTAL]
    parts = [c.index for c in layout.columns if c.kind in PART_TYPES]
    if len(totals) != 1 or len(parts) < 2:
        return False

    def printed(row: list[Cell | None], column: int) -> bool:
        cell = row[column]
        return cell is not None and bool(cell.text) and not _NO_CONTRIBUTION.match(cell.text)

    row = body[index]
    if printed(row, totals[0]) or sum(printed(row, c) for c in parts) < 2:
        return False
    others = [r for n, r in enumerate(body) if n != index and any(printed(r, c) for c in parts)]
    return len(others) >= 2 and all(printed(r, totals[0]) for r in others)


def _year_headings(table: Table, first_money: int) -> dict[int, int]:
    """Body rows that head a year's rows ("2018/19", "Financial year 2019 to 2020" and
    nothing else in the row, left of the amounts): body row -> the year they name."""
    found = {}
    for index, row in enumerate(table.body()):
        cells = [(n, c) for n, c in enumerate(row) if c is not None and c.text.strip()]
        if cells and (year := _repeated_header_year(table, cells)) is not None:
            found[index] = year
            continue
        if len(cells) != 1 or cells[0][0] >= first_money:
            continue
        text = cells[0][1].text
        printed = {start for start, _ in financial_years(text)}
        if len(printed) == 1 and len(_words(_remove_years(text)).split()) <= _HEADING_WORDS:
            found[index] = printed.pop()
    return found


def _year_column_row(row: list[Cell | None], column: int | None, label: str,
                     previous: tuple[str, int | None]) -> tuple[str, int | None]:
    """A row's label and year in a table with a year column. A cell left empty under a
    vertical merge is the one above's: an agency printed once over its years' rows
    ("Police | 2018/19", " | 2019/20"), a year once over its agencies' rows; only one of
    the two may be empty, and the other must differ from the row above's."""
    if column is None:  # the year printed in the label: "Probation 2018/19", "2019/20"
        years = {start for start, _ in financial_years(label)}
        year = years.pop() if len(years) == 1 else None
        label = " ".join(_remove_years(label).split()) if year is not None else label
    else:
        cell = row[column]
        year = _only_a_year(cell.text) if cell is not None and cell.text else None
    last_label, last_year = previous
    if year is None and label and last_label and label != last_label:
        year = last_year
    elif not label and year is not None and last_year is not None and year != last_year:
        label = last_label
    return label, year


def _in_column_year(ctx: DocumentContext, table: Table,
                    found: list[tuple[MoneyColumn, Cell, float]], year: int | None,
                    label: str, issues: list[Issue]) -> list[tuple[MoneyColumn, Cell, float]]:
    """A row's amounts take the year its year cell prints; a row printing none, or a
    column whose header prints another year, is left out and reported."""
    kept = []
    for printed, cell, amount in found:
        own = {start for start, _ in financial_years(printed.header)}
        if year is None or (own and own != {year}):
            issues.append(_issue(ctx, table, cell.source_line, NO_FINANCIAL_YEAR,
                                 f"{label or 'unlabelled row'} / {printed.header}: its year "
                                 "cell names no single year of its column; left out"))
            continue
        kept.append((replace(printed, start_year=year), cell, amount))
    return kept


def _repeated_header_year(table: Table, cells: list[tuple[int, Cell]]) -> int | None:
    """The year a body row repeating the header names in its first cell ("2019/20 |
    Staffing costs | Total" under "2018/19 | Staffing costs | Total"): each year's rows
    under its own header row, in one table. None for any other row."""
    (first, stub), *others = cells
    headers = table.column_headers()
    year = _only_a_year(stub.text)
    if year is None or first != 0 or len(others) < 2:
        return None
    repeats = all(_words(cell.text) in (_words(" ".join(headers[n])), _words(headers[n][-1]))
                  for n, cell in others if headers[n])
    return year if repeats and all(headers[n] for n, _ in others) else None


def _stub_year(table: Table, label_column: int) -> int | None:
    """The year the label column's header names alone ("2018/19" over the agencies)."""
    return _only_a_year(" ".join(table.column_headers()[label_column]))


def _in_row_year(column: MoneyColumn, year: int | None) -> MoneyColumn:
    """A column under a year heading row: the heading's year, unless it prints its own."""
    return column if financial_years(column.header) else replace(column, start_year=year)


def _in_heading_year(ctx: DocumentContext, table: Table,
                     found: list[tuple[MoneyColumn, Cell, float]], year: int | None,
                     label: str, issues: list[Issue]) -> list[tuple[MoneyColumn, Cell, float]]:
    """A row's amounts under a year heading row take its year, unless their column prints
    its own; above the first heading the year is not printed: left out, reported."""
    kept = []
    for printed, cell, amount in found:
        column = _in_row_year(printed, year)
        if column.start_year is None:
            issues.append(_issue(ctx, table, cell.source_line, NO_FINANCIAL_YEAR,
                                 f"{label or 'unlabelled row'} / {column.header}: above the "
                                 "first year heading, its year is not printed; left out"))
        else:
            kept.append((column, cell, amount))
    return kept


def _sums_rows_above(found: list[tuple[MoneyColumn, Cell, float]],
                     parts: list[dict[str, object]]) -> bool:
    """Each amount of a sub-total row is the sum of two or more rows above it (of its
    year and type, since the last sub-total or section heading): it repeats them."""
    for column, _, amount in found:
        year = financial_year_label(column.start_year)
        summed = [row["amount_gbp"] for row in parts if row["financial_year"] == year
                  and row["contribution_type"] == column.kind]
        if len(summed) < 2 or abs(math.fsum(summed) - amount) > SUM_TOLERANCE_GBP:
            return False
    return True


def _row_amounts(ctx: DocumentContext, table: Table, layout: BudgetLayout,
                 body_row: list[Cell | None], label: str,
                 issues: list[Issue]) -> list[tuple[MoneyColumn, Cell, float]]:
    """The publishable (column, cell, amount) of one body row; the rest reported."""
    found = []
    for column in layout.columns:
        cell = body_row[column.index]
        amounts, reason = cell_amounts(cell, column.scale)
        if reason is not None and (marked := _footnoted(ctx, table, cell)) is not None:
            amounts, reason = cell_amounts(marked, column.scale)
            issues.append(_issue(ctx, table, cell.source_line, FOOTNOTE_MARKER,
                                 f"{cell.text!r} read as {marked.text} with the note "
                                 f"numbered {cell.text.strip()[len(marked.text):]} under "
                                 "the table", INFO))
        where = f"{label or 'unlabelled row'} / {column.header}"
        if reason is None and len(amounts) > 1:
            reason = f"several numbers in one cell {cell.text!r}"
        if reason is None and amounts and amounts[0] < 0 and column.kind != CHANGE:
            if _bracketed_in_kind(layout, cell):
                if column.kind == TOTAL:
                    found.extend(_whole_in_kind(column, cell, -amounts[0]))
                    continue
                reason = (f"{cell.text!r} in brackets (paid in kind) in a "
                          f"{column.kind} column: which type it is is not printed")
            else:
                reason = f"negative amount {cell.text!r} in a column that is not a change"
        if reason is not None:
            issues.append(_issue(ctx, table, cell.source_line, CELL_NOT_READ,
                                 f"{where}: {reason}; left out"))
        elif amounts:
            found.append((column, cell, amounts[0]))
            found.extend(_in_kind_share(ctx, table, layout, column, cell, amounts[0], where,
                                        issues))
    return found


def _footnoted(ctx: DocumentContext, table: Table, cell: Cell | None) -> Cell | None:
    """The cell without the footnote number glued to its amount ("4,2501" is 4,250 with
    note 1), when a line just under the table starts with that number: a digit group of
    four is no amount a person reads otherwise. Else None (the cell stays unread)."""
    match = _GLUED_MARKER.match(cell.text.strip()) if cell is not None else None
    if match is None:
        return None
    note = re.compile(rf"^{match.group('marker')}[.)]?\s+[A-Za-z£\d]")
    last = min(table.last_line + _FOOTNOTE_LINES, len(ctx.lines))
    if not any(note.match(clean_text(ctx.line(number)))
               for number in range(table.last_line + 1, last + 1)):
        return None
    return replace(cell, text=match.group("amount"))


def _bracketed_in_kind(layout: BudgetLayout, cell: Cell) -> bool:
    """A bracketed amount ("(25,000)") under a legend saying brackets mean in kind, in a
    table with no in-kind column of its own."""
    return (layout.brackets_in_kind and bool(_BRACKETED.match(cell.text.strip()))
            and not any(other.kind == PAYMENTS_IN_KIND for other in layout.columns))


def _whole_in_kind(column: MoneyColumn, cell: Cell,
                   amount: float) -> list[tuple[MoneyColumn, Cell, float]]:
    """A contribution paid wholly in kind, as "£4,000 (in kind)" reads: the agency's total
    and its payment in kind, both the printed amount on the cell's line."""
    return [(column, cell, amount), (replace(column, kind=PAYMENTS_IN_KIND), cell, amount)]


def _in_kind_share(ctx: DocumentContext, table: Table, layout: BudgetLayout,
                   column: MoneyColumn, cell: Cell, amount: float, where: str,
                   issues: list[Issue]) -> list[tuple[MoneyColumn, Cell, float]]:
    """The payment in kind a total prints in brackets after it ("£12,000 (£3,000 in
    kind)"; "(in kind)": all of it), as an in-kind amount cited on the same line; only
    in a table with no in-kind column of its own (else it would be read twice)."""
    qualifier = read_cell(cell.text).qualifier
    match = _IN_KIND_SHARE.match(qualifier or "")
    if match is None or column.kind != TOTAL \
            or any(other.kind == PAYMENTS_IN_KIND for other in layout.columns):
        return []
    if not match.group("share"):
        return _whole_in_kind(column, cell, amount)[1:]
    printed = read_cell(match.group("share"))
    share = _in_pounds(printed.numbers[0], printed.printed[0], column.scale)
    if not 0 < share <= amount:
        issues.append(_issue(ctx, table, cell.source_line, CELL_NOT_READ,
                             f"{where}: in kind {share:,.0f} is not part of {amount:,.0f}; "
                             "left out"))
        return []
    return [(replace(column, kind=PAYMENTS_IN_KIND), cell, share)]


def _typed_by_section(ctx: DocumentContext, table: Table,
                      found: list[tuple[MoneyColumn, Cell, float]], section: str | None,
                      label: str, issues: list[Issue]) -> list[tuple[MoneyColumn, Cell, float]]:
    """The row's amounts typed by the section heading above them; before any heading
    the type is not printed, so they are left out and reported."""
    if section is None:
        for _, cell, _ in found:
            issues.append(_issue(ctx, table, cell.source_line, CELL_NOT_READ,
                                 f"{label or 'unlabelled row'}: above the first section "
                                 "heading, its contribution type is not printed; left out"))
        return []
    return [(replace(column, kind=section), cell, amount) for column, cell, amount in found]


def _section_totals(ctx: DocumentContext, table: Table, rows: list[dict[str, object]],
                    issues: list[Issue]) -> list[dict[str, object]]:
    """A total row in a table typed by sections totals its section or the whole table:
    its amount says which (the sum of its section's rows, or of all rows). A total that
    is neither is left out and reported."""
    kept = []
    for row in rows:
        if row["agency"] != AGENCY_TOTAL:
            kept.append(row)
            continue
        parts = [r for r in rows if r["agency"] != AGENCY_TOTAL
                 and r["financial_year"] == row["financial_year"]]
        section = math.fsum(r["amount_gbp"] for r in parts
                            if r["contribution_type"] == row["contribution_type"])
        if abs(section - row["amount_gbp"]) <= SUM_TOLERANCE_GBP:
            kept.append(row)
        elif abs(math.fsum(r["amount_gbp"] for r in parts) - row["amount_gbp"]) \
                <= SUM_TOLERANCE_GBP:
            kept.append({**row, "contribution_type": TOTAL})
        else:
            issues.append(_issue(ctx, table, int(row["source_line"]), CELL_NOT_READ,
                                 f"total {row['amount_gbp']:,.0f} is neither its section's "
                                 "sum nor the table's; which it totals is not printed; "
                                 "left out"))
    return kept


def _last_row_as_total(ctx: DocumentContext, table: Table, rows: list[dict[str, object]],
                       issues: list[Issue]) -> None:
    """A table with no "Total" row whose last row, under a label naming no agency
    ("Estimated contributions for 2018/19"), is in every column the sum of the rows above
    it: that row is the total. Each amount must equal at least two parts' sum."""
    if not rows or any(row["agency"] == AGENCY_TOTAL for row in rows):
        return
    last_line = rows[-1]["agency_label"], rows[-1]["source_line"]
    last = [row for row in rows if (row["agency_label"], row["source_line"]) == last_line]
    if last[0]["agency"] != AGENCY_OTHER:
        return
    for row in last:
        parts = [other["amount_gbp"] for other in rows if all(other is not r for r in last)
                 and other["contribution_type"] == row["contribution_type"]
                 and other["financial_year"] == row["financial_year"]]
        if len(parts) < 2 or abs(math.fsum(parts) - row["amount_gbp"]) > SUM_TOLERANCE_GBP:
            return
    for row in last:
        row["agency"] = AGENCY_TOTAL
    line = int(last[0]["source_line"])
    label = repr(last[0]["agency_label"])
    issues[:] = [i for i in issues if not (i.code == UNKNOWN_AGENCY and label in i.message
                                          and i.source_table == table.table_id)]
    issues.append(_issue(ctx, table, line, TOTAL_BY_SUM,
                         f"row {last[0]['agency_label']!r} is the sum of the rows above it; "
                         "published as the total", severity=INFO))


def _row_agency(ctx: DocumentContext, table: Table, label: str, line: int,
                issues: list[Issue]) -> str | None:
    """The agency of a row with amounts; None (reported) when the row cannot be published."""
    if not label or _SUBTOTAL.match(_words(label)) or _only_a_year(label) is not None \
            or read_cell(label).status != TEXT:
        issues.append(_issue(ctx, table, line, ROW_NOT_READ,
                             f"row {label or '(no label)'!r} is not an agency or the total; "
                             "its amounts are left out"))
        return None
    agency = resolve_agency(label)
    if agency is None and _names_own_council(label, ctx.yot_id):
        return LOCAL_AUTHORITY
    if agency == WELSH_GOVERNMENT and _welsh_or_other(label) and not _in_wales(ctx.yot_id):
        return AGENCY_OTHER
    if agency is None:
        issues.append(_issue(ctx, table, line, UNKNOWN_AGENCY,
                             f"agency label {label!r} matches no reviewed keyword in "
                             "agencies.csv; published as other"))
        return AGENCY_OTHER
    return agency


def _welsh_or_other(label: str) -> bool:
    """The template's combined heading "Other Source / Welsh Government": one column for
    both, whose money is the Welsh Government's only in a Welsh plan."""
    return _phrase_at(_VIA.split(_words(label))[0], "other") is not None


@functools.lru_cache(maxsize=1)
def _welsh_services() -> frozenset[str]:
    yots = load_yots()
    return frozenset(yots.loc[yots["nation"] == "wales", "yot_id"])


def _in_wales(yot_id: str) -> bool:
    """Whether the service is Welsh (`yots.csv`): only there can the Welsh Government
    be a contributor."""
    return yot_id in _welsh_services()


# A council's initials as budgets print them: "SCC" (Southampton City Council), "LBBD"
# (London Borough of Barking and Dagenham), "OMBC" (Oldham Metropolitan Borough Council).
_COUNCIL_PREFIXES = ("", "LB", "RB")
_COUNCIL_SUFFIXES = ("C", "CC", "BC", "MBC", "CBC", "DC")
_NAME_FILLERS = frozenset({"and", "of", "upon", "on", "the", "in"})


@functools.lru_cache(maxsize=1)
def _council_initials() -> dict[str, frozenset[str]]:
    """Per service, the initials its own council's name can be printed as."""
    found: dict[str, frozenset[str]] = {}
    for yot_id, names in load_yots()[["yot_id", "local_authority_names"]].itertuples(index=False):
        initials = set()
        for name in names:
            letters = "".join(w[0] for w in re.findall(r"[A-Za-z]+", name)
                              if w.casefold() not in _NAME_FILLERS).upper()
            initials |= {f"{prefix}{letters}{suffix}" for prefix in _COUNCIL_PREFIXES
                         for suffix in _COUNCIL_SUFFIXES if prefix or suffix}
        found[yot_id] = frozenset(initials)
    return found


def _names_own_council(label: str, yot_id: str) -> bool:
    """Whether a row label is the publishing service's own council by its initials: the
    initials are only read for the service's own area, never as a general keyword."""
    return clean_text(label).strip().upper() in _council_initials().get(yot_id, frozenset())


# --- grant tables -----------------------------------------------------------------------------

@dataclass(frozen=True)
class GrantLayout:
    """A recognised grant-spend table: label columns and money columns."""

    item_column: int
    priority_column: int | None
    columns: tuple[MoneyColumn, ...]


def _mentions_grant(ctx: DocumentContext, table: Table) -> bool:
    """Whether the caption, title, headers or the lines just above speak of the grant
    (the nearest text lines, however many blank lines sit between them and the table)."""
    first = table.caption_line or table.first_line - _GRANT_CONTEXT_LINES
    first = max(first, table.first_line - _GRANT_CONTEXT_LINES, 1)
    above = [ctx.line(n) for n in range(first, table.first_line)]
    above += ctx.text_above(table, paragraphs=_GRANT_CONTEXT_PARAGRAPHS)
    headers = [" ".join(h) for h in table.column_headers()]
    text = " ".join([table.caption or "", table.title or "", *headers, *above,
                     _caption_below(ctx, table)])
    return _has_any(_words(text), _GRANT_WORDS)


def _names_contribution_types(headers: list[str]) -> bool:
    """Two or more headers naming contribution types ("Staffing costs", "Payments in
    kind"): a budget table the budget reader could not place, never a grant table."""
    kinds = {contribution_type(header)[0] for header in headers}
    return len(kinds - {None, TOTAL}) >= 2


def _grant_statement(table: Table) -> bool:
    """The YJB grant's statement of account (balance held, carry over, grant offered,
    entitlement): amounts of the grant, not what it is spent on."""
    labels = " ".join(c.text for row in table.body() for c in row[:1] if c is not None)
    return _has_any(_words(labels), _STATEMENT_PHRASES)


def grant_layout(ctx: DocumentContext, table: Table, budget_year: int | None = None,
                 issues: list[Issue] | None = None) -> GrantLayout | None:
    """The grant-spend layout of a table, or None when it is not one. Two money columns
    of one year ("Budget 2018/19", "Actual 2018/19") are left out: which is the spend is
    not printed."""
    if not _mentions_grant(ctx, table):
        return None
    headers = [" ".join(h) for h in table.column_headers()]
    if _names_contribution_types(headers) or _grant_statement(table):
        return None
    closely = _names_grant_closely(ctx, table)
    money = [c for c in range(table.n_columns)
             if _grant_money_column(table, c, headers[c], closely)]
    if not money:
        return None
    text_columns = _text_columns(table, money[0])
    if not text_columns:
        return None
    priority = next((c for c in text_columns if _PRIORITY_WORD.search(headers[c])), None)
    items = [c for c in text_columns if c != priority]
    # With no headings, two texts read as a group and its item ("Service Objective One |
    # Custody"); of three or more, which names the spend and which describes it is not
    # printed.
    if len(text_columns) > 2 and not any(headers[c].strip() for c in text_columns):
        if issues is not None:
            issues.append(_issue(ctx, table, table.first_line, TABLE_NOT_READ,
                                 "grant table of three or more text columns with no "
                                 "headings: which one names the spend is not printed; "
                                 "left out"))
        return None
    table_text = " ".join([table.caption or "", table.title or ""])
    table_years = financial_years(table_text)
    default_year = table_years[0][0] if table_years else _year_above(ctx, table, budget_year)
    # headers printing two or more years: a column printing none ("Total" over both) is
    # no one year's spend
    printed_years = {start for c in money for start, _ in financial_years(headers[c])}
    columns = []
    for column in money:
        year = _column_year(headers[column], None, default_year)
        if len(printed_years) > 1 and not financial_years(headers[column]):
            year = None
        if year is not None:
            columns.append(MoneyColumn(column, headers[column], None, year,
                                       _scale(headers[column]) or _scale(table_text) or 1.0))
    columns = _distinct_columns(ctx, table, columns, [] if issues is None else issues)
    if not columns:
        return None
    return GrantLayout(_item_column(items, headers, priority), priority, tuple(columns))


def _grant_money_column(table: Table, column: int, header: str, closely: bool) -> bool:
    """Numbers that are the grant's money: under a spend word or a unit ("Cost", "£000s"),
    printed in £, or under a year alone when the grant is named closely; never movements
    or shares (but amounts each printed with their share, "£12,000 (25%)", are money
    whatever the heading says of the share)."""
    texts = _column_texts(table, column)
    if texts and all(_AMOUNT_AND_SHARE.match(text) for text in texts):
        return not _has_any(_words(header), dict(_TYPE_PHRASES)[CHANGE])
    if not _is_numeric_column(table, column) or _movement_or_share(header):
        return False
    return (_has_any(_words(header), _SPEND_WORDS) or _prints_pounds(table, column)
            or _scale(header) is not None or (closely and _only_a_year(header) is not None))


def _item_column(items: list[int], headers: list[str], priority: int | None) -> int | None:
    """The column naming what the grant buys: one headed so ("Activity", "Spending area"),
    else the last text column before the amounts that does not describe another
    ("Purpose", "Outcome"), else the priority."""
    named = [c for c in items if _ITEM_WORD.search(headers[c])
             and not _DESCRIBES_WORD.search(headers[c])]
    if named:
        return named[0]
    plain = [c for c in items if not _DESCRIBES_WORD.search(headers[c])] or items
    return plain[-1] if plain else priority


def _names_grant_closely(ctx: DocumentContext, table: Table) -> bool:
    """Whether the caption, title, headers or the line just above the table name the grant:
    then a column headed by a year alone ("2019/20") holds the grant's amounts."""
    headers = [" ".join(h) for h in table.column_headers()]
    text = " ".join([table.caption or "", table.title or "", *headers,
                     *ctx.text_above(table, max_lines=4, paragraphs=1),
                     _caption_below(ctx, table)])
    return _has_any(_words(text), _GRANT_WORDS)


def years_down(table: Table) -> bool:
    """A grant table printed the other way round: a row per year (its label only a year),
    the spending areas across a one-row header."""
    if table.header_rows != 1 or table.n_columns < 3:
        return False
    labels = [row[0].text for row in table.body() if row[0] is not None and row[0].text]
    headers = [" ".join(h) for h in table.column_headers()[1:]]
    return (bool(labels) and all(_only_a_year(label) is not None for label in labels)
            and all(h and not financial_years(h) and _mostly([h], TEXT) for h in headers)
            and all(_is_numeric_column(table, c) for c in range(1, table.n_columns)))


def _movement_or_share(header: str) -> bool:
    """A column of movements between years ("Change", "Variance") or of percentages: no
    spend of the grant, even when its cells print "£"."""
    words = _words(header)
    return _has_any(words, _NOT_MONEY) or _has_any(words, dict(_TYPE_PHRASES)[CHANGE])


def _prints_pounds(table: Table, column: int) -> bool:
    return any(read_cell(t).unit_hint == GBP for t in _column_texts(table, column))


def _grant_rows(ctx: DocumentContext, table: Table, layout: GrantLayout,
                issues: list[Issue]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    priority: str | None = None
    first_money = layout.columns[0].index
    years = _year_headings(table, first_money)
    year: int | None = None
    texts = _text_columns(table, first_money)
    for index, body_row in enumerate(table.body()):
        if index in years:
            year = years[index]
            continue
        if (stray := _number_among_texts(body_row, texts)) is not None:
            issues.append(_issue(ctx, table, stray.source_line, ROW_NOT_READ,
                                 f"{stray.text!r} in a column of texts: the row is out of "
                                 "step with the headings; left out"))
            continue
        labels = [c.text for c in body_row[:first_money] if c is not None and c.text]
        is_total = bool(labels) and _is_total_label(labels[0])
        priority = _carried_priority(body_row, layout, priority, is_total)
        item_cell = body_row[layout.item_column]
        item = item_cell.text if item_cell is not None and item_cell.text else priority
        for printed in layout.columns:
            column = _in_row_year(printed, year) if years else printed
            cell = _without_share(body_row[column.index])
            amounts, reason = cell_amounts(cell, column.scale)
            reason = reason or _unpublishable_grant_amounts(cell, amounts, is_total, item)
            if reason is None and amounts and column.start_year is None:
                reason = "above the first year heading, its year is not printed"
            if reason is not None:
                issues.append(_issue(ctx, table, cell.source_line, CELL_NOT_READ,
                                     f"{item or 'row'} / {column.header}: {reason}; left out"))
                continue
            if not amounts:  # nothing printed (a section heading's row, in aligned text)
                continue
            labelled = ([labels[0]] if is_total else
                        _item_labels(ctx, table, cell, item or "", len(amounts), issues))
            rows.extend(
                {
                    "financial_year": financial_year_label(column.start_year),
                    "priority": None if is_total else priority,
                    "item_label": label,
                    "item_position": position,
                    "amount_gbp": amount,
                    "is_total": is_total,
                    **ctx.provenance(table, cell.source_line),
                }
                for position, (label, amount) in enumerate(
                    zip(labelled, amounts, strict=True), start=1
                )
            )
    return rows


def _text_columns(table: Table, before: int) -> list[int]:
    """The columns of texts left of the first money column."""
    return [c for c in range(before) if _mostly(_column_texts(table, c), TEXT)]


def _number_among_texts(body_row: list[Cell | None], texts: list[int]) -> Cell | None:
    """A number printed in a column of texts (an amount a place too far left): the row's
    cells are out of step with the headings, so no amount of it can be placed."""
    return next((cell for c in texts if (cell := body_row[c]) is not None and cell.text
                 and read_cell(cell.text).is_number), None)


def _without_share(cell: Cell | None) -> Cell | None:
    """The cell's amount alone when it prints its share after it ("£12,000 (25%)")."""
    if cell is None or (found := _AMOUNT_AND_SHARE.match(cell.text.strip())) is None:
        return cell
    return replace(cell, text=found.group("amount"))


def _unpublishable_grant_amounts(cell: Cell | None, amounts: tuple[float, ...],
                                 is_total: bool, item: str | None) -> str | None:
    """Why a grant cell's amounts cannot be published, if they cannot."""
    if cell is None or not amounts:
        return None
    if any(amount < 0 for amount in amounts):
        return f"negative amount {cell.text!r}"
    if is_total and len(amounts) > 1:
        return f"several totals in one cell {cell.text!r}"
    if not (is_total or item):
        return f"no spend area or priority printed for {cell.text!r}"
    if not is_total and item and _only_a_year(item) is not None:
        return f"{item!r} is a year, not a spend area"
    return None


def _carried_priority(body_row: list[Cell | None], layout: GrantLayout, previous: str | None,
                      is_total: bool) -> str | None:
    """The row's priority; one printed once for several rows carries down to them."""
    if layout.priority_column is None or is_total:
        return None
    cell = body_row[layout.priority_column]
    return cell.text if cell is not None and cell.text else previous


def _item_labels(ctx: DocumentContext, table: Table, cell: Cell, item: str, count: int,
                 issues: list[Issue]) -> list[str]:
    """One label per amount: the item's own parts when it lists exactly that many."""
    if count == 1:
        return [item]
    parts = [p for p in _ITEM_SEPARATORS.split(item) if p]
    if len(parts) == count:
        return parts
    issues.append(_issue(ctx, table, cell.source_line, AMOUNTS_SHARE_LABEL,
                         f"{count} amounts {cell.text!r} for spend areas {item!r}: which "
                         "amount belongs to which area is not printed; each row keeps the "
                         "whole text, in printed order (item_position)", INFO))
    return [item] * count


# --- the extractor ----------------------------------------------------------------------------

def extract_budgets(ctx: DocumentContext) -> dict[str, Rows]:
    """Contributions and grant spend from every budget and grant table of a document."""
    budget_rows: list[dict[str, object]] = []
    grant_rows: list[dict[str, object]] = []
    budget_issues: list[Issue] = []
    grant_issues: list[Issue] = []
    grant_tables: list[Table] = []
    for table in ctx.data_tables():
        across = _agencies_across(table)
        budget = None if across and _labels_name_types(table) else \
            budget_layout(ctx, table, budget_issues)
        if budget is None and across:
            table = _year_rows_into_labels(table).transposed()
            budget = budget_layout(ctx, table, budget_issues) if _rows_typed(table) else None
            if budget is None:
                budget_issues.append(_issue(
                    ctx, table, table.first_line, TABLE_NOT_READ, "a table of amounts by "
                    "agency whose rows name no contribution type: left out"))
                continue
        if budget is not None:
            budget_rows.extend(_budget_rows(ctx, table, budget, budget_issues))
            continue
        grant_tables.append(table)
    budget_year = _single_year(budget_rows)
    for table in grant_tables:
        if years_down(table):
            table = table.transposed()
        grant = grant_layout(ctx, table, budget_year, grant_issues)
        if grant is not None:
            grant_rows.extend(_grant_rows(ctx, table, grant, grant_issues))
    return {
        BUDGET_CONTRIBUTIONS: Rows.from_records(budget_rows, BUDGET_CONTRIBUTIONS,
                                                budget_issues),
        GRANT_SPEND: Rows.from_records(grant_rows, GRANT_SPEND, grant_issues),
    }


def _year_rows_into_labels(table: Table) -> Table:
    """A table printed the other way round with a year heading row over each year's rows
    ("2018/19" over "Staffing costs", "Payments in kind", "Total"): each row label takes
    its heading's year ("2018/19 Staffing costs") and the heading rows go, so that, read
    transposed, every column names its year and type."""
    headings = _year_headings(table, 1)
    if not headings:
        return table
    printed: str | None = None
    dropped = 0
    rows: dict[int, list[Cell]] = {}
    for cell in table.cells:
        rows.setdefault(cell.row, []).append(cell)
    cells = []
    for row in sorted(rows):
        body = row - table.header_rows
        if body in headings:
            printed = next(c.text for c in rows[row] if c.text.strip())
            dropped += 1
            continue
        for cell in rows[row]:
            text = cell.text
            if cell.column == 0 and body >= 0 and printed is not None and text:
                text = f"{printed} {text}"
            cells.append(replace(cell, row=row - dropped, text=text))
    return replace(table, cells=cells)


def _single_year(budget_rows: list[dict[str, object]]) -> int | None:
    """The one financial year a document's contributions are for, if they name one: in a
    plan for several years, a grant table naming none is that year's rather than the
    plan's first (a plan updated in a later year budgets the later year)."""
    years = {str(row["financial_year"]) for row in budget_rows}
    if len(years) != 1:
        return None
    found = find_financial_year(years.pop(), allow_short=True)
    return found[0] if found else None


# --- rules ------------------------------------------------------------------------------------

KnownInconsistencies = frozenset[tuple[str, str, str]]


@functools.cache
def known_inconsistencies() -> KnownInconsistencies:
    """(document_id, source_table, financial_year) of tables whose printed sums a person
    has checked and found not to add up in the source itself."""
    frame = pd.read_csv(KNOWN_INCONSISTENCIES_CSV, dtype=str, keep_default_na=False)
    return frozenset(zip(frame["document_id"], frame["source_table"],
                         frame["financial_year"], strict=True))


def _severity(known: KnownInconsistencies, document: str, table: str, year: str) -> str:
    return WARNING if (document, table, year) in known else ERROR


def _mismatch(code: str, known: KnownInconsistencies, row: pd.Series, what: str,
              parts: float) -> Issue | None:
    """An Issue when a printed total differs from the sum of its parts by more than £1."""
    total = float(row["amount_gbp"])
    if abs(parts - total) <= SUM_TOLERANCE_GBP:
        return None
    document, table, year = row["document_id"], row["source_table"], row["financial_year"]
    return Issue(RULES_STAGE, code,
                 f"{document} {table} line {int(row['source_line'])} ({year}): {what} add up "
                 f"to £{parts:,.2f} but the printed total is £{total:,.2f}",
                 _severity(known, document, table, year), document, table,
                 int(row["source_line"]))


def _known_sum(values: Iterable[object]) -> float:
    """The sum of the values that are not missing (0 when none are), as pandas sums."""
    return math.fsum(float(v) for v in values
                     if v is not None and v is not pd.NA and v == v)


def check_budget_sums(frame: pd.DataFrame,
                      known: KnownInconsistencies | None = None) -> list[Issue]:
    """Agencies add up to the total row, and each row's parts to its total column."""
    known = known_inconsistencies() if known is None else known
    if frame.empty:
        return []
    issues: list[Issue | None] = []
    agencies, kinds = frame["agency"].tolist(), frame["contribution_type"].tolist()
    amounts, labels = frame["amount_gbp"].tolist(), frame["agency_label"].tolist()

    def amount(positions: list[int]) -> float:
        return _known_sum(amounts[p] for p in positions)

    def mismatch(code: str, position: int, what: str, parts: float) -> Issue | None:
        # The row is fetched (slow in pandas) only for a total that does not add up.
        if abs(parts - float(amounts[position])) <= SUM_TOLERANCE_GBP:
            return None
        return _mismatch(code, known, frame.iloc[position], what, parts)

    # One pass over the rows for each grouping (see row_groups), not one pandas group each.
    by_column = ["document_id", "source_table", "financial_year", "contribution_type"]
    for (_, _, _, kind), positions in row_groups(frame, by_column).items():
        totals = [p for p in positions if agencies[p] == AGENCY_TOTAL]
        if not totals:
            continue
        parts = amount([p for p in positions if agencies[p] != AGENCY_TOTAL])
        issues.extend(mismatch(BUDGET_TOTAL_MISMATCH, p, f"the agencies' {kind} amounts",
                               parts) for p in totals)
    by_row = ["document_id", "source_table", "source_line", "financial_year"]
    shares = _in_kind_share_tables(frame)
    for (document, table, _, _), positions in row_groups(frame, by_row).items():
        totals = [p for p in positions if kinds[p] == TOTAL]
        parts = [p for p in positions if kinds[p] in PART_TYPES]
        if not parts or not totals or (document, table) in shares:
            continue
        issues.extend(mismatch(BUDGET_ROW_MISMATCH, p, f"{labels[p]!r}'s parts",
                               amount(parts)) for p in totals)
    return [issue for issue in issues if issue is not None]


def _in_kind_share_tables(frame: pd.DataFrame) -> set[tuple[str, str]]:
    """Tables whose only part is payments in kind beside totals ("£12,000 (£3,000 in
    kind)", a column "of which in kind"): a share of the total, not a sum of parts."""
    parts: dict[tuple[str, str], set[str]] = {}
    for document, table, kind in zip(frame["document_id"], frame["source_table"],
                                     frame["contribution_type"], strict=True):
        if kind in PART_TYPES:
            parts.setdefault((document, table), set()).add(kind)
    return {key for key, kinds in parts.items() if kinds == {PAYMENTS_IN_KIND}}


def check_grant_totals(frame: pd.DataFrame,
                       known: KnownInconsistencies | None = None) -> list[Issue]:
    """The grant's items add up to its printed total, per table and year."""
    known = known_inconsistencies() if known is None else known
    if frame.empty:
        return []
    issues: list[Issue | None] = []
    is_total = frame["is_total"].fillna(False).astype(bool).tolist()
    amounts = frame["amount_gbp"].tolist()
    by_table = ["document_id", "source_table", "financial_year"]
    for positions in row_groups(frame, by_table).values():  # one pass: see row_groups
        totals = [p for p in positions if is_total[p]]
        if not totals:
            continue
        items = _known_sum(amounts[p] for p in positions if not is_total[p])
        issues.extend(_mismatch(GRANT_TOTAL_MISMATCH, known, frame.iloc[p], "the grant's items",
                                items) for p in totals)
    return [issue for issue in issues if issue is not None]


DOMAIN = Domain(
    name="budgets",
    tables=(BUDGET_CONTRIBUTIONS, GRANT_SPEND),
    extract=extract_budgets,
    value_columns={BUDGET_CONTRIBUTIONS: ("amount_gbp",), GRANT_SPEND: ("amount_gbp",)},
    rules={BUDGET_CONTRIBUTIONS: check_budget_sums, GRANT_SPEND: check_grant_totals},
    source_inconsistencies=frozenset({BUDGET_TOTAL_MISMATCH, BUDGET_ROW_MISMATCH,
                                      GRANT_TOTAL_MISMATCH}),
    unread=frozenset({CELL_NOT_READ, ROW_NOT_READ, NO_FINANCIAL_YEAR, SAME_COLUMN_TWICE,
                      TABLE_NOT_READ}),
)
