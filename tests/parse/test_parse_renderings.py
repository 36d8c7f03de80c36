"""Table renderings that published text comes in, beyond tab-separated lines.

Each document here is written for the test (never copied from a real plan): a Word
text export (cells separated by a lone CR), columns aligned by spaces, loose pipe
rows, one cell per line, and a small table flattened onto one line.
"""

from __future__ import annotations

from word_export import word_export as _word_export

from pipeline.extract.base import context_from_text, number_on_line
from pipeline.extract.budgets import extract_budgets
from pipeline.extract.coverage import left_out_issues
from pipeline.extract.people import extract_people
from pipeline.ingest.sources import cell_break_lines, normalise_text
from pipeline.parse import parse_tables


def _grid(table) -> list[list[str]]:
    return [[c.text if c else "" for c in row] for row in table.grid()]


def _parse(raw: str):
    breaks = cell_break_lines(raw)
    text, _ = normalise_text(raw)
    return text, parse_tables(text, "doc", breaks)


BUDGET_CELLS = [
    "Agency", "Staffing costs", "Payments in kind", "Other delegated funds", "Total",
    "Police", "52,000", "", " ", "52,000",
    "Probation", "30,500", "4,000", "", "34,500",
    "Local Authority", "410,250", " ", "88,000", "498,250",
    "YJB", "301,000", "", "", "301,000",
    "Total", "793,750", "4,000", "88,000", "885,750",
]


def test_word_export_cells_become_rows_of_the_header_width():
    raw = _word_export(["Partner contributions 2019/20", BUDGET_CELLS, "Text after."])
    text, tables = _parse(raw)
    [table] = tables
    assert table.format == "cells"
    assert table.header_rows == 1
    grid = _grid(table)
    assert grid[0] == ["Agency", "Staffing costs", "Payments in kind",
                       "Other delegated funds", "Total"]
    assert grid[3] == ["Local Authority", "410,250", "", "88,000", "498,250"]
    assert len(grid) == 6
    lines = text.split("\n")
    for cell in table.cells:  # every cell keeps the line it is printed on
        assert cell.text in lines[cell.source_line - 1]


def test_word_export_budget_is_extracted_with_its_lines():
    raw = _word_export(["Partner contributions to the pooled budget 2019/20", BUDGET_CELLS])
    ctx = context_from_text(raw)
    rows = extract_budgets(ctx)["budget_contributions"]
    assert rows.length == 14
    records = list(zip(rows.columns["agency"], rows.columns["contribution_type"],
                       rows.columns["amount_gbp"], rows.columns["source_line"], strict=True))
    assert ("local_authority", "other_delegated_funds", 88000.0) in {r[:3] for r in records}
    assert ("total", "total", 885750.0) in {r[:3] for r in records}
    for *_, amount, line in records:
        assert number_on_line(amount, ctx.line(line))


def test_a_cell_holding_two_paragraphs_stays_one_cell():
    cells = ["Agency", "Staffing costs", "Total",
             "Public Health\r\n(substance misuse)", "48,000", "48,000",
             "Police", "\r\n12,000\r\n ", "12,000"]
    _, [table] = _parse(_word_export(["Contributions 2019/20", cells]))
    grid = _grid(table)
    assert grid[1] == ["Public Health (substance misuse)", "48,000", "48,000"]
    assert grid[2] == ["Police", "12,000", "12,000"]


def test_a_pound_sign_printed_as_its_own_cell_joins_its_amount():
    cells = ["Agency", "Total", "Police", "£", "1,000", "Health", "£", "2,500",
             "Total", "£", "3,500"]
    _, [table] = _parse(_word_export(["Budget 2019/20", cells]))
    assert [[c.text for c in row if c] for row in table.body()] == [
        ["Police", "£1,000"], ["Health", "£2,500"], ["Total", "£3,500"]]


def test_staffing_by_contract_type_with_pt_ft_roles():
    header = ["Type of contract", "Strategic Manager (PT)", "Strategic Manager (FT)",
              "Practitioners (PT)", "Practitioners (FT)", "Total"]
    body = ["Permanent", "", "1", "2", "14", "17",
            "Secondee Police", "", "", "", "1", "1",
            "Vacant", "", "", "", "", "0",
            "Total", "0", "1", "2", "15", "18"]
    raw = _word_export(["Staffing of the YOT by contract type", header + body,
                        "Table 4: staff by contract type (June 2019)"])
    rows = extract_people(context_from_text(raw))["workforce"]
    found = set(zip(rows.columns["role"], rows.columns["contract_type"],
                    rows.columns["working_pattern"], rows.columns["value"], strict=True))
    assert ("practitioner", "permanent", "part_time", 2.0) in found
    assert ("practitioner", "seconded_police", "full_time", 1.0) in found
    assert ("strategic_manager", "total", "full_time", 1.0) in found


def test_two_tables_back_to_back_in_one_cell_run_are_two_tables():
    first = ["Agency", "Total", "Police", "10", "Health", "20", "Council", "30"]
    second = ["Quarter", "Q1", "Q2", "Q3", "Custody", "1", "0", "2", "Remands", "3", "1", "0",
              "Bed nights", "40", "12", "0"]
    _, tables = _parse(_word_export(["Tables", first + second]))
    assert [t.n_columns for t in tables] == [2, 4]
    assert [next(c.text for c in row if c) for row in tables[1].body()] == [
        "Custody", "Remands", "Bed nights"]


def test_text_without_cell_breaks_is_not_cut_into_tables():
    prose = "\n".join([
        "Our priorities for 2019/20",
        "Reduce first time entrants",
        "3",
        "Reduce reoffending",
        "5",
        "Reduce the use of custody",
        "7",
    ])
    assert parse_tables(prose, "doc") == []


