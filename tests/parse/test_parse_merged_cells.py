"""Word tables with merged cells, read from the rhythm of their cells (issue 15): Word
prints a horizontally merged cell once and a vertically merged one in its top row only
(docs/renderings.md, "Merged cells"). Invented tables, never text from a plan."""

from __future__ import annotations

import pytest
from word_export import LEFT, UP, word_cells, word_grid

from pipeline.extract.coverage import ROWS_LEFT_OUT, left_out_issues
from pipeline.ingest.sources import cell_break_lines, normalise_text
from pipeline.parse import parse_tables


def _tables(raw: str):
    text, _ = normalise_text(raw)
    return parse_tables(text, "doc", cell_break_lines(raw))


def _grid(table) -> list[list[str]]:
    return [[c.text if c else "" for c in row] for row in table.grid()]


HEADER = ["Agency", "Service", "Cash", "In kind"]
ROWS = [["Police", "", "12,000", "3,000"], ["Health", "", "8,500", "1,000"],
        ["Probation", "", "4,000", "500"]]


def _document(grid: list[list[str]]) -> str:
    return "Partner contributions\r\n" + word_grid(grid) + "Text after the table.\r\n"


def test_word_grid_prints_a_span_once_and_a_merge_down_empty() -> None:
    assert word_grid([["a", LEFT, "b"], [UP, "c", "d"]]) == "a\rb\r\rc\rd\r\r\n"


def test_a_total_label_merged_over_two_label_columns_is_placed() -> None:
    [table] = _tables(_document([HEADER, *ROWS, ["Total", LEFT, "24,500", "4,500"]]))
    assert _grid(table) == [HEADER, *ROWS, ["Total", "", "24,500", "4,500"]]
    assert table.left_out == []


def test_a_short_last_row_is_reported_when_its_place_is_not_unique() -> None:
    # column 1 prints values: "Total" with two amounts fits two placements
    rows = [["Police", "1", "12,000", "3,000"], ["Health", "2", "8,500", "1,000"],
            ["Probation", "3", "4,000", "500"]]
    [table] = _tables(_document([HEADER, *rows, ["Total", "24,500", "4,500"]]))
    assert _grid(table) == [HEADER, *rows]
    assert [text for _, text in table.left_out] == [
        "row 'Total' prints 3 cells where the table has 4 columns: its values cannot be "
        "placed"]


def test_a_label_merged_down_is_carried_to_the_rows_below() -> None:
    merge = ["Local Authority", "Children's services", "20,000", "5,000"]
    for at in (0, 2, 3):  # the first body row, the middle, the last before the total
        body = [*ROWS[:at], merge, [UP, "Education", "7,000", "2,000"], *ROWS[at:]]
        [table] = _tables(_document([HEADER, *body, ["Total", LEFT, "51,500", "11,500"]]))
        carried = [["Local Authority" if cell == UP else cell for cell in row]
                   for row in body]
        assert _grid(table) == [HEADER, *carried, ["Total", "", "51,500", "11,500"]], at


def test_an_empty_label_under_a_one_label_row_is_not_carried_down() -> None:
    # "Health" prints no second label: the row under it is no part of a merge
    grid = [HEADER, *ROWS, ["", "Education", "7,000", "2,000"]]
    tables = _tables(_document(grid))
    assert not any(row[:2] == ["Probation", "Education"] for table in tables
                   for row in _grid(table))


@pytest.mark.parametrize("header", [["Item", "£"], ["Activity", "Cost"]])
def test_a_section_merged_across_continues_a_table_that_opens_with_one(
        header: list[str]) -> None:
    # under "Activity" | "Cost" the first section first reads as the header's last cell
    # ("Cost" | "Staffing" under a title): taken back once the later section is found
    grid = [header, ["Staffing", LEFT], ["Case managers", "40,000"],
            ["Training", "5,000"], ["Interventions", LEFT], ["Reparation", "9,000"],
            ["Mentoring", "6,000"], ["Total", "60,000"]]
    [table] = _tables("YJB grant spend\r\n" + word_grid(grid) + "Text after it.\r\n")
    assert _grid(table) == [row if row[1] != LEFT else [row[0], ""] for row in grid]


def test_a_lone_short_cell_in_a_table_without_sections_is_no_section() -> None:
    # "Local" | "Authority": a label split over two cells, not a section over "Authority"
    grid = [["Agency", "Cash", "In kind"], ["Police", "12,000", "3,000"],
            ["Health", "8,500", "1,000"], ["Local", "Authority", "20,000", "5,000"],
            ["Probation", "4,000", "500"]]
    tables = _tables(_document(grid))
    assert not any(row[0] == "Authority" for table in tables for row in _grid(table))


def test_recurring_sections_merged_across_are_no_header_cell() -> None:
    header = ["Agency", "Staffing costs", "Payments in kind", "Total"]
    grid = [header, ["Statutory partners", LEFT, LEFT, LEFT],
            ["Police", "1,000", "200", "1,200"], ["Health", "2,000", "300", "2,300"],
            ["Other partners", LEFT, LEFT, LEFT], ["Charity", "500", "50", "550"],
            ["Trust", "100", "0", "100"]]
    [table] = _tables(_document(grid))
    assert _grid(table) == [[c if c is not LEFT else "" for c in row] for row in grid]
    assert table.left_out == []



