"""A scan's reading of small tables (issue 15), each rule on a small document written
for the test: a header whose two headings a scan printed as blocks of their own,
space-aligned rows whose values sit under no heading of their own, placed by the
table's sums only when those leave one way, and values printed at another scale than
their headings, placed by their columns' order only when one order fits."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.parse import parse_tables
from pipeline.parse.underheadings import headed_layout


def _grids(text: str) -> list[list[list[str]]]:
    return [[[c.text if c else "" for c in row] for row in table.grid()]
            for table in parse_tables(text, "doc") if table.kind == "data"]


def test_a_header_printed_on_two_lines_heads_rows_of_one_value() -> None:
    text = ("Some prose before the table.\n\nBoats by kind of hull\n\nKind of hull\n\n"
            "Count\nWooden dinghy 12\nFibreglass keelboat 30\nTotal 42\n\nMore prose.\n")
    assert _grids(text) == [[["Kind of hull", "Count"], ["Wooden dinghy", "12"],
                             ["Fibreglass keelboat", "30"], ["Total", "42"]]]


def test_two_heading_lines_over_rows_of_two_values_are_not_that_header() -> None:
    """Rows of two values under one heading: which column is the heading's? No table."""
    text = ("Kind of hull\n\nCount\nWooden dinghy 12 4\nFibreglass keelboat 30 6\n"
            "Total 42 10\n")
    assert _grids(text) == []


_SPACED = ("Crew by boat\n"
           "Kind of boat                       Sailors                Helpers"
           "                 Total\n"
           "Heron                                                  21"
           "                            9              30\n"
           "Curlew                                                     "
           "                           7               7\n"
           "Tern                                                       "
           "                           5               5\n"
           "Little Grebe                                               "
           "                      4              4\n"
           "Total                                                     21"
           "                           25              46\n")


def test_spaced_rows_under_no_heading_are_placed_by_the_tables_sums() -> None:
    """The header printed at another scale than the values (a scan's text layer): the
    values line up neither into columns of their own nor under their headings. The rows
    are read in order; "Curlew 7 7" could be Sailors or Helpers, but the Total row leaves
    Helpers only."""
    assert _grids(_SPACED) == [[["Kind of boat", "Sailors", "Helpers", "Total"],
                                ["Heron", "21", "9", "30"], ["Curlew", "", "7", "7"],
                                ["Tern", "", "5", "5"], ["Little Grebe", "", "4", "4"],
                                ["Total", "21", "25", "46"]]]


def test_spaced_rows_the_sums_do_not_place_are_not_read_by_them() -> None:
    """Sums that allow two placings, or a label whose values were lost (its values are
    not in the sums), place no short row."""
    both = _SPACED.replace("5               5", "7               7").replace(
        "21                           25              46",
        "28                           20              48")  # Curlew's 7 or Tern's?
    lost = _SPACED.replace("Little Grebe                                               "
                           "                      4              4", "Little Grebe")
    for text in (both, lost):
        rows = [row for grid in _grids(text) for row in grid]
        assert ["Curlew", "", "7", "7"] not in rows
        assert ["Curlew", "7", "", "7"] not in rows


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    text: str


def _spans(line: str) -> list[_Span]:
    return [_Span(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", line)]


_SHIFTED = ["Boat              North     South     East      West",
            "Heron                    12         3          14      2",
            "Curlew                             7           11     19",
            "Tern                      4                     8"]


def test_values_printed_at_another_scale_are_placed_by_their_columns_order() -> None:
    """A scan's text layer printed the values right of their headings ("12" under none,
    "14" under West's left edge): by their own columns, in order, each under the heading
    it overlaps or the one on its left, one order only is possible."""
    assert _grids("Boats seen from the shore\n" + "\n".join(_SHIFTED) + "\n") == [[
        ["Boat", "North", "South", "East", "West"], ["Heron", "12", "3", "14", "2"],
        ["Curlew", "", "7", "11", "19"], ["Tern", "4", "", "8", ""]]]


def test_columns_that_fit_two_orders_of_headings_are_not_placed() -> None:
    """Without the last column, the column under West's left edge may be East's or
    West's: no value is placed by order."""
    rows = [_spans(line[:50])[1:] for line in _SHIFTED[1:]]
    assert headed_layout([(1, _spans(_SHIFTED[0]))], 6, rows) is None
    whole = [_spans(line)[1:] for line in _SHIFTED[1:]]
    assert headed_layout([(1, _spans(_SHIFTED[0]))], 6, whole) is not None
