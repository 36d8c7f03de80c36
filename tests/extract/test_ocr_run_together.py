"""Headings a scan runs together over single-spaced rows (issue 15): the parser leaves
them unparted; the reader that knows the names parts them, only when one parting names
every column."""

from __future__ import annotations

from template_variants import plan_2019_context

from pipeline.extract.base import run_extractor
from pipeline.extract.kpi import DOMAIN as KPI
from pipeline.extract.people import DOMAIN as PEOPLE

SUMMARY = ("YJB data summary\nPeriod Darlington North East England\n\n"
           "Use of custody rate per 1,000 of\n10-17 population\n"
           "Jan 18 - Dec 18 0.21 0.32 0.43\n\nJan 17 - Dec 17 0.54 0.65 0.76\n"
           "\nThe board will read these again.\n")


def test_a_data_summary_whose_areas_run_together_is_read_by_their_names() -> None:
    frame = run_extractor(KPI, plan_2019_context(SUMMARY))["kpi_observations"].frame
    read = {(r.subject_type, r.indicator, str(r.period_start)[:10], float(r.value))
            for r in frame.itertuples() if r.value_status == "reported"}
    assert read == {("yot", "custody_rate", "2018-01-01", 0.21),
                    ("region", "custody_rate", "2018-01-01", 0.32),
                    ("national", "custody_rate", "2018-01-01", 0.43),
                    ("yot", "custody_rate", "2017-01-01", 0.54),
                    ("region", "custody_rate", "2017-01-01", 0.65),
                    ("national", "custody_rate", "2017-01-01", 0.76)}


def test_areas_no_parting_names_are_not_read() -> None:
    """"Darlington Town North East England" over three values: no parting names every
    column ("Darlington Town"? "Town North East"?): nothing is read."""
    text = SUMMARY.replace("Darlington North", "Darlington Town North")
    frame = run_extractor(KPI, plan_2019_context(text))["kpi_observations"].frame
    assert frame.empty or not (frame["value_status"] == "reported").any()


def test_roles_run_together_over_a_staffing_table() -> None:
    text = ("Staff by contract type\n"
            "Type of contract Strategic Manager Operational Manager Sessional Total\n"
            "Permanent 2 3 4 9\nVacant 1 1 2 4\nTemporary 5 5\n")
    frame = run_extractor(PEOPLE, plan_2019_context(text))["workforce"].frame
    read = {(r.contract_type, r.role, float(r.value)) for r in frame.itertuples()
            if r.role != "total"}
    assert read == {("permanent", "strategic_manager", 2.0),
                    ("permanent", "operations_manager", 3.0), ("permanent", "sessional", 4.0),
                    ("vacant", "strategic_manager", 1.0), ("vacant", "operations_manager", 1.0),
                    ("vacant", "sessional", 2.0)}
