"""Small variant documents, one per construct the parser must handle.

Each fixture is written as a converter would print a table we have not seen yet:
another service, other words, another format. Tab characters are written as
``\\t`` so that the structure is visible.
"""

from __future__ import annotations

from pipeline.metadata.enums import (
    TABLE_KIND_DATA,
    TABLE_KIND_GLOSSARY,
    TABLE_KIND_LIST,
    TABLE_KIND_TOC,
)
from pipeline.parse import Table, parse_tables


def parse(text: str) -> list[Table]:
    return parse_tables(text, "fixture-doc")


def only(text: str) -> Table:
    tables = parse(text)
    assert len(tables) == 1, [(t.first_line, t.n_rows, t.n_columns) for t in tables]
    return tables[0]


def texts(table: Table) -> list[list[str | None]]:
    return [[cell.text if cell else None for cell in row] for row in table.grid()]


# --- tab-separated blocks -------------------------------------------------------------


def test_ragged_rows_and_empty_leading_or_trailing_cells() -> None:
    table = only(
        "Intro paragraph.\n\n"
        "\tBoys\tGirls\tTotal\n"
        "Caution\t4\t1\n"
        "Referral order\t7\t2\t9\t\n"
        "Custody\t1\n"
    )
    assert (table.n_rows, table.n_columns, table.header_rows) == (4, 4, 1)
    assert texts(table) == [
        ["", "Boys", "Girls", "Total"],
        ["Caution", "4", "1", None],
        ["Referral order", "7", "2", "9"],
        ["Custody", "1", None, None],
    ]
    assert table.column_headers() == [[""], ["Boys"], ["Girls"], ["Total"]]
    assert [c.source_line for c in table.grid()[2] if c] == [5, 5, 5, 5]


def test_blank_line_inside_a_table() -> None:
    table = only("Team\tOpen cases\nEast\t14\n\nWest\t22\n\n\nCentral\t9\n")
    assert texts(table) == [
        ["Team", "Open cases"],
        ["East", "14"],
        ["West", "22"],
        ["Central", "9"],
    ]
    assert [row[0].source_line for row in table.grid() if row[0]] == [1, 2, 4, 7]


def test_blank_line_then_new_header_starts_a_new_table() -> None:
    tables = parse(
        "Age\t10-14\t15-17\nOur service\t30%\t70%\n\nSex\tBoys\tGirls\nOur service\t80%\t20%\n"
    )
    assert [(t.first_line, t.n_rows, t.n_columns) for t in tables] == [(1, 2, 3), (4, 2, 3)]


def test_table_continues_across_a_page_break() -> None:
    table = only(
        "### Quality of assessment\n\n"
        "Of the 9 cases inspected\tRelevant\tYes\n"
        "Does assessment analyse desistance?\t9\t7\n\n"
        "<sup>4</sup> A footnote printed at the foot of the page.\n\n"
        "Inspection of youth justice services: Anytown\n\n"
        "Does assessment analyse safety?\t9\t8\n"
    )
    assert table.n_rows == 3
    assert [row[0].source_line for row in table.grid() if row[0]] == [3, 4, 10]
    assert table.caption == "Quality of assessment"


def test_prose_after_a_table_is_not_absorbed() -> None:
    tables = parse(
        "Score\tBand\n0\tLow\n1\tHigh\n\n"
        "Adding the scores for each area gives the overall band.\n\n"
        "Score\tBand (overall)\n0-4\tLow\n5-9\tHigh\n"
    )
    assert [(t.first_line, t.n_rows) for t in tables] == [(1, 3), (7, 3)]
    assert tables[1].header_rows == 1  # figures below a wordy label


def test_wrapped_row_continuation() -> None:
    table = only(
        "Of the 5 cases:\tRelevant cases\tNumber 'Yes'\n"
        "Does planning keep the child safe?\t5\t4\n"
        "Does planning promote the safety and wellbeing of the\t5\t3\n"
        "child?\t\t\n"
        "Does planning involve other agencies?\t4\t4\n"
    )
    assert table.n_rows == 4
    wrapped = table.grid()[2]
    assert wrapped[0] is not None
    assert wrapped[0].text == "Does planning promote the safety and wellbeing of the child?"
    assert wrapped[0].raw == "Does planning promote the safety and wellbeing of the\nchild?"
    assert wrapped[0].source_line == 3
    assert [c.text for c in wrapped[1:] if c] == ["5", "3"]


