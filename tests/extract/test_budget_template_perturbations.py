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
from template_variants import Variant, plan_2019_context

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



def _amount(value: int, pound: str) -> list[str]:
    if pound == "cell":
        return ["£", f"{value:,}"]
    return [f"{'£' if pound == 'inline' else ''}{value:,}"]


def _variant(rng: random.Random) -> Variant:
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
    expected: set[tuple[str, str, float]] = set()
    sums = [0] * len(types)
    rows = []
    for label, slug in agencies:
        values = [rng.choice([0, rng.randint(1, 500) * 1000]) for _ in types]
        sums = [a + b for a, b in zip(sums, values, strict=True)]
        rows.append((label, slug, values))
    rows.append(("Total", "total", sums))
    body: list[str] = []
    for label, slug, values in rows:
        if slug == "total" and spacer:
            body += [""] * (len(types) + 2)
        first, _, rest = label.partition(" and ")
        body.append(f"{first} and\r\n{rest}" if two_paragraphs and rest else label)
        for (_, kind), value in zip(types, values, strict=True):
            if value:
                body += _amount(value // 1000 if thousands else value, pound)
                expected.add((slug, kind, float(value)))
            elif in_kind_words and kind == "payments_in_kind" and slug != "total" \
                    and rng.random() < 0.4:
                body.append("In kind")
            else:
                body.append(empty)
        if sum(values):
            body += _amount(sum(values) // 1000 if thousands else sum(values), pound)
            expected.add((slug, "total", float(sum(values))))
        else:
            body.append(empty)
    cells = (["", "2019/20"] if upper_year else []) + header + body
    table = "".join(f"{cell}\r" for cell in cells) + ("* estimates\r" if note else "") + "\r\n"
    caption_after = rng.random() < 0.3
    text = (table + caption + "\r\n") if caption_after else (caption + "\r\n" + table)
    description = (f"pound={pound} empty={empty!r} suffix={suffix!r} upper_year={upper_year} "
                   f"caption_after={caption_after} two_paragraphs={two_paragraphs} "
                   f"spacer={spacer} note={note} in_kind={in_kind_words} "
                   f"column_order={[k for _, k in types]}")
    return Variant(text + "Text after the table.\r\n", expected, description)


VARIANTS = [_variant(random.Random(seed)) for seed in range(CASES)]


@pytest.mark.parametrize("variant", VARIANTS, ids=[f"seed{n}" for n in range(CASES)])
def test_a_perturbed_template_budget_is_read_exactly(variant: Variant) -> None:
    context = plan_2019_context(variant.text)
    frame = run_extractor(DOMAIN, context)["budget_contributions"].frame
    found = {(r.agency, r.contribution_type, float(r.amount_gbp)) for r in frame.itertuples()
             if r.amount_gbp}
    assert found == variant.expected, variant.description
    assert set(frame["financial_year"]) == {"2019-20"}
