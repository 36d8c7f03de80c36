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


WORD_FIRST_AMONG_VALUES = """Partner contributions in 2019-20.

                                Staffing costs   Goods (£)   Total (£)
Constabulary                    none                40,000      40,000
Office of the Commissioner             120,000      15,000     135,000
Health trust                            25,000       2,000      27,000
Total                                  145,000      57,000     202,000

The board agreed the budget."""


def test_a_word_first_among_a_rows_values_is_not_part_of_its_label():
    # "none" starts right of every other row's label, where they print values, and the
    # row prints a value fewer: it stands in a value's place, not in a second label
    [table] = parse_tables(WORD_FIRST_AMONG_VALUES, "doc")
    assert table.column_headers()[1] == ["Staffing costs"]
    body = table.body()
    assert [_texts(row)[0] for row in body] == [
        "Constabulary", "Office of the Commissioner", "Health trust", "Total"]
    assert body[0][2].text == "40,000" and body[0][3].text == "40,000"


YEARS_DOWN = """Contributions to the pooled budget.

Kind              Council   Constabulary   Health trust
2018-19
Staff              12,000          4,000          2,000
Goods               1,000   none                  1,500
2019-20
Staff             none            4,500          2,100
Goods               1,200            800          1,600

The board agreed the budget."""


def test_a_word_first_among_values_under_a_sub_heading_does_not_cut_the_table():
    [table] = parse_tables(YEARS_DOWN, "doc")
    labels = [_texts(row)[0] for row in table.body() if row[0]]
    assert labels == ["2018-19", "Staff", "Goods", "2019-20", "Staff", "Goods"]
    assert _texts(table.body()[4]) == ["Staff", "none", "4,500", "2,100"]


TWO_LABEL_COLUMNS = """Contributions by partner and kind.

Partner        Kind        2018-19   2019-20
Council        Cash         12,000    13,000
Constabulary   In kind       4,000     4,500
Health trust   Cash          2,000     2,100

The board agreed the budget."""


def test_a_second_label_column_printed_on_every_row_stays_labels():
    [table] = parse_tables(TWO_LABEL_COLUMNS, "doc")
    assert [_texts(row)[:2] for row in table.body()] == [
        ["Council", "Cash"], ["Constabulary", "In kind"], ["Health trust", "Cash"]]
