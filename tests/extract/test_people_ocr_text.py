"""The YJB template's staffing-by-contract-type table as OCR prints it from a scanned
page: columns aligned by spaces, with the noise of character recognition. What a reader
can undo must be read exactly (each headcount under its contract type and role, cited on
its line); what could be read two ways must be left out and reported, never guessed
(issue 15).

A seeded generator (invented text, never a plan's) lays the table out by spaces and
draws the noise: "l" for a "1" and "O" for a "0" inside a number ("l2", "1O": a number
of one reading), a "0" for an "o" or a "1" for an "l" inside a word ("Secondee P0lice",
"Practiti0ners"),
a label or heading broken by a wide gap ("Secondee   Police", "Strategic   Manager"),
stray "|" borders at a row's ends
and, not to be read, a lone "l" where a "1" stood (a "1", or a border?) and two values
run together by a single space ("3 4": 34, or 3 and 4?).
"""

from __future__ import annotations

import random
import re

import pytest
from renderings import TableText, spaced
from template_variants import Variant, broken_params, plan_2019_context, read_to_the_line

from pipeline.extract.base import run_extractor
from pipeline.extract.people import CELLS_LEFT_OUT, DOMAIN

ROLES = [("Strategic Manager", "strategic_manager"),
         ("Operational Manager", "operations_manager"),
         ("Practitioners", "practitioner"), ("Administrative", "administrator"),
         ("Sessional", "sessional"), ("Volunteer", "volunteer")]
CONTRACTS = [("Permanent", "permanent"), ("Fixed-term", "fixed_term"),
             ("Outsourced", "outsourced"), ("Temporary", "temporary"), ("Vacant", "vacant"),
             ("Secondee Police", "seconded_police"),
             ("Secondee Probation", "seconded_probation"),
             ("Secondee Health", "seconded_health")]
NOISES = ("l_for_1", "O_for_0", "word_digit", "wide_gap", "border", "lone_l", "run_together",
          "heading_digit", "heading_gap")
CASES = 60


def _value_spans(line: str) -> list[tuple[int, int]]:
    """Where the value cells of a laid-out row are (after its label)."""
    return [m.span() for m in re.finditer(r"(?<=\s)\d+(?=\s|$)", line)]


def _variant(rng: random.Random) -> tuple[Variant, set[int]]:
    """The document, and the lines printing a value that must be reported unread."""
    roles = rng.sample(ROLES, rng.randint(3, len(ROLES)))
    contracts = rng.sample(CONTRACTS, rng.randint(3, 6))
    expected: dict[int, dict[int, tuple[str, str, float]]] = {}
    body = []
    for index, (label, contract) in enumerate(contracts):
        values = [rng.choice([0, rng.randint(1, 3), rng.randint(10, 19)]) for _ in roles]
        if not any(values):
            values[0] = rng.randint(2, 9)
        total = sum(values)
        body.append((label, *(str(v) if v else "" for v in values), str(total)))
        cells = [(role, float(v)) for (_, role), v in zip(roles, values, strict=True) if v]
        expected[index] = dict(enumerate(
            [(contract, role, value) for role, value in cells]
            + [(contract, "total", float(total))]))
    caption = "Staffing of the YOT by contract type"
    table = TableText(caption, (("Type of contract", *(r for r, _ in roles), "Total"),),
                      tuple(body))
    lines = spaced(table).split("\n")
    first = lines.index(caption) + 3  # the header's line, then the rows
    noises = rng.sample(NOISES, rng.randint(1, 3))
    unread: set[int] = set()
    for noise in noises:
        index = rng.randrange(len(contracts))
        number = first + index
        line = lines[number]
        spans = _value_spans(line)
        texts = [line[a:b] for a, b in spans]
        cells = list(expected[index])
        if noise in ("l_for_1", "O_for_0"):
            digit, letter = ("1", "l") if noise == "l_for_1" else ("0", "O")
            at = [i for i, t in enumerate(texts) if len(t) > 1 and digit in t]
            if at:
                a, b = spans[rng.choice(at)]
                line = line[:a] + line[a:b].replace(digit, letter, 1) + line[b:]
        elif noise == "word_digit":
            label = contracts[index][0]
            at = [i for i, ch in enumerate(label) if ch in "ol" and 0 < i < len(label) - 1
                  and label[i - 1].isalpha() and label[i + 1].isalpha()]
            if at:
                i = rng.choice(at)
                line = line[:i] + ("0" if label[i] == "o" else "1") + line[i + 1:]
        elif noise == "heading_digit":  # "Practiti0ners" in the header line
            header = lines[first - 1]
            at = [m.start() + 1 for m in re.finditer(r"(?<=[A-Za-z])[ol](?=[a-z])", header)]
            if at:
                i = rng.choice(at) - 1
                lines[first - 1] = header[:i] + ("0" if header[i] == "o" else "1") + header[i + 1:]
        elif noise == "heading_gap":  # "Strategic   Manager": the headings after it move
            header = lines[first - 1]  # two characters right
            at = [m.start() for m in re.finditer(r"(?<=[a-z]) (?=[A-Z][a-z])", header)]
            if at:
                i = rng.choice(at)
                lines[first - 1] = header[:i] + "   " + header[i + 1:]
        elif noise == "wide_gap" and " " in contracts[index][0] \
                and line[len(contracts[index][0]):].startswith(" " * 5):
            end = len(contracts[index][0])  # the label's words 3 spaces apart, the
            line = line[:end].replace(" ", "   ", 1) + line[end + 2:]  # values in place
        elif noise == "border":  # in place: a gap's middle, the row's end, every row's start
            gaps = [m for m in re.finditer(r"(?<=\S) {3,}(?=\S)", line)]
            where = rng.choice(["gap", "end", "start"])
            if where == "gap" and gaps:
                gap = rng.choice(gaps)
                middle = (gap.start() + gap.end()) // 2
                line = line[:middle] + "|" + line[middle + 1:]
            elif where == "start":
                lines[first - 1:first + len(contracts)] = [
                    "| " + other for other in lines[first - 1:first + len(contracts)]]
                line = lines[number]
            else:
                line += "  |"
        elif noise == "lone_l":
            at = [i for i, t in enumerate(texts[:-1]) if t == "1"]
            if at:
                i = rng.choice(at)
                a, b = spans[i]
                line = line[:a] + "l" + line[b:]
                expected[index].pop(cells[i])  # a 1 or a border: not read
                unread.add(number + 1)
        elif noise == "run_together" and len(spans) >= 3:
            i = rng.randrange(len(spans) - 2)  # two role values (the total stays apart)
            a, b = spans[i]
            c, _ = spans[i + 1]
            line = line[:a] + " " * (c - b - 1) + line[a:b] + " " + line[c:]  # moved right
            expected[index].pop(cells[i])
            expected[index].pop(cells[i + 1])
            unread.add(number + 1)
        lines[number] = line
    text = "\n".join(lines)
    found = {key for row in expected.values() for key in row.values()}
    description = f"noises={noises}\n{text}"
    return Variant(text, found, description), unread


