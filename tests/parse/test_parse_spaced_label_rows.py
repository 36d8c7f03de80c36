"""Space-aligned tables (``pdftotext -layout``) with rows that print a label and no
values: a category nobody falls in, a partner that gives nothing this year. Such a row is
a row of its own, not the rest of the label above it; a label wrapped in its cell is
still joined. Every document here is invented for the test.
"""

from __future__ import annotations

from pipeline.parse import parse_tables


def _grid(table) -> list[list[str]]:
    return [[c.text if c else "" for c in row] for row in table.grid()]


def _only_table(text: str):
    [table] = parse_tables(text, "doc")
    return table


def test_label_only_rows_between_value_rows_are_rows_of_their_own():
    """"Irish" fits on the line of "British" (the column is as wide as "Any other
    group"), so it is no wrapped label: a row without values, as are the lines after."""
    table = _only_table("\n".join([
        "Ethnicity            Managers   Practitioners   Total",
        "British                     2              14      16",
        "Irish",
        "Traveller",
        "Roma",
        "Other mixed                                 1       1",
        "Any other group             1               3       4",
        "Total                       3              18      21",
        "",
    ]))
    assert _grid(table) == [
        ["Ethnicity", "Managers", "Practitioners", "Total"],
        ["British", "2", "14", "16"],
        ["Irish", "", "", ""], ["Traveller", "", "", ""], ["Roma", "", "", ""],
        ["Other mixed", "", "1", "1"],
        ["Any other group", "1", "3", "4"],
        ["Total", "3", "18", "21"]]


def test_a_label_only_row_under_the_header_keeps_the_header():
    table = _only_table("\n".join([
        "                    Staffing   Payments in kind   Total",
        "Police",
        "Probation              5,000                      5,000",
        "Health                44,000              2,000  46,000",
        "Welsh Government",
        "Total                 49,000              2,000  51,000",
        "",
    ]))
    assert table.header_rows == 1
    assert _grid(table)[:3] == [
        ["", "Staffing", "Payments in kind", "Total"],
        ["Police", "", "", ""],
        ["Probation", "5,000", "", "5,000"]]
    assert _grid(table)[4] == ["Welsh Government", "", "", ""]


def test_a_sub_heading_after_a_label_only_row_continues_the_table():
    """A change row left empty, then the next measure's name over its period rows."""
    table = _only_table("\n".join([
        "                                             Areaton   Region   England",
        "Custody rate per 1,000 of 10-17 population",
        "Apr 18 - Mar 19                                 0.40     0.37      0.30",
        "Apr 17 - Mar 18                                 0.60     0.41      0.38",
        "change from baseline",
        "Reoffending rate after 12 months (%)",
        "Apr 16 - Mar 17                                 38.2     40.1      39.0",
        "Apr 15 - Mar 16                                 36.0     41.5      40.2",
        "",
    ]))
    grid = _grid(table)
    assert ["Apr 17 - Mar 18", "0.60", "0.41", "0.38"] in grid
    assert ["change from baseline", "", "", ""] in grid
    assert ["Apr 15 - Mar 16", "36.0", "41.5", "40.2"] in grid


def test_a_label_too_long_for_its_cell_is_still_joined():
    """"Board" would not fit after "Youth Justice" in a column as wide as the widest
    label: it is the rest of that label, wrapped."""
    table = _only_table("\n".join([
        "Agency               Staffing     Total",
        "Youth Justice          12,000    12,000",
        "Board",
        "Local Authority        40,500    40,500",
        "Total                  52,500    52,500",
        "",
    ]))
    assert _grid(table)[1] == ["Youth Justice Board", "12,000", "12,000"]


def test_a_label_line_followed_by_another_is_no_wrap():
    """"Irish" could be the rest of "British" by width alone, but another line of labels
    follows it: rows of their own."""
    table = _only_table("\n".join([
        "Ethnicity               Staff   Volunteers",
        "British                    12            3",
        "Irish",
        "Roma",
        "Any other group             1            2",
        "",
    ]))
    assert [row[0] for row in _grid(table)[1:]] == [
        "British", "Irish", "Roma", "Any other group"]


