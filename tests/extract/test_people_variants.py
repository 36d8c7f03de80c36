"""Variant documents nobody has seen: other services, layouts, wordings and table formats.

Each variant is a small document written for this test (markdown, HTML or tab-separated),
run through the real parser and `run_extractor`, and every row it should give is listed.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from word_export import word_cells

from pipeline.extract.base import context_from_text, run_extractor
from pipeline.extract.people import (
    AS_OF_AMBIGUOUS,
    CELLS_LEFT_OUT,
    DOMAIN,
    as_of_labels,
    parse_as_of_date,
)
from pipeline.report import ERROR

CAUTIONED = "children_cautioned_or_sentenced"

DEMOGRAPHICS_VARIANT = """# Derbyshire Youth Justice Plan

Who we work with

Children cautioned or sentenced by ethnicity, 2019/20 (%)

| Ethnicity | Derbyshire YOS | National average |
|---|---|---|
| White | 81.5 | 70.0 |
| Black and minority ethnic | 15.2 | 26.0 |
| Not known | 3.3 | 4.0 |

Children cautioned or sentenced, by gender

<table>
<tr><th>Gender</th><th>Female</th><th>Male</th><th>Total</th></tr>
<tr><td>England</td><td>15%</td><td>85%</td><td>100%</td></tr>
<tr><td>YOT</td><td>9%</td><td>91%</td><td>100%</td></tr>
<tr><td>Nottinghamshire</td><td>11%</td><td>89%</td><td>100%</td></tr>
</table>

Children cautioned or sentenced by age

Age\tAged 10 to 14\tAged 15 to 17\tAged 18+
Derbyshire\t31\t112\t4
National average\t4,560\t11,200\t320
"""

STAFF_VARIANT = """Our workforce

The tables below show our staff and volunteers at 31 March 2022.

<table>
<caption>Staff by ethnicity and gender</caption>
<tr><th>Ethnicity</th><th>Female</th><th>Male</th></tr>
<tr><td>White British</td><td>20</td><td>9</td></tr>
<tr><td>Asian or Asian British</td><td>2</td><td>1</td></tr>
<tr><td>Mixed heritage</td><td>1</td><td>0</td></tr>
<tr><td>Total</td><td>23</td><td>10</td></tr>
</table>

Volunteers

\tFemale\tMale\tTotal
White British\t11\t6\t17
Black Caribbean\t1\t0\t1
Prefer not to say\t-\t1\t1

Caseload by team

As at 31st March 2020

Team\tOpen cases
North\t41
South\t37
Prevention\t12
"""

STAFFING_VARIANT = (
    "Staffing of the service (FTE)\n"
    "\n"
    "As at 31 March 2022\n"
    "\n"
    "Contract type\tAdmini\tstrators\tPracti\ttioners\tOperational\tManager\tTotal\n"
    "\tFull-time\tPart-time\tFull-time\tPart-time\tFull-time\tPart-time\t\n"
    "Permanent\t3\t0.5\t20\t2.5\t2\t\t28\n"
    "Seconded Probation\t\t\t1\t\t\t\t1\n"
    "Agency\t\t\t2\t\t\t\t2\n"
    "Total\t3\t0.5\t23\t2.5\t2\t\t31\n"
    "\n"
    "Some prose follows here to end the table.\n"
    "\n"
    "Staff by role\n"
    "\n"
    "Contract type\tPractitioners\tPractitioners\tBrxqzt\tBrxqzt\n"
    "\tMale\tFemale\tMale\tFemale\n"
    "Permanent\t4\t9\t1\t2\n"
)

KEY_FIGURES_VARIANT = """#### Key facts

Population aged 10 to 17 (mid-2019 estimate)\t58,200
Total resident population (2019)\t796,100
Population density\t320

#### Current caseload

15\tCommunity sentences
2\tYoung people in custody
31\tOut of court disposals
4.5\tAverage caseload per case manager

#### Staffing

Number of practitioners (headcount)\t14
Volunteers\t22
Staff training sessions\t12
Staff costs\t£50,000
"""

SIDE_BY_SIDE_VARIANT = """Caseload by team

