"""The YJB template's staff-by-ethnicity-and-gender table, printed as a Word text export in
the ways real plans vary it, must be read exactly: every headcount under its ethnicity,
role, gender and group (staff or volunteers), never under a neighbouring role or gender.

A seeded generator (never text from a plan) draws each table: which role columns (the
template's eight, or its first four to seven), which ethnicity rows, genders printed "M/F"
or "Male/Female" either as a lower header row under merged role cells or appended to the
role in one header row ("Practitioners F", "Practitioners - F", "Practitioners (F)",
"Practitioners: F"), a total column pair and a total row or not, how an empty cell is
printed (nothing, a space, 0) and whether the caption comes above or after the table.
"""

from __future__ import annotations

import random

import pytest
from template_variants import Variant, plan_2019_context
from word_export import word_cells

from pipeline.extract.base import run_extractor
from pipeline.extract.people import DOMAIN

ROLES = [("Managers Strategic", "strategic_manager", "staff"),
         ("Managers Operational", "operations_manager", "staff"),
         ("Practitioners", "practitioner", "staff"), ("Administrative", "administrator", "staff"),
         ("Sessional", "sessional", "staff"), ("Student", "student", "staff"),
         ("Referral Order Panel Volunteer", "referral_order_panel_volunteer", "volunteers"),
         ("Other Volunteer", "volunteer", "volunteers")]
ETHNICITIES = [("White British", "white_british"), ("White Irish", "white_irish"),
               ("White Other", "white_other"), ("Mixed", "mixed"),
               ("Black or Black British", "black"), ("Asian or Asian British", "asian"),
               ("Other", "other"), ("Not known", "unknown")]
GENDERS = ("male", "female")
JOINS = ["{role} {gender}", "{role} - {gender}", "{role} ({gender})", "{role}: {gender}"]
CASES = 60


def _header(rng: random.Random, roles: list[tuple[str, str, str]],
            total_column: bool) -> tuple[list[str], str]:
    stub = rng.choice(["Ethnicity", "Ethnic origin", ""])
    printed = rng.choice([("M", "F"), ("Male", "Female")])
    names = [name for name, _, _ in roles] + (["Total"] if total_column else [])
    if rng.random() < 0.5:
        lower = [gender for _ in names for gender in printed]
        return [stub, *names, "", *lower], f"upper header {printed}"
    join = rng.choice(JOINS)
    cells = [join.format(role=name, gender=gender) for name in names for gender in printed]
    return [stub, *cells], f"one header row {join!r} {printed}"


def _variant(rng: random.Random) -> Variant:
    roles = ROLES[:rng.randint(4, len(ROLES))]
    ethnicities = sorted(rng.sample(ETHNICITIES, rng.randint(3, len(ETHNICITIES))),
                         key=ETHNICITIES.index)
    empty = rng.choice(["", " ", "0"])
    total_column = rng.random() < 0.6
    cells, header = _header(rng, roles, total_column)
    expected: set[tuple] = set()
    for label, ethnicity in ethnicities:
        cells.append(label)
        sums = dict.fromkeys(GENDERS, 0)
        for _, role, group in roles:
            for gender in GENDERS:
                value = rng.choice([0, 0, rng.randint(1, 9)])
                sums[gender] += value
                cells.append(str(value) if value else empty)
                if value or empty == "0":
                    expected.add((ethnicity, role, gender, group, float(value)))
        if total_column:
            cells += [str(total) if total else empty for total in sums.values()]
    total_row = rng.random() < 0.5
    if total_row:
        cells += [rng.choice(["Total", "TOTAL", "Grand total"]),
                  *(str(rng.randint(0, 30)) for _ in range(2 * len(roles) + 2 * total_column))]
    caption = rng.choice(["Staff by gender and ethnicity",
                          "Table 5: Ethnicity and gender of staff at the YOT (June 2019)"])
    table = word_cells(*cells)
    caption_after = rng.random() < 0.3
    text = (table + caption + "\r\n") if caption_after else (caption + "\r\n" + table)
    description = (f"{header} roles={len(roles)} empty={empty!r} total_column={total_column} "
                   f"total_row={total_row} caption_after={caption_after}")
    return Variant(text + "Text after the table.\r\n", expected, description)


VARIANTS = [_variant(random.Random(seed)) for seed in range(CASES)]


@pytest.mark.parametrize("variant", VARIANTS, ids=[f"seed{n}" for n in range(CASES)])
def test_a_perturbed_staff_ethnicity_table_is_read_exactly(variant: Variant) -> None:
    frame = run_extractor(DOMAIN, plan_2019_context(variant.text))["workforce"].frame
    found = {(r.ethnicity, r.role, r.gender, r.group, float(r.value))
             for r in frame.itertuples()
             if str(r.ethnicity) != "total" and str(r.role) != "total"}
    assert found == variant.expected, variant.description
