"""Word tables whose rows break the rhythm of one cell per column where a reader still
knows the table's width (issue 15): the last row printing a cell too many, two broken
rows in a row, a first row a cell short under a whole header row, a first label cut
short at a joining word, a label over empty cells a cell short. Every row a reader can
place is read; the others are left out and reported, never read under a neighbouring
column. Invented tables, never text from a plan."""

from __future__ import annotations

from word_export import word_cells

from pipeline.ingest.sources import cell_break_lines, normalise_text
from pipeline.parse import parse_tables

HEADER = ["Agency", "Staffing", "In kind", "Grants", "Total"]
POLICE = ["Police", "10", "", "4", "14"]
HEALTH = ["Health", "", "3", "2", "5"]
COUNCIL = ["Council", "7", "1", "", "8"]
PROBATION = ["Probation", "2", "", "6", "8"]
OTHER = ["Other", "", "", "9", "9"]
EDUCATION = ["Education", "1", "1", "1", "3"]


def _table(*rows: list[str]):
    raw = "Partner contributions\r\n" + word_cells(*(c for row in rows for c in row)) \
        + "Text after the table.\r\n"
    text, _ = normalise_text(raw)
    [table] = parse_tables(text, "doc", cell_break_lines(raw))
    return table


def _body(table) -> list[list[str]]:
    return [[c.text if c else "" for c in row] for row in table.grid()][table.header_rows:]


def test_a_last_row_with_a_note_cell_too_many_is_read_without_the_note() -> None:
    table = _table(HEADER, POLICE, HEALTH, ["Council", "7", "1", "estimate", "", "8"])
    assert _body(table) == [POLICE, HEALTH, COUNCIL]
    assert table.left_out == []


def test_a_last_row_with_a_marker_cell_too_many_is_left_out() -> None:
    # "*" may be a value's marker: which cell is the one too many cannot be told
    table = _table(HEADER, POLICE, HEALTH, ["Council", "7", "*", "1", "", "8"])
    assert _body(table) == [POLICE, HEALTH]
    assert [line for line, _ in table.left_out] == [table.first_line + 15]


def test_two_broken_rows_in_a_row_are_stepped_over_together() -> None:
    # a note in one row, an empty cell dropped from the next: the first is read without
    # its note, the second (its values without a column) left out
    table = _table(HEADER, POLICE, ["Health", "", "3", "see note", "2", "5"],
                   ["Council", "7", "1", "8"], PROBATION, OTHER, EDUCATION)
    assert _body(table) == [POLICE, HEALTH, PROBATION, OTHER, EDUCATION]
    assert len(table.left_out) == 1


def test_a_first_row_a_cell_short_under_a_whole_header_is_left_out() -> None:
    # read one cell early, "Total" would be the first row's label and every heading
    # would sit one column left of its values
    table = _table(HEADER, ["Police", "10", "4", "14"], HEALTH, COUNCIL)
    assert [c.text for c in table.cells if c.row == 0] == HEADER
    assert _body(table) == [HEALTH, COUNCIL]
    assert len(table.left_out) == 1


def test_a_first_label_cut_short_at_a_joining_word_is_read_whole() -> None:
    table = _table(HEADER, ["Police", "and Crime Commissioner", "10", "", "4", "14"],
                   HEALTH, COUNCIL)
    assert [c.text for c in table.cells if c.row == 0] == HEADER
    assert _body(table) == [["Police and Crime Commissioner", *POLICE[1:]], HEALTH, COUNCIL]


def test_a_label_over_empty_cells_a_cell_short_keeps_the_rows_after_it() -> None:
    table = _table(HEADER, POLICE, HEALTH, ["Council", "", "", ""],
                   ["Total", "17", "3", "6", "19"])
    assert _body(table) == [POLICE, HEALTH, ["Council", "", "", "", ""],
                            ["Total", "17", "3", "6", "19"]]


def test_a_label_over_empty_cells_a_cell_short_before_a_spacer_row() -> None:
    table = _table(HEADER, POLICE, HEALTH, ["Council", "", "", ""], PROBATION,
                   [""] * 5, ["Total", "19", "4", "12", "35"])
    body = [row for row in _body(table) if any(row)]
    assert body == [POLICE, HEALTH, ["Council", "", "", "", ""], PROBATION,
                    ["Total", "19", "4", "12", "35"]]


def test_a_stray_cell_under_a_header_over_trailing_empty_columns() -> None:
    # the last two columns print nothing: read with the stray cell, "Cash" would head
    # the labels and "In kind" the cash; without it the header heads both amounts
    rows = [["", "Cash", "In kind", "", ""], ["Police", "1,000", "-", "", ""],
            ["Health", "-", "2,500", "", ""], ["Council", "4,000", "500", "", ""],
            ["Total", "5,000", "3,000", "", ""]]
    table = _table(rows[0], [""], *rows[1:])
    assert [c.text for c in table.cells if c.row < table.header_rows and c.column in (1, 2)] \
        == ["Cash", "In kind"]
    assert [row[:3] for row in _body(table)] == [row[:3] for row in rows[1:]]