def test_columns_aligned_by_spaces():
    text = "\n".join([
        "First time entrants, rate per 100,000 of the 10-17 population",
        "",
        "Year   Gateshead   North East   England",
        "2016   445.1343   872.6641   902.8066",
        "2017   401.2000   790.1000   845.0000",
        "2018   380.5      700.2      760.9",
    ])
    [table] = parse_tables(text, "doc")
    assert table.format == "spaced"
    assert table.column_headers()[2] == ["North East"]
    assert [c.text for c in table.body()[2] if c] == ["2018", "380.5", "700.2", "760.9"]
    assert table.caption.startswith("First time entrants")


def test_prose_with_double_spaces_is_not_a_spaced_table():
    text = "\n".join([
        "The rate fell to 213.  That is below the regional figure of 240.",
        "In 2018 it was 220.  In 2017 it was 257.",
    ])
    assert parse_tables(text, "doc") == []


def test_space_aligned_sub_headings_wider_than_the_labels_are_rows_of_their_own():
    """A measure's name over its period rows, wider than every row label, is neither the
    header nor the rest of the label above it."""
    text = "\n".join([
        "                                               Wigan   North West   England",
        "Custody rate per 1,000 of 10-17 population",
        "2017/18                                         0.41         0.39      0.37",
        "2018/19                                         0.35         0.30      0.33",
        "Reoffending rate after 12 months (%)",
        "2016/17                                         38.2         40.1      39.0",
        "Youth",  # a label wrapped in its cell stays the rest of the label above
        "",
    ])
    [table] = parse_tables(text, "doc")
    assert _grid(table) == [
        ["", "Wigan", "North West", "England"],
        ["Custody rate per 1,000 of 10-17 population", "", "", ""],
        ["2017/18", "0.41", "0.39", "0.37"], ["2018/19", "0.35", "0.30", "0.33"],
        ["Reoffending rate after 12 months (%)", "", "", ""],
        ["2016/17 Youth", "38.2", "40.1", "39.0"]]


def test_space_aligned_upper_headings_span_the_columns_under_them():
    """Merged role headings over "PT | FT" span the columns whose values or headings they
    overlap, so each number keeps its role."""
    text = "\n".join([
        "Contract        Strategic Mgrs    Practitioners        Total",
        "                PT       FT       PT       FT",
        "Permanent        1        2        3       14          20",
        "Vacant                    1                 2           3",
        "",
    ])
    [table] = parse_tables(text, "doc")
    assert [(c.text, c.column, c.colspan) for c in table.cells if c.row == 0] == [
        ("Contract", 0, 1), ("Strategic Mgrs", 1, 2), ("Practitioners", 3, 2),
        ("Total", 5, 1)]
    assert _grid(table)[2] == ["Permanent", "1", "2", "3", "14", "20"]
    assert _grid(table)[3] == ["Vacant", "", "1", "", "2", "3"]


def test_a_pandoc_grid_table_gives_a_row_per_band():
    """Borders between rows, "=" under the header; a label wrapped over two lines of its
    band is one cell, cited on its first line."""
    text = "\n".join([
        "+-----------------+---------+",
        "| Agency          | Total   |",
        "+=================+=========+",
        "| Police          | 1,000   |",
        "+-----------------+---------+",
        "| Police and      | 2,500   |",
        "| Crime Commissioner |      |",
        "+-----------------+---------+",
        "",
        "Table 3: Partner contributions 2019/20",
    ])
    [table] = parse_tables(text, "doc")
    assert table.header_rows == 1
    assert _grid(table) == [["Agency", "Total"], ["Police", "1,000"],
                            ["Police and Crime Commissioner", "2,500"]]
    assert [c.source_line for c in table.cells if c.text == "2,500"] == [6]
    assert table.caption == "Table 3: Partner contributions 2019/20"


def test_loose_pipe_rows_without_leading_pipe_or_separator():
    text = "\n".join([
        "Gateshead FTEs | 2015/16 | 2016/17 | 2017/18",
        "First time entrants | 112 | 98 | 87",
        "Rate per 100,000 | 560.2 | 490.1 | 431.7",
    ])
    [table] = parse_tables(text, "doc")
    assert table.header_rows == 1
    assert [c.text for c in table.body()[1] if c] == ["Rate per 100,000", "560.2", "490.1",
                                                      "431.7"]


def test_loose_pipe_rows_starting_or_ending_with_a_pipe_have_an_empty_cell_there():
    """Loose rows print no border: " | Wigan" is an empty stub, "Custody |  | " a
    sub-heading over two empty cells."""
    text = "\n".join([
        " | Wigan | England",
        "Custody rate per 1,000 |  | ",
        "2017/18 | 0.41 | 0.37",
        "2018/19 | 0.35 | 0.33",
    ])
    [table] = parse_tables(text, "doc")
    assert _grid(table) == [["", "Wigan", "England"], ["Custody rate per 1,000", "", ""],
                            ["2017/18", "0.41", "0.37"], ["2018/19", "0.35", "0.33"]]


def test_one_cell_per_line_as_web_pages_and_written_answers_print_it():
    text = "\n".join([
        "Custody rate per 1,000",
        "2016/17", "2017/18", "2018/19",
        "Gateshead", "0.45", "0.41", "0.31",
        "North East", "0.52", "0.35", "0.28",
        "England", "0.44", "0.41", "0.38",
        "",
        "The figures come from the YJB.",
    ])
    [table] = parse_tables(text, "doc")
    assert table.format == "cells"
    assert table.column_headers()[1] == ["2016/17"]
    assert [c.text for c in table.body()[2] if c] == ["England", "0.44", "0.41", "0.38"]
    lines = text.split("\n")
    assert all(cell.text == lines[cell.source_line - 1] for cell in table.cells if cell.text)


