"""KPI tables nobody has seen: other services, years, column orders, wordings and formats.

Each document here is written for the test. The extractor must read them from their
structure and labels alone, exactly as it reads the corpus.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from word_export import word_cells as _cells

from pipeline.extract.base import context_from_text, run_extractor
from pipeline.extract.kpi import (
    AMBIGUOUS_INDICATOR,
    BOUND_NOT_VALUE,
    DOMAIN,
    LOCAL_AUTHORITY_SUBJECT,
    UNIT_NOT_STATED,
    UNKNOWN_AREA,
    UNKNOWN_AREA_IN_LABEL,
    UNKNOWN_INDICATOR,
    UNLABELLED_NUMBERS,
    kpi_wide,
)
from pipeline.report import TableOutput

D = dt.date


def extract(text: str, yot_id: str, document_id: str = "variant") -> TableOutput:
    context = context_from_text(text, document_id=document_id, yot_id=yot_id)
    return run_extractor(DOMAIN, context)["kpi_observations"]


def rows(frame: pd.DataFrame, *columns: str) -> set[tuple[object, ...]]:
    picked = frame.loc[:, list(columns)].astype(object)
    return {tuple(None if pd.isna(v) else v for v in row)
            for row in picked.itertuples(index=False)}


# 1. Markdown, years in descending order, area names written differently.
MARKDOWN_DESCENDING = """\
## Performance against national indicators

**First time entrants (rate per 100,000 of 10-17 population, 12 months ending December)**

| Area | 2018 | 2017 | 2016 |
|---|---:|---:|---:|
| **Leicestershire** | 180 | 201 | 233 |
| Nottinghamshire YOS | 298 | 315 | 331 |
| Notts | 298 | 315 | 331 |
| Cheshire West & Chester | n/a | 250 | - |
| Family average | 212 | 244 | 312 |
| Region | 237 | 260 | 301 |
| England & Wales | 238 | 296 | 332 |

Source: YJB.
"""


def test_markdown_comparator_with_years_in_another_order() -> None:
    output = extract(MARKDOWN_DESCENDING, "leicestershire")
    frame = output.frame
    assert len(frame) == 21
    assert set(frame["indicator"]) == {"first_time_entrants_rate"}
    assert set(frame["unit"]) == {"per_100000"}
    assert rows(frame[frame["period_label"] == "2016"], "source_line", "subject_label",
                "subject_type", "subject_id", "value", "value_status") == {
        (7, "Leicestershire", "yot", "leicestershire", 233.0, "reported"),
        (8, "Nottinghamshire YOS", "yot", "nottinghamshire", 331.0, "reported"),
        (9, "Notts", "yot", "nottinghamshire", 331.0, "reported"),
        (10, "Cheshire West & Chester", "local_authority", "E06000050", None, "suppressed"),
        (11, "Family average", "family_group", None, 312.0, "reported"),
        (12, "Region", "region", "east-midlands", 301.0, "reported"),
        (13, "England & Wales", "national", "england-and-wales", 332.0, "reported"),
    }
    cheshire = frame[frame["subject_label"] == "Cheshire West & Chester"]
    assert rows(cheshire, "period_label", "value", "value_status") == {
        ("2018", None, "not_available"), ("2017", 250.0, "reported"),
        ("2016", None, "suppressed")}
    assert rows(frame[frame["subject_label"] == "Leicestershire"], "period_label",
                "period_start", "period_end") == {
        (str(y), D(y, 1, 1), D(y, 12, 31)) for y in (2016, 2017, 2018)}
    assert [i.code for i in output.issues] == [LOCAL_AUTHORITY_SUBJECT]


# 2. Transposed tables: years (or financial years) as rows, areas as columns.
TRANSPOSED = """\
<table>
<caption>Use of custody (rate per 1,000 10-17 population, 12 months ending March)</caption>
<tr><th>Year</th><th>Leicestershire</th><th>Comparator group average</th><th>England</th></tr>
<tr><td>2017</td><td><b>0.20</b></td><td>0.27</td><td>0.44</td></tr>
<tr><td>2018</td><td><b>0.15</b></td><td>0.22</td><td>0.38</td></tr>
<tr><td>2019</td><td><b>0.18</b></td><td>0.21</td><td>0.31</td></tr>
</table>

Custody rate per 1,000 of the 10-17 population