def test_wrapped_row_continuation_without_tabs() -> None:
    table = only(
        "Question\tCases\tYes\n"
        "Is the risk to other people reviewed and\t3\t2\n"
        "recorded in the plan?\n"
        "Is the victim consulted?\t3\t3\n"
    )
    assert table.n_rows == 3
    question = table.grid()[1][0]
    assert question is not None
    assert question.text.endswith("reviewed and recorded in the plan?")


def test_group_rows_with_empty_first_cell_stay_rows() -> None:
    table = only(
        "MEMBER\tREPRESENTATIVE\n"
        "CHAIR\tHead of Children's Services\n"
        "HEALTH\tDesignated Nurse, CCG\n"
        "\tCAMHS Service Manager\n"
        "POLICE\tSuperintendent, Area Command\n"
    )
    assert table.n_rows == 5 and table.header_rows == 1
    assert texts(table)[3] == ["", "CAMHS Service Manager"]


def test_a_header_of_periods_one_cell_short_starts_over_the_first_value() -> None:
    # no heading over the row labels: each period heads its own values, "Change" the last
    table = only(
        "Custody rate per 1,000\n\n"
        "Jan 18 - Dec 18\tJan 17 - Dec 17\tChange\n"
        "Wigan\t0.41\t0.38\t+0.03\n"
        "North West\t0.30\t0.42\t-0.12\n"
    )
    assert texts(table)[0] == [None, "Jan 18 - Dec 18", "Jan 17 - Dec 17", "Change"]


def test_a_header_one_cell_short_with_a_stub_heading_stays_put() -> None:
    # "Area" heads the labels: the last column is the one left unheaded
    table = only(
        "Area\t2017/18\t2018/19\n"
        "Wigan\t412\t398\t+3.5%\n"
        "North West\t380\t402\t-5.5%\n"
    )
    assert texts(table)[0] == ["Area", "2017/18", "2018/19", None]


def test_rows_parted_by_single_spaces_under_a_header_of_periods() -> None:
    # a text box copied as plain text: only the kind of each word marks a cell
    table = only(
        "Use of custody rate per 1,000\n\n"
        "Area Apr 16 - Mar 17 cohort 2017/18 Change\n"
        "Our service 0.41 0.38 +0.03\n"
        "North West region 0.30 n/a -12pp\n"
        "\nText after.\n"
    )
    assert texts(table) == [
        ["Area", "Apr 16 - Mar 17 cohort", "2017/18", "Change"],
        ["Our service", "0.41", "0.38", "+0.03"],
        ["North West region", "0.30", "n/a", "-12pp"],
    ]
    assert [row[1].source_line for row in table.grid()] == [3, 4, 5]


def test_single_spaced_rows_are_no_table_when_the_header_does_not_fit() -> None:
    # two periods over three values: which column is unheaded is not printed
    assert parse(
        "2017/18 2018/19\n"
        "Wigan 412 398 17\n"
        "Bolton 380 402 12\n"
    ) == []


def test_a_period_wrapped_after_its_dash_is_one_label() -> None:
    # "Dec 18" starts in capitals, yet it ends the period its row's label left open
    tab = only("Period\tWigan\tEngland\nJan 18 -\t0.24\t0.48\nDec 18\n"
               "Jan 17 -\t0.36\t0.76\nDec 17\n\nText after.\n")
    pipes = only("| Period | Wigan | England |\n|---|---|---|\n| Jan 18 - | 0.24 | 0.48 |\n"
                 "| Dec 18 |  |  |\n| Jan 17 - | 0.36 | 0.76 |\n| Dec 17 |  |  |\n")
    spaced = only("Period          Wigan     England\nApr 16 -          24%        31.9\n"
                  "Mar 17 cohort\nApr 15 -        33.5%       37.4%\nMar 16 cohort\n\n"
                  "Text after.\n")
    assert [row[0].text for row in spaced.grid()] == [
        "Period", "Apr 16 - Mar 17 cohort", "Apr 15 - Mar 16 cohort"]
    for table in (tab, pipes):
        assert [row[0].text for row in table.grid()] == [
            "Period", "Jan 18 - Dec 18", "Jan 17 - Dec 17"]


