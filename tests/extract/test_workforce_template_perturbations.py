"""The YJB template's staffing-by-contract-type table, printed as a Word text export in
the ways real plans vary it, must be read exactly: every headcount under its contract
type, role and working pattern, and never under a neighbouring role.

A seeded generator (never text from a plan) draws each table: which contract types and
which single-column roles (sessional, student, volunteer), the roles' part-time and
full-time columns headed "Practitioners (PT)" in one header row or as an upper header of
merged role cells over "PT | FT" (with the single columns and "Total" merged down, so the
row below prints an empty cell under them), how an empty cell is printed (nothing, a
space, 0) and whether the caption comes above or after the table.
"""

from __future__ import annotations

import random

import pytest
from template_variants import Variant, plan_2019_context

from pipeline.extract.base import run_extractor
from pipeline.extract.people import DOMAIN

ROLES = [("Strategic Manager", "strategic_manager"),
         ("Operational Manager", "operations_manager"),
         ("Practitioners", "practitioner"), ("Administrative", "administrator")]
SINGLE_ROLES = [("Sessional", "sessional"), ("Student", "student"), ("Volunteer", "volunteer")]
PATTERNS = [("PT", "part_time"), ("FT", "full_time")]
CONTRACTS = [("Permanent", "permanent"), ("Fixed-term", "fixed_term"),
             ("Outsourced", "outsourced"), ("Temporary", "temporary"), ("Vacant", "vacant"),
             ("Secondee Police", "seconded_police"),
             ("Secondee Probation", "seconded_probation"),
             ("Secondee Education", "seconded_education")]
CASES = 60



def _header(rng: random.Random, singles: list[tuple[str, str]]) -> tuple[list[str], bool]:
    if rng.random() < 0.5:
        upper = ["Type of contract", *(r for r, _ in ROLES), *(r for r, _ in singles), "Total"]
        lower = ["", *(p for _ in ROLES for p, _ in PATTERNS), *([""] * len(singles)), ""]
        return upper + lower, True
    return ["Type of contract", *(f"{r} ({p})" for r, _ in ROLES for p, _ in PATTERNS),
            *(r for r, _ in singles), "Total"], False


def _variant(rng: random.Random) -> Variant:
    contracts = rng.sample(CONTRACTS, rng.randint(3, len(CONTRACTS)))
    singles = rng.sample(SINGLE_ROLES, rng.randint(0, len(SINGLE_ROLES)))
    empty = rng.choice(["", " ", "0"])
    columns = [(role, pattern) for _, role in ROLES for _, pattern in PATTERNS]
    columns += [(role, None) for _, role in singles]
    cells, upper = _header(rng, singles)
    expected: set[tuple[str, str, str | None, float]] = set()
    for label, contract in contracts:
        values = [rng.choice([0, 0, rng.randint(1, 20)]) for _ in columns]
        cells.append(label)
        for (role, pattern), value in zip(columns, values, strict=True):
            cells.append(str(value) if value else empty)
            if value or empty == "0":
                expected.add((contract, role, pattern, float(value)))
        cells.append(str(sum(values)) if sum(values) else empty)
    caption = rng.choice(["Staffing of the YOT by contract type",
                          "Table 4: Number of staff at YOT by contract type (June 2019)"])
    table = "".join(f"{cell}\r" for cell in cells) + "\r\n"
    caption_after = rng.random() < 0.3
    text = (table + caption + "\r\n") if caption_after else (caption + "\r\n" + table)
    description = (f"upper_header={upper} empty={empty!r} caption_after={caption_after} "
                   f"single_roles={[s for _, s in singles]}")
    return Variant(text + "Text after the table.\r\n", expected, description)


VARIANTS = [_variant(random.Random(seed)) for seed in range(CASES)]


@pytest.mark.parametrize("variant", VARIANTS, ids=[f"seed{n}" for n in range(CASES)])
def test_a_perturbed_template_staffing_table_is_read_exactly(variant: Variant) -> None:
    context = plan_2019_context(variant.text)
    frame = run_extractor(DOMAIN, context)["workforce"].frame
    found = {(r.contract_type, r.role,
              r.working_pattern if isinstance(r.working_pattern, str) else None, float(r.value))
             for r in frame.itertuples()
             if str(r.contract_type) != "total" and str(r.role) != "total"}
    assert found == variant.expected, variant.description