Period\tStatistical neighbour average\tMedway\tLeicestershire
2016/17\t0.31\t0.40\t0.26
Apr 2018 - Mar 2019\t0.26\t<5\t0.18
"""


def test_transposed_tables_with_years_as_rows() -> None:
    output = extract(TRANSPOSED, "leicestershire")
    frame = output.frame
    html = frame[frame["source_table"] == "variant#t01"]
    assert rows(html, "source_line", "subject_label", "subject_type", "period_label",
                "period_start", "period_end", "value") == {
        (line, label, kind, str(year), D(year - 1, 4, 1), D(year, 3, 31), value)
        for line, year, values in ((4, 2017, (0.20, 0.27, 0.44)), (5, 2018, (0.15, 0.22, 0.38)),
                                   (6, 2019, (0.18, 0.21, 0.31)))
        for (label, kind), value in zip((("Leicestershire", "yot"),
                                         ("Comparator group average", "comparator_group"),
                                         ("England", "national")), values, strict=True)
    }
    tsv = frame[frame["source_table"] == "variant#t02"]
    assert rows(tsv, "source_line", "subject_label", "period_label", "period_start",
                "period_end", "value", "value_status") == {
        (12, "Statistical neighbour average", "2016/17", D(2016, 4, 1), D(2017, 3, 31), 0.31,
         "reported"),
        (12, "Medway", "2016/17", D(2016, 4, 1), D(2017, 3, 31), 0.40, "reported"),
        (12, "Leicestershire", "2016/17", D(2016, 4, 1), D(2017, 3, 31), 0.26, "reported"),
        (13, "Statistical neighbour average", "Apr 2018 - Mar 2019", D(2018, 4, 1),
         D(2019, 3, 31), 0.26, "reported"),
        (13, "Medway", "Apr 2018 - Mar 2019", D(2018, 4, 1), D(2019, 3, 31), None, "suppressed"),
        (13, "Leicestershire", "Apr 2018 - Mar 2019", D(2018, 4, 1), D(2019, 3, 31), 0.18,
         "reported"),
    }
    assert set(frame["indicator"]) == {"custody_rate"}
    assert [i.code for i in output.issues] == [BOUND_NOT_VALUE]  # "<5" is not a value


# 3. Area names as people print them, in a TSV reoffending table.
AREA_NAMES = """\
Binary re-offending rate (%), 3 months ending June

Youth offending service\t2016\t2017
Nottinghamshire YOS\t41.0\t38.1
Notts\t41.0\t38.1
Cheshire West & Chester\t35.0\t33.2
<b>Derbyshire Youth Offending Service</b>\t45.5\t29.4
Regional\t37.2\t35.9
Statistical Neighbour Avg*\t37.7\t38.4
National average\t41.4\t38.1
"""


def test_area_names_written_differently_resolve_to_one_id() -> None:
    output = extract(AREA_NAMES, "derbyshire")
    frame = output.frame[output.frame["period_label"] == "2017"]
    assert rows(frame, "subject_label", "subject_type", "subject_id", "value") == {
        ("Nottinghamshire YOS", "yot", "nottinghamshire", 38.1),
        ("Notts", "yot", "nottinghamshire", 38.1),
        ("Cheshire West & Chester", "local_authority", "E06000050", 33.2),
        ("Derbyshire Youth Offending Service", "yot", "derbyshire", 29.4),
        ("Regional", "region", "east-midlands", 35.9),
        ("Statistical Neighbour Avg*", "statistical_neighbours", None, 38.4),
        ("National average", "national", "england", 38.1),
    }
    assert set(zip(frame["period_start"], frame["period_end"], strict=True)) == {
        (D(2017, 4, 1), D(2017, 6, 30))}
    [note] = output.issues
    assert note.code == LOCAL_AUTHORITY_SUBJECT and "cheshire" in note.message


# 4. A summary with its columns in another order and ranks out of a different field.
SUMMARY = """\
# Performance summary

