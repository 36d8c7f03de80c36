"""The people domain's rules: each fires on a bad frame and passes on the corpus."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.extract.base import combine, context_from_text, run_extractor
from pipeline.extract.people import (
    DISTRIBUTION_NOT_100,
    DOMAIN,
    FRACTIONAL_COUNT,
    FRACTIONAL_HEADCOUNT,
    NEGATIVE_VALUE,
    ROLE,
    TOTAL_NOT_SUM,
    caseload_phrases,
    check_caseloads,
    check_distributions,
    check_workforce,
    ethnicity_labels,
    fold,
    known_inconsistencies,
    read_reference,
    workforce_labels,
    workforce_slug,
)
from pipeline.metadata.enums import CASELOAD_TYPES
from pipeline.report import ERROR, WARNING

DOCUMENTS = [
    "darlington-hmip-inspection-2021",
    "darlington-youth-justice-plan-2018-19",
    "derbyshire-youth-justice-plan-2019-20",
    "dorset-youth-justice-plan-2017-18",
    "northamptonshire-youth-justice-plan-2021-22",
]
NORTHANTS = "northamptonshire-youth-justice-plan-2021-22"
HMIP = "darlington-hmip-inspection-2021"


@pytest.fixture(scope="module")
def corpus_tables(corpus_context) -> dict[str, pd.DataFrame]:
    """The three tables as the release combines them from every corpus document."""
    outputs = [run_extractor(DOMAIN, corpus_context(doc)) for doc in DOCUMENTS]
    return {name: combine((o[name] for o in outputs), name).frame for name in DOMAIN.tables}


def _codes(issues) -> list[tuple[str, str, str | None, int | None]]:
    return [(i.code, i.severity, i.source_table, i.source_line) for i in issues]


def _set(frame: pd.DataFrame, table: str, line: int, value: float, **match: object):
    """A copy of the frame with one printed number changed (a misread or a bad source)."""
    changed = frame.copy()
    mask = (changed["source_table"] == table) & (changed["source_line"] == line)
    for column, wanted in match.items():
        mask &= changed[column] == wanted
    assert mask.sum() == 1, "the test must change exactly one cell"
    changed.loc[mask, "value"] = value
    return changed


@pytest.mark.parametrize("table", ["demographics", "workforce", "caseloads"])
def test_rules_pass_on_the_corpus(corpus_tables, table) -> None:
    assert not corpus_tables[table].empty
    assert DOMAIN.rules[table](corpus_tables[table]) == []


def test_a_distribution_off_100_is_a_warning(corpus_tables) -> None:
    demographics = corpus_tables["demographics"]
    rounding = _set(demographics, f"{HMIP}#t06", 150, 16.0, category="female")
    assert check_distributions(rounding) == []  # 85 + 16: two whole percentages may make 101
    bad = _set(demographics, f"{HMIP}#t06", 150, 18.0, category="female")
    assert _codes(check_distributions(bad)) == [
        (DISTRIBUTION_NOT_100, WARNING, f"{HMIP}#t06", 150)]


def test_a_distribution_within_rounding_passes() -> None:
    text = ("Children cautioned or sentenced by age\n\n"
            "Age\t10-12\t13-15\t16-17\n"
            "YOS\t33.3%\t33.3%\t33.3%\n"
            "National average\t17%\t41%\t41%\n")
    frame = run_extractor(DOMAIN, context_from_text(text))["demographics"].frame
    assert len(frame) == 6  # 99.9 (one decimal) and 99 (whole numbers) are both rounding
    assert check_distributions(frame) == []


def test_a_count_distribution_whose_total_is_not_its_parts_is_an_error() -> None:
    text = ("Children cautioned or sentenced by gender\n\n"
            "Gender\tMale\tFemale\tTotal\n"
            "YOS\t40\t9\t50\n")
    frame = run_extractor(DOMAIN, context_from_text(text))["demographics"].frame
    issues = check_distributions(frame)
    assert _codes(issues) == [(TOTAL_NOT_SUM, ERROR, "test-document#t01", 4)]
    known = frozenset({("test-document", "test-document#t01")})
    assert _codes(check_distributions(frame, known)) == [
        (TOTAL_NOT_SUM, WARNING, "test-document#t01", 4)]


def test_negative_and_fractional_counts_are_errors(corpus_tables) -> None:
    demographics = _set(corpus_tables["demographics"], f"{HMIP}#t03", 135, -106803.0)
    assert _codes(check_distributions(demographics)) == [
        (NEGATIVE_VALUE, ERROR, f"{HMIP}#t03", 135)]
    fractional = _set(corpus_tables["demographics"], f"{HMIP}#t03", 136, 10147.5)
    assert _codes(check_distributions(fractional)) == [
        (FRACTIONAL_COUNT, ERROR, f"{HMIP}#t03", 136)]


def test_a_fractional_headcount_is_an_error_and_a_fractional_fte_is_not(corpus_tables) -> None:
    workforce = corpus_tables["workforce"]
    assert (workforce["unit"] == "fte").any()
    assert (workforce.loc[workforce["unit"] == "fte", "value"] % 1 != 0).any()
    table = f"{NORTHANTS}#t05"
    bad = _set(workforce, table, 273, 3.5, role="practitioner", gender="male")
    codes = _codes(check_workforce(bad))
    assert (FRACTIONAL_HEADCOUNT, ERROR, table, 273) in codes


def test_a_row_total_that_is_not_the_sum_of_its_line_is_an_error(corpus_tables) -> None:
    table = f"{NORTHANTS}#t04"
    bad = _set(corpus_tables["workforce"], table, 259, 50.69, role="total")
    assert _codes(check_workforce(bad)) == [(TOTAL_NOT_SUM, ERROR, table, 259),
                                            (TOTAL_NOT_SUM, ERROR, table, 266)]
    # line 259's Total column breaks both its row and the Total column's sum (line 266)


def test_a_column_total_that_is_not_the_sum_of_its_column_is_an_error(corpus_tables) -> None:
    table = f"{NORTHANTS}#t04"
    bad = _set(corpus_tables["workforce"], table, 265, 15.0, role="operations_manager")
    codes = _codes(check_workforce(bad))
    assert (TOTAL_NOT_SUM, ERROR, table, 265) in codes  # Vacant's row total 19
    assert (TOTAL_NOT_SUM, ERROR, table, 266) in codes  # Operations managers' total 23


def test_fte_totals_allow_for_rounding_of_their_parts() -> None:
    text = ("Staffing (FTE)\n\n"
            "Contract type\tPractitioners\tAdministrators\tTotal\n"
            "Permanent\t0.33\t0.33\t0.67\n"
            "Vacant\t0.33\t0.33\t0.67\n"
            "Total\t0.67\t0.67\t1.33\n")
    frame = run_extractor(DOMAIN, context_from_text(text))["workforce"].frame
    assert len(frame) == 9 and set(frame["unit"]) == {"fte"}
    assert check_workforce(frame) == []


def test_a_known_inconsistent_source_downgrades_a_total_error(corpus_tables) -> None:
    table = f"{NORTHANTS}#t05"
    bad = _set(corpus_tables["workforce"], table, 274, 62.0, role="total")
    assert {i.severity for i in check_workforce(bad)} == {ERROR}
    known = frozenset({(NORTHANTS, table)})
    assert {i.severity for i in check_workforce(bad, known)} == {WARNING}


def test_a_team_total_that_is_not_the_sum_of_the_teams_is_an_error(corpus_tables) -> None:
    table = f"{NORTHANTS}#t06"
    bad = _set(corpus_tables["caseloads"], table, 307, 29.0)
    assert _codes(check_caseloads(bad)) == [(TOTAL_NOT_SUM, ERROR, table, 311)]
    known = frozenset({(NORTHANTS, table)})
    assert _codes(check_caseloads(bad, known)) == [(TOTAL_NOT_SUM, WARNING, table, 311)]


def test_caseload_counts_are_whole_but_an_average_may_be_fractional(corpus_tables) -> None:
    caseloads = corpus_tables["caseloads"]
    average = caseloads[caseloads["caseload_type"] == "average_per_case_manager"]
    assert list(average["value"]) == [7.25]
    bad = _set(caseloads, f"{HMIP}#t07", 155, 6.5)
    assert _codes(check_caseloads(bad)) == [(FRACTIONAL_COUNT, ERROR, f"{HMIP}#t07", 155)]


def test_the_reviewed_list_of_inconsistent_sources_loads() -> None:
    assert known_inconsistencies() == frozenset()  # every corpus total was checked by hand


def test_the_reviewed_label_lists_are_unambiguous_and_use_contract_slugs() -> None:
    for name, label in (("ethnicities.csv", "label"), ("workforce_labels.csv", "label"),
                        ("caseload_labels.csv", "phrase")):
        rows = read_reference(name)
        keys = [(row.get("kind", ""), fold(row[label])) for row in rows]
        assert len(keys) == len(set(keys)), name  # no label listed twice
    slug = r"^[a-z]+(?:_[a-z]+)*$"
    assert all(pd.Series(list(ethnicity_labels().values())).str.match(slug))
    for labels in workforce_labels().values():
        assert all(pd.Series(list(labels.values())).str.match(slug))
    assert {caseload_type for _, caseload_type, _ in caseload_phrases()} <= set(CASELOAD_TYPES)


@pytest.mark.parametrize("label", ["Panel members", "Referral Order Panel Members",
                                   "Panel volunteers", "Referral order panel volunteer"])
def test_panel_members_are_referral_order_panel_volunteers_not_other_volunteers(label) -> None:
    """A youth justice service's panel members sit on referral order panels: counting them
    as ordinary volunteers would merge the template's two volunteer columns into one row."""
    assert workforce_slug(ROLE, label) == "referral_order_panel_volunteer"
    assert workforce_slug(ROLE, "Volunteers") == "volunteer"


def test_a_year_merged_over_number_and_share_columns_dates_both() -> None:
    """"2017/18" merged over "Number | %" (read "2017/18 Number", "2017/18 %"): each
    column is that year's count or share of the service's children."""
    text = ("Gender of children supervised by the YOT\n\n"
            "\t2017/18\t\t2018/19\t\n\tNumber\t%\tNumber\t%\n"
            "Male\t60\t75%\t45\t64.3%\nFemale\t20\t25%\t25\t35.7%\n\nText after.\n")
    context = context_from_text(text, document_id="d", yot_id="darlington")
    frame = run_extractor(DOMAIN, context)["demographics"].frame
    got = {(r.category, r.unit, r.period_label, float(r.value)) for r in frame.itertuples()}
    assert got == {("male", "count", "2017/18", 60.0), ("male", "percent", "2017/18", 75.0),
                   ("female", "count", "2017/18", 20.0), ("female", "percent", "2017/18", 25.0),
                   ("male", "count", "2018/19", 45.0), ("male", "percent", "2018/19", 64.3),
                   ("female", "count", "2018/19", 25.0),
                   ("female", "percent", "2018/19", 35.7)}
