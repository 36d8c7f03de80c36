"""Rows the pipe and tab renderings of a table print whole, that the row rules must not
fold into their neighbours or drop (issue 15). Invented tables only."""

from __future__ import annotations

from pipeline.parse import parse_tables


def _grid(table) -> list[list[str]]:
    return [[c.text if c else "" for c in row] for row in table.grid()]


def test_loose_pipe_rows_of_paragraphs_under_short_headings_are_a_table():
    """A plan's table of work and what it costs: every cell of a row may be a paragraph
    when a line of short headings of three or more columns heads them."""
    long = ("Deliver group work and one to one sessions for children at risk of exclusion, "
            "with the school and the family, reviewed every six weeks by the panel")
    text = "\n".join([
        "The grant is spent as follows.", "",
        "Activity | Outcome sought | What is delivered | Cost",
        f"Mentoring | Fewer first time entrants through {long} | {long} | £32,000",
        f"Restorative work | Fewer victims harmed again and {long} | {long} | £18,500",
        "", "The board reviews the spend."])
    [table] = parse_tables(text, "doc")
    assert table.n_columns == 4 and table.header_rows == 1
    assert [row[3].text for row in table.body()] == ["£32,000", "£18,500"]


def test_lowercase_row_under_a_label_ending_on_a_period_is_a_row_of_its_own():
    """"change from baseline" under "Apr 18 - Mar 19" (a label that has finished) with
    every value cell empty is its own row, not the rest of the period's label."""
    text = "\n".join([
        "\tOur area\tRegion\tEngland",
        "Custody rate per 1,000\t\t\t",
        "Apr 18 - Mar 19\t0.52\t0.41\t0.33",
        "Apr 17 - Mar 18\t0.61\t0.47\t0.36",
        "change from baseline\t\t\t",
        "Reoffences per reoffender Jan 17 - Mar 17 cohort\t3.10\t3.52\t3.71",
        "Reoffences per reoffender Jan 16 - Mar 16 cohort\t2.80\t3.22\t3.61",
        "change from baseline\t\t\t",
    ])
    [table] = parse_tables(text, "doc")
    labels = [row[0].text for row in table.body() if row[0]]
    assert "Apr 17 - Mar 18" in labels
    assert "Reoffences per reoffender Jan 16 - Mar 16 cohort" in labels
    assert labels.count("change from baseline") == 2


def test_a_label_broken_after_a_connector_still_takes_its_rest():
    """A period then "and the": the label stops mid-phrase, so the lowercase line under
    it is its rest, whatever it ends on."""
    text = "\n".join([
        "Question\tCases\tYes",
        "Was contact kept in Apr 18 - Mar 19 and the\t4\t3",
        "following year?\t\t",
        "Is the plan reviewed?\t5\t5",
    ])
    [table] = parse_tables(text, "doc")
    assert [row[0].text for row in table.body()] == [
        "Was contact kept in Apr 18 - Mar 19 and the following year?",
        "Is the plan reviewed?"]


def test_loose_pipe_rows_all_starting_with_a_pipe_start_with_an_empty_stub():
    """No separator and no pipe at the ends: the leading pipe is no border but an empty
    first cell, so the values stay under their periods."""
    text = "\n".join(["Custody", "", "| 2016/17 | 2017/18 | 2018/19", "| 7 | 5 | 3", "",
                      "The figures are low."])
    [table] = parse_tables(text, "doc")
    assert _grid(table) == [["", "2016/17", "2017/18", "2018/19"], ["", "7", "5", "3"]]


