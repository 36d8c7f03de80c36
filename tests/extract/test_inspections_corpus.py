"""The corpus inspection report (Darlington, HM Inspectorate of Probation, February 2021).

Expected values are transcribed by reading the report: the ratings table (lines 80-98,
OCR-damaged), each standard's section and its case-sample tables (lines 164-780).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from pipeline.extract.base import run_extractor
from pipeline.extract.inspections import (
    DOMAIN,
    check_question_rules,
    check_rating_rules,
    find_sections,
    inspection_metadata,
)
from pipeline.metadata.registry import get_table
from pipeline.validate.gx_runner import TableValidator

DOCUMENT = "darlington-hmip-inspection-2021"
RATINGS_TABLE = f"{DOCUMENT}#t02"
EXPECTATIONS = Path(__file__).resolve().parents[2] / "expectations"

OD, CD, OOC = "organisational_delivery", "court_disposals", "out_of_court_disposals"

# (code, name, domain, rating, score, line of the rating word)
RATINGS = [
    ("1.1", "Governance and leadership", OD, "outstanding", 3, 85),
    ("1.2", "Staff", OD, "good", 2, 86),
    ("1.3", "Partnerships and services", OD, "outstanding", 3, 87),
    ("1.4", "Information and facilities", OD, "good", 2, 88),
    ("2.1", "Assessment", CD, "good", 2, 90),
    ("2.2", "Planning", CD, "good", 2, 91),
    ("2.3", "Implementation and delivery", CD, "good", 2, 92),
    ("2.4", "Reviewing", CD, "outstanding", 3, 93),
    ("3.1", "Assessment", OOC, "outstanding", 3, 95),
    ("3.2", "Planning", OOC, "outstanding", 3, 96),
    ("3.3", "Implementation and delivery", OOC, "outstanding", 3, 97),
    ("3.4", "Joint working", OOC, "outstanding", 3, 98),
]

# Key questions, as printed in each standard's first table.
A_DESIST = "Does assessment sufficiently analyse how to support the child's desistance?"
A_CHILD = "Does assessment sufficiently analyse how to keep the child safe?"
A_OTHERS = "Does assessment sufficiently analyse how to keep other people safe?"
P_DESIST = "Does planning focus sufficiently on supporting the child's desistance?"
P_CHILD = "Does planning focus sufficiently on keeping the child safe?"
P_OTHERS = "Does planning focus sufficiently on keeping other people safe?"
IMPLEMENTATION = "Does the implementation and delivery of services effectively support the"
I_DESIST = f"{IMPLEMENTATION} child's desistance?"
I_CHILD = f"{IMPLEMENTATION} safety of the child?"
I_OTHERS = f"{IMPLEMENTATION} safety of other people?"
R_DESIST = "Does reviewing focus sufficiently on supporting the child's desistance?"
R_CHILD = "Does reviewing focus sufficiently on keeping the child safe?"
R_OTHERS = "Does reviewing focus sufficiently on keeping other people safe?"
OP_DESIST = "Does planning focus on supporting the child's desistance?"
S_DESIST = "Does service delivery effectively support the child's desistance?"
S_CHILD = "Does service delivery effectively support the safety of the child?"
S_OTHERS = "Does service delivery effectively support the safety of other people?"
J_RECOMMEND = ("Are the YOT's recommendations sufficiently well-informed, analytical and "
               "personalised to the child, supporting joint decision making?")
J_POLICE = ("Does the YOT work effectively with the police in implementing the out-of-court "
            "disposal?")

SIX = "Of the 6 cases inspected"
FOUR = "Of the 4 cases inspected"
NONE = None

# (line, code, question, parent, sample label, relevant, yes, yes rate)
QUESTIONS = [
    (379, "2.1", A_DESIST, NONE, SIX, 6, 5, 83.33),
    (383, "2.1", A_CHILD, NONE, SIX, 6, 5, 83.33),  # after a footnote that split the table
    (384, "2.1", A_OTHERS, NONE, SIX, 6, 4, 66.67),
    (391, "2.1", "Is there sufficient analysis of offending behaviour, including the child's "
     "attitudes towards and motivations for their offending?", A_DESIST, SIX, 6, 4, 66.67),
    (396, "2.1", "Does assessment give sufficient attention to the needs and wishes of the "
     "victim/s, and opportunities for restorative justice?", A_DESIST, SIX, 4, 2, 50.0),
    (405, "2.1", "Where applicable, does assessment analyse controls and interventions to "
     "promote the safety and wellbeing of the child?", A_CHILD, SIX, 4, 4, 100.0),  # wrapped
    (411, "2.1", "Does assessment clearly identify and analyse any risk of harm to others posed "
     "by the child, including identifying who is at risk and the nature of that risk?",
     A_OTHERS, SIX, 5, 3, 60.0),
    (432, "2.2", P_DESIST, NONE, SIX, 6, 4, 66.67),
    (433, "2.2", P_CHILD, NONE, SIX, 6, 4, 66.67),  # "safe?9"
    (434, "2.2", P_OTHERS, NONE, SIX, 4, 3, 75.0),  # "safe? 10"
    (447, "2.2", "Does planning set out the services most likely to support desistance, paying "
     "sufficient attention to the available timescales and the need for sequencing?",
     P_DESIST, SIX, 6, 3, 50.0),  # headed "Does planning focus on supporting ..."
    (451, "2.2", "Where applicable, does planning give sufficient attention to the needs and "
     "wishes of the victim/s?", P_DESIST, SIX, 4, 2, 50.0),
    (457, "2.2", "Does planning promote the safety and wellbeing of the child, sufficiently "
     "addressing risks?", P_CHILD, "Of the 6 cases with factors related to keeping the child "
     "safe", 6, 4, 66.67),
    (466, "2.2", "Does planning involve other agencies where appropriate?", P_OTHERS,
     "Of the 4 cases with factors related to keeping other people safe", 3, 3, 100.0),
    (469, "2.2", "Does planning set out necessary and effective contingency arrangements to "
     "manage those risks that have been identified?", P_OTHERS,
     "Of the 4 cases with factors related to keeping other people safe", 4, 2, 50.0),
    (485, "2.3", I_CHILD, NONE, SIX, 6, 5, 83.33),  # "<sup>12</sup>"
    (486, "2.3", I_OTHERS, NONE, SIX, 4, 3, 75.0),
    (505, "2.3", "In cases where it is required, are enforcement actions taken when "
     "appropriate?", I_DESIST, SIX, 6, 5, 83.33),
    (511, "2.3", "Where applicable, is the involvement of other organisations in keeping the "
     "child safe sufficiently well-coordinated?", I_CHILD,
     "Of the 6 cases with factors related to keeping the child safe", 6, 5, 83.33),
    (518, "2.3", "Where applicable, is sufficient attention given to the protection of actual "
     "and potential victims?", I_OTHERS,
     "Of the 4 cases with factors related to keeping other people safe", 3, 2, 66.67),
    (538, "2.4", R_DESIST, NONE, SIX, 5, 5, 100.0),  # sample label with "<sup>15</sup>"
    (540, "2.4", R_OTHERS, NONE, SIX, 1, 1, 100.0),
    (554, "2.4", "Does reviewing consider motivation and engagement levels and any relevant "
     "barriers?", R_DESIST, "Of the 5 cases where there were changes in factors related to "
     "desistance", 5, 4, 80.0),  # after two footnotes
    (562, "2.4", "Where applicable, does reviewing lead to the necessary adjustments in the "
     "ongoing plan of work to promote the safety and wellbeing of the child?", R_CHILD,
     "Of the 2 cases where there were changes in factors related to keeping the child safe",
     1, 1, 100.0),
    (567, "2.4", "Does reviewing identify and respond to changes in factors related to risk of "
     "harm?", R_OTHERS, "Of the 1 case where there were changes in factors related to keeping "
     "other people safe", 1, 1, 100.0),
    (607, "3.1", A_DESIST, NONE, FOUR, 4, 4, 100.0),
    (614, "3.1", A_OTHERS, NONE, FOUR, 4, 4, 100.0),  # after a running page header
    (624, "3.1", "Where applicable, does assessment analyse the key structural barriers facing "
     "the child?", A_DESIST, FOUR, 2, 2, 100.0),
    (639, "3.1", "Does assessment draw sufficiently on available sources of information, "
     "including any other assessments that have been completed, and other evidence of "
     "behaviour by the child?", A_OTHERS, FOUR, 2, 2, 100.0),
    (656, "3.2", OP_DESIST, NONE, FOUR, 4, 4, 100.0),
    (657, "3.2", P_CHILD, NONE, FOUR, 0, 0, None),  # zero cases
    (658, "3.2", P_OTHERS, NONE, FOUR, 1, 1, 100.0),
    (675, "3.2", "Does planning take sufficient account of opportunities for community "
     "integration, including access to mainstream services following completion of "
     "out-of-court disposal work?", OP_DESIST, FOUR, 4, 4, 100.0),
    (682, "3.2", "Does planning promote the safety and wellbeing of the child, sufficiently "
     "addressing risks?", P_CHILD, "There were no cases with factors relevant to keeping the "
     "child safe", 0, 0, None),
    (684, "3.2", "Does planning include necessary contingency arrangements for those risks "
     "that have been identified?", P_CHILD, "There were no cases with factors relevant to "
     "keeping the child safe", 0, 0, None),
    (691, "3.2", "Where applicable, does planning involve other agencies where appropriate?",
     P_OTHERS, "Of the 1 case with factors relevant to keeping other people safe", 0, 0, None),
    (693, "3.2", "Does planning include necessary contingency arrangements for those risks "
     "that have been identified?", P_OTHERS, "Of the 1 case with factors relevant to keeping "
     "other people safe", 1, 1, 100.0),
    (709, "3.3", S_CHILD, NONE, FOUR, 0, 0, None),  # "$\mbox{child}?^{21}$"
    (710, "3.3", S_OTHERS, NONE, FOUR, 1, 1, 100.0),
    (726, "3.3", "Is sufficient focus given to developing and maintaining an effective working "
     "relationship with the child and their parents/carers?", S_DESIST, FOUR, 4, 4, 100.0),
    (733, "3.3", "Does service delivery promote the safety and wellbeing of the child?",
     S_CHILD, "There were no cases with factors related to the safety of the child", 0, 0,
     None),
    (739, "3.3", "Where applicable, is sufficient attention given to the protection of actual "
     "and potential victims?", S_OTHERS, "Of the 1 case with factors related to the safety of "
     "other people", 1, 1, 100.0),
    (755, "3.4", J_RECOMMEND, NONE, FOUR, 4, 4, 100.0),
    (756, "3.4", J_POLICE, NONE, FOUR, 1, 1, 100.0),
    (763, "3.4", "Where applicable, are the recommendations by the YOT for out-of-court "
     "disposal outcomes, conditions and interventions appropriate and proportionate?",
     J_RECOMMEND, FOUR, 4, 4, 100.0),  # headed "... joint decision-making?"
    (778, "3.4", "Is sufficient attention given to compliance with and enforcement of the "
     "conditions?", J_POLICE, "Of the 1 case with youth conditional cautions", 1, 1, 100.0),
]

# (key questions, prompts) per standard, counted in the report.
COUNTS = {"2.1": (3, 13), "2.2": (3, 15), "2.3": (3, 12), "2.4": (3, 11),
          "3.1": (3, 11), "3.2": (3, 14), "3.3": (3, 9), "3.4": (2, 8)}


@pytest.fixture(scope="module")
def context(corpus_context):
    return corpus_context(DOCUMENT)


@pytest.fixture(scope="module")
def output(context):
    return run_extractor(DOMAIN, context)


@pytest.fixture(scope="module")
def ratings(output) -> pd.DataFrame:
    return output["inspection_ratings"].frame


@pytest.fixture(scope="module")
def questions(output) -> pd.DataFrame:
    return output["inspection_questions"].frame


def test_all_thirteen_rating_rows(ratings) -> None:
    assert len(ratings) == 13
    by_code = ratings.set_index("standard_code")
    overall = by_code.loc["overall"]
    assert overall["domain"] == "overall"
    assert (overall["rating"], overall["score"], overall["max_score"]) == ("outstanding", 31, 36)
    assert overall["source_line"] == 82  # "... | Score | 31/36": where the score is printed
    assert overall["source_table"] == RATINGS_TABLE
    for code, name, domain, rating, score, line in RATINGS:
        row = by_code.loc[code]
        assert (row["standard_name"], row["domain"], row["rating"]) == (name, domain, rating), code
        assert (row["score"], row["max_score"], row["source_line"]) == (score, 3, line), code
        assert row["source_table"] == RATINGS_TABLE
        assert row["document_id"] == DOCUMENT and row["yot_id"] == "darlington"


def test_each_section_confirms_the_ratings_table(context, output) -> None:
    sections = {s.code: s for s in find_sections(context) if s.rating}
    assert {code: (s.rating, s.rating_line) for code, s in sections.items()} == {
        "1.1": ("outstanding", 190), "1.2": ("good", 226), "1.3": ("outstanding", 267),
        "1.4": ("good", 317), "2.1": ("good", 374), "2.2": ("good", 427),
        "2.3": ("good", 479), "2.4": ("outstanding", 533), "3.1": ("outstanding", 602),
        "3.2": ("outstanding", 651), "3.3": ("outstanding", 703), "3.4": ("outstanding", 750),
    }
    # No disagreement, no band difference, nothing left out: the report is consistent.
    assert output["inspection_ratings"].issues == []
    assert output["inspection_questions"].issues == []


def test_every_key_question_and_prompt_is_read(questions) -> None:
    assert len(questions) == 116
    assert set(questions["domain"]) == {CD, OOC}
    for code, (keys, prompts) in COUNTS.items():
        rows = questions[questions["standard_code"] == code]
        assert rows["parent_question"].isna().sum() == keys, code
        assert rows["parent_question"].notna().sum() == prompts, code
        parents = set(rows["parent_question"].dropna())
        assert parents == set(rows.loc[rows["parent_question"].isna(), "question"]), code
    assert questions["source_line"].is_unique


@pytest.mark.parametrize("expected", QUESTIONS, ids=lambda q: f"line{q[0]}")
def test_question_rows(questions, expected) -> None:
    line, code, text, parent, label, relevant, yes, rate = expected
    [row] = questions[questions["source_line"] == line].to_dict(orient="records")
    assert (row["standard_code"], row["question"]) == (code, text)
    assert (row["parent_question"] if pd.notna(row["parent_question"]) else None) == parent
    assert row["sample_label"] == label
    assert (row["relevant_cases"], row["yes_cases"]) == (relevant, yes)
    if rate is None:
        assert pd.isna(row["yes_rate"])
    else:
        assert row["yes_rate"] == pytest.approx(rate, abs=0.005)
    assert str(row["source_table"]).startswith(f"{DOCUMENT}#t")


def test_zero_case_rows_have_no_yes_rate(questions) -> None:
    zero = questions[questions["relevant_cases"] == 0]
    assert list(zero["source_line"]) == [657, 682, 683, 684, 691, 692, 709, 733, 734]
    assert zero["yes_rate"].isna().all()
    assert questions.loc[questions["relevant_cases"] > 0, "yes_rate"].notna().all()


def test_no_question_keeps_a_footnote_marker(questions) -> None:
    assert not questions["question"].str.contains(r"\?\s*\d|<sup|\$|\^", regex=True).any()
    assert not questions["sample_label"].str.contains(r"[:\d]$|<sup", regex=True).any()


def test_scoring_rules_and_expectation_suites_pass(ratings, questions) -> None:
    assert check_rating_rules(ratings) == []
    assert check_question_rules(questions) == []
    validator = TableValidator(EXPECTATIONS)
    for name, frame in (("inspection_ratings", ratings), ("inspection_questions", questions)):
        assert validator.validate(get_table(name), frame).success, name


def test_inspection_metadata(context) -> None:
    assert inspection_metadata(context) == {
        "inspected_yot_id": "darlington",
        "published": dt.date(2021, 2, 1),
        "fieldwork_start": dt.date(2020, 9, 28),
        "fieldwork_end": dt.date(2020, 10, 1),
    }
