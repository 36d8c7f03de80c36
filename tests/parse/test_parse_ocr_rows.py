"""What character recognition does to a table's text (issue 15), each rule on a small
document written for the test: rows parted by single spaces under a header of words, a
grid's rules read as words or glued to values, rows that lost a cell, a heading a
scan's text layer moved off its column, a sub-heading wrapped in its merged cell.
What cannot be placed is left out of the table, never guessed."""

from __future__ import annotations

from pipeline.extract.base import line_numbers, part_run_together
from pipeline.parse import parse_tables
from pipeline.parse.values import AMBIGUOUS, read_cell, undo_ocr_pound
from pipeline.parse.wordrows import worded_headings


def _grid(text: str) -> list[list[str]]:
    [table] = [t for t in parse_tables(text, "doc") if t.kind == "data"]
    return [[c.text if c else "" for c in row] for row in table.grid()]


def test_a_header_of_words_is_parted_at_capitals_and_rules() -> None:
    assert worded_headings("Type of order Number of young people") == [
        "Type of order", "Number of young people"]
    assert worded_headings("Funder Salaries | in kind | Other grants Total") == [
        "Funder", "Salaries", "in kind", "Other grants", "Total"]
    assert worded_headings("Our plans for 2020.") is None  # a figure, a sentence's end


def test_single_spaced_rows_under_a_header_of_words() -> None:
    text = ("The figures below are our own.\n\nMeals by kind of school\n"
            "Kind of school Breakfasts Lunches Total\n\n"
            "Infant school 412 1,020 1,432\nJunior school 380 990 1,370\n"
            "Village hall 12 40 52\n\nMore prose after the table.\n")
    assert _grid(text) == [["Kind of school", "Breakfasts", "Lunches", "Total"],
                           ["Infant school", "412", "1,020", "1,432"],
                           ["Junior school", "380", "990", "1,370"],
                           ["Village hall", "12", "40", "52"]]


def test_grid_rules_are_taken_out_of_the_rows() -> None:
    text = ("Costs by funder\nFunder Salaries | Grants | Total\n"
            "| Town council £41,200 | £2,400 | £43,600\n"
            "Parish fund £1,100] £300 £1,400|\nChurch 800 | 200 | 1,000\n")
    assert _grid(text)[1:] == [["Town council", "£41,200", "£2,400", "£43,600"],
                               ["Parish fund", "£1,100", "£300", "£1,400"],
                               ["Church", "800", "200", "1,000"]]


def test_a_row_that_lost_a_cell_or_holds_a_mark_is_left_out_and_the_rest_read() -> None:
    text = ("Meals by kind of school\nKind of school Breakfasts Lunches Total\n"
            "Infant school 412 1,020 1,432\nJunior school 990 990\n"  # which column?
            "Nursery\n"  # its values lost
            "Village hall 12 l 52\n"  # a 1, or a rule?
            "Church hall 7 30 37\n")
    grid = _grid(text)
    assert [row[0] for row in grid[1:]] == ["Infant school", "Church hall"]


def test_a_header_whose_headings_cannot_be_told_apart_heads_no_value() -> None:
    """Four capitals over three values: is "North East" one heading, or "Town North"?
    Not the parser's to say: the rows are read with no heading over their values, and
    the words go with the table for a reader that knows the names."""
    text = ("Visits\nPeriod Town North East Country\n"
            "Jan 18 - Dec 18 412 300 250\nJan 17 - Dec 17 380 310 240\n")
    [table] = [t for t in parse_tables(text, "doc") if t.kind == "data"]
    assert _grid(text)[0] == ["Period", "", "", ""]
    assert table.run_together == (2, ("Period", "Town", "North", "East", "Country"))
    names = {"Town", "North East", "Country", "East Country"}.__contains__
    parted = part_run_together(table, names)
    assert [c.text if c else "" for c in parted.grid()[0]] == [
        "Period", "Town", "North East", "Country"]
    # two partings name every column ("Town" | "North East" and "Town North" | "East"):
    # which one is meant? No heading is read.
    both = {"Town", "North East", "Country", "Town North", "East"}.__contains__
    assert part_run_together(table, both) is table


