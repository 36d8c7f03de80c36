"""Budget and grant tables nobody has seen: other orders, headers, units, years and formats.

Each variant is a small document written for the test. Expected rows are worked out
from the printed text, and every extraction runs through `run_extractor`, so the
framework's number-on-its-line filter applies exactly as in the pipeline.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from word_export import word_cells

from pipeline.extract.base import context_from_text, run_extractor
from pipeline.extract.budgets import (
    AMOUNTS_SHARE_LABEL,
    CELL_NOT_READ,
    DOMAIN,
    ROW_NOT_READ,
    UNKNOWN_AGENCY,
    check_budget_sums,
    check_grant_totals,
    contribution_type,
    financial_years,
    resolve_agency,
)
from pipeline.report import TableOutput


def _run(text: str, plan_year: int | None = 2021) -> dict[str, TableOutput]:
    """Extract a variant document published as a one-year plan starting in `plan_year`."""
    if plan_year is None:
        context = context_from_text(text, document_id="variant")
    else:
        context = context_from_text(
            text,
            document_id="variant",
            period_label=f"{plan_year}/{(plan_year + 1) % 100:02d}",
            period_start=dt.date(plan_year, 4, 1),
            period_end=dt.date(plan_year + 1, 3, 31),
        )
    return run_extractor(DOMAIN, context)


def _contributions(output: TableOutput) -> set[tuple]:
    """(line, agency, label, type, year, amount) of every published contribution."""
    return {
        (r.source_line, r.agency, r.agency_label, r.contribution_type, r.financial_year,
         r.amount_gbp)
        for r in output.frame.itertuples()
    }


def _grants(output: TableOutput) -> list[tuple]:
    """(line, priority, item, year, amount, is_total) of every grant row, in order."""
    return [
        (r.source_line, None if pd.isna(r.priority) else r.priority, r.item_label,
         r.financial_year, r.amount_gbp, bool(r.is_total))
        for r in output.frame.itertuples()
    ]


def _codes(output: TableOutput) -> list[tuple[str, int | None]]:
    return sorted((i.code, i.source_line) for i in output.issues)


# --- markdown, £000s in the caption, a caption year other than the plan's -------------------

MARKDOWN_THOUSANDS = """# Anytown Youth Justice Plan 2021/22

## Resources

Table 4: Partner contributions to the pooled budget 2020/21 (£000s)

| Partner | Total | Cash | Staffing costs |
|---|---|---|---|
| **Anytown Borough Council** | 1,200 | 1,200 | - |
| Police | 150 | 100 | 50 |
| Office of the Police and Crime Commissioner | 40.5 | 40.5 | |
| Grand total | 1,390.5 | 1,340.5 | 50 |

The partnership keeps its budget under review.
"""


def test_markdown_table_in_thousands_with_its_caption_year() -> None:
    output = _run(MARKDOWN_THOUSANDS, plan_year=2021)["budget_contributions"]
    year = "2020-21"  # the caption's year, not the plan's 2021-22
    assert _contributions(output) == {
        (9, "local_authority", "Anytown Borough Council", "total", year, 1_200_000.0),
        (9, "local_authority", "Anytown Borough Council", "cash", year, 1_200_000.0),
        (10, "police", "Police", "total", year, 150_000.0),
        (10, "police", "Police", "cash", year, 100_000.0),
        (10, "police", "Police", "staffing_costs", year, 50_000.0),
        (11, "police_and_crime_commissioner", "Office of the Police and Crime Commissioner",
         "total", year, 40_500.0),
        (11, "police_and_crime_commissioner", "Office of the Police and Crime Commissioner",
         "cash", year, 40_500.0),
        (12, "total", "Grand total", "total", year, 1_390_500.0),
        (12, "total", "Grand total", "cash", year, 1_340_500.0),
        (12, "total", "Grand total", "staffing_costs", year, 50_000.0),
    }
    assert set(output.frame["source_table"]) == {"variant#t01"}
    assert output.issues == []
    assert check_budget_sums(output.frame, frozenset()) == []


# --- HTML, a year per column in a spanning header, k amounts, Wales, an unknown agency ------

HTML_YEARS = """Anytown Youth Justice Plan 2020-21

Who funds the service

