"""Word-export budget and YJB grant tables with merged cells (issue 15). Word prints a
horizontally merged cell once, so its row has fewer cells than the header, and a
vertically merged cell in its first row only, the rows below printing an empty cell.
Both break the rhythm of cells the parser reads rows from.

A seeded generator (never text from a plan) draws each table: partner contributions
with a title merged over the amounts ("2019/20 budget" over three or four columns), a
"Total" label merged over two label columns, an agency merged down over two of its
services ("Local Authority" over "Children's services" and "Education"), or a YJB grant
table with a section row merged across it. Each is read exactly or listed below, strict,
with the reason; never a wrong row. A third family leaves one or two contribution types
empty in every row (an all-empty column, last or in the middle) and prints the last row
without its trailing empty cells: read one cell late, the empty column's heading was an
agency carried down every row, each amount one column right.
"""

from __future__ import annotations

import random

import pytest
from template_variants import Variant, plan_2019_context
from word_export import LEFT, UP, short_last_row, word_grid

from pipeline.extract.base import run_extractor
from pipeline.extract.budgets import DOMAIN

AGENCIES = [("Police", "police"), ("Probation", "probation"), ("Health", "health"),
            ("Police and Crime Commissioner", "police_and_crime_commissioner"),
            ("YJB", "youth_justice_board")]
TEMPLATE = [("Staffing costs", "staffing_costs"), ("Payments in kind", "payments_in_kind"),
            ("Other delegated funds", "other_delegated_funds")]
NARROW = [("Cash", "cash"), ("In kind", "payments_in_kind")]
SERVICES = ["Children's services", "Education", "Social care", "Public health"]
GRANT_ITEMS = ["Case managers", "Prevention worker", "Training", "Reparation",
               "Substance misuse worker", "Volunteer coordinator", "Premises"]
FAMILIES = ("title_span", "total_label", "vertical_agency", "grant_section")
CASES = 64
FIRST_SEED = 15000


def _amount(rng: random.Random, pound: bool, value: int) -> str:
    return f"{'£' if pound else ''}{value:,}"


def _contributions(rng: random.Random, family: str) -> Variant:
    types = rng.choice([TEMPLATE, NARROW])
    pound = rng.random() < 0.4
    with_total = rng.random() < 0.5
    kinds = [kind for _, kind in types] + (["total"] if with_total else [])
    heads = [name for name, _ in types] + (["Total"] if with_total else [])
    two_labels = family in ("total_label", "vertical_agency")
    stub = [rng.choice(["Agency", "Partner"])] + (["Service"] if two_labels else [])
    grid: list[list[str]] = []
    if family == "title_span":
        grid.append(["", "2019/20 budget",
                     *[LEFT] * (len(heads) - 1)])
    grid.append([*stub, *heads])
    expected: set[tuple] = set()
    sums = [0] * len(types)

    def add(labels: list[str], slug: str, values: list[int]) -> None:
        nonlocal sums
        sums = [a + b for a, b in zip(sums, values, strict=True)]
        amounts = values + ([sum(values)] if with_total else [])
        grid.append([*labels, *(_amount(rng, pound, v) for v in amounts)])
        expected.update((slug, k, float(v)) for k, v in zip(kinds, amounts, strict=True) if v)

    draw = lambda: [rng.randint(1, 400) * 500 for _ in types]  # noqa: E731
    for label, slug in rng.sample(AGENCIES, rng.randint(3, 5)):
        add([label] + ([""] if two_labels else []), slug, draw())
    if family == "vertical_agency":
        first, second = rng.sample(SERVICES, 2)
        at = rng.randint(1, len(grid))
        rows = [["Local Authority", first], [UP, second]]
        for offset, labels in enumerate(rows):
            values = draw()
            sums = [a + b for a, b in zip(sums, values, strict=True)]
            amounts = values + ([sum(values)] if with_total else [])
            grid.insert(at + offset, [*labels, *(_amount(rng, pound, v) for v in amounts)])
            expected.update(("local_authority", k, float(v))
                            for k, v in zip(kinds, amounts, strict=True))
    totals = sums + ([sum(sums)] if with_total else [])
    label = ["Total", LEFT] if two_labels else ["Total"]
    grid.append([*label, *(_amount(rng, pound, v) for v in totals)])
    expected.update(("total", k, float(v)) for k, v in zip(kinds, totals, strict=True))
    description = f"{family} types={kinds} pound={pound} grid={grid}"
    return Variant("Partner contributions 2019/20\r\n" + word_grid(grid)
                   + "Text after the table.\r\n", expected, description)


def _grant(rng: random.Random) -> Variant:
    pound = rng.random() < 0.5
    head = rng.choice([["Item", "Amount"], ["Spend area", "£"], ["Activity", "Cost"]])
    grid = [head]
    sections = rng.sample(["Staffing", "Interventions", "Other costs"], rng.randint(1, 2))
    items = rng.sample(GRANT_ITEMS, 2 * len(sections) + 1)
    expected: set[tuple] = set()
    total = 0
    for n, section in enumerate(sections):
        grid.append([section, LEFT])
        for item in items[2 * n:2 * n + 2 + (n == len(sections) - 1)]:
            value = rng.randint(2, 90) * 1000
            total += value
            grid.append([item, _amount(rng, pound, value)])
            expected.add((item, float(value)))
    grid.append(["Total", _amount(rng, pound, total)])
    expected.add(("Total", float(total)))
    return Variant("YJB grant spend 2019/20\r\n" + word_grid(grid)
                   + "Text after the table.\r\n", expected, f"grant_section grid={grid}")


def _variant(rng: random.Random, seed: int) -> Variant:
    family = FAMILIES[seed % len(FAMILIES)]
    return _grant(rng) if family == "grant_section" else _contributions(rng, family)