def test_two_rows_one_cell_per_line_under_a_wide_header_are_a_table():
    """Without cell ends two rows suffice when each is a label and two or more values
    under a header of as many labels; two label-value pairs still are not a table."""
    text = "\n".join(["Rate per 100,000", "", "Period", "Wigan", "North West", "England",
                      "2017/18", "310", "402", "280", "2018/19", "298", "377", "262", "",
                      "Our priorities", "Custody", "3", "Remands", "5", "", "Text."])
    [table] = parse_tables(text, "doc")
    assert _grid(table) == [["Period", "Wigan", "North West", "England"],
                            ["2017/18", "310", "402", "280"], ["2018/19", "298", "377", "262"]]
    text = "\n".join(["Gender of children", "", "Gender", "Number", "%", "Male", "88", "81%",
                      "Female", "21", "19%", "", "Text."])
    [table] = parse_tables(text, "doc")
    assert _grid(table) == [["Gender", "Number", "%"], ["Male", "88", "81%"],
                            ["Female", "21", "19%"]]


def test_a_small_table_flattened_onto_one_line():
    text = "Year 2016/17 2017/18 2018/19 Gateshead 12 15 17 North East 20 18 16 England 30 28 27"
    [table] = parse_tables(text, "doc")
    assert [c.text for c in table.body()[1] if c] == ["North East", "20", "18", "16"]
    assert {c.source_line for c in table.cells} == {1}


def test_a_sentence_with_numbers_is_not_a_flattened_table():
    text = ("Performance from 2016 to 2018 shows first time entrants falling with rates of "
            "257, 220 and 213 per 100,000 and custody at 15, 9 and 7 children.")
    assert parse_tables(text, "doc") == []


def test_numbered_section_headings_printed_with_tabs_are_a_list_not_data():
    text = "\n".join(["Governance", "\t2\tSTRUCTURE AND GOVERNANCE", "\t2.1\tHEAD OF SERVICE",
                      "", "The head of service reports to the board."])
    [table] = parse_tables(text, "doc")
    assert table.kind == "list"


def test_a_label_wrapped_before_its_cells_keeps_its_first_half():
    text = "\n".join([
        "Reviewing\tRelevant\tYes",
        "Does reviewing focus on keeping the child safe?\t8\t5",
        "Is the child and their parents/carers meaningfully involved in reviewing their "
        "risk of harm, and are",
        "their views taken into account?\t8\t4",
        "Are necessary adjustments made to the plan?\t7\t3",
    ])
    [table] = parse_tables(text, "doc")
    labels = [row[0].text for row in table.body()]
    assert labels[1] == ("Is the child and their parents/carers meaningfully involved in "
                         "reviewing their risk of harm, and are their views taken into account?")
    assert table.body()[1][0].source_line == 3
    assert table.body()[1][1].source_line == 4
    assert len(labels) == 3


def test_word_export_with_a_merged_upper_header_ranks_and_month_ranges():
    cells = ["First Time Entrant Rate", "", "", "Ranking", "",
             "Surrey", "South East", "England", "Against SE", "Against England",
             "Jan 18- Dec 18", "91", "168", "238", "1 of 29", "1 of 140",
             "Jan 17- Dec 17", "105", "214", "296", "1 of 29", "1 of 140"]
    _, [table] = _parse(_word_export(["First time entrants per 100,000", cells]))
    assert table.n_columns == 6
    assert [c.text for c in table.body()[1] if c] == [
        "Jan 17- Dec 17", "105", "214", "296", "1 of 29", "1 of 140"]
    assert table.column_headers()[2][-1] == "South East"


def test_an_upper_header_that_cannot_be_spread_titles_the_table_and_blank_cells_end_it():
    cells = ["", "Reoffending rate", "", "Ranking",  # four merged cells over six columns
             " ", "Harbourside", "South West", "England", "Against SW", "Against England",
             "Jul 16 - Jun 17", "40.5%", "38.8%", "40.1%", "", "",
             "Jul 15 - Jun 16", "36.3%", "39.0%", "41.2%", " ", ""]
    _, [table] = _parse(_word_export(["Reoffending in the county", cells, "Text after."]))
    assert table.title == "Reoffending rate"
    grid = _grid(table)
    assert grid[0][1:4] == ["Harbourside", "South West", "England"]
    assert grid[-1][:4] == ["Jul 15 - Jun 16", "36.3%", "39.0%", "41.2%"]  # blanks end the table


def test_a_row_named_by_a_marker_in_words_stays_in_the_table():
    cells = ["Ethnicity", "Managers", "Practitioners", "Total",
             "White British", "2", "18", "20",
             "Any other ethnic group", "", "1", "1",
             "Not known", "", "", "",
             "Total", "2", "19", "21"]
    _, [table] = _parse(_word_export(["Staff by ethnicity", cells]))
    labels = [row[0].text for row in table.body() if row[0]]
    assert labels == ["White British", "Any other ethnic group", "Not known", "Total"]
    assert [c.text for c in table.body()[-1] if c] == ["Total", "2", "19", "21"]


