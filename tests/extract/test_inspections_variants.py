"""Inspection reports nobody has seen yet: other services, years, ratings and formats.

Each variant is a small report written for these tests in the shape the Inspectorate
uses, but with what the corpus report does not have: markdown and HTML tables, "youth
justice service" wording, a domain-one-only inspection, a standard outside the
framework file, OCR-split rating words, a question row left alone by a page break.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from pipeline.extract.base import NUMBER_NOT_ON_LINE, context_from_text, run_extractor
from pipeline.extract.inspections import (
    DOMAIN,
    OVERALL_SCORE_DERIVED,
    QUESTION_TABLE_OUTSIDE_STANDARD,
    QUESTION_UNREADABLE,
    RATING_DIFFERS_FROM_BAND,
    RATING_DIFFERS_FROM_SECTION,
    RATING_FROM_SECTION,
    STANDARD_NAME_DIFFERS,
    UNKNOWN_DOMAIN,
    UNKNOWN_STANDARD,
    check_question_rules,
    check_rating_rules,
    clean_question,
    inspection_metadata,
)
from pipeline.metadata.enums import INSPECTION_REPORT, YOUTH_JUSTICE_PLAN
from pipeline.report import ERROR, INFO, WARNING

# --- variant 1: markdown, a youth justice service, thirteen standards (1.5 unknown) ------------

SUFFOLK_MARKDOWN = """An inspection of youth justice services in

# Suffolk

HM Inspectorate of Probation, November 2022

## Contents

| Section | Page |
|---|---|
| Ratings | 3 |
| 1.1 Governance and leadership | 6 |
| 2.1 Assessment | 12 |

## Introduction

We inspected and rated Suffolk Youth Justice Service (YJS) across three domains. We inspect \
against 13 standards. Overall, Suffolk YJS was rated as 'Good'. Our fieldwork took place \
between 4 and 8 July 2022.

## Ratings

| Suffolk Youth Justice Service | | Score | 23/39 |
|---|---|---|---|
| **Overall rating** | | **Good** | |
| **1.** | **Organisational delivery** | | |
| 1.1 | Governance and leadership | Good | |
| 1.2 | Staff | Good | |
| 1.3 | Partnerships and services | Requires improvement | |
| 1.4 | Information and facilities | Good | |
| 1.5 | Resettlement policy and provision | Requires improvement | |
| **2.** | **Court disposals** | | |
| 2.1 | Assessment | Requires improvement | |
| 2.2 | Planning | Good | |
| 2.3 | Implementation and delivery | Good | |
| 2.4 | Reviewing | Requires improvement | |
| **3.** | **Out-of-court disposals** | | |
| 3.1 | Assessment | Good | |
| 3.2 | Planning | Good | |
| 3.3 | Implementation and delivery | Outstanding | |
| 3.4 | Joint working | Good | |

## 1. Organisational delivery

### 1.1. Governance and leadership

The governance and leadership of the YJS supports and promotes the delivery of a \
high-quality, personalised and responsive service for all children.

**Good**

### 1.5. Resettlement policy and provision

A high-quality, personalised and responsive resettlement service is in place for all \
children leaving custody.

**Requires improvement**

## 2. Court disposals

### 2.1. Assessment

Assessment is well-informed, analytical and personalised, actively involving the child.

**Requires improvement**

Our rating<sup>3</sup> for assessment is based on the following key questions:

| Of the 10 cases inspected | Relevant cases | Number 'Yes' |
|---|---|---|
| Does assessment sufficiently analyse how to support the child's desistance? | 10 | 8 |
| Does assessment sufficiently analyse how to keep the child safe?<sup>4</sup> | 10 | 6 |
| Does assessment sufficiently analyse how to keep other people safe? | 10 | 5 |

#### Does assessment sufficiently analyse how to support the child's desistance?