VARIANTS = [_variant(random.Random(6000 + seed)) for seed in range(CASES)]
NOT_YET_READ: set[int] = set()


@pytest.mark.parametrize(("variant", "unread"),
                         broken_params(VARIANTS, NOT_YET_READ, 6000, "not read yet"))
def test_an_ocr_staffing_table_is_read_without_a_guess(variant: Variant,
                                                       unread: set[int]) -> None:
    """Every value a reader can undo is read on its line; a value of two readings is
    in no row and reported on its line."""
    context = plan_2019_context(variant.text)
    output = run_extractor(DOMAIN, context)["workforce"]
    rows = [((r.contract_type, r.role, float(r.value)), int(r.source_line))
            for r in output.frame.itertuples() if str(r.contract_type) != "total"]
    read_to_the_line(context, rows, variant.expected, variant.description)
    reported = {issue.source_line for issue in output.issues if issue.code == CELLS_LEFT_OUT}
    assert unread <= reported, variant.description


def _staff_by_gender(header: list[str], rows: list[list[str]]):
    text = "\n".join(["Staff by gender and ethnicity", "",
                      "\t".join(header), *("\t".join(row) for row in rows), "",
                      "Text after the table."]) + "\n"
    return run_extractor(DOMAIN, plan_2019_context(text))["workforce"]


def test_columns_whose_headings_read_alike_are_left_out() -> None:
    """"Male", "Female", "Male", "Female" with the roles over them lost (a scan's upper
    heading line not read): which role is each column's? None is published; each value
    is reported on its line."""
    output = _staff_by_gender(["Ethnicity", "Male", "Female", "Male", "Female"],
                              [["White British", "3", "2", "6", "4"],
                               ["Mixed", "1", "5", "7", "8"]])
    assert output.frame.empty
    reported = {issue.source_line for issue in output.issues if issue.code == CELLS_LEFT_OUT}
    assert reported == {4, 5}


def test_one_heading_of_each_gender_is_read() -> None:
    output = _staff_by_gender(["Ethnicity", "Male", "Female"],
                              [["White British", "3", "2"], ["Mixed", "1", "5"]])
    assert {(r.ethnicity, r.gender, float(r.value)) for r in output.frame.itertuples()} == {
        ("white_british", "male", 3.0), ("white_british", "female", 2.0),
        ("mixed", "male", 1.0), ("mixed", "female", 5.0)}
