"""A row that prints only a period ("2018/19" over empty cells) heads the rows below it,
in every rendering that prints it as a line of its own; and a period heading with a unit
in brackets ("2019-20 (£)") is one heading (invented tables, issue 15)."""

from __future__ import annotations

from word_export import word_export

from pipeline.ingest.sources import cell_break_lines, normalise_text
from pipeline.parse import Table, parse_tables
from pipeline.parse.wordrows import header_periods


def _only(text: str) -> Table:
    breaks = cell_break_lines(text)
    normalised, _ = normalise_text(text)
    tables = parse_tables(normalised, "fixture-doc", breaks)
    assert len(tables) == 1, [(t.first_line, t.n_rows, t.n_columns) for t in tables]
    return tables[0]


def _rows(table: Table) -> list[list[str]]:
    return [[cell.text if cell else "" for cell in row] for row in table.grid()]


EXPECTED = [["Item", "Amount"], ["2018/19", ""], ["Prevention", "10,000"],
            ["Court work", "8,000"], ["2019/20", ""], ["Prevention", "11,000"],
            ["Court work", "9,000"]]


def test_a_word_row_of_a_period_and_an_empty_cell_under_the_header() -> None:
    text = word_export(["Grant spend", [cell for row in EXPECTED for cell in row],
                        "Text after."])
    table = _only(text)
    assert table.header_rows == 1
    assert _rows(table) == EXPECTED


def test_a_period_line_over_empty_lines_one_cell_per_line() -> None:
    lines = [cell for row in EXPECTED for cell in row]
    table = _only("Grant spend\n\n" + "\n".join(lines) + "\n\nText after.\n")
    assert table.header_rows == 1
    assert _rows(table) == EXPECTED


def test_a_period_alone_between_space_aligned_rows_is_no_wrapped_label() -> None:
    text = ("Grant spend\n\nItem              Amount\n2018/19\nPrevention        10,000\n"
            "Court work         8,000\n2019/20\nPrevention        11,000\n"
            "Court work         9,000\n\nText after.\n")
    table = _only(text)
    assert [row[0] for row in _rows(table)[table.header_rows:]] == [
        "2018/19", "Prevention", "Court work", "2019/20", "Prevention", "Court work"]


def test_a_unit_in_brackets_after_a_period_is_one_heading() -> None:
    assert header_periods("2019-20 (£)") is None  # one heading: no line of text boxes
    assert header_periods("2018/19   2019/20   Change") == ["2018/19", "2019/20", "Change"]


def test_year_headings_after_each_block_do_not_make_a_label_last_table() -> None:
    """The period after a block's total row heads the next block: read label-first, each
    row keeps its own label (not the label of the row below it)."""
    blocks = []
    for year, base in (("17/18", 100), ("18/19", 200), ("19/20", 300)):
        blocks += [[year, "", "", ""]] + [
            [label, f"{base + n},000", f"{base + n + 1},000", f"{base + n + 2},000"]
            for n, label in enumerate(["North", "South", "East", "Total"])]
    rows = [["Area", "First", "Second", "Third"], *blocks]
    table = _only(word_export(["Figures", [cell for row in rows for cell in row],
                               "Text after."]))
    assert _rows(table) == rows
