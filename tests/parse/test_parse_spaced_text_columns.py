"""Space-aligned tables as `pdftotext -layout` and copied web pages print them, in the
shapes a table of long texts or a loose header takes (issue 15, rendering transfer):
columns of sentences beside an amount, a stub heading that is a whole note, an upper
heading over a group read over rows aligned cell by cell, a heading wrapped with a half
that reads as a number, a sub-heading under a short label, a long label with one value,
a heading spanning both header lines. Every document here is invented for the test.
"""

from __future__ import annotations

from pipeline.parse import parse_tables


def _grid(table) -> list[list[str]]:
    return [[c.text if c else "" for c in row] for row in table.grid()]


def _tables(*lines: str):
    return [t for t in parse_tables("\n".join(["Some words before.", "", *lines, "",
                                               "Some words after."]), "doc")
            if t.n_columns > 1]


def _table(*lines: str):
    [table] = _tables(*lines)
    return table


def test_columns_of_long_text_beside_an_amount_are_read_under_their_headings():
    table = _table(
        "Activity             What it pays for                                                                                                             Cost",  # noqa: E501
        "Mentoring scheme     Volunteers meet each young person every week and keep in touch with the family through the school term and the holidays   £12,500",  # noqa: E501
        "Family work          Two practitioners work with parents at home                                                                                  £40,000",  # noqa: E501
        "                     Total                                                                                                                        £52,500")  # noqa: E501
    assert table.header_rows == 1
    assert _grid(table)[0] == ["Activity", "What it pays for", "Cost"]
    assert _grid(table)[1][0] == "Mentoring scheme"
    assert _grid(table)[1][2] == "£12,500"
    assert _grid(table)[3] == ["", "Total", "£52,500"]


def test_a_first_column_with_no_heading_and_a_long_text_column():
    table = _table(
        "            Referrals   Outcome                                                                       Closed",  # noqa: E501
        "2016/17            41   Quarter one cohort 120 reoffended 31 offences 90 rate of reoffending 25.8%        12",  # noqa: E501
        "2017/18            37   Not available                                                                     15")  # noqa: E501
    assert _grid(table)[0] == ["", "Referrals", "Outcome", "Closed"]
    assert _grid(table)[1][:2] == ["2016/17", "41"]
    assert _grid(table)[2] == ["2017/18", "37", "Not available", "15"]


def test_text_not_aligned_with_the_headings_is_no_table():
    """A sentence with double spaces and a number under a header line is prose."""
    assert not _tables(
        "Activity             What it pays for                      Cost",
        "We spent  the money on  the things the board  agreed   in 2019  £12,500",
        "and  then  on  other things   £40,000")


def test_a_stub_heading_that_is_a_note_over_many_headings():
    note = ("Children worked with in the year, counted once in each group they were in "
            "(a child may be counted in more than one group, see the notes below)")
    pad = " " * (len(note) - len("Ethnicity"))
    table = _table(
        f"Ethnicity{pad}   Before court   After court   Custody",
        f"{note}   Number         Number        Number",
        "White" + " " * (len(note) - 5) + "   12             30            2",
        "Mixed" + " " * (len(note) - 5) + "   4              5             1")
    assert _grid(table)[-1][:2] == ["Mixed", "4"]
    headers = [" / ".join(t for t in texts if t) for texts in table.column_headers()]
    assert headers[0] == f"Ethnicity {note}"
    assert headers[1:] == ["Before court Number", "After court Number", "Custody Number"]


def test_an_upper_heading_over_two_columns_of_an_ordinal_block():
    """Rows of one label and four values each, a column printing a count at its left
    and a dash at its right: the upper heading "Caseload in the year" spans "Number" and "Share"."""
    table = _table(
        "Group   Court            Custody          Caseload in the year",
        "Area    Number/percent   Number/percent   Number      Share",
        "White   7 (30%)                       -          21        60%",
        "Mixed   2 (10%)          1 (5%)                   4        12%",
        "Total   9 (40%)                       -          25       100%")
    headers = [" / ".join(t for t in texts if t) for texts in table.column_headers()]
    assert headers == ["Group / Area", "Court / Number/percent", "Custody / Number/percent",
                       "Caseload in the year / Number",
                       "Caseload in the year / Share"]
    assert _grid(table)[-1] == ["Total", "9 (40%)", "-", "25", "100%"]


