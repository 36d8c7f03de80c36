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
from template_variants import Variant, broken_params, broken_rows, plan_2019_context
from word_export import word_cells

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


def _variant(rng: random.Random, breaks: bool = False) -> Variant:
    contracts = rng.sample(CONTRACTS, rng.randint(3, len(CONTRACTS)))
    singles = rng.sample(SINGLE_ROLES, rng.randint(0, len(SINGLE_ROLES)))
    empty = rng.choice(["", " ", "0"])
    columns = [(role, pattern) for _, role in ROLES for _, pattern in PATTERNS]
    columns += [(role, None) for _, role in singles]
    cells, upper = _header(rng, singles)
    expected: list[set[tuple[str, str, str | None, float]]] = []
    rows: list[list[str]] = []
    for label, contract in contracts:
        values = [rng.choice([0, 0, rng.randint(1, 20)]) for _ in columns]
        row = [label]
        found = set()
        for (role, pattern), value in zip(columns, values, strict=True):
            row.append(str(value) if value else empty)
            if value or empty == "0":
                found.add((contract, role, pattern, float(value)))
        row.append(str(sum(values)) if sum(values) else empty)
        rows.append(row)
        expected.append(found)
    caption = rng.choice(["Staffing of the YOT by contract type",
                          "Table 4: Number of staff at YOT by contract type (June 2019)"])
    drawn: list[str] = []
    if breaks:
        rows, lost, drawn = broken_rows(rows, rng, list(range(len(rows))))
        for index in lost:
            expected[index] = set()
    cells += [cell for row in rows for cell in row]
    table = word_cells(*cells)
    caption_after = rng.random() < 0.3
    text = (table + caption + "\r\n") if caption_after else (caption + "\r\n" + table)
    description = (f"upper_header={upper} empty={empty!r} caption_after={caption_after} "
                   f"single_roles={[s for _, s in singles]} breaks={drawn}")
    return Variant(text + "Text after the table.\r\n", set().union(*expected), description)


VARIANTS = [_variant(random.Random(seed)) for seed in range(CASES)]
# The same tables with rows that break the rhythm of one cell per column (issue 15).
BROKEN = [_variant(random.Random(1000 + seed), breaks=True) for seed in range(CASES)]


@pytest.mark.parametrize("variant", VARIANTS, ids=[f"seed{n}" for n in range(CASES)])
def test_a_perturbed_template_staffing_table_is_read_exactly(variant: Variant) -> None:
    context = plan_2019_context(variant.text)
    frame = run_extractor(DOMAIN, context)["workforce"].frame
    found = {(r.contract_type, r.role,
              r.working_pattern if isinstance(r.working_pattern, str) else None, float(r.value))
             for r in frame.itertuples()
             if str(r.contract_type) != "total" and str(r.role) != "total"}
    assert found == variant.expected, variant.description


# Breaks not yet read as a person reads them: two broken rows with one row keeping the
# rhythm (1022, 1038, 1056); a first row cut short under an upper header, read at twice
# the width (1023); "Secondee" | "Probation" first, read as a title over a header one cell
# late (1032); a first row with a note over a table whose other rows are empty (1059).
# None publishes a wrong row: 1032, 1038 and 1056 did until a heading naming a working
# pattern over the row labels left such a table unread (its header is a cell off its
# rows); 1035 (read as a second label column's empty cell) is read since an empty column
# 1 is no label column. Strict, so that each seed fixed must be taken off this list.
NOT_YET_READ = {1022, 1023, 1032, 1038, 1056, 1059}


@pytest.mark.parametrize("variant", broken_params(BROKEN, NOT_YET_READ))
def test_a_staffing_table_whose_rows_break_the_rhythm_is_read_without_a_wrong_row(
        variant: Variant) -> None:
    """Rows printing a cell too many or too few: every row a reader can place is read,
    the others are left out (never read under a neighbouring role)."""
    test_a_perturbed_template_staffing_table_is_read_exactly(variant)


@pytest.mark.parametrize("variant", [BROKEN[seed - 1000] for seed in sorted(NOT_YET_READ)],
                         ids=[f"seed{seed}" for seed in sorted(NOT_YET_READ)])
def test_a_table_not_read_yet_publishes_no_wrong_row(variant: Variant) -> None:
    """Leave out rather than guess: every row read from a seed not read yet is right."""
    frame = run_extractor(DOMAIN, plan_2019_context(variant.text))["workforce"].frame
    found = {(r.contract_type, r.role,
              r.working_pattern if isinstance(r.working_pattern, str) else None, float(r.value))
             for r in frame.itertuples()
             if str(r.contract_type) != "total" and str(r.role) != "total"}
    assert found <= variant.expected, variant.description