def test_run_together_headings_over_rows_of_the_most_values() -> None:
    """Rows that lost an empty cell print fewer values: the rows of the most values are
    read, the others left out and reported."""
    text = ("Staff by contract\nContract Head Cook Kitchen Porter Cleaner Total\n"
            "Permanent 1 3 2 6\nAgency 2 4 1 7\nVacant 1 1\n")
    [table] = [t for t in parse_tables(text, "doc") if t.kind == "data"]
    assert table.run_together == (2, ("Contract", "Head", "Cook", "Kitchen", "Porter",
                                      "Cleaner", "Total"))
    assert [row[0].text for row in table.body()] == ["Permanent", "Agency"]
    assert [line for line, _ in table.left_out] == [5]
    names = {"Head Cook", "Kitchen Porter", "Cleaner", "Total"}.__contains__
    assert [texts[0] for texts in part_run_together(table, names).column_headers()] == [
        "Contract", "Head Cook", "Kitchen Porter", "Cleaner", "Total"]


def test_rows_of_periods_in_sections_under_their_sub_headings() -> None:
    """A scan prints a sub-heading's wrapped lines between the rows, an empty line here
    and there: the sub-headings are rows of a label alone, each over its periods; a row
    whose values a scan moved is left out; the prose after the table is not a section."""
    text = ("Visits\n\nPeriod Town County Country\n\nVisits per 1,000 people\n\n"
            "aged 10-17\nJan 18 - Dec 18 0.48 0.18 1.31\n\nJan 17 - Dec 17 0.76 0.46 0.90\n"
            "Library loans after 12\nmonths (%)\nJul 16 - Jun 17 40.3% 49.5% 44.3%\n"
            "Jul 15 - Jun 16 44.3%\n23.7% 46.9%\n\nThe board looks at these again.\n")
    [table] = [t for t in parse_tables(text, "doc") if t.kind == "data"]
    assert [[c.text if c else "" for c in row] for row in table.grid()] == [
        ["Period", "Town", "County", "Country"],
        ["Visits per 1,000 people", "", "", ""], ["aged 10-17", "", "", ""],
        ["Jan 18 - Dec 18", "0.48", "0.18", "1.31"], ["Jan 17 - Dec 17", "0.76", "0.46", "0.90"],
        ["Library loans after 12", "", "", ""], ["months (%)", "", "", ""],
        ["Jul 16 - Jun 17", "40.3%", "49.5%", "44.3%"]]
    assert [line for line, _ in table.left_out] == [14, 15]


def test_a_sub_heading_is_not_taken_for_the_header() -> None:
    """"First Visits: rate per" (a label's colon, a joining word at its end) is a
    sub-heading: the header is the line of headings above it."""
    text = ("Visits\nPeriod Town County Country\nFirst Visits: rate per\n"
            "Jan 18 - Dec 18 12 13 14\nJan 17 - Dec 17 15 16 17\n")
    assert _grid(text)[0] == ["Period", "Town", "County", "Country"]
    wrapped = text.replace("rate per\n", "rate per\nrate (%)\n")  # no capital: no header
    assert _grid(wrapped)[0] == ["Period", "Town", "County", "Country"]


def test_a_heading_may_end_in_no_for_number() -> None:
    assert worded_headings("Disposal No.") == ["Disposal", "No."]
    text = "Orders\nDisposal No.\nReferral 12\nCaution 7\nCustody 3\n"
    assert _grid(text) == [["Disposal", "No."], ["Referral", "12"], ["Caution", "7"],
                           ["Custody", "3"]]