def test_a_label_ending_on_a_dash_over_a_new_row_is_not_joined() -> None:
    # "Dec 18" beside values is a row of its own; "Total" does not complete a period
    table = only("Period\tWigan\tEngland\nJan 18 -\t0.24\t0.48\nTotal\t1\t2\n"
                 "Other -\t3\t4\nDec 18\t5\t6\n")
    assert [row[0].text for row in table.grid()] == [
        "Period", "Jan 18 -", "Total", "Other -", "Dec 18"]


def test_text_boxes_in_reading_order_are_a_table_of_columns() -> None:
    # the labels' box, then one box of values per period named on the line above
    table = only("Custody rate\n\nJan 18 - Dec 18   2017/18\n\nWigan\nNorth West\n\n"
                 "0.41\nn/a\n\n0.38\n0.42\n\nText after.\n")
    assert texts(table) == [[None, "Jan 18 - Dec 18", "2017/18"],
                            ["Wigan", "0.41", "0.38"], ["North West", "n/a", "0.42"]]
    assert [cell.source_line for cell in table.grid()[1]] == [5, 8, 11]


def test_a_box_of_changes_after_the_periods_boxes_is_a_column() -> None:
    table = only("2017/18   2018/19   Change\n\nWigan\nBolton\n\n12\n14\n\n"
                 "20\n22\n\n+8\n+/-0\n\nText after.\n")
    assert texts(table)[0] == [None, "2017/18", "2018/19", "Change"]
    assert texts(table)[2] == ["Bolton", "14", "22", "+/-0"]


def test_text_boxes_with_an_empty_line_after_every_paragraph() -> None:
    # the labels end where the values start; every second value is the next column's
    table = only("2017/18   2018/19\n\nWigan\n\nBolton\n\n12\n\n14\n\n20\n\n22\n\n"
                 "Text after.\n")
    assert texts(table)[1:] == [["Wigan", "12", "20"], ["Bolton", "14", "22"]]


def test_text_boxes_whose_counts_disagree_are_no_table() -> None:
    # three values for two labels: which value belongs to which row is not printed
    assert parse("2017/18   2018/19\n\nWigan\nBolton\n\n12\n14\n16\n\n"
                 "20\n22\n\nText after.\n") == []


def test_signed_changes_are_values_in_columns_aligned_by_spaces() -> None:
    # "+/-0" and "+3.5%" beside the rates they compare do not end the table
    table = only("Area  2017/18  2018/19  Change\nWigan  1,124  945  -7.5%\n"
                 "Leigh  321  890  -8.3%\nBolton  641  925  +/-0\nBury  726  538  +3.5%\n")
    assert texts(table)[3:] == [["Bolton", "641", "925", "+/-0"], ["Bury", "726", "538", "+3.5%"]]
    assert table.format == "spaced"


def test_rows_parted_by_tabs_here_and_spaces_there_are_read_by_their_words() -> None:
    # read by its tabs, "Wigan 0.93" would be one cell and "0.58 -5.6%" another
    table = only("Jan 18 - Dec 18 Jan 17 - Dec 17\tChange\nWigan 0.93\t0.58 -5.6%\n"
                 "Bolton\t0.27\tn/a\t+/-0\nBury 1.14 0.18\t+2.3%\n")
    assert texts(table) == [[None, "Jan 18 - Dec 18", "Jan 17 - Dec 17", "Change"],
                            ["Wigan", "0.93", "0.58", "-5.6%"],
                            ["Bolton", "0.27", "n/a", "+/-0"],
                            ["Bury", "1.14", "0.18", "+2.3%"]]


def test_rows_whose_tabs_part_every_cell_stay_tab_rows() -> None:
    table = only("Area\t2017/18\t2018/19\n<b>Wigan</b>\t<b>0.93</b>\t0.58\nBolton\t0.27\t-\n")
    assert table.format == "tsv"