| Of the 10 cases inspected: | Relevant cases | Number 'Yes' |
|---|---|---|
| Does assessment focus on the child's strengths and protective factors? | 10 | 9 |
| Where applicable, does assessment analyse the key structural barriers facing the child? \
| 7 | 4 |

#### Does assessment sufficiently analyse how to keep other people safe?

| Of the 8 cases with factors related to keeping other people safe: | Relevant cases | \
Number 'Yes' |
|---|---|---|
| Does assessment clearly identify and analyse any risk of harm to others posed by the \
child? | 8 | 4 |

### 2.4. Reviewing

Reviewing of progress is well-informed, analytical and personalised.

**Requires improvement**

| Of the 10 cases inspected | Relevant cases | Number 'Yes' |
|---|---|---|
| Does reviewing focus sufficiently on supporting the child's desistance? | 9 | 6 |
| Does reviewing focus sufficiently on keeping the child safe? | 5 | 3 |
| Does reviewing focus sufficiently on keeping other people safe? | 0 | 0 |

#### Does reviewing focus sufficiently on keeping other people safe?

| There were no cases where there were changes in factors related to keeping other people \
safe: | Relevant cases | Number 'Yes' |
|---|---|---|
| Does reviewing identify and respond to changes in factors related to risk of harm? | 0 | 0 |

## Annexe 1: Methodology

| Score | Rating (overall) |
|---|---|
| 0-6 | Inadequate |
| 7-19 | Requires improvement |
| 20-32 | Good |
| 33-39 | Outstanding |
"""

# --- variant 2: HTML, domain one only, a youth justice service --------------------------------

WAKEFIELD_HTML = """<p>An inspection of youth justice services in Wakefield</p>

<p>HMI Probation, March 2023</p>

<p>The fieldwork for this inspection started on 06 December 2022.</p>

<h2>Ratings</h2>

<table>
<tr><th colspan="2">Wakefield Youth Justice Service</th><th>Score</th><th>4/12</th></tr>
<tr><td colspan="2"><strong>Overall rating</strong></td><td>Requires improvement</td><td></td></tr>
<tr><td>1.</td><td>Organisational delivery</td><td></td><td></td></tr>
<tr>
<td>1.1</td>
<td>Governance and leadership</td>
<td>Requires improvement</td><td></td>
</tr>
<tr><td>1.2</td><td>Staff</td><td>Inadequate</td><td></td></tr>
<tr><td>1.3</td><td>Partnerships and services</td><td>Good</td><td></td></tr>
<tr><td>1.4</td><td>Information and facilities</td><td>Requires improvement</td><td></td></tr>
</table>

<h2>1. Organisational delivery</h2>

<h3>1.2. Staff</h3>

<p>Staff within the YJS are empowered to deliver a high-quality, personalised and responsive \
service for all children.</p>

<p><strong>Inadequate</strong></p>

<h3>1.3. Partnerships and services</h3>

<p>A comprehensive range of high-quality services is in place.</p>

