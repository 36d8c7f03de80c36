"""The tables a reader sees in each corpus document, asserted against the parser.

The lists below were made by reading each document in datasets/sources end to
end (tab-separated rows shown as columns) and writing down every block a reader
would call a table: where it starts, its shape (rows x columns, header rows
included, title and notes rows excluded), its kind, and words of its caption,
title or header. They are not a dump of the parser's output.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from pipeline.metadata.enums import (
    TABLE_KIND_DATA,
    TABLE_KIND_GLOSSARY,
    TABLE_KIND_LIST,
    TABLE_KIND_TOC,
)
from pipeline.parse import Table, parse_tables

SOURCES = Path(__file__).resolve().parents[2] / "datasets" / "sources"
DATA, TOC, GLOSSARY = TABLE_KIND_DATA, TABLE_KIND_TOC, TABLE_KIND_GLOSSARY

# (kind, first line, rows, columns, where to look, words a reader uses for it)
# rows None: a layout-wrapped table whose row count no reader would agree on.
EXPECTED: dict[str, list[tuple[str, int, int | None, int, str, str]]] = {
    "darlington-youth-justice-plan-2018-19": [
        (TOC, 11, 12, 2, "caption", "Content"),
        (DATA, 277, 14, 2, "header", "BOARD ROLE"),  # no heading above: no caption
        (DATA, 386, 8, 5, "header", "Staffing Costs (£)"),
    ],
    "darlington-hmip-inspection-2021": [
        (TOC, 11, 21, 2, "caption", "Contents"),
        (DATA, 82, 17, 4, "caption", "Ratings"),
        (DATA, 135, 2, 2, "caption", "Population information"),
        (DATA, 140, 3, 3, "caption", "Demographics of children cautioned or sentenced"),
        (DATA, 144, 3, 4, "caption", "Demographics of children cautioned or sentenced"),
        (DATA, 148, 3, 3, "caption", "Demographics of children cautioned or sentenced"),
        (DATA, 154, 3, 2, "caption", "Additional caseload data"),
        (DATA, 230, 2, 2, "caption", "Key staffing data"),
        # key-question tables; some continue after footnotes and a page header
        (DATA, 378, 4, 3, "caption", "2.1. Assessment"),
        (DATA, 390, 8, 3, "caption", "analyse how to support the child's desistance"),
        (DATA, 401, 4, 3, "caption", "analyse how to keep the child safe"),
        (DATA, 410, 4, 3, "caption", "analyse how to keep other people safe"),
        (DATA, 431, 4, 3, "caption", "2.2. Planning"),
        (DATA, 446, 7, 3, "caption", "Does planning focus on supporting the child's desistance"),
        (DATA, 456, 5, 3, "caption", "planning focus sufficiently on keeping the child safe"),
        (DATA, 464, 6, 3, "caption", "planning focus sufficiently on keeping other people"),
        (DATA, 483, 4, 3, "caption", "2.3. Implementation and delivery"),
        (DATA, 498, 8, 3, "caption", "effectively support the child's desistance"),
        (DATA, 509, 3, 3, "caption", "effectively support the safety of the child"),
        (DATA, 515, 4, 3, "caption", "effectively support the safety of other people"),
        (DATA, 537, 4, 3, "caption", "2.4. Reviewing"),
        (DATA, 546, 5, 3, "caption", "reviewing focus sufficiently on supporting"),
        (DATA, 559, 4, 3, "caption", "reviewing focus sufficiently on keeping the child safe"),
        (DATA, 566, 5, 3, "caption", "reviewing focus sufficiently on keeping other people"),
        (DATA, 606, 4, 3, "caption", "3.1. Assessment"),
        (DATA, 620, 8, 3, "caption", "analyse how to support the child's desistance"),
        (DATA, 631, 3, 3, "caption", "analyse how to keep the child safe"),
        (DATA, 637, 3, 3, "caption", "analyse how to keep other people safe"),
        (DATA, 655, 4, 3, "caption", "3.2. Planning"),
        (DATA, 670, 8, 3, "caption", "Does planning focus on supporting the child's desistance"),
        (DATA, 681, 4, 3, "caption", "planning focus sufficiently on keeping the child safe"),
        (DATA, 688, 5, 3, "caption", "planning focus sufficiently on keeping other people"),
        (DATA, 707, 4, 3, "caption", "3.3. Implementation and delivery"),
        (DATA, 716, 6, 3, "caption", "service delivery effectively support the child's"),
        (DATA, 732, 3, 3, "caption", "support the safety of the child"),
        (DATA, 738, 3, 3, "caption", "support the safety of other people"),
        (DATA, 754, 3, 3, "caption", "3.4. Joint working"),
        (DATA, 762, 7, 3, "caption", "recommendations sufficiently well-informed"),
        (DATA, 776, 3, 3, "caption", "work effectively with the police"),
        (DATA, 822, 5, 2, "caption", "Ratings explained"),
        (DATA, 838, 5, 2, "caption", "Overall provider rating"),
        (DATA, 846, 5, 2, "caption", "Overall provider rating"),
    ],
    "derbyshire-youth-justice-plan-2019-20": [
        (DATA, 323, 7, 12, "title", "Youth Offending Performance Indicators - YOT Comparator"),
        (DATA, 340, 14, 6, "title", "sentenced to custody (rate per 1000 10-17 pop"),
        (DATA, 361, 14, 6, "title", "First time entrants to the Youth Justice System"),
        (DATA, 381, 14, 6, "title", "Proportion of young offenders who re-offend"),
        (DATA, 415, 14, 6, "caption", "Performance Indicators - Statistical Neighbours"),
        (DATA, 435, 14, 6, "title", "First time entrants to the Youth Justice System"),
        (DATA, 456, 14, 6, "title", "Proportion (%) of young offenders who re-offend"),
        (DATA, 478, 14, 6, "title", "Percentage of children in care subject to a conviction"),
        (DATA, 526, 10, 5, "caption", "Table 1: Partner contributions"),
        (DATA, 562, 12, 6, "caption", "Actions identified: 2019-2020"),
    ],
    "dorset-youth-justice-plan-2017-18": [
        (TOC, 19, 31, 2, "caption", "Contents"),
        (DATA, 302, 9, 4, "caption", "Resources and value for money"),
        (DATA, 319, 9, 2, "caption", "Use of the Annual Youth Justice Grant 2017/18"),
        (DATA, 339, 4, 3, "caption", "YOS Staff"),
        (DATA, 347, 3, 3, "caption", "YOS Volunteers"),  # bold caption over two lines
        (GLOSSARY, 456, 23, 2, "caption", "Glossary of Terms"),
    ],
    "northamptonshire-youth-justice-plan-2021-22": [
        (TOC, 9, 9, 2, "caption", "Table of Contents"),
        (DATA, 191, 9, 5, "caption", "Resources & Value for Money"),
        (DATA, 218, 8, 4, "caption", "YJB Funding"),
        (DATA, 256, 12, 12, "caption", "Staffing"),
        (DATA, 268, 6, 12, "title", "By Gender/Ethnicity"),
        (DATA, 306, 6, 2, "caption", "Based On 158 Open cases"),
        (DATA, 315, 6, 2, "caption", "Based On Open cases"),
        (DATA, 541, 6, 7, "caption", "Latest YJB Re-offending Cohort"),
        (DATA, 575, 4, 4, "caption", "Engagement in Employment Training and Education"),
        (DATA, 604, 5, 4, "caption", "Accommodation"),  # a chart's labels printed as rows
        (DATA, 632, 6, 4, "caption", "Performance Priorities for 2021/22"),
        (DATA, 645, None, 4, "caption", "Priorities for sustaining practice for 2021/22"),
    ],
}


@cache
def tables_of(document_id: str) -> tuple[Table, ...]:
    text = (SOURCES / f"{document_id}.txt").read_text(encoding="utf-8")
    return tuple(parse_tables(text, document_id))


def table_at(document_id: str, first_line: int) -> Table:
    return next(t for t in tables_of(document_id) if t.first_line == first_line)


def test_every_source_document_is_covered() -> None:
    assert {path.stem for path in SOURCES.glob("*.txt")} == set(EXPECTED)


@pytest.mark.parametrize("document_id", sorted(EXPECTED))
def test_tables_a_reader_sees(document_id: str) -> None:
    tables = tables_of(document_id)
    seen = [(t.kind, t.first_line, t.n_rows, t.n_columns) for t in tables]
    expected = [
        (kind, line, rows if rows is not None else seen_rows(tables, line), cols)
        for kind, line, rows, cols, _, _ in EXPECTED[document_id]
    ]
    assert seen == expected


def seen_rows(tables: tuple[Table, ...], line: int) -> int:
    return next((t.n_rows for t in tables if t.first_line == line), -1)


@pytest.mark.parametrize("document_id", sorted(EXPECTED))
def test_captions_titles_and_headers(document_id: str) -> None:
    for _, line, _, _, where, words in EXPECTED[document_id]:
        table = table_at(document_id, line)
        if where == "header":
            found = " ".join(" ".join(h) for h in table.column_headers())
        else:
            found = getattr(table, where) or ""
        assert words in found, (table.table_id, where, found)


@pytest.mark.parametrize("document_id", sorted(EXPECTED))
def test_ids_are_numbered_in_document_order(document_id: str) -> None:
    tables = tables_of(document_id)
    assert [t.table_id for t in tables] == [
        f"{document_id}#t{i:02d}" for i in range(1, len(tables) + 1)
    ]
    assert [t.first_line for t in tables] == sorted(t.first_line for t in tables)


def test_toc_and_glossary_blocks_are_marked() -> None:
    kinds = {
        document_id: [t.kind for t in tables_of(document_id) if t.kind != DATA]
        for document_id in EXPECTED
    }
    assert kinds == {
        "darlington-youth-justice-plan-2018-19": [TOC],
        "darlington-hmip-inspection-2021": [TOC],
        "derbyshire-youth-justice-plan-2019-20": [],  # its contents is a numbered list
        "dorset-youth-justice-plan-2017-18": [TOC, GLOSSARY],
        "northamptonshire-youth-justice-plan-2021-22": [TOC],
    }
    assert TABLE_KIND_LIST not in {t.kind for d in EXPECTED for t in tables_of(d)}


@pytest.mark.parametrize("document_id", sorted(EXPECTED))
def test_no_prose_paragraph_is_a_data_table(document_id: str) -> None:
    text = (SOURCES / f"{document_id}.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    for table in tables_of(document_id):
        if table.kind != DATA:
            continue
        grid_lines = {cell.source_line for cell in table.cells}
        for number in grid_lines:
            assert "\t" in lines[number - 1], (table.table_id, number)
        assert sum(1 for row in table.grid() if sum(1 for c in row if c and c.text) >= 2) >= 2


def test_prose_with_stray_tabs_is_not_a_table() -> None:
    # a paragraph line printed with trailing tabs, between footnotes and a heading
    tables = tables_of("darlington-hmip-inspection-2021")
    assert all(not (t.first_line <= 129 <= t.last_line) for t in tables)


def test_cells_keep_their_source_line_and_raw_text() -> None:
    text = (SOURCES / "derbyshire-youth-justice-plan-2019-20.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    for table in tables_of("derbyshire-youth-justice-plan-2019-20"):
        for cell in table.cells:
            if cell.raw and "\n" not in cell.raw:
                assert cell.raw in lines[cell.source_line - 1]


def test_publishing_service_row_is_bold() -> None:
    table = table_at("derbyshire-youth-justice-plan-2019-20", 340)
    bold_rows = [row[0].text for row in table.body() if row[0] and row[0].bold]
    assert bold_rows == ["Derbyshire"]
    derbyshire = next(row for row in table.body() if row[0] and row[0].text == "Derbyshire")
    assert [c.text for c in derbyshire[1:] if c] == ["0.22", "0.10", "0.18", "0.15", "0.18"]
    assert all(c.bold and c.raw.startswith("<b>") for c in derbyshire if c)


def test_time_series_headers_are_years() -> None:
    table = table_at("derbyshire-youth-justice-plan-2019-20", 381)
    assert table.header_rows == 1
    assert table.column_headers() == [
        ["YOT Comparator Group"],
        ["2013"],
        ["2014"],
        ["2015"],
        ["2016"],
        ["2017"],
    ]
    assert table.notes[0][1].startswith("Data Source: YOT Data Summary")


def test_summary_table_title_subtitle_header_and_notes() -> None:
    table = table_at("derbyshire-youth-justice-plan-2019-20", 323)
    assert table.header_rows == 3
    assert "Summary of latest published performance" in (table.title or "")
    headers = table.column_headers()
    assert headers[0][-1] == "Indicator"
    assert headers[10] == ["National Quartile Key", "lower middle", "National Rank (England Only)"]
    assert table.notes[0] == (331, "Notes")
    assert table.notes[1][1].startswith("*Based on 8 YOTS")


def test_wrapped_question_is_one_row() -> None:
    table = table_at("darlington-hmip-inspection-2021", 401)
    last = table.grid()[-1]
    assert last[0] is not None
    assert last[0].text.endswith("promote the safety and wellbeing of the child?")
    assert [c.text for c in last[1:] if c] == ["4", "4"]
    assert last[0].source_line == 405


def test_table_continues_after_footnotes_and_page_header() -> None:
    table = table_at("darlington-hmip-inspection-2021", 606)
    assert [row[0].source_line for row in table.grid() if row[0]] == [606, 607, 613, 614]
    assert table.last_line == 614


def test_two_row_headers_with_split_words() -> None:
    staffing = table_at("northamptonshire-youth-justice-plan-2021-22", 256)
    assert staffing.header_rows == 3
    headers = staffing.column_headers()
    assert headers[7][0] == headers[8][0] == "Administrators"  # "Admini" | "strators"
    assert [h[-1] for h in headers[1:9]] == ["Part-time", "Full-time"] * 4
    gender = table_at("northamptonshire-youth-justice-plan-2021-22", 268)
    assert gender.header_rows == 2
    assert gender.column_headers()[1] == ["Strategic Manager", "Male"]
    assert gender.column_headers()[2] == ["Strategic Manager", "Female"]
    assert gender.column_headers()[5][0].startswith("Practiti")
    raw_fragments = [c.raw for c in gender.cells if c.row == 0 and c.column in (5, 6)]
    assert raw_fragments == ["Practiti", "ioneers"]


def test_years_over_measures_and_cyrillic_header() -> None:
    table = table_at("northamptonshire-youth-justice-plan-2021-22", 541)
    headers = table.column_headers()
    assert headers[0] == ["", "YOT"]  # printed in Cyrillic letters
    assert all(h[0] == "April 2017 - March 2018 Reoffending" for h in headers[1:])
    assert headers[6][1] == "% Reoffending"
    yot = table.grid()[1][0]
    assert yot is not None and yot.raw != "YOT"


def test_latex_icons_are_noise() -> None:
    table = table_at("darlington-hmip-inspection-2021", 82)
    arrows = [c for c in table.cells if c.column == 3 and c.raw.startswith("$")]
    assert arrows and all(c.text == "" for c in arrows)
    score = table.grid()[0][3]
    assert score is not None and score.text == "31/36"
