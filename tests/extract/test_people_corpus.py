"""Every demographics, workforce and caseload number in the corpus, transcribed by hand.

The expected rows below were read off the source files (datasets/sources/*.txt) line by
line, not copied from the extractor's output. Each test compares the whole extracted table
of a document with them, so a missing, extra or misread number fails; each expected row
also carries the number as printed, which must stand on its line of the source.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from pipeline.extract.base import run_extractor
from pipeline.extract.people import CELLS_LEFT_OUT, DOMAIN

HMIP = "darlington-hmip-inspection-2021"
DARLINGTON_PLAN = "darlington-youth-justice-plan-2018-19"
DERBYSHIRE = "derbyshire-youth-justice-plan-2019-20"
DORSET = "dorset-youth-justice-plan-2017-18"
NORTHANTS = "northamptonshire-youth-justice-plan-2021-22"

CAUTIONED = "children_cautioned_or_sentenced"

# (table, line, population, dimension, category, subject_type, period_label, printed, unit)
DEMOGRAPHICS = {
    HMIP: [
        ("t03", 135, "total_population", "all", "all", "yot", "2020", "106,803", "count"),
        ("t03", 136, "youth_population", "all", "all", "yot", "2020", "10,147", "count"),
        ("t04", 141, CAUTIONED, "age_band", "10-14", "yot", None, "17%", "percent"),
        ("t04", 141, CAUTIONED, "age_band", "15-17", "yot", None, "83%", "percent"),
        ("t04", 142, CAUTIONED, "age_band", "10-14", "national", None, "23%", "percent"),
        ("t04", 142, CAUTIONED, "age_band", "15-17", "national", None, "77%", "percent"),
        ("t05", 145, CAUTIONED, "ethnicity", "white", "yot", None, "100%", "percent"),
        ("t05", 145, CAUTIONED, "ethnicity", "black_and_minority_ethnic", "yot", None, "0%",
         "percent"),
        ("t05", 145, CAUTIONED, "ethnicity", "unknown", "yot", None, "0%", "percent"),
        ("t05", 146, CAUTIONED, "ethnicity", "white", "national", None, "70%", "percent"),
        ("t05", 146, CAUTIONED, "ethnicity", "black_and_minority_ethnic", "national", None,
         "26%", "percent"),
        ("t05", 146, CAUTIONED, "ethnicity", "unknown", "national", None, "4%", "percent"),
        ("t06", 149, CAUTIONED, "gender", "male", "yot", None, "88%", "percent"),
        ("t06", 149, CAUTIONED, "gender", "female", "yot", None, "12%", "percent"),
        ("t06", 150, CAUTIONED, "gender", "male", "national", None, "85%", "percent"),
        ("t06", 150, CAUTIONED, "gender", "female", "national", None, "15%", "percent"),
    ],
}

# (table, line, group, role, contract_type, working_pattern, gender, ethnicity, printed, unit)
_PERMANENT, _TOTAL = "permanent", "total"
WORKFORCE = {
    HMIP: [
        ("t08", 230, "staff", None, None, None, None, None, "17", "fte"),
    ],
    DORSET: [
        # t02: posts each partner provides, in the budget table's "Staff" column (issue 20.5)
        ("t02", 303, "staff", "nurse", None, None, None, None, "1", "headcount"),
        ("t02", 303, "staff", "psychologist", None, None, None, None, "0.3", "fte"),
        ("t02", 306, "staff", "police_officer", "seconded_police", None, None, None, "2.0",
         "fte"),
        ("t02", 307, "staff", "probation_officer", "seconded_probation", None, None, None, "2",
         "fte"),
        ("t02", 308, "staff", "nurse", "seconded_health", None, None, None, "2.8", "fte"),
        ("t04", 340, "staff", None, None, None, "male", "white_british", "13", "headcount"),
        ("t04", 340, "staff", None, None, None, "female", "white_british", "37", "headcount"),
        ("t04", 341, "staff", None, None, None, "male", "white_irish", "1", "headcount"),
        ("t04", 341, "staff", None, None, None, "female", "white_irish", "0", "headcount"),
        ("t04", 342, "staff", None, None, None, "male", "white_other", "0", "headcount"),
        ("t04", 342, "staff", None, None, None, "female", "white_other", "2", "headcount"),
        ("t05", 348, "volunteers", None, None, None, "male", "white_british", "8", "headcount"),
        ("t05", 348, "volunteers", None, None, None, "female", "white_british", "16",
         "headcount"),
        ("t05", 349, "volunteers", None, None, None, "male", "white_and_black_caribbean", "0",
         "headcount"),
        ("t05", 349, "volunteers", None, None, None, "female", "white_and_black_caribbean",
         "1", "headcount"),
    ],
    NORTHANTS: [
        # t04: FTE by role and working pattern (columns) and contract type (rows)
        ("t04", 259, "staff", "strategic_manager", _PERMANENT, "full_time", None, None, "4",
         "fte"),
        ("t04", 259, "staff", "operations_manager", _PERMANENT, "full_time", None, None, "7",
         "fte"),
        ("t04", 259, "staff", "practitioner", _PERMANENT, "part_time", None, None, "4.88",
         "fte"),
        ("t04", 259, "staff", "practitioner", _PERMANENT, "full_time", None, None, "28", "fte"),
        ("t04", 259, "staff", "administrator", _PERMANENT, "part_time", None, None, "0.81",
         "fte"),
        ("t04", 259, "staff", "administrator", _PERMANENT, "full_time", None, None, "5",
         "fte"),
        ("t04", 259, "staff", _TOTAL, _PERMANENT, None, None, None, "49.69", "fte"),
        ("t04", 260, "staff", "practitioner", "seconded_police", "full_time", None, None, "3",
         "fte"),
        ("t04", 260, "staff", _TOTAL, "seconded_police", None, None, None, "3", "fte"),
        ("t04", 261, "staff", _TOTAL, "seconded_probation", None, None, None, "0", "fte"),
        ("t04", 262, "staff", "practitioner", "seconded_health_mental_health", "full_time",
         None, None, "2", "fte"),
        ("t04", 262, "staff", _TOTAL, "seconded_health_mental_health", None, None, None, "2",
         "fte"),
        ("t04", 263, "staff", _TOTAL, "seconded_health_physical_health", None, None, None, "0",
         "fte"),
        ("t04", 264, "staff", _TOTAL, "seconded_health_speech_language", None, None, None, "0",
         "fte"),
        ("t04", 265, "staff", "operations_manager", "vacant", "full_time", None, None, "16",
         "fte"),
        ("t04", 265, "staff", "practitioner", "vacant", "full_time", None, None, "1", "fte"),
        ("t04", 265, "staff", "administrator", "vacant", "full_time", None, None, "2", "fte"),
        ("t04", 265, "staff", _TOTAL, "vacant", None, None, None, "19", "fte"),
        ("t04", 266, "staff", "strategic_manager", _TOTAL, "part_time", None, None, "0", "fte"),
        ("t04", 266, "staff", "strategic_manager", _TOTAL, "full_time", None, None, "4", "fte"),
        ("t04", 266, "staff", "operations_manager", _TOTAL, "part_time", None, None, "0",
         "fte"),
        ("t04", 266, "staff", "operations_manager", _TOTAL, "full_time", None, None, "23",
         "fte"),
        ("t04", 266, "staff", "practitioner", _TOTAL, "part_time", None, None, "4.88", "fte"),
        ("t04", 266, "staff", "practitioner", _TOTAL, "full_time", None, None, "34", "fte"),
        ("t04", 266, "staff", "administrator", _TOTAL, "part_time", None, None, "0.81", "fte"),
        ("t04", 266, "staff", "administrator", _TOTAL, "full_time", None, None, "7", "fte"),
        ("t04", 266, "staff", "sessional", _TOTAL, None, None, None, "0", "fte"),
        ("t04", 266, "staff", "student", _TOTAL, None, None, None, "0", "fte"),
        ("t04", 266, "staff", _TOTAL, _TOTAL, None, None, None, "73.69", "fte"),
        # t05: headcount by role and gender (columns) and ethnicity (rows)
        ("t05", 271, "staff", "strategic_manager", None, None, "male", "white", "1",
         "headcount"),
        ("t05", 271, "staff", "strategic_manager", None, None, "female", "white", "3",
         "headcount"),
        ("t05", 271, "staff", "operations_manager", None, None, "male", "white", "3",
         "headcount"),
        ("t05", 271, "staff", "operations_manager", None, None, "female", "white", "4",
         "headcount"),
        ("t05", 271, "staff", "practitioner", None, None, "male", "white", "12", "headcount"),
        ("t05", 271, "staff", "practitioner", None, None, "female", "white", "23", "headcount"),
        ("t05", 271, "staff", "administrator", None, None, "female", "white", "5", "headcount"),
        ("t05", 271, "staff", _TOTAL, None, None, None, "white", "51", "headcount"),
        ("t05", 272, "staff", "practitioner", None, None, "male", "asian", "1", "headcount"),
        ("t05", 272, "staff", "practitioner", None, None, "female", "asian", "1", "headcount"),
        ("t05", 272, "staff", "administrator", None, None, "female", "asian", "1", "headcount"),
        ("t05", 272, "staff", _TOTAL, None, None, None, "asian", "3", "headcount"),
        ("t05", 273, "staff", "practitioner", None, None, "male", "black", "3", "headcount"),
        ("t05", 273, "staff", "practitioner", None, None, "female", "black", "4", "headcount"),
        ("t05", 273, "staff", _TOTAL, None, None, None, "black", "7", "headcount"),
        ("t05", 274, "staff", "strategic_manager", None, None, "male", _TOTAL, "1",
         "headcount"),
        ("t05", 274, "staff", "strategic_manager", None, None, "female", _TOTAL, "3",
         "headcount"),
        ("t05", 274, "staff", "operations_manager", None, None, "male", _TOTAL, "3",
         "headcount"),
        ("t05", 274, "staff", "operations_manager", None, None, "female", _TOTAL, "4",
         "headcount"),
        ("t05", 274, "staff", "practitioner", None, None, "male", _TOTAL, "16", "headcount"),
        ("t05", 274, "staff", "practitioner", None, None, "female", _TOTAL, "28", "headcount"),
        ("t05", 274, "staff", "administrator", None, None, "male", _TOTAL, "0", "headcount"),
        ("t05", 274, "staff", "administrator", None, None, "female", _TOTAL, "6", "headcount"),
        ("t05", 274, "staff", "sessional", None, None, None, _TOTAL, "0", "headcount"),
        ("t05", 274, "staff", "student", None, None, None, _TOTAL, "0", "headcount"),
        ("t05", 274, "staff", _TOTAL, None, None, None, _TOTAL, "61", "headcount"),
    ],
}

# (table, line, caseload_type, team, as_of_label, as_of_date, printed, unit)
_APRIL, _MAY = "Run 7th April 2021", "Run 17th May 2021"
_APRIL_DATE, _MAY_DATE = dt.date(2021, 4, 7), dt.date(2021, 5, 17)
CASELOADS = {
    HMIP: [
        ("t07", 154, "community_sentences", None, None, None, "20", "count"),
        ("t07", 155, "custody", None, None, None, "6", "count"),
        ("t07", 156, "out_of_court_disposals", None, None, None, "77", "count"),
        ("t08", 231, "average_per_case_manager", None, None, None, "7.25", "average"),
    ],
    NORTHANTS: [
        ("t06", 307, "open_cases", "Court", _APRIL, _APRIL_DATE, "28", "count"),
        ("t06", 308, "open_cases", "North", _APRIL, _APRIL_DATE, "63", "count"),
        ("t06", 309, "open_cases", "West", _APRIL, _APRIL_DATE, "66", "count"),
        ("t06", 310, "open_cases", "OOC(victim working)", _APRIL, _APRIL_DATE, "1", "count"),
        ("t06", 311, "open_cases", "Grand Total", _APRIL, _APRIL_DATE, "158", "count"),
        ("t07", 316, "open_cases", "Court", _MAY, _MAY_DATE, "36", "count"),
        ("t07", 317, "open_cases", "North", _MAY, _MAY_DATE, "72", "count"),
        ("t07", 318, "open_cases", "West", _MAY, _MAY_DATE, "71", "count"),
        ("t07", 319, "open_cases", "Other", _MAY, _MAY_DATE, "4", "count"),
        ("t07", 320, "open_cases", "Grand Total", _MAY, _MAY_DATE, "183", "count"),
    ],
}

DOCUMENTS = [HMIP, DARLINGTON_PLAN, DERBYSHIRE, DORSET, NORTHANTS]
KEY_COLUMNS = {
    "demographics": ["population", "dimension", "category", "subject_type", "period_label"],
    "workforce": ["group", "role", "contract_type", "working_pattern", "gender", "ethnicity"],
    "caseloads": ["caseload_type", "team", "as_of_label", "as_of_date"],
}
EXPECTED = {"demographics": DEMOGRAPHICS, "workforce": WORKFORCE, "caseloads": CASELOADS}


def _value(printed: str) -> float:
    return float(printed.replace(",", "").rstrip("%"))


def _none(value: object) -> object:
    return None if value is None or value is pd.NA or value is pd.NaT or (
        isinstance(value, float) and pd.isna(value)) else value


def _actual_rows(frame: pd.DataFrame, table: str) -> set[tuple]:
    columns = ["source_table", "source_line", *KEY_COLUMNS[table], "value", "unit"]
    return {tuple(_none(v) for v in row) for row in frame[columns].itertuples(index=False)}


def _expected_rows(document_id: str, table: str) -> set[tuple]:
    rows = set()
    for spec in EXPECTED[table].get(document_id, []):
        source, line, *keys, printed, unit = spec
        rows.add((f"{document_id}#{source}", line, *keys, _value(printed), unit))
    return rows


@pytest.fixture(scope="module")
def extracted(corpus_context):
    return {doc: (corpus_context(doc), run_extractor(DOMAIN, corpus_context(doc)))
            for doc in DOCUMENTS}


@pytest.mark.parametrize("table", ["demographics", "workforce", "caseloads"])
@pytest.mark.parametrize("document_id", DOCUMENTS)
def test_every_number_of_the_document_is_extracted_exactly(extracted, document_id, table):
    _context, outputs = extracted[document_id]
    assert _actual_rows(outputs[table].frame, table) == _expected_rows(document_id, table)


@pytest.mark.parametrize("table", ["demographics", "workforce", "caseloads"])
@pytest.mark.parametrize("document_id", DOCUMENTS)
def test_transcribed_numbers_stand_on_their_lines(corpus_context, document_id, table):
    context = corpus_context(document_id)
    for source, line, *_keys, printed, _unit in EXPECTED[table].get(document_id, []):
        assert printed in context.line(line), (source, line, printed)


@pytest.mark.parametrize("document_id", DOCUMENTS)
def test_rows_carry_the_publishing_service_and_no_row_is_dropped(extracted, document_id):
    context, outputs = extracted[document_id]
    for output in outputs.values():
        assert set(output.frame["yot_id"]) <= {context.yot_id}
        assert set(output.frame["document_id"]) <= {document_id}
        assert not [i for i in output.issues if i.code == "number_not_on_line"]


def test_the_disabled_row_of_the_staffing_table_is_left_out_and_counted(extracted):
    _context, outputs = extracted[NORTHANTS]
    left_out = [i for i in outputs["workforce"].issues if i.code == CELLS_LEFT_OUT]
    assert [(i.source_table, i.source_line) for i in left_out] == [(f"{NORTHANTS}#t04", 267)]
    assert left_out[0].message.startswith("3 cells left out")
    assert "Disabled" in left_out[0].message


def test_the_two_run_dates_go_to_the_two_caseload_tables_in_printed_order(extracted):
    """"Run 7th April 2021" (line 300) and "Run 17th May 2021" (line 302) are stacked above
    the first table (158 open cases); the second (183) follows four lines after it. The
    plan's own commentary confirms the order: case numbers "have increased" since April."""
    _context, outputs = extracted[NORTHANTS]
    frame = outputs["caseloads"].frame
    totals = frame[frame["team"] == "Grand Total"].sort_values("source_line")
    assert list(totals["value"]) == [158.0, 183.0]
    assert list(totals["as_of_label"]) == [_APRIL, _MAY]
    assert list(totals["as_of_date"]) == [_APRIL_DATE, _MAY_DATE]


def test_tables_with_none_of_these_figures_give_no_rows(extracted):
    for document_id in (DARLINGTON_PLAN, DERBYSHIRE):
        _context, outputs = extracted[document_id]
        assert all(output.frame.empty for output in outputs.values()), document_id
        assert all(not output.issues for output in outputs.values()), document_id
