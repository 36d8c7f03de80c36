"""Every budget and grant cell of the corpus plans, transcribed from the documents.

The expected rows below were read off the source files (datasets/sources/*.txt) line
by line: value, agency, contribution type, financial year and the line it is printed
on. Dashes and empty cells are no contribution and have no row; the Dorset "Staff"
column is free text and has none either.
"""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.extract.base import run_extractor
from pipeline.extract.budgets import AMOUNTS_SHARE_LABEL, DOMAIN

DARLINGTON = "darlington-youth-justice-plan-2018-19"
DERBYSHIRE = "derbyshire-youth-justice-plan-2019-20"
DORSET = "dorset-youth-justice-plan-2017-18"
NORTHAMPTONSHIRE = "northamptonshire-youth-justice-plan-2021-22"
INSPECTION = "darlington-hmip-inspection-2021"

# (line, agency, agency_label, contribution_type, financial_year, amount_gbp)
DARLINGTON_CONTRIBUTIONS = [
    (387, "local_authority", "Local Authority", "payments_in_kind", "2018-19", 136941),
    (387, "local_authority", "Local Authority", "other_delegated_funds", "2018-19", 208860),
    (387, "local_authority", "Local Authority", "total", "2018-19", 345801),
    (388, "police", "Police Service", "staffing_costs", "2018-19", 49479),
    (388, "police", "Police Service", "other_delegated_funds", "2018-19", 69400),
    (388, "police", "Police Service", "total", "2018-19", 118879),
    (389, "probation", "National Probation Service", "staffing_costs", "2018-19", 26130),
    (389, "probation", "National Probation Service", "other_delegated_funds", "2018-19", 5000),
    (389, "probation", "National Probation Service", "total", "2018-19", 31130),
    (390, "health", "Health Service", "other_delegated_funds", "2018-19", 19672),
    (390, "health", "Health Service", "total", "2018-19", 19672),
    (391, "police_and_crime_commissioner", "Police and Crime Commissioner",
     "other_delegated_funds", "2018-19", 27389),
    (391, "police_and_crime_commissioner", "Police and Crime Commissioner", "total", "2018-19",
     27389),
    (392, "youth_justice_board", "YJB (Youth Justice Grant)", "other_delegated_funds",
     "2018-19", 222827),
    (392, "youth_justice_board", "YJB (Youth Justice Grant)", "total", "2018-19", 222827),
    (393, "total", "Total", "staffing_costs", "2018-19", 75609),
    (393, "total", "Total", "payments_in_kind", "2018-19", 136941),
    (393, "total", "Total", "other_delegated_funds", "2018-19", 553148),
    (393, "total", "Total", "total", "2018-19", 765698),
]

# The caption says 2018/19 although the plan is for 2019-20.
DERBYSHIRE_CONTRIBUTIONS = [
    (527, "local_authority", "Local authority*", "other_delegated_funds", "2018-19", 937521),
    (527, "local_authority", "Local authority*", "total", "2018-19", 937521),
    (528, "police", "Police Service", "staffing_costs", "2018-19", 114115),
    (528, "police", "Police Service", "other_delegated_funds", "2018-19", 56694),
    (528, "police", "Police Service", "total", "2018-19", 170809),
    (529, "probation", "National Probation Service", "staffing_costs", "2018-19", 48000),
    (529, "probation", "National Probation Service", "other_delegated_funds", "2018-19", 5000),
    (529, "probation", "National Probation Service", "total", "2018-19", 53000),
    (530, "health", "Health Service", "staffing_costs", "2018-19", 127226),
    (530, "health", "Health Service", "other_delegated_funds", "2018-19", 5000),
    (530, "health", "Health Service", "total", "2018-19", 132226),
    (531, "police_and_crime_commissioner", "Police and crime commissioner**",
     "other_delegated_funds", "2018-19", 113480),
    (531, "police_and_crime_commissioner", "Police and crime commissioner**", "total",
     "2018-19", 113480),
    (532, "youth_justice_board", "YJB Practice Grant", "other_delegated_funds", "2018-19",
     686214),
    (532, "youth_justice_board", "YJB Practice Grant", "total", "2018-19", 686214),
    # line 533, Welsh Government: every cell empty, so no rows
    (534, "other", "Other***", "other_delegated_funds", "2018-19", 163773),
    (534, "other", "Other***", "total", "2018-19", 163773),
    (535, "total", "Total", "staffing_costs", "2018-19", 289341),
    (535, "total", "Total", "other_delegated_funds", "2018-19", 1967682),
    (535, "total", "Total", "total", "2018-19", 2257023),
]

