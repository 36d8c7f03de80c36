"""The parser's rules for issue 15's generated families, one small document each
(written for the test, never copied from a plan): a table of one paragraph per cell, a
sub-heading under a row of short labels, cells each aligned their own way, and a table
from a scanned page."""

from __future__ import annotations

from word_export import word_export

from pipeline.ingest.sources import cell_break_lines, normalise_text
from pipeline.parse import parse_tables, read_cell
from pipeline.parse.values import undo_ocr_digits, undo_ocr_letters


def _tables(raw: str):
    text, _ = normalise_text(raw)
    return parse_tables(text, "doc", cell_break_lines(raw))


def _grid(table) -> list[list[str]]:
    return [[c.text if c else "" for c in row] for row in table.grid()]


SUMMARY = ["Indicator", "Wigan", "North West", "England",
           "Use of custody rate per 1,000 of 10-17 population",
           "Jan 18 - Dec 18", "0.35", "0.41", "0.28",
           "Jan 17 - Dec 17", "0.52", "0.47", "0.31"]
SUMMARY_ROWS = [["Indicator", "Wigan", "North West", "England"],
                ["Use of custody rate per 1,000 of 10-17 population", "", "", ""],
                ["Jan 18 - Dec 18", "0.35", "0.41", "0.28"],
                ["Jan 17 - Dec 17", "0.52", "0.47", "0.31"]]


def test_one_paragraph_per_cell_reads_the_empty_lines_as_gaps() -> None:
    text = "Figures follow.\n\nData summary\n\n" + "\n\n".join(SUMMARY) + "\n\nText after it.\n"
    [table] = _tables(text)
    assert _grid(table) == SUMMARY_ROWS
    assert table.cells[-1].source_line == text.split("\n").index("0.31") + 1


def test_a_sub_heading_under_short_labels_is_a_row_not_the_last_label() -> None:
    """Read as the header's last label, "Use of custody ..." moved every area one column
    left: England's 0.28 under North West."""
    for raw in (word_export(["Data summary", SUMMARY, "Text after it."]),
                "The figures of the last two years follow.\n\nData summary\n\n"
                + "\n".join(SUMMARY) + "\n\nThe board reviews them.\n"):
        [table] = _tables(raw)
        assert _grid(table) == SUMMARY_ROWS


def test_cells_each_aligned_their_own_way_are_read_in_order() -> None:
    text = ("Budget 2019/20\n\n"
            "Agency          Staffing costs   In kind   Total\n"
            "Police                   31,400   -           31,400\n"
            "Health          -                  5,000      5,000\n"
            "Probation                12,000     1,000    13,000\n\nText after it.\n")
    [table] = _tables(text)
    assert _grid(table)[1:] == [["Police", "31,400", "-", "31,400"],
                                ["Health", "-", "5,000", "5,000"],
                                ["Probation", "12,000", "1,000", "13,000"]]


def test_a_scanned_table_keeps_its_columns_through_borders_and_marks() -> None:
    text = ("Staffing\n\n"
            "| Contract      Practitioners   Sessional   Total\n"
            "| Permanent                l2           3      15  |\n"
            "| Vacant                    l           2       3\n"
            "| Temp0rary                 4     |     1O     14\n\nText after it.\n")
    [table] = _tables(text)
    assert _grid(table) == [["Contract", "Practitioners", "Sessional", "Total"],
                            ["Permanent", "l2", "3", "15"], ["Vacant", "l", "2", "3"],
                            ["Temp0rary", "4", "1O", "14"]]
    assert read_cell("l2").numbers == (12.0,) and read_cell("1O").numbers == (10.0,)
    assert read_cell("l").status == "text" and read_cell("3 18").numbers == (3.0, 18.0)
    assert undo_ocr_digits("Permanent  l2  lO  Old") == "Permanent  12  lO  Old"
    assert undo_ocr_letters("Secondee Pr0bation, Vo1unteer, KS2, 10a") == \
        "Secondee Probation, Volunteer, KS2, 10a"
