"""Space-aligned tables whose headings wrap over lines in narrow columns, as
``pdftotext -layout`` prints a PDF table: each column's lines are one heading ("Apr 2016-"
over "Mar 2017" is one period), while an upper heading over a group of columns stays a
row of its own. Every document here is invented for the test.
"""

from __future__ import annotations

from pipeline.parse import parse_tables


def _grid(table) -> list[list[str]]:
    return [[c.text if c else "" for c in row] for row in table.grid()]


def _table(*lines: str):
    """The one table of a document of these lines."""
    [table] = parse_tables("\n".join([*lines, ""]), "doc")
    return table


def test_a_period_wrapped_over_two_heading_lines_is_one_heading():
    table = _table(
        "                          Apr 2016-   Apr 2017-   Apr 2018-",
        "                          Mar 2017    Mar 2018    Mar 2019",
        "Number of reoffenders            71          62          49",
        "Number in cohort                196         160         125")
    assert table.header_rows == 1
    assert _grid(table)[0] == ["", "Apr 2016- Mar 2017", "Apr 2017- Mar 2018",
                               "Apr 2018- Mar 2019"]
    assert _grid(table)[1] == ["Number of reoffenders", "71", "62", "49"]


def test_headings_wrapped_over_four_lines_are_joined():
    """A narrow column wraps a long heading over four lines; the stub's heading over
    two."""
    table = _table(
        "Income         Youth      Local        Total",
        "source         Justice    Authority",
        "               Board      (children's",
        "               grant      services)",
        "Cash           120,000    300,500      420,500",
        "In kind                    15,000       15,000")
    assert table.header_rows == 1
    assert _grid(table)[0] == ["Income source", "Youth Justice Board grant",
                               "Local Authority (children's services)", "Total"]
    assert _grid(table)[2] == ["In kind", "", "15,000", "15,000"]


def test_an_upper_heading_over_a_group_is_not_joined_to_the_headings_below():
    """"Managers" over "M" and "F" heads both; it is wrapped itself ("Strategic" under
    "Managers"), and joined to that line only."""
    table = _table(
        "Ethnicity          Managers     Practitioners   Total",
        "                   Strategic",
        "                   M      F     M      F        M    F",
        "White British      1      2     5      14       6   16",
        "Mixed                           1               1    0")
    assert table.header_rows == 2
    headers = [" / ".join(t for t in texts if t) for texts in table.column_headers()]
    assert headers[1:3] == ["Managers Strategic / M", "Managers Strategic / F"]
    assert headers[3:5] == ["Practitioners / M", "Practitioners / F"]


def test_sub_headings_over_empty_columns_each_keep_their_column():
    """More "M  F" headings than columns with values, the numbers aligned right in their
    columns and overlapping no heading: each value goes to the heading whose stretch
    (its start to the next heading's start) it lies in."""
    table = _table(
        "Ethnicity       Managers      Sessional     Volunteer     Total",
        "                M      F      M      F      M      F      M      F",
        "White British              1             2      7     37     10     39",
        "Mixed                                                  1             1",
        "Total                      1             2      7     38     10     40")
    assert table.header_rows == 2
    headers = [" / ".join(t for t in texts if t) for texts in table.column_headers()]
    assert headers[1:] == [f"{group} / {sex}" for group in
                           ("Managers", "Sessional", "Volunteer", "Total") for sex in "MF"]
    assert _grid(table)[2] == ["White British", "", "1", "", "2", "7", "37", "10", "39"]
    assert _grid(table)[3] == ["Mixed", "", "", "", "", "", "1", "", "1"]


def test_periods_wrapped_over_groups_of_columns_head_each_group():
    """A period wrapped over two lines at the start of each "Count  Rate" group heads
    both columns of its group, though it overlaps only the first one's numbers."""
    table = _table(
        "                Apr 17              Apr 18",
        "                -Mar 18             -Mar 19",
        "                Count     Rate      Count     Rate",
        "Areaton                15   0.81            9   0.49",
        "Region                 33   0.23           46   0.32")
    headers = [" / ".join(t for t in texts if t) for texts in table.column_headers()]
    assert headers[1:] == ["Apr 17 -Mar 18 / Count", "Apr 17 -Mar 18 / Rate",
                           "Apr 18 -Mar 19 / Count", "Apr 18 -Mar 19 / Rate"]
    assert _grid(table)[-1] == ["Region", "33", "0.23", "46", "0.32"]


def test_wrapped_headings_over_cells_read_in_order_are_joined():
    """Rows read cell by cell in order (a change printed left in its column while the
    rates are printed right): the wrapped period headings are still one heading each."""
    table = _table(
        "                          Apr 2016-   Apr 2017-   % change",
        "                          Mar 2017    Mar 2018    to 2017/18",
        "Reoffending rate (%)          39.2%       30.5%   -8.7pp",
        "Number of reoffenders            49          32            -34.7%")
    assert table.header_rows == 1
    assert _grid(table)[0] == ["", "Apr 2016- Mar 2017", "Apr 2017- Mar 2018",
                               "% change to 2017/18"]
    assert _grid(table)[2] == ["Number of reoffenders", "49", "32", "-34.7%"]
