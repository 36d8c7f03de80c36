"""Two tables of a Word text export with a short caption between them, set apart from
the next table by empty paragraphs: the caption heads the second table, and the two are
never glued into one region (the caption read as a cell). Invented tables only."""

from __future__ import annotations

import pytest
from word_export import word_export

from pipeline.ingest.sources import cell_break_lines, normalise_text
from pipeline.parse import parse_tables

FIRST = ["Place", "North site", "South site", "Daily cost", "£120", "£340", "Nights", "40",
         "12", "Beds", "3", "2"]
SECOND = ["Children aged 10 to 17", "9,876", "Rate per 1,000", "0.42", "First entrants", "31"]


@pytest.mark.parametrize("blanks", [0, 1, 2])
def test_a_caption_set_apart_by_empty_paragraphs_heads_the_next_table(blanks: int) -> None:
    text = word_export(["Costs of places", FIRST, "Local population (2017 estimate)",
                        *([""] * blanks), SECOND, "Text after the tables."])
    plain, _ = normalise_text(text)
    tables = parse_tables(plain, "doc", cell_break_lines(text))
    grids = [[[cell.text if cell else "" for cell in row] for row in table.grid()]
             for table in tables]
    assert grids == [[FIRST[i:i + 3] for i in range(0, len(FIRST), 3)],
                     [SECOND[i:i + 2] for i in range(0, len(SECOND), 2)]]
    assert tables[1].caption == "Local population (2017 estimate)"