<table>
<tr><th>Contributor</th><th colspan="2">2019/20</th><th colspan="2">2020/21</th></tr>
<tr><th></th><th>Cash</th><th>In kind</th><th>Cash</th><th>In kind</th></tr>
<tr><td><b>County Council</b></td><td>£500k</td><td>£20k</td><td>£510k</td><td>£21k</td></tr>
<tr><td>Aneurin Bevan University Health Board</td>
<td>£10k</td><td>£5k</td><td>-</td><td>£6k</td></tr>
<tr><td>Welsh Government</td><td>£30k</td><td></td><td>£32k</td><td></td></tr>
<tr><td>Youth Endowment Trust</td><td>£2.5k</td><td></td><td></td><td></td></tr>
<tr><td>Total contributions</td><td>£542.5k</td><td>£25k</td><td>£542k</td><td>£27k</td></tr>
</table>
"""


def test_html_table_with_a_year_per_column_and_k_amounts() -> None:
    output = _run(HTML_YEARS, plan_year=2020)["budget_contributions"]
    assert _contributions(output) == {
        (8, "local_authority", "County Council", "cash", "2019-20", 500_000.0),
        (8, "local_authority", "County Council", "payments_in_kind", "2019-20", 20_000.0),
        (8, "local_authority", "County Council", "cash", "2020-21", 510_000.0),
        (8, "local_authority", "County Council", "payments_in_kind", "2020-21", 21_000.0),
        # the health board's amounts are printed on the line below its name
        (10, "health", "Aneurin Bevan University Health Board", "cash", "2019-20", 10_000.0),
        (10, "health", "Aneurin Bevan University Health Board", "payments_in_kind", "2019-20",
         5_000.0),
        (10, "health", "Aneurin Bevan University Health Board", "payments_in_kind", "2020-21",
         6_000.0),
        (11, "welsh_government", "Welsh Government", "cash", "2019-20", 30_000.0),
        (11, "welsh_government", "Welsh Government", "cash", "2020-21", 32_000.0),
        (12, "other", "Youth Endowment Trust", "cash", "2019-20", 2_500.0),
        (13, "total", "Total contributions", "cash", "2019-20", 542_500.0),
        (13, "total", "Total contributions", "payments_in_kind", "2019-20", 25_000.0),
        (13, "total", "Total contributions", "cash", "2020-21", 542_000.0),
        (13, "total", "Total contributions", "payments_in_kind", "2020-21", 27_000.0),
    }
    # An unknown agency is published as other and noted; the dash is no contribution.
    assert _codes(output) == [(UNKNOWN_AGENCY, 12)]
    assert check_budget_sums(output.frame, frozenset()) == []


# --- TSV with year-only money columns and no year in the caption -----------------------------

TSV_YEAR_COLUMNS = """Budget

Agency\t2021/22 (£)\t2022/23 (£)
Local Authority\t£300,000\t£310,000
Probation Service\t£5,000\t£5,000
NHS Trust\t£12,500\t£12,500
Total\t£317,500\t£327,500
"""


def test_year_only_columns_are_each_agencys_total_for_that_year() -> None:
    output = _run(TSV_YEAR_COLUMNS, plan_year=2022)["budget_contributions"]
    assert _contributions(output) == {
        (4, "local_authority", "Local Authority", "total", "2021-22", 300_000.0),
        (4, "local_authority", "Local Authority", "total", "2022-23", 310_000.0),
        (5, "probation", "Probation Service", "total", "2021-22", 5_000.0),
        (5, "probation", "Probation Service", "total", "2022-23", 5_000.0),
        (6, "health", "NHS Trust", "total", "2021-22", 12_500.0),
        (6, "health", "NHS Trust", "total", "2022-23", 12_500.0),
        (7, "total", "Total", "total", "2021-22", 317_500.0),
        (7, "total", "Total", "total", "2022-23", 327_500.0),
    }
    assert check_budget_sums(output.frame, frozenset()) == []


# --- the label column last, shuffled money columns, no year printed: the plan's year ---------

LABEL_LAST = """Partnership funding

