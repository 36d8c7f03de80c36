"""A cell printing two values of one unit, the second in brackets ("83% (86%)": this
year's share and last year's; "194 (164)"), has no single value: no reader may publish
its first number as the cell's. It is left out and reported. A count with its share in
brackets ("74 (60%)") and a year in brackets ("153 (2018)") stay one value with a note.
Invented tables, never text from a plan."""

from __future__ import annotations

import pytest
from template_variants import plan_2019_context
from word_export import word_export

from pipeline.extract.base import run_extractor
from pipeline.extract.people import CELLS_LEFT_OUT, DOMAIN
from pipeline.parse import read_cell


@pytest.mark.parametrize(("text", "numbers"), [
    ("83% (86%)", (83.0, 86.0)), ("194 (164)", (194.0, 164.0)), ("10  (10)", (10.0, 10.0)),
    ("£1,200 (£1,000)", (1200.0, 1000.0))])
def test_a_bracketed_value_of_the_same_unit_is_a_second_value(
        text: str, numbers: tuple[float, ...]) -> None:
    cell = read_cell(text)
    assert cell.numbers == numbers and cell.value is None


@pytest.mark.parametrize(("text", "value"), [("74 (60%)", 74.0), ("153 (2018)", 153.0),
                                             ("45 (10 SNs)", 45.0)])
def test_a_bracketed_note_leaves_one_value(text: str, value: float) -> None:
    assert read_cell(text).value == value


def test_a_distribution_of_two_values_per_cell_publishes_none_of_them() -> None:
    cells = ["Ethnicity", "Number", "%",
             "White", "120", "83% (86%)",
             "Black", "12", "8.3% (6%)",
             "Asian", "9", "6.2% (5.1%)",
             "Mixed", "4", "2.5% (2.9%)"]
    text = word_export(["Ethnicity of children supervised by the YOT in 2018/19", cells,
                        "Figures in brackets are last year's."])
    output = run_extractor(DOMAIN, plan_2019_context(text))["demographics"]
    frame = output.frame
    assert sorted(frame.loc[frame.unit == "count", "value"]) == [4.0, 9.0, 12.0, 120.0]
    assert not set(frame.loc[frame.unit == "percent", "value"]) & {83.0, 86.0, 8.3, 6.0}
    reported = [issue for issue in output.issues if issue.code == CELLS_LEFT_OUT]
    assert sorted((issue.source_line, issue.message.split(": ")[-1]) for issue in reported) == [
        (7 + 3 * row, f"'{share}' is not a single printed number")
        for row, share in enumerate(["83% (86%)", "8.3% (6%)", "6.2% (5.1%)", "2.5% (2.9%)"])]
