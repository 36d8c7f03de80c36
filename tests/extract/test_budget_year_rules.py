"""Rules for budgets over two years and rows out of step (issue 17), each on a small
invented table."""

from __future__ import annotations

from template_variants import plan_2019_context

from pipeline.extract.base import run_extractor
from pipeline.extract.budgets import DOMAIN, NO_FINANCIAL_YEAR, ROW_NOT_READ, TABLE_NOT_READ


def _read(text: str):
    return run_extractor(DOMAIN, plan_2019_context(text))["budget_contributions"]


def _rows(text: str) -> set[tuple]:
    return {(r.agency, r.contribution_type, r.financial_year, float(r.amount_gbp),
             int(r.source_line)) for r in _read(text).frame.itertuples()}


def test_a_year_column_gives_each_row_its_year_and_an_empty_label_is_the_one_above():
    text = ("Intro.\n\nPartner contributions\n\nAgency\tYear\tStaffing costs\tTotal\n"
            "Police\t2018/19\t£10,100\t£10,100\n\t2019/20\t£10,200\t£10,200\n"
            "Health\t2018/19\t£20,100\t£20,100\n\t2019/20\t£20,200\t£20,200\n\nAfter.\n")
    assert _rows(text) == {
        ("police", "staffing_costs", "2018-19", 10100.0, 6), ("police", "total", "2018-19",
                                                               10100.0, 6),
        ("police", "staffing_costs", "2019-20", 10200.0, 7), ("police", "total", "2019-20",
                                                               10200.0, 7),
        ("health", "staffing_costs", "2018-19", 20100.0, 8), ("health", "total", "2018-19",
                                                               20100.0, 8),
        ("health", "staffing_costs", "2019-20", 20200.0, 9), ("health", "total", "2019-20",
                                                               20200.0, 9)}


def test_a_header_repeated_with_a_year_in_its_stub_heads_that_years_rows():
    text = ("Intro.\n\nPartner contributions\n\n2018/19\tStaffing costs\tTotal\n"
            "Police\t£10,100\t£10,100\n2019/20\tStaffing costs\tTotal\n"
            "Police\t£10,200\t£10,200\n\nAfter.\n")
    years = {(r[2], r[3]) for r in _rows(text)}
    assert years == {("2018-19", 10100.0), ("2019-20", 10200.0)}


def test_years_run_into_the_labels_give_each_row_its_year():
    text = ("Intro.\n\nPartner contributions\n\nAgency\tStaffing costs\tTotal\n"
            "Police 2018/19\t£10,100\t£10,100\n2019/20\t£10,200\t£10,200\n"
            "Health 2018/19\t£20,100\t£20,100\n2019/20\t£20,200\t£20,200\n\nAfter.\n")
    assert {(r[0], r[2], r[3]) for r in _rows(text)} == {
        ("police", "2018-19", 10100.0), ("police", "2019-20", 10200.0),
        ("health", "2018-19", 20100.0), ("health", "2019-20", 20200.0)}


def test_a_sentence_naming_another_year_without_money_words_leaves_the_year_out():
    text = ("Intro.\n\nIn 2018/19 the partners gave as follows.\n\nAgency\tStaffing costs\t"
            "Total\nPolice\t£10,100\t£10,100\nHealth\t£20,100\t£20,100\n\nAfter.\n")
    out = _read(text)
    assert out.frame.empty
    assert any(issue.code == NO_FINANCIAL_YEAR for issue in out.issues)


def test_year_heading_rows_of_a_table_printed_the_other_way_round():
    text = ("Intro.\n\nPartner contributions\n\n\tPolice\tHealth\n2018/19\t\t\n"
            "Staffing costs\t£10,100\t£20,100\n2019/20\t\t\n"
            "Staffing costs\t£10,200\t£20,200\n\nAfter.\n")
    assert {(r[0], r[2], r[3]) for r in _rows(text)} == {
        ("police", "2018-19", 10100.0), ("health", "2018-19", 20100.0),
        ("police", "2019-20", 10200.0), ("health", "2019-20", 20200.0)}


def test_a_year_cell_out_of_step_leaves_the_years_out():
    text = ("Intro.\n\nPartner contributions\n\nAgency\tStaffing costs\tTotal\t\n"
            "Police\t£10,100\t£10,100\t\nHealth\t£20,100\t£20,100\t2019/20\n"
            "Probation\t£30,100\t£30,100\t\n\nAfter.\n")
    assert _read(text).frame.empty


def test_a_label_among_the_amounts_leaves_the_table_out():
    text = ("Intro.\n\nPartner contributions\n\nAgency\tStaffing costs\tTotal\n"
            "Police\t£10,100\tHealth\nHealth\t£20,100\t£20,100\n\nAfter.\n")
    out = _read(text)
    assert out.frame.empty
    assert any(issue.code == TABLE_NOT_READ for issue in out.issues)


def test_a_label_cut_over_two_rows_and_a_row_without_its_total_are_left_out():
    text = ("Intro.\n\nPartner contributions\n\nAgency\tStaffing costs\tIn kind\tTotal\n"
            "Police\t£10,100\t£1,000\t£11,100\nLocal\t\t\t\nAuthority\t£20,100\t£2,000\t"
            "£22,100\nHealth\t£30,100\t£3,000\t\nProbation\t£40,100\t£4,000\t£44,100\n"
            "\nAfter.\n")
    out = _read(text)
    assert set(out.frame["agency"]) == {"police", "probation"}
    assert sum(issue.code == ROW_NOT_READ for issue in out.issues) == 2
