"""KPI periods: a printed label plus the table's coverage wording gives dates, or none."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extract.base import context_from_text, run_extractor
from pipeline.extract.kpi import DOMAIN
from pipeline.extract.kpi_periods import (
    Coverage,
    Period,
    by_convention,
    conventions,
    find_period,
    period_type,
    read_coverage,
    span_type,
    with_coverage,
)
from pipeline.metadata.enums import PERIOD_TYPES

D = dt.date


def extract(text: str, yot_id: str):
    context = context_from_text(text, document_id="variant", yot_id=yot_id)
    return run_extractor(DOMAIN, context)["kpi_observations"]


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


# --- period types and the indicators' conventions (issue 17) -----------------------------

@pytest.mark.parametrize(
    ("start", "end", "kind"),
    [
        (D(2017, 4, 1), D(2018, 3, 31), "financial_year"),
        (D(2017, 1, 1), D(2017, 12, 31), "calendar_year"),
        (D(2017, 7, 1), D(2018, 6, 30), "rolling_12_months"),
        (D(2017, 4, 1), D(2017, 6, 30), "quarter"),
        (D(2017, 6, 1), D(2017, 6, 30), "month"),
        (D(2021, 3, 31), D(2021, 3, 31), "snapshot"),
        (D(2017, 4, 1), D(2017, 9, 30), "other_period"),
    ],
)
def test_span_types(start: dt.date, end: dt.date, kind: str) -> None:
    assert span_type(start, end) == kind
    assert kind in PERIOD_TYPES


def test_a_bare_year_is_dated_by_the_indicators_convention_or_not_at_all() -> None:
    fte = by_convention(Period("2017"), "first_time_entrants_rate")
    custody = by_convention(Period("2017"), "custody_rate")
    assert (fte.start, fte.end) == (D(2017, 1, 1), D(2017, 12, 31))
    assert (custody.start, custody.end) == (D(2016, 4, 1), D(2017, 3, 31))
    assert period_type(fte, "first_time_entrants_rate") == "calendar_year"
    assert period_type(custody, "custody_rate") == "financial_year"
    assert by_convention(Period("2017"), "reoffending_rate") is None
    assert period_type(Period("2017"), "reoffending_rate") == "cohort"
    assert by_convention(Period("2017"), "ete_engagement_rate") is None
    assert period_type(Period("2017"), "ete_engagement_rate") is None


def test_every_convention_names_a_known_indicator_and_period_type() -> None:
    found = conventions()
    assert {"first_time_entrants_rate", "custody_rate", "reoffending_rate"} <= set(found)
    assert all(c.period_type in (None, *PERIOD_TYPES) for c in found.values())


BARE_YEARS = """\
Performance summary

First time entrants (rate per 100,000)
| Area | 2016 | 2017 |
|---|---:|---:|
| Leicestershire | 301 | 288 |
| England | 320 | 295 |

Re-offending rate (%)
| Area | 2016 | 2017 |
|---|---:|---:|
| Leicestershire | 41.2 | 39.0 |
| England | 42.0 | 40.1 |
"""


def test_kpi_rows_carry_period_types_and_say_how_they_were_dated() -> None:
    output = extract(BARE_YEARS, "leicestershire")
    frame = output.frame
    fte = frame[frame["indicator"] == "first_time_entrants_rate"]
    assert set(zip(fte["period_label"], fte["period_start"], fte["period_end"],
                   fte["period_type"], strict=True)) == {
        ("2016", D(2016, 1, 1), D(2016, 12, 31), "calendar_year"),
        ("2017", D(2017, 1, 1), D(2017, 12, 31), "calendar_year")}
    reoffending = frame[frame["indicator"] == "reoffending_rate"]
    assert set(reoffending["period_type"]) == {"cohort"}
    assert reoffending["period_start"].isna().all()
    codes = {(i.code, i.source_line) for i in output.issues}
    assert ("kpi_period_by_convention", 6) in codes  # the first value it dated
    assert any(code == "kpi_undated_period" for code, _ in codes)
