"""The YJB template's partner-contributions table, printed as a Word text export in the
ways real plans vary it, must be read exactly: every amount with its agency and type.

A seeded generator (never text from a plan) draws each table: which agencies and in
what order, the column order, how an empty cell is printed (nothing, a space, 0, a dash,
£0), "£" in the amount, before it as a cell of its own, or in the header, amounts in
thousands, the year in the caption or in an upper header row, the caption above or after
the table, labels over two paragraphs, an empty paragraph after the header, a spacer row
before the total, a note under the table and "In kind" written where an amount would be.
"""

from __future__ import annotations

import random

import pytest
from template_variants import Variant, broken_params, broken_rows, plan_2019_context

from pipeline.extract.base import run_extractor
from pipeline.extract.budgets import DOMAIN

AGENCIES = [("Police", "police"),
            ("Police and Crime Commissioner", "police_and_crime_commissioner"),
            ("Probation", "probation"), ("Health", "health"),
            ("Local Authority", "local_authority"), ("YJB", "youth_justice_board"),
            ("Other", "other")]
TYPES = [("Staffing costs", "staffing_costs"), ("Payments in kind", "payments_in_kind"),
         ("Other delegated funds", "other_delegated_funds")]
CASES = 120



def _amount(value: int, pound: str) -> str:
    """An amount as printed; "£" as a cell of its own is the cell before the amount's."""
    if pound == "cell":
        return f"£\r{value:,}"
    return f"{'£' if pound == 'inline' else ''}{value:,}"


def _pound_header(rng: random.Random, types: list[tuple[str, str]]) -> list[str]:
    """Funding types over columns headed only "£" (or "£" and the year)."""
    pound = rng.choice(["£", "£ 2019/20", "2019/20 £"])
    stub = rng.choice(["Agency", "Partner", ""])
    upper = [*(name for name, _ in types), "Total"]
    if rng.random() < 0.5:  # the stub above, or below with no cell above it
        return [stub, *upper, ""] + [pound] * (len(types) + 1)
    return [*upper, stub or "Agency"] + [pound] * (len(types) + 1)