def test_a_row_of_labels_over_as_many_values_is_a_table_without_row_labels():
    raw = _word_export([
        "Custody", ["2015/16", "2016/17", "2017/18", "2018/19", "4", "2", "4", "2"],
        "", "The figures are low compared with the past, as the table below shows for the area.",
        ["Harbourside", "South Wales", "Wales", "0.16", "0.19", "0.30"]])
    text, tables = _parse(raw)
    assert len(tables) == 2
    grids = [[[c.text if c else "" for c in row] for row in t.grid()] for t in tables]
    assert grids[0] == [["", "2015/16", "2016/17", "2017/18", "2018/19"], ["", "4", "2", "4", "2"]]
    assert grids[1][0] == ["", "Harbourside", "South Wales", "Wales"]  # the prose stays out
    lines = text.split("\n")
    for table in tables:
        for cell in table.cells:
            assert cell.text in lines[cell.source_line - 1]


def test_three_labels_and_three_values_inside_a_longer_run_are_not_cut_out():
    cells = ["Agency", "Staff", "Cost", "Police", "2", "52,000", "Probation", "1", "30,500",
             "Health", "1", "48,000"]
    _, [table] = _parse(_word_export(["Contributions 2019/20", cells]))
    assert table.n_rows == 4 and table.n_columns == 3


GRANT_HEADER = ["Activity", "Measured by", "Outcome supported", "Cost"]


def test_a_text_grid_beside_a_cost_column_repeats_its_header_after_a_page_break():
    rows = [
        ["Quality assurance", "Audits of assessments and plans every quarter, reported to "
         "the board with actions agreed.", "Reduce reoffending", "£20,000"],
        ["Restorative practice", "Victim contact within ten days", "Public protection",
         "£17,000"],
        ["Service user voice", "Feedback from children and parents", "Safeguarding", "£13k"],
    ]
    raw = _word_export([
        "Costed plan for the grant 2019/20", "",
        [*GRANT_HEADER, *rows[0], *rows[1]], "12", "\tYouth Justice Plan\t",
        [*GRANT_HEADER, *rows[2]], "", "Text after the table, in a sentence of its own."])
    text, [table] = _parse(raw)
    grid = _grid(table)
    assert grid[0] == GRANT_HEADER
    assert [row[3] for row in grid[1:]] == ["£20,000", "£17,000", "£13k"]
    assert grid[1][1].startswith("Audits of assessments")
    lines = text.split("\n")
    for cell in table.cells:
        assert cell.text.split()[0] in lines[cell.source_line - 1]


def test_a_note_under_one_table_and_the_caption_of_the_next_stay_out_of_its_cells():
    first = ["", "2017", "2018", "Cohort", "196", "160", "Reoffenders", "71", "62"]
    second = ["Episodes starting in quarter", "Q1 2018/19", "Q2 2018/19", "Q3 2018/19",
              "Number of young people", "0", "1", "0", "Rate per 1,000", "0", "0.05", "0"]
    raw = _word_export([
        "Reoffending", first, "*pp = percentage point", "",
        "(ii) NI43: Harbourside sentenced to custody 10-17 year olds per 1,000", second])
    _, tables = _parse(raw)
    assert len(tables) == 2
    assert tables[1].caption == (
        "(ii) NI43: Harbourside sentenced to custody 10-17 year olds per 1,000")
    assert tables[1].grid()[0][0].text == "Episodes starting in quarter"


def test_rows_without_values_under_the_header_stay_in_the_table():
    cells = ["", "Staffing costs", "Payments in kind", "Total",
             "Police", "", "", "",
             "Probation", "5,000", "", "5,000",
             "Health", "44,000", "", "44,000"]
    _, [table] = _parse(_word_export(["Partner contributions 2019-20", cells]))
    grid = _grid(table)
    assert grid[0] == ["", "Staffing costs", "Payments in kind", "Total"]
    assert [row[0] for row in grid[1:]] == ["Police", "Probation", "Health"]


def test_rows_of_period_value_text_value_are_not_halved():
    cells = ["Reporting period", "First time entrants", "Reoffending", "Custodial sentences",
             "2014/15", "101", "April 14 - June 14: cohort 267, rate 35.6%", "30",
             "2015/16", "91", "April 15 - June 15: cohort 51, rate 47.1%", "22",
             "2016/17", "89", "April 16 - June 16: cohort 34, rate 50.0%", "12",
             "2017/18", "85", "Not available", "18"]
    _, [table] = _parse(_word_export(["Key performance indicators", cells]))
    grid = _grid(table)
    assert grid[0] == ["Reporting period", "First time entrants", "Reoffending",
                       "Custodial sentences"]
    assert [(row[0], row[1], row[3]) for row in grid[1:]] == [
        ("2014/15", "101", "30"), ("2015/16", "91", "22"), ("2016/17", "89", "12"),
        ("2017/18", "85", "18")]


def test_two_narrow_tables_side_by_side_in_one_word_table_are_split():
    cells = ["Income", "", "Spending", "",
             "", "£", "", "£",
             "Council", "400", "Staff", "500",
             "Police", "50", "Rent", "90",
             "Health", "20", "Travel", "30"]
    _, [left, right] = _parse(_word_export(["Money", cells]))
    assert (left.title, right.title) == ("Income", "Spending")
    assert _grid(left) == [["", "£"], ["Council", "400"], ["Police", "50"], ["Health", "20"]]
    assert _grid(right)[1:] == [["Staff", "500"], ["Rent", "90"], ["Travel", "30"]]
    assert right.grid()[1][1].source_line == left.grid()[1][1].source_line + 2


