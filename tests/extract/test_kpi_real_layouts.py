"""KPI layouts met in real plans of other services, each in a small document written for
the test (never text of a plan): what a person reads there, and what stays unread."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from word_export import word_cells as _cells

from pipeline.extract.base import context_from_text, run_extractor
from pipeline.extract.kpi import (
    AMBIGUOUS_INDICATOR,
    DOMAIN,
    LOCAL_AUTHORITY_SUBJECT,
    UNIT_NOT_STATED,
    Subjects,
    indicator_in,
    names_a_cohort_period,
)
from pipeline.extract.kpi_periods import find_period, quarter_of_year
from pipeline.report import TableOutput

D = dt.date


def extract(text: str, yot_id: str) -> TableOutput:
    return run_extractor(DOMAIN, context_from_text(text, document_id="layout",
                                                   yot_id=yot_id))["kpi_observations"]


def rows(frame: pd.DataFrame, *columns: str) -> set[tuple[object, ...]]:
    picked = frame.loc[:, list(columns)].astype(object)
    return {tuple(None if pd.isna(v) else v for v in row)
            for row in picked.itertuples(index=False)}


def test_a_period_column_called_cohort_names_no_measure() -> None:
    assert names_a_cohort_period("2016/2017 Cohort")
    assert not names_a_cohort_period("Number in cohort")
    assert indicator_in("2016/2017 Cohort").indicator is None
    text = "Reoffending: service data\r\n" + _cells(
        "", "2016/2017 Cohort", "2015/2016 Cohort",
        "Number in Cohort", "120", "140",
        "Percentage who Re-offended", "35.00%", "40.00%",
        "Frequency Rate of Re-offending", "3.10", "3.90")
    found = rows(extract(text, "gateshead").frame, "indicator", "period_label", "value")
    assert found == {
        ("reoffending_cohort_size", "2016/2017", 120.0),
        ("reoffending_cohort_size", "2015/2016", 140.0),
        ("reoffending_rate", "2016/2017", 35.0), ("reoffending_rate", "2015/2016", 40.0),
        ("reoffences_per_reoffender", "2016/2017", 3.1),
        ("reoffences_per_reoffender", "2015/2016", 3.9)}


def test_the_outcome_column_beside_a_target_is_the_services_result() -> None:
    text = "Education\r\n" + _cells(
        "Percentage of young people in suitable education, training or employment",
        "Local target", "Outcome", "Improvement on target",
        "Qtr. 1 2019/20", "75%", "81%", "6%",
        "Qtr. 2 2019/20", "75%", "79%", "4%")
    output = extract(text, "wigan")
    found = rows(output.frame, "indicator", "subject_id", "period_label", "period_start",
                 "value")
    assert found == {("ete_engagement_rate", "wigan", "Qtr. 1 2019/20", D(2019, 4, 1), 81.0),
                     ("ete_engagement_rate", "wigan", "Qtr. 2 2019/20", D(2019, 7, 1), 79.0)}


def test_two_services_named_together_are_a_service_but_no_one_service() -> None:
    together = Subjects("wigan").resolve("Bolton and Salford")
    assert together is not None and (together.subject_type, together.subject_id) == ("yot", None)
    assert Subjects("wigan").resolve("Bolton and England") is None
    text = "Family comparison, Jul 16 - Jun 17 cohort\r\n" + _cells(
        "YOT", "Number in the cohort", "% Reoffending",
        "Wigan", "150", "38.0%",
        "Bolton & Salford", "180", "41.1%",
        "Family Average", "170", "40.0%")
    output = extract(text, "wigan")
    found = rows(output.frame, "subject_label", "subject_type", "subject_id", "value")
    assert ("Bolton & Salford", "yot", None, 41.1) in found
    assert ("Wigan", "yot", "wigan", 38.0) in found
    assert LOCAL_AUTHORITY_SUBJECT in {i.code for i in output.issues}  # said, not silent


def test_quarters_printed_without_their_year_take_the_year_beside_them() -> None:
    year = find_period("2019/20")
    assert quarter_of_year("Q3", year).start == D(2019, 10, 1)
    assert quarter_of_year("Q3", find_period("2019")) is None  # not a financial year
    text = "Young people sentenced to custody, rate per 1,000 of 10-17 population\r\n" + _cells(
        "Episodes in quarter", "Q1", "Q2", "Q3", "Q4", "2019/20",
        "Number of episodes", "1", "0", "2", "0", "3",
        "Rate per 1,000", "0.05", "0", "0.1", "0", "0.15")
    found = rows(extract(text, "wigan").frame, "indicator", "period_start", "breakdown",
                 "value")
    assert ("custody_count", D(2019, 10, 1), None, 2.0) in found
    assert ("custody_count", D(2019, 4, 1), None, 3.0) in found  # the year's total
    assert ("custody_rate", D(2019, 10, 1), None, 0.1) in found
    assert len(found) == 10


def test_a_counted_row_under_a_rate_caption_is_the_count_unless_it_counts_something_else(
) -> None:
    text = "First time entrants per 100,000 of 10-17 population\r\n" + _cells(
        "", "2018", "2019",
        "Rate per 100,000", "250", "210",
        "Number of young people", "40", "34",
        "Number in the 10-17 population", "16000", "16200")
    output = extract(text, "wigan")
    found = rows(output.frame, "indicator", "period_label", "value")
    assert found == {("first_time_entrants_rate", "2018", 250.0),
                     ("first_time_entrants_rate", "2019", 210.0),
                     ("first_time_entrants_count", "2018", 40.0),
                     ("first_time_entrants_count", "2019", 34.0)}
    assert AMBIGUOUS_INDICATOR in {i.code for i in output.issues}  # the population row


def test_a_young_people_sub_column_beside_a_rate_counts_first_time_entrants() -> None:
    text = "First time entrants: Jan - Dec 2019\r\n" + _cells(
        "", "Wigan", "", "England", "",
        "", "Rate", "Young People", "Rate", "Young People",
        "Jan - Dec 2019", "230", "45", "208", "10,500",
        "Jan - Dec 2018", "260", "51", "238", "11,900")
    found = rows(extract(text, "wigan").frame, "indicator", "subject_id", "value")
    assert ("first_time_entrants_count", "wigan", 45.0) in found
    assert ("first_time_entrants_count", "england", 10500.0) in found
    assert ("first_time_entrants_rate", "england", 208.0) in found


def test_a_measure_without_its_unit_takes_it_from_a_line_that_names_it_or_points_at_it(
) -> None:
    counts = ("Custody\r\nA large number in the cohort reoffended.\r\n"
              + _cells("2016/17", "2017/18", "2018/19", "6", "5", "3")
              + "\r\nThere were 5 custodial sentences the year before.\r\n")
    found = rows(extract(counts, "wigan").frame, "indicator", "value")
    assert found == {("custody_count", 6.0), ("custody_count", 5.0), ("custody_count", 3.0)}
    rates = ("Custody\r\nThe number in the cohort fell.\r\nThe table below shows the rate "
             "per 1000 for the area.\r\n"
             + _cells("2016/17", "2017/18", "2018/19", "0.2", "0.25", "0.31"))
    found = rows(extract(rates, "wigan").frame, "indicator", "value")
    assert found == {("custody_rate", 0.2), ("custody_rate", 0.25),
                     ("custody_rate", 0.31)}
    unsettled = ("Custody\r\nThe number in the cohort fell.\r\n"
                 + _cells("2016/17", "2017/18", "2018/19", "6", "5", "3"))
    output = extract(unsettled, "wigan")
    assert output.frame.empty
    assert UNIT_NOT_STATED in {i.code for i in output.issues}


def test_a_sentence_printing_a_number_of_first_time_entrants_makes_the_table_counts(
) -> None:
    """"First Time Entrants" alone may be a rate or a count; a sentence by the table that
    prints a number of them ("had 310 first time entrants") says they are counted. A rate
    "per 100,000 first time entrants" or a year before the words says nothing."""
    table = _cells("2016/17", "2017/18", "2018/19", "31", "24", "19")
    counts = ("First Time Entrants\r\nLocal records give the trend since the merger.\r\n"
              + table + "\r\nIn 2009/10 the service had 310 First Time Entrants.\r\n")
    found = rows(extract(counts, "wigan").frame, "indicator", "value")
    assert found == {("first_time_entrants_count", 31.0), ("first_time_entrants_count", 24.0),
                     ("first_time_entrants_count", 19.0)}
    def below(sentence: str) -> TableOutput:
        return extract("First Time Entrants\r\nLocal records give the trend.\r\n" + table
                       + f"\r\n{sentence}\r\n", "wigan")
    year = below("Compare 2019 first time entrants with earlier years.")
    assert year.frame.empty and UNIT_NOT_STATED in {i.code for i in year.issues}
    rate = below("That was 500 per 100,000 first time entrants nationally.")
    assert set(rate.frame["indicator"]) == {"first_time_entrants_rate"}


def test_a_column_naming_an_area_then_cohort_is_the_areas_cohort_size() -> None:
    text = "Our own figures before the merger\r\n" + _cells(
        "", "Wigan cohort", "Wigan reoffenders", "Wigan reoffences",
        "Apr 09 - Mar 10", "210", "70", "190") + "Text after the table.\r\n"
    found = rows(extract(text, "wigan").frame, "indicator", "subject_id", "value")
    assert found == {("reoffending_cohort_size", "wigan", 210.0),
                     ("reoffenders_count", "wigan", 70.0), ("reoffences_count", "wigan", 190.0)}


def test_a_cell_of_paragraphs_naming_measures_gives_one_row_per_paragraph() -> None:
    text = "Key indicators by year\r\n" + _cells(
        "Year", "Reoffending", "Custodial Sentences",
        "2016/17", "Jan 16 - Mar 16\r\nNo in cohort 40\r\nNo reoffending 10\r\n"
                   "No of offences 31\r\nChange in reoffending 3%\r\nRate of reoffending 25.0%",
        "7",
        "2017/18", "Jan 17 - Mar 17\r\nNo in cohort 50\r\nNo reoffending 20\r\n"
                   "No of offences 45\r\nChange in reoffending 15%\r\nRate of reoffending 40.0%",
        "4")
    context = context_from_text(text, document_id="layout", yot_id="wigan")
    output = run_extractor(DOMAIN, context)["kpi_observations"]
    found = rows(output.frame, "indicator", "period_label", "value", "source_line")
    assert {(i, p, v) for i, p, v, _ in found} == {
        ("reoffending_cohort_size", "Jan 16 - Mar 16", 40.0),
        ("reoffenders_count", "Jan 16 - Mar 16", 10.0),
        ("reoffending_rate", "Jan 16 - Mar 16", 25.0),
        ("reoffending_cohort_size", "Jan 17 - Mar 17", 50.0),
        ("reoffenders_count", "Jan 17 - Mar 17", 20.0),
        ("reoffending_rate", "Jan 17 - Mar 17", 40.0),
        ("reoffences_count", "Jan 16 - Mar 16", 31.0),  # offences of a reoffending cohort
        ("reoffences_count", "Jan 17 - Mar 17", 45.0),
        ("custody_count", "2016/17", 7.0), ("custody_count", "2017/18", 4.0)}
    for *_, value, line in found:  # each number cited on its own paragraph's line
        assert f"{value:g}" in context.line(line)
    unread = {i.source_line for i in output.issues if i.code == "kpi_unlabelled_numbers"}
    assert context.lines.index("Change in reoffending 3%") + 1 in unread


def test_offences_counted_beside_other_measures_are_not_reoffences() -> None:
    """"No of offences" is the cohort's reoffences only among the cohort's measures."""
    text = "Key indicators by year\r\n" + _cells(
        "Year", "Reoffending", "Custodial Sentences",
        "2016/17", "Jan 16 - Mar 16\r\nNo in cohort 40\r\nNo of offences 31\r\n"
                   "Number of first time entrants 12", "7",
        "2017/18", "Jan 17 - Mar 17\r\nNo in cohort 50\r\nNo of offences 45\r\n"
                   "Number of first time entrants 9", "4")
    context = context_from_text(text, document_id="layout", yot_id="wigan")
    output = run_extractor(DOMAIN, context)["kpi_observations"]
    found = rows(output.frame, "indicator", "value")
    assert ("reoffending_cohort_size", 40.0) in found
    assert not {value for _, value in found} & {31.0, 45.0}


def test_quarters_are_read_in_the_ways_plans_print_them() -> None:
    assert find_period("Qtr. 2 2019/20").start == D(2019, 7, 1)
    assert find_period("Quarter 4 2019-20").start == D(2020, 1, 1)
    assert find_period("Q1 19/20").end == D(2019, 6, 30)
    assert find_period("Q1 19-20") is None  # "19-20" is an age band as often as a year


def test_a_note_about_another_measure_lends_no_unit_and_a_counted_other_thing_is_no_count(
) -> None:
    other = ("Custody\r\n" + _cells("2016/17", "2017/18", "2018/19", "6", "5", "3")
             + "\r\nThe rate of reoffending is shown in the next section.\r\n")
    assert extract(other, "wigan").frame.empty
    offences = "Custodial sentences, rate per 1,000 of 10-17 population\r\n" + _cells(
        "", "2017/18", "2018/19",
        "Rate per 1,000", "0.3", "0.2",
        "Number of offences", "410", "380",
        "Number of young people", "6", "4")
    found = rows(extract(offences, "wigan").frame, "indicator", "value")
    assert found == {("custody_rate", 0.3), ("custody_rate", 0.2),
                     ("custody_count", 6.0), ("custody_count", 4.0)}


def test_a_column_of_the_services_results_yields_to_rows_naming_areas() -> None:
    text = "Reoffending rate, Jul 17 - Jun 18 cohort\r\n" + _cells(
        "Area", "Target", "Actual",
        "Wigan", "35%", "37.5%",
        "England", "", "39.1%")
    found = rows(extract(text, "wigan").frame, "subject_id", "value")
    assert found == {("wigan", 37.5), ("england", 39.1)}


SENTENCE = ("The number of children sentenced to custody, and the rate per 1,000 of the 10-17 "
            "population, in each youth offending team area is shown below.")
WRITTEN_ANSWER = """Young Offenders: Custody

