"""Markdown written by converters (markitdown and the like) puts the ``|---|`` line under
the first row whatever the table's header is. Invented tables only."""

from __future__ import annotations

from pipeline.parse import parse_tables


def _table(lines: list[str]):
    text = "\n".join(["The service's figures are below.", "", *lines, "",
                      "The board reviews them every quarter."])
    [table] = parse_tables(text, "doc")
    return table


def test_a_table_without_header_keeps_its_first_row_in_the_body():
    table = _table(["| Police | £41,000 |", "|---|---|", "| Health | £62,500 |",
                    "| Local authority | £310,000 |", "| Total | £413,500 |"])
    assert table.header_rows == 0
    assert [c.text for c in table.body()[0] if c] == ["Police", "£41,000"]


def test_a_second_header_row_under_the_line_stays_in_the_header():
    table = _table(["| Ethnicity | Managers |  | Practitioners |  |",
                    "|---|---|---|---|---|",
                    "|  | Male | Female | Male | Female |",
                    "| White British | 1 | 2 | 14 | 20 |",
                    "| Mixed | 0 | 1 | 2 | 3 |"])
    assert table.header_rows == 2
    assert table.column_headers()[4] == ["Practitioners", "Female"]
    assert table.body()[0][0].text == "White British"


def test_a_header_over_rows_of_figures_is_unchanged():
    table = _table(["| Agency | 2018/19 | 2019/20 |", "|---|---|---|",
                    "|  | 12 | 14 |", "| Health | 8 | 9 |"])
    assert table.header_rows == 1


def test_loose_pipe_rows_with_one_long_label_each_are_a_table():
    """Rows naming their measure in full (longer than a short cell) with no outer pipes
    and no separator are still rows of one table."""
    label = "Rate of first time entrants per 100,000 of the 10 to 17 population in the year"
    table = _table([" | Our service | Region | England",
                    f"{label} | 312 | 280 | 238",
                    f"{label} a year before | 355 | 301 | 250",
                    "Change | -12.1% | -7.0% | -4.8%"])
    assert table.format == "markdown" and table.n_columns == 4
    assert [c.text for c in table.body()[1] if c][1:] == ["355", "301", "250"]


def test_prose_lines_with_pipes_and_two_long_parts_are_no_table():
    long = "a sentence that goes on for a good while about the work of the service"
    text = "\n".join([f"{long} and more | {long} and then some | 12",
                      f"{long} and others | {long} once more here | 14"])
    assert parse_tables(text, "doc") == []
