"""Judging a fact table per document and source table (`pipeline.validate.withhold`), on
rows extracted from small documents written here and the real rules and GX suites."""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

import pandas as pd
import pytest

from pipeline.extract import budgets, kpi
from pipeline.extract.base import Domain, combine, context_from_text, extract_rows
from pipeline.metadata.enums import SOURCE_TOTAL_MISMATCH, SOURCE_TOTAL_MISMATCH_REVIEWED
from pipeline.metadata.registry import get_table
from pipeline.report import ERROR, WARNING, Issue, TableOutput
from pipeline.validate.gx_runner import TableValidator
from pipeline.validate.withhold import (
    TABLE_WITHHELD,
    judge,
    judged_output,
    published_verdict_problems,
    share_problem,
    withheld_report,
    withheld_table,
)

EXPECTATIONS = Path(__file__).resolve().parents[2] / "expectations"
BUDGET = "budget_contributions"
KPI = "kpi_observations"

BUDGET_TABLE = """Anytown Youth Justice Plan 2020/21

Partner contributions 2020/21

Agency\tStaffing costs\tOther delegated funds\tTotal
Local Authority\t300,000\t100,000\t400,000
Health\t{health_staff}\t5,000\t25,000
Total\t320,000\t105,000\t{total}
"""
REOFFENDING = """Latest re-offending cohort (Apr 2017 - Mar 2018)

Area\tNumber in the cohort\tNumber of reoffenders\tNumber of reoffences\t\
Reoffences per reoffender\t% Reoffending
Wigan\t150\t60\t210\t3.50\t{percent}
"""


def _output(domain: Domain, name: str, documents: dict[str, str]) -> TableOutput:
    """Table `name` of `documents` (id -> text), joined as the catalogue joins them."""
    parts = [extract_rows(domain, context_from_text(text, document_id=doc, yot_id="wigan"))[name]
             for doc, text in documents.items()]
    return combine(parts, name)


def _budget(total: str = "425,000", health_staff: str = "20,000") -> str:
    return BUDGET_TABLE.format(total=total, health_staff=health_staff)


def test_a_total_that_does_not_add_up_with_every_part_read_is_flagged() -> None:
    output = _output(budgets.DOMAIN, BUDGET, {"clean": _budget(), "off": _budget("425,100")})
    judgement = judge(BUDGET, output, budgets.DOMAIN)
    assert judgement.withheld.empty
    assert len(judgement.kept) == len(output.frame) == 18
    flags = dict(zip(judgement.kept["document_id"], judgement.kept["quality_flags"],
                     strict=False))
    assert flags["off"] == [SOURCE_TOTAL_MISMATCH] and pd.isna(flags["clean"])
    assert judgement.flagged_rows == 9
    assert {(i.code, i.severity) for i in judgement.issues} == {
        (budgets.BUDGET_TOTAL_MISMATCH, WARNING), (budgets.BUDGET_ROW_MISMATCH, WARNING)}


def test_a_total_that_does_not_add_up_where_a_cell_was_not_read_is_withheld() -> None:
    output = _output(budgets.DOMAIN, BUDGET, {"clean": _budget(),
                                              "unread": _budget(health_staff="TBC")})
    assert budgets.CELL_NOT_READ in {i.code for i in output.issues}
    judgement = judge(BUDGET, output, budgets.DOMAIN)
    assert set(judgement.kept["document_id"]) == {"clean"}
    assert judgement.kept["quality_flags"].isna().all()
    [row] = judgement.withheld.to_dict("records")
    assert (row["document_id"], row["fact_table"], row["source_table"], row["first_line"],
            row["row_count"]) == ("unread", BUDGET, "unread#t01", 6, 8)
    assert row["rule"] in (budgets.BUDGET_TOTAL_MISMATCH, budgets.BUDGET_ROW_MISMATCH)
    assert row["failures"] == 2  # the staffing total, and Health's row total
    assert [i.severity for i in judgement.issues if i.code == TABLE_WITHHELD] == [WARNING]
    assert all(i.severity != ERROR for i in judgement.issues)


