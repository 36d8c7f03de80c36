"""Loss made visible: numeric lines in no table and no fact row are counted and reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract.base import Rows
from pipeline.extract.coverage import (
    MANY_NUMERIC_LINES,
    NUMBERS_NOT_READ,
    coverage_issue,
    is_numeric_line,
    number_coverage,
)
from pipeline.extract.document import process_document
from pipeline.ingest.sources import discover_sources
from pipeline.metadata.enums import TABLE_KIND_DATA, TABLE_KIND_TOC
from pipeline.parse import parse_tables
from pipeline.reference.areas import AreaResolver
from pipeline.report import INFO, WARNING


@pytest.mark.parametrize(
    "line",
    ["1,200 young people", "45%", "£27.3K", "12", "2.5", "Police\t45", "1.4 FTE case managers",
     "In 2018-19 we saw 150 first time entrants", "ages 12-15 in 2019", "0.35",
     "Custody rate 0.35 per 1,000"],
)
def test_numbers_that_could_be_data_make_a_numeric_line(line: str) -> None:
    assert is_numeric_line(line)


@pytest.mark.parametrize(
    "line",
    ["Signed 28.10.19", "Meeting on 12 March 2019", "June 2019", "Review of 2018/19",
     "Strategic plan 2019 - 2021", "Plan 21-22", "17/18", "1. Introduction", "(b) Governance",
     "1.2 Introduction", "## **2. Governance and Structure**", "Table 4: staff (June 2019)",
     "Appendix 2", "Page 12", "Page: 3", "3 of 40", "Introduction............ 5",
     "children aged 10-17", "10–18-year-olds", "at 10:30", "from 9am", "at 10.30am",
     "KS2 and Q1, 1st",
     "ME2 3ET", "ISBN 978-1-84099-958-7", "Crime and Disorder Act 1998 (Section 40)", "£", "-"],
)
def test_dates_numbering_page_references_and_ages_are_not_numeric_lines(line: str) -> None:
    assert not is_numeric_line(line)


DOCUMENT = """\
Contents
1. Introduction\t3
2. Structure and governance\t5
3. Resources\t8
4. Partnerships\t11

We supported 150 children in 2019 and 35 of them were girls.

Table 1: Partner contributions 2019/20
Agency\tStaffing costs\tTotal
Police\t£50,000\t£50,000
Local Authority\t£300,000\t£300,000
Total\t£350,000\t£350,000

1. Priorities for 2020
"""


def test_lines_are_counted_outside_tables_and_outside_fact_rows() -> None:
    lines = DOCUMENT.split("\n")
    tables = parse_tables(DOCUMENT, "doc")
    assert [t.kind for t in tables] == [TABLE_KIND_TOC, TABLE_KIND_DATA]  # page numbers
    police = lines.index("Police\t£50,000\t£50,000") + 1
    prose = lines.index("We supported 150 children in 2019 and 35 of them were girls.") + 1
    facts = {"budget_contributions": Rows({"source_line": [police, police]}, 2)}
    coverage = number_coverage(lines, tables, facts)
    assert coverage.numeric_lines == 4  # the prose line and three table rows
    assert coverage.outside_tables == 1  # the prose line
    assert coverage.unread == 3
    assert coverage.first_unread == (prose, police + 1, police + 2)
    issue = coverage_issue("doc", coverage, fact_rows=2)
    assert (issue.code, issue.severity, issue.source_line) == (NUMBERS_NOT_READ, INFO, prose)
    assert issue.message.startswith("3 of 4 numeric lines are in no fact row")
    assert f"lines {prose}, {police + 1}, {police + 2}" in issue.message
    everything = {"t": Rows({"source_line": [prose, police, police + 1, police + 2]}, 4)}
    assert coverage_issue("doc", number_coverage(lines, tables, everything), 4) is None


def test_many_numbers_and_no_fact_row_is_a_warning_through_the_pipeline(tmp_path: Path) -> None:
    prose = "".join(f"In week {n} the team saw {n * 7} children and {n + 3} families.\n"
                    for n in range(1, MANY_NUMERIC_LINES + 6))
    (tmp_path / "Bolton Youth Justice Plan 2019-20.txt").write_text(
        "Bolton Youth Justice Plan 2019-20\n\n" + prose, encoding="utf-8")
    (source,) = discover_sources(tmp_path)
    result = process_document(source.document_id, source, None, AreaResolver.default(),
                              10_000_000)
    assert not result.rejected
    assert sum(rows.length for rows in result.extracts.values()) == 0
    assert result.row["numeric_lines"] == MANY_NUMERIC_LINES + 5
    assert result.row["numeric_lines_unread"] == MANY_NUMERIC_LINES + 5
    assert result.row["numeric_lines_outside_tables"] == MANY_NUMERIC_LINES + 5
    (issue,) = [i for i in result.outcome.issues if i.code == NUMBERS_NOT_READ]
    assert issue.severity == WARNING and issue.source_line == 3
    assert issue.document_id == source.document_id