# "17/18 Revenue excluding recharges" and "Movement 14/15 to 17/18" (the later year).
DORSET_CONTRIBUTIONS = [
    (303, "local_authority", "Dorset County Council", "revenue", "2017-18", 531900),
    (303, "local_authority", "Dorset County Council", "change", "2017-18", 0),
    (304, "local_authority", "Bournemouth Borough Council", "revenue", "2017-18", 257100),
    (304, "local_authority", "Bournemouth Borough Council", "change", "2017-18", 0),
    (305, "local_authority", "Poole Borough Council", "revenue", "2017-18", 244000),
    (305, "local_authority", "Poole Borough Council", "change", "2017-18", -13030),
    (306, "police_and_crime_commissioner", "Police and Crime Commissioner for Dorset",
     "revenue", "2017-18", 75301),
    (306, "police_and_crime_commissioner", "Police and Crime Commissioner for Dorset",
     "change", "2017-18", -78149),
    (307, "probation", "Dorset Probation Trust", "revenue", "2017-18", 10000),
    (307, "probation", "Dorset Probation Trust", "change", "2017-18", 6826),
    (308, "health", "Dorset Clinical Commissioning Group", "revenue", "2017-18", 22487),
    (308, "health", "Dorset Clinical Commissioning Group", "change", "2017-18", 0),
    # line 309: the revenue cell is empty, the movement is £0
    (309, "health", "Dorset Healthcare University Foundation Trust", "change", "2017-18", 0),
    (310, "youth_justice_board", "Youth Justice Board Good Practice Grant", "revenue",
     "2017-18", 594304),
    (310, "youth_justice_board", "Youth Justice Board Good Practice Grant", "change",
     "2017-18", -196110),
]

_OPFCC = "Office Police, Fire and Crime Commissioner"
_EIYF = "Early Intervention Youth Fund (via OPFCC)"
_YJB = "Youth Justice Board Good Practice Grant (including JAC Grant)"
_OTHER = "Other (LA Substance Misuse)"
# Two years side by side, each as "Cash" and "Cash & Kind"; no total column.
NORTHAMPTONSHIRE_CONTRIBUTIONS = [
    (192, "police_and_crime_commissioner", _OPFCC, "cash", "2020-21", 200900),
    (192, "police_and_crime_commissioner", _OPFCC, "cash_and_kind", "2020-21", 420900),
    (192, "police_and_crime_commissioner", _OPFCC, "cash", "2021-22", 200900),
    (192, "police_and_crime_commissioner", _OPFCC, "cash_and_kind", "2021-22", 420900),
    (193, "other", _EIYF, "cash", "2020-21", 288705),
    (193, "other", _EIYF, "cash_and_kind", "2020-21", 288705),
    (194, "probation", "National Probation Service", "cash", "2020-21", 10000),
    (194, "probation", "National Probation Service", "cash_and_kind", "2020-21", 40332),
    (194, "probation", "National Probation Service", "cash", "2021-22", 31974),
    (194, "probation", "National Probation Service", "cash_and_kind", "2021-22", 34154),
    (195, "health", "NHS Northamptonshire", "cash_and_kind", "2020-21", 122798),
    (195, "health", "NHS Northamptonshire", "cash_and_kind", "2021-22", 122798),
    (196, "local_authority", "Local Authority", "cash", "2020-21", 1546945),
    (196, "local_authority", "Local Authority", "cash_and_kind", "2020-21", 1546945),
    (196, "local_authority", "Local Authority", "cash", "2021-22", 1563205),
    (196, "local_authority", "Local Authority", "cash_and_kind", "2021-22", 1563205),
    (197, "youth_justice_board", _YJB, "cash", "2020-21", 592241),
    (197, "youth_justice_board", _YJB, "cash_and_kind", "2020-21", 592241),
    (197, "youth_justice_board", _YJB, "cash", "2021-22", 636514),
    (197, "youth_justice_board", _YJB, "cash_and_kind", "2021-22", 636514),
    (198, "other", _OTHER, "cash", "2020-21", 80000),
    (198, "other", _OTHER, "cash_and_kind", "2020-21", 80000),
    (198, "other", _OTHER, "cash", "2021-22", 80000),
    (198, "other", _OTHER, "cash_and_kind", "2021-22", 80000),
    (199, "total", "Total", "cash", "2020-21", 2718791),
    (199, "total", "Total", "cash_and_kind", "2020-21", 3091921),
    (199, "total", "Total", "cash", "2021-22", 2512593),
    (199, "total", "Total", "cash_and_kind", "2021-22", 2857571),
]

# (line, priority, item_label, financial_year, amount_gbp, is_total), in printed order.
DORSET_GRANT = [
    (320, None, "Staff training", "2017-18", 10000, False),
    (321, None, "ETE staff", "2017-18", 106000, False),
    (322, None, "ICT licences and maintenance", "2017-18", 29000, False),
    (323, None, "Interpreter Fees", "2017-18", 2000, False),
    (324, None, "Victim/reparation staff", "2017-18", 113000, False),
    (325, None, "Psychologist", "2017-18", 18000, False),
    (326, None, "Towards cost of Youth Justice staff", "2017-18", 316304, False),
    (327, None, "Total", "2017-18", 594304, True),
]

_P1 = "1 All children and young people grow up in a safe environment"
_P2 = ("2 All children and young people achieve their best in education, are ready for work "
       "and have skills for life")
