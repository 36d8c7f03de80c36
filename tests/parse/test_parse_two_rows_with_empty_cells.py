"""Two rows printed one cell per line with no cell ends, some cells empty (an empty line):
under a header of many headings, none empty, the rows are a table; under a short header
or one with an empty heading they stay a coincidence. Invented tables only."""

from __future__ import annotations

from pipeline.parse import parse_tables

HEADINGS = ["Kind of post", "North (A)", "North (B)", "South (A)", "South (B)", "East",
            "West", "Total"]


def _text(header: list[str], rows: list[list[str]]) -> str:
    lines = ["Posts by area", "", *header, *(cell for row in rows for cell in row), "",
             "Text after the table."]
    return "\n".join(lines) + "\n"


def _grids(text: str) -> list[list[list[str]]]:
    return [[[cell.text if cell else "" for cell in row] for row in table.grid()]
            for table in parse_tables(text, "doc") if table.kind == "data"]


def test_two_rows_with_empty_cells_under_many_headings_are_a_table() -> None:
    rows = [["All posts", "1", "2", "", "7", "4", "", "14"],
            ["Open", "", "", "2", "", "", "3", "5"]]
    assert _grids(_text(HEADINGS, rows)) == [[HEADINGS, *rows]]


def test_an_empty_heading_leaves_two_rows_with_empty_cells_unread() -> None:
    header = ["", *HEADINGS[1:]]
    rows = [["All posts", "1", "2", "", "7", "4", "", "14"],
            ["Open", "", "", "2", "", "", "3", "5"]]
    assert _grids(_text(header, rows)) == []