<p><strong>Good</strong></p>
"""

# --- variant 3: OCR-damaged tab-separated text, plain headings, a fourth domain ----------------

WIRRAL_OCR = (
    "An inspection of youth offending services in Wirral\n"
    "\n"
    "HM Inspectorate of Probation, July 2019\n"
    "\n"
    "Our fieldwork took place between 29 April 2019 and 3 May 2019.\n"
    "\n"
    "Ratings\n"
    "\n"
    "Wirr\tal Youth Offending Service\tScore\t\n"
    "Overa\tII rating\tRequires\timprovement\n"
    "1.\tOrganisational delivery\t\t\n"
    "1.1\tGovernance and leadership\tRequires\timprovement\n"
    "1.2\tStaff\tRequires\timprovement\n"
    "1.3\tPartnerships and services\tGood\t\n"
    "1.4\tInformation and facilities\tRequires\timprovement\n"
    "2.\tCourt disposals\t\t\n"
    "2.1\tAssessment\tInadequate\t$\\Rightarrow$\n"
    "2.2\tPlanning\tGood\t\n"
    "2.3\tImplementation and delivery\tRequires\timprovement\n"
    "2.4\tReviewing\tRequires\timprovement\n"
    "3.\tOut-of-court disposals\t\t\n"
    "3.1\tAssessment\tRequires\timprovement\n"
    "3.2\tPlanning\tGood\t\n"
    "3.3\tImplementation and delivery\tOutstanding\t\n"
    "3.4\tJoint working\tGood\t\n"
    "4.\tResettlement\t\t\n"
    "4.1\tResettlement policy and provision\tGood\t\n"
    "\n"
    "2. Court disposals\n"
    "\n"
    "2.1. Assessment\n"
    "\n"
    "Assessment is well-informed, analytical and personalised.\n"
    "\n"
    "Inadequate\n"
    "\n"
    "Our rating for assessment is based on the following key questions:\n"
    "\n"
    "Of the 7 cases inspected\tRelevant cases\tNumber 'Yes'\n"
    "Does assessment sufficiently analyse how to support the child's desistance?\t7\t4\n"
    "Does assessment sufficiently analyse how to keep the child safe?$^{4}$\t7\t2\n"
    "Does assessment sufficiently analyse how to keep other people safe?\t6\t3\n"
    "\n"
    "Does assessment sufficiently analyse how to keep the child safe?\n"
    "\n"
    "Of the 7 cases inspected:\tRelevant cases\tNumber 'Yes'\n"
    "Does assessment clearly identify and analyse any risks to the safety and wellbeing of the "
    "child?\t7\t2\n"
    "Where applicable, does assessment analyse controls and interventions to promote the safety "
    "and wellbeing of the\t5\t1\n"
    "child?\t\t\n"
    "\n"
    "<sup>4</sup> This question is only relevant in cases where there are factors related to "
    "keeping the child safe.\n"
    "\n"
    "Inspection of youth offending services: Wirral\n"
    "\n"
    "Does assessment draw sufficiently on available sources of information, including other "
    "assessments?\t7\t3\n"
    "\n"
    "Some cases paid too little attention to the risks the child faced at home and in the "
    "community, and in two cases there was no assessment of the child's safety at all.\n"
    "\n"
    "Does assessment involve other agencies where appropriate?\t7\t4\n"
    "\n"
    "2.2. Planning\n"
    "\n"
    "Planning is well-informed, holistic and personalised.\n"
    "\n"
    "Good\n"
    "\n"
    "Of the 6 cases inspected\tRelevant cases\tNumber 'Yes'\n"
    "Does planning focus sufficiently on supporting the child's desistance?\t6\t5\n"
    "Does planning focus sufficiently on keeping the child safe?9\t6\t3\n"
    "Does planning focus sufficiently on keeping other people safe? 10\t2\t2\n"
    "\n"
    "The quality of planning is rated as 'Good', using the discretion the rules allow.\n"
    "\n"
    "Does planning focus sufficiently on the victims?\t3\t3\n"
    "Does planning focus sufficiently on the child's education?\t6\t6\n"
    "\n"
    "Does planning focus on keeping the child safe?\n"
    "\n"
    "<table>\n"
    "<tr><th>Of the 6 cases with factors related to keeping the child safe:</th>"
    "<th>Relevant cases</th><th>Number &#8216;Yes&#8217;</th></tr>\n"
    "<tr><td>Does planning promote the safety and wellbeing of the child, sufficiently "
    "addressing risks?</td><td>6</td><td>3</td></tr>\n"
    "<tr><td>Does planning set out necessary and effective contingency arrangements"
    "<sup>11</sup>?</td><td>6</td><td>2</td></tr>\n"
    "</table>\n"
    "\n"
    "4. Resettlement\n"
    "\n"
    "4.1. Resettlement policy and provision\n"
    "\n"
    "Good\n"
    "\n"
    "Resettlement policy and provision is well designed.\n"
    "\n"
    "Of the 2 cases inspected\tRelevant cases\tNumber 'Yes'\n"
    "Does resettlement planning start early enough?\t2\t2\n"
)


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line of `text` containing `fragment`."""
    found = [n for n, line in enumerate(text.split("\n"), start=1) if fragment in line]
    return found[occurrence - 1]


