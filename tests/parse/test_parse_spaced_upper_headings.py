"""Columns aligned by spaces under two heading lines, an upper heading over each pair of
period columns: the space-aligned reading keeps both lines (the finder of single-spaced
rows, or of rows whose tabs disagree, must not take a run with no tab in it). Invented."""

from __future__ import annotations

from pipeline.parse import parse_tables

TEXT = """The service compares well with its family of services this year.

Chart 4              Binary rate of reoffending         Reoffences per reoffender
                     Jan 15 - Dec 15   Jan 16 - Dec 16   Jan 15 - Dec 15   Jan 16 - Dec 16
Our service                     27.5              33.0              2.77              3.47
The region                      31.3              34.3              3.43              3.97
Family                          40.6              40.2              3.91              3.87

The board reviews these figures every quarter."""


def test_upper_headings_over_period_pairs_stay_in_the_header():
    [table] = parse_tables(TEXT, "doc")
    assert table.header_rows == 2
    headers = table.column_headers()
    assert headers[2] == ["Binary rate of reoffending", "Jan 16 - Dec 16"]
    assert headers[3] == ["Reoffences per reoffender", "Jan 15 - Dec 15"]
    assert [c.text for c in table.body()[1] if c] == ["The region", "31.3", "34.3", "3.43",
                                                      "3.97"]