def test_title_row_broken_over_two_lines() -> None:
    table = only(
        "Children cautioned or sentenced (rate per 1,000\t\t\t\n"
        "10-17 population)\t\t\t\n"
        "Area\t2021\t2022\t2023\n"
        "Anytown\t1.2\t1.1\t0.9\n"
        "Region\t2.0\t1.8\t1.7\n"
    )
    assert table.title == "Children cautioned or sentenced (rate per 1,000 10-17 population)"
    assert table.title_line == 1
    assert table.caption == table.title  # nothing above: the title is the caption
    assert (table.n_rows, table.n_columns, table.header_rows) == (3, 4, 1)


def test_row_label_broken_over_two_lines() -> None:
    table = only(
        "Agency\tStaff\nLocal authority children's services and\t\nearly help\t6\nPolice\t2\n"
    )
    assert texts(table)[1] == ["Local authority children's services and early help", "6"]
    label, value = table.grid()[1]
    assert label is not None and label.source_line == 2
    assert value is not None and value.source_line == 3


def test_title_row_notes_row_and_source_line() -> None:
    table = only(
        "## Performance\n\n"
        "Re-offending rate (%)\t\t\n"
        "Area\t2022\t2023\n"
        "Anytown\t31.2\t29.8\n"
        "Family group\t35.0\t34.1\n"
        "Notes: 2023 figures are provisional.\t\t\n"
        "\n"
        "Source: MoJ proven re-offending tables\n"
        "\n"
        "The service will keep working with partners.\n"
    )
    assert table.title == "Re-offending rate (%)"
    assert table.caption == "Performance"
    assert (table.n_rows, table.n_columns) == (3, 3)
    assert table.notes == [
        (7, "Notes: 2023 figures are provisional."),
        (9, "Source: MoJ proven re-offending tables"),
    ]
    assert table.last_line == 9


def test_one_cell_row_before_a_new_header_starts_a_new_table() -> None:
    tables = parse(
        "Role\tMale\tFemale\n"
        "Managers\t2\t3\n"
        "Practitioners\t5\t9\n"
        "By ethnicity\t\t\n"
        "Group\tMale\tFemale\n"
        "White\t6\t10\n"
        "Mixed\t1\t2\n"
    )
    assert [(t.n_rows, t.title) for t in tables] == [(3, None), (3, "By ethnicity")]


def test_two_row_header_roles_over_part_and_full_time() -> None:
    table = only(
        "Contract\tManagers\t\tPractitioners\t\tTotal\n"
        "\tPart-time\tFull-time\tPart-time\tFull-time\t\n"
        "Permanent\t1\t3\t4.5\t20\t28.5\n"
        "Agency\t\t1\t\t2\t3\n"
    )
    assert table.header_rows == 2
    assert table.column_headers() == [
        ["Contract", ""],
        ["Managers", "Part-time"],
        ["Managers", "Full-time"],
        ["Practitioners", "Part-time"],
        ["Practitioners", "Full-time"],
        ["Total", ""],
    ]
    assert [row[0].text for row in table.body() if row[0]] == ["Permanent", "Agency"]


def test_years_over_measures_header() -> None:
    table = only(
        "\t2022\t\t2023\t\nArea\tCohort\tRate\tCohort\tRate\nAnytown\t120\t30.1%\t110\t28.0%\n"
    )
    assert table.header_rows == 2
    assert table.column_headers()[1:] == [
        ["2022", "Cohort"],
        ["2022", "Rate"],
        ["2023", "Cohort"],
        ["2023", "Rate"],
    ]


def test_ocr_split_header_words_are_joined_over_their_group() -> None:
    table = only(
        "Post\tMana\tgers\tPractiti\toners\tAdmini\tstrators\n"
        "\tMale\tFemale\tMale\tFemale\tMale\tFemale\n"
        "White\t1\t2\t3\t4\t5\t6\n"
    )
    headers = table.column_headers()
    assert [h[0] for h in headers[1:]] == [
        "Managers", "Managers", "Practitioners", "Practitioners",
        "Administrators", "Administrators",
    ]  # fmt: skip
    fragments = [c.raw for c in table.cells if c.row == 0]
    assert fragments[1:] == ["Mana", "gers", "Practiti", "oners", "Admini", "strators"]