_P3 = "3 All children and young people grow up healthy, and have improved life chances"
_P4 = "4 Improving outcomes for children and young people in care"
_P5 = "5 Victims"
_P6 = "6 Junior Attendance Centre"
_AREAS_1 = "ISS Courts Information Management"
_AREAS_5 = "Reparation Referral Orders & Victim work"
# No year in the table or its caption ("YJB Funding"): the plan's 2021-22.
NORTHAMPTONSHIRE_GRANT = [
    (219, _P1, _AREAS_1, "2021-22", 90000, False),
    (219, _P1, _AREAS_1, "2021-22", 76000, False),
    (219, _P1, _AREAS_1, "2021-22", 30000, False),
    (219, _P1, _AREAS_1, "2021-22", 5000, False),
    (220, _P2, "ETE", "2021-22", 35000, False),
    (221, _P3, "Prevention", "2021-22", 110000, False),
    (222, _P4, "Children in Care Supervision Management", "2021-22", 65000, False),
    (223, _P5, _AREAS_5, "2021-22", 85000, False),
    (223, _P5, _AREAS_5, "2021-22", 111000, False),
    (224, _P6, "Effective Public Protection & Safeguarding", "2021-22", 30000, False),
    (225, None, "Total", "2021-22", 637000, True),
]

CONTRIBUTIONS = {
    DARLINGTON: ("darlington", "#t03", DARLINGTON_CONTRIBUTIONS),
    DERBYSHIRE: ("derbyshire", "#t09", DERBYSHIRE_CONTRIBUTIONS),
    DORSET: ("dorset-combined", "#t02", DORSET_CONTRIBUTIONS),
    NORTHAMPTONSHIRE: ("northamptonshire", "#t02", NORTHAMPTONSHIRE_CONTRIBUTIONS),
}
GRANTS = {
    DARLINGTON: ("darlington", "", []),
    DERBYSHIRE: ("derbyshire", "", []),
    DORSET: ("dorset-combined", "#t03", DORSET_GRANT),
    NORTHAMPTONSHIRE: ("northamptonshire", "#t03", NORTHAMPTONSHIRE_GRANT),
}


@pytest.fixture(scope="module")
def extracted(corpus_context):
    """Each corpus document's budget outputs, extracted once."""
    return {doc: run_extractor(DOMAIN, corpus_context(doc))
            for doc in (DARLINGTON, DERBYSHIRE, DORSET, NORTHAMPTONSHIRE, INSPECTION)}


@pytest.mark.parametrize("document_id", sorted(CONTRIBUTIONS))
def test_every_contribution_cell(extracted, document_id: str) -> None:
    yot_id, table, expected = CONTRIBUTIONS[document_id]
    frame = extracted[document_id]["budget_contributions"].frame
    got = sorted(
        (r.source_line, r.agency, r.agency_label, r.contribution_type, r.financial_year,
         r.amount_gbp)
        for r in frame.itertuples()
    )
    assert got == sorted((*row[:5], float(row[5])) for row in expected)
    assert set(frame["source_table"]) == {f"{document_id}{table}"}
    assert set(frame["document_id"]) == {document_id}
    assert set(frame["yot_id"]) == {yot_id}


@pytest.mark.parametrize("document_id", sorted(GRANTS))
def test_every_grant_cell(extracted, document_id: str) -> None:
    yot_id, table, expected = GRANTS[document_id]
    frame = extracted[document_id]["grant_spend"].frame
    got = [
        (r.source_line, None if pd.isna(r.priority) else r.priority, r.item_label,
         r.financial_year, r.amount_gbp, bool(r.is_total))
        for r in frame.itertuples()
    ]
    assert got == [(*row[:4], float(row[4]), row[5]) for row in expected]
    if expected:
        assert set(frame["source_table"]) == {f"{document_id}{table}"}
        assert set(frame["yot_id"]) == {yot_id}


def test_only_the_unpaired_spend_areas_are_reported(extracted) -> None:
    issues = [i for doc in CONTRIBUTIONS for o in extracted[doc].values() for i in o.issues]
    assert sorted((i.document_id, i.code, i.source_line) for i in issues) == [
        (NORTHAMPTONSHIRE, AMOUNTS_SHARE_LABEL, 219),
        (NORTHAMPTONSHIRE, AMOUNTS_SHARE_LABEL, 223),
    ]


def test_the_inspection_report_has_no_budget_tables(extracted) -> None:
    outputs = extracted[INSPECTION]
    assert all(output.frame.empty and not output.issues for output in outputs.values())


def test_several_amounts_in_one_cell_keep_the_printed_text_and_their_order(extracted) -> None:
    frame = extracted[NORTHAMPTONSHIRE]["grant_spend"].frame
    cell = frame[frame["source_line"] == 219]
    assert list(cell["item_label"]) == [_AREAS_1] * 4
    assert list(zip(cell["item_position"], cell["amount_gbp"], strict=True)) == [
        (1, 90000), (2, 76000), (3, 30000), (4, 5000)]
    single = frame[frame["source_line"] == 220]
    assert list(single["item_position"]) == [1]
