"""Space-aligned tables with cells a layout prints imperfectly: a footnote mark run into
an amount ("6,7711" for "6,771" and note 1) and headings that are long names ("Other
source (please give details in the notes)"). The table is still read, and the damaged
amount is kept as text in its column, not read as a number. Invented documents only.
"""

from __future__ import annotations

from pipeline.parse import parse_tables


def _grid(table) -> list[list[str]]:
    return [[c.text if c else "" for c in row] for row in table.grid()]


def test_an_amount_with_a_footnote_mark_run_in_stays_in_its_column():
    [table] = parse_tables("\n".join([
        "Agency                       Staffing (£)   Other funds (£)   Total (£)",
        "Children's Services               120,500            10,000     130,500",
        "Public Health                      4,2501                          4,250",
        "Police                             30,000                         30,000",
        "Total                             154,750            10,000     164,750",
        "",
    ]), "doc")
    grid = _grid(table)
    assert grid[0] == ["Agency", "Staffing (£)", "Other funds (£)", "Total (£)"]
    assert grid[2] == ["Public Health", "4,2501", "", "4,250"]
    assert grid[3] == ["Police", "30,000", "", "30,000"]


def test_a_heading_that_is_a_long_name_keeps_the_header():
    [table] = parse_tables("\n".join([
        "INCOME      Youth Justice Grant   Police     "
        "Other source (please give details of each partner below in the notes)   Total",
        "Cash                  £200,100   £40,000                                  "
        "                              £12,000   £252,100",
        "In kind                          £10,500                                  "
        "                                         £10,500",
        "",
    ]), "doc")
    assert table.header_rows == 1
    assert _grid(table)[0][3].startswith("Other source (please give details")
    assert _grid(table)[1] == ["Cash", "£200,100", "£40,000", "£12,000", "£252,100"]


def test_a_sentence_split_at_a_double_space_is_still_no_heading():
    """Two long parts above value rows: prose, not a header line."""
    tables = parse_tables("\n".join([
        "The partnership agreed the budget below at its meeting in the spring of the year."
        "  Further details follow in the annex to this plan and in the notes.",
        "Police                 30,000      30,000",
        "Health                 12,000      12,000",
        "",
    ]), "doc")
    assert [t.header_rows for t in tables] == [0]
