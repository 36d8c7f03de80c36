"""The budget sum rules: they fire on tables that do not add up, naming document, table
and line, and pass on the corpus (together with the GX suites of both tables)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.extract.base import combine, context_from_text, run_extractor
from pipeline.extract.budgets import (
    BUDGET_ROW_MISMATCH,
    BUDGET_TOTAL_MISMATCH,
    DOMAIN,
    GRANT_TOTAL_MISMATCH,
    KNOWN_INCONSISTENCIES_CSV,
    check_budget_sums,
    check_grant_totals,
    known_inconsistencies,
)
from pipeline.metadata.registry import get_table
from pipeline.report import ERROR, WARNING
from pipeline.validate.gx_runner import TableValidator

EXPECTATIONS = Path(__file__).resolve().parents[2] / "expectations"
PLANS = (
    "darlington-youth-justice-plan-2018-19",
    "derbyshire-youth-justice-plan-2019-20",
    "dorset-youth-justice-plan-2017-18",
    "northamptonshire-youth-justice-plan-2021-22",
)

# The police total is printed as £160 although its parts make £150, and the grand total
# of the cash column is printed as £1,310 although the agencies' cash makes £1,300.
INCONSISTENT_BUDGET = """Partner contributions 2020/21

Agency\tCash (£)\tStaffing costs (£)\tTotal (£)
Council\t£1,200\t-\t£1,200
Police\t£100\t£50\t£160
Total\t£1,310\t£50\t£1,360
"""

INCONSISTENT_GRANT = """Use of the YJB grant 2020/21

Activity\tCost
Case work\t£1,000
Training\t£500.40
Total\t£1,600
"""

# Within a pound: rounding in a printed total is not a mismatch.
ROUNDED_GRANT = """Use of the YJB grant 2020/21

Activity\tCost
Case work\t£1,000.40
Training\t£500.40
Total\t£1,500
"""


def _extract(text: str, document_id: str = "inconsistent") -> dict:
    context = context_from_text(text, document_id=document_id, period_label="2020/21",
                                period_start=dt.date(2020, 4, 1),
                                period_end=dt.date(2021, 3, 31))
    return run_extractor(DOMAIN, context)


def test_budget_rules_name_document_table_and_line() -> None:
    frame = _extract(INCONSISTENT_BUDGET)["budget_contributions"].frame
    issues = check_budget_sums(frame, frozenset())
    located = sorted((i.code, i.severity, i.document_id, i.source_table, i.source_line)
                     for i in issues)
    assert located == [
        # cash: 1,200 + 100 is not 1,310 (the total column, 1,200 + 160 = 1,360, and the
        # total row's own parts, 1,310 + 50 = 1,360, do add up)
        (BUDGET_ROW_MISMATCH, ERROR, "inconsistent", "inconsistent#t01", 5),  # police
        (BUDGET_TOTAL_MISMATCH, ERROR, "inconsistent", "inconsistent#t01", 6),  # total row
    ]
    police = next(i for i in issues if i.code == BUDGET_ROW_MISMATCH)
    assert "inconsistent" in police.message and "inconsistent#t01" in police.message
    assert "line 5" in police.message and "£150.00" in police.message
    assert "£160.00" in police.message


def test_a_listed_source_inconsistency_is_a_warning_and_the_numbers_are_kept() -> None:
    frame = _extract(INCONSISTENT_BUDGET)["budget_contributions"].frame
    listed = frozenset({("inconsistent", "inconsistent#t01", "2020-21")})
    issues = check_budget_sums(frame, listed)
    assert len(issues) == 2 and {i.severity for i in issues} == {WARNING}
    assert 160.0 in set(frame["amount_gbp"])  # the printed number stays published
    other_year = frozenset({("inconsistent", "inconsistent#t01", "2019-20")})
    assert {i.severity for i in check_budget_sums(frame, other_year)} == {ERROR}


def test_grant_rule_fires_beyond_a_pound_only() -> None:
    frame = _extract(INCONSISTENT_GRANT)["grant_spend"].frame
    [issue] = check_grant_totals(frame, frozenset())
    assert (issue.code, issue.severity, issue.source_table, issue.source_line) == (
        GRANT_TOTAL_MISMATCH, ERROR, "inconsistent#t01", 6)
    assert "£1,500.40" in issue.message and "£1,600.00" in issue.message
    rounded = _extract(ROUNDED_GRANT)["grant_spend"].frame
    assert check_grant_totals(rounded, frozenset()) == []


def test_the_reviewed_inconsistency_list_loads() -> None:
    known = known_inconsistencies()
    header = KNOWN_INCONSISTENCIES_CSV.read_text(encoding="utf-8").splitlines()[0]
    assert header == "document_id,source_table,financial_year,note"
    assert all(len(key) == 3 and key[1].startswith(f"{key[0]}#t") for key in known)


@pytest.fixture(scope="module")
def corpus_tables(corpus_context):
    outputs = [run_extractor(DOMAIN, corpus_context(doc)) for doc in PLANS]
    return {name: combine((o[name] for o in outputs), name) for name in DOMAIN.tables}


def test_rules_pass_on_the_corpus(corpus_tables) -> None:
    assert check_budget_sums(corpus_tables["budget_contributions"].frame) == []
    assert check_grant_totals(corpus_tables["grant_spend"].frame) == []


def test_gx_suites_pass_on_the_corpus(corpus_tables) -> None:
    validator = TableValidator(EXPECTATIONS)
    for name, output in corpus_tables.items():
        summary = validator.validate(get_table(name), output.frame)
        assert summary.success, [f.one_line(name) for f in summary.failures]