def _laid_out(cells: list[tuple[str, int]]) -> str:
    """A line with each text ending at its column (right-aligned), the first at the left."""
    line = ""
    for text, end in cells:
        line = (line + " " * max(0, end - len(text) - len(line)))[:max(0, end - len(text))]
        line += text
    return line


def test_a_heading_drifted_between_two_unheaded_columns_heads_neither() -> None:
    lines = [_laid_out([("Kind", 5), ("Walks", 20), ("Rides", 33), ("Swims", 50)]),
             _laid_out([("Short", 6), ("14", 20), ("9", 40), ("3", 50)]),
             _laid_out([("Long", 5), ("8", 26), ("4", 50)]),
             _laid_out([("All", 4), ("22", 20), ("9", 40), ("7", 50)])]
    text = "Visits by kind\n\n" + "\n".join(lines) + "\n"
    header, *rows = _grid(text)
    # "Rides" stands over no value column, between the "8" and the "9": whose is it?
    # It heads neither (left out of the header, or heading no value), nor do they
    # stand under "Walks" or "Swims"
    assert "Walks" in header and "Swims" in header, text
    by_heading = [dict(zip(header, row, strict=True)) for row in rows]
    assert [(row["Walks"], row["Swims"]) for row in by_heading] == [
        ("14", "3"), ("", "4"), ("22", "7")], text
    assert all(not row.get("Rides") for row in by_heading), text


def test_a_first_sub_heading_wrapped_in_its_cell_is_read_over_its_rows() -> None:
    text = ("Visits\n\n"
            "Period                          Town        County       Country\n"
            "Visits per 1,000 people in the year:\n"
            "all ages\n"
            "Jan 18 - Dec 18                 412           300           250\n"
            "Jan 17 - Dec 17                 380           310           240\n")
    grid = _grid(text)
    assert grid[0] == ["Period", "Town", "County", "Country"]
    assert [row[0] for row in grid[1:3]] == ["Visits per 1,000 people in the year:",
                                             "all ages"]


def test_a_pound_read_as_e_or_f_is_undone_in_a_row_of_pounds_only() -> None:
    text = ("Costs by funder\nFunder Salaries Grants Total\n"
            "Town council E41,200 £2,400 f43,600\nParish fund £1,100 £300 £1,400\n"
            "Church E1,800 E200 E2,000\nChapel E1,800 200 2,000\n")
    grid = _grid(text)
    assert grid[1] == ["Town council", "£41,200", "£2,400", "£43,600"]
    assert [row[0] for row in grid[1:]] == ["Town council", "Parish fund"]  # no "£" beside
    assert line_numbers("Town council E41,200 £2,400 f43,600") == (41200.0, 2400.0, 43600.0)
    assert undo_ocr_pound("E1 Enfield f(x) E12,3456") == "E1 Enfield f(x) E12,3456"


def test_pounds_with_a_point_before_three_digits_are_not_read() -> None:
    """"£41.289": pence print two digits; a scan's "." for a thousands ","? Unread."""
    assert read_cell("£41.289").status == AMBIGUOUS
    assert read_cell("£41.28").value == 41.28 and read_cell("£1.234m").value == 1_234_000


def test_a_pound_sign_set_apart_from_its_amount_joins_it() -> None:
    text = ("Costs by funder\nFunder Salaries (£000) Grants (£000) Total (£000)\n"
            "Town council £ 41,200 £ 2,400 £ 43,600\nParish fund £1,100 £ 300 £1,400\n")
    assert _grid(text) == [["Funder", "Salaries (£000)", "Grants (£000)", "Total (£000)"],
                           ["Town council", "£41,200", "£2,400", "£43,600"],
                           ["Parish fund", "£1,100", "£300", "£1,400"]]


