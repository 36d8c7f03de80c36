"""KPI periods: a printed label plus the table's coverage wording gives dates, or none."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extract.kpi_periods import (
    Coverage,
    Period,
    find_period,
    read_coverage,
    with_coverage,
)

D = dt.date


@pytest.mark.parametrize(
    ("text", "coverage"),
    [
        ("(rate per 1000 10-17 pop; 12 months ending March)", Coverage(12, 3)),
        ("Proportion of young offenders who re-offend (aged 10-17; 3 months ending June)",
         Coverage(3, 6)),
        ("Rate per 100,000 10-17 pop; 12 months ending December", Coverage(12, 12)),
        ("twelve months ended September", Coverage(12, 9)),
        ("rolling year to June 2019", Coverage(12, 6)),
        ("calendar year", Coverage(12, 12)),
        ("financial year", Coverage(12, 3)),
        ("during the year", None),
        ("Summary of latest published performance", None),
    ],
)
def test_coverage_wording_is_read_from_titles(text: str, coverage: Coverage | None) -> None:
    assert read_coverage(text) == coverage


@pytest.mark.parametrize(
    ("label", "coverage", "start", "end"),
    [
        ("2019", "12 months ending March", D(2018, 4, 1), D(2019, 3, 31)),
        ("2018", "12 months ending December", D(2018, 1, 1), D(2018, 12, 31)),
        ("2017", "3 months ending June", D(2017, 4, 1), D(2017, 6, 30)),
        ("2015*", "12 months ending March", D(2014, 4, 1), D(2015, 3, 31)),
        ("Apr 2017 - Mar 2018", None, D(2017, 4, 1), D(2018, 3, 31)),
        ("April 2017 - March 2018", None, D(2017, 4, 1), D(2018, 3, 31)),
        ("Oct 16 - Sep 17", None, D(2016, 10, 1), D(2017, 9, 30)),
        ("Jan - Dec 2018", None, D(2018, 1, 1), D(2018, 12, 31)),
        ("17/18", None, D(2017, 4, 1), D(2018, 3, 31)),
        ("2018-19", None, D(2018, 4, 1), D(2019, 3, 31)),
        ("2019-2020", None, D(2019, 4, 1), D(2020, 3, 31)),
        ("Q3 2019/20", None, D(2019, 10, 1), D(2019, 12, 31)),
        ("2017/18", "12 months ending March", D(2017, 4, 1), D(2018, 3, 31)),
        ("2017/18", "3 months ending June", D(2017, 4, 1), D(2017, 6, 30)),
    ],
)
def test_labels_with_coverage_give_dates(label: str, coverage: str | None, start: dt.date,
                                         end: dt.date) -> None:
    period = find_period(label)
    assert period is not None
    dated = with_coverage(period, read_coverage(coverage))
    assert (dated.start, dated.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("April 2017 - March 2018 Reoffending", "April 2017 - March 2018"),
        ("Latest YJB Re-offending Cohort (Apr 2017 – March 2018)", "Apr 2017 – March 2018"),
        ("ETE 2020/21", "2020/21"),
        ("Annual Outturn 17/18", "17/18"),
        ("<b>2016</b>", "2016"),
    ],
)
def test_periods_are_found_inside_headers_and_captions(text: str, label: str) -> None:
    period = find_period(text)
    assert period is not None and period.label == label


@pytest.mark.parametrize(
    "text",
    [
        "16-17",  # an age band as often as a year
        "10-17",
        "aged 10-17",
        "published June 2019",  # a year inside a sentence is a date, not the period
        "3 year Trend",
        "Annual Outturn",
        "2018-2021",
    ],
)
def test_text_that_is_not_a_period(text: str) -> None:
    assert find_period(text) is None


def test_a_bare_year_without_coverage_stays_undated() -> None:
    assert with_coverage(Period("2018"), None) == Period("2018")
    assert with_coverage(Period("2018"), read_coverage("during the year")) == Period("2018")


def test_coverage_that_contradicts_the_label_leaves_the_dates_null() -> None:
    financial = find_period("2017/18")
    assert financial is not None
    assert not with_coverage(financial, read_coverage("12 months ending December")).dated
