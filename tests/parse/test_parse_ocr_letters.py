"""Letters character recognition prints as digits or rules inside words ("Po|ice",
"Probati0n", "0perational", "|n kind") and years it prints with letters ("Jan l8"): each
is read as what it stands for, so the row, the header, the period and the label are read
as a clean page's; a rule between cells, a number and anything else stay as printed.
Every table here is invented for the test."""

from __future__ import annotations

from pipeline.extract.budgets import contribution_type, resolve_agency
from pipeline.extract.kpi_periods import find_period
from pipeline.extract.people import workforce_slug
from pipeline.parse import parse_tables
from pipeline.parse.cellstream import PERIOD, cell_kind
from pipeline.parse.underheadings import Heading, alignment
from pipeline.parse.values import bars_as_letters, ocr_letter_readings, undo_ocr_letters, unglued
from pipeline.parse.wordrows import worded_headings


def _grid(text: str) -> list[list[str]]:
    [table] = [t for t in parse_tables(text, "doc") if t.kind == "data"]
    return [[c.text if c else "" for c in row] for row in table.grid()]


def test_a_letter_printed_as_a_rule_or_a_digit_is_read_as_the_letter() -> None:
    assert undo_ocr_letters("Po|ice, Hea|th, |n kind, (|n kind)") == \
        "Police, Health, In kind, (In kind)"
    assert undo_ocr_letters("0perational, Pr0bation") == "Operational, Probation"
    # a rule between cells, glued to a number, or apart; numbers and codes: as printed
    for printed in ("costs | Payments", "costs|Payments", "85,000|", "| n/a", "10am", "0 or 1"):
        assert undo_ocr_letters(printed) == printed
    assert bars_as_letters("Po|ice | 45") == "Police | 45"
    assert ocr_letter_readings("Adm|nistrative") == ("Admlnistrative", "Administrative")
    assert ocr_letter_readings("Sessional") == ("Sessional",)


def test_single_spaced_rows_with_letters_misread_are_read() -> None:
    text = ("Funding of the garden club\n"
            "Funder Seeds Too|s Total\n\n"
            "Parish Council 120 45 165\nVi|lage Shop 30 20 50\nSch0ol Fund 15 5 20\n\n"
            "More prose after the table.\n")
    assert _grid(text) == [["Funder", "Seeds", "Too|s", "Total"],
                           ["Parish Council", "120", "45", "165"],
                           ["Vi|lage Shop", "30", "20", "50"],
                           ["Sch0ol Fund", "15", "5", "20"]]


def test_space_aligned_rows_with_a_rule_inside_a_word_are_one_table() -> None:
    text = ("Funding of the garden club\n\n"
            " Funder            Seeds       Tools      Total\n"
            " Parish Council      120          45        165\n"
            " Vi|lage Shop         30          20         50\n"
            " Sch0ol Fund          15           5         20\n\n"
            "More prose after the table.\n")
    grid = _grid(text)
    assert [row[0] for row in grid] == ["Funder", "Parish Council", "Vi|lage Shop", "Sch0ol Fund"]
    assert grid[2][1:] == ["30", "20", "50"]


def test_a_rule_inside_a_word_does_not_make_a_pipe_table() -> None:
    text = ("Funding of the garden club\n"
            "Funder Seeds Tools Total\n\n"
            "Parish Council 120 45 165\nVi|lage Shop 30 20 50\nSchool Fund 15 5 20\n"
            "He|p Desk 1 2 3\n\nMore prose after the table.\n")
    [table] = parse_tables(text, "doc")
    assert table.format != "markdown" and table.n_rows == 5


def test_a_year_printed_with_a_letter_is_a_period() -> None:
    assert cell_kind("Jan l8 - Dec l8") == PERIOD
    assert find_period("Apr l7 - Mar l8").label == "Apr 17 - Mar 18"
    text = ("Visits per 100 members\nPeriod Hilltown Valley Shire\n\n"
            "Jan l8 - Dec l8 4.1 3.2 2.9\nJan 17 - Dec l7 3.8 3.0 2.7\n\n"
            "More prose after the table.\n")
    grid = _grid(text)
    assert [row[1:] for row in grid[-2:]] == [["4.1", "3.2", "2.9"], ["3.8", "3.0", "2.7"]]


