"""Youth justice tables outside plans and inspection reports (issue 15): written answers,
council web pages and other publications are detected without a manifest entry and
their tables read; a text that never names youth justice stays rejected. Every text
here is invented."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.extract.document import process_document
from pipeline.ingest.detect import PARLIAMENT, detect, detect_metadata
from pipeline.ingest.sources import DEFAULT_MAX_BYTES, discover_sources
from pipeline.metadata.enums import (
    OTHER_PUBLICATION,
    PARLIAMENTARY_ANSWER,
    WEB_PAGE,
    YOUTH_JUSTICE_PLAN,
)
from pipeline.reference.areas import AreaResolver

# A written answer copied from the written questions service: one cell per line.
ANSWER = """Youth Offending: Bolton
Question for Ministry of Justice
UIN 123456, tabled on 4 March 2019
To ask the Secretary of State for Justice, what the rate of first time entrants to the \
youth justice system was in Bolton, the North West and England in each year since 2016.

Answered on 14 March 2019

The rate of first time entrants per 100,000 of the population aged 10-17 is below.

Year
Bolton
North West
England
2016
412
377
351
2017
388
350
322

Source: Police National Computer
This information is published under the Open Parliament Licence.
"""

WEB_PAGE_TEXT = """Skip to main content
Home > Children and families > Youth offending service
Youth offending service performance
The Wigan youth offending service works with children aged 10 to 17.
Year | Wigan | England
2017 | 402 | 301
2018 | 377 | 268
Last updated: 3 June 2019
"""

ANNUAL_REPORT = """Wigan Youth Offending Service
Annual report to the partnership board

The youth offending service supervised fewer children this year.
"""


def test_a_written_answer_is_a_parliamentary_answer_published_by_parliament() -> None:
    meta = detect_metadata(ANSWER)
    assert meta.document_type == PARLIAMENTARY_ANSWER
    assert (meta.yot_id, meta.publisher) == ("bolton", PARLIAMENT)
    assert meta.published == dt.date(2019, 3, 14)
    assert meta.licence == "Open Parliament Licence v3.0"
    assert meta.title  # its heading or, with no title block, the file name


def test_an_answer_about_reoffending_is_about_youth_justice() -> None:
    text = ("Reoffending: Bolton\nTo ask the Secretary of State for Justice, what the proven "
            "reoffending rate of children was in Bolton.\n")
    assert detect_metadata(text).document_type == PARLIAMENTARY_ANSWER


def test_a_file_name_can_say_it_is_a_written_question() -> None:
    text = "The number of children in youth custody from Bolton was 12.\n"
    meta = detect_metadata(text, file_name="Bolton youth custody PQ 2019.txt")
    assert meta.document_type == PARLIAMENTARY_ANSWER


@pytest.mark.parametrize(("text", "file_name"), [
    (WEB_PAGE_TEXT, "wigan-yos-performance.txt"),  # the site's furniture around it
    ("<html><body><h1>Wigan youth offending service</h1><table><tr><td>2018</td>"
     "<td>377</td></tr></table></body></html>\n", "wigan-yos.txt"),  # its markup
    ("Wigan youth offending service\nFirst time entrants fell again.\n", "wigan-yos.html"),
])
def test_a_web_page_is_a_web_page(text: str, file_name: str) -> None:
    meta = detect_metadata(text, file_name=file_name)
    assert (meta.document_type, meta.yot_id) == (WEB_PAGE, "wigan")


def test_other_youth_justice_text_is_another_publication() -> None:
    detection = detect(ANNUAL_REPORT, "wigan-annual-report-2019-20.txt")
    meta = detection.metadata
    assert (meta.document_type, meta.yot_id) == (OTHER_PUBLICATION, "wigan")
    assert meta.period_label == "2019-20"  # from the file name, as a plan's would be
    assert any("document type" in note.message for note in detection.notes)


@pytest.mark.parametrize("text", [
    "Wigan Council\nMinutes of the parks committee held on 3 May 2019.\nItem 4: 12 benches.\n",
    "Bolton Council budget 2019-20\nHighways | 1,200,000\nLibraries | 800,000\n",
])
def test_a_text_that_never_names_youth_justice_is_not_detected(text: str) -> None:
    assert detect_metadata(text, file_name="council.txt").document_type is None


def test_a_plan_is_still_a_plan_before_any_other_type() -> None:
    text = "Skip to main content\nBolton Youth Justice Plan 2019/20\nOur priorities.\n"
    assert detect_metadata(text).document_type == YOUTH_JUSTICE_PLAN


def test_a_written_answer_s_table_is_published_with_its_lines(tmp_path: Path) -> None:
    (tmp_path / "Youth offending Bolton.txt").write_text(ANSWER, encoding="utf-8")
    [source] = discover_sources(tmp_path)
    result = process_document(source.document_id, source, None, AreaResolver.default(),
                              DEFAULT_MAX_BYTES)
    assert not result.rejected, result.outcome
    assert result.row["document_type"] == PARLIAMENTARY_ANSWER
    lines = ANSWER.split("\n")
    kpis = result.extracts["kpi_observations"].columns
    rows = list(zip(kpis["subject_id"], kpis["period_label"], kpis["value"],
                    kpis["indicator"], kpis["source_line"], strict=True))
    read = {(subject, period, value) for subject, period, value, *_ in rows}
    assert read == {("bolton", "2016", 412.0), ("north-west", "2016", 377.0),
                    ("england", "2016", 351.0), ("bolton", "2017", 388.0),
                    ("north-west", "2017", 350.0), ("england", "2017", 322.0)}
    assert {indicator for *_, indicator, _ in rows} == {"first_time_entrants_rate"}
    for _subject, _period, value, _indicator, line in rows:
        assert lines[line - 1].strip() == f"{value:.0f}"


HTML_PAGE = """<!DOCTYPE html>
<html><head><title>Youth justice performance - Wigan Council</title></head>
<body>
<a href="#main">Skip to main content</a>
<h1>Youth justice performance</h1>
<table>
<caption>Use of custody rate per 1,000 of 10-17 population</caption>
<thead><tr><th>Area</th><th>Jan 17 - Dec 17</th><th>Jan 18 - Dec 18</th></tr></thead>
<tbody>
<tr><td>Wigan</td><td>0.31</td><td>0.25</td></tr>
<tr><td>England</td><td>0.37</td><td>0.34</td></tr>
</tbody></table>
</body></html>
"""


def test_a_council_web_page_s_table_is_published(tmp_path: Path) -> None:
    (tmp_path / "performance.html").write_text(HTML_PAGE, encoding="utf-8")
    [source] = discover_sources(tmp_path)
    result = process_document(source.document_id, source, None, AreaResolver.default(),
                              DEFAULT_MAX_BYTES)
    assert not result.rejected, result.outcome
    assert (result.row["document_type"], result.row["yot_id"]) == (WEB_PAGE, "wigan")
    kpis = result.extracts["kpi_observations"].columns
    assert sorted(zip(kpis["subject_id"], kpis["period_label"], kpis["value"],
                      kpis["indicator"], strict=True)) == [
        ("england", "Jan 17 - Dec 17", 0.37, "custody_rate"),
        ("england", "Jan 18 - Dec 18", 0.34, "custody_rate"),
        ("wigan", "Jan 17 - Dec 17", 0.31, "custody_rate"),
        ("wigan", "Jan 18 - Dec 18", 0.25, "custody_rate"),
    ]
