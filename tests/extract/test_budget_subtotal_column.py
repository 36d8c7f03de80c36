"""A Word-export budget with one column of amounts and one of sub-totals, both headed only
by a pound sign (issue 15): section headings in capitals printed as paragraphs between
the rows, item rows of three cells (label, amount, empty), sub-total rows (label, empty,
sub-total) and a grand total in the sub-total column. Every item and the grand total must
be read, each amount once; a sub-total is no agency's contribution and is left out, as
the project's budget rules leave out every sub-total row.

A seeded generator (invented agencies and amounts, never a plan's text) draws the
header (two "£" cells, or "Amount" and "Sub-total"), the sections and their rows, whether
a heading follows the row above directly or after an empty paragraph, whether a section
prints its sub-total, a row printing a single figure in the sub-total column, and how an
empty cell is printed.
"""

from __future__ import annotations

import random

import pytest
from template_variants import Variant, broken_params, plan_2019_context

from pipeline.extract.base import run_extractor
from pipeline.extract.budgets import DOMAIN

AGENCIES = [("Police", "police"), ("Police and Crime Commissioner",
                                   "police_and_crime_commissioner"),
            ("Probation Service", "probation"), ("Public Health", "health"),
            ("Local Authority", "local_authority"), ("YJB Practice Grant", "youth_justice_board"),
            ("Clinical Commissioning Groups", "health")]
HEADINGS = ["PARTNER CONTRIBUTIONS", "GRANTS RECEIVED", "OTHER FUNDING",
            "SECONDED STAFF"]
HEADERS = [("£", "£"), ("£", "£"), ("Amount", "Sub-total")]
CASES = 50
FIRST_SEED = 9300


def _variant(rng: random.Random) -> Variant:
    header = rng.choice(HEADERS)
    empty = rng.choice(["", " "])
    labels = rng.sample(AGENCIES, len(AGENCIES))
    expected: set[tuple] = set()
    text = "THE SERVICE BUDGET 2019/20 \r\n \t \t" + "".join(f"{h} \r" for h in header)
    grand = 0
    sections = rng.sample(HEADINGS, rng.randint(2, len(HEADINGS)))
    apart = []
    for number, heading in enumerate(sections):
        separated = number > 0 and rng.random() < 0.5  # an empty paragraph before it
        apart.append(separated)
        text += (" \r\n" if separated else "") + f"{heading} \r\n"
        subtotal = 0
        for _ in range(rng.randint(1, 3)):
            if not labels:
                break
            label, slug = labels.pop()
            amount = rng.randint(2, 900) * 1000 + rng.randint(0, 999)
            subtotal += amount
            expected.add((slug, "total", float(amount)))
            text += f"{label} \r{amount:,} \r{empty}\r"
        grand += subtotal
        if rng.random() < 0.8:
            text += f" \tSub-total \r\n \r{empty}\r{subtotal:,} \r"
    if rng.random() < 0.5:  # one figure printed in the sub-total column
        amount = rng.randint(2, 900) * 1000 + 1
        grand += amount
        expected.add(("other", "total", float(amount)))
        text += f"Small fund for local projects \r\n \r{empty}\r{amount:,} \r"
    expected.add(("total", "total", float(grand)))
    text += f" \tGRAND TOTAL \r \r{grand:,} \r\r\r\n \r\nText after the table.\r\n"
    description = f"header={header} sections={sections} apart={apart} empty={empty!r}"
    return Variant(text, expected, description)


VARIANTS = [_variant(random.Random(FIRST_SEED + seed)) for seed in range(CASES)]


@pytest.mark.parametrize("variant", broken_params(VARIANTS, set(), FIRST_SEED))
def test_a_budget_with_a_subtotal_column_is_read_once(variant: Variant) -> None:
    context = plan_2019_context(variant.text)
    frame = run_extractor(DOMAIN, context)["budget_contributions"].frame
    found = [(r.agency, r.contribution_type, float(r.amount_gbp)) for r in frame.itertuples()]
    assert sorted(found) == sorted(variant.expected), variant.description
    for row in frame.itertuples():
        assert f"{int(row.amount_gbp):,}" in context.lines[int(row.source_line) - 1]


SMALL = ("OUR BUDGET 2019/20 \r\n \t \t£ \r£ \rPARTNERS \r\nPolice \r4,000 \r\r"
         "Probation Service \r1,000 \r\r \tSub-total \r\n \r \r5,000 \r \r\nGRANTS \r\n"
         "YJB Practice Grant \r7,000 \r\r \tSub-total \r \r7,000 \r"
         " \tGRAND TOTAL \r \r12,000 \r\r\r\nText after.\r\n")


def test_headings_between_rows_are_rows_of_their_own_in_one_table() -> None:
    """The two sections are one table (the heading after an empty paragraph does not
    start another), each heading a row of its own, each label on its own line."""
    context = plan_2019_context(SMALL)
    assert len(context.tables) == 1
    grid = [[cell.text if cell else "" for cell in row] for row in context.tables[0].grid()]
    labels = [row[0] for row in grid]
    assert labels[labels.index("PARTNERS") + 1] == "Police"
    assert labels[labels.index("GRANTS") + 1] == "YJB Practice Grant"
    read = run_extractor(DOMAIN, context)["budget_contributions"]
    assert sorted(zip(read.frame.agency, read.frame.amount_gbp, strict=True)) == [
        ("police", 4000.0), ("probation", 1000.0), ("total", 12000.0),
        ("youth_justice_board", 7000.0)]
    # the first sub-total repeats its two rows (checked, nothing unread); the second
    # repeats one row only, which proves nothing: it stays an unread row
    first, second = [n for n, line in enumerate(context.lines, 1) if "Sub-total" in line]
    codes = {(issue.code, issue.source_line) for issue in read.issues}
    assert ("budget_subtotal_checked", first) in codes
    assert ("budget_row_not_read", second) in codes
    assert ("budget_row_not_read", first) not in codes


def test_two_pound_columns_printed_side_by_side_stay_unread() -> None:
    """Two "£" columns that both print an amount in one row are not one column at two
    indents: which is which is not printed, so neither is read (as before)."""
    text = ("OUR BUDGET 2019/20 \r\n \t \t£ \r£ \rPolice \r4,000 \r3,000 \r"
            "Probation Service \r1,000 \r\rGRAND TOTAL \r5,000 \r3,000 \r\r\nText after.\r\n")
    frame = run_extractor(DOMAIN, plan_2019_context(text))["budget_contributions"].frame
    assert frame.empty
