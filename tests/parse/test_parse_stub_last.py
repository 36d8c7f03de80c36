"""Pasted spreadsheets whose rows print their label after their values (stub last), in
invented Word text exports: paragraphs end CRLF, cells end with a lone CR."""

from __future__ import annotations

from pipeline.ingest.sources import cell_break_lines, normalise_text
from pipeline.parse import parse_tables


def _tables(raw: str):
    text = normalise_text(raw)[0]
    return text.split("\n"), parse_tables(text, "doc", cell_break_lines(raw))


def _rows(table) -> list[list[tuple[str, int]]]:
    return [[(c.text, c.source_line) if c else ("", 0) for c in row] for row in table.grid()]


def _one_table(raw: str) -> tuple[list[str], list[list[tuple[str, int]]]]:
    """The document's lines and the rows of its only table."""
    lines, (table,) = _tables(raw)
    return lines, _rows(table)


HEADER = "Summary of performance\r\n\tDraft\tRiverside\tEast Region\tEngland\r\n"


def test_values_then_their_label_make_one_row_each_value_cited_on_its_own_line() -> None:
    raw = (HEADER + "Custody rate per 1,000 young people\r"
           + "0.41\r\r0.33\r\r0.30\r\rOct 17 - Sep 18\r\n\r\n"
           + "0.52\r\r0.39\r\r0.36\r\rOct 16 - Sep 17\r\n"
           + "percent change from baseline\t-21.2%\r-15.4%\r-16.7%\r"
           + "\r\nText after the table.\r\n")
    lines, rows = _one_table(raw)
    assert [c[0] for c in rows[0]] == ["", "Riverside", "East Region", "England"]
    assert rows[1][0][0] == "Custody rate per 1,000 young people"
    assert [c[0] for c in rows[2]] == ["Oct 17 - Sep 18", "0.41", "0.33", "0.30"]
    assert [c[0] for c in rows[3]] == ["Oct 16 - Sep 17", "0.52", "0.39", "0.36"]
    assert [c[0] for c in rows[4]] == ["percent change from baseline", "-21.2%", "-15.4%",
                                      "-16.7%"]
    for row in rows[2:]:
        for text, line in row:
            assert text in lines[line - 1]


def test_cells_stacking_a_block_of_periods_give_a_row_per_period() -> None:
    raw = ("Summary\r\n\rRiverside\rEast Region\rEngland\r"
           + "First time entrants per 100,000\r"
           + "310\r\n295\r\r280\r\n301\r\r250\r\n262\r\rJul 17 - Jun 18\r\nJul 16 - Jun 17\r"
           + "\r\nText after the table.\r\n")
    lines, rows = _one_table(raw)
    assert [c[0] for c in rows[2]] == ["Jul 17 - Jun 18", "310", "280", "250"]
    assert [c[0] for c in rows[3]] == ["Jul 16 - Jun 17", "295", "301", "262"]
    assert all(lines[line - 1] == text for text, line in rows[3][1:])


def test_values_no_single_label_names_are_left_out() -> None:
    """Two runs under one label naming two periods, and a run closed by a sub-heading
    instead of a period: which row is which cannot be read, so neither is a row."""
    raw = (HEADER + "Reoffending rate\r"
           + "40.1%\r\r38.2%\r\r39.9%\r\rJan 17 - Dec 17\r"
           + "41.0%\r\r37.5%\r\r40.2%\r\rJan 16 - Dec 16\r"
           + "change from baseline\r1.1%\r0.7%\r-0.3%\rUse of custody rate\r"
           + "42.5%\r\r39.0%\r\r41.1%\r\r43.0%\r\r40.0%\r\r41.7%\r\r"
           + "Jan 15 - Dec 15 Jan 14 - Dec 14\r\n\r\nText after the table.\r\n")
    _, tables = _tables(raw)
    cells = {c.text for table in tables for c in table.cells}
    assert {"40.1%", "41.0%"} <= cells
    assert not {"1.1%", "42.5%", "43.0%"} & cells


def test_an_ordinary_table_of_labels_then_values_is_not_read_label_last() -> None:
    raw = ("Table 3: Custody\r\n\rRiverside\rEast Region\rEngland\r"
           + "2017/18\r0.41\r0.33\r0.30\r2016/17\r0.52\r0.39\r0.36\r"
           + "2015/16\r0.61\r0.44\r0.40\r\r\nText after the table.\r\n")
    _, (table,) = _tables(raw)
    body = [[c[0] for c in row] for row in _rows(table)[table.header_rows:]]
    assert body[0] == ["2017/18", "0.41", "0.33", "0.30"]
    assert body[-1] == ["2015/16", "0.61", "0.44", "0.40"]


def test_a_header_printed_over_two_rows_of_cells_keeps_both_rows() -> None:
    raw = ("Summary\r\n\rRiverside\rEast Region\rEngland &\r\rService\rRegion\rWales\r"
           + "First time entrants per 100,000\r"
           + "310\r\n295\r280\r\n301\r250\r\n262\rJul 17 - Jun 18\r\nJul 16 - Jun 17\r"
           + "\r\nText after the table.\r\n")
    _, (table,) = _tables(raw)
    assert table.header_rows == 2
    assert table.column_headers()[3] == ["England &", "Wales"]
    assert [c[0] for c in _rows(table)[3]] == ["Jul 17 - Jun 18", "310", "280", "250"]


def test_rows_labelled_after_their_values_under_no_readable_header_are_no_table() -> None:
    """Read as label-then-values rows, each would take its neighbour's label: the values
    stay out of every table (reported as not read) rather than be shifted."""
    raw = ("The figures below compare the service with the region and with England.\r\n"
           + "0.41\r0.33\r0.30\rOct 17 - Sep 18\r0.52\r0.39\r0.36\rOct 16 - Sep 17\r"
           + "0.61\r0.44\r0.40\rOct 15 - Sep 16\r\r\nText after the table.\r\n")
    _, tables = _tables(raw)
    assert not any(cell.text in ("0.41", "0.52", "0.61") for t in tables for cell in t.cells)
