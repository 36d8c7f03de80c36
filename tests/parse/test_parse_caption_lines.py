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
