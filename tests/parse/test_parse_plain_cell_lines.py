"""Tables printed one cell per line with no cell ends (web pages, written answers, PDF
text): the grid found from the header and the rhythm of the values alone.

Every document here is invented for the test.
"""

from __future__ import annotations

from word_export import word_export

from pipeline.ingest.sources import cell_break_lines, normalise_text
from pipeline.parse import parse_tables

PROSE_BEFORE = "Some prose before the table, long enough to read as a sentence here."
PROSE_AFTER = "And prose after the table, long enough to read as a sentence too."


def _plain(rows: list[list[str]]) -> str:
    """Prose, a blank line, the table a cell a line (an empty cell an empty line), prose."""
    cells = "\n".join(cell for row in rows for cell in row)
    return f"{PROSE_BEFORE}\n\n{cells}\n\n{PROSE_AFTER}\n"


def _grids(text: str) -> list[list[list[str]]]:
    return [[[c.text if c else "" for c in row] for row in table.grid()]
            for table in parse_tables(text, "doc", frozenset())]


SECTIONED = [
    ["", "Alpha count", "Beta count", "Gamma rate", "Delta rate"],
    ["Section one", "", "", "", ""],
    ["2017/18", "12", "15", "3.4", "5.6"],
    ["2018/19", "14", "17", "3.1", "5.2"],
    ["Section two", "", "", "", ""],
    ["2017/18", "22", "25", "4.4", "6.6"],
    ["2018/19", "24", "27", "4.1", "6.2"],
    ["Section three", "", "", "", ""],
    ["First group", "32", "35", "5.4", "7.6"],
    ["Second group", "34", "37", "5.1", "7.2"],
]


def test_a_section_row_right_under_the_header_belongs_to_the_table():
    """The first row under the header is a section label over empty cells, as later
    rows are: the header above it is the table's, not lost to the section row."""
    [grid] = _grids(_plain(SECTIONED))
    assert grid == SECTIONED


def test_a_lone_label_over_empty_lines_stays_out_without_sections_in_the_body():
    """Without section rows in the body, a label in words over empty lines above the
    first values may be a heading above the table: it is not read as the first row."""
    rows = [SECTIONED[0], SECTIONED[1], SECTIONED[2], SECTIONED[3], SECTIONED[5],
            SECTIONED[6]]
    assert not any(grid and grid[0] == SECTIONED[0] and grid[1] == SECTIONED[1]
                   for grid in _grids(_plain(rows)))


LONG_HEADING = ("Share of young people in suitable education, training or employment at the "
                "end of their order")
LONG_HEADED = [
    ["Group", "Starts", LONG_HEADING, "Ends"],
    ["North team", "41", "62%", "38"],
    ["South team", "35", "58%", "30"],
    ["East team", "27", "71%", "25"],
]


def test_a_long_heading_between_two_cells_is_a_cell_not_prose():
    """A heading of many words printed between two short cells is one cell of the
    header: it does not part the table's lines into two runs."""
    assert _grids(_plain(LONG_HEADED)) == [LONG_HEADED]


def test_a_long_line_set_apart_by_blank_lines_stays_prose():
    """The same words with a blank line on either side read as a paragraph: the run of
    cells ends there."""
    text = _plain(LONG_HEADED).replace(f"\n{LONG_HEADING}\n", f"\n\n{LONG_HEADING}\n\n")
    assert LONG_HEADED not in _grids(text)


WORD_TABLE = ["Agency", "Staff", "Total", "Police", "1,100", "1,400", "Health", "200", "300"]


def test_a_plain_table_between_word_tables_is_read_up_to_the_next_caption():
    """In a Word export, a table pasted as plain paragraphs (no cell ends) followed by
    an empty paragraph and the caption of the next Word table: the caption touches that
    table's first cell end and is left out, the plain table above it is still read."""
    plain = [cell for row in LONG_HEADED for cell in row]
    raw = word_export([PROSE_BEFORE, WORD_TABLE, "", *plain, "", "Costs by agency",
                       WORD_TABLE])
    text, _ = normalise_text(raw)
    tables = parse_tables(text, "doc", frozenset(cell_break_lines(raw)))
    grids = [[[c.text if c else "" for c in row] for row in table.grid()]
             for table in tables]
    assert LONG_HEADED in grids
    assert len(tables) == 3


LONG_SECTION = ("Young people supervised in the community under a referral order or a youth "
                "order of the court")
LONG_SECTIONED = [
    ["", "Alpha count", "Beta count", "Gamma count"],
    ["Short section", "", "", ""],
    ["First group", "12", "15", "3"],
    ["Second group", "14", "17", "4"],
    [LONG_SECTION, "", "", ""],
    ["First group", "22", "25", "6"],
    ["Second group", "24", "27", "7"],
]


def test_a_long_section_label_over_its_empty_cells_is_a_cell_not_prose():
    """A section's label of many words, right after a cell and followed by its row's
    empty cells, stays inside the run of cells: the rows under it are read."""
    assert _grids(_plain(LONG_SECTIONED)) == [LONG_SECTIONED]
