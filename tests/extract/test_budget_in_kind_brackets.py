"""Contributions printed with their payment in kind in brackets ("£12,000 (£3,000 in
kind)", "£4,000 (in kind)") or in a column of its own headed "(in kind)" beside the
contribution: the whole amount is the source's total contribution and the bracketed part
(or the whole, when only "(in kind)" is printed) its payment in kind, both cited on the
line that prints them (issue 15).

A seeded generator (invented text, never a plan's) draws the sources, the amount
column's heading, how the in-kind part is printed, "£" or not, amounts in pounds or in
£000, a total row and the rendering.
"""

from __future__ import annotations

import random

import pytest
from renderings import RENDERINGS, TableText
from template_variants import (
    DistinctHundreds,
    Variant,
    broken_params,
    plan_2019_context,
    read_to_the_line,
)

from pipeline.extract.base import run_extractor
from pipeline.extract.budgets import DOMAIN, check_budget_sums

SOURCES = [("Local Authority", "local_authority"),
           ("Police and Crime Commissioner", "police_and_crime_commissioner"),
           ("Police", "police"), ("Probation", "probation"), ("Health", "health"),
           ("YJB grant", "youth_justice_board"), ("Other", "other")]
AMOUNT_HEADINGS = ["Contribution", "Total contribution", "Amount (£)", "Contribution £"]
IN_KIND_HEADINGS = ["(in kind)", "Of which in kind", "(of which in kind)"]
CASES = 60


def _variant(rng: random.Random) -> Variant:
    rendering = rng.choice(sorted(RENDERINGS))
    sources = rng.sample(SOURCES, rng.randint(3, len(SOURCES)))
    column = rng.random() < 0.35  # the in-kind part in a column of its own
    pound = "£" if rng.random() < 0.6 else ""
    thousands = rng.random() < 0.25  # amounts in £000 ("12.5 (3.2 in kind)")
    words = rng.choice(["in kind", "in-kind", "In kind"])
    draw = DistinctHundreds(rng, 20, 900)
    def money(value: int) -> str:
        return f"{pound}{value / 1000:,.1f}" if thousands else f"{pound}{value:,}"
    expected: set[tuple[str, str, float]] = set()
    body: list[tuple[str, ...]] = []
    totals = [0, 0]
    for label, slug in sources:
        amount = draw()
        shape = rng.choice(["plain", "part", "part", "whole"])
        in_kind = {"plain": 0, "part": draw(1, amount // 100 - 1), "whole": amount}[shape]
        totals = [totals[0] + amount, totals[1] + in_kind]
        expected.add((slug, "total", float(amount)))
        if in_kind:
            expected.add((slug, "payments_in_kind", float(in_kind)))
        if column:
            body.append((label, money(amount), money(in_kind) if in_kind else ""))
        elif shape == "whole":
            body.append((label, f"{money(amount)} ({words})"))
        elif in_kind:
            body.append((label, f"{money(amount)} ({money(in_kind)} {words})"))
        else:
            body.append((label, money(amount)))
    if rng.random() < 0.6 and totals[1] not in draw.used and totals[0] not in draw.used:
        expected |= {("total", "total", float(totals[0])),
                     ("total", "payments_in_kind", float(totals[1]))}
        body.append(("Total", money(totals[0]), money(totals[1])) if column
                    else ("Total", f"{money(totals[0])} ({money(totals[1])} {words})"))
    heading = rng.choice(AMOUNT_HEADINGS)
    if thousands:
        heading = heading.replace(" (£)", "").replace(" £", "") + " (£000)"
    header = (rng.choice(["Agency", "Source of funding", "Partner"]), heading,
              *([rng.choice(IN_KIND_HEADINGS)] if column else []))
    caption = rng.choice(["Partner contributions 2019/20", "Budget 2019/20"])
    table = TableText(caption, (header,), tuple(body))
    description = (f"rendering={rendering} column={column} pound={pound!r} words={words!r} "
                   f"thousands={thousands} "
                   f"header={header} rows={body}")
    return Variant(RENDERINGS[rendering](table), expected, description)


VARIANTS = [_variant(random.Random(4000 + seed)) for seed in range(CASES)]
NOT_YET_READ: set[int] = set()


@pytest.mark.parametrize("variant", broken_params(VARIANTS, NOT_YET_READ, 4000, "not read yet"))
def test_a_payment_in_kind_in_brackets_is_read_exactly(variant: Variant) -> None:
    context = plan_2019_context(variant.text)
    frame = run_extractor(DOMAIN, context)["budget_contributions"].frame
    rows = [((r.agency, r.contribution_type, float(r.amount_gbp)), int(r.source_line))
            for r in frame.itertuples() if r.amount_gbp]
    read_to_the_line(context, rows, variant.expected, variant.description)
    # a share printed beside its total is not a part that must add up to it
    assert check_budget_sums(frame) == [], variant.description
