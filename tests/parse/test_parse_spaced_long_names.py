"""Columns aligned by spaces whose row labels, or the stub's heading, are a measure's
full name longer than other cells (as `pdftotext -layout` prints an indicators table):
they are still one cell left of the values, and prose still is no table. Invented."""

from __future__ import annotations

from pipeline.parse import parse_tables

LONG_LABELS = """Our reoffending figures are below.

Measure                                                                  Our area   Region
Repeat offences per person reoffending Apr 15 - Mar 16 cohort (latest)      2.91     3.18
Repeat offences per person reoffending Apr 14 - Mar 15 cohort (earlier)     3.04     3.22

The board reviews these figures."""

LONG_STUB_HEADING = """Custody in recent years.

Secure placements per thousand of the 10 to 17 population (lower is better)   Our area   Nation
Oct 18 - Sep 19                                                                   0.41     0.33
Oct 17 - Sep 18                                                                   0.52     0.36

The board reviews these figures."""

PROSE = """We describe the year in the words of the staff who worked through it and their notes.
The team met on many evenings and weekends to agree on the plan for the year ahead of us  12
The service wrote to every family and to each school that asked for help with the plan  14
The board reviews these figures."""

PROSE_OVER_ROWS = """Each column below is the count of cases on the last day of each quarter  Area
Quarter one                                                                 12
Quarter two                                                                 14"""


def _texts(row) -> list[str]:
    return [cell.text for cell in row if cell]


def test_labels_longer_than_sixty_characters_keep_their_rows():
    [table] = parse_tables(LONG_LABELS, "doc")
    assert table.header_rows == 1
    assert table.column_headers()[1] == ["Our area"]
    assert _texts(table.body()[1]) == [
        "Repeat offences per person reoffending Apr 14 - Mar 15 cohort (earlier)", "3.04",
        "3.22"]


def test_a_long_stub_heading_still_heads_the_columns():
    [table] = parse_tables(LONG_STUB_HEADING, "doc")
    assert table.header_rows == 1
    assert table.column_headers()[2] == ["Nation"]
    assert _texts(table.body()[0]) == ["Oct 18 - Sep 19", "0.41", "0.33"]


def test_sentences_ending_in_a_number_are_no_table():
    assert not [t for t in parse_tables(PROSE, "doc") if t.n_columns > 1]


def test_a_long_sentence_over_rows_heads_no_stub():
    [table] = parse_tables(PROSE_OVER_ROWS, "doc")
    assert table.header_rows == 0
