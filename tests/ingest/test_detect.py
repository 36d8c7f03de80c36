"""Detecting a document's service, type, title and period from its own text."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.ingest.detect import (
    FROM_FILE_NAME,
    FROM_FIRST_PAGES,
    SERVICE_SPELLING,
    detect,
    detect_metadata,
)
from pipeline.metadata.enums import INSPECTION_REPORT, YOUTH_JUSTICE_PLAN
from pipeline.periods import find_period
from pipeline.report import INFO, WARNING

# What a reader of each corpus document's title block sees. Detection runs with the
# manifest switched off: it only gets the text.
CORPUS_EXPECTED = {
    "darlington-hmip-inspection-2021": (
        "darlington", INSPECTION_REPORT, "inspection of youth offending services in Darlington",
        "February 2021", None,
    ),
    "darlington-youth-justice-plan-2018-19": (
        "darlington", YOUTH_JUSTICE_PLAN, "Darlington Youth Justice Plan 2018/19", "2018/19",
        dt.date(2018, 4, 1),
    ),
    "derbyshire-youth-justice-plan-2019-20": (
        "derbyshire", YOUTH_JUSTICE_PLAN, "Youth Justice Plan 2019-2020", "2019-2020",
        dt.date(2019, 4, 1),
    ),
    "dorset-youth-justice-plan-2017-18": (
        "dorset-combined", YOUTH_JUSTICE_PLAN, "Youth Justice Plan 2017/18", "2017/18",
        dt.date(2017, 4, 1),
    ),
    "northamptonshire-youth-justice-plan-2021-22": (
        "northamptonshire", YOUTH_JUSTICE_PLAN, "Northamptonshire Youth Offending Service Plan",
        "21-22", dt.date(2021, 4, 1),
    ),
}


@pytest.mark.parametrize("document_id", sorted(CORPUS_EXPECTED))
def test_corpus_documents_are_detected_without_the_manifest(
    corpus_texts: dict[str, str], document_id: str
) -> None:
    yot_id, doc_type, title, period_label, period_start = CORPUS_EXPECTED[document_id]
    meta = detect_metadata(corpus_texts[document_id])
    assert meta.yot_id == yot_id
    assert meta.document_type == doc_type
    assert title in meta.title
    assert meta.period_label == period_label
    assert meta.period_start == period_start
    if period_start:
        assert meta.period_end == dt.date(period_start.year + 1, 3, 31)


def test_inspection_publication_month_and_publisher() -> None:
    text = (
        "\n\nAn inspection of youth justice services in\n\n# **Kirklees**\n\n"
        "HM Inspectorate of Probation, November 2022\n\nContents\n"
    )
    meta = detect_metadata(text)
    assert meta.document_type == INSPECTION_REPORT
    assert meta.yot_id == "kirklees"
    assert meta.title == "An inspection of youth justice services in Kirklees"
    assert meta.published == dt.date(2022, 11, 1)
    assert meta.publisher == "HM Inspectorate of Probation"


@pytest.mark.parametrize(
    ("text", "yot_id", "label", "start_year"),
    [
        ("<b>Nottinghamshire YOS</b>\n\nYouth Justice Strategic Plan 2020 – 2021\n",
         "nottinghamshire", "2020 – 2021", 2020),
        ("Cardiff Youth Justice Service\nYouth Justice Plan\n2022/23\n\nForeword\n",
         "cardiff", "2022/23", 2022),
        ("WEST MERCIA YOUTH JUSTICE SERVICE\n\n*Youth\nJustice\nPlan*\n\n2016-17\n",
         "west-mercia", "2016-17", 2016),
    ],
)
def test_variant_plan_title_blocks(text: str, yot_id: str, label: str, start_year: int) -> None:
    meta = detect_metadata(text)
    assert meta.document_type == YOUTH_JUSTICE_PLAN
    assert meta.yot_id == yot_id
    assert meta.period_label == label
    assert meta.period_start == dt.date(start_year, 4, 1)


def test_a_document_naming_no_known_service_detects_no_service() -> None:
    meta = detect_metadata("Youth Justice Plan 2019/20\n\nOur town's plan for the year.\n")
    assert meta.document_type == YOUTH_JUSTICE_PLAN
    assert meta.yot_id is None


def test_prose_is_not_a_title() -> None:
    meta = detect_metadata("Minutes of the meeting held on 3 May 2019 in Leeds.\n" * 3)
    assert meta.document_type is None
    assert meta.title is None


# --- documents with no title block: the file name and the first pages -----------------

_NO_TITLE = ("Contents\n1. Introduction\t3\n2. Structure and Governance\t5\n\n"
             "Introduction\nThe service works with children across the borough.\n")


def test_a_file_name_gives_service_type_title_and_period_when_no_title_block_does() -> None:
    detection = detect(_NO_TITLE + "Wigan partners meet monthly.\n",
                       "Wigan YJ plan 1920 Final  draft.txt")
    meta = detection.metadata
    assert (meta.yot_id, meta.document_type) == ("wigan", YOUTH_JUSTICE_PLAN)
    assert meta.title == "Wigan YJ plan 1920 Final draft"
    assert (meta.period_label, meta.period_start, meta.period_end) == (
        "1920", dt.date(2019, 4, 1), dt.date(2020, 3, 31))
    (note,) = detection.notes
    assert note.code == FROM_FILE_NAME and note.severity == INFO
    assert "document type, title, service, period" in note.message


@pytest.mark.parametrize(
    ("file_name", "yot_id", "label", "start", "end"),
    [
        ("Bolton YJS Buisness  Plan 2019-2020.txt", "bolton", "2019-2020", 2019, 2020),
        ("N Somerset Youth Justice Partnership Plan 19-22 Draft (003).txt", "north-somerset",
         "19-22", 2019, 2022),
        ("NE Lincs Service Plan 18 - 20 refresh (09-08-2018) agreed by YJB.txt",
         "north-east-lincolnshire", "18 - 20", 2018, 2020),
        ("SCST Youth Justice Plan 2019 - 2021.txt", "slough", "2019 - 2021", 2019, 2021),
        ("Medway YOT Plan 2017 to 2020 Final signed.txt", "medway", "2017 to 2020", 2017, 2020),
        ("Gateshead YJP 2018-21 v3.txt", "gateshead", "2018-21", 2018, 2021),
        ("Bury Youth Justice Plan 19 20.txt", "bury", "19 20", 2019, 2020),
    ],
)
def test_file_name_forms(file_name: str, yot_id: str, label: str, start: int, end: int) -> None:
    meta = detect_metadata(_NO_TITLE, file_name=file_name)
    assert (meta.yot_id, meta.document_type, meta.period_label) == (
        yot_id, YOUTH_JUSTICE_PLAN, label)
    assert (meta.period_start, meta.period_end) == (dt.date(start, 4, 1), dt.date(end, 3, 31))


def test_a_title_block_wins_over_the_file_name() -> None:
    text = "Medway Youth Justice Partnership\n\nDELIVERY PLAN\n2019/20\n\n" + _NO_TITLE
    detection = detect(text, "Medway YOT Plan 2017 to 2020 Final signed.txt")
    meta = detection.metadata
    assert meta.title == "Medway Youth Justice Partnership DELIVERY PLAN 2019/20"
    assert (meta.yot_id, meta.period_label) == ("medway", "2019/20")
    assert detection.notes == []


def test_a_lower_case_service_in_a_file_name_must_be_printed_in_the_text() -> None:
    assert detect_metadata(_NO_TITLE + "Every school teaches reading.\n",
                           file_name="reading Youth Justice Plan 2019-20.txt").yot_id is None
    printed = _NO_TITLE + "Partners across Reading agreed the plan.\n"
    assert detect_metadata(printed, file_name="reading Youth Justice Plan 2019-20.txt"
                           ).yot_id == "reading"


def test_a_misspelt_service_in_a_file_name_is_read_only_when_one_name_is_that_close() -> None:
    detection = detect(_NO_TITLE, "Hartlepol Youth Justice Plan - 2018-20 - signed.txt")
    assert detection.metadata.yot_id == "hartlepool"
    spelling = [n for n in detection.notes if n.code == SERVICE_SPELLING]
    assert len(spelling) == 1 and spelling[0].severity == WARNING
    assert "'Hartlepol'" in spelling[0].message
    # too short to guess (closer to Derby than to Derbyshire), and not a name at all
    assert detect_metadata(_NO_TITLE, file_name="Derbys YJ Plan 2019-20.txt").yot_id is None
    assert detect_metadata(_NO_TITLE, file_name="Strategic YJ Plan.txt").yot_id is None


def test_a_generic_plan_name_needs_youth_justice_text() -> None:
    assert detect_metadata("Our council's priorities for the year.\n",
                           file_name="Bolton Business Plan 2019-20.txt").document_type is None
    meta = detect_metadata("The youth offending service's priorities.\n",
                           file_name="Bolton Business Plan 2019-20.txt")
    assert meta.document_type == YOUTH_JUSTICE_PLAN


def test_first_pages_name_the_plan_and_its_period_in_prose() -> None:
    text = ("3. Review of Youth Justice Plan 2016-2017\n"
            "Review of the Youth Justice Plan 2017-18 shows progress.\n"
            "Welcome to the Bolton Youth Justice Plan 2019/21. Our two year plan sits "
            "alongside the borough's strategies and sets out our priorities.\n")
    detection = detect(text, "Bolton plan v6.txt")
    meta = detection.metadata
    assert (meta.yot_id, meta.document_type) == ("bolton", YOUTH_JUSTICE_PLAN)
    assert (meta.period_label, meta.period_start, meta.period_end) == (
        "2019/21", dt.date(2019, 4, 1), dt.date(2021, 3, 31))
    assert meta.title == "Bolton plan v6"
    assert {n.code for n in detection.notes} == {FROM_FILE_NAME, FROM_FIRST_PAGES}


@pytest.mark.parametrize(
    ("title_block", "label", "start", "end"),
    [
        ("Youth Justice Plan\n2019 - 2021\n", "2019 - 2021", dt.date(2019, 4, 1),
         dt.date(2021, 3, 31)),
        ("Youth Justice Plan\nApril 2019 - March 2020\n", "April 2019 - March 2020",
         dt.date(2019, 4, 1), dt.date(2020, 3, 31)),
        ("Youth Offending Service Plan\nJuly 2018 - June 2020 Refresh\n",
         "July 2018 - June 2020", dt.date(2018, 7, 1), dt.date(2020, 6, 30)),
        ("Youth Justice Partnership Plan\n01/04/19 - 31/03/22\n", "01/04/19 - 31/03/22",
         dt.date(2019, 4, 1), dt.date(2022, 3, 31)),
        ("Youth Justice and Crime Prevention Plan\n2019-2022 \t 2019-20 update\n",
         "2019-2022", dt.date(2019, 4, 1), dt.date(2022, 3, 31)),
    ],
)
def test_plan_periods_spanning_years_and_months(
    title_block: str, label: str, start: dt.date, end: dt.date
) -> None:
    meta = detect_metadata("Bolton\n" + title_block + "\nForeword\n")
    assert meta.document_type == YOUTH_JUSTICE_PLAN and meta.yot_id == "bolton"
    assert (meta.period_label, meta.period_start, meta.period_end) == (label, start, end)


@pytest.mark.parametrize(
    "line",
    ["1. Purpose of the Youth Justice Plan",
     "• Youth Justice Plan Key Priorities",
     "Review of Youth Justice Plan 2018-19\t5",
     "Local authorities must submit an annual youth justice plan to the board.",
     "Summary of the Youth Justice Plan......... 12"],
)
def test_list_items_contents_entries_and_sentences_are_not_titles(line: str) -> None:
    assert detect_metadata(f"Bolton\n{line}\n").title is None


def test_headings_after_the_contents_are_not_titles() -> None:
    text = "Contents\n1. Foreword\n\nYouth Justice Plan Key Priorities\n"
    assert detect_metadata(text).title is None
    assert detect_metadata(text, file_name="Bolton Youth Justice Plan 2019 - 2021.txt"
                           ).title == "Bolton Youth Justice Plan 2019 - 2021"


@pytest.mark.parametrize(
    ("text", "kwargs", "expected"),
    [
        ("aged 10-17", {"allow_short": True}, None),
        ("on 2019-06-30", {"allow_short": True}, None),
        ("signed 28.10.19", {"allow_short": True, "compact": True}, None),
        ("Plan 2021", {"allow_short": True, "compact": True}, None),  # a year, not 2020-21
        ("ref 74629", {"allow_short": True, "compact": True}, None),
        ("2019-2026", {}, None),  # longer than any plan
        ("19-22", {}, None),  # two-digit years only where a period is expected
        ("v10 2019-21v10a", {}, ("2019-21", 2019, 2021)),
        ("Plan 2019- 20 signed", {}, ("2019- 20", 2019, 2020)),
    ],
)
def test_find_period_reads_only_periods(text: str, kwargs: dict, expected: tuple | None
                                        ) -> None:
    found = find_period(text, **kwargs)
    if expected is None:
        assert found is None
    else:
        assert (found.label, found.start.year, found.end.year) == expected


def test_a_service_named_only_in_the_first_pages_prose_is_the_one_named_most() -> None:
    prose = ("Our service works with partners in Wigan and, for custody, in Bolton; this "
             "plan sets out how Bolton children will be supported over the coming year by "
             "the partnership and its board, and how Bolton's board checks the work.")
    detection = detect("Contents\n1. Introduction\t3\n\n" + prose + "\n",
                       "Youth Justice Plan 2019-20 final.txt")
    assert detection.metadata.yot_id == "bolton"
    assert any(n.code == FROM_FIRST_PAGES and "service" in n.message for n in detection.notes)
