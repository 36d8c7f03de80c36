"""One small invented document per rule for budgets over several financial years (issue
15): the year a movement arrives at, "2019 to 2020" as a year, a year heading row inside
a table, movement and percentage columns beside the grant's spend."""

from __future__ import annotations

from template_variants import plan_2019_context
from word_export import word_export

from pipeline.extract.base import run_extractor
from pipeline.extract.budgets import DOMAIN, NO_FINANCIAL_YEAR
from pipeline.periods import find_financial_year


def _budget(text: str) -> tuple[set[tuple], list]:
    out = run_extractor(DOMAIN, plan_2019_context(text))["budget_contributions"]
    return ({(r.agency, r.contribution_type, r.financial_year, float(r.amount_gbp))
             for r in out.frame.itertuples()}, out.issues)


def _grant(text: str) -> set[tuple]:
    frame = run_extractor(DOMAIN, plan_2019_context(text))["grant_spend"].frame
    return {(r.item_label, r.financial_year, float(r.amount_gbp), bool(r.is_total))
            for r in frame.itertuples()}


def test_a_movement_column_naming_no_year_arrives_at_the_latest_printed_year() -> None:
    text = word_export(["Partner contributions", [
        "Agency", "2020/21 £", "2021/22 £", "Variance",
        "Police", "50,000", "45,000", "-5,000",
        "Health", "20,000", "26,000", "6,000",
        "Local Authority", "300,000", "310,000", "10,000"], "Text after."])
    rows, _ = _budget(text)
    assert {r for r in rows if r[1] == "change"} == {
        ("police", "change", "2021-22", -5000.0), ("health", "change", "2021-22", 6000.0),
        ("local_authority", "change", "2021-22", 10000.0)}
    assert ("police", "total", "2020-21", 50000.0) in rows


def test_a_percentage_beside_the_years_is_not_published() -> None:
    text = "Budget by partner\n\nAgency\t2018/19\t2019/20\t%\nPolice\t40,000\t44,000\t10.0%\n" \
           "Health\t10,000\t9,000\t-10.0%\nProbation\t5,000\t6,000\t20.0%\n\nText after.\n"
    rows, _ = _budget(text)
    assert {r[3] for r in rows} == {40000.0, 44000.0, 10000.0, 9000.0, 5000.0, 6000.0}


def test_years_printed_in_words_head_their_columns() -> None:
    assert find_financial_year("2019 to 2020 (£)") is None  # in running text: two years
    assert find_financial_year("2019 to 2020 (£)", allow_words=True) == (2019, "2019 to 2020")
    assert find_financial_year("2019 to 2021", allow_words=True) is None
    text = word_export(["Partner contributions", [
        "Agency", "2018 to 2019", "2019 to 2020",
        "Police", "£12,000", "£13,000", "Health", "£7,000", "£8,000",
        "Probation", "£3,000", "£4,000"], "Text after."])
    rows, _ = _budget(text)
    assert ("police", "total", "2018-19", 12000.0) in rows
    assert ("probation", "total", "2019-20", 4000.0) in rows


def test_a_year_heading_row_gives_the_rows_below_it_their_year() -> None:
    text = "Partner contributions\n\nAgency\tStaffing costs\tTotal\n2018/19\t\t\n" \
           "Police\t30,000\t30,000\nHealth\t20,000\t20,000\nFinancial year 2019/20\t\t\n" \
           "Police\t31,000\t31,000\nHealth\t21,000\t21,000\n\nText after.\n"
    rows, _ = _budget(text)
    assert {(r[0], r[2], r[3]) for r in rows if r[1] == "staffing_costs"} == {
        ("police", "2018-19", 30000.0), ("health", "2018-19", 20000.0),
        ("police", "2019-20", 31000.0), ("health", "2019-20", 21000.0)}


def test_rows_above_the_first_year_heading_have_no_year_and_are_left_out() -> None:
    text = "Partner contributions\n\nAgency\tTotal\nPolice\t30,000\nHealth\t20,000\n" \
           "2020/21\t\nPolice\t31,000\nHealth\t21,000\nProbation\t5,000\n\nText after.\n"
    rows, issues = _budget(text)
    assert rows == {("police", "total", "2020-21", 31000.0),
                    ("health", "total", "2020-21", 21000.0),
                    ("probation", "total", "2020-21", 5000.0)}
    assert sum(issue.code == NO_FINANCIAL_YEAR for issue in issues) == 2


def test_a_column_printing_its_own_year_keeps_it_under_a_year_heading() -> None:
    text = "Partner contributions\n\nAgency\t2017/18 total\tStaffing costs\n2018/19\t\t\n" \
           "Police\t29,000\t30,000\nHealth\t19,000\t20,000\n\nText after.\n"
    rows, _ = _budget(text)
    assert rows == {("police", "total", "2017-18", 29000.0),
                    ("health", "total", "2017-18", 19000.0),
                    ("police", "staffing_costs", "2018-19", 30000.0),
                    ("health", "staffing_costs", "2018-19", 20000.0)}


def test_a_movement_beside_the_grant_spend_is_no_spend() -> None:
    text = "Use of the YJB grant\n\nActivity\t2018/19 (£)\t2019/20 (£)\tChange\n" \
           "Prevention\t£10,000\t£12,000\t£2,000\nCourt work\t£8,000\t£6,000\t-£2,000\n" \
           "Total\t£18,000\t£18,000\t£0\n\nText after.\n"
    assert _grant(text) == {
        ("Prevention", "2018-19", 10000.0, False), ("Court work", "2018-19", 8000.0, False),
        ("Total", "2018-19", 18000.0, True), ("Prevention", "2019-20", 12000.0, False),
        ("Court work", "2019-20", 6000.0, False), ("Total", "2019-20", 18000.0, True)}


def test_a_year_heading_row_in_a_grant_table() -> None:
    text = word_export(["YJB grant spend", [
        "Activity", "Amount (£)", "2019/20", "", "Prevention", "10,000", "Court work",
        "8,000", "2020/21", "", "Prevention", "11,000", "Court work", "9,000"], "Text after."])
    assert _grant(text) == {
        ("Prevention", "2019-20", 10000.0, False), ("Court work", "2019-20", 8000.0, False),
        ("Prevention", "2020-21", 11000.0, False), ("Court work", "2020-21", 9000.0, False)}