def test_a_narrow_table_with_two_header_rows_is_not_split():
    cells = ["Partner", "2019/20", "", "£",
             "Council", "400", "Police", "50", "Health", "20", "Probation", "10"]
    _, [table] = _parse(_word_export(["Contributions", cells]))
    assert [row[0] for row in _grid(table)][-4:] == ["Council", "Police", "Health", "Probation"]
    assert {len(row) for row in _grid(table)} == {2}


def test_rows_stacked_in_one_word_row_are_unstacked_each_on_its_line():
    # One Word row whose cells hold several paragraphs: a heading and two partners, with
    # their amounts one per paragraph, and a group total printed once.
    raw = ("Contributions\r\n"
           "Agency\rStaff\rOther\rTotal\r"
           "Police\r10\r5\r15\r"
           "Others\r\nFund A\r\nFund B\r"
           "1\r\n2\r"
           "3 4\r"
           "10\r"
           "Total\r13\r12\r25\r\r\n")
    text, [table] = _parse(raw)
    lines = text.split("\n")
    grid = _grid(table)
    assert grid[2:5] == [["Others", "", "", "10"], ["Fund A", "1", "3", ""],
                         ["Fund B", "2", "4", ""]]
    for row in table.grid()[2:5]:
        for cell in row:
            if cell is not None and cell.text:
                assert cell.text in lines[cell.source_line - 1]


def test_a_value_wrapped_over_two_lines_is_not_unstacked():
    raw = ("Contributions\r\n"
           "Agency\rStaff\rOther\r"
           "Police\r10\r5\r"
           "Health\r20\r6\r"
           "Youth\r\nJustice\r1\r\n5\r7\r\r\n")
    _, [table] = _parse(raw)
    assert [row[0] for row in _grid(table)][-1].startswith("Youth")


def test_a_row_label_printed_above_and_below_its_tab_row_of_values():
    # as pdftotext prints a two-line label centred on its row: half above, half below
    text = ("Partner budgets 2021/22\n"
            "\tAgency\tStaff (£)\tOther (£)\tTotal (£)\n"
            "\tCouncil\t10,000\t\t10,000\n"
            "Office of the Police and \n"
            "\t\t5,000\t5,000\n"
            "Crime Commissioner\n"
            "\tHealth\t2,000\t\t2,000\n"
            "\tTotal\t12,000\t5,000\t17,000\n")
    [table] = parse_tables(text, "doc")
    grid = _grid(table)
    assert grid[2] == ["", "Office of the Police and Crime Commissioner", "", "5,000", "5,000"]
    assert table.grid()[2][3].source_line == 5 and len(grid) == 5


def test_a_short_tab_row_between_sentences_is_not_given_a_label():
    text = ("Partner budgets 2021/22\n"
            "\tAgency\tStaff (£)\tTotal (£)\n"
            "\tCouncil\t10,000\t10,000\n"
            "\tHealth\t2,000\t2,000\n"
            "\n"
            "The figures for last year were\n"
            "\t12,000\t12,000\n")
    tables = parse_tables(text, "doc")
    assert all("The figures" not in cell.text for t in tables for cell in t.cells)


def test_a_total_row_whose_label_moved_past_an_empty_cell_stays_in_the_table():
    cells = ["Agency", "", "Staffing", "Total",
             "Police", "", "10", "10",
             "Health", "", "20", "20",
             "Council", "", "30", "30",
             "", "Total", "60", "60"]
    _, [table] = _parse(_word_export(["Contributions", cells]))
    assert _grid(table)[-1] == ["Total", "", "60", "60"]


def test_a_description_cell_of_two_long_paragraphs_does_not_cut_the_table():
    long_one = "Work with partners to reduce the number of children held overnight " * 4
    long_two = "Development of the diversion partnership with the police and courts " * 2
    raw = ("Grant plan 2021/22\r\n"
           "Outcome\rArea\rActivity\rCost\r"
           "Reoffending\rCohorts\rTargeted work with the cohort.\r£30k\r"
           f"Custody\rPolice custody\r{long_one.strip()}\r\n{long_two.strip()}\r35k\r"
           "First time entrants\rArts\rThe arts trail.\r20k\r\r\n")
    _, [table] = _parse(raw)
    assert [row[-1] for row in _grid(table)] == ["Cost", "£30k", "35k", "20k"]


def test_a_long_paragraph_before_a_short_first_cell_is_prose_between_tables():
    prose = "This paragraph explains the next table at length and in full sentences. " * 4
    raw = ("Outcome\rCost\rReoffending\r£30k\rCustody\r£35k\rEntrants\r£20k\r"
           f"{prose.strip()}\r\n"
           "Agency\rAmount\rPolice\r£10k\rHealth\r£12k\rCouncil\r£14k\r\r\n")
    _, tables = _parse(raw)
    assert len(tables) == 2 and all("explains" not in c.text for t in tables for c in t.cells)


def test_an_upper_header_over_pairs_and_single_columns_merged_down():
    cells = ["Contract", "Manager", "Practitioner", "Sessional", "Total",
             "", "PT", "FT", "PT", "FT", "", "",
             "Permanent", "1", "2", "3", "4", "5", "15",
             "Vacant", "", "1", "", "2", "", "3"]
    _, [table] = _parse(_word_export(["Staff by contract", cells]))
    spans = [(c.text, c.column, c.colspan) for c in table.cells if 3 <= c.source_line <= 6]
    assert spans == [("Manager", 1, 2), ("Practitioner", 3, 2), ("Sessional", 5, 1),
                     ("Total", 6, 1)]


