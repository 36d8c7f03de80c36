"""Tables with a second label column printing only words ("Agency | Department |
amounts"), in Word's text export (issue 15). The rhythm of cells must take the words of
that column for a label, not for text where a value should be: read as text among
values, a table of one or two amount columns scored below nothing and was not found.
A seeded generator (never text from a plan) draws each table; each must read exactly."""

from __future__ import annotations

import random

import pytest
from word_export import word_grid

from pipeline.ingest.sources import cell_break_lines, normalise_text
from pipeline.parse import parse_tables

AGENCIES = ["Police", "Probation", "Health", "Local Authority", "Police and Crime Commissioner",
            "Youth Justice Board", "Public Health"]
DEPARTMENTS = ["Children's services", "Education", "Community safety", "Substance misuse",
               "Mental health", "Safeguarding", "Early help", "Housing"]
AMOUNTS = ["Staffing costs", "Payments in kind", "Other delegated funds", "Total"]
STUBS = [("Agency", "Department"), ("Partner", "Service"), ("Funder", "Team")]
CASES = 60
FIRST_SEED = 15300


def _amount(rng: random.Random, pound: bool) -> str:
    if rng.random() < 0.1:
        return ""
    return f"{'£' if pound else ''}{rng.randint(1, 400) * 250:,}"


def _grid(rng: random.Random) -> list[list[str]]:
    width = rng.randint(1, 4)
    pound = rng.random() < 0.4
    stub = list(rng.choice(STUBS))
    grid = [[*stub, *rng.sample(AMOUNTS, width)]]
    for agency, department in zip(rng.sample(AGENCIES, rng.randint(3, 6)),
                                  rng.sample(DEPARTMENTS, 6), strict=False):
        values = [_amount(rng, pound) for _ in range(width)]
        if not any(values):
            values[0] = "1,000"
        grid.append([agency, department, *values])
    return grid


def _read(text: str) -> list[list[list[str]]]:
    plain, _ = normalise_text(text)
    return [[[cell.text if cell else "" for cell in row] for row in table.grid()]
            for table in parse_tables(plain, "doc", cell_break_lines(text))]


GRIDS = [_grid(random.Random(FIRST_SEED + n)) for n in range(CASES)]
# Seeds not read yet, strict (a seed that starts passing must be taken off the list), with
# why. Before the second label column was read as labels, 47 of the 60 read.
NOT_YET_READ = {
    15302: "two amount columns, three rows, each but the first with its first amount "
           "empty: a text grid one column wider (the next row's agency as a fifth "
           "heading) covers more cells and is taken instead",
}


def _params() -> list:
    return [pytest.param(grid, id=f"seed{FIRST_SEED + n}", marks=pytest.mark.xfail(
        strict=True, reason=NOT_YET_READ[FIRST_SEED + n]))
        if FIRST_SEED + n in NOT_YET_READ else pytest.param(grid, id=f"seed{FIRST_SEED + n}")
        for n, grid in enumerate(GRIDS)]


@pytest.mark.parametrize("grid", _params())
def test_a_second_label_column_of_words_is_read_as_labels(grid: list[list[str]]) -> None:
    text = "Partner contributions 2019/20\r\n" + word_grid(grid) + "Text after it.\r\n"
    assert _read(text) == [grid]


def test_a_last_column_of_values_with_a_word_is_no_second_label_column() -> None:
    # read one cell off, each row would start with "4.1% Under" and take the next row's
    # label for a second label column: the figure in it says it is no label
    grid = [["Group", "% of cohort", "% of population", "Difference"],
            ["First", "41.5%", "45%", "3.5% Under"], ["Second", "22.9%", "9%", "13.9% Over"],
            ["Third", "14.1%", "8%", "6.1% Over"], ["Fourth", "8.9%", "27%", "18.1% Under"],
            ["Fifth", "2.6%", "1%", "1.6% Over"]]
    text = "Profile of the cohort\r\n" + word_grid(grid) + "Text after it.\r\n"
    assert _read(text) == [grid]


def test_an_empty_second_column_is_no_label_column_and_a_short_row_is_left_out() -> None:
    # column 1 prints nothing in any row: a value column no row fills, not a label
    # column, so the row a cell short cannot be placed (read with its label over both
    # columns, its values would each stand one column right)
    header = ["Kind", "North", "South", "East", "West", "Total"]
    rows = [["Beta", "", "", "5", "2", "7"], ["Gamma", "", "6", "", "1", "7"],
            ["Delta", "", "2", "2", "", "4"], ["Epsilon", "", "", "8", "", "8"]]
    short = ["Alpha", "", "3", "4", "7"]  # two cells merged into one
    text = "Counts by kind\r\n" + word_grid([header, short, *rows]) + "Text after it.\r\n"
    plain, _ = normalise_text(text)
    tables = parse_tables(plain, "doc", cell_break_lines(text))
    assert _read(text) == [[header, *rows]]
    assert [reason for _, reason in tables[0].left_out] == [
        "row 'Alpha' prints 5 cells where the table has 6 columns: its values cannot be placed"]