def extract(text: str, document_id: str, yot_id: str):
    ctx = context_from_text(text, document_id=document_id, yot_id=yot_id,
                            document_type=INSPECTION_REPORT)
    return ctx, run_extractor(DOMAIN, ctx)


def ratings_by_code(output) -> dict[str, dict]:
    frame = output["inspection_ratings"].frame
    return {row["standard_code"]: row for row in frame.to_dict(orient="records")}


def question(output, text: str) -> dict:
    frame = output["inspection_questions"].frame
    [row] = frame[frame["question"] == text].to_dict(orient="records")
    return row


def codes(issues, severity: str | None = None) -> list[str]:
    return [i.code for i in issues if severity is None or i.severity == severity]


# --- variant 1 ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def suffolk():
    return extract(SUFFOLK_MARKDOWN, "suffolk-hmip-inspection-2022", "suffolk")


def test_markdown_ratings_with_a_standard_the_framework_file_lacks(suffolk) -> None:
    _, output = suffolk
    rows = ratings_by_code(output)
    assert list(rows) == ["overall", "1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3",
                          "2.4", "3.1", "3.2", "3.3", "3.4"]
    overall = rows["overall"]
    assert (overall["rating"], overall["score"], overall["max_score"]) == ("good", 23, 39)
    assert overall["source_line"] == line_of(SUFFOLK_MARKDOWN, "| Score | 23/39 |")
    resettlement = rows["1.5"]
    assert resettlement["standard_name"] == "Resettlement policy and provision"
    assert resettlement["domain"] == "organisational_delivery"
    assert resettlement["rating"] == "requires_improvement" and resettlement["score"] == 1
    assert resettlement["source_line"] == line_of(SUFFOLK_MARKDOWN, "| 1.5 |")
    assert resettlement["source_table"] == "suffolk-hmip-inspection-2022#t02"
    assert [(rows[c]["rating"], rows[c]["domain"]) for c in ("2.1", "3.3")] == [
        ("requires_improvement", "court_disposals"), ("outstanding", "out_of_court_disposals")]
    assert codes(output["inspection_ratings"].issues) == [UNKNOWN_STANDARD]
    assert output["inspection_ratings"].issues[0].severity == INFO


def test_markdown_questions_strip_markup_and_keep_zero_case_rows(suffolk) -> None:
    _, output = suffolk
    frame = output["inspection_questions"].frame
    assert len(frame) == 10
    safe = question(output, "Does assessment sufficiently analyse how to keep the child safe?")
    assert (safe["relevant_cases"], safe["yes_cases"]) == (10, 6)
    assert pd.isna(safe["parent_question"])
    assert safe["sample_label"] == "Of the 10 cases inspected"
    harm = question(output, "Does assessment clearly identify and analyse any risk of harm to "
                    "others posed by the child?")
    assert harm["parent_question"] == (
        "Does assessment sufficiently analyse how to keep other people safe?")
    assert harm["sample_label"] == (
        "Of the 8 cases with factors related to keeping other people safe")
    assert harm["yes_rate"] == pytest.approx(50.0)
    none = question(output, "Does reviewing identify and respond to changes in factors related "
                    "to risk of harm?")
    assert (none["relevant_cases"], none["yes_cases"]) == (0, 0)
    assert pd.isna(none["yes_rate"])
    assert none["sample_label"].startswith("There were no cases where there were changes")
    assert none["source_line"] == line_of(SUFFOLK_MARKDOWN, "| Does reviewing identify")
    assert check_question_rules(frame) == []
    assert check_rating_rules(output["inspection_ratings"].frame) == []


