"""Grids printed one cell per line with no cell ends whose shape the header alone does
not give: no header row at all (the column count rests on the rhythm of labels and
values), or cells too long to read as short lines (a costed plan's descriptions).

Every document here is invented for the test.
"""

from __future__ import annotations

from test_parse_plain_cell_lines import PROSE_AFTER, PROSE_BEFORE, _plain
from word_export import word_cells

from pipeline.ingest.sources import cell_break_lines, normalise_text
from pipeline.parse import parse_tables


def _grids(text: str, breaks: frozenset[int] = frozenset()) -> list[list[list[str]]]:
    return [[[c.text if c else "" for c in row] for row in table.grid()]
            for table in parse_tables(text, "doc", breaks)]


HEADERLESS = [
    ["Permanent staff", "2", "", "11", "4.5", "17.5"],
    ["Fixed term", "", "1", "3", "", "4"],
    ["Agency workers", "", "", "2", "0.5", "2.5"],
    ["Seconded in", "1", "", "", "2", "3"],
    ["Volunteers", "", "", "6", "", "6"],
    ["All staff", "3", "1", "22", "7", "33"],
]


def test_a_headerless_grid_is_read_from_the_rhythm_of_its_rows():
    """Six rows of a distinct label and five values or empty cells, no header row: the
    recurring labels fix six columns, and every value keeps its row and column."""
    assert _grids(_plain(HEADERLESS)) == [HEADERLESS]


def test_a_short_headerless_run_is_no_table():
    """Three such rows could be a coincidence of short lines: without a header or cell
    ends they are not read."""
    assert _grids(_plain(HEADERLESS[:3])) == []


def test_a_headerless_grid_with_text_among_its_values_is_no_table():
    """Words where a value stands ("see note") break the certainty of the rhythm."""
    rows = [list(row) for row in HEADERLESS]
    rows[2][3] = "see note"
    assert HEADERLESS not in _grids(_plain(rows))


PAIRS = [["Court services", "42,100"], ["Activity costs", "1,200"],
         ["Accommodation", "2,300"], ["Overheads", "600"], ["Total", "46,200"]]


def test_headerless_label_value_pairs_are_read_when_every_row_prints_its_value():
    assert _grids(_plain(PAIRS)) == [PAIRS]


def test_headerless_pairs_with_an_empty_value_are_no_table():
    """With one value column an empty line may as well part two pairs: not read."""
    rows = [list(row) for row in PAIRS]
    rows[1][1] = ""
    assert PAIRS not in _grids(_plain(rows))


DESCRIPTION = ("The team runs weekly sessions with young people and their families, "
               "working with schools and partners to keep them in education, and "
               "reviews every plan each quarter.")
COSTED = [
    ["Activity", "What it pays for", "Outcome", "Cost"],
    ["Family support", DESCRIPTION, "Fewer first time entrants", "£41,000"],
    ["Victim work", DESCRIPTION.replace("weekly", "monthly"), "Less reoffending", "£12,500"],
    ["Training", DESCRIPTION.replace("weekly", "termly"), "Better practice", "£3,200"],
    ["", "", "Total", "£56,700"],
]


def test_a_text_grid_of_long_cells_is_read_a_line_per_cell():
    """Descriptions too long for a short cell line: the header of four labels and the
    amount every four lines give the grid, the total row's empty cells included."""
    assert _grids(_plain(COSTED)) == [COSTED]


def test_a_text_grid_among_word_cells_is_read_too():
    """The same grid pasted as plain paragraphs into a document whose other tables have
    Word cell ends."""
    raw = ("Intro line\r\n" + word_cells("Agency", "Amount", "Police", "1,000", "Health",
                                         "2,000", "Council", "3,000")
           + "\r\n" + PROSE_BEFORE + "\r\n\r\n"
           + "\r\n".join(cell for row in COSTED for cell in row) + "\r\n\r\n" + PROSE_AFTER)
    text, _ = normalise_text(raw)
    assert COSTED in _grids(text, frozenset(cell_break_lines(raw)))


def test_a_row_missing_its_amount_ends_the_grid_before_it():
    """Without cell ends a row with no amount cannot be told from the next: the grid is
    the rows before it, never a row read into the wrong columns."""
    rows = [list(row) for row in COSTED[:4]] + [["Outreach", DESCRIPTION, "Reach", ""],
                                                 *COSTED[1:3]]
    grids = _grids(_plain(rows))
    assert COSTED[:4] in grids
    assert not any(row[0] == "Outreach" for grid in grids for row in grid)


def test_an_empty_line_before_a_heading_is_no_stub():
    """A blank line before the header is not read as an empty stub cell when the grid
    reads from its first printed heading: the columns stay under their headings."""
    rows = [["Group", "Share", "Population", "Difference"],
            ["First", "45.6%", "62%", "16.4 lower"], ["Second", "20.9%", "7%", "13.9 higher"],
            ["Third", "12.1%", "7%", "5.1 higher"], ["Fourth", "9.9%", "23%", "13.1 lower"]]
    assert rows in _grids(_plain(rows))