| Indicator | National rank | Regional | England | Latest | Family |
|---|---|---|---|---|---|
| Reoffending (%), 12 months ending March | 12 (of 151) | 36.9 | 38.2 | **31.7 (2018)** | 36.3* |
| FTE rate per 100,000 (calendar year) | 101 (out of 151 YOTs) | 260 | 238 | 244 (2018) | n/a |
| Custody (rate per 1,000; 12 months ending March) | - | 0.28 | 0.31 | 0.27 (2019) | ↑ |
"""


def test_summary_with_columns_reordered() -> None:
    output = extract(SUMMARY, "wigan")
    frame = output.frame
    service = "Wigan Youth Offending Service"
    assert rows(frame, "source_line", "indicator", "subject_label", "subject_id", "period_label",
                "period_start", "breakdown", "value", "value_status") == {
        (5, "national_rank", service, "wigan", "2018", D(2017, 4, 1), "reoffending_rate:of_151",
         12.0, "reported"),
        (5, "reoffending_rate", "Regional", "north-west", "2018", D(2017, 4, 1), None, 36.9,
         "reported"),
        (5, "reoffending_rate", "England", "england", "2018", D(2017, 4, 1), None, 38.2,
         "reported"),
        (5, "reoffending_rate", service, "wigan", "2018", D(2017, 4, 1), None, 31.7, "reported"),
        (5, "reoffending_rate", "Family", None, "2018", D(2017, 4, 1), None, 36.3, "reported"),
        (6, "national_rank", service, "wigan", "2018", D(2018, 1, 1),
         "first_time_entrants_rate:of_151", 101.0, "reported"),
        (6, "first_time_entrants_rate", "Regional", "north-west", "2018", D(2018, 1, 1), None,
         260.0, "reported"),
        (6, "first_time_entrants_rate", "England", "england", "2018", D(2018, 1, 1), None,
         238.0, "reported"),
        (6, "first_time_entrants_rate", service, "wigan", "2018", D(2018, 1, 1), None, 244.0,
         "reported"),
        (6, "first_time_entrants_rate", "Family", None, "2018", D(2018, 1, 1), None, None,
         "not_available"),
        (7, "national_rank", service, "wigan", "2019", D(2018, 4, 1), "custody_rate", None,
         "suppressed"),
        (7, "custody_rate", "Regional", "north-west", "2019", D(2018, 4, 1), None, 0.28,
         "reported"),
        (7, "custody_rate", "England", "england", "2019", D(2018, 4, 1), None, 0.31, "reported"),
        (7, "custody_rate", service, "wigan", "2019", D(2018, 4, 1), None, 0.27, "reported"),
    }
    assert output.issues == []  # the trend arrow is not a value and not a problem


# 5. A cohort table with its measures in another order, and an ETE table in HTML.
COHORT_AND_ETE = """\
Reoffending cohort, Oct 2016 - Sep 2017

Area\t% reoffending\tCohort\tReoffences per reoffender\tReoffenders\tReoffences
Wigan\t40.0%\t150\t3.50\t60\t210
Comparator group average\t38.1%\t210.5\t3.71\t80.2\t297.5
North West\t41.2%\t2,100\t3.90\t865\t3,374

ETE by age

<table>
<tr><th rowspan="2">Measure</th><th colspan="3">2019/20</th></tr>
<tr><th>Total</th><th>Post-16</th><th>School age</th></tr>
<tr><td>Engaged in ETE at end of order</td><td>72%</td><td>61%</td><td>80%</td></tr>
<tr><td>NEET at end of order</td><td>28%</td><td>39%</td><td>20%</td></tr>
</table>
"""


def test_cohort_measures_in_another_order_and_ete_with_spanning_headers() -> None:
    output = extract(COHORT_AND_ETE, "wigan")
    frame = output.frame
    cohort = frame[frame["source_table"] == "variant#t01"]
    assert rows(cohort[cohort["subject_label"] == "Wigan"], "indicator", "value", "unit") == {
        ("reoffending_rate", 40.0, "percent"), ("reoffending_cohort_size", 150.0, "count"),
        ("reoffences_per_reoffender", 3.5, "ratio"), ("reoffenders_count", 60.0, "count"),
        ("reoffences_count", 210.0, "count")}
    assert rows(cohort, "subject_label", "subject_type", "subject_id") == {
        ("Wigan", "yot", "wigan"), ("Comparator group average", "comparator_group", None),
        ("North West", "region", "north-west")}
    assert set(cohort["period_label"]) == {"Oct 2016 - Sep 2017"}
    assert set(cohort["period_end"]) == {D(2017, 9, 30)}
    assert cohort.loc[cohort["subject_label"] == "North West", "value"].max() == 3374.0
    ete = frame[frame["source_table"] == "variant#t02"]
    assert rows(ete, "indicator", "subject_id", "period_label", "breakdown", "value") == {
        ("ete_engagement_rate", "wigan", "2019/20", "all", 72.0),
        ("ete_engagement_rate", "wigan", "2019/20", "above_school_age", 61.0),
        ("ete_engagement_rate", "wigan", "2019/20", "school_age", 80.0),
    }
    # NEET is not the engagement rate: left out, and said so
    [issue] = output.issues
    assert issue.code == UNLABELLED_NUMBERS and "NEET" in issue.message


# 6. A chart converted to text: axis values above the years, one data row.
CHART_DEBRIS = """\
Suitable accommodation at the end of orders

