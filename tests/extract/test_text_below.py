"""The line under a table is read past the empty lines renderings put around it.
Invented text only."""

from __future__ import annotations

from pipeline.extract.base import context_from_text


def _below(blank_lines: int) -> list[str]:
    text = "\n".join(["Custody rate", "", "| 2017/18 | 2018/19 |", "|---|---|",
                      "| 0.4 | 0.3 |", *[""] * blank_lines,
                      "Rate per 1,000 of the 10-17 population.", "",
                      "The next section is about education."])
    context = context_from_text(text)
    [table] = context.data_tables()
    return context.text_below(table)


def test_the_unit_line_under_a_table_is_read_after_a_few_empty_lines():
    """A Word export ends a table with an empty paragraph and a converter puts an empty
    line on each side: three empty lines still part a table from its unit line."""
    assert _below(1) == _below(3) == ["Rate per 1,000 of the 10-17 population."]


def test_text_far_under_a_table_is_not_its_unit_line():
    assert _below(6) == []