def test_an_empty_stub_heads_a_grid_that_needs_it():
    """Periods down, an empty stub over them, one column of long notes: the grid reads
    only with the empty line as its stub cell, so it is one."""
    note = ("Cohort of the quarter, its reoffenders and their offences, counted twelve "
            "months on and published a year later")
    rows = [["", "Entrants", "Notes", "Sentences"], ["2016/17", "89", note, "12"],
            ["2017/18", "85", note.replace("twelve", "nine"), "18"],
            ["2018/19", "69", "Not yet published", "25"]]
    assert rows in _grids(_plain(rows))


LONG_STAFFING = ("Two seconded officers, a designated social worker and dedicated hours of "
                 "an educational psychologist")
CONTRIBUTIONS = [
    ["Agency", "Staffing", "In kind (£)", "Other funds (£)", "Total (£)"],
    ["Council", LONG_STAFFING, "", "£120,000", "£120,000"],
    ["Police", "One officer", "", "Paid by the council", "Paid by the council"],
    ["Probation", "Half a post", "", "£4,000", "£4,000"],
    ["Health", "Half a nurse", "", "£9,000", "£9,000"],
    ["Crime commissioner", "", "", "£30,000", "£30,000"],
    ["Grant", "", "", "£210,000", "£210,000"],
    ["Total", "", "", "£373,000", "£373,000"],
]


def test_a_long_cell_before_an_empty_cell_and_an_amount_stays_in_its_row():
    """A long staffing description, then an empty cell and the amount: the long line is
    a cell of the grid, so the row it opens is a body row, not lost before the table
    (with words in a value column, only the rhythm of the short lines reads it)."""
    assert _grids(_plain(CONTRIBUTIONS)) == [CONTRIBUTIONS]


def test_a_lone_row_under_period_headings_is_read_in_plain_text():
    """Four periods, an empty line (the row's empty label), four numbers: one row of
    values under its headings, the empty stub added."""
    rows = [["", "2015/16", "2016/17", "2017/18", "2018/19"], ["", "31", "24", "9", "17"]]
    assert _grids(_plain([rows[0][1:], rows[1]])) == [rows]


def test_a_lone_row_under_worded_headings_is_read_in_plain_text():
    """An empty stub, three headings and a period heading the row, then its three
    numbers."""
    rows = [["", "Cohort size", "Reoffenders", "Reoffences"],
            ["Apr 10 - Mar 11", "412", "96", "250"]]
    assert _grids(_plain(rows)) == [rows]


def test_a_lone_row_with_words_among_its_values_is_no_table_in_plain_text():
    """A marker in words where a number stands ("not known") leaves doubt in a lone row
    without cell ends: nothing is read."""
    rows = [["", "Cohort size", "Reoffenders", "Reoffences"],
            ["Apr 10 - Mar 11", "412", "not known", "250"]]
    assert _grids(_plain(rows)) == []


def test_two_rows_ending_in_empty_cells_under_a_wide_header_are_read():
    """Two periods' rates under five area headings: the ranks are given for the latest
    period only, so the other row ends in empty lines; the header fixes the width and
    every value stays under its heading."""
    rows = [["", "Northshire", "Region", "Nation", "Rank in region", "Rank in nation"],
            ["Jan 18 - Dec 18", "91", "168", "238", "3 of 19", "14 of 150"],
            ["Jan 17 - Dec 17", "105", "214", "296", "", ""]]
    assert _grids(_plain(rows)) == [rows]


def test_two_rows_with_an_empty_cell_between_values_are_no_table_in_plain_text():
    """An empty line between two values of a row may part two rows as well: two rows
    of that shape are not read without cell ends."""
    rows = [["", "Northshire", "Region", "Nation", "Rank in region", "Rank in nation"],
            ["Jan 18 - Dec 18", "91", "", "238", "3 of 19", "14 of 150"],
            ["Jan 17 - Dec 17", "105", "214", "296", "", ""]]
    assert _grids(_plain(rows)) == []


MEASURES = [
    ["Measure", "Latest figure", "Compared with the nation"],
    ["Entrants per 100,000 of the population aged 10 to 17", "251", "Below the average (322)"],
    ["Reoffending, binary rate, reported in arrears", "27.2", "Lower than the average (42.2)"],
    ["Reoffences per offender, reported in arrears", "1.19", "Lower than the average (3.79)"],
    ["Reoffences per reoffender, reported in arrears", "4.39", "Above the average (3.79)"],
]


def test_a_text_grid_wins_over_a_rhythm_that_halves_its_rows():
    """A label, its figure and a comment in words, in three columns: read as label and
    value pairs the comments would become row labels and the header lose a column. The
    grid of three columns that keeps every column to one kind is the better fit."""
    assert _grids(_plain(MEASURES)) == [MEASURES]