def test_a_reviewed_source_inconsistency_is_flagged_beside_the_review() -> None:
    reviewed = frozenset({("unread", "unread#t01", "2020-21")})
    domain = dataclasses.replace(budgets.DOMAIN, rules={
        BUDGET: functools.partial(budgets.check_budget_sums, known=reviewed)})
    output = _output(domain, BUDGET, {"unread": _budget(health_staff="TBC")})
    judgement = judge(BUDGET, output, domain)
    assert judgement.withheld.empty  # a person confirmed it: published even so
    assert {tuple(f) for f in judgement.kept["quality_flags"]} == {
        (SOURCE_TOTAL_MISMATCH, SOURCE_TOTAL_MISMATCH_REVIEWED)}


def test_a_contradicted_ratio_withholds_only_its_document() -> None:
    output = _output(kpi.DOMAIN, KPI, {"good": REOFFENDING.format(percent="40.0%"),
                                       "bad": REOFFENDING.format(percent="41.0%")})
    judgement = judge(KPI, output, kpi.DOMAIN)
    assert set(judgement.kept["document_id"]) == {"good"}
    assert judgement.withheld[["document_id", "rule", "row_count"]].values.tolist() == [
        ["bad", kpi.ARITHMETIC_MISMATCH, 5]]


@pytest.fixture(scope="module")
def validator() -> TableValidator:
    return TableValidator(EXPECTATIONS)


def test_a_row_outside_its_expected_range_withholds_its_table(validator) -> None:
    """A reoffending rate of 140% fails the suite's per-row bound (a percent is 0-100):
    its document's table is withheld, naming the expectation; the other is published."""
    output = _output(kpi.DOMAIN, KPI, {"good": REOFFENDING.format(percent="40.0%"),
                                       "wrong": REOFFENDING.format(percent="140.0%")})
    judgement = judge(KPI, output, None, validator)
    assert set(judgement.kept["document_id"]) == {"good"}
    [row] = judgement.withheld.to_dict("records")
    assert (row["document_id"], row["rule"], row["first_line"], row["row_count"]) == (
        "wrong", "expect_column_values_to_be_between", 4, 5)
    assert "value 140.0 fails" in row["message"] and "max_value=100" in row["message"]
    assert validator.validate(get_table(KPI), judgement.kept).success


def test_the_rules_check_passes_on_a_judged_table_and_fails_on_an_unjudged_one() -> None:
    output = _output(budgets.DOMAIN, BUDGET, {
        "off": _budget("425,100"), "unread": _budget(health_staff="TBC")})
    judged = judged_output(BUDGET, output, budgets.DOMAIN)
    assert published_verdict_problems(budgets.DOMAIN, BUDGET, judged) == []
    problems = published_verdict_problems(budgets.DOMAIN, BUDGET, output)
    assert any(p.startswith("published rows fail a rule") for p in problems)
    assert any("the rules give ['source_total_mismatch']" in p for p in problems)
    # Flags lost after judging are found too.
    judged.frame["quality_flags"] = None
    assert published_verdict_problems(budgets.DOMAIN, BUDGET, judged) == [
        "off off#t01: rows flagged [] but the rules give ['source_total_mismatch']"]


def _negative_or_not_summed(frame: pd.DataFrame) -> list[Issue]:
    """A made-up rule joining two tables of a document: a table's value must not be
    negative, and the prose row (no source table) is the sum of the table rows."""
    issues = []
    for document, rows in frame.groupby("document_id"):
        in_tables = rows[rows["source_table"].notna()]
        issues += [Issue("rules", "negative", "negative", ERROR, document, row.source_table,
                         int(row.source_line)) for row in in_tables.itertuples()
                   if row.value < 0]
        for row in rows[rows["source_table"].isna()].itertuples():
            if row.value != in_tables["value"].sum():
                issues.append(Issue("rules", "not_summed", "not the sum", ERROR, document,
                                    None, int(row.source_line)))
    return issues


def test_rules_run_again_on_what_is_left_of_a_document() -> None:
    frame = pd.DataFrame({
        "document_id": ["a", "a", "a", "b", "b"],
        "source_table": ["a#t01", "a#t02", None, "b#t01", None],
        "source_line": [3, 9, 20, 3, 20], "value": [-5.0, 10.0, 5.0, 4.0, 4.0],
        "quality_flags": [None] * 5})
    domain = Domain("made-up", ("facts",), extract=lambda _: {}, value_columns={},
                    rules={"facts": _negative_or_not_summed})
    # First pass: a#t01 is negative. Without it a's prose row is no longer the sum of a's
    # tables, so the second pass withholds that too; b is untouched.
    judgement = judge("facts", TableOutput(frame), domain)
    assert judgement.kept["source_line"].tolist() == [9, 3, 20]
    assert judgement.kept["document_id"].tolist() == ["a", "b", "b"]
    assert sorted(judgement.withheld["rule"]) == ["negative", "not_summed"]


