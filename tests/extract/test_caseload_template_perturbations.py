"""A plan's table of the children it supervises by order or disposal type, printed as a
Word text export in the ways plans vary it, must be read exactly: every count under its
caseload type, and the Total row as the open caseload only when the heading says caseload.

A seeded generator (never text from a plan) draws each table: which order types (at most
one per caseload type), the count column's heading ("Number", "No.", "Number of young
people"), the stub heading, a Total row or not, and a caption naming the caseload or the
children "supervised by" or "open to" the service.
"""

from __future__ import annotations

import random

import pytest
from template_variants import Variant, plan_2019_context
from word_export import word_export

from pipeline.extract.base import run_extractor
from pipeline.extract.people import DOMAIN

TYPES = [("Referral Order", "referral_orders"),
         ("Youth Rehabilitation Order", "youth_rehabilitation_orders"),
         ("Detention and Training Order", "custody"), ("Youth Caution", "out_of_court_disposals"),
         ("Youth Conditional Caution", "out_of_court_disposals"),
         ("Remand in custody", "remands")]
CAPTIONS = ["Caseload by type of order",
            "Table 6: Current caseload by disposal type (31 March 2019)",
            "Young people open to the YOS by order type",
            "Children supervised by the YOS by order type"]
CASES = 40


def _variant(rng: random.Random) -> Variant:
    chosen: dict[str, str] = {}
    for label, caseload_type in rng.sample(TYPES, rng.randint(3, len(TYPES))):
        chosen.setdefault(caseload_type, label)
    caption = rng.choice(CAPTIONS)
    heading = rng.choice(["Number", "No.", "Number of young people"])
    cells = [rng.choice(["Type of order", "Disposal", "", "Outcome"]), heading]
    expected: set[tuple[str, float]] = set()
    for caseload_type, label in chosen.items():
        count = rng.randint(1, 90)
        cells += [label, str(count)]
        expected.add((caseload_type, float(count)))
    total_row = rng.random() < 0.5
    if total_row:
        total = sum(count for _, count in expected)
        cells += ["Total", str(int(total))]
        if "caseload" in caption.casefold():
            expected.add(("open_cases", total))
    text = word_export([caption, cells, "Text."])
    description = f"caption={caption!r} heading={heading!r} total_row={total_row}"
    return Variant(text, expected, description)


VARIANTS = [_variant(random.Random(seed)) for seed in range(CASES)]


@pytest.mark.parametrize("variant", VARIANTS, ids=[f"seed{n}" for n in range(CASES)])
def test_a_perturbed_caseload_by_order_type_is_read_exactly(variant: Variant) -> None:
    frame = run_extractor(DOMAIN, plan_2019_context(variant.text))["caseloads"].frame
    found = {(r.caseload_type, float(r.value)) for r in frame.itertuples()}
    assert found == variant.expected, variant.description