SPARE = ["Agency", "Cash", "In kind", "Other", "Notes"]
SPARE_ROWS = [["Police", "12,000", "3,000", "", ""], ["Health", "8,500", "1,000", "", ""],
              ["Probation", "4,000", "500", "", ""]]


def _cells_then(rows: list[list[str]], last: list[str]) -> str:
    """A Word table whose last row prints only `last`: its trailing empty cells left out."""
    printed = "".join(f"{cell}\r" for row in rows for cell in row)
    return ("Partner contributions\r\n" + printed + "".join(f"{cell}\r" for cell in last)
            + "\r\nText after the table.\r\n")


def test_a_last_row_without_its_trailing_empty_cells_is_read_when_its_place_is_unique(
        ) -> None:
    # two cells short; only Cash and In kind print values in the rows above, so "Total"'s
    # two amounts can only sit under them (before, the row was dropped without a word)
    [table] = _tables(_cells_then([SPARE, *SPARE_ROWS], ["Total", "24,500", "4,500"]))
    assert _grid(table) == [SPARE, *SPARE_ROWS, ["Total", "24,500", "4,500", "", ""]]
    assert table.left_out == []
    amount = next(cell for cell in table.cells if cell.text == "4,500")
    assert amount.source_line == 1 + 4 * len(SPARE) + 3  # the cell's own line


def test_a_last_row_two_cells_short_is_reported_when_it_fits_two_ways() -> None:
    # Cash and In kind both print amounts: "Total | 24,500" fits under either
    rows = [row[:4] for row in [SPARE, *SPARE_ROWS]]
    [table] = _tables(_cells_then(rows, ["Total", "24,500"]))
    assert _grid(table) == rows
    assert [text for _, text in table.left_out] == [
        "row 'Total' prints 2 cells where the table has 4 columns: its values cannot be "
        "placed"]
    [issue] = left_out_issues("doc", [table])  # in the run's loss report, on its line
    assert (issue.code, issue.source_line) == (ROWS_LEFT_OUT, 1 + 4 * len(rows[0]) + 1)


def test_an_empty_upper_cell_heads_its_column_and_the_merged_headings_stay_in_place() -> None:
    """An upper header row printed once per merged cell, with an empty cell over a
    second label column: the empty cell is a column, so each role stays over its own
    pair of genders (dropped, every role after it moved one pair left, "Total" over the
    practitioners' women)."""
    grid = [["", "", "Managers", LEFT, "Practitioners", LEFT, "Total"],
            ["Ethnicity", "", "M", "F", "M", "F", ""],
            ["White", "", "1", "2", "3", "4", "10"], ["Asian", "", "0", "1", "1", "2", "4"],
            ["Mixed", "", "1", "0", "2", "1", "4"]]
    [table] = _tables("Staff by role, gender and ethnicity\r\n" + word_grid(grid)
                      + "Text after the table.\r\n")
    assert table.column_headers() == [
        ["", "Ethnicity"], ["", ""], ["Managers", "M"], ["Managers", "F"],
        ["Practitioners", "M"], ["Practitioners", "F"], ["Total", ""]]


def test_an_empty_cell_after_the_last_upper_heading_is_no_column() -> None:
    """A stray empty cell closing the upper row (more cells than its merged headings
    cover): the headings still go over equal groups."""
    upper = word_cells("Ethnicity", "Managers", "Practitioners", "Total", "")[:-2]
    rows = [["", "M", "F", "M", "F", "M", "F"], ["White", "1", "2", "3", "4", "4", "6"],
            ["Asian", "0", "1", "1", "2", "1", "3"], ["Mixed", "1", "0", "2", "1", "3", "1"]]
    raw = ("Staff by role, gender and ethnicity\r\n" + upper
           + word_cells(*(cell for row in rows for cell in row)))
    [table] = _tables(raw + "Text after the table.\r\n")
    assert table.column_headers()[1:] == [
        ["Managers", "M"], ["Managers", "F"], ["Practitioners", "M"], ["Practitioners", "F"],
        ["Total", "M"], ["Total", "F"]]


def test_an_upper_header_with_an_empty_stub_is_placed_by_the_units_under_it() -> None:
    # "Variance" over "£" "%" beside the years each over "£": the repeated "£" starts a
    # new merged cell; the empty stub cell above the labels is a cell, not a break
    grid = [["", "2017-18", "2018-19", "Variance", LEFT], ["", "£", "£", "£", "%"],
            ["Police", "12,000", "13,000", "1,000", "8.3%"],
            ["Health", "8,500", "8,000", "-500", "-5.9%"]]
    [table] = _tables(_document(grid))
    assert _grid(table)[0] == ["", "2017-18", "2018-19", "Variance", ""]
    assert [cell.colspan for cell in table.grid()[0] if cell] == [1, 1, 1, 2]
    assert _grid(table)[2:] == [row for row in grid[2:]]