100% - 90% - 80% -\t97.0%\t96.5%
12.5\tYear\tYear
\t2019/20\t2020/21
Suitable accommodation\t97.0%\t96.5%
"""


def test_a_table_under_chart_debris_is_read_from_its_period_row() -> None:
    output = extract(CHART_DEBRIS, "darlington")
    assert rows(output.frame, "source_line", "indicator", "subject_id", "period_label",
                "value") == {
        (6, "suitable_accommodation_rate", "darlington", "2019/20", 97.0),
        (6, "suitable_accommodation_rate", "darlington", "2020/21", 96.5),
    }


# 7. HTML spanning "not available", an unknown area, and tables that are not KPIs.
HARD_CASES = """\
<table>
<caption>Re-offending (binary rate, %), 12 months ending March</caption>
<tr><th>Area</th><th>2016</th><th>2017</th><th>2018</th></tr>
<tr><td>Kent</td><td>38.3</td><td>35.5</td><td>30.5</td></tr>
<tr><td>Worcestershire</td><td colspan="3">Not available as a single YOT</td></tr>
<tr><td>Narnia YOT</td><td>20.0</td><td>21.0</td><td>22.0</td></tr>
</table>

First time entrants

Area\t2017\t2018
Kent\t189\t144
England\t296\t238

Youth violence incidents per 1,000

Area\t2017\t2018
Kent\t10\t12
Medway\t11\t13

Use of the Youth Justice Grant 2017/18

Activity\tCost
ETE staff\t£106,000.00
Custody remands\t£20,000.00
"""


def test_hard_cases_are_left_out_and_reported_never_guessed() -> None:
    output = extract(HARD_CASES, "kent")
    frame = output.frame
    assert set(frame["source_table"]) == {"variant#t01"}
    assert rows(frame, "subject_label", "subject_id", "period_label", "value",
                "value_status") == {
        ("Kent", "kent", "2016", 38.3, "reported"), ("Kent", "kent", "2017", 35.5, "reported"),
        ("Kent", "kent", "2018", 30.5, "reported"),
        ("Worcestershire", "E10000034", "2016", None, "not_available"),
        ("Worcestershire", "E10000034", "2017", None, "not_available"),
        ("Worcestershire", "E10000034", "2018", None, "not_available"),
    }
    codes = {(i.code, i.source_table) for i in output.issues}
    assert codes == {
        (LOCAL_AUTHORITY_SUBJECT, "variant#t01"),
        (UNKNOWN_AREA, "variant#t01"),  # Narnia
        (UNIT_NOT_STATED, "variant#t02"),  # first time entrants: rate or count?
        (UNKNOWN_INDICATOR, "variant#t03"),  # youth violence is not an indicator
    }


def test_wide_view_has_one_column_per_period_in_date_order() -> None:
    frame = extract(TRANSPOSED, "leicestershire").frame
    wide = kpi_wide(frame)
    assert list(wide.columns) == ["subject_type", "subject_id", "subject_label", "indicator",
                                  "unit", "breakdown", "2016/17", "2017", "2018", "2019",
                                  "Apr 2018 - Mar 2019"]  # same dates: by label
    leicestershire = wide[wide["subject_label"] == "Leicestershire"]
    assert len(leicestershire) == 1
    row = leicestershire.iloc[0]
    assert (row["2016/17"], row["2017"], row["2018"], row["2019"]) == (0.26, 0.20, 0.15, 0.18)
    assert row["Apr 2018 - Mar 2019"] == 0.18
    assert len(wide) == 5  # three columns of the HTML table, two more from the TSV one


# Units and indicator outside the table: a chart's data table under the prose that says
# what it measures, with the chart's axis values in between.
TEXT_ABOVE = """\
Use of custody

Last year two children were sentenced to custody, which is low for the area.
The rate per 1,000 of the 10-17 population fell from 0.41 to 0.12.
0.50
0.25
0.00

