"""A data summary's reoffending block names its measures in the rows ("Binary rate",
"Frequency rate") under a heading that names the cohort ("Reoffending ... (Apr 16 - Mar 17
cohort)"), while the blocks above it print periods in their rows: each measure's row is
read, dated by its heading; a row naming neither a period nor a measure stays out."""

from __future__ import annotations

from template_variants import kpi_observations_read, plan_2019_context

SUMMARY = """Performance summary

                                     Darlington    North East    England
First time entrants (rate per 100,000 of 10-17 population)
Jan 18 - Dec 18                         298           245           222
Jan 17 - Dec 17                         355           280           244
Percentage change                    -16.1%        -12.5%         -9.0%
Reoffending after 12 months (Apr 16 - Mar 17 cohort)
Binary rate                           42.1%         40.2%         39.2%
Frequency rate                         1.45          1.30          1.25
"""


def test_measure_rows_under_a_dated_heading_are_read() -> None:
    read = dict(kpi_observations_read(plan_2019_context(SUMMARY)))
    line_of: dict[str, int] = {}
    for number, text in enumerate(SUMMARY.split("\n"), 1):
        if text.strip():
            line_of.setdefault(text.split()[0], number)
    assert read[("yot", "darlington", "reoffending_rate", "percent", "2016-04-01", 42.1)] \
        == line_of["Binary"]
    assert read[("national", "england", "reoffences_per_reoffender", "ratio", "2016-04-01",
                 1.25)] == line_of["Frequency"]
    assert read[("region", "north-east", "first_time_entrants_rate", "per_100000",
                 "2017-01-01", 280.0)] == line_of["Jan"] + 1
    assert not any(value in (-16.1, -12.5, -9.0) for (*_, value) in read)  # changes
    assert len(read) == 12