def test_markdown_metadata_reads_a_youth_justice_service(suffolk) -> None:
    ctx, _ = suffolk
    assert inspection_metadata(ctx) == {
        "inspected_yot_id": "suffolk",
        "published": dt.date(2022, 11, 1),
        "fieldwork_start": dt.date(2022, 7, 4),
        "fieldwork_end": dt.date(2022, 7, 8),
    }


# --- variant 2 ---------------------------------------------------------------------------------


def test_html_report_rating_domain_one_only() -> None:
    ctx, output = extract(WAKEFIELD_HTML, "wakefield-hmip-inspection-2023", "wakefield")
    rows = ratings_by_code(output)
    assert {code: (row["rating"], row["score"]) for code, row in rows.items()} == {
        "overall": ("requires_improvement", 4),
        "1.1": ("requires_improvement", 1),
        "1.2": ("inadequate", 0),
        "1.3": ("good", 2),
        "1.4": ("requires_improvement", 1),
    }
    assert rows["overall"]["max_score"] == 12
    # A cell on its own line: the line of the rating word, not of the code.
    assert rows["1.1"]["source_line"] == line_of(WAKEFIELD_HTML, "<td>Requires improvement</td>", 2)
    assert rows["1.2"]["source_line"] == line_of(WAKEFIELD_HTML, "<td>Staff</td>")
    assert output["inspection_questions"].frame.empty
    assert output["inspection_ratings"].issues == []  # the two sections confirm the table
    assert check_rating_rules(output["inspection_ratings"].frame) == []
    assert inspection_metadata(ctx) == {
        "inspected_yot_id": "wakefield",
        "published": dt.date(2023, 3, 1),
        "fieldwork_start": dt.date(2022, 12, 6),
        "fieldwork_end": None,
    }


# --- variant 3 ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wirral():
    return extract(WIRRAL_OCR, "wirral-hmip-inspection-2019", "wirral")


def test_ocr_split_rating_words_are_read_through(wirral) -> None:
    _, output = wirral
    rows = ratings_by_code(output)
    assert rows["overall"]["rating"] == "requires_improvement"
    assert rows["overall"]["source_line"] == line_of(WIRRAL_OCR, "Overa\tII rating")
    assert rows["1.4"]["rating"] == "requires_improvement"
    assert rows["2.1"]["rating"] == "inadequate"  # arrow glyph in the next cell ignored
    assert rows["3.3"]["rating"] == "outstanding"


def test_no_printed_total_derives_the_overall_score(wirral) -> None:
    _, output = wirral
    overall = ratings_by_code(output)["overall"]
    assert (overall["score"], overall["max_score"]) == (17, 36)
    assert OVERALL_SCORE_DERIVED in codes(output["inspection_ratings"].issues, INFO)
    assert check_rating_rules(output["inspection_ratings"].frame) == []


def test_a_domain_outside_the_contract_is_left_out_and_reported(wirral) -> None:
    _, output = wirral
    assert "4.1" not in ratings_by_code(output)
    assert UNKNOWN_DOMAIN in codes(output["inspection_ratings"].issues, WARNING)
    questions = output["inspection_questions"].frame
    assert "Does resettlement planning start early enough?" not in set(questions["question"])
    assert QUESTION_TABLE_OUTSIDE_STANDARD in codes(output["inspection_questions"].issues)


