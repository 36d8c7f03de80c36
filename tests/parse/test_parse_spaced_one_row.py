"""Space-aligned tables of one row under a header line, as ``pdftotext -layout`` prints
a small table of yearly figures: a row of values with no label under the years, or one
labelled row under its headings. Read when each value stands under its own heading;
a lone line of numbers or a row under prose is no table. Invented documents only.
"""

from __future__ import annotations

from pipeline.parse import parse_tables


def _grid(table) -> list[list[str]]:
    return [[c.text if c else "" for c in row] for row in table.grid()]


def test_a_row_of_values_with_no_label_under_the_years():
    tables = parse_tables("\n".join([
        "First time entrants",
        "",
        "   2015/16   2016/17   2017/18   2018/19",
        "        31        24         9        17",
        "",
        "The numbers fell again this year.",
    ]), "doc")
    assert [_grid(t) for t in tables] == [[
        ["", "2015/16", "2016/17", "2017/18", "2018/19"], ["", "31", "24", "9", "17"]]]
    assert tables[0].header_rows == 1


def test_one_labelled_row_under_its_headings():
    [table] = parse_tables("\n".join([
        "",
        "                  Cohort   Reoffenders   Reoffences",
        "Apr 08 - Mar 09      310            91          250",
        "",
    ]), "doc")
    assert table.header_rows == 1
    assert _grid(table) == [["", "Cohort", "Reoffenders", "Reoffences"],
                            ["Apr 08 - Mar 09", "310", "91", "250"]]


def test_values_not_under_their_headings_are_no_table():
    assert parse_tables("\n".join([
        "",
        "   2015/16   2016/17   2017/18",
        "        31                               24",
        "",
    ]), "doc") == []