| | Apr 16 - Mar 17 | Apr 17 - Mar 18 | Apr 18 - Mar 19 |
|---|---|---|---|
| Rotherham | 0.25 | 0.41 | 0.12 |
| England | 0.44 | 0.38 | 0.31 |
"""


def test_indicator_and_unit_read_from_the_text_above_a_table_that_names_none() -> None:
    output = extract(TEXT_ABOVE, "rotherham")
    found = rows(output.frame, "indicator", "subject_id", "period_label", "value", "unit")
    assert ("custody_rate", "rotherham", "Apr 18 - Mar 19", 0.12, "per_1000") in found
    assert ("custody_rate", "england", "Apr 16 - Mar 17", 0.44, "per_1000") in found
    assert len(found) == 6


def test_text_above_naming_two_measures_is_not_used() -> None:
    text = TEXT_ABOVE.replace("Use of custody", "Use of custody and first time entrants")
    output = extract(text, "rotherham")
    assert output.frame.empty
    assert UNKNOWN_INDICATOR in {i.code for i in output.issues} | {
        i.code for i in output.issues if i.code == UNIT_NOT_STATED}


# A sub-column header the reader cannot interpret ("Sentenced" / "Rate" under each
# period): the caption's unit and period do not apply to every sub-column alike.
SUB_COLUMNS = """\
Custody: number sentenced and rate per 1,000 of the 10-17 population

| | 2017/18 | | 2018/19 | |
| | Sentenced | Rate | Sentenced | Rate |
|---|---|---|---|---|
| Rotherham | 9 | 0.49 | 3 | 0.12 |
| England | 1937 | 0.37 | 1588 | 0.30 |
"""


def test_sub_columns_take_their_unit_from_their_own_label() -> None:
    output = extract(SUB_COLUMNS, "rotherham")
    found = rows(output.frame, "indicator", "subject_id", "period_label", "value")
    assert ("custody_rate", "rotherham", "2018/19", 0.12) in found
    assert ("custody_count", "rotherham", "2018/19", 3.0) in found  # "Sentenced" alone
    assert not {("custody_rate", 9.0), ("custody_rate", 1937.0)} & {
        (indicator, value) for indicator, _, _, value in found}


def test_a_sub_column_naming_no_unit_is_left_out() -> None:
    output = extract(SUB_COLUMNS.replace("Sentenced", "A"), "rotherham")
    found = rows(output.frame, "indicator", "value")
    assert ("custody_rate", 0.12) in found
    assert not {value for _, value in found} & {9.0, 3.0, 1937.0, 1588.0}
    assert AMBIGUOUS_INDICATOR in {i.code for i in output.issues}


def test_a_column_naming_a_measure_without_its_unit_is_not_read_as_the_caption_measure() -> None:
    text = """\
Reoffending

| | Tracked | Reoffenders |
|---|---|---|
| Jul 16 - Jun 17 | 169 | 87 |
| Jul 15 - Jun 16 | 230 | 109 |
"""
    output = extract(text, "rotherham")
    found = rows(output.frame, "indicator", "value")
    assert ("reoffenders_count", 87.0) in found
    assert not {value for _, value in found} & {169.0, 230.0}


SHARED_AREA = """\
Reoffending

| | {area} cohort | {area} reoffenders | {area} reoffences |
|---|---|---|---|
| Jul 16 - Jun 17 | 169 | 87 | 278 |
| Jul 15 - Jun 16 | 230 | 109 | 362 |
"""


def test_columns_sharing_an_area_before_their_measure_are_about_that_area() -> None:
    output = extract(SHARED_AREA.format(area="Sheffield"), "rotherham")
    found = rows(output.frame, "indicator", "subject_id", "value")
    assert ("reoffenders_count", "sheffield", 87.0) in found
    assert ("reoffences_count", "sheffield", 362.0) in found
    assert "rotherham" not in {subject for _, subject, _ in found}


def test_an_area_the_reference_data_does_not_know_is_not_taken_for_the_publisher() -> None:
    output = extract(SHARED_AREA.format(area="Northern Dale"), "rotherham")
    assert output.frame.empty
    assert UNKNOWN_AREA_IN_LABEL in {i.code for i in output.issues}
    generic = extract(SHARED_AREA.format(area="Total"), "rotherham")  # not a name
    assert ("reoffenders_count", 87.0) in rows(generic.frame, "indicator", "value")


def test_a_former_combined_service_is_a_service_but_none_of_its_successors() -> None:
    """"Western Bay" (`former_services.csv`) covered three services that report apart now:
    its figures are a service's, with no `subject_id`, never the publisher's."""
    text = SHARED_AREA.format(area="Western Bay").replace("reoffences", "reoffenses")
    output = extract(text, "swansea")
    found = rows(output.frame, "indicator", "subject_type", "subject_id", "value")
    assert ("reoffenders_count", "yot", None, 87.0) in found
    assert ("reoffences_count", "yot", None, 362.0) in found  # a misspelt heading too
    assert {subject for _, _, subject, _ in found} == {None}
    wales = """\
