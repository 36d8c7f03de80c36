"""A currency sign printed apart from its amount (a spreadsheet's accounting format
pasted into a plan): the sign is part of the amount's cell, not a column of its own, in
every rendering; the number keeps the line it is printed on."""

from __future__ import annotations

from pipeline.parse import parse_tables


def _grid(text: str) -> list[list[str]]:
    [table] = [t for t in parse_tables(text, "doc") if t.kind == "data"]
    return [[c.text if c else "" for c in row] for row in table.grid()]


def test_signs_aligned_apart_in_a_layout_join_their_amounts() -> None:
    text = ("Costs by funder\n\n"
            " Funder              Salaries       Grants         Total\n"
            " Town council        £  41,200      £     -        £  41,200\n"
            " Parish fund         £   1,100      £   300        £   1,400\n"
            " Church              £     800      £   200        £   1,000\n")
    assert _grid(text) == [["Funder", "Salaries", "Grants", "Total"],
                           ["Town council", "£ 41,200", "£ -", "£ 41,200"],
                           ["Parish fund", "£ 1,100", "£ 300", "£ 1,400"],
                           ["Church", "£ 800", "£ 200", "£ 1,000"]]


def test_a_column_of_signs_in_tab_separated_rows_joins_the_amounts_right_of_it() -> None:
    text = ("Costs by funder\n"
            "Funder\tSalaries\t\tGrants\t\tTotal\t\n"
            "Town council\t£\t41,200\t£\t-\t£\t41,200\n"
            "Parish fund\t£\t1,100\t£\t300\t£\t1,400\n")
    [table] = [t for t in parse_tables(text, "doc") if t.kind == "data"]
    grid = [[c.text if c else "" for c in row] for row in table.grid()]
    assert grid == [["Funder", "Salaries", "Grants", "Total"],
                    ["Town council", "£ 41,200", "£ -", "£ 41,200"],
                    ["Parish fund", "£ 1,100", "£ 300", "£ 1,400"]]
    assert {c.source_line for c in table.cells if "1,100" in c.text} == {4}


def test_a_column_with_a_sign_in_one_row_only_is_left_as_printed() -> None:
    text = ("Costs by funder\n"
            "Funder\tNote\tTotal\n"
            "Town council\t£\t41,200\n"
            "Parish fund\tsee below\t1,100\n")
    assert _grid(text)[1] == ["Town council", "£", "41,200"]