def test_tsv_questions_across_wraps_page_breaks_and_html(wirral) -> None:
    _, output = wirral
    frame = output["inspection_questions"].frame
    assert len(frame) == 14
    wrapped = question(output, "Where applicable, does assessment analyse controls and "
                       "interventions to promote the safety and wellbeing of the child?")
    assert (wrapped["relevant_cases"], wrapped["yes_cases"]) == (5, 1)
    assert wrapped["source_line"] == line_of(WIRRAL_OCR, "and wellbeing of the\t5\t1")
    # Left alone between paragraphs by a page break: still under its key question.
    stray = question(output, "Does assessment involve other agencies where appropriate?")
    assert stray["parent_question"] == (
        "Does assessment sufficiently analyse how to keep the child safe?")
    assert stray["sample_label"] == "Of the 7 cases inspected"
    assert stray["source_line"] == line_of(WIRRAL_OCR, "involve other agencies where")
    assert pd.isna(stray["source_table"])
    # Two key-question rows carried on below a paragraph: a headerless table.
    victims = question(output, "Does planning focus sufficiently on the victims?")
    assert pd.isna(victims["parent_question"])
    assert victims["sample_label"] == "Of the 6 cases inspected"
    # An HTML prompt table under a reworded key-question heading.
    contingency = question(output, "Does planning set out necessary and effective contingency "
                           "arrangements?")
    assert contingency["parent_question"] == (
        "Does planning focus sufficiently on keeping the child safe?")
    assert contingency["source_line"] == line_of(WIRRAL_OCR, "contingency arrangements<sup>")
    keys = frame[frame["parent_question"].isna()]
    assert set(keys["question"]) >= {
        "Does assessment sufficiently analyse how to keep the child safe?",
        "Does planning focus sufficiently on keeping the child safe?",
        "Does planning focus sufficiently on keeping other people safe?",
    }
    assert NUMBER_NOT_ON_LINE not in codes(output["inspection_questions"].issues)
    assert check_question_rules(frame) == []


def test_rating_against_the_lowest_key_question_is_a_warning(wirral) -> None:
    _, output = wirral
    [issue] = [i for i in output["inspection_ratings"].issues
               if i.code == RATING_DIFFERS_FROM_BAND]
    assert issue.severity == WARNING
    assert issue.source_line == line_of(WIRRAL_OCR, "2.2\tPlanning\tGood")
    assert "2.2" in issue.message and "3 of 6" in issue.message
    assert "requires_improvement band" in issue.message and "discretion" in issue.message


def test_ocr_metadata_with_years_on_both_dates(wirral) -> None:
    ctx, _ = wirral
    assert inspection_metadata(ctx) == {
        "inspected_yot_id": "wirral",
        "published": dt.date(2019, 7, 1),
        "fieldwork_start": dt.date(2019, 4, 29),
        "fieldwork_end": dt.date(2019, 5, 3),
    }


# --- smaller variants: one thing each ----------------------------------------------------------

SECTIONS_ONLY = """An inspection of youth justice services in Kent

HM Inspectorate of Probation, June 2022

Overall, Kent Youth Justice Service was rated as 'Good'.

### 1.1. Governance and leadership

The governance and leadership of the YJS supports high-quality services.

Good

### 3.4. Out-of-court disposal policy and provision

Policy and provision for out-of-court disposals are effective.

Outstanding
"""


def test_without_a_ratings_table_sections_and_prose_give_the_ratings() -> None:
    _, output = extract(SECTIONS_ONLY, "kent-hmip-inspection-2022", "kent")
    rows = ratings_by_code(output)
    assert rows["1.1"]["rating"] == "good"
    assert rows["1.1"]["source_line"] == line_of(SECTIONS_ONLY, "Good", 2)
    assert pd.isna(rows["1.1"]["source_table"])
    # A printed name that is not the framework's for its code is published as printed.
    assert rows["3.4"]["standard_name"] == "Out-of-court disposal policy and provision"
    assert rows["overall"]["rating"] == "good"
    assert rows["overall"]["source_line"] == line_of(SECTIONS_ONLY, "Overall, Kent")
    assert (rows["overall"]["score"], rows["overall"]["max_score"]) == (5, 6)
    issue_codes = codes(output["inspection_ratings"].issues)
    assert issue_codes.count(RATING_FROM_SECTION) == 2
    assert STANDARD_NAME_DIFFERS in issue_codes


