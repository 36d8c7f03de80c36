"""Detecting a document's service, type, title and period from its own text."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.ingest.detect import detect_metadata
from pipeline.metadata.enums import INSPECTION_REPORT, YOUTH_JUSTICE_PLAN

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