def _variant(rng: random.Random, breaks: bool = False) -> Variant:
    agencies = rng.sample(AGENCIES, rng.randint(4, 7))
    types = rng.sample(TYPES, len(TYPES)) if rng.random() < 0.3 else list(TYPES)
    pound = rng.choice(["none", "inline", "cell"])
    empty = rng.choice(["", " ", "0", "-", "£0"])
    thousands = rng.random() < 0.25
    suffix = " (£000)" if thousands else rng.choice(["", " (£)", " £"])
    upper_year = rng.random() < 0.3
    caption = rng.choice(["Partner contributions{}", "Table 3: Contributions to the YOT budget{}",
                          "Budget{}"]).format("" if upper_year else " 2019/20")
    two_paragraphs, spacer, note = (rng.random() < 0.3 for _ in range(3))
    in_kind_words = rng.random() < 0.2
    header = [rng.choice(["Agency", "Partner", "Source", ""])]
    header += [name + suffix for name, _ in types] + ["Total" + suffix]
    expected: dict[int, set[tuple[str, str, float]]] = {}
    sums = [0] * len(types)
    rows = []
    for label, slug in agencies:
        values = [rng.choice([0, rng.randint(1, 500) * 1000]) for _ in types]
        sums = [a + b for a, b in zip(sums, values, strict=True)]
        rows.append((label, slug, values))
    rows.append(("Total", "total", sums))
    printed: list[list[str]] = []
    for label, slug, values in rows:
        first, _, rest = label.partition(" and ")
        row = [f"{first} and\r\n{rest}" if two_paragraphs and rest else label]
        found = expected.setdefault(len(printed), set())
        for (_, kind), value in zip(types, values, strict=True):
            if value:
                row.append(_amount(value // 1000 if thousands else value, pound))
                found.add((slug, kind, float(value)))
            elif in_kind_words and kind == "payments_in_kind" and slug != "total" \
                    and rng.random() < 0.4:
                row.append("In kind")
            else:
                row.append(empty)
        if sum(values):
            row.append(_amount(sum(values) // 1000 if thousands else sum(values), pound))
            found.add((slug, "total", float(sum(values))))
        else:
            row.append(empty)
        printed.append(row)
    drawn: list[str] = []
    if breaks:
        printed, lost, drawn = broken_rows(printed, rng, list(range(len(agencies))))
        for index in lost:
            expected[index] = set()
        if not thousands and not upper_year and rng.random() < 0.4:
            header = _pound_header(rng, types)
            drawn.append(f"pound_header={header[-1]!r}")
    body: list[str] = []
    for index, row in enumerate(printed):
        if index == len(agencies) and spacer:
            body += [""] * (len(types) + 2)
        body += row
    cells = (["", "2019/20"] if upper_year else []) + header + body
    table = "".join(f"{cell}\r" for cell in cells) + ("* estimates\r" if note else "") + "\r\n"
    caption_after = rng.random() < 0.3
    text = (table + caption + "\r\n") if caption_after else (caption + "\r\n" + table)
    description = (f"pound={pound} empty={empty!r} suffix={suffix!r} upper_year={upper_year} "
                   f"caption_after={caption_after} two_paragraphs={two_paragraphs} "
                   f"spacer={spacer} note={note} in_kind={in_kind_words} "
                   f"column_order={[k for _, k in types]} breaks={drawn}")
    return Variant(text + "Text after the table.\r\n",
                   set().union(*expected.values()), description)


VARIANTS = [_variant(random.Random(seed)) for seed in range(CASES)]
# The same tables with rows that break the rhythm of one cell per column (issue 15).
BROKEN = [_variant(random.Random(1000 + seed), breaks=True) for seed in range(CASES)]


@pytest.mark.parametrize("variant", VARIANTS, ids=[f"seed{n}" for n in range(CASES)])
def test_a_perturbed_template_budget_is_read_exactly(variant: Variant) -> None:
    context = plan_2019_context(variant.text)
    frame = run_extractor(DOMAIN, context)["budget_contributions"].frame
    found = {(r.agency, r.contribution_type, float(r.amount_gbp)) for r in frame.itertuples()
             if r.amount_gbp}
    assert found == variant.expected, variant.description
    assert set(frame["financial_year"]) == {"2019-20"}


# Breaks not yet read as a person reads them (a merged cell in the first body row, a
# note or a split label beside a merged cell, two notes in one table, ...):
# strict, so that each seed fixed must be taken off this list. None of them publishes a
# wrong row (1007 and 1071, a label read among the amounts, leave the table out).
NOT_YET_READ = {1007, 1009, 1054, 1070, 1071, 1076}


@pytest.mark.parametrize("variant", broken_params(BROKEN, NOT_YET_READ))
def test_a_budget_whose_rows_break_the_rhythm_is_read_without_a_wrong_row(
        variant: Variant) -> None:
    """Rows printing a cell too many or too few: every row a reader can place is read,
    the others are left out (never read under a neighbouring column)."""
    test_a_perturbed_template_budget_is_read_exactly(variant)


def _section_variant(rng: random.Random) -> Variant:
    """The template's types as section rows ("Staffing costs", merged into one cell or
    printed over empty cells) above the agencies, under columns headed only by "£"."""
    types = rng.sample(TYPES, rng.randint(2, 3))
    pound = rng.choice(["£", "£ 2019/20", "2019/20 £"])
    merged = rng.random() < 0.5
    cells = [rng.choice(["Agency", "Partner", ""]), pound]
    expected: set[tuple[str, str, float]] = set()
    for name, kind in types:
        cells += [name] if merged else [name, ""]
        for label, slug in rng.sample(AGENCIES, rng.randint(2, 5)):
            value = rng.randint(1, 500) * 1000
            cells += [label, f"{value:,}"]
            expected.add((slug, kind, float(value)))
    text = "Partner contributions\r\n" + "".join(f"{cell}\r" for cell in cells) + "\r\n"
    return Variant(text + "Text after the table.\r\n", expected,
                   f"pound={pound!r} merged={merged} types={[k for _, k in types]}")


SECTIONED = [_section_variant(random.Random(2000 + seed)) for seed in range(40)]
# A later section heading of one or two words merged into one cell cuts a two-column table
# (its rows are left unread, never misread) when the table's first section was not read as
# one (a table opening with a section continues past the next: 2004 and 2021, issue 15
# merged cells): strict, as above.
SECTIONS_NOT_YET_READ = {2003, 2016}


@pytest.mark.parametrize("variant", broken_params(SECTIONED, SECTIONS_NOT_YET_READ, 2000))
def test_a_budget_in_sections_under_pound_columns_is_read_exactly(variant: Variant) -> None:
    test_a_perturbed_template_budget_is_read_exactly(variant)
