"""Whole documents as ``pdftotext -layout`` prints a plan's PDF (issue 15), read through
the extractors: a YJB-style data summary, a partner budget and a staffing table, each
with what such text brings: headings wrapped in narrow columns, rows that print a label
and no values (a partner giving nothing, an ethnic group with no staff), an empty change
row before the next measure, a footnote mark run into an amount, and upper headings over
"M  F" columns, some of them empty. Every document is invented for the test; each
number must be published with its labels on the line it is printed on, and nothing else.
"""

from __future__ import annotations

from template_variants import plan_2019_context

from pipeline.extract.base import context_from_text, run_extractor
from pipeline.extract.budgets import DOMAIN as BUDGETS
from pipeline.extract.kpi import DOMAIN as KPI
from pipeline.extract.people import DOMAIN as PEOPLE

DATA_SUMMARY = "\n".join([
    "Summary of performance (YJB data summary, March 2019)",
    "",
    "                                        Wigan       North West   England",
    "First time entrants rate per 100,000 of 10-17 population",
    "Jan 18 - Dec 18                            254          243         238",
    "Jan 17 - Dec 17                            349          260         296",
    "percent change from selected baseline   -27.2%        -6.5%      -19.6%",
    "Use of custody rate per 1,000 of 10-17 population",
    "Apr 18 - Mar 19                           0.40         0.37        0.30",
    "Apr 17 - Mar 18                           0.60         0.41        0.38",
    "change from selected baseline",
    "Reoffending rates after 12 months",
    "Binary rate - Jul 16 - Jun 17 cohort     41.3%        40.0%       39.2%",
    "Binary rate - Jul 15 - Jun 16 cohort     38.9%        41.2%       41.8%",
    "",
])

PARTNER_BUDGET = "\n".join([
    "Appendix 2: Partner contributions to the youth justice partnership budget 2019/20",
    "",
    "Agency                     Staffing      Payments     Other             Total",
    "                           costs (£)     in kind (£)  delegated",
    "                                                      funds (£)",
    "Police and Crime",
    "Commissioner",
    "Police                        52,000                       3,000        55,000",
    "Probation                     21,5001                                   21,500",
    "Health (CCG)                  38,200        6,000                       44,200",
    "Welsh Government",
    "Local Authority              410,250       12,000         88,000       510,250",
    "YJB Good Practice Grant      301,000                                  301,000",
    "Total                        822,950       18,000         91,000       931,950",
    "",
    "1 includes a part-year post",
    "",
])

STAFFING = "\n".join([
    "Staffing of the service by gender and ethnicity",
    "",
    "Ethnicity                Managers      Practitioners   Administrative   Volunteer     Total",
    "                         Strategic",
    "                         M      F      M       F       M  "
    "     F        M      F      M      F",
    "White British                   1      4      11          "
    "     3        6      9      10     24",
    "White Irish",
    "Other White",
    "Mixed                                  1       2          "
    "                     1       1      3",
    "Asian or Asian British",
    "Black or Black British                         1          "
    "              2              2      1",
    "Total                           1      5      14          "
    "     3        8     10      13     28",
    "",
])


def _printed_on_its_line(text: str, value: float, line: int) -> bool:
    printed = text.split("\n")[line - 1].replace(",", "")
    return f"{value:g}" in printed or f"{value:.2f}" in printed


def test_a_data_summary_laid_out_by_spaces():
    context = context_from_text(DATA_SUMMARY, document_id="layout", yot_id="wigan")
    frame = run_extractor(KPI, context)["kpi_observations"].frame
    found = {(r.indicator, r.subject_id, r.period_label, float(r.value), int(r.source_line))
             for r in frame.itertuples()}
    areas = ("wigan", "north-west", "england")
    expected = {
        *(("first_time_entrants_rate", a, "Jan 18 - Dec 18", v, 5)
          for a, v in zip(areas, (254.0, 243.0, 238.0), strict=True)),
        *(("first_time_entrants_rate", a, "Jan 17 - Dec 17", v, 6)
          for a, v in zip(areas, (349.0, 260.0, 296.0), strict=True)),
        *(("custody_rate", a, "Apr 18 - Mar 19", v, 9)
          for a, v in zip(areas, (0.40, 0.37, 0.30), strict=True)),
        *(("custody_rate", a, "Apr 17 - Mar 18", v, 10)
          for a, v in zip(areas, (0.60, 0.41, 0.38), strict=True)),
        *(("reoffending_rate", a, "Jul 16 - Jun 17", v, 13)
          for a, v in zip(areas, (41.3, 40.0, 39.2), strict=True)),
        *(("reoffending_rate", a, "Jul 15 - Jun 16", v, 14)
          for a, v in zip(areas, (38.9, 41.2, 41.8), strict=True)),
    }
    assert found == expected


