"""Every printed form of a cell value: numbers, markers, and text that is not a value."""

from __future__ import annotations

import pytest

from pipeline.metadata.enums import NOT_AVAILABLE, REPORTED, SUPPRESSED
from pipeline.parse import AMBIGUOUS, EMPTY, TEXT, number_appears_in, printed_numbers, read_cell
from pipeline.parse.cellstream import MARKER, cell_kind
from pipeline.parse.values import GBP, PERCENT, damaged_number


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("£136,941", 136941, GBP),
        ("-£13,030", -13030, GBP),
        ("£-13,030", -13030, GBP),
        ("£27.3K", 27300, GBP),
        ("31.7%", 31.7, PERCENT),
        ("4.88", 4.88, None),
        ("2,064", 2064, None),
        ("<b>0.22</b>", 0.22, None),
        ("£594,304.00", 594304, GBP),
        ("(1,200)", -1200, None),
        ("(£1,200)", -1200, GBP),
        ("£1.2m", 1_200_000, GBP),
        ("£1.2 million", 1_200_000, GBP),
        ("£24k", 24000, GBP),
        ("137K", 137000, None),
        ("£0", 0, GBP),
        ("0", 0, None),
        ("\u22125", -5, None),
        ("\u2013£78,149", -78149, GBP),
        ("1.", 1, None),
    ],
)
def test_single_numbers(text: str, value: float, unit: str | None) -> None:
    cell = read_cell(text)
    assert cell.status == REPORTED
    assert cell.value == pytest.approx(value)
    assert cell.unit_hint == unit
    assert not cell.approximate


def test_approximate_amount_is_flagged() -> None:
    cell = read_cell("c£40K")
    assert (cell.status, cell.value, cell.unit_hint, cell.approximate) == (
        REPORTED, 40000, GBP, True
    )  # fmt: skip
    assert read_cell("c137K").approximate
    assert read_cell("<5").approximate and read_cell("<5").qualifier == "<"


def test_value_with_a_year() -> None:
    cell = read_cell("0.18 (2019)")
    assert (cell.value, cell.year, cell.rank_of, cell.qualifier) == (0.18, 2019, None, None)


def test_rank_of_a_total() -> None:
    cell = read_cell("48 (of 137 YOTs)")
    assert (cell.value, cell.rank_of) == (48, 137)
    assert cell.qualifier == "of 137 YOTs"
    other = read_cell("20 (out of 115 LAs with data not suppressed)")
    assert (other.value, other.rank_of) == (20, 115)


def test_value_with_qualifiers() -> None:
    cell = read_cell("3.38 (SN) (based on 8 out of 10 SNs)")
    assert cell.status == REPORTED and cell.value == 3.38
    assert cell.rank_of is None
    assert cell.qualifier == "SN; based on 8 out of 10 SNs"
    footnoted = read_cell("0.22*")
    assert (footnoted.value, footnoted.qualifier) == (0.22, "*")


def test_several_numbers_in_one_cell() -> None:
    cell = read_cell("90,000 76,000 30,000 5,000")
    assert cell.status == REPORTED
    assert cell.numbers == (90000, 76000, 30000, 5000)
    assert cell.value is None
    assert cell.printed == ("90000", "76000", "30000", "5000")


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("-", SUPPRESSED),
        ("\u2013", SUPPRESSED),
        ("*", SUPPRESSED),
        ("x", SUPPRESSED),
        ("n/a", NOT_AVAILABLE),
        ("N/A", NOT_AVAILABLE),
        ("Not available as a single YOT", NOT_AVAILABLE),
        ("..", NOT_AVAILABLE),
        ("", EMPTY),
        ("   ", EMPTY),
        ("$\\nearrow$", EMPTY),
    ],
)
def test_markers_are_statuses_not_zeros(text: str, status: str) -> None:
    cell = read_cell(text)
    assert cell.status == status
    assert cell.numbers == () and cell.value is None


@pytest.mark.parametrize(
    "text",
    [
        "2019/20",
        "17/18",
        "Q1",
        "10-14",
        "10 - 14",
        "0-6",
        "31/36",
        "13/04/20",
        "21 June 2017",
        "19<sup>th</sup> July 2019",
        "In 2019 the service worked with 120 young people",
        "2.0 FTE Police Officers",
        "Large majority: 80%+",
        "Outstanding",
        "Upper Middle",
        "£",
    ],
)
def test_text_is_not_a_number(text: str) -> None:
    cell = read_cell(text)
    assert cell.status == TEXT
    assert cell.value is None


@pytest.mark.parametrize("text", ["12,5", "1,23", "1.234.567", "1 234", "100% - 99% - 98%"])
def test_unreadable_numbers_are_ambiguous(text: str) -> None:
    cell = read_cell(text)
    assert cell.status == AMBIGUOUS
    assert cell.numbers == ()


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("£136,941", ("136941",)),
        ("£27.3K", ("27.3",)),
        ("£594,304.00", ("594304.00",)),
        ("(1,200)", ("1200",)),
        ("<b>0.22</b>", ("0.22",)),
        ("-", ()),
    ],
)
def test_printed_digits(text: str, printed: tuple[str, ...]) -> None:
    assert printed_numbers(text) == printed


def test_number_appears_on_its_source_line() -> None:
    line = "<b>Local authority</b>\t-\t£136,941\t£208,860\t£345,801"
    assert number_appears_in("136941", line)
    assert number_appears_in("345801", line)
    assert not number_appears_in("13694", line)
    assert not number_appears_in("0.2", "Essex\t10.25\t0.21")
    assert number_appears_in("0.21", "Essex\t10.25\t0.21")
    assert number_appears_in("27.3", "The contribution of £27.3K received")
    assert not number_appears_in("", line)


@pytest.mark.parametrize("text", [
    "9" * 400, "£" + "1" * 309 + ",000", "(" + "9" * 400 + ")", "9" * 300 + "bn",
    "12 " + "9" * 400, "c. " + "9" * 400 + "%",
])
def test_numbers_too_large_for_a_float_are_never_read_as_infinity(text: str) -> None:
    cell = read_cell(text)
    assert cell.status in (AMBIGUOUS, TEXT) and cell.numbers == ()


def test_a_share_then_its_amount_is_the_amount_with_the_share_as_a_note():
    value = read_cell("38%  £389,876.96")
    assert (value.numbers, value.unit_hint, value.qualifier) == ((389876.96,), "gbp", "38%")
    assert read_cell("38% 45%").numbers == (38.0, 45.0)  # two shares stay two numbers


@pytest.mark.parametrize("text", ["1O,5OO", "12 ,000", "£l5,000", "35,74O", "2, 500"])
def test_an_amount_a_scan_damaged_is_no_value_but_stands_in_a_values_place(text: str) -> None:
    """Which digits were printed is not certain, so it is never read; the layout code
    still counts it as a cell in a value's place, so its row and column stay whole."""
    assert damaged_number(text)
    assert read_cell(text).status in (TEXT, AMBIGUOUS) and read_cell(text).numbers == ()
    assert cell_kind(text) == MARKER


@pytest.mark.parametrize("text", ["10,500", "l2", "lO", "Old", "I", "12 000 people", "2019"])
def test_numbers_words_and_undoable_misreads_are_not_damaged_amounts(text: str) -> None:
    assert not damaged_number(text)