def test_cyrillic_lookalike_letters_are_read_as_latin() -> None:
    table = only("\u04af\u043e\u0442\tCohort\tRate\nAnytown\t120\t30.1%\nRegion\t900\t33.0%\n")
    header = table.grid()[0][0]
    assert header is not None
    assert header.text == "YOT"
    assert header.raw == "\u04af\u043e\u0442"
    mixed = only("Area\tC\u0430ses\nA\t1\nB\t2\n").grid()[0][1]
    assert mixed is not None and mixed.text == "Cases"


def test_markup_and_ocr_noise_in_cells() -> None:
    table = only(
        "Standard\tRating\tTrend\n"
        "<b>Governance</b>\tOutstanding\t$\\nearrow$\n"
        "Staff<sup>3</sup>\t**Good**\t$\\Rightarrow$\n"
        "Partnerships &amp; services\t<u>Good</u>\t${\\searrow}$\n"
        "Information<br>and facilities\t<p>Requires</p><p>improvement</p>\t\n"
    )
    assert texts(table) == [
        ["Standard", "Rating", "Trend"],
        ["Governance", "Outstanding", ""],
        ["Staff", "Good", ""],
        ["Partnerships & services", "Good", ""],
        ["Information and facilities", "Requires improvement", ""],
    ]
    governance, good = table.grid()[1][0], table.grid()[2][1]
    assert governance is not None and governance.bold and governance.raw == "<b>Governance</b>"
    assert good is not None and good.bold
    plain = table.grid()[1][1]
    assert plain is not None and not plain.bold


# --- markdown and HTML ----------------------------------------------------------------


def test_markdown_pipe_table() -> None:
    table = only(
        "### Table 4: Caseload by team\n\n"
        "| Team | Cases | Per worker |\n"
        "|:-----|------:|-----------:|\n"
        "| **North** | 63 | 6.3 |\n"
        "| West | 66 | 6.6 |\n"
    )
    assert table.format == "markdown"
    assert table.caption == "Table 4: Caseload by team"
    assert texts(table) == [
        ["Team", "Cases", "Per worker"],
        ["North", "63", "6.3"],
        ["West", "66", "6.6"],
    ]
    assert table.header_rows == 1
    north = table.grid()[1][0]
    assert north is not None and north.bold and north.source_line == 5


def test_markdown_pipe_table_without_separator() -> None:
    table = only("| Area | 2023 |\n| Anytown | 12 |\n| Region | 40 |\n")
    assert table.header_rows == 1 and table.n_rows == 3


def test_html_table_with_colspan_and_rowspan() -> None:
    table = only(
        "Table 2: Budget\n\n"
        "<table>\n"
        "<thead>\n"
        '<tr><th rowspan="2">Agency</th><th colspan="2">2023/24</th></tr>\n'
        "<tr><th>Cash</th><th>In kind</th></tr>\n"
        "</thead>\n"
        "<tr><td><b>Police</b></td><td>&pound;1,000</td><td>£2,500</td></tr>\n"
        "<tr><td>Health<br/>service</td><td><p>500</p></td><td>-</td></tr>\n"
        "</table>\n\n"
        "Source: partner returns\n"
    )
    assert table.format == "html"
    assert (table.n_rows, table.n_columns, table.header_rows) == (4, 3, 2)
    assert table.caption == "Table 2: Budget"
    grid = table.grid()
    assert grid[0][1] is not None and grid[0][1].colspan == 2
    assert grid[0][2] is None  # covered by the span: the value is never repeated
    assert grid[1][0] is None  # covered by the rowspan of "Agency"
    assert table.column_headers() == [["Agency", ""], ["2023/24", "Cash"], ["2023/24", "In kind"]]
    assert texts(table)[2:] == [["Police", "£1,000", "£2,500"], ["Health service", "500", "-"]]
    assert [c.source_line for c in table.cells if c.row == 2] == [8, 8, 8]
    assert table.notes == [(12, "Source: partner returns")]


def test_html_table_on_one_long_line() -> None:
    text = (
        "Before.\n"
        "<table><tr><th>Area</th><th>Rate</th></tr><tr><td>A</td><td>1.5</td></tr>"
        "<tr><td>B</td><td>2.5</td></tr><tr><td colspan='2'>Note: rates per 1,000</td></tr>"
        "</table>\n"
        "After.\n"
    )
    table = only(text)
    assert texts(table) == [["Area", "Rate"], ["A", "1.5"], ["B", "2.5"]]
    assert {cell.source_line for cell in table.cells} == {2}
    assert table.notes == [(2, "Note: rates per 1,000")]


