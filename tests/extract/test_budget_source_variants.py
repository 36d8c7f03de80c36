"""The YJB template's contributions table with a row per funding source ("Local
Authority", "Police and Crime Commissioner", "YJB grant", "Other Source / Welsh
Government", ...), printed in every rendering plans come in, must be read exactly: each
amount with its source and type, cited on the line that prints it (issue 15).

A seeded generator (invented text, never a plan's) draws the sources and their wording,
the stub's heading, the columns' wording and order (total first or last), how "£" is
printed (not at all, before the amount, before it after a space, or in Word exports as a
cell of its own), how an empty cell is printed, a total row or none, the year in the
caption or in each heading, the rendering, and whether the service is Welsh (where
"Other Source / Welsh Government" is the Welsh Government).
"""

from __future__ import annotations

import random

import pytest
from renderings import RENDERINGS, TableText
from template_variants import Variant, broken_params, plan_2019_context, read_to_the_line

from pipeline.extract.base import run_extractor
from pipeline.extract.budgets import DOMAIN

SOURCES = [(("Local Authority", "Local authority", "Council"), "local_authority"),
           (("Police and Crime Commissioner", "Police & Crime Commissioner", "PCC",
             "Office of the Police and Crime Commissioner"), "police_and_crime_commissioner"),
           (("Police",), "police"),
           (("Probation", "National Probation Service"), "probation"),
           (("Health", "Health (CCG)", "Clinical Commissioning Group"), "health"),
           (("YJB grant", "YJB Good Practice Grant", "Youth Justice Board"),
            "youth_justice_board"),
           (("Other Source / Welsh Government", "Other source", "Other"), "other")]
TYPES = [(("Staffing costs", "Staffing Costs", "Staff costs", "Staffing"), "staffing_costs"),
         (("Payments in kind", "Payment in kind", "In kind"), "payments_in_kind"),
         (("Other delegated funds", "Other Delegated Funds", "Delegated funds"),
          "other_delegated_funds")]
STUBS = ["Source of funding", "Funding source", "Agency", "Partner", "Source", ""]
CASES = 80


def _amount(value: int, pound: str) -> str:
    """An amount as printed: "£" glued, after a space, or a cell of its own before it."""
    return {"none": f"{value:,}", "inline": f"£{value:,}", "spaced": f"£ {value:,}",
            "cell": f"£\r{value:,}"}[pound]


def _variant(rng: random.Random) -> Variant:
    rendering = rng.choice(sorted(RENDERINGS))
    sources = rng.sample(SOURCES, rng.randint(3, len(SOURCES)))
    types = rng.sample(TYPES, rng.randint(2, 3))
    total_first = rng.random() < 0.25
    pounds = ["none", "inline", "spaced"] + (["cell"] if rendering == "word_export" else [])
    pound = rng.choice(pounds)
    empty = rng.choice(["", "0", "-", "£0"] if pound != "cell" else ["", "-"])
    names = [rng.choice(words) for words, _ in types]
    kinds = [kind for _, kind in types]
    columns = list(zip(names, kinds, strict=True))
    total = (rng.choice(["Total", "Total contribution", "Total (£)"]), "total")
    columns = [total, *columns] if total_first else [*columns, total]
    used: set[int] = set()  # every amount printed once, so its line is known
    def draw() -> int:
        while (value := rng.randint(1, 900) * 100) in used:
            pass
        used.add(value)
        return value
    body: list[tuple[str, ...]] = []
    expected: set[tuple[str, str, float]] = set()
    sums = dict.fromkeys(kinds, 0)
    for words, slug in sources:
        values = {kind: draw() if rng.random() < 0.6 else 0 for kind in kinds}
        if not any(values.values()):
            values[kinds[0]] = draw()
        values["total"] = sum(values.values())
        for kind in kinds:
            sums[kind] += values[kind]
        body.append((rng.choice(words), *(_amount(values[k], pound) if values[k] else empty
                                          for _, k in columns)))
        expected |= {(slug, kind, float(value)) for kind, value in values.items() if value}
    sums["total"] = sum(sums.values())
    body.append(("Total", *(_amount(sums[k], pound) if sums[k] else empty
                            for _, k in columns)))
    expected |= {("total", kind, float(value)) for kind, value in sums.items() if value}
    if rng.random() < 0.25:  # no total row
        body.pop()
        expected = {key for key in expected if key[0] != "total"}
    stub = rng.choice(STUBS)
    year = rng.choice(["caption", "caption", "headings"])  # where 2019/20 is printed
    caption = rng.choice(["Partner contributions", "Budget", "Table 3: Sources of funding"])
    caption += " 2019/20" if year == "caption" else ""
    headings = [f"{name} 2019/20" if year == "headings" else name for name, _ in columns]
    table = TableText(caption, ((stub, *headings),), tuple(body),
                      caption_below=rng.random() < 0.2)
    welsh = rng.random() < 0.2  # the plan of a Welsh service: "Other Source / Welsh
    if welsh:  # Government" is the Welsh Government's money there
        expected = {("welsh_government", *key[1:]) if key[0] == "other" and any(
            row[0] == "Other Source / Welsh Government" for row in body) else key
            for key in expected}
    description = (f"rendering={rendering} pound={pound} empty={empty!r} stub={stub!r} "
                   f"welsh={welsh} "
                   f"year={year} "
                   f"columns={[n for n, _ in columns]} sources={[r[0] for r in body]}")
    return Variant(RENDERINGS[rendering](table), expected, description,
                   "cardiff" if welsh else "darlington")


VARIANTS = [_variant(random.Random(3000 + seed)) for seed in range(CASES)]
NOT_YET_READ: set[int] = set()


@pytest.mark.parametrize("variant", broken_params(VARIANTS, NOT_YET_READ, 3000, "not read yet"))
def test_a_budget_by_funding_source_is_read_exactly(variant: Variant) -> None:
    context = plan_2019_context(variant.text, variant.yot_id)
    frame = run_extractor(DOMAIN, context)["budget_contributions"].frame
    rows = [((r.agency, r.contribution_type, float(r.amount_gbp)), int(r.source_line))
            for r in frame.itertuples() if r.amount_gbp]
    read_to_the_line(context, rows, variant.expected, variant.description)
    assert set(frame["financial_year"]) == {"2019-20"}