def test_a_thousands_separator_read_as_a_space_leaves_its_row_out() -> None:
    """"£41 289" beside grouped amounts: one amount, or £41 and 289 (an empty cell
    dropped)? The row is left out; "86, 400" too; the rows after it are still read."""
    text = ("Costs by funder\nFunder Salaries Grants Extras Total\n"
            "Town council £41,200 £2,400 £100 £43,700\nParish fund £41 289 £2,400 £43,689\n"
            "Chapel £86, 400 £1,000 £87,400\nChurch £1,100 £300 £200 £1,600\n")
    assert [row[0] for row in _grid(text)[1:]] == ["Town council", "Church"]


def test_headings_without_one_over_the_labels() -> None:
    """Rows of as many values as headings: no heading stands over the labels. Rows of
    one value fewer beside them: a heading over the labels, or a cell each lost?"""
    rows = "Town council £41,200 £2,400 £43,600\nChurch £800 £200 £1,000\n"
    text = "Costs by funder\nSalaries Grants Total\n" + rows
    assert _grid(text) == [["", "Salaries", "Grants", "Total"],
                           ["Town council", "£41,200", "£2,400", "£43,600"],
                           ["Church", "£800", "£200", "£1,000"]]
    lost = text + "Parish fund £1,100 £1,100\n"
    assert [t for t in parse_tables(lost, "doc") if t.kind == "data"] == []


def test_a_damaged_first_row_keeps_its_place_and_its_readable_values() -> None:
    """"£O" (a 0 read as a letter) cannot be a grid rule: it holds its column, so the
    row's other values are read, the damaged one is left out with a reason, and the rows
    beneath still find their header."""
    text = ("Costs by funder\nFunder Salaries Grants Total\n"
            "Town council £41,200 £O £41,200\nParish fund £1,100 £300 £1,400\n"
            "Church £800 £200 £1,000\n")
    [table] = [t for t in parse_tables(text, "doc") if t.kind == "data"]
    grid = [[c.text if c else "" for c in row] for row in table.grid()]
    assert grid[1] == ["Town council", "£41,200", "£O", "£41,200"]
    assert read_cell("£O").value is None
    assert table.left_out == [(3, "value '£O' damaged by the scan: not read")]


def test_a_row_a_scan_cut_short_is_reported_as_left_out() -> None:
    text = ("Costs by funder\nFunder Salaries Grants Total\n"
            "Town council £41,200 £2,400 £43,600\nParish fund £1,100 £1,100\n"
            "Church £800 £200 £1,000\n")
    [table] = [t for t in parse_tables(text, "doc") if t.kind == "data"]
    assert [line for line, _ in table.left_out] == [4]
    assert [row[0].text for row in table.grid()[1:]] == ["Town council", "Church"]


def test_units_wrapped_under_the_headings_finish_them() -> None:
    text = ("Costs by funder\n"
            "Funder Staffing costs Payments in kind Other delegated Total\n"
            "(£) (£) funds (£) (£)\n"
            "Town council £41,200 £2,400 £100 £43,700\nChurch £1,100 £300 £200 £1,600\n")
    assert _grid(text)[0] == ["Funder", "Staffing costs (£)", "Payments in kind (£)",
                              "Other delegated funds (£)", "Total (£)"]
    # a lower line of words that do not end in a unit cannot be shared out: not read
    unsure = text.replace("(£) (£) funds (£) (£)", "(£) (£) delegated funds (£) total")
    assert [t for t in parse_tables(unsure, "doc") if t.kind == "data"] == []


def test_a_title_running_over_capitals_is_not_a_header() -> None:
    """"Number of staff in the YOT by contract type" is one title, not two headings."""
    assert worded_headings("Number of staff in the YOT by contract type") is None
    text = ("Number of staff in the YOT by contract type\n"
            "Strategic Manager 1 1\nOperational Manager 2 2\nPractitioners 12 12\n")
    assert [t for t in parse_tables(text, "doc") if t.kind == "data"
            and t.n_columns == 3 and "Number" in t.grid()[0][1].text] == []