def test_a_partner_budget_laid_out_by_spaces():
    output = run_extractor(BUDGETS, plan_2019_context(PARTNER_BUDGET))["budget_contributions"]
    found = {(r.agency, r.contribution_type, float(r.amount_gbp), int(r.source_line))
             for r in output.frame.itertuples() if r.agency != "total"}
    assert found == {
        ("police", "staffing_costs", 52000.0, 8), ("police", "other_delegated_funds", 3000.0, 8),
        ("police", "total", 55000.0, 8),
        ("probation", "staffing_costs", 21500.0, 9), ("probation", "total", 21500.0, 9),
        ("health", "staffing_costs", 38200.0, 10), ("health", "payments_in_kind", 6000.0, 10),
        ("health", "total", 44200.0, 10),
        ("local_authority", "staffing_costs", 410250.0, 12),
        ("local_authority", "payments_in_kind", 12000.0, 12),
        ("local_authority", "other_delegated_funds", 88000.0, 12),
        ("local_authority", "total", 510250.0, 12),
        ("youth_justice_board", "staffing_costs", 301000.0, 13),
        ("youth_justice_board", "total", 301000.0, 13)}
    assert all(r.financial_year == "2019-20" for r in output.frame.itertuples())
    # the amount with its footnote mark run in is reported where it is printed
    assert 9 in {issue.source_line for issue in output.issues}


def test_a_staffing_table_laid_out_by_spaces():
    frame = run_extractor(PEOPLE, plan_2019_context(STAFFING))["workforce"].frame
    found = {(r.role, r.gender, r.ethnicity, float(r.value), int(r.source_line))
             for r in frame.itertuples() if r.ethnicity != "total" and r.role != "total"}
    assert found == {
        ("strategic_manager", "female", "white_british", 1.0, 6),
        ("practitioner", "male", "white_british", 4.0, 6),
        ("practitioner", "female", "white_british", 11.0, 6),
        ("administrator", "female", "white_british", 3.0, 6),
        ("volunteer", "male", "white_british", 6.0, 6),
        ("volunteer", "female", "white_british", 9.0, 6),
        ("practitioner", "male", "mixed", 1.0, 9),
        ("practitioner", "female", "mixed", 2.0, 9),
        ("volunteer", "female", "mixed", 1.0, 9),
        ("practitioner", "female", "black", 1.0, 11),
        ("volunteer", "male", "black", 2.0, 11)}
    for r in frame.itertuples():  # totals too: every number on the line it is printed on
        assert _printed_on_its_line(STAFFING, float(r.value), int(r.source_line))


def test_a_yearly_series_of_one_row_without_a_label():
    """A row of counts with no label under the years that head them, captioned above."""
    text = "\n".join([
        "First Time Entrants", "",
        "The number of first time entrants to the youth justice system in Wigan:", "",
        "   2015/16   2016/17   2017/18   2018/19",
        "        31        24         9        17", ""])
    context = context_from_text(text, document_id="layout", yot_id="wigan")
    frame = run_extractor(KPI, context)["kpi_observations"].frame
    assert {(r.indicator, r.subject_id, r.period_label, float(r.value), int(r.source_line))
            for r in frame.itertuples()} == {
        ("first_time_entrants_count", "wigan", period, value, 6)
        for period, value in (("2015/16", 31.0), ("2016/17", 24.0), ("2017/18", 9.0),
                              ("2018/19", 17.0))}