VARIANTS = [_variant(random.Random(FIRST_SEED + n), n) for n in range(CASES)]
# Seeds not read yet, strict (a seed that starts passing must be taken off its list),
# with why: a grant table of one section under a header naming no unit ("Item" |
# "Amount", then "Interventions" as one cell) reads "Amount" | "Interventions" as its
# header under a title "Item"; a title and a section cannot be told apart when no later
# section recurs, and the table is not read as the grant's (never misread).
GRANT_SECTION_SPLITS = {15039, 15047, 15063}
NOT_YET_READ = dict.fromkeys(GRANT_SECTION_SPLITS, "one section under a unitless header")


def _found(variant: Variant) -> set[tuple]:
    tables = run_extractor(DOMAIN, plan_2019_context(variant.text))
    if variant.description.startswith("grant_section"):
        frame = tables["grant_spend"].frame
        return {(r.item_label, float(r.amount_gbp)) for r in frame.itertuples()}
    frame = tables["budget_contributions"].frame
    return {(r.agency, r.contribution_type, float(r.amount_gbp)) for r in frame.itertuples()
            if r.amount_gbp}


def _params() -> list:
    return [pytest.param(v, id=f"seed{FIRST_SEED + n}", marks=pytest.mark.xfail(
        strict=True, reason=NOT_YET_READ[FIRST_SEED + n])) if FIRST_SEED + n in NOT_YET_READ
        else pytest.param(v, id=f"seed{FIRST_SEED + n}") for n, v in enumerate(VARIANTS)]


@pytest.mark.parametrize("variant", _params())
def test_a_table_with_merged_cells_is_read_exactly(variant: Variant) -> None:
    assert _found(variant) == variant.expected, variant.description


SECTION_NAMES = ["Statutory partners", "Other partners", "Voluntary sector", "Grants"]
SECTION_CASES = 24
SECTION_SEED = 15100


def _sectioned(rng: random.Random) -> Variant:
    """Agencies under sections merged across the whole table, one cell each, under a
    header naming no unit (the first section read as the header's last cell moved
    every heading one column left: wrong rows)."""
    types = rng.choice([TEMPLATE, NARROW])
    pound = rng.random() < 0.4
    kinds = [kind for _, kind in types]
    grid = [[rng.choice(["Agency", "Partner"]), *(name for name, _ in types)]]
    expected: set[tuple] = set()
    agencies = rng.sample(AGENCIES, 5)
    cut = rng.randint(2, 3)
    for section, members in zip(rng.sample(SECTION_NAMES, 2), (agencies[:cut],
                                                                agencies[cut:]), strict=True):
        grid.append([section, *[LEFT] * len(types)])
        for label, slug in members:
            values = [rng.randint(1, 400) * 500 for _ in types]
            grid.append([label, *(_amount(rng, pound, v) for v in values)])
            expected.update((slug, k, float(v)) for k, v in zip(kinds, values, strict=True))
    return Variant("Partner contributions 2019/20\r\n" + word_grid(grid)
                   + "Text after the table.\r\n", expected, f"sections grid={grid}")


@pytest.mark.parametrize("variant", [
    pytest.param(_sectioned(random.Random(SECTION_SEED + n)), id=f"seed{SECTION_SEED + n}")
    for n in range(SECTION_CASES)])
def test_a_budget_in_sections_merged_across_is_read_exactly(variant: Variant) -> None:
    assert _found(variant) == variant.expected, variant.description


BLANK_CASES = 40
BLANK_SEED = 15500


def _blank_columns(rng: random.Random) -> Variant:
    """Partner contributions whose empty types print a heading and no amount in any row,
    the last row (a total or an agency) printed short of its trailing empty cells."""
    pound = rng.random() < 0.4
    with_total = rng.random() < 0.3
    empty = set(rng.sample(range(len(TEMPLATE)), rng.randint(1, 2)))
    kinds = [kind for _, kind in TEMPLATE] + (["total"] if with_total else [])
    grid = [[rng.choice(["Agency", "Partner"]), *(name for name, _ in TEMPLATE),
             *(["Total"] if with_total else [])]]
    expected: set[tuple] = set()
    agencies = rng.sample(AGENCIES, rng.randint(3, 5))
    if rng.random() < 0.5:
        agencies.append(("Total", "total"))
    sums = [0] * len(TEMPLATE)
    for label, slug in agencies:
        values = sums if slug == "total" else [
            0 if column in empty else rng.randint(1, 400) * 500 for column in range(len(TEMPLATE))]
        sums = sums if slug == "total" else [a + b for a, b in zip(sums, values, strict=True)]
        amounts = values + ([sum(values)] if with_total else [])
        grid.append([label, *(_amount(rng, pound, v) if v else "" for v in amounts)])
        expected.update((slug, k, float(v)) for k, v in zip(kinds, amounts, strict=True) if v)
    trailing = next(n for n in range(len(grid[-1])) if grid[-1][len(grid[-1]) - 1 - n])
    dropped = rng.randint(1, trailing) if trailing and rng.random() < 0.8 else 0
    description = f"blank columns {sorted(empty)} last row {dropped} short grid={grid}"
    return Variant("Partner contributions 2019/20\r\n" + word_grid(short_last_row(grid, dropped))
                   + "Text after the table.\r\n", expected, description)


@pytest.mark.parametrize("variant", [
    pytest.param(_blank_columns(random.Random(BLANK_SEED + n)), id=f"seed{BLANK_SEED + n}")
    for n in range(BLANK_CASES)])
def test_an_empty_contribution_type_is_a_column_above_a_short_last_row(
        variant: Variant) -> None:
    assert _found(variant) == variant.expected, variant.description
