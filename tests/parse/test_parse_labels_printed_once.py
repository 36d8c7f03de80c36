"""Cell streams (one cell per line, Word's text export) whose rows open with two label
cells, the first maybe printed once over the rows below it (issue 15): the rhythm of
cells must keep each row's labels together, never read one cell off (a row's first
label taken as the last cell of the row above) nor at half the period. Also the
headings such tables print: a unit alone over the amounts ("£"), and in plain text an
upper header of merged cells under a caption set between empty lines.

Every document here is invented for the test.
"""

from __future__ import annotations

from word_export import word_grid

from pipeline.ingest.sources import cell_break_lines, normalise_text
from pipeline.parse import parse_tables

PROSE_BEFORE = "Some prose before the table, long enough to read as a sentence here."
PROSE_AFTER = "And prose after the table, long enough to read as a sentence too."


def _plain(rows: list[list[str]], caption: str = "") -> str:
    """Prose, the caption, the table a cell a line (an empty cell an empty line), prose."""
    cells = "\n".join(cell for row in rows for cell in row)
    above = f"{caption}\n\n" if caption else ""
    return f"{PROSE_BEFORE}\n\n{above}{cells}\n\n{PROSE_AFTER}\n"


def _word(rows: list[list[str]]) -> str:
    return f"{PROSE_BEFORE}\r\n{word_grid(rows)}{PROSE_AFTER}\r\n"


def _grids(text: str) -> list[list[list[str]]]:
    plain, _ = normalise_text(text)
    return [[[cell.text if cell else "" for cell in row] for row in table.grid()]
            for table in parse_tables(plain, "doc", cell_break_lines(text))]


def test_a_period_as_second_label_is_a_label_not_a_row_read_one_cell_off() -> None:
    # read one cell off, each row would be "2020/21 | amounts | Canal Trust" and score
    # as well: the period column is a second label column, each row opening with both
    rows = [["Funder", "Year", "Staff", "In kind", "Total"],
            ["Canal Trust", "2020/21", "1,200", "300", "1,500"],
            ["Canal Trust", "2021/22", "1,400", "350", "1,750"],
            ["Mill Board", "2020/21", "2,100", "-", "2,100"],
            ["Mill Board", "2021/22", "2,300", "120", "2,420"]]
    assert _grids(_plain(rows)) == [rows]


YEAR_PRINTED_ONCE = [["Year", "Funder", "Staff", "In kind", "Total"],
                     ["2020/21", "Canal Trust", "1,200", "300", "1,500"],
                     ["", "Mill Board", "2,100", "-", "2,100"],
                     ["", "Total", "3,300", "300", "3,600"],
                     ["2021/22", "Canal Trust", "1,400", "350", "1,750"],
                     ["", "Mill Board", "2,300", "120", "2,420"],
                     ["", "Total", "3,700", "470", "4,170"]]
YEAR_CARRIED = [YEAR_PRINTED_ONCE[0], *([row[0] or year, *row[1:]] for row, year in zip(
    YEAR_PRINTED_ONCE[1:], ["2020/21"] * 3 + ["2021/22"] * 3, strict=True))]


def test_a_period_printed_once_over_its_rows_is_carried_down() -> None:
    # a merged cell is printed once: the rows under it open with an empty cell (in plain
    # text an empty line); read one cell off, each year would head an empty column
    assert _grids(_word(YEAR_PRINTED_ONCE)) == [YEAR_CARRIED]
    assert _grids(_plain(YEAR_PRINTED_ONCE)) == [YEAR_CARRIED]


def test_a_header_cell_is_not_a_label_carried_down_beside_values() -> None:
    # read from the header's last cell, "In kind" would open the first row and seem
    # merged down over the rows under it ("" | agency | amount), until a row prints an
    # amount where those rows print their agency: no column holds both. Word printed
    # two stray empty cells before the last two rows.
    rows = [["", "Cash", "In kind"], ["Canal Trust", "1,500", ""],
            ["Mill Board", "2,250", ""], ["Boat Club", "700", ""], ["Rail Fund", "900", ""],
            ["Total", "5,350", ""]]
    cells = [cell for n, row in enumerate(rows) for cell in ([""] * 2 * (n >= 4) + row)]
    text = PROSE_BEFORE + "\r\n" + "\r".join(cells) + "\r\r\n" + PROSE_AFTER + "\r\n"
    assert _grids(text) == [rows]


def test_a_last_column_of_notes_is_not_a_first_label_carried_down() -> None:
    # read from the header's last cell ("Notes"), each row would open with the row
    # above's note and its funder, and a row with no note would seem to carry the note
    # above down: the cells above that reading fall short of a whole header row
    rows = [["Funder", "Staff", "In kind", "Total", "Notes"],
            ["Canal Trust", "1,200", "300", "1,500", "Two posts"],
            ["Mill Board", "2,100", "-", "2,100", "One post"],
            ["Boat Club", "700", "150", "850", ""],
            ["Rail Fund", "900", "-", "900", "Two posts"],
            ["Art Room", "400", "80", "480", "One post"]]
    assert _grids(_word(rows)) == [rows]


def test_a_pound_sign_heads_the_amounts_of_a_grid_of_text_columns() -> None:
    # "£" alone heads the amount column: the grid is four columns wide, not two (a
    # reading at half the period put header cells into rows and amounts under labels)
    rows = [["Aim", "Scheme", "Buys", "£"],
            ["Fewer arrests", "Canal walks", "Two staff posts", "£12,000"],
            ["Fewer repeats", "Boat club", "Evening sessions", "£8,500"],
            ["", "Art room", "Paint and paper", "£3,250"],
            ["Safer streets", "Night bus", "Driver hours", "£9,900"]]
    for text in (_plain(rows), _word(rows)):
        assert _grids(text) == [rows]


def test_a_row_of_a_label_a_description_and_values_is_no_sub_heading() -> None:
    # with a second column of words in every row, the last row reads whole: it is not a
    # heading of three words merged across the table over a row of its own
    rows = [["", "Buys", "Cost", "%"],
            ["Canal walks", "Two staff posts", "£12,000", "40.0"],
            ["Boat club", "Evening sessions", "£8,500", "28.3"],
            ["Art room", "Paint and paper", "£3,250", "10.8"],
            ["Repair and maintenance", "Tools and timber", "£6,300", "21.0"]]
    assert _grids(_plain(rows)) == [rows]


def test_plain_text_upper_header_under_a_caption_between_empty_lines() -> None:
    # the caption, an empty line, then "Team" over three pairs of columns and the lower
    # header's empty stub: a row's worth of cells above the lower header, but the empty
    # lines part paragraphs: the caption is no header cell, each team heads its pair
    upper = ["Team", "North", "South", "East"]
    rows = [["", "Day", "Night", "Day", "Night", "Day", "Night"],
            ["Walkers", "3", "1", "4", "0", "2", "5"],
            ["Riders", "6", "2", "0", "1", "7", "3"],
            ["Drivers", "1", "0", "2", "2", "0", "4"]]
    text = _plain([upper, *rows], caption="Crew by team and shift")
    # each team spans its pair (the covered cell holds no cell of its own)
    assert _grids(text) == [[["Team", "North", "", "South", "", "East", ""], *rows]]