def test_headers_with_letters_misread_are_parted_and_named() -> None:
    assert worded_headings("Type of contract 0perational staff Adm|nistrative Total") == [
        "Type of contract", "0perational staff", "Adm|nistrative", "Total"]
    assert resolve_agency("Po|ice and Crime Commissi0ner") == "police_and_crime_commissioner"
    assert contribution_type("Staffing c0sts")[0] == contribution_type("Staffing costs")[0]
    assert workforce_slug("role", "Adm|nistrative") == workforce_slug("role", "Administrative")


def test_alignment_evidence_is_gathered_once_for_both_readers() -> None:
    heads = [Heading(10, 15, "Boys"), Heading(25, 31, "Girls")]
    seen = alignment([(12, 17), (33, 35)], heads)
    assert seen.sticks_right and seen.past_last and not seen.sticks_left
    seen = alignment([(8, 13), (0, 4), (18, 20)], heads)
    assert seen.sticks_left and seen.before_first and seen.between and not seen.past_last


def test_a_pound_sign_read_as_e_is_a_value_in_a_row_printing_pounds() -> None:
    text = ("Funding of the garden club\n\n"
            " Funder              Seeds        Tools        Total\n"
            " Parish Council    E12,000       £4,500      £16,500\n"
            " Village Shop       £3,000       £2,000       £5,000\n\n"
            "More prose after the table.\n")
    assert _grid(text)[1] == ["Parish Council", "E12,000", "£4,500", "£16,500"]
    assert resolve_agency("Po|ice") == resolve_agency("Police")


def test_words_a_scan_joined_or_split_still_name_their_label() -> None:
    assert contribution_type("Staffingcosts")[0] == contribution_type("Staffing costs")[0]
    assert contribution_type("Pay ments in kind")[0] == contribution_type("Payments in kind")[0]
    assert resolve_agency("Youth JusticeBoard") == resolve_agency("Youth Justice Board")
    assert workforce_slug("role", "StrategicManager") == workforce_slug("role", "Strategic Manager")
    assert workforce_slug("role", "Admin istrative") == workforce_slug("role", "Administrative")
    assert resolve_agency("Gardening Club") is None  # nothing spelled: nothing named


def test_a_pound_amount_glued_on_is_its_own_cell() -> None:
    assert unglued("38,211£29,728") == ["38,211", "£29,728"]
    assert unglued("Health£3,103") == ["Health", "£3,103"]
    assert unglued("E34,300£56,486") == ["E34,300", "£56,486"]
    for printed in ("£3,000-£4,000", "£12,000", "ab£", "x2£y"):
        assert unglued(printed) == [printed]
    text = ("Funding of the garden club\n"
            "Funder Seeds Tools Total\n\n"
            "Parish Council £120£45 £165\nVillage Shop£30 £20 £50\nSchool Fund £15 £5 £20\n\n"
            "More prose after the table.\n")
    assert _grid(text)[1:3] == [["Parish Council", "£120", "£45", "£165"],
                                ["Village Shop", "£30", "£20", "£50"]]


def test_space_aligned_amounts_glued_or_with_a_rule_glued_on_keep_their_columns() -> None:
    text = ("Funding of the garden club\n\n"
            " Funder              Seeds        Tools        Total\n"
            " Parish Council     £1,200       £4,500|     £5,700\n"
            " Village Shop       £3,000       £2,000£5,000\n"
            " School Fund        £1,500         £500     |£2,000\n\n"
            "More prose after the table.\n")
    grid = _grid(text)
    assert grid[1][1:] == ["£1,200", "£4,500", "£5,700"]
    assert grid[2][1:] == ["£3,000", "£2,000", "£5,000"]
    assert grid[3][1:] == ["£1,500", "£500", "£2,000"]
