"""A Word cell holding several long paragraphs, each set apart by an empty paragraph and
the last one empty too (a costed plan's list of activities): one cell, not prose that
ends the table. Invented text."""

from __future__ import annotations

from word_export import word_export

from pipeline.ingest.sources import cell_break_lines, normalise_text
from pipeline.parse import parse_tables

LONG = ("Weekly review of the tracking tool with partners and an action plan for each "
        "pattern found, agreed with the board, reported every quarter and checked against "
        "the measures the partnership set at the start of the year for every team")
ALSO = "Quarterly reports to the management board on the measures agreed at the start of it"


def _cells(amount: str, first: str) -> list[str]:
    return [first, f"{LONG}\r\n\r\n{ALSO}\r\n\r\n", "Fewer children reoffending", amount]


def test_a_cell_of_long_paragraphs_ending_empty_stays_in_its_table() -> None:
    raw = word_export(["Activities paid by the grant", [
        "Component", "Activity", "Measured by", "Amount",
        *_cells("£12,000", "Mentoring"), *_cells("£8,500", "Court work"),
        *_cells("£4,100", "Reparation")], "Text after."])
    breaks = cell_break_lines(raw)
    text = normalise_text(raw)[0]
    tables = [t for t in parse_tables(text, "d", breaks) if t.n_columns == 4]
    assert len(tables) == 1
    amounts = [row[3].text for row in tables[0].body() if row[3] is not None]
    assert amounts == ["£12,000", "£8,500", "£4,100"]