def test_sub_headings_merged_across_the_table_are_one_cell_rows():
    cells = ["", "Service", "Region", "England",
             "First time entrants per 100,000 children", "2018", "250", "300", "280",
             "2017", "260", "310", "290",
             "Custody rate per 1,000 children", "2018", "0.3", "0.4", "0.5",
             "2017", "0.2", "0.3", "0.4"]
    _, [table] = _parse(_word_export(["Data summary", cells]))
    assert _grid(table) == [
        ["", "Service", "Region", "England"],
        ["First time entrants per 100,000 children", "", "", ""],
        ["2018", "250", "300", "280"], ["2017", "260", "310", "290"],
        ["Custody rate per 1,000 children", "", "", ""],
        ["2018", "0.3", "0.4", "0.5"], ["2017", "0.2", "0.3", "0.4"]]


STAGE_HEADER = ["Gender", "Post court", "Pre court", "Total caseload", "Youth population",
                "Children seen in 2020/21: each child is counted once in every stage of the "
                "work, so the stages add up to more than the whole caseload of the service",
                "Number", "Number", "Number", "%", "%"]
STAGE_BODY = ["Male", "40 (80%)", "25", "65", "81%", "51%",
              "Female", "10 (20%)", "5", "15", "19%", "49%",
              "Total", "50", "30", "80", "100%", "100%"]


def test_an_upper_header_of_unequal_merged_cells_is_placed_by_the_labels_below_it():
    _, [table] = _parse(_word_export(["Who we work with", STAGE_HEADER + STAGE_BODY]))
    assert table.header_rows == 2
    headers = [" / ".join(texts) for texts in table.column_headers()]
    assert headers[1:] == ["Post court / Number", "Pre court / Number",
                           "Total caseload / Number", "Total caseload / %",
                           "Youth population / %"]
    assert headers[0].startswith("Gender / Children seen in 2020/21")
    assert [c.source_line for c in table.grid()[0] if c][:3] == [2, 3, 4]


def test_an_upper_header_that_could_be_placed_two_ways_only_titles_the_table():
    cells = ["Outcomes", "Cautions", "Sentences", "Custody", "Remands",
             "", "Number", "%", "Rate", "Rank", "Trend",
             "Harbourside", "12", "30%", "0.4", "3", "1",
             "Riverton", "8", "20%", "0.2", "1", "2"]
    _, [table] = _parse(_word_export(["Outcomes by area", cells]))
    headers = [texts[-1] for texts in table.column_headers()]
    assert headers[1:] == ["Number", "%", "Rate", "Rank", "Trend"]
    # four labels over five columns, with nothing saying which one spans two: not placed
    assert not any("Cautions" in " ".join(texts) for texts in table.column_headers())


def test_a_stray_cell_break_in_prose_does_not_glue_the_caption_to_the_header():
    raw = ("Foster carers offering beds have received training in the last year as planned.\r"
           "Appendix 1: Partner contributions 2019/20\r\n \r\n"
           "Agency\rStaffing\rOther (£)\rTotal (£)\r"
           "Council\rTwo posts\r£26,000\r£26,000\r"
           "Police\rSeconded officer\rIncluded within the CSP allocation\r"
           "Included within the CSP allocation\r"
           "Health\r\r£16,405\r£16,405\r"
           "Total\r\r£42,405\r£42,405\r\r\n")
    _, [table] = _parse(raw)
    grid = _grid(table)
    assert grid[0] == ["Agency", "Staffing", "Other (£)", "Total (£)"]
    assert [row[0] for row in grid[1:]] == ["Council", "Police", "Health", "Total"]


RHYTHM_HEADER = ["Agency", "Staffing costs", "Payments in kind", "Total"]


def _body(cells: list[str]) -> list[list[str]]:
    _, [table] = _parse(_word_export(["Contributions 2019/20", RHYTHM_HEADER + cells]))
    return _grid(table)[table.header_rows:]


def test_a_note_printed_as_a_cell_of_its_own_is_stepped_over():
    body = _body(["Police", "10,000", "", "10,000",
                  "Health", "5,000", "estimate", "2,000", "7,000",
                  "Council", "30,000", "1,000", "31,000",
                  "Total", "45,000", "3,000", "48,000"])
    assert body == [["Police", "10,000", "", "10,000"], ["Health", "5,000", "2,000", "7,000"],
                    ["Council", "30,000", "1,000", "31,000"],
                    ["Total", "45,000", "3,000", "48,000"]]


def test_a_row_with_a_merged_cell_is_left_out_reported_and_the_rows_after_it_are_read():
    cells = ["Police", "10,000", "", "10,000",
             "Health", "7,000", "7,000",  # two cells merged: which column is 7,000?
             "Council", "30,000", "1,000", "31,000",
             "Total", "47,000", "1,000", "48,000"]
    text, [table] = _parse(_word_export(["Contributions 2019/20", RHYTHM_HEADER + cells]))
    body = _grid(table)[table.header_rows:]
    assert [row[0] for row in body] == ["Police", "Council", "Total"]
    assert body[1] == ["Council", "30,000", "1,000", "31,000"]
    [(line, why)] = table.left_out
    assert text.split("\n")[line - 1] == "Health" and "cannot be placed" in why
    [issue] = left_out_issues("doc", [table])
    assert (issue.code, issue.source_line, issue.source_table) == (
        "rows_left_out", line, table.table_id)


def test_a_label_cut_short_over_two_cells_is_read_as_one():
    body = _body(["Police", "10,000", "", "10,000",
                  "Police and", "Crime Commissioner", "5,000", "", "5,000",
                  "Council", "30,000", "1,000", "31,000"])
    assert body[1] == ["Police and Crime Commissioner", "5,000", "", "5,000"]
    assert body[2][0] == "Council"