Total (£)\tOther delegated funds (£)\tPayments in kind (£)\tStaffing costs (£)\tOrganisation
£60,000\t£10,000\t£20,000\t£30,000\tCity Council
£45,000\t£45,000\t-\t-\tYJB grant
£105,000\t£55,000\t£20,000\t£30,000\tTotal
"""


def test_columns_in_another_order_with_the_labels_last() -> None:
    output = _run(LABEL_LAST, plan_year=2019)["budget_contributions"]
    year = "2019-20"
    assert _contributions(output) == {
        (4, "local_authority", "City Council", "total", year, 60_000.0),
        (4, "local_authority", "City Council", "other_delegated_funds", year, 10_000.0),
        (4, "local_authority", "City Council", "payments_in_kind", year, 20_000.0),
        (4, "local_authority", "City Council", "staffing_costs", year, 30_000.0),
        (5, "youth_justice_board", "YJB grant", "total", year, 45_000.0),
        (5, "youth_justice_board", "YJB grant", "other_delegated_funds", year, 45_000.0),
        (6, "total", "Total", "total", year, 105_000.0),
        (6, "total", "Total", "other_delegated_funds", year, 55_000.0),
        (6, "total", "Total", "payments_in_kind", year, 20_000.0),
        (6, "total", "Total", "staffing_costs", year, 30_000.0),
    }


# --- a movement column, free-text staff, and cells that might hide a number ------------------

MOVEMENT_AND_MARKERS = """Resources 2023/24

Partner\t23/24 Revenue\tMovement 21/22 to 23/24\tStaff\tCash (£)
Borough Council\t£400,000\t-£12,000\t2 FTE case managers\t£400,000
Constabulary\t£60,000\t£1,500\t1 seconded officer\t*
Clinical Commissioning Group\tTBC\t£0\t\tn/a
Sub-total\t£460,000\t\t\t£400,000
Probation\t£7,000\t\t0.5 FTE officer\t90 000
"""


def test_movement_free_text_and_unreadable_cells() -> None:
    output = _run(MOVEMENT_AND_MARKERS, plan_year=2022)["budget_contributions"]
    year = "2023-24"  # the headers' own year, not the caption's or the plan's
    assert _contributions(output) == {
        (4, "local_authority", "Borough Council", "revenue", year, 400_000.0),
        (4, "local_authority", "Borough Council", "change", year, -12_000.0),
        (4, "local_authority", "Borough Council", "cash", year, 400_000.0),
        (5, "police", "Constabulary", "revenue", year, 60_000.0),
        (5, "police", "Constabulary", "change", year, 1_500.0),
        (6, "health", "Clinical Commissioning Group", "change", year, 0.0),
        (8, "probation", "Probation", "revenue", year, 7_000.0),
    }
    # "*", "TBC", "n/a" and the space-grouped "90 000" are reported, never guessed; the
    # free-text staff column is not an amount and is not reported; the sub-total is left
    # out so that it cannot be counted as an agency.
    assert _codes(output) == [
        (CELL_NOT_READ, 5), (CELL_NOT_READ, 6), (CELL_NOT_READ, 6), (CELL_NOT_READ, 8),
        (ROW_NOT_READ, 7),
    ]


# --- grant tables ---------------------------------------------------------------------------

GRANT_MARKDOWN = """## Youth Justice Grant spend 2022/23

| Item | Amount (£000s) |
|---|---|
| Case managers | 120 |
| Training | £8.5k |
| Grand total | 128.5 |
"""


def test_grant_table_in_markdown_with_thousands_and_a_grand_total() -> None:
    output = _run(GRANT_MARKDOWN, plan_year=2023)["grant_spend"]
    assert _grants(output) == [
        (5, None, "Case managers", "2022-23", 120_000.0, False),
        (6, None, "Training", "2022-23", 8_500.0, False),
        (7, None, "Grand total", "2022-23", 128_500.0, True),
    ]
    assert check_grant_totals(output.frame, frozenset()) == []


GRANT_PRIORITIES = """How we will use the YJB grant

