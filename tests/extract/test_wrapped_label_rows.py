"""A line of text under a row of values, in a space-aligned table, is printed alike
whether it is the rest of the row's label wrapped in its cell or a row without values
("YOT family" with nothing printed beside it, "Not known" nobody falls in). The parser
joins it to the label (keeping the line break in the cell's raw text); a reader that
knows the names reads the row by its first line when the two lines name different things
and together nothing. Every table here is invented."""

from __future__ import annotations

from pipeline.extract import kpi, people
from pipeline.extract.base import context_from_text, run_extractor

KPI_TEXT = "\n".join([
    "Use of custody: rate per 1,000 of the 10-17 population",
    "",
    "                     Apr 17 - Mar 18   Apr 18 - Mar 19",
    "Darlington                      0.41              0.35",
    "Durham PCC area                 0.30              0.28",
    "YOT family",
    "{last:<20}            0.37              0.30",
    "{wrapped}",
    "",
    "Text after the table.",
])


def _kpi_rows(last: str, wrapped: str) -> set[tuple[str, object, float]]:
    context = context_from_text(KPI_TEXT.format(last=last, wrapped=wrapped))
    frame = run_extractor(kpi.DOMAIN, context)["kpi_observations"].frame
    return {(r.subject_type, r.subject_id if isinstance(r.subject_id, str) else None,
             float(r.value)) for r in frame.itertuples()}


def test_a_valueless_row_under_an_area_leaves_the_area_its_values():
    found = _kpi_rows("England", "")
    assert {("yot", "darlington", 0.41), ("pcc_area", "pcc-durham", 0.30),
            ("pcc_area", "pcc-durham", 0.28), ("national", "england", 0.37)} <= found
    assert not any(subject_type == "family_group" for subject_type, _, _ in found)


def test_a_label_wrapped_under_its_row_is_still_read_whole():
    """"England &" / "Wales": the whole names the nation, so the lines are one label."""
    found = _kpi_rows("England &", "Wales")
    assert ("national", "england-and-wales", 0.37) in found
    assert not any(subject_id == "england" for _, subject_id, _ in found)


STAFF_TEXT = "\n".join([
    "Staff by ethnicity",
    "",
    "Ethnicity                 Managers   Practitioners   Volunteers   Total",
    "White British                    2              10            3      15",
    "Irish",
    "Mixed                                            1                    1",
    "Any other ethnic group                           1            2       3",
    "Not known",
    "Total                            2              12            5      19",
    "",
    "Text after the table.",
])


def test_a_valueless_ethnicity_under_the_widest_label_leaves_it_its_values():
    context = context_from_text(STAFF_TEXT)
    frame = run_extractor(people.DOMAIN, context)["workforce"].frame
    found = {(r.ethnicity, r.role, float(r.value)) for r in frame.itertuples()}
    assert {("other", "practitioner", 1.0), ("other", "volunteer", 2.0),
            ("other", "total", 3.0)} <= found
    assert not any(ethnicity == "unknown" for ethnicity, _, _ in found)