def test_a_label_split_without_a_joining_word_leaves_its_row_out():
    body = _body(["Police", "10,000", "", "10,000",
                  "Local", "Authority", "5,000", "", "5,000",  # "Local" may be a heading
                  "Council", "30,000", "1,000", "31,000"])
    assert [row[0] for row in body] == ["Police", "Council"]


def test_a_pound_cell_before_a_dash_and_pound_headed_columns():
    cells = ["Agency", "Staffing costs", "Total", "", "£", "£",
             "Police", "£", "10,000", "£", "10,000",
             "Health", "£", "-", "£", "7,000",
             "Council", "£", "30,000", "£", "30,000"]
    _, [table] = _parse(_word_export(["Contributions 2019/20", cells]))
    assert _grid(table)[table.header_rows:] == [
        ["Police", "£10,000", "£10,000"], ["Health", "-", "£7,000"],
        ["Council", "£30,000", "£30,000"]]


def test_a_first_body_row_off_the_rhythm_keeps_the_header():
    body = _body(["Police", "10,000", "see note", "", "10,000",
                  "Health", "5,000", "2,000", "7,000",
                  "Council", "30,000", "1,000", "31,000"])
    assert body == [["Police", "10,000", "", "10,000"], ["Health", "5,000", "2,000", "7,000"],
                    ["Council", "30,000", "1,000", "31,000"]]


def test_funding_types_over_columns_headed_only_by_pound_signs():
    cells = ["Staffing costs", "Payments in kind", "Total",  # no cell above the stub
             "Agency", "£ 2019/20", "£ 2019/20", "£ 2019/20",
             "Police", "10,000", "", "10,000",
             "Health", "5,000", "2,000", "7,000",
             "Council", "30,000", "1,000", "31,000"]
    _, [table] = _parse(_word_export(["Contributions", cells]))
    assert table.column_headers()[1:] == [["Staffing costs", "£ 2019/20"],
                                          ["Payments in kind", "£ 2019/20"],
                                          ["Total", "£ 2019/20"]]
    assert _grid(table)[-1] == ["Council", "30,000", "1,000", "31,000"]


def test_a_two_column_table_with_an_empty_stub_heading_keeps_its_header_and_two_rows():
    raw = _word_export(["Gender of children supervised in 2018/19",
                        ["", "Number", "Male", "374", "Female", "132"], "Text after."])
    _, [table] = _parse(raw)
    assert table.header_rows == 1
    assert _grid(table) == [["", "Number"], ["Male", "374"], ["Female", "132"]]


def test_two_label_value_pairs_without_a_header_are_not_a_table():
    raw = _word_export(["Some prose before.", ["Male", "374", "Female", "132"], "Text after."])
    _, tables = _parse(raw)
    assert tables == []


LAYOUT_BUDGET = "\n".join([
    "Table 2: Partner contributions 2019/20",
    "",
    " Agency                  Staffing      Payments in    Other delegated    Total",
    "                         costs         kind           funds",
    " Local Authority           650,000        45,000                          695,000",
    " Youth Justice                                             410,000       410,000",
    " Board",
    "",
    " Health                     30,000                                        30,000",
    "",
    "Text after the table.",
])


def test_columns_aligned_by_spaces_with_empty_cells_are_placed_by_position():
    [table] = parse_tables(LAYOUT_BUDGET, "doc")
    assert table.format == "spaced"
    assert [" ".join(t for t in texts if t) for texts in table.column_headers()] == [
        "Agency", "Staffing costs", "Payments in kind", "Other delegated funds", "Total"]
    assert table.header_rows == 1  # each heading wrapped in its column is one cell
    assert _grid(table)[1:] == [
        ["Local Authority", "650,000", "45,000", "", "695,000"],
        ["Youth Justice Board", "", "", "410,000", "410,000"],
        ["Health", "30,000", "", "", "30,000"]]
    lines = LAYOUT_BUDGET.split("\n")
    for cell in table.cells:  # a wrapped label is cited on its row's line
        assert cell.text.split()[0] in lines[cell.source_line - 1]


def test_a_heading_over_a_column_without_values_keeps_the_column():
    text = LAYOUT_BUDGET.replace("       45,000", "             ")
    [table] = parse_tables(text, "doc")
    assert table.n_columns == 5
    assert _grid(table)[1] == ["Local Authority", "650,000", "", "", "695,000"]


def test_cells_that_do_not_line_up_are_not_placed_by_position():
    text = "\n".join([
        "Partner contributions",
        "",
        "Agency    Staffing costs    Other funds    Total",
        "Local Authority    300,000    100,000    400,000",
        "Police    50,000    10,000    60,000",
        "Health    20,000    5,000    25,000",
    ])
    [table] = parse_tables(text, "doc")
    assert _grid(table)[2] == ["Police", "50,000", "10,000", "60,000"]


def test_a_section_heading_merged_under_a_header_of_pound_columns_stays_a_body_row():
    cells = ["Agency", "£ 2018/19", "£ 2019/20",
             "Staffing costs",  # merged across the table: one cell
             "Police", "10,000", "11,000", "Health", "5,000", "5,500",
             "Payments in kind", "Police", "2,000", "2,100", "Health", "1,000", "1,100"]
    _, [table] = _parse(_word_export(["Contributions", cells]))
    grid = _grid(table)
    assert grid[0] == ["Agency", "£ 2018/19", "£ 2019/20"]
    assert [row[0] for row in grid[1:]] == ["Staffing costs", "Police", "Health",
                                            "Payments in kind", "Police", "Health"]


