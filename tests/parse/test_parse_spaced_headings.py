"""Space-aligned tables as a scan's text layer prints them (`pdftotext -layout` of an OCR
page, issue 15), each rule on a small invented table: values placed under the heading
they are printed beneath, a two-level header whose lower headings repeat, a heading the
scan split in two, "|" rules among the words, a header printed at another scale than
its values, and values printed on a line of their own, under or over their label. What
cannot be placed is left out, never guessed."""

from __future__ import annotations

from pipeline.parse import parse_tables


def _line(cells: list[tuple[str, int]]) -> str:
    """A line printing each text from its start column."""
    line = ""
    for text, start in cells:
        line = line.ljust(start) + text
    return line


def _table(lines: list[str]):
    text = "Visits by kind\n\n" + "\n".join(lines) + "\n\nProse after the table.\n"
    [table] = [t for t in parse_tables(text, "doc") if t.kind == "data"]
    return table


def _rows(table) -> list[list[str]]:
    return [[c.text if c else "" for c in row] for row in table.grid()[table.header_rows:]]


def test_sparse_values_aligned_right_go_under_the_heading_on_their_left() -> None:
    # the cells are wide: each number is printed right of its centred heading, and the
    # numbers of one column drift ("9" and "12" do not overlap: their own columns would be
    # seven, under four headings); blank cells print nothing
    table = _table([
        _line([("Kind", 1), ("Walks", 20), ("Rides", 40), ("Total", 60)]),
        _line([("Short", 1), ("12", 30), ("4", 52), ("16", 68)]),
        _line([("Long", 1), ("3", 50), ("3", 70)]),
        _line([("Night", 1), ("9", 33), ("9", 70)]),
        _line([("All", 1), ("21", 30), ("7", 51), ("28", 68)])])
    assert [h[-1] for h in table.column_headers()] == ["Kind", "Walks", "Rides", "Total"]
    assert _rows(table) == [["Short", "12", "4", "16"], ["Long", "", "3", "3"],
                            ["Night", "9", "", "9"], ["All", "21", "7", "28"]]


def test_an_upper_heading_split_by_the_scan_heads_one_repetition_of_the_lower() -> None:
    # "Walkers     Adult" is one heading over "M  F"; "|" rules read among the words
    table = _table([
        _line([("Group", 1), ("Walkers", 20), ("Adult", 31), ("| Riders Young |", 44),
               ("Swimmers", 62)]),
        _line([("M", 22), ("F", 33), ("M", 47), ("F", 56), ("M", 64), ("F", 71)]),
        _line([("Town", 1), ("5", 25), ("7", 37), ("2", 59), ("| 4", 72)]),
        _line([("Village", 1), ("11", 35), ("6", 50), ("8", 66)]),
        _line([("Farm", 1), ("1", 24), ("3", 50), ("9", 60), ("2", 74)])])
    assert table.column_headers()[1:] == [
        ["Walkers Adult", "M"], ["Walkers Adult", "F"], ["Riders Young", "M"],
        ["Riders Young", "F"], ["Swimmers", "M"], ["Swimmers", "F"]]
    assert _rows(table) == [["Town", "5", "7", "", "2", "", "4"],
                            ["Village", "", "11", "6", "", "8", ""],
                            ["Farm", "1", "", "3", "9", "", "2"]]


def test_a_heading_split_by_the_scan_is_joined_and_a_drifted_dash_left_out() -> None:
    # "Paid    in kind" is one heading: "£12,250" overlaps both words, and no row prints a
    # value under each; the dash drifted onto the number of the next column
    table = _table([
        _line([("Funder", 1), ("Salaries", 20), ("Paid", 34), ("in kind", 42),
               ("Grants", 54), ("Total", 66)]),
        _line([("Council", 1), ("41,200", 22), ("£2,400", 43), ("86,400", 54),
               ("£130,000", 64)]),
        _line([("Police", 1), ("-", 30), ("£34,300", 42), ("£6,486", 55), ("40,786", 66)]),
        _line([("Church", 1), ("1,100", 23), ("£12,250", 36), ("-", 52), ("£2,000", 56),
               ("4,350", 67)])])
    assert [h[-1] for h in table.column_headers()] == [
        "Funder", "Salaries", "Paid in kind", "Grants", "Total"]
    assert _rows(table) == [["Council", "41,200", "£2,400", "86,400", "£130,000"],
                            ["Police", "-", "£34,300", "£6,486", "40,786"],
                            ["Church", "1,100", "£12,250", "£2,000", "4,350"]]


def test_a_value_at_the_left_of_a_heading_among_values_right_of_theirs_is_not_its() -> None:
    # values right of their headings ("6" after "M") and one at the left of the next
    # heading ("11" under the second "F"'s start): the header line was printed at another
    # scale than the values; the "11" is never read as the "F"'s
    text = "Visits by kind\n\n" + "\n".join([
        _line([("Group", 1), ("Walkers", 20), ("Riders", 40)]),
        _line([("M", 20), ("F", 30), ("M", 40), ("F", 50)]),
        _line([("Town", 1), ("6", 24), ("3", 34), ("11", 48), ("12", 56)]),
        _line([("Farm", 1), ("8", 24), ("5", 44), ("2", 57)])]) + "\n\nProse after.\n"
    for table in parse_tables(text, "doc"):
        headers = table.column_headers()
        for row in table.grid()[table.header_rows:]:
            for cell in row:
                if cell and cell.text == "11":  # an "M"'s value, never read as an "F"'s
                    assert headers[cell.column][-1:] != ["F"], table.to_markdown()


def test_values_printed_on_the_line_under_their_label_are_its_row() -> None:
    table = _table([
        _line([("Kind of visit", 1), ("Number", 50)]),
        _line([("Home visit", 1)]),
        _line([("12", 58)]),
        _line([("Office visit", 1)]),
        _line([("30", 58)]),
        _line([("Phone call", 1), ("7", 59)]),
        _line([("Total", 1), ("49", 57)])])
    assert _rows(table) == [["Home visit", "12"], ["Office visit", "30"], ["Phone call", "7"],
                            ["Total", "49"]]
    assert [cell.source_line for cell in table.grid()[1]] == [4, 5]  # the value's own line


def test_values_printed_over_their_period_under_a_wrapped_heading_are_its_row() -> None:
    # over each period, its values; over the first, a heading wrapped over two lines
    table = _table([
        _line([("Period", 1), ("Town", 30), ("County", 45)]),
        "",
        _line([("Visits per 1,000 people", 1)]),
        _line([("in the year", 1)]),
        _line([("0.48", 36), ("1.31", 52)]),
        _line([("Jan 18 - Dec 18", 1)]),
        _line([("0.76", 36), ("0.90", 52)]),
        _line([("Jan 17 - Dec 17", 1)])])
    assert _rows(table) == [["Visits per 1,000 people in the year", "", ""],
                            ["Jan 18 - Dec 18", "0.48", "1.31"],
                            ["Jan 17 - Dec 17", "0.76", "0.90"]]


def test_values_between_two_labels_of_one_kind_are_no_ones() -> None:
    # "12" may be the home visits' or the office visits': no row of them is read here
    text = "Visits by kind\n\n" + "\n".join([
        _line([("Kind of visit", 1), ("Number", 50)]),
        _line([("Home visit", 1)]),
        _line([("12", 58)]),
        _line([("Office visit", 1)]),
        _line([("30", 58)]),
        _line([("Phone call", 1)])]) + "\n\nProse after.\n"
    assert [t for t in parse_tables(text, "doc") if t.format == "spaced"] == []
