"""A header and one labelled row printed one cell per line (a Word text export): too
short for the rhythm of rows, still a table. Documents written for the test."""

from __future__ import annotations

from word_export import word_export as _word_export

from pipeline.ingest.sources import cell_break_lines, normalise_text
from pipeline.parse import parse_tables


def _tables(raw: str):
    breaks = cell_break_lines(raw)
    text, _ = normalise_text(raw)
    return [t for t in parse_tables(text, "doc", breaks) if t.kind == "data"]


def _grid(table) -> list[list[str]]:
    return [[c.text if c else "" for c in row] for row in table.grid()]


def test_a_header_and_one_labelled_row_is_a_table() -> None:
    raw = _word_export([
        "Our own cohort, before the merger",
        ["", "Town cohort", "Town reoffenders", "Town reoffences",
         "Apr 09 - Mar 10", "210", "70", "190"],
        "A sentence after the table about the cohort."])
    [table] = _tables(raw)
    assert _grid(table) == [["", "Town cohort", "Town reoffenders", "Town reoffences"],
                            ["Apr 09 - Mar 10", "210", "70", "190"]]
    assert table.header_rows == 1


def test_a_stub_header_with_periods_over_one_labelled_row() -> None:
    raw = _word_export([
        "First time entrants per 100,000, local data",
        ["Episodes in year", "2016/17", "2017/18", "2018/19", "Target",
         "Rate per 100,000", "410.5", "380.2", "300.1", "350"]])
    [table] = _tables(raw)
    assert _grid(table)[1] == ["Rate per 100,000", "410.5", "380.2", "300.1", "350"]
    assert [c.source_line for c in table.grid()[1]] == [7, 8, 9, 10, 11]


def test_a_row_with_one_value_too_few_is_not_forced_into_a_table() -> None:
    raw = _word_export([
        "Heading",
        ["", "North", "South", "East", "Apr 09 - Mar 10", "210", "70"],
        "Text."])
    assert not _tables(raw)
