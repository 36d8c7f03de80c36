"""Word tables with a column no body row prints anything in ("Other" with every cell
blank, at the end or in the middle), ending in a row whose trailing empty cells the
export left out (issue 15). An all-empty column is still a column: the header and the
rhythm give the table's width. Read one cell late, the header's last cell was a row
label carried down every row and each value sat one column right. A seeded generator
(never text from a plan) draws each table; each must read exactly, the short last row
placed in its columns (its values can sit only under the columns printing values)."""

from __future__ import annotations

import random

import pytest
from word_export import short_last_row, word_grid

from pipeline.ingest.sources import cell_break_lines, normalise_text
from pipeline.parse import parse_tables

AGENCIES = ["Police", "Probation", "Health", "Local Authority", "Police and Crime Commissioner",
            "Youth Justice Board", "Public Health", "Education"]
VALUED = ["Staffing costs", "Payments in kind", "Delegated funds", "Total"]
BLANK = ["Other", "Other delegated funds", "Notes", "In kind"]
STUBS = ["Agency", "Partner", "Funder"]
CASES = 60
FIRST_SEED = 15400


def _amount(rng: random.Random, pound: bool) -> str:
    return f"{'£' if pound else ''}{rng.randint(1, 400) * 250:,}"


def _draw(rng: random.Random) -> tuple[list[list[str]], int, str]:
    """A grid (header, rows of amounts, blank columns empty in every row), how many
    trailing empty cells its last row leaves out, and what was drawn."""
    valued = rng.randint(1, 3)
    blank_last = rng.random() < 0.75
    blank_middle = valued >= 2 and (not blank_last or rng.random() < 0.5)
    headings = rng.sample(VALUED, valued)
    blanks = rng.sample(BLANK, 2)
    columns = [(heading, True) for heading in headings]
    if blank_middle:
        columns.insert(rng.randint(1, valued - 1), (blanks[0], False))
    if blank_last:
        columns.append((blanks[1], False))
    pound = rng.random() < 0.3
    grid = [[rng.choice(STUBS), *[heading for heading, _ in columns]]]
    for agency in rng.sample(AGENCIES, rng.randint(3, 5)):
        grid.append([agency, *[_amount(rng, pound) if filled else "" for _, filled in columns]])
    trailing = 0
    while trailing < len(columns) and not columns[len(columns) - 1 - trailing][1]:
        trailing += 1
    dropped = rng.randint(0, trailing) if trailing and rng.random() < 0.8 else 0
    return grid, dropped, (f"{valued} valued, blank last {blank_last}, blank middle "
                           f"{blank_middle}, last row {dropped} short")


def _read(text: str) -> list[list[list[str]]]:
    plain, _ = normalise_text(text)
    return [[[cell.text if cell else "" for cell in row] for row in table.grid()]
            for table in parse_tables(plain, "doc", cell_break_lines(text))]


DRAWS = [_draw(random.Random(FIRST_SEED + n)) for n in range(CASES)]


@pytest.mark.parametrize(("grid", "dropped", "description"),
                         [pytest.param(*draw, id=f"seed{FIRST_SEED + n}")
                          for n, draw in enumerate(DRAWS)])
def test_an_empty_column_is_a_column_also_above_a_short_last_row(
        grid: list[list[str]], dropped: int, description: str) -> None:
    text = ("Partner contributions 2019/20\r\n" + word_grid(short_last_row(grid, dropped))
            + "Text after it.\r\n")
    assert _read(text) == [grid], description


def test_an_always_empty_last_column_above_a_row_one_cell_short() -> None:
    # read one cell late, "Other" was each row's label and every amount one column right
    grid = [["Agency", "Staffing costs", "Payments in kind", "Other"],
            ["Police", "12,000", "3,000", ""], ["Health", "8,500", "1,000", ""],
            ["Probation", "4,000", "500", ""], ["Local Authority", "20,000", "5,000", ""]]
    text = "Partner contributions\r\n" + word_grid(short_last_row(grid, 1)) + "Text.\r\n"
    assert _read(text) == [grid]


def test_a_short_last_row_under_a_grid_of_one_value_column_is_placed_or_reported() -> None:
    # two columns empty in every row: a grid of text columns beside one of values, whose
    # last row two cells short was lost without a word
    grid = [["Partner", "Amount", "Notes", "Other"], ["Police", "2,000", "", ""],
            ["Health", "6,000", "", ""], ["Probation", "48,000", "", ""]]
    assert _read("Funding\r\n" + word_grid(short_last_row(grid, 2)) + "Text.\r\n") == [grid]
    # a value in the "Notes" column of one row: the short row's value fits two columns
    noted = [grid[0], ["Police", "2,000", "3", ""], ["Health", "6,000", "", ""],
             ["Probation", "48,000", "", ""]]
    plain, _ = normalise_text(raw := "Funding\r\n" + word_grid(short_last_row(noted, 2))
                              + "Text.\r\n")
    tables = parse_tables(plain, "doc", cell_break_lines(raw))
    assert [[cell.text if cell else "" for cell in row] for row in tables[0].grid()] \
        == noted[:-1]
    assert [why for _, why in tables[0].left_out] == [
        "row 'Probation' prints 2 cells where the table has 4 columns: its values cannot "
        "be placed"]