MISMATCH_AND_DAMAGE = (
    "An inspection of youth offending services in Bolton\n"
    "\n"
    "Ratings\n"
    "\n"
    "Bolton Youth Offending Service\tScore\t2/3\n"
    "Overall rating\tGood\t\n"
    "2.1\tAssessment\tGood\n"
    "\n"
    "2.1. Assessment\n"
    "\n"
    "Requires improvement\n"
    "\n"
    "Of the 5 cases inspected\tRelevant cases\tNumber 'Yes'\n"
    "Does assessment sufficiently analyse how to support the child's desistance?\t5\t4\n"
    "Does assessment sufficiently analyse how to keep the child safe?\tn/a\t3\n"
    "Does assessment sufficiently analyse how to keep other people safe?\t4\t4\n"
)


def test_table_and_section_disagreeing_and_an_unreadable_count_are_reported() -> None:
    _, output = extract(MISMATCH_AND_DAMAGE, "bolton-hmip-inspection-2020", "bolton")
    assert ratings_by_code(output)["2.1"]["rating"] == "good"
    [mismatch] = [i for i in output["inspection_ratings"].issues
                  if i.code == RATING_DIFFERS_FROM_SECTION]
    assert mismatch.source_line == line_of(MISMATCH_AND_DAMAGE, "2.1\tAssessment\tGood")
    questions = output["inspection_questions"].frame
    assert list(questions["relevant_cases"]) == [5, 4]  # the n/a row is left out, not zeroed
    [unreadable] = [i for i in output["inspection_questions"].issues
                    if i.code == QUESTION_UNREADABLE]
    assert unreadable.source_line == line_of(MISMATCH_AND_DAMAGE, "\tn/a\t3")
    assert not [i for i in output["inspection_ratings"].issues if i.severity == ERROR]


def test_documents_that_are_not_inspection_reports_give_nothing() -> None:
    ctx = context_from_text(WIRRAL_OCR, document_type=YOUTH_JUSTICE_PLAN)
    output = run_extractor(DOMAIN, ctx)
    assert output["inspection_ratings"].frame.empty
    assert output["inspection_questions"].frame.empty


@pytest.mark.parametrize(
    ("printed", "clean"),
    [
        ("Does planning focus sufficiently on keeping the child safe?9",
         "Does planning focus sufficiently on keeping the child safe?"),
        ("Does planning focus sufficiently on keeping other people safe? 10",
         "Does planning focus sufficiently on keeping other people safe?"),
        ("Does the delivery support the safety of the child? <sup>12</sup>",
         "Does the delivery support the safety of the child?"),
        ("Does service delivery effectively support the safety of the $\\mbox{child}?^{21}$",
         "Does service delivery effectively support the safety of the child?"),
        (" $<sup>^{11}</sup>$ Is the plan reviewed?", "Is the plan reviewed?"),
        ("Are 2 or more agencies involved?", "Are 2 or more agencies involved?"),
    ],
)
def test_footnote_markers_are_removed_from_questions(printed: str, clean: str) -> None:
    assert clean_question(printed) == clean


def test_a_question_wrapped_before_its_counts_keeps_its_first_half() -> None:
    wrapped_first = WIRRAL_OCR.replace(
        "Does planning focus sufficiently on the child's education?\t6\t6\n",
        "Does planning focus sufficiently on the child's education?\t6\t6\n"
        "Is the child and their parents/carers meaningfully involved in planning, and are\n"
        "their views taken into account?\t6\t4\n")
    _, output = extract(wrapped_first, "wirral-hmip-inspection-2019", "wirral")
    row = question(output, "Is the child and their parents/carers meaningfully involved in "
                   "planning, and are their views taken into account?")
    assert (row["relevant_cases"], row["yes_cases"]) == (6, 4)
    assert row["source_line"] == line_of(wrapped_first, "their views taken into account?\t6\t4")
    frame = output["inspection_questions"].frame
    assert not (frame["question"] == "their views taken into account?").any()