def test_a_sub_heading_wider_than_the_label_above_is_no_wrapped_label():
    table = _table(
        "                                                £          £",
        "Police and Crime Commissioner for the area   12,000",
        "Health                                        8,000",
        "Sub-total                                                20,000",
        "GRANTS FROM THE BOARD",
        "Youth justice grant                          30,000",
        "Sub-total                                                30,000")
    assert ["Sub-total", "", "20,000"] in _grid(table)
    assert ["GRANTS FROM THE BOARD", "", ""] in _grid(table)


def test_a_long_label_with_one_value_among_rows_is_a_row():
    table = _table(
        "                                                                          £",
        "Police                                                               12,000",
        "Local Authority - 2.0 fte Education Workers / 1.0 fte Social Workers  30,000",
        "Health                                                                8,000")
    assert _grid(table)[2] == [
        "Local Authority - 2.0 fte Education Workers / 1.0 fte Social Workers", "30,000"]


def test_a_wrapped_heading_whose_first_half_reads_as_a_number():
    table = _table(
        "Ethnicity       % of Caseload   10 -17       Difference",
        "                Young People    Population",
        "White                   45.6%          62%   16.4%",
        "Black                   20.9%           7%   13.9%")
    assert _grid(table)[0][1:] == ["% of Caseload Young People", "10 -17 Population",
                                   "Difference"]


def test_one_row_under_a_heading_wrapped_with_a_marker_half():
    table = _table(
        "Measure                     2017/18   2018/19   Target",
        "                                                (<)",
        "Rate per 100,000 children     410.2     390.5      400")
    assert _grid(table)[0] == ["Measure", "2017/18", "2018/19", "Target (<)"]
    assert _grid(table)[1] == ["Rate per 100,000 children", "410.2", "390.5", "400"]


def test_one_unlabelled_row_under_wrapped_headings():
    table = _table(
        "   2018/19      North   Region    England",
        "   Our area     Region            and Wales",
        "        0.21      0.19     0.16        0.30")
    assert _grid(table)[0][-1] == "England and Wales"
    assert _grid(table)[1][-1] == "0.30"


def test_a_heading_spanning_both_header_lines_heads_its_column():
    table = _table(
        "                                 Practitioner   Volunteer         Total",
        "                      F    M          F    M         F      M",
        "White                 8    3          2    1         2     22        38",
        "Mixed                 1                              1      1         3")
    headers = [" / ".join(t for t in texts if t) for texts in table.column_headers()]
    assert headers[-1] == "Total"
    assert _grid(table)[-1][-1] == "3"


def test_texts_wrapped_in_their_cells_are_joined_to_the_row_above():
    """`pdftotext -layout` prints a long text over lines in its cell: a line of words
    with the first column empty, each starting at a column the row above prints text
    in, is the rest of those texts."""
    table = _table(
        "Activity           What it pays for                       Outcome              Cost",
        "Mentoring scheme   Volunteers meet each young person      Fewer first time  £12,500",
        "                   every week through the school term     entrants",
        "Family work        Two practitioners work with parents    Less reoffending  £40,000",
        "                   at home")
    assert _grid(table)[1] == ["Mentoring scheme",
                               "Volunteers meet each young person every week through the "
                               "school term", "Fewer first time entrants", "£12,500"]
    assert _grid(table)[2] == ["Family work", "Two practitioners work with parents at home",
                               "Less reoffending", "£40,000"]


def test_text_columns_under_centred_headings_are_parted_by_their_gutters():
    """Headings centred over their columns, texts aligned left and amounts right: the
    columns are the stretches between runs of spaces no line prints in."""
    table = _table(
        "    Activity                        What it pays for                                  Cost",  # noqa: E501
        "Mentoring scheme   Volunteers meet each young person every week of the school year"
        "   £12,500",
        "Family work        Two practitioners work with parents at home"
        "                        £40,000")
    assert _grid(table) == [
        ["Activity", "What it pays for", "Cost"],
        ["Mentoring scheme",
         "Volunteers meet each young person every week of the school year", "£12,500"],
        ["Family work", "Two practitioners work with parents at home", "£40,000"]]