def test_a_label_that_reads_as_a_marker_is_still_a_label():
    """"Not known" (an ethnicity nobody recorded) heads its row, with or without values,
    and the rows below it stay in the table."""
    table = _only_table("\n".join([
        "Ethnicity               Staff   Volunteers",
        "British                    12            3",
        "Not known                   1            0",
        "Irish",
        "Roma",
        "Unknown",
        "Any other ethnic group      2            1",
        "Total                      15            4",
        "",
    ]))
    assert _grid(table)[2:] == [["Not known", "1", "0"], ["Irish", "", ""], ["Roma", "", ""],
                                ["Unknown", "", ""], ["Any other ethnic group", "2", "1"],
                                ["Total", "15", "4"]]


def test_in_a_table_of_label_only_rows_a_pair_that_fits_is_two_rows():
    """Rows without values shown elsewhere in the table: "Asian" with "Pakistani" would
    just fit on one line as wide as "Any other ethnic group", so it is a row."""
    table = _only_table("\n".join([
        "Ethnicity                Staff   Volunteers",
        "British                     12            3",
        "Irish",
        "Roma",
        "Traveller",
        "Other Asian                  4",
        "Pakistani",
        "Any other ethnic group       1            2",
        "",
    ]))
    assert [row[0] for row in _grid(table)[1:]] == [
        "British", "Irish", "Roma", "Traveller", "Other Asian", "Pakistani",
        "Any other ethnic group"]


def test_a_long_sub_heading_as_wide_as_the_labels_continues_the_table():
    """The second measure's name is no wider than the longest row label, but longer than
    a label cell's text: a sub-heading, and the rows below it stay in the table."""
    table = _only_table("\n".join([
        "                                                                   Areaton   England",
        "Reoffending after 12 months - three month cohorts (latest periods)",
        "Reoffences per reoffender Jan 17 - Mar 17 cohort (latest period)       3.86      3.91",
        "Reoffences per reoffender Jan 16 - Mar 16 cohort                       3.49      3.86",
        "Reoffending rates after 12 months - aggregated quarterly cohorts",
        "Reoffences per reoffender Apr 16 - Mar 17 cohort (latest period)       3.67      3.91",
        "Reoffences per reoffender Apr 15 - Mar 16 cohort                       3.77      3.79",
        "",
    ]))
    assert _grid(table)[-1] == ["Reoffences per reoffender Apr 15 - Mar 16 cohort",
                                "3.77", "3.79"]


def test_label_only_rows_wider_than_the_labels_with_values_are_rows():
    """Rows without values, some wider than every row with values: "White Irish" fits
    after "White British" in a column as wide as "White and Black Caribbean"."""
    table = _only_table("\n".join([
        "Ethnicity                    Managers   Practitioners",
        "White British                       1               2",
        "White Irish",
        "Other White",
        "White and Black Caribbean",
        "Other mixed                         1",
        "",
    ]))
    assert [row[0] for row in _grid(table)[1:]] == [
        "White British", "White Irish", "Other White", "White and Black Caribbean",
        "Other mixed"]


def test_a_numbered_label_with_no_value_under_a_sub_heading_is_no_value_row():
    """"1.2.3" looks like a figure at first sight but reads as no value: a row of a label
    and such words is no value row (it crashed the search for a sub-heading above the
    first row); the rows of values under it are still read."""
    tables = parse_tables("\n".join([
        "Our plan for the year.",
        "",
        "Area                 Target        Actual",
        "Reducing first time entrants",
        "Objective            1.2.3",
        "Prevention           12            14",
        "Custody              3             2",
        "",
    ]), "doc")
    grids = [_grid(table) for table in tables]
    assert any(["Prevention", "12", "14"] in grid and ["Custody", "3", "2"] in grid
               for grid in grids), grids


def test_a_label_wrapped_under_its_row_keeps_the_line_break_in_its_raw_text():
    """The rest of a label printed on the line under its row is joined in the cell's
    text; its raw text keeps the break, so a reader can tell the printed lines apart
    (a row without values under the widest label prints alike)."""
    table = _only_table("\n".join([
        "Area                   2017/18   2018/19",
        "Northtown                   12        15",
        "Southshire Police Area      30        28",
        "Force",
        "National                   410       380",
        "",
    ]))
    [label] = [cell for cell in table.cells if cell.text.startswith("Southshire")]
    assert label.text == "Southshire Police Area Force"
    assert label.raw == "Southshire Police Area\nForce"
    assert [cell.raw for cell in table.cells if cell.column == 0 and cell.row > 0] == [
        "Northtown", "Southshire Police Area\nForce", "National"]
