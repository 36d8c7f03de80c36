"""Word tables printed inside a frame: every row, the header's too, is followed by a row
of empty cells, and each row ends in empty cells the frame adds. Read with the rows'
rhythm, the empty row right above the first body row parted the header from the body and
the header was lost (its last label taken for a caption); it is the row above that one.
Invented tables, never text from a plan."""

from __future__ import annotations

from word_export import word_export

from pipeline.ingest.sources import cell_break_lines, normalise_text
from pipeline.parse import parse_tables


def _read(text: str) -> list[list[list[str]]]:
    plain, _ = normalise_text(text)
    return [[[cell.text if cell else "" for cell in row] for row in table.grid()]
            for table in parse_tables(plain, "doc", cell_break_lines(text))]


def _framed(rows: list[list[str]], frame: int) -> list[str]:
    """Each row, then `frame` more empty cells and a row of empty cells."""
    width = len(rows[0]) + frame
    cells: list[str] = []
    for row in rows:
        cells += [*row, *[""] * frame, *[""] * width]
    return cells[:-width]  # no spacer after the last row


def test_the_header_above_a_spacer_row_heads_the_table() -> None:
    rows = [["", "Northshire", "Wales"],
            ["Apr 15 - Mar 16", "38.20%", "41.70%"],
            ["Apr 16 - Mar 17", "36.90%", "40.10%"]]
    text = word_export(["Proven reoffending", "", _framed(rows, 2), "Text after."])
    tables = _read(text)
    assert len(tables) == 1
    grid = tables[0]
    assert grid[0][1:3] == ["Northshire", "Wales"]
    body = [row[:3] for row in grid[1:] if any(row)]
    assert body == rows[1:]


def test_a_table_with_its_header_right_above_the_body_keeps_it() -> None:
    rows = [["Year", "North", "South"],
            ["2016/17", "12", "14"],
            ["2017/18", "15", "11"],
            ["2018/19", "9", "10"]]
    cells = [cell for row in rows for cell in row]
    tables = _read(word_export(["Caseloads", cells, "Text after."]))
    assert tables[0][0] == rows[0]
