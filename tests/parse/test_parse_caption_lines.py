"""Which plain lines above a table are its caption (documents with no marked headings);
lines written for the test."""

from __future__ import annotations

import pytest

from pipeline.parse.lines import is_plain_heading


@pytest.mark.parametrize("line, heading", [
    ("Latest reoffending cohort (Apr - Jun 2018).", True),  # a title with its period
    ("Reoffending rates", True),
    ("St. Helens figures", True),  # an abbreviation is not a sentence end
    ("Our service does well. The latest published", False),  # prose broken over lines
    ("The figures are shown below.", False),
    ("We reduced custody (again) in the year.", False),
])
def test_a_caption_line_is_a_title_not_prose(line: str, heading: bool) -> None:
    assert is_plain_heading(line) is heading


def test_a_numbered_caption_under_a_table_is_its_caption() -> None:
    """Word places "Table 4: ..." under its table; a label heading the next table, or a
    figure's label, is not taken."""
    from pipeline.parse import parse_tables
    text = "\n".join(["Text.", "", "Male\t12", "Female\t5", "Total\t17", "",
                      "Table 4: Gender of children on the caseload (2018/19)", "", "Text.",
                      "", "Age\tNumber", "10-14\t4", "15-17\t13", "",
                      "Table 5: Age of children on the caseload", "",
                      "Ethnicity\tNumber", "White\t9", "Mixed\t8", "",
                      "Figure 2: trend", "", "More text."])
    first, second, third = parse_tables(text, "doc")
    assert (first.caption_line, first.caption) == (
        7, "Table 4: Gender of children on the caseload (2018/19)")
    assert second.caption is None  # "Table 5" heads the next table
    assert third.caption == "Table 5: Age of children on the caseload"