""" + SENTENCE + """

YOT\t2016/17\t2017/18\t2018/19
Darlington\t{a}\t{b}\t{c}
Gateshead\t{d}\t{e}\t{f}
Hartlepool\t{g}\t{h}\t{i}

Source: Ministry of Justice.
"""


def test_a_sentence_naming_a_count_and_a_rate_gives_the_rate_to_a_table_of_fractions() -> None:
    text = WRITTEN_ANSWER.format(a="0.41", b="0.35", c="0.22", d="0.28", e="0.30", f="0.19",
                                 g="0.65", h="0.52", i="0.47")
    output = extract(text, "darlington")
    assert rows(output.frame, "subject_id", "indicator", "period_label", "value") >= {
        ("darlington", "custody_rate", "2016/17", 0.41), ("hartlepool", "custody_rate",
                                                          "2018/19", 0.47)}
    assert set(output.frame["indicator"]) == {"custody_rate"}
    assert len(output.frame) == 9


def test_the_same_sentence_over_whole_numbers_stays_unread() -> None:
    text = WRITTEN_ANSWER.format(a="4", b="3", c="2", d="5", e="6", f="1", g="7", h="5", i="4")
    output = extract(text, "darlington")
    assert output.frame.empty
    assert any(issue.code == UNIT_NOT_STATED for issue in output.issues)


LAYOUT_SUMMARY = "\n".join([
    "YJB Data Summary",
    "",
    "                                          Wigan     North West    England",
    " First time entrants rate per 100,000 of 10-17 population",
    " Jan 17 - Dec 17                          254.3          243.1      238.5",
    " Jan 18 - Dec 18                          221.0          230.4      222.1",
    " Percentage change                       -13.1%          -5.2%      -6.9%",
    "",
    " Use of custody rate per 1,000 of 10-17 population",
    " Apr 18 - Mar 19                           0.35           0.33       0.32",
    "",
    " Reoffending rate after 12 months (binary)",
    " Jul 16 - Jun 17                          41.2%          40.1%      39.3%",
    "",
    "Text after.",
])


def test_a_data_summary_laid_out_by_spaces_with_sub_headings_is_read() -> None:
    output = extract(LAYOUT_SUMMARY, "wigan")
    found = rows(output.frame, "subject_id", "indicator", "period_label", "value",
                 "source_line")
    assert found == {
        ("wigan", "first_time_entrants_rate", "Jan 17 - Dec 17", 254.3, 5),
        ("north-west", "first_time_entrants_rate", "Jan 17 - Dec 17", 243.1, 5),
        ("england", "first_time_entrants_rate", "Jan 17 - Dec 17", 238.5, 5),
        ("wigan", "first_time_entrants_rate", "Jan 18 - Dec 18", 221.0, 6),
        ("north-west", "first_time_entrants_rate", "Jan 18 - Dec 18", 230.4, 6),
        ("england", "first_time_entrants_rate", "Jan 18 - Dec 18", 222.1, 6),
        ("wigan", "custody_rate", "Apr 18 - Mar 19", 0.35, 10),
        ("north-west", "custody_rate", "Apr 18 - Mar 19", 0.33, 10),
        ("england", "custody_rate", "Apr 18 - Mar 19", 0.32, 10),
        ("wigan", "reoffending_rate", "Jul 16 - Jun 17", 41.2, 13),
        ("north-west", "reoffending_rate", "Jul 16 - Jun 17", 40.1, 13),
        ("england", "reoffending_rate", "Jul 16 - Jun 17", 39.3, 13),
    }
