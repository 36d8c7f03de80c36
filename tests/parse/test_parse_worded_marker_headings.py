"""A heading line may name one column by a marker in words ("Not known" beside "White
British"): it stays a heading, while a row's label and its markers stay a row.
Documents written for the test (issue 15)."""

from __future__ import annotations

from word_export import word_export

from pipeline.ingest.sources import cell_break_lines, normalise_text
from pipeline.parse import parse_tables


def _tables(raw: str):
    text, _ = normalise_text(raw)
    return [t for t in parse_tables(text, "doc", cell_break_lines(raw)) if t.kind == "data"]


SPACED = """Staff by ethnicity

Role              White British   Mixed   Not known
Practitioners                12       3           1
Admin                         4       0           2
Sessional                     6       1           0

The board will review these figures.
"""


def test_a_spaced_heading_line_may_end_with_a_marker_in_words() -> None:
    [table] = _tables(SPACED)
    assert table.header_rows == 1
    assert [texts[-1] for texts in table.column_headers()] == [
        "Role", "White British", "Mixed", "Not known"]
    assert [c.text for c in table.body()[0] if c] == ["Practitioners", "12", "3", "1"]


def test_a_word_header_row_may_name_a_column_by_a_marker_in_words() -> None:
    raw = word_export(["Staff by ethnicity",
                       ["Role", "White British", "Mixed", "Not known",
                        "Practitioners", "12", "3", "1", "Admin", "4", "0", "2",
                        "Sessional", "6", "1", "0"],
                       "The board will review these figures."])
    [table] = _tables(raw)
    assert table.header_rows == 1
    assert table.column_headers()[3] == ["Not known"]


def test_a_row_of_markers_above_the_values_is_no_heading_line() -> None:
    text = SPACED.replace("Practitioners                12       3           1",
                          "Practitioners       n/a   not known   n/a")
    [table] = _tables(text)
    assert "Practitioners" not in [t for texts in table.column_headers() for t in texts]