def test_word_cells_of_one_unlabelled_row_under_a_title_are_a_table():
    """A Word export of a one-row table with empty stubs: the title, an empty paragraph
    and the empty first cell read as one cell; the title stays above the table and the
    values sit under their periods."""
    from pipeline.ingest.sources import cell_break_lines, normalise_text

    cells = ["", "2016/17", "2017/18", "2018/19", "", "7", "5", "3"]
    raw = ("The service had few children in custody over the three years.\r\n\r\n"
           "Custody\r\n\r\n" + "".join(f"{c}\r" for c in cells) + "\r\n\r\n"
           "The figures are low compared with earlier years in the area.\r\n")
    text, _ = normalise_text(raw)
    [table] = parse_tables(text, "doc", cell_break_lines(raw))
    assert _grid(table) == [["", "2016/17", "2017/18", "2018/19"], ["", "7", "5", "3"]]
    assert table.caption == "Custody"


def test_a_row_of_units_under_the_markdown_line_is_a_second_header_row():
    """markitdown prints a table's first row above the ``|---|`` line; the second header
    row (a stub saying what is counted, then a unit per column) comes under it."""
    text = "\n".join([
        "| Ethnicity | Court orders | Total caseload |  |",
        "|---|---|---|---|",
        "| Children worked with in the year, once per order | Number | Number | Percentage |",
        "| White | 40 | 120 | 70% |",
        "| Asian | 10 | 50 | 30% |",
    ])
    [table] = parse_tables(text, "doc")
    assert table.header_rows == 2
    assert table.column_headers()[3][-1] == "Percentage"
    assert [c.text for c in table.body()[0] if c] == ["White", "40", "120", "70%"]


def test_a_title_and_empty_lines_above_two_header_rows_are_no_header_row():
    """One cell a line, no cell ends: a title, an empty line and the empty stub above the
    areas (each over two columns) is a heading above the table, not a header row."""
    lines = [
        "Some prose about the figures in the area which goes on for a while here.", "", "",
        "First time entrants: change over the year", "", "",
        "Our area", "Family", "Region", "England", "",
        "Rate", "Children", "Rate", "Children", "Rate", "Children", "Rate", "Children",
        "January - December 2018", "210", "39", "169", "1700", "246", "354", "238", "11,880",
        "% change on 2017", "-11.2%", "-5", "-26.1%", "-428", "-17.6%", "-72", "-19.6%",
        "-2,727", "", "More prose follows here about the reoffending figures for the year."]
    text = "Table 1\r\nAgency\rCost\rPolice\r5\r\r\n" + "\r\n".join(lines)  # a Word table
    from pipeline.ingest.sources import cell_break_lines, normalise_text

    normal, _ = normalise_text(text)
    tables = parse_tables(normal, "doc", cell_break_lines(text))
    table = next(t for t in tables if t.n_columns == 9)
    assert [c.text for c in table.grid()[0] if c] == ["", "Our area", "Family", "Region",
                                                     "England"]
    assert table.column_headers()[2] == ["Our area", "Children"]


def test_a_long_label_after_a_row_of_empty_cells_stays_in_the_grid():
    """One cell a line: a row ending in empty cells, then a label of many words, empty
    cells and a figure: the label opens the next row of the same table."""
    text = "\n".join([
        "Budget 2019/20", "",
        "Agency", "Staffing costs", "Other funds", "Total",
        "Local authority", "", "600,000", "600,000",
        "Police", "", "", "",
        "Youth Justice Board grant (the unpaid work order is included in this grant)",
        "", "400,000", "400,000",
        "Total", "", "1,000,000", "1,000,000",
        "", "The budget was agreed by the board in the spring of the year."])
    [table] = parse_tables(text, "doc")
    assert [row[0].text for row in table.body()] == [
        "Local authority", "Police",
        "Youth Justice Board grant (the unpaid work order is included in this grant)", "Total"]


def test_a_row_of_short_texts_under_a_full_markdown_header_stays_in_the_body():
    text = "\n".join([
        "| Action | Owner | Cost |", "|---|---|---|",
        "| Review the quality assurance of plans | Head of service | Staff time |",
        "| Audit the case files | Manager | £5,000 |",
    ])
    [table] = parse_tables(text, "doc")
    assert table.header_rows == 1