Snapshot 3 January 2022

As at 14/02/2022

Team\tOpen cases
Court\t12
Community\t30
Total\t42

Team\tOpen cases
Court\t15
Community\t29
Total\t44
"""  # counts rising to the total: the parser files both as contents tables (see _team_layout)

STACK_WITHOUT_PARTNER = (
    "Caseload by team\n\nRun 1st March 2022\n\nRun 1st April 2022\n\n"
    "Team\tOpen cases\nNorth\t14\nSouth\t9\n\n"
    "The second snapshot was not printed.\n" + "\n" * 15
    + "Staff\n\n\tMale\tFemale\nWhite British\t3\t4\n"
)


def _rows(frame: pd.DataFrame, columns: list[str]) -> set[tuple]:
    def plain(value: object) -> object:
        return None if value is None or value is pd.NA or (
            isinstance(value, float) and pd.isna(value)) else value
    return {tuple(plain(v) for v in row) for row in frame[columns].itertuples(index=False)}


def _run(text: str, yot_id: str = "derbyshire"):
    return run_extractor(DOMAIN, context_from_text(text, yot_id=yot_id))


def _left_out(output) -> list[tuple[int, str]]:
    return [(i.source_line, i.message) for i in output.issues if i.code == CELLS_LEFT_OUT]


DEMOGRAPHIC_COLUMNS = ["source_table", "source_line", "population", "dimension", "category",
                       "subject_type", "period_label", "value", "unit"]
WORKFORCE_COLUMNS = ["source_table", "source_line", "group", "role", "contract_type",
                     "working_pattern", "gender", "ethnicity", "value", "unit", "as_of_label"]
CASELOAD_COLUMNS = ["source_table", "source_line", "caseload_type", "team", "as_of_label",
                    "as_of_date", "value", "unit"]


def test_demographics_with_categories_as_rows_in_markdown() -> None:
    frame = _run(DEMOGRAPHICS_VARIANT)["demographics"].frame
    t01 = frame[frame["source_table"] == "test-document#t01"]
    assert _rows(t01, DEMOGRAPHIC_COLUMNS) == {
        ("test-document#t01", 9, CAUTIONED, "ethnicity", "white", "yot", "2019/20", 81.5,
         "percent"),
        ("test-document#t01", 9, CAUTIONED, "ethnicity", "white", "national", "2019/20", 70.0,
         "percent"),
        ("test-document#t01", 10, CAUTIONED, "ethnicity", "black_and_minority_ethnic", "yot",
         "2019/20", 15.2, "percent"),
        ("test-document#t01", 10, CAUTIONED, "ethnicity", "black_and_minority_ethnic",
         "national", "2019/20", 26.0, "percent"),
        ("test-document#t01", 11, CAUTIONED, "ethnicity", "unknown", "yot", "2019/20", 3.3,
         "percent"),
        ("test-document#t01", 11, CAUTIONED, "ethnicity", "unknown", "national", "2019/20",
         4.0, "percent"),
    }


def test_html_distribution_with_a_total_column_and_a_comparator_left_out() -> None:
    output = _run(DEMOGRAPHICS_VARIANT)["demographics"]
    t02 = output.frame[output.frame["source_table"] == "test-document#t02"]
    assert _rows(t02, DEMOGRAPHIC_COLUMNS) == {
        ("test-document#t02", 17, CAUTIONED, "gender", "female", "national", None, 15.0,
         "percent"),
        ("test-document#t02", 17, CAUTIONED, "gender", "male", "national", None, 85.0,
         "percent"),
        ("test-document#t02", 17, CAUTIONED, "gender", "all", "national", None, 100.0,
         "percent"),
        ("test-document#t02", 18, CAUTIONED, "gender", "female", "yot", None, 9.0, "percent"),
        ("test-document#t02", 18, CAUTIONED, "gender", "male", "yot", None, 91.0, "percent"),
        ("test-document#t02", 18, CAUTIONED, "gender", "all", "yot", None, 100.0, "percent"),
    }
    assert (19, "3 cells left out of demographics: 'Nottinghamshire' is neither this "
                "service nor a national figure") in _left_out(output)


def test_count_distribution_leaves_out_an_open_age_band_it_cannot_read() -> None:
    output = _run(DEMOGRAPHICS_VARIANT)["demographics"]
    t03 = output.frame[output.frame["source_table"] == "test-document#t03"]
    assert _rows(t03, DEMOGRAPHIC_COLUMNS) == {
        ("test-document#t03", 25, CAUTIONED, "age_band", "10-14", "yot", None, 31.0, "count"),
        ("test-document#t03", 25, CAUTIONED, "age_band", "15-17", "yot", None, 112.0, "count"),
        ("test-document#t03", 26, CAUTIONED, "age_band", "10-14", "national", None, 4560.0,
         "count"),
        ("test-document#t03", 26, CAUTIONED, "age_band", "15-17", "national", None, 11200.0,
         "count"),
    }
    assert [line for line, message in _left_out(output) if "Aged 18+" in message] == [25, 26]


def test_another_service_sees_the_same_table_as_a_comparator() -> None:
    """Run as Nottinghamshire's document, Derbyshire's figures are not the service's own:
    they are left out (the contract has only `yot` and `national`) and counted."""
    output = _run(DEMOGRAPHICS_VARIANT, yot_id="nottinghamshire")["demographics"]
    t01 = output.frame[output.frame["source_table"] == "test-document#t01"]
    assert _rows(t01, ["source_line", "category", "subject_type", "value"]) == {
        (9, "white", "national", 70.0), (10, "black_and_minority_ethnic", "national", 26.0),
        (11, "unknown", "national", 4.0),
    }
    assert [line for line, message in _left_out(output) if "'Derbyshire YOS'" in message] == [
        9, 10, 11]


def test_staff_table_in_html_with_an_extra_ethnicity_and_swapped_gender_columns() -> None:
    frame = _run(STAFF_VARIANT)["workforce"].frame
    t01 = frame[frame["source_table"] == "test-document#t01"]
    staff = [("test-document#t01", line, "staff", None, None, None, gender, ethnicity, value,
              "headcount", None)
             for line, ethnicity, female, male in (
                 (8, "white_british", 20.0, 9.0), (9, "asian", 2.0, 1.0),
                 (10, "mixed", 1.0, 0.0), (11, "total", 23.0, 10.0))
             for gender, value in (("female", female), ("male", male))]
    assert _rows(t01, WORKFORCE_COLUMNS) == set(staff)


def test_volunteer_table_told_apart_by_its_caption_and_a_dash_left_out() -> None:
    output = _run(STAFF_VARIANT)["workforce"]
    t02 = output.frame[output.frame["source_table"] == "test-document#t02"]
    assert set(t02["group"]) == {"volunteers"}
    assert _rows(t02, ["source_line", "role", "gender", "ethnicity", "value"]) == {
        (17, None, "female", "white_british", 11.0), (17, None, "male", "white_british", 6.0),
        (17, "total", None, "white_british", 17.0),
        (18, None, "female", "black_caribbean", 1.0), (18, None, "male", "black_caribbean", 0.0),
        (18, "total", None, "black_caribbean", 1.0),
        (19, None, "male", "unknown", 1.0), (19, "total", None, "unknown", 1.0),
    }
    assert _left_out(output) == [
        (19, "1 cell left out of workforce: '-' is printed instead of a number")]


def test_caseload_table_without_a_total_takes_the_as_of_line_above_it() -> None:
    output = _run(STAFF_VARIANT)["caseloads"]
    label, date = "As at 31st March 2020", dt.date(2020, 3, 31)
    assert _rows(output.frame, CASELOAD_COLUMNS) == {
        ("test-document#t03", 26, "open_cases", "North", label, date, 41.0, "count"),
        ("test-document#t03", 27, "open_cases", "South", label, date, 37.0, "count"),
        ("test-document#t03", 28, "open_cases", "Prevention", label, date, 12.0, "count"),
    }
    assert DOMAIN.rules["caseloads"](output.frame) == []


def test_staffing_table_with_ocr_split_role_headers_in_another_order() -> None:
    output = _run(STAFFING_VARIANT)["workforce"]
    t01 = output.frame[output.frame["source_table"] == "test-document#t01"]
    as_of = "As at 31 March 2022"
    cells = [
        (7, "administrator", "permanent", "full_time", 3.0),
        (7, "administrator", "permanent", "part_time", 0.5),
        (7, "practitioner", "permanent", "full_time", 20.0),
        (7, "practitioner", "permanent", "part_time", 2.5),
        (7, "operations_manager", "permanent", "full_time", 2.0),
        (7, "total", "permanent", None, 28.0),
        (8, "practitioner", "seconded_probation", "full_time", 1.0),
        (8, "total", "seconded_probation", None, 1.0),
        (9, "practitioner", "agency", "full_time", 2.0),
        (9, "total", "agency", None, 2.0),
        (10, "administrator", "total", "full_time", 3.0),
        (10, "administrator", "total", "part_time", 0.5),
        (10, "practitioner", "total", "full_time", 23.0),
        (10, "practitioner", "total", "part_time", 2.5),
        (10, "operations_manager", "total", "full_time", 2.0),
        (10, "total", "total", None, 31.0),
    ]
    assert _rows(t01, WORKFORCE_COLUMNS) == {
        ("test-document#t01", line, "staff", role, contract, pattern, None, None, value, "fte",
         as_of)
        for line, role, contract, pattern, value in cells
    }
    assert DOMAIN.rules["workforce"](output.frame) == []


def test_an_unreadable_role_header_leaves_its_cells_out_and_counts_them() -> None:
    output = _run(STAFFING_VARIANT)["workforce"]
    t02 = output.frame[output.frame["source_table"] == "test-document#t02"]
    assert _rows(t02, ["source_line", "role", "contract_type", "gender", "value", "unit"]) == {
        (18, "practitioner", "permanent", "male", 4.0, "headcount"),
        (18, "practitioner", "permanent", "female", 9.0, "headcount"),
    }
    assert sorted(_left_out(output)) == [
        (18, "1 cell left out of workforce: header 'Brxqzt / Female' cannot be read"),
        (18, "1 cell left out of workforce: header 'Brxqzt / Male' cannot be read"),
    ]


def test_key_figures_either_way_round_and_only_counts_of_people_or_cases() -> None:
    outputs = _run(KEY_FIGURES_VARIANT)
    assert _rows(outputs["demographics"].frame, DEMOGRAPHIC_COLUMNS) == {
        ("test-document#t01", 3, "youth_population", "all", "all", "yot", "2019", 58200.0,
         "count"),
        ("test-document#t01", 4, "total_population", "all", "all", "yot", "2019", 796100.0,
         "count"),
    }  # "Population density" is not a population count
    assert _rows(outputs["caseloads"].frame, CASELOAD_COLUMNS) == {
        ("test-document#t02", 9, "community_sentences", None, None, None, 15.0, "count"),
        ("test-document#t02", 10, "custody", None, None, None, 2.0, "count"),
        ("test-document#t02", 11, "out_of_court_disposals", None, None, None, 31.0, "count"),
        ("test-document#t02", 12, "average_per_case_manager", None, None, None, 4.5,
         "average"),
    }
    assert _rows(outputs["workforce"].frame, WORKFORCE_COLUMNS) == {
        ("test-document#t03", 16, "staff", "practitioner", None, None, None, None, 14.0,
         "headcount", None),
        ("test-document#t03", 17, "volunteers", "volunteer", None, None, None, None, 22.0,
         "headcount", None),
    }  # neither "Staff training sessions" nor "Staff costs" counts staff


def test_stacked_as_of_labels_go_to_side_by_side_tables_in_printed_order() -> None:
    """The as-of rule: labels stacked above a table belong, in printed order, to it and the
    tables that closely follow it without labels of their own."""
    output = _run(SIDE_BY_SIDE_VARIANT)["caseloads"]
    by_table = output.frame.groupby("source_table")
    assert {t: set(g["as_of_label"]) for t, g in by_table} == {
        "test-document#t01": {"Snapshot 3 January 2022"},
        "test-document#t02": {"As at 14/02/2022"},
    }
    assert {t: set(g["as_of_date"]) for t, g in by_table} == {
        "test-document#t01": {dt.date(2022, 1, 3)},
        "test-document#t02": {dt.date(2022, 2, 14)},
    }
    assert DOMAIN.rules["caseloads"](output.frame) == []


def test_stacked_labels_without_as_many_tables_are_not_guessed() -> None:
    context = context_from_text(STACK_WITHOUT_PARTNER)
    assigned, issues = as_of_labels(context)
    assert assigned == {}
    assert [(i.code, i.source_table, i.source_line) for i in issues] == [
        (AS_OF_AMBIGUOUS, "test-document#t01", 3)]
    output = run_extractor(DOMAIN, context)["caseloads"]
    assert output.frame["as_of_label"].isna().all()
    assert [i.code for i in output.issues] == [AS_OF_AMBIGUOUS]


@pytest.mark.parametrize(("label", "date"), [
    ("Run 7th April 2021", dt.date(2021, 4, 7)),
    ("As at 31 March 2020", dt.date(2020, 3, 31)),
    ("Snapshot taken on 1st Sept 2021", dt.date(2021, 9, 1)),
    ("As of 2022-06-30", dt.date(2022, 6, 30)),
    ("As at 14/02/2022", dt.date(2022, 2, 14)),
    ("As at 03/04/2022", None),  # 3 April or 4 March: not guessed
    ("As at March 2022", None),  # no day
])
def test_as_of_dates_are_read_only_when_unambiguous(label, date) -> None:
    assert parse_as_of_date(label) == date


@pytest.mark.parametrize("text", [DEMOGRAPHICS_VARIANT, STAFF_VARIANT, STAFFING_VARIANT,
                                  KEY_FIGURES_VARIANT, SIDE_BY_SIDE_VARIANT])
def test_variants_pass_the_domain_rules(text) -> None:
    for name, output in _run(text).items():
        assert not [i for i in DOMAIN.rules[name](output.frame) if i.severity == ERROR], name


def test_a_line_that_only_starts_like_an_as_of_label_is_not_one() -> None:
    text = ("Caseload by team\n\nRun by the youth offending service since 2019\n\n"
            "Team\tOpen cases\nNorth\t14\nSouth\t9\n")
    output = _run(text)["caseloads"]
    assert list(output.frame["value"]) == [14.0, 9.0]
    assert output.frame["as_of_label"].isna().all()


def test_money_key_figures_are_not_staff_counts() -> None:
    from pipeline.extract.base import context_from_text
    from pipeline.extract.people import extract_people

    text = "\n".join(["Estimated Expenditure 2019/20", "", "Staffing\t520,900",
                      "Overheads\t237,500", "Activity costs\t99,700"])
    assert extract_people(context_from_text(text))["workforce"].length == 0
    staff = "\n".join(["Staffing of the service", "", "Practitioners\t12",
                       "Administrators\t2.5", "Volunteers\t9"])
    rows = extract_people(context_from_text(staff))["workforce"]
    units = dict(zip(rows.columns["value"], rows.columns["unit"], strict=True))
    assert units[2.5] == "fte"


def test_dates_in_captions_give_the_as_of_label() -> None:
    from pipeline.extract.base import context_from_text
    from pipeline.extract.people import extract_people

    staffing = "\n".join([
        "Staffing of the YOT by contract type (as at 31 March 2023)", "",
        "Contract type\tPractitioners\tTotal", "Permanent\t12\t12", "Vacant\t2\t2"])
    rows = extract_people(context_from_text(staffing))["workforce"]
    assert set(rows.columns["as_of_label"]) == {"as at 31 March 2023"}
    after = "\n".join([
        "Contract type\tPractitioners\tTotal", "Permanent\t12\t12", "Vacant\t2\t2",
        "Table 4: Number of staff by contract type (June 2019)"])
    rows = extract_people(context_from_text(after))["workforce"]
    assert set(rows.columns["as_of_label"]) == {"June 2019"}
    caseloads = "\n".join([
        "Current caseload for the four quarters to 31 March 2018", "",
        "15\tCommunity sentences", "2\tYoung people in custody",
        "31\tOut of court disposals"])
    rows = extract_people(context_from_text(caseloads))["caseloads"]
    assert rows.length and set(rows.columns["as_of_label"]) == {
        "four quarters to 31 March 2018"}


def test_a_number_and_share_distribution_of_the_services_own_children() -> None:
    from pipeline.extract.base import context_from_text, run_extractor
    from pipeline.extract.people import DOMAIN as PEOPLE
    text = ("Ethnicity of young people worked with during 2018/19\r\n" + word_cells(
        "Ethnicity", "Number", "%", "White", "74", "60%", "Asian or Asian British",
        "29", "23%", "Mixed", "14", "11%", "Black or Black British", "6", "5%"))
    frame = run_extractor(PEOPLE, context_from_text(text, document_id="v",
                                                    yot_id="gateshead"))["demographics"].frame
    found = {(r.category, r.subject_type, r.value, r.unit) for r in frame.itertuples()}
    assert ("white", "yot", 74.0, "count") in found
    assert ("white", "yot", 60.0, "percent") in found
    assert len(found) == 8
    assert set(frame["population"]) == {"caseload"}
    staff = "Staff by ethnicity\n\nEthnicity\tNumber\t%\nWhite\t20\t80%\nBlack\t5\t20%\n"
    assert run_extractor(PEOPLE, context_from_text(staff, document_id="s", yot_id="gateshead")
                         )["demographics"].frame.empty  # whose? the caption names no children


def test_a_count_with_its_share_in_brackets_gives_both() -> None:
    from pipeline.extract.base import context_from_text, run_extractor
    from pipeline.extract.people import DOMAIN as PEOPLE
    text = ("Gender of children supervised in 2018/19\n\nGender\tNumber (%)\n"
            "Male\t120 (80%)\nFemale\t30 (20%)\n")
    frame = run_extractor(PEOPLE, context_from_text(text, document_id="v",
                                                    yot_id="gateshead"))["demographics"].frame
    found = {(r.category, r.value, r.unit, r.source_line) for r in frame.itertuples()}
    assert found == {("male", 120.0, "count", 4), ("male", 80.0, "percent", 4),
                     ("female", 30.0, "count", 5), ("female", 20.0, "percent", 5)}


def test_a_percentage_in_a_staffing_table_is_not_a_number_of_staff() -> None:
    from pipeline.extract.base import context_from_text, run_extractor
    from pipeline.extract.people import DOMAIN as PEOPLE
    text = ("Staff and volunteers by ethnicity\n\nEthnicity\tPractitioners\tVolunteer\n"
            "White\t20\t4%\nMixed\t2\t1\n")
    output = run_extractor(PEOPLE, context_from_text(text, document_id="v",
                                                     yot_id="gateshead"))["workforce"]
    values = {(r.ethnicity, r.value) for r in output.frame.itertuples()}
    assert ("white", 20.0) in values and ("white", 4.0) not in values
    assert any("percentage" in i.message for i in output.issues)


def test_a_distribution_whose_columns_are_populations_of_the_service() -> None:
    header = ["Gender", "Post court", "Pre court", "Total caseload", "Youth population",
              "Over represented",
              "Children seen in 2020/21: each child is counted once in every stage of the "
              "work, so the stages add up to more than the whole caseload of the service",
              "Number", "Number", "Number", "%", "%", "%"]
    body = ["Male", "40 (80%)", "25", "65", "81%", "51%", "30%",
            "Female", "10 (20%)", "5", "15", "19%", "49%", "-30%",
            "Total", "50", "30", "80", "100%", "100%", ""]
    output = _run("Who we work with\r\n" + word_cells(*header, *body), yot_id="gateshead")
    found = _rows(output["demographics"].frame,
                  ["population", "category", "value", "unit", "source_line"])
    assert ("caseload_post_court", "male", 40.0, "count", 16) in found
    assert ("caseload_post_court", "male", 80.0, "percent", 16) in found
    assert ("caseload_pre_court", "female", 5.0, "count", 24) in found
    assert ("caseload", "female", 19.0, "percent", 26) in found
    assert ("youth_population", "all", 100.0, "percent", 34) in found
    assert len(found) == 3 * 5 + 2  # the post court cells give a count and a share each
    assert set(output["demographics"].frame["dimension"]) == {"gender"}
    assert {line for line, message in _left_out(output["demographics"])
            if "names no population" in message} == {21, 28}


def test_staffing_by_contract_type_without_printed_role_headings_gives_only_row_totals() -> None:
    blank_header = ["Type of contract", *[""] * 5]
    body = ["Permanent", "2", "", "11.5", "3", "16.5",
            "Fixed term", "", "1", "2", "", "3",
            "Secondee police", "", "", "1", "", "1",
            "Disabled", "", "", "0.5", "", "0.5",
            "Total", "2", "1", "14.5", "3", "20.5"]
    text = "Staffing of the service by contract type\r\n" + word_cells(*blank_header, *body)
    output = _run(text, yot_id="gateshead")["workforce"]
    found = _rows(output.frame, ["role", "contract_type", "value", "unit"])
    assert found == {("total", "permanent", 16.5, "fte"), ("total", "fixed_term", 3.0, "fte"),
                     ("total", "seconded_police", 1.0, "fte"), ("total", "total", 20.5, "fte")}
    reasons = [message for _, message in _left_out(output)]
    assert sum("heading is not printed" in m for m in reasons) == 11
    assert any("not a contract type" in m for m in reasons)  # the Disabled row
    # one row that is not the sum of the others: the last column is not a total, nothing read
    broken = text.replace("\r16.5\r", "\r17\r")
    assert _run(broken, yot_id="gateshead")["workforce"].frame.empty


def test_children_remanded_per_period_are_caseloads_and_their_rate_is_left_out() -> None:
    text = ("Remands to youth detention accommodation\r\n" + word_cells(
        "Episodes", "2016/17", "2017/18", "2018/19",
        "Number of children", "4", "0", "3",
        "Rate per 1,000 children", "0.21", "0", "0.16"))
    output = _run(text, yot_id="gateshead")["caseloads"]
    assert _rows(output.frame, ["caseload_type", "as_of_label", "value", "unit"]) == {
        ("remands", "2016/17", 4.0, "count"), ("remands", "2017/18", 0.0, "count"),
        ("remands", "2018/19", 3.0, "count")}
    assert sum("is a rate" in message for _, message in _left_out(output)) == 3
    # the same table under a custody heading is a KPI table, not a caseload
    custody = text.replace("Remands to youth detention accommodation", "Use of custody")
    assert _run(custody, yot_id="gateshead")["caseloads"].frame.empty


def test_boys_and_girls_are_genders_and_dual_heritage_is_mixed() -> None:
    text = ("Children supervised in 2019/20\n\nGender\tNumber\nBoys\t88\nGirls\t12\n\n"
            "Ethnicity of children supervised in 2019/20\n\nEthnicity\tNumber\nWhite\t70\n"
            "Dual heritage\t20\nAny other ethnic background\t10\n")
    frame = _run(text, yot_id="gateshead")["demographics"].frame
    assert _rows(frame, ["dimension", "category", "value"]) == {
        ("gender", "male", 88.0), ("gender", "female", 12.0), ("ethnicity", "white", 70.0),
        ("ethnicity", "mixed", 20.0), ("ethnicity", "other", 10.0)}


def test_a_staffing_header_whose_genders_sit_under_no_role_gives_only_its_totals() -> None:
    text = ("Staff by ethnicity and gender\n\n"
            "Ethnicity\t\t\tManager\tPractitioner\t\tTotal\n"
            "\tF\tM\tF\t\tM\t\n"
            "White\t2\t1\t9\t\t3\t15\n"
            "Asian\t\t1\t2\t\t\t3\n")
    output = _run(text, yot_id="gateshead")["workforce"]
    assert _rows(output.frame, ["role", "gender", "ethnicity", "value"]) == {
        ("total", None, "white", 15.0), ("total", None, "asian", 3.0)}
    assert any("do not line up" in message for _, message in _left_out(output))


def test_a_seconded_post_in_a_partner_table_names_its_role_after_the_word_seconded() -> None:
    text = ("Partner contributions 2019/20\n\nAgency\tStaffing\tOther delegated funds\tTotal\n"
            "Probation\t0.5 FTE Seconded Probation Officer\t£5,000\t£5,000\n"
            "Police\t1 Secondee Police Officer\t£2,000\t£2,000\n")
    frame = _run(text, yot_id="gateshead")["workforce"].frame
    assert _rows(frame, ["role", "contract_type", "value", "unit"]) == {
        ("probation_officer", "seconded_probation", 0.5, "fte"),
        ("police_officer", "seconded_police", 1.0, "headcount")}


def test_a_caseload_by_order_type_gives_one_row_per_type_and_its_total() -> None:
    text = ("Caseload by order type\n\nAs at 31 March 2019\n\n"
            "Order type\tNumber\t%\nReferral Order\t30\t51%\nYouth Rehabilitation Order\t20\t34%\n"
            "Detention and Training Order\t3\t5%\nYouth Conditional Caution\t6\t10%\n"
            "Bail support\t2\t\nTotal\t61\t100%\n")
    output = _run(text, yot_id="gateshead")["caseloads"]
    assert _rows(output.frame, ["caseload_type", "as_of_label", "value", "unit", "source_line"]
                 ) == {("referral_orders", "As at 31 March 2019", 30.0, "count", 6),
                       ("youth_rehabilitation_orders", "As at 31 March 2019", 20.0, "count", 7),
                       ("custody", "As at 31 March 2019", 3.0, "count", 8),
                       ("out_of_court_disposals", "As at 31 March 2019", 6.0, "count", 9),
                       ("open_cases", "As at 31 March 2019", 61.0, "count", 11)}
    reasons = [message for _, message in _left_out(output)]
    assert sum("not a count" in m for m in reasons) == 5 and any("Bail support" in m
                                                                 for m in reasons)
    # the same rows under a heading that is not about the caseload are not read
    other = text.replace("Caseload by order type", "Disposals given by the court in 2019")
    assert _run(other, yot_id="gateshead")["caseloads"].frame.empty


RATE_LISTS = [
    # key figures under a caseload heading: a count, then rates naming a caseload type
    ("Caseload at 31 March 2019\n\nChildren in custody\t4\n"
     "Custody rate per 1,000 young people\t0.31\nRemands per 100,000\t11\n", 3, 2),
    # order types with a count column, one row printing a rate of one type
    ("Caseload by order type\n\nAs at 31 March 2019\n\nOrder type\tNumber\n"
     "Referral Order\t30\nReferral order rate per 1,000\t2.1\n"
     "Youth Rehabilitation Order\t20\nCustody (%)\t5\n", 6, 2),
    # teams with a column of rates beside a column of open cases
    ("Caseload by team\n\nTeam\tCustody rate per 1,000\tOpen cases\n"
     "North\t0.3\t40\nSouth\t0.2\t30\n", 4, 2),
]


@pytest.mark.parametrize(("text", "first_count_line", "rates"), RATE_LISTS)
def test_a_list_labelled_as_a_rate_is_never_a_caseload_count(
        text: str, first_count_line: int, rates: int) -> None:
    output = _run(text, yot_id="gateshead")["caseloads"]
    lines = text.split("\n")
    for line, value in _rows(output.frame, ["source_line", "value"]):
        assert not any(word in lines[line - 1].casefold() for word in ("rate", "per 1", "%")), (
            line, value)
        assert float(value).is_integer()
    assert min(output.frame["source_line"]) == first_count_line
    reasons = [message for _, message in _left_out(output)]
    assert sum("is a rate, not a number of children" in m for m in reasons) == rates


def test_an_average_caseload_per_worker_is_not_taken_for_a_rate() -> None:
    text = "Caseload at 31 March 2019\n\nOpen cases\t61\nAverage cases per worker\t7.5\n"
    frame = _run(text, yot_id="gateshead")["caseloads"].frame
    assert _rows(frame, ["caseload_type", "value"]) == {
        ("open_cases", 61.0), ("average_per_case_manager", 7.5)}