def test_the_withheld_table_and_report_join_every_fact_table() -> None:
    budget = judged_output(BUDGET, _output(budgets.DOMAIN, BUDGET, {
        "off": _budget("425,100"), "unread": _budget(health_staff="TBC")}), budgets.DOMAIN)
    ratios = judged_output(KPI, _output(kpi.DOMAIN, KPI, {
        "unread": REOFFENDING.format(percent="41.0%")}), kpi.DOMAIN)
    table = withheld_table({BUDGET: budget, KPI: ratios})
    assert table[["document_id", "fact_table"]].values.tolist() == [
        ["unread", BUDGET], ["unread", KPI]]
    report = withheld_report(table, {BUDGET: budget.frame, KPI: ratios.frame})
    assert report["summary"] == {
        "documents": 1, "tables": 2, "rows": 13,
        "by_rule": {budgets.BUDGET_ROW_MISMATCH: 1, kpi.ARITHMETIC_MISMATCH: 1},
        "flagged_rows": 9, "flagged_by_table": {BUDGET: 9}}


@pytest.mark.parametrize(("withheld_documents", "documents", "allowed"), [
    (0, 4, True), (1, 4, True), (2, 4, False), (0, 0, False)])
def test_the_share_of_documents_withheld_that_blocks(withheld_documents: int, documents: int,
                                                     allowed: bool) -> None:
    withheld = pd.DataFrame({"document_id": [f"d{i}" for i in range(withheld_documents)]})
    problem = share_problem(withheld, documents, 0.25)
    assert (problem is None) == allowed
    if documents == 0:
        assert problem == "no documents were ingested: there is nothing to publish"


def _subset(output: TableOutput, documents: set[str]) -> TableOutput:
    frame = output.frame[output.frame["document_id"].isin(documents)].reset_index(drop=True)
    return TableOutput(frame, [i for i in output.issues if i.document_id in documents])


def test_a_table_judged_with_earlier_verdicts_equals_one_judged_whole(validator) -> None:
    """The verdicts of documents judged in an earlier pass (`known`) give the same
    published rows, withheld rows and issues as judging every document at once, and only
    the other documents are judged again."""
    output = _output(kpi.DOMAIN, KPI, {"good": REOFFENDING.format(percent="40.0%"),
                                       "wrong": REOFFENDING.format(percent="140.0%"),
                                       "bad": REOFFENDING.format(percent="41.0%")})
    whole = judge(KPI, output, kpi.DOMAIN, validator)
    earlier = judge(KPI, _subset(output, {"good", "wrong"}), kpi.DOMAIN, validator)
    assert set(earlier.fresh) == {"good", "wrong"} and earlier.fresh["wrong"].withhold
    again = judge(KPI, output, kpi.DOMAIN, validator, known=earlier.fresh)
    assert set(again.fresh) == {"bad"}
    pd.testing.assert_frame_equal(again.kept, whole.kept)
    pd.testing.assert_frame_equal(again.withheld, whole.withheld)
    assert again.issues == whole.issues
    assert set(whole.withheld["document_id"]) == {"wrong", "bad"}


def test_a_table_whose_every_document_was_judged_before_starts_no_gx_context() -> None:
    """With every document's verdict known, judging again needs no GX: the validator
    makes its context only when a frame is validated, so a run in which nothing changed
    pays neither GX's import nor its context (issue 19); the verdict is the same."""
    output = _output(kpi.DOMAIN, KPI, {"good": REOFFENDING.format(percent="40.0%"),
                                       "wrong": REOFFENDING.format(percent="140.0%")})
    first = TableValidator(EXPECTATIONS)
    earlier = judge(KPI, output, kpi.DOMAIN, first)
    assert first.started
    fresh = TableValidator(EXPECTATIONS)
    again = judge(KPI, output, kpi.DOMAIN, fresh, known=earlier.fresh)
    assert not fresh.started and again.fresh == {}
    pd.testing.assert_frame_equal(again.kept, earlier.kept)
    pd.testing.assert_frame_equal(again.withheld, earlier.withheld)