def test_rows_labelled_by_their_period_under_a_header_of_words() -> None:
    text = ("Visits per 1,000 people\nYear Town County Country\n"
            "2016/17 0.45 0.33 0.38\n2017/18 0.30 0.29 0.34\nApr 18 - Mar 19 0.21 0.25 0.31\n")
    assert _grid(text) == [["Year", "Town", "County", "Country"],
                           ["2016/17", "0.45", "0.33", "0.38"],
                           ["2017/18", "0.30", "0.29", "0.34"],
                           ["Apr 18 - Mar 19", "0.21", "0.25", "0.31"]]


def test_a_line_of_years_is_not_a_row_labelled_by_a_period() -> None:
    text = "Visits\nTown Hall Library Museum\n2016 2017 2018\n2019 2020 2021\n"
    assert [t for t in parse_tables(text, "doc") if t.kind == "data"] == []


def test_a_list_of_sums_under_a_title_is_a_table_captioned_by_it() -> None:
    text = ("Parish spending 2019-20\nRoof repairs £12,300\nOrgan fund £2,000\n"
            "Flowers £450\nTotal £14,750\n\nMore prose.\n")
    [table] = [t for t in parse_tables(text, "doc") if t.kind == "data"]
    assert table.caption == "Parish spending 2019-20" and table.header_rows == 0
    assert [[c.text for c in row] for row in table.grid()] == [
        ["Roof repairs", "£12,300"], ["Organ fund", "£2,000"], ["Flowers", "£450"],
        ["Total", "£14,750"]]


def test_a_list_of_other_figures_or_of_two_sums_is_not_a_table() -> None:
    figures = ("Our year\nFewer late trains by 20%\nMore buses by 15%\n"
               "Happier riders up to 75%\n")
    two = "We saved\nStaff savings £20,000\nFewer hired rooms £15,000\n"
    assert [t for t in parse_tables(figures + "\n" + two, "doc") if t.kind == "data"] == []


def test_short_rows_are_placed_where_the_tables_sums_leave_one_way() -> None:
    """A scan drops empty cells: "Chapel 8 8" under Breakfasts Lunches Total. The
    total row's sums and each row's own total leave one column for each value."""
    text = ("Meals by kind of hall\nKind of hall Breakfasts Lunches Total\n"
            "Town hall 17 6 23\nChapel 8 8\nChurch hall 4 4\nVillage hall 5 5\n"
            "Total 17 23 40\n")
    assert _grid(text)[1:] == [["Town hall", "17", "6", "23"], ["Chapel", "", "8", "8"],
                               ["Church hall", "", "4", "4"], ["Village hall", "", "5", "5"],
                               ["Total", "17", "23", "40"]]


def test_short_rows_the_sums_do_not_place_stay_out() -> None:
    """Two ways make every sum hold ("Chapel 3 3" and "Church 3 3" may each be a
    breakfast or a lunch): neither is placed. Without a total row nothing is placed."""
    two_ways = ("Meals by kind of hall\nKind of hall Breakfasts Lunches Total\n"
                "Town hall 1 2 3\nChapel 3 3\nChurch 3 3\nTotal 4 5 9\n")
    assert [row[0] for row in _grid(two_ways)[1:]] == ["Town hall", "Total"]
    no_total = ("Meals by kind of hall\nKind of hall Breakfasts Lunches Total\n"
                "Town hall 1 2 3\nChapel 3 3\nChurch 3 4 7\n")
    assert [row[0] for row in _grid(no_total)[1:]] == ["Town hall", "Church"]
    # a line of the run that is no row (its values lost): the sums cannot be trusted
    lost = ("Meals by kind of hall\nKind of hall Breakfasts Lunches Total\n"
            "Town hall 17 6 23\nChapel 8 8\nChurch hall\nTotal 17 14 31\n")
    assert [row[0] for row in _grid(lost)[1:]] == ["Town hall", "Total"]
