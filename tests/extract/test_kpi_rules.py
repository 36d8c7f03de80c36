"""The blocking rules of kpi_observations: printed arithmetic and repeated observations."""

from __future__ import annotations

import pytest

from pipeline.extract.base import combine, context_from_text, run_extractor
from pipeline.extract.kpi import (
    ARITHMETIC_MISMATCH,
    DOMAIN,
    INCONSISTENT_DUPLICATE,
    check_kpi_consistency,
    indicator_in,
    ratio_agrees,
)
from pipeline.report import ERROR, WARNING

TABLE = "kpi_observations"
HEADER = "\t".join(("Area", "Number in the cohort", "Number of reoffenders",
                    "Number of reoffences", "Reoffences per reoffender", "% Reoffending"))
COHORT = """\
Latest re-offending cohort (Apr 2017 - Mar 2018)

""" + HEADER + """
Wigan\t150\t60\t210\t{per_reoffender}\t{percent}
Family average\t210.5\t80.2\t297.5\t3.71\t38.1%
"""
CUSTODY = """\
Custody rate per 1,000 10-17 population (12 months ending March)

Area\t2018\t2019
England\t0.38\t{england_2019}
Wigan\t0.30\t0.25
"""


def extract(text: str, document_id: str = "variant", yot_id: str = "wigan"):
    context = context_from_text(text, document_id=document_id, yot_id=yot_id)
    return run_extractor(DOMAIN, context)[TABLE]


def test_printed_arithmetic_that_agrees_passes() -> None:
    frame = extract(COHORT.format(per_reoffender="3.50", percent="40.0%")).frame
    assert len(frame) == 10
    assert check_kpi_consistency(frame) == []


def test_a_printed_percent_its_counts_contradict_blocks_the_release() -> None:
    frame = extract(COHORT.format(per_reoffender="3.50", percent="41.0%")).frame
    [issue] = check_kpi_consistency(frame)
    assert (issue.code, issue.severity) == (ARITHMETIC_MISMATCH, ERROR)
    assert (issue.source_table, issue.source_line) == ("variant#t01", 4)
    assert "reoffending_rate" in issue.message and "41" in issue.message


def test_a_printed_frequency_its_counts_contradict_blocks_the_release() -> None:
    frame = extract(COHORT.format(per_reoffender="3.05", percent="40.0%")).frame
    [issue] = check_kpi_consistency(frame)
    assert issue.code == ARITHMETIC_MISMATCH and "reoffences_per_reoffender" in issue.message


def test_suppressed_parts_are_not_checked() -> None:
    frame = extract(COHORT.format(per_reoffender="-", percent="n/a")).frame
    assert check_kpi_consistency(frame) == []


@pytest.mark.parametrize(
    ("printed", "numerator", "denominator", "exact", "agrees"),
    [
        (31.7, 84, 265, True, True),  # 31.698 -> 31.7
        (31.8, 84, 265, True, False),
        (3.07, 258, 84, True, True),
        (36.3, 116.6, 321.4, False, True),  # a family average of rounded averages
        # 10.4 / 20.6 = 50.49, but the averages may be 10.35..10.45 over 20.55..20.65
        (50.2, 10.4, 20.6, False, True),
        (50.2, 104, 206, True, False),  # counts of one area are exact: 50.49 is not 50.2
        (40, 60, 150, True, True),  # "40" printed without decimals
    ],
)
def test_ratio_agrees_to_the_printed_precision(printed, numerator, denominator, exact,
                                               agrees) -> None:
    scale = 100.0 if printed > 10 else 1.0
    assert ratio_agrees(printed, numerator, denominator, scale, exact) is agrees