Reoffending rate

| | Tri-borough | Wales |
|---|---|---|
| Jul 16 - Jun 17 | 38.5% | 41.2% |
"""
    found = rows(extract(wales, "westminster").frame, "subject_type", "subject_id", "value")
    assert found == {("yot", None, 38.5), ("national", "wales", 41.2)}


def test_changes_between_periods_and_counts_in_a_rate_table_are_not_observations() -> None:
    from pipeline.extract.kpi import CHANGE_NOT_VALUE

    text = """\
Custody rate per 1,000 of the 10-17 population

| | Surrey | South East | England |
|---|---|---|---|
| April 18 - Mar 19 | 0.05 | 0.16 | 0.30 |
| % change compared to Apr 17 - Mar 18 | 0.04 | 0.01 | -0.07 |

Looked after children offending (rate)

| | 16/17 | 17/18 |
|---|---|---|
| Total LAC cohort | 480 | 473 |
| No. of LAC offending | 16 | 17 |
| % of LAC offending | 3.3% | 3.6% |
"""
    output = extract(text, "surrey")
    found = rows(output.frame, "indicator", "period_label", "value")
    assert ("custody_rate", "April 18 - Mar 19", 0.05) in found
    assert ("children_in_care_convicted_rate", "17/18", 3.6) in found
    assert not {value for *_, value in found} & {0.04, 0.01, -0.07, 480.0, 473.0, 16.0, 17.0}
    codes = {i.code for i in output.issues}
    assert {CHANGE_NOT_VALUE, AMBIGUOUS_INDICATOR} <= codes


def test_a_table_whose_caption_says_it_holds_changes_gives_no_observations() -> None:
    from pipeline.extract.kpi import CHANGE_NOT_VALUE

    text = """\
### Re-offending 2016/17: percentage change on the year before

| | Rotherham | England |
|---|---|---|
| Proportion of offenders who re-offend (%) | -8.7 | 1.9 |
| Number of re-offenders | -34.7% | -13.3% |
"""
    output = extract(text, "rotherham")
    assert output.frame.empty
    assert CHANGE_NOT_VALUE in {i.code for i in output.issues}


def test_a_caption_setting_two_periods_against_each_other_holds_changes() -> None:
    from pipeline.extract.kpi import CHANGE_NOT_VALUE

    text = """\
### April 15 - March 16 v April 16 - March 17

| | Rotherham | England |
|---|---|---|
| Proportion of offenders who re-offend (%) | -8.7 | 1.9 |
"""
    output = extract(text, "rotherham")
    assert output.frame.empty
    assert CHANGE_NOT_VALUE in {i.code for i in output.issues}


def test_a_one_row_table_under_years_is_read_with_its_caption_measure() -> None:
    text = ("Custody rate per 1,000 of 10-17 population\r\n"
            + _cells("2015/16", "2016/17", "2017/18", "0.41", "0.38", "0.12"))
    found = rows(extract(text, "rotherham").frame, "indicator", "subject_id", "period_label",
                 "value")
    assert found == {("custody_rate", "rotherham", "2015/16", 0.41),
                     ("custody_rate", "rotherham", "2016/17", 0.38),
                     ("custody_rate", "rotherham", "2017/18", 0.12)}


def test_prose_above_names_the_measure_but_never_dates_the_table() -> None:
    text = ("Custody\r\n\r\nFigures are lower than the 18 seen in 2008/09."
            "\r\nThe table below shows the custody rate per 1,000 for the area.\r\n"
            + _cells("2018/19 Rotherham", "South Yorkshire", "England", "0.16", "0.19", "0.30"))
    output = extract(text, "rotherham")
    found = rows(output.frame, "indicator", "period_label", "value")
    # the one period of the header row dates every area beside it; 2008/09 dates nothing
    assert found == {("custody_rate", "2018/19", 0.16), ("custody_rate", "2018/19", 0.19),
                     ("custody_rate", "2018/19", 0.30)}


def test_days_remanded_in_custody_are_not_custodial_sentences() -> None:
    text = """Cost of those remanded to custody 2017-19

