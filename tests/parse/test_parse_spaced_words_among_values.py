"""Columns aligned by spaces with a few words among a row's numbers ("In kind" where a
partner pays in staff): the row's numbers are still read in their columns, and the words
are kept only where a column of numbers lies. Invented."""

from __future__ import annotations

from pipeline.parse import parse_tables

WORDS_AMONG_VALUES = """The partners fund the service as below.

Partner            Staff (£)   Goods (£)   Total (£)
Council              120,000      15,000     135,000
Constabulary          40,000   In kind        40,000
Health trust          25,000       2,000      27,000

The board agreed the budget."""

WORDS_BESIDE_VALUES = """Groups against the population.

Group        Share   Population   Difference
First        45.6%          62%   16.4% under
Second       20.9%           7%   13.9% over
Third        12.1%           7%   5.1% over

The board reviews these figures."""


def _texts(row) -> list[str]:
    return [cell.text for cell in row if cell]


def test_words_in_a_value_column_keep_the_rows_numbers():
    [table] = parse_tables(WORDS_AMONG_VALUES, "doc")
    assert table.header_rows == 1
    assert table.column_headers()[3] == ["Total (£)"]
    body = table.body()
    assert len(body) == 3
    assert _texts(body[1])[0] == "Constabulary"
    assert body[1][1].text == "40,000" and body[1][3].text == "40,000"
    assert _texts(body[2]) == ["Health trust", "25,000", "2,000", "27,000"]


def test_words_under_their_own_heading_are_kept_in_its_column():
    [table] = parse_tables(WORDS_BESIDE_VALUES, "doc")
    assert table.header_rows == 1
    assert table.column_headers()[3] == ["Difference"]
    assert _texts(table.body()[0]) == ["First", "45.6%", "62%", "16.4% under"]


def test_a_sentence_among_values_still_stops_the_row():
    text = WORDS_AMONG_VALUES.replace("In kind  ", "paid by the police in staff time")
    assert not [cell for table in parse_tables(text, "doc") for cell in table.cells
                if cell.text == "Constabulary"]