def test_the_same_observation_printed_twice_with_different_values_warns_with_both_sources(
) -> None:
    first = extract(CUSTODY.format(england_2019="0.31"), document_id="plan-a")
    second = extract(CUSTODY.format(england_2019="0.32"), document_id="plan-b",
                     yot_id="bolton")
    frame = combine([first, second], TABLE).frame
    [issue] = check_kpi_consistency(frame)
    assert (issue.code, issue.severity) == (INCONSISTENT_DUPLICATE, WARNING)
    assert (issue.document_id, issue.source_table, issue.source_line) == (
        "plan-b", "plan-b#t01", 4)
    assert "plan-a#t01 line 4" in issue.message and "plan-b#t01 line 4" in issue.message
    assert "0.31" in issue.message and "0.32" in issue.message


def test_the_same_observation_printed_twice_alike_is_quiet() -> None:
    first = extract(CUSTODY.format(england_2019="0.31"), document_id="plan-a")
    second = extract(CUSTODY.format(england_2019="0.31"), document_id="plan-b",
                     yot_id="bolton")
    assert check_kpi_consistency(combine([first, second], TABLE).frame) == []


def test_one_label_for_two_different_periods_is_not_a_duplicate() -> None:
    december = CUSTODY.replace("12 months ending March", "12 months ending December")
    first = extract(CUSTODY.format(england_2019="0.31"), document_id="plan-a")
    second = extract(december.format(england_2019="0.35"), document_id="plan-b")
    assert check_kpi_consistency(combine([first, second], TABLE).frame) == []


def test_group_averages_compare_within_one_publisher_only() -> None:
    text = """\
Custody rate per 1,000 (12 months ending March)

Area\t2019
Comparator group average\t{value}
"""
    wigan = extract(text.format(value="0.21"), document_id="plan-a", yot_id="wigan")
    bolton = extract(text.format(value="0.30"), document_id="plan-b", yot_id="bolton")
    assert check_kpi_consistency(combine([wigan, bolton], TABLE).frame) == []
    wigan_again = extract(text.format(value="0.25"), document_id="plan-c", yot_id="wigan")
    [issue] = check_kpi_consistency(combine([wigan, wigan_again], TABLE).frame)
    assert issue.code == INCONSISTENT_DUPLICATE


def test_a_status_difference_is_a_difference() -> None:
    first = extract(CUSTODY.format(england_2019="0.31"), document_id="plan-a")
    second = extract(CUSTODY.format(england_2019="n/a"), document_id="plan-b")
    [issue] = check_kpi_consistency(combine([first, second], TABLE).frame)
    assert "not_available" in issue.message


def test_the_rules_pass_on_the_corpus(corpus_context) -> None:
    outputs = [
        run_extractor(DOMAIN, corpus_context(document))[TABLE]
        for document in ("derbyshire-youth-justice-plan-2019-20",
                         "northamptonshire-youth-justice-plan-2021-22")
    ]
    frame = combine(outputs, TABLE).frame
    assert (frame["indicator"] == "reoffending_rate").any()
    assert (frame["indicator"] == "reoffences_per_reoffender").any()
    assert check_kpi_consistency(frame) == []


def test_remands_to_detention_accommodation_are_not_suitable_accommodation() -> None:
    """"Remands to youth detention accommodation" counts remands: its numbers are no
    share of children in suitable accommodation (a wrong row once)."""
    assert indicator_in("Remands to youth detention accommodation").indicator is None
    assert indicator_in("Suitable accommodation").indicator == "suitable_accommodation_rate"
    text = ("Remands\nYear\tRemands to youth detention accommodation\tBed nights\n"
            "2017/18\t6\t410\n2018/19\t4\t265\n")
    assert extract(text).frame.empty


def test_counts_beside_the_percentage_column_are_not_the_rate() -> None:
    """"In ETE" and "Not in ETE" count children beside "% in ETE": only the percentage
    is the engagement rate (the counts were once published as percentages)."""
    text = ("Education, training and employment 2018/19\n"
            "Age group\tIn ETE at end of order\tNot in ETE\t% in ETE\n"
            "School age\t40\t6\t87%\nAbove school age\t22\t15\t59%\n")
    frame = extract(text).frame
    assert sorted(frame["value"]) == [59.0, 87.0]
    assert set(frame["indicator"]) == {"ete_engagement_rate"}
    assert set(frame["breakdown"]) == {"school_age", "above_school_age"}