| | 2017/18 | 2018/19 |
|---|---|---|
| Number of days | 56 | 62 |
| Cost | £32,424 | £35,640 |
"""
    assert extract(text, "rotherham").frame.empty


def test_a_unit_printed_under_the_table_names_the_measure() -> None:
    text = """### Use of custody

| Area | 2017/18 | 2018/19 |
|---|---|---|
| Gateshead | 0.38 | 0.12 |
| England | 0.41 | 0.38 |

Rate per 1,000 of 10-17 population.
"""
    found = rows(extract(text, "gateshead").frame, "indicator", "subject_id", "value", "unit")
    assert ("custody_rate", "england", 0.41, "per_1000") in found
    assert len(found) == 4


def test_a_two_row_table_flattened_onto_one_line_under_its_caption() -> None:
    text = "The proven reoffending rate (%)\n\nYear 2016/17 2017/18 Gateshead 40.1 38.2 " \
           "England 41.6 39.8\n"
    found = rows(extract(text, "gateshead").frame, "indicator", "subject_id", "period_label",
                 "value")
    assert found == {("reoffending_rate", "gateshead", "2016/17", 40.1),
                     ("reoffending_rate", "gateshead", "2017/18", 38.2),
                     ("reoffending_rate", "england", "2016/17", 41.6),
                     ("reoffending_rate", "england", "2017/18", 39.8)}


def test_the_data_summary_layout_areas_across_and_measures_as_sub_headings() -> None:
    text = "YJB data summary\r\n" + _cells(
        "", "Swindon", "South West", "Wiltshire PCC area", "England",
        "First time entrants (rate per 100,000)", "", "", "", "",
        "Jan 18 - Dec 18", "230", "240", "250", "238",
        "Percentage change", "-11.5%", "-11.1%", "-10.7%", "-19.6%",
        "Use of custody (rate per 1,000)", "", "", "", "",
        "Apr 18 - Mar 19", "0.12", "0.20", "0.18", "0.30",
        "Reoffending rate (%)", "", "", "", "",
        "Jul 16 - Jun 17", "38.2", "37.0", "36.1", "39.8")
    found = rows(extract(text, "swindon").frame, "indicator", "subject_id", "value")
    assert len(found) == 12
    assert {("first_time_entrants_rate", "pcc-wiltshire", 250.0),
            ("custody_rate", "england", 0.30),
            ("reoffending_rate", "swindon", 38.2)} <= found
    assert not {v for *_, v in found} & {-11.5, -19.6}  # changes are not observations


def test_a_header_wrapped_over_two_rows_is_read_whole() -> None:
    text = ("Reoffending, Jul 16 - Jun 17 cohort\n\nArea\tReoffences per\tBinary rate\n"
            "\treoffender\t(%)\nGateshead\t3.2\t38.1\nEngland\t3.9\t39.8\n")
    found = rows(extract(text, "gateshead").frame, "indicator", "subject_id", "value")
    assert found == {("reoffences_per_reoffender", "gateshead", 3.2),
                     ("reoffending_rate", "gateshead", 38.1),
                     ("reoffences_per_reoffender", "england", 3.9),
                     ("reoffending_rate", "england", 39.8)}


def test_a_group_named_like_a_rate_inside_a_table_of_counts_is_left_out() -> None:
    text = ("Number of first time entrants by outcome type and LAC status\r\n" + _cells(
        "", "Q1 (Measure - Jul17/Jun18)", "", "Q2 (Measure - Oct17/Sep18)", "",
        "", "Total", "LAC", "Total", "LAC",
        "Youth Caution", "19", "1", "15", "0",
        "Referral Order", "13", "3", "8", "2"))
    output = extract(text, "rotherham")
    found = rows(output.frame, "indicator", "period_label", "value")
    assert ("first_time_entrants_count", "Jul17/Jun18", 19.0) in found
    assert ("first_time_entrants_count", "Oct17/Sep18", 8.0) in found
    assert {indicator for indicator, *_ in found} == {"first_time_entrants_count"}
    assert AMBIGUOUS_INDICATOR in {i.code for i in output.issues}