def test_a_first_body_row_a_cell_short_is_left_out_not_read_from_the_header():
    # merged cells in the first row: read one cell early, "Total" would label its values
    body = _body(["Police", "10,000", "10,000",
                  "Health", "5,000", "2,000", "7,000",
                  "Council", "30,000", "1,000", "31,000",
                  "Probation", "", "3,000", "3,000"])
    assert [row[0] for row in body] == ["Health", "Council", "Probation"]
    assert body[0] == ["Health", "5,000", "2,000", "7,000"]


def test_a_last_row_a_cell_short_is_left_out_not_given_the_next_label():
    body = _body(["Police", "10,000", "", "10,000",
                  "Health", "5,000", "2,000", "7,000",
                  "Council", "30,000", "31,000",  # a cell short: "Total" would be its value
                  "Total", "45,000", "2,000", "48,000"])
    assert [row[0] for row in body] == ["Police", "Health", "Total"]
    assert body[-1] == ["Total", "45,000", "2,000", "48,000"]


def test_sections_under_an_empty_stub_and_one_pound_column():
    cells = ["", "£",
             "Staffing costs", "", "Police", "10,000", "Health", "5,000",
             "Payments in kind", "", "Police", "2,000", "Council", "4,000"]
    _, [table] = _parse(_word_export(["Contributions 2019/20", cells]))
    grid = _grid(table)
    assert grid[0] == ["", "£"]
    assert [row[0] for row in grid[1:]] == ["Staffing costs", "Police", "Health",
                                            "Payments in kind", "Police", "Council"]
    merged = ["", "£", "Staffing costs", *cells[4:8], "Payments in kind", *cells[10:]]
    _, [table] = _parse(_word_export(["Contributions 2019/20", merged]))
    assert [row[0] for row in _grid(table)[1:]][:2] == ["Staffing costs", "Police"]


def test_runs_of_tabs_as_tab_stops_close_up_into_two_columns():
    """A list typed with as many tabs as each label needs to line its amount up: the
    rows have different numbers of tabs and one cell after the label each."""
    text = ("Money from partners this year\n"
            "Fire Service\t\t\t\t£7,250\n"
            "Housing Trust\t\t\t£12,000 \n"
            "Community Safety Partnership\t      £3,100\n"
            "       Total\t\t£22,350\n")
    _, tables = _parse(text)
    assert [_grid(t) for t in tables] == [[
        ["Fire Service", "£7,250"], ["Housing Trust", "£12,000"],
        ["Community Safety Partnership", "£3,100"], ["Total", "£22,350"]]]
    assert [c.source_line for c in tables[0].cells if c.column == 1] == [2, 3, 4, 5]


def test_tab_rows_with_empty_cells_of_equal_width_keep_their_columns():
    """A tab export prints every row with the same number of tabs: an empty cell there
    is a column, so rows printing one value in different columns keep them apart."""
    text = ("Area\tBoys\tGirls\n"
            "North\t12\t\n"
            "South\t\t7\n"
            "East\t4\t\n")
    _, tables = _parse(text)
    assert _grid(tables[0])[1:] == [["North", "12", ""], ["South", "", "7"], ["East", "4", ""]]


def test_a_heading_over_an_empty_column_moves_to_the_values_beside_it():
    """Word printed a heading one cell early: "Grants" heads a column no row fills, and
    the amounts stand under an empty heading next to it."""
    raw = _word_export(["Money by source", [
        "Source", "Fees", "Grants", "", "Total",
        "North", "£10", "", "£5", "£15",
        "South", "£20", "", "£7", "£27",
        "West", "£30", "", "", "£30",
        "All", "£60", "", "£12", "£72"]])
    _, tables = _parse(raw)
    grid = _grid(tables[0])
    assert grid[0] == ["Source", "Fees", "", "Grants", "Total"]
    assert grid[1] == ["North", "£10", "", "£5", "£15"]
    heading = next(c for c in tables[0].cells if c.text == "Grants")
    assert (heading.column, heading.source_line) == (3, 4)


def test_a_heading_over_an_empty_column_stays_when_no_single_neighbour_holds_values():
    """Two unheaded neighbours both print values: which one the heading belongs to
    cannot be told, so it stays where it was printed."""
    raw = _word_export(["Money by source", [
        "Source", "", "Grants", "", "Total",
        "North", "£1", "", "£5", "£6",
        "South", "£2", "", "£7", "£9",
        "West", "£3", "", "£1", "£4"]])
    _, tables = _parse(raw)
    assert _grid(tables[0])[0] == ["Source", "", "Grants", "", "Total"]


def test_a_sparse_grid_with_its_trailing_empty_cells_cut_keeps_its_columns():
    """A converted table drops the empty cells after a row's last value, so its rows have
    different numbers of tabs too; its header prints more cells than its rows, so the
    empty cells are columns, not tab stops."""
    text = ("\tBoys\tGirls\tOther\n"
            "North\t12\n"
            "South\t\t7\n"
            "East\t\t\t3\n")
    _, tables = _parse(text)
    assert _grid(tables[0]) == [["", "Boys", "Girls", "Other"], ["North", "12", "", ""],
                                ["South", "", "7", ""], ["East", "", "", "3"]]


def test_tab_stops_close_up_only_rows_of_a_label_and_numbers():
    """A row printing words where a number would stand is not a list of amounts lined
    up by tabs: the cells keep the columns the tabs give them."""
    text = ("North\t\t12\n"
            "South\tclosed\n"
            "East\t\t\t3\n")
    _, tables = _parse(text)
    assert _grid(tables[0]) == [["North", "", "12", ""], ["South", "closed", "", ""],
                                ["East", "", "", "3"]]
