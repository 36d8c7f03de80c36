"""Where a Word-export table ends: a short title after the table's last cell and an empty
paragraph captions the next table; it is not a cell of either table.

Each document is written for the test (never copied from a plan): cells end in a lone CR,
paragraphs in CRLF, as a Word "text only" export prints them.
"""

from __future__ import annotations

import pytest
from word_export import word_export

from pipeline.ingest.sources import cell_break_lines, normalise_text
from pipeline.parse import parse_tables

BUDGET = ["Agency", "Staffing", "Other", "Total",
          "Police", "10", "5", "15", "Health", "20", "6", "26", "Council", "30", "7", "37"]
STAFF = ["Role", "Male", "Female",
         "Managers", "1", "2", "Practitioners", "3", "4", "Admin", "5", "6"]


def _parse(raw: str):
    text, _ = normalise_text(raw)
    return text.split("\n"), parse_tables(text, "doc", cell_break_lines(raw))


def _grid(table) -> list[list[str]]:
    return [[cell.text if cell else "" for cell in row] for row in table.grid()]


@pytest.mark.parametrize("title", ["Table 2: Staff by gender", "Staffing (June 2019)",
                                   "Custody and remand costs"])
def test_a_short_title_after_a_table_captions_the_next_table(title: str) -> None:
    lines, tables = _parse(word_export(["Partner budget", BUDGET, title, STAFF]))
    assert [_grid(t)[0] for t in tables] == [BUDGET[:4], STAFF[:3]]
    first, second = tables
    assert _grid(first)[-1] == ["Council", "30", "7", "37"]
    assert second.caption == title
    assert lines[second.caption_line - 1] == title
    for table in tables:  # every cell still on its line
        assert all(c.text in lines[c.source_line - 1] for c in table.cells)


def test_a_cell_of_stacked_values_after_an_empty_paragraph_stays_in_its_table() -> None:
    # the second "Total" cell prints an empty paragraph and two amounts: values, not a title
    cells = ["Agency", "2018/19", "2019/20", "Police", "10", "12", "Health", "20", "22",
             "Council", "\r\n30\r\n32", "34"]
    _, [table] = _parse(word_export(["Partner budget", cells, "Text after the table."]))
    assert [row[0] for row in _grid(table)] == ["Agency", "Police", "Health", "Council"]


def test_a_bullet_after_an_empty_paragraph_is_a_list_in_a_cell_not_a_title() -> None:
    cells = ["Action", "Lead", "Cost",
             "Training", "Manager", "£5,000",
             "Panels", "\r\n• Volunteer lead\r\n• Chair", "£2,000",
             "Mentoring", "Team leader", "£1,000"]
    _, [table] = _parse(word_export(["Grant plan", cells]))
    assert [row[0] for row in _grid(table)] == ["Action", "Training", "Panels", "Mentoring"]
    assert _grid(table)[2][1].endswith("Chair")



TEMPLATE = [["Agency", "Staffing", "In kind", "Other", "Total"],
            ["Police", "10,000", "", "5,000", "15,000"],
            ["Probation", "20,000", "1,000", "", "21,000"],
            ["Health", "30,000", "", "2,000", "32,000"],
            ["Council", "40,000", "3,000", "4,000", "47,000"],
            ["Total", "100,000", "4,000", "11,000", "115,000"]]


@pytest.mark.parametrize("gaps", [{2: 1}, {3: 2}, {2: 1, 4: 1}, {1: 1, 4: 2}])
def test_stray_empty_cells_between_rows_do_not_end_the_table(gaps: dict[int, int]) -> None:
    cells: list[str] = []
    for index, row in enumerate(TEMPLATE):
        cells += [""] * gaps.get(index, 0) + row
    lines, [table] = _parse(word_export(["Partner budget 2019/20", cells, "Text after."]))
    assert _grid(table) == TEMPLATE
    assert all(c.text in lines[c.source_line - 1] for c in table.cells)


def test_empty_cells_after_every_row_are_columns_not_strays() -> None:
    cells = [cell for row in TEMPLATE for cell in [*row, "", ""]]
    _, [table] = _parse(word_export(["Partner budget 2019/20", cells, "Text after."]))
    # one table of five printed columns (the empty ones are not read as strays, which
    # would cut a row after every row)
    assert [row[:5] for row in _grid(table)] == TEMPLATE