<table>
<tr><th>Priority</th><th>Spend area</th><th>Budget</th></tr>
<tr><td rowspan="2">Fewer entrants</td><td>Prevention; Triage</td><td>£40,000 £25,000</td></tr>
<tr><td>Out of court panel</td><td>£15,000</td></tr>
<tr><td>Victims</td><td>Reparation Victim work</td><td>£9,000 £11,000</td></tr>
<tr><td>Total</td><td></td><td>£100,000</td></tr>
</table>
"""


def test_grant_priorities_with_several_amounts_in_one_cell() -> None:
    output = _run(GRANT_PRIORITIES, plan_year=2021)["grant_spend"]
    first = "Fewer entrants"
    assert _grants(output) == [
        (5, first, "Prevention", "2021-22", 40_000.0, False),
        (5, first, "Triage", "2021-22", 25_000.0, False),
        (6, first, "Out of court panel", "2021-22", 15_000.0, False),  # priority carried
        (7, "Victims", "Reparation Victim work", "2021-22", 9_000.0, False),
        (7, "Victims", "Reparation Victim work", "2021-22", 11_000.0, False),
        (8, None, "Total", "2021-22", 100_000.0, True),
    ]
    assert _codes(output) == [(AMOUNTS_SHARE_LABEL, 7)]
    positions = output.frame.set_index("amount_gbp")["item_position"].to_dict()
    assert (positions[9_000.0], positions[11_000.0], positions[15_000.0]) == (1, 2, 1)
    assert check_grant_totals(output.frame, frozenset()) == []


# --- tables that are not budgets or grants ----------------------------------------------------

NOT_MONEY = """YOS Staff by agency

Agency\tMale\tFemale\tTotal
Police\t2\t1\t3
Probation\t0\t1\t1
Total\t2\t2\t4

Remand costs

Activity\tCost
Secure children's home nights\t£120,000
Total\t£120,000

First time entrants (rate per 100,000)

YOT\t2019/20\t2020/21
Anytown\t230\t210
England\t208\t190
"""


def test_headcounts_other_costs_and_indicators_are_not_budgets() -> None:
    outputs = _run(NOT_MONEY, plan_year=2021)
    assert outputs["budget_contributions"].frame.empty
    assert outputs["grant_spend"].frame.empty
    assert not [i for o in outputs.values() for i in o.issues]


# --- reference data and header reading ---------------------------------------------------------

@pytest.mark.parametrize(
    ("label", "agency"),
    [
        ("Police and Crime Commissioner for Dorset", "police_and_crime_commissioner"),
        ("Office Police, Fire and Crime Commissioner", "police_and_crime_commissioner"),
        ("Police & Crime Commissioner", "police_and_crime_commissioner"),
        ("Police Service", "police"),
        ("Early Intervention Youth Fund (via OPFCC)", "other"),
        ("Youth Justice Grant (via the Local Authority)", "youth_justice_board"),
        ("Other (LA Substance Misuse)", "other"),
        ("Dorset Healthcare University Foundation Trust", "health"),
        ("Dorset Probation Trust", "probation"),
        ("Bournemouth Borough Council", "local_authority"),
        ("Youth Justice Board Good Practice Grant (including JAC Grant)", "youth_justice_board"),
        ("<b>Total</b>", "total"),
        ("Total contributions", "total"),
        ("Anytown Rotary Club", None),
    ],
)
def test_agency_labels_resolve_by_the_most_specific_keyword(label: str, agency: str | None
                                                            ) -> None:
    assert resolve_agency(label) == agency


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("Payments in kind – revenue (£)", "payments_in_kind"),
        ("2020/21 Cash & Kind", "cash_and_kind"),
        ("2020/21 Cash", "cash"),
        ("Movement 14/15 to 17/18", "change"),
        ("17/18 Revenue excluding recharges", "revenue"),
        ("Staff", None),
        ("Staffing", "staffing_costs"),
        ("% of total", None),
        ("2019/20 (£)", "total"),
    ],
)
def test_contribution_types_from_headers(header: str, kind: str | None) -> None:
    assert contribution_type(header)[0] == kind


def test_financial_years_in_printed_order() -> None:
    assert [start for start, _ in financial_years("Movement 14/15 to 17/18")] == [2014, 2017]
    assert [start for start, _ in financial_years("17/18 to 2019/20")] == [2017, 2019]


def test_a_multi_year_plan_prints_its_first_years_budget_and_two_alike_columns_are_left_out():
    import datetime as dt

    from pipeline.extract.base import context_from_text
    from pipeline.extract.budgets import FIRST_YEAR_OF_PLAN, SAME_COLUMN_TWICE, extract_budgets

    text = "\n".join([
        "Partner contributions", "",
        "Agency\tStaffing costs\tTotal", "Police\t10,000\t10,000", "Health\t5,000\t5,000",
        "Total\t15,000\t15,000"])
    ctx = context_from_text(text, period_label="2019-2022", period_start=dt.date(2019, 4, 1),
                            period_end=dt.date(2022, 3, 31))
    rows = extract_budgets(ctx)["budget_contributions"]
    assert set(rows.columns["financial_year"]) == {"2019-20"}
    assert FIRST_YEAR_OF_PLAN in {i.code for i in rows.issues}
    alike = "\n".join([
        "Partner contributions 2019/20", "",
        "Agency\tContribution (£)\tTotal (£)", "Police\t10,000\t10,000",
        "Health\t5,000\t5,000"])
    rows = extract_budgets(context_from_text(alike))["budget_contributions"]
    assert rows.length == 0
    assert SAME_COLUMN_TWICE in {i.code for i in rows.issues}


def test_the_grants_statement_of_account_and_an_unplaced_budget_are_not_grant_spend() -> None:
    statement = """Youth justice grant: statement of account

