"""A table printed one cell per line without cell ends (text pasted from a web page or a
written answer) in a document that also has Word cell ends, and in plain text under its
heading and caption. Every document here is invented for the test.
"""

from __future__ import annotations

from word_export import word_cells

from pipeline.extract.base import context_from_text
from pipeline.extract.budgets import extract_budgets
from pipeline.ingest.sources import cell_break_lines, normalise_text
from pipeline.parse import parse_tables

WORD_TABLE = word_cells("Role", "Full-time", "Part-time",
                        "Managers", "4", "1",
                        "Practitioners", "21", "6",
                        "Administrators", "5", "3")
PASTED = ["Agency", "Staffing costs", "Payments in kind", "Total",
          "Police", "41,000", "", "41,000",
          "Health", "62,500", "3,000", "65,500",
          "Local authority", "310,000", "12,000", "322,000",
          "Total", "413,500", "15,000", "428,500"]
PROSE = "The partnership agreed the figures below at its meeting in the spring of the year."


def _tables(raw: str):
    text, _ = normalise_text(raw)
    return text, parse_tables(text, "doc", cell_break_lines(raw))


def test_cells_pasted_without_cell_ends_beside_a_word_table_are_read_too():
    raw = "\r\n".join([PROSE, "Staff by role", ""]) + "\r\n" + WORD_TABLE + "\r\n".join(
        ["", PROSE, "Pooled budget 2019/20", "", *PASTED, "", PROSE, ""])
    text, tables = _tables(raw)
    pasted = [t for t in tables if t.column_headers()[0] == ["Agency"]]
    assert len(tables) == 2 and len(pasted) == 1, [t.column_headers() for t in tables]
    assert [c.text for c in pasted[0].body()[2] if c] == ["Local authority", "310,000",
                                                          "12,000", "322,000"]
    lines = text.split("\n")
    assert all(lines[c.source_line - 1] == c.text for c in pasted[0].cells if c.text)


def test_a_cells_own_paragraphs_before_its_cell_end_are_no_table():
    """Short lines with figures right before a cell end are the paragraphs of one cell."""
    inside = ["Year", "Boys", "Girls", "2017", "41", "12", "2018", "38", "9", "2019", "52",
              "14", "Counts from the case system"]
    raw = (PROSE + "\r\n" + "Outcome\rNotes\r" + "\r\n".join(inside) + "\r"
           + "Met\rSee above\r\r\n" + PROSE + "\r\n")
    _, tables = _tables(raw)
    assert all(t.first_line != 4 for t in tables), [(t.first_line, t.last_line)
                                                    for t in tables]


def test_a_heading_and_caption_a_blank_line_above_plain_cells_stay_out_of_the_header():
    """Web text: the caption (with the year) is found above the table, not spread over
    its columns as an upper header."""
    text = "\n".join([PROSE, "", "Resources and value for money",
                      "Pooled budget of the service 2019/20", "", *PASTED, "", PROSE])
    [table] = parse_tables(text, "doc")
    assert table.header_rows == 1 and table.column_headers()[1] == ["Staffing costs"]
    assert table.caption == "Pooled budget of the service 2019/20"
    rows = extract_budgets(context_from_text(text))["budget_contributions"]
    assert rows.length and set(rows.columns["financial_year"]) == {"2019-20"}