def test_formats_are_numbered_together_in_document_order() -> None:
    tables = parse(
        "| A | B |\n|---|---|\n| x | 1 |\n| y | 2 |\n\n"
        "Area\tCount\nNorth\t3\nSouth\t4\n\n"
        "<table><tr><td>Area</td><td>Rate</td></tr><tr><td>N</td><td>1</td></tr>"
        "<tr><td>S</td><td>2</td></tr></table>\n"
    )
    assert [(t.table_id, t.format) for t in tables] == [
        ("fixture-doc#t01", "markdown"),
        ("fixture-doc#t02", "tsv"),
        ("fixture-doc#t03", "html"),
    ]


# --- kinds and captions ---------------------------------------------------------------


def test_table_of_contents() -> None:
    table = only(
        "Contents\n\nIntroduction\t3\nGovernance.....\t5\nResources\t. 8\n"
        "Performance\t12\nRisks\t20\n"
    )
    assert table.kind == TABLE_KIND_TOC
    assert table.header_rows == 0


def test_glossary() -> None:
    table = only(
        "Glossary\n\nASB\tAnti-social behaviour\n"
        "CAMHS\tChild and Adolescent Mental Health Services\n"
        "ETE\tEducation, training and employment\nOOCD\tOut of court disposal\n"
    )
    assert table.kind == TABLE_KIND_GLOSSARY


def test_two_column_list() -> None:
    table = only(
        "Our partners include:\n\n"
        "Schools and colleges\tHousing providers\n"
        "Voluntary sector\tSubstance misuse services\n"
        "Sports clubs\tFaith groups\n"
    )
    assert table.kind == TABLE_KIND_LIST


def test_prose_with_tabs_is_never_a_data_table() -> None:
    text = (
        "The board met four times this year and reviewed the plan.\t\t\n\n"
        "We worked with 120 young people in 2023, and most of them said the service helped."
        "\tThe rest\n"
        "did not answer.\n\n"
        "A closing paragraph without any tabs at all.\n"
    )
    assert [t for t in parse(text) if t.kind == TABLE_KIND_DATA] == []


def test_caption_forms() -> None:
    bold = only("Intro text.\n\n**Staff by role**\n\nRole\tCount\nManager\t2\nWorker\t9\n")
    assert bold.caption == "Staff by role" and bold.caption_line == 3
    broken = only("**Volunteers by\nethnicity**\n\n\tMale\tFemale\nWhite\t3\t4\nOther\t1\t0\n")
    assert broken.caption == "Volunteers by ethnicity" and broken.caption_line == 1
    label = only(
        "# Finance\n\nTable 3: Partner contributions 2023/24\n\n"
        "Agency\tTotal (£)\nPolice\t£10,000\nHealth\t£5,000\n"
    )
    assert label.caption == "Table 3: Partner contributions 2023/24"
    none = only("# Plan\n\nA long paragraph of prose that ends here.\n\nArea\tN\nA\t1\nB\t2\n")
    assert none.caption == "Plan"


def test_preview_as_markdown() -> None:
    table = only("Area\tCount\nNorth\t3\nSouth\t4\nEast\t5\n")
    assert table.to_markdown(max_rows=2) == (
        "| Area | Count |\n| --- | --- |\n| North | 3 |\n… 2 more rows"
    )
    assert table.to_markdown().count("\n") == 4


def test_empty_and_tableless_text() -> None:
    assert parse("") == []
    assert parse("Just a sentence.\nAnd another one.\n") == []
    assert parse("Single\trow\n") == []


def test_counts_rising_to_a_total_are_data_not_contents() -> None:
    """A caseload list whose counts happen to rise is not a table of contents."""
    text = "Team caseload split\n\nTeam\tOpen cases\nNorth\t10\nSouth\t12\nGrand Total\t22\n"
    [table] = parse_tables(text, "doc")
    assert table.kind == "data"
    assert table.header_rows == 1
    headed = "Team\tOpen cases\nNorth\t10\nSouth\t12\nEast\t15\nWest\t19\n"
    assert parse_tables(headed, "doc")[0].kind == "data"