| Item | Amount (£) |
|---|---|
| A. Balance of grant held at 1 April 2018 | £0 |
| B. Grant offered for the year to 31 March 2019 | £350,225 |
| C. Grant entitlement for the year to 31 March 2019 | £350,225 |
"""
    assert _run(statement)["grant_spend"].frame.empty
    unplaced = """YJB grant and partner budget 2019/20

| Item | Staffing costs | Payments in kind | Other delegated funds |
|---|---|---|---|
| Salaries | £152,700 | £85,000 | £129,500 |
| Equipment | £1,500 | | |
"""
    assert _run(unplaced)["grant_spend"].frame.empty


def test_a_costed_plan_printed_as_word_cells_after_a_long_introduction() -> None:
    cells = ["Outcome", "Activity", "Description", "Indicative cost",
             "Reducing reoffending", "Cohort work", "Targeted interventions for the "
             "re-offending cohort, delivered by specialist officers.", "£32k",
             "Reducing first time entrants", "Quality assurance", "A revised quality "
             "assurance process across the service.", "£20k"]
    text = ("YJB Good Practice Grant funding 2019/20\r\n"
            + "".join(f"Paragraph {n} of the introduction to the plan.\r\n" for n in range(8))
            + "\r\n" * 6 + word_cells(*cells))
    found = _grants(_run(text, plan_year=2019)["grant_spend"])
    assert [(item, year, amount) for _, _, item, year, amount, _ in found] == [
        ("Cohort work", "2019-20", 32_000.0),  # the Activity column names the item
        ("Quality assurance", "2019-20", 20_000.0)]


def test_side_by_side_contributions_and_expenditure_with_the_total_found_by_sum() -> None:
    """Two narrow tables in one Word table; the contributions' last row names no agency
    but is the sum of the rows above, so it is the total; the council by its initials."""
    cells = ["Contributions", "", "Expenditure", "",
             "", "£", "", "£",
             "DCC", "400,000", "Staffing", "500,000",
             "Police", "50,000", "Overheads", "90,000",
             "Health", "20,000", "Activities", "30,000",
             "YJB grant", "150,000", "Total expenditure", "620,000",
             "Contributions for the year", "620,000", "Variance", "0"]
    text = "Budget for 2021/22\r\n" + word_cells(*cells)
    context = context_from_text(text, document_id="variant", period_label="2021/22",
                                period_start=dt.date(2021, 4, 1),
                                period_end=dt.date(2022, 3, 31))
    output = run_extractor(DOMAIN, context)["budget_contributions"]
    found = {(r.agency, r.agency_label, r.amount_gbp) for r in output.frame.itertuples()}
    assert found == {("local_authority", "DCC", 400_000.0), ("police", "Police", 50_000.0),
                     ("health", "Health", 20_000.0),
                     ("youth_justice_board", "YJB grant", 150_000.0),
                     ("total", "Contributions for the year", 620_000.0)}
    assert not [i for i in output.issues if i.code == UNKNOWN_AGENCY]


def test_a_last_row_that_is_not_the_sum_stays_an_unknown_agency() -> None:
    text = ("Partner contributions 2021/22\r\n"
            + word_cells("Agency", "Total", "Police", "50,000", "Health", "20,000",
                         "Other partners", "60,000"))
    output = _run(text)["budget_contributions"]
    assert {r.agency for r in output.frame.itertuples()} == {"police", "health", "other"}


def test_contribution_types_from_section_rows_over_a_pound_column() -> None:
    """Columns headed only "£", the funding type in heading rows between the agencies."""
    text = ("Partner contributions 2021/22\r\n"
            + word_cells("Agency", "£",
                         "Staffing costs", "",
                         "Police", "40,000", "Health", "25,000",
                         "Payments in kind", "",
                         "Police", "5,000", "Local authority", "12,000",
                         "Total", "82,000"))
    output = _run(text)["budget_contributions"]
    assert {(r.agency, r.contribution_type, r.amount_gbp)
            for r in output.frame.itertuples()} == {
        ("police", "staffing_costs", 40_000.0), ("health", "staffing_costs", 25_000.0),
        ("police", "payments_in_kind", 5_000.0),
        ("local_authority", "payments_in_kind", 12_000.0),
        ("total", "total", 82_000.0)}  # the sum of every section: the grand total


def test_a_headerless_grant_grid_in_a_plan_for_several_years_takes_the_budgets_year() -> None:
    """Objective, area and "share amount" cells with no header row, under a sentence
    naming the grant; the plan runs 2019-2022 and its contributions table is for 2021/22."""
    budget = ("Partner contributions 2021/22\r\n"
              + word_cells("Agency", "Staffing costs", "Total", "Police", "10,000", "10,000",
                           "YJB", "100,000", "100,000", "Total", "110,000", "110,000"))
    grant = ("The YJB good practice grant has been budgeted as follows:\r\n"
             + word_cells("Objective One", "Reoffending", "60% £60,000",
                          "Objective Two", "First time entrants", "30% £30,000",
                          "", "Safeguarding", "10% £10,000"))
    context = context_from_text(budget + "\r\n" + grant, document_id="variant",
                                period_label="2019-2022", period_start=dt.date(2019, 4, 1),
                                period_end=dt.date(2022, 3, 31))
    found = _grants(run_extractor(DOMAIN, context)["grant_spend"])
    assert [(item, year, amount) for _, _, item, year, amount, _ in found] == [
        ("Reoffending", "2021-22", 60_000.0), ("First time entrants", "2021-22", 30_000.0),
        ("Safeguarding", "2021-22", 10_000.0)]


def _income_by_source(yot_id: str) -> set[tuple]:
    """A transposed income table whose last source column is the template's combined
    "Other Source / Welsh Government" heading."""
    text = ("Income to the partnership 2021/22\r\n"
            + word_cells("Income", "YJB Grant", "Council", "Other Source / Welsh Government",
                         "Total", "Cash", "£1,000", "£2,000", "£300", "£3,300"))
    context = context_from_text(text, document_id="variant", yot_id=yot_id,
                                period_label="2021/22", period_start=dt.date(2021, 4, 1),
                                period_end=dt.date(2022, 3, 31))
    frame = run_extractor(DOMAIN, context)["budget_contributions"].frame
    return {(r.agency, r.amount_gbp) for r in frame.itertuples()}


@pytest.mark.parametrize(("yot_id", "agency"), [("darlington", "other"),
                                                 ("powys", "welsh_government")])
def test_the_combined_other_or_welsh_government_heading_follows_the_services_nation(
        yot_id: str, agency: str) -> None:
    """An English service cannot be funded by the Welsh Government: the combined heading
    is its other sources; a Welsh service's money under it is the Welsh Government's."""
    assert (agency, 300.0) in _income_by_source(yot_id)


def test_a_headerless_list_of_contributors_and_amounts_is_each_agencys_total() -> None:
    """Agencies with one amount each and no header row (a tab-aligned list under a
    caption, the year in the sentence above) are contributions, not grant spend, even
    when the sentence mentions the grant."""
    text = ("The partners fund the service for 2021/22 as below, beside the youth justice grant.\n"
            "\n"
            "Partner funding\n"
            "Police\t\t\t£40,000\n"
            "Probation\t\t£6,000 \n"
            "Borough Council\t£150,000\n"
            "Total\t\t\t£196,000\n")
    outputs = _run(text)
    assert _contributions(outputs["budget_contributions"]) == {
        (4, "police", "Police", "total", "2021-22", 40_000.0),
        (5, "probation", "Probation", "total", "2021-22", 6_000.0),
        (6, "local_authority", "Borough Council", "total", "2021-22", 150_000.0),
        (7, "total", "Total", "total", "2021-22", 196_000.0),
    }
    assert outputs["grant_spend"].frame.empty
